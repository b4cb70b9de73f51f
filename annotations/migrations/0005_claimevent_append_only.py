"""The audit trail refuses UPDATE and DELETE in the database itself.

PostgreSQL: a row trigger on UPDATE and DELETE (TRUNCATE, which only the test runner's
flush uses, is not a row event). SQLite: a trigger on UPDATE only, since its flush
deletes rows one by one; the app refuses deletes in the model and queryset.
"""

from django.db import migrations

POSTGRESQL_UP = [
    """
CREATE OR REPLACE FUNCTION annotations_claimevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'annotations_claimevent is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql
""",
    """
CREATE TRIGGER annotations_claimevent_append_only
    BEFORE UPDATE OR DELETE ON annotations_claimevent
    FOR EACH ROW EXECUTE FUNCTION annotations_claimevent_append_only()
""",
]
POSTGRESQL_DOWN = [
    "DROP TRIGGER IF EXISTS annotations_claimevent_append_only ON annotations_claimevent",
    "DROP FUNCTION IF EXISTS annotations_claimevent_append_only()",
]
SQLITE_UP = ["""
CREATE TRIGGER annotations_claimevent_append_only
BEFORE UPDATE ON annotations_claimevent
BEGIN
    SELECT RAISE(ABORT, 'annotations_claimevent is append-only (UPDATE refused)');
END
"""]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS annotations_claimevent_append_only"]


def _run(sql_by_vendor):
    def run(apps, schema_editor):
        for statement in sql_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("annotations", "0004_moderation")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL_UP, "sqlite": SQLITE_UP}),
            _run({"postgresql": POSTGRESQL_DOWN, "sqlite": SQLITE_DOWN}),
        )
    ]
