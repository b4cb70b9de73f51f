"""The audit trail refuses TRUNCATE too (PostgreSQL).

TRUNCATE empties a table without firing its row triggers, so the UPDATE and DELETE
trigger of 0005 does not see it. A statement-level trigger on TRUNCATE runs the same
function, which refuses whatever operation fired it. Only a superuser can still get
round it (by disabling triggers, or with ``session_replication_role = replica``); the
app connects as a role that can do neither (``manage.py setup_database_roles``).

The test runner empties every table with TRUNCATE between transactional tests: it does
so with triggers off, as the superuser it runs as (tests/conftest.py).

SQLite has no TRUNCATE: nothing to do there.
"""

from django.db import migrations

POSTGRESQL_UP = """
CREATE TRIGGER annotations_claimevent_no_truncate
    BEFORE TRUNCATE ON annotations_claimevent
    FOR EACH STATEMENT EXECUTE FUNCTION annotations_claimevent_append_only()
"""
POSTGRESQL_DOWN = (
    "DROP TRIGGER IF EXISTS annotations_claimevent_no_truncate ON annotations_claimevent"
)


def _run(statement):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("annotations", "0009_public_feed_and_revision")]

    operations = [migrations.RunPython(_run(POSTGRESQL_UP), _run(POSTGRESQL_DOWN))]
