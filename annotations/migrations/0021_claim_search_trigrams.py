"""The API's full-text search (``q=``) on SQLite: an index of substrings.

SQLite: an FTS5 table, ``annotations_claimtrigrams``, one row per claim (rowid = the
claim's id) with its ``text``, ``quote`` and ``claimant`` (``fulltext.SEARCH_FIELDS``),
cut by the ``trigram`` tokenizer, case folded. A quoted phrase of three characters or
more finds the claims that contain it as a substring of one of the three fields, from
the index (``annotations.fulltext.TRIGRAM_CANDIDATES_SQL``), instead of a ``LIKE`` over
every public claim. Accents are kept (``remove_diacritics`` needs SQLite 3.45, and the
search on SQLite is accent sensitive anyway: ``icontains``). Kept by triggers, whatever
writes the rows (the services, the admin, the benchmark's generator).

SQLite drops a table's triggers when Django rebuilds the table (some ALTERs on SQLite
do): a later migration that rebuilds ``annotations_claim`` must create these triggers
again (tests/api/test_search_sqlite_index.py fails otherwise).

PostgreSQL: nothing (its GIN indexes of migration 0007 serve the search).
"""

from django.db import migrations

TABLE = "annotations_claimtrigrams"
FIELDS = ("text", "quote", "claimant")  # annotations.fulltext.SEARCH_FIELDS

_COLUMNS = ", ".join(FIELDS)
_NEW = ", ".join(f"new.{field}" for field in FIELDS)
_CHANGED = " OR ".join(f"old.{field} IS NOT new.{field}" for field in FIELDS)

SQLITE_UP = [
    f"""
    CREATE VIRTUAL TABLE {TABLE} USING fts5(
        {_COLUMNS}, tokenize = 'trigram case_sensitive 0'
    )
    """,
    f"""
    CREATE TRIGGER annotations_claim_trigrams_insert AFTER INSERT ON annotations_claim BEGIN
        INSERT INTO {TABLE} (rowid, {_COLUMNS}) VALUES (new.id, {_NEW});
    END
    """,
    f"""
    CREATE TRIGGER annotations_claim_trigrams_update AFTER UPDATE OF id, {_COLUMNS}
    ON annotations_claim
    WHEN old.id IS NOT new.id OR {_CHANGED} BEGIN
        DELETE FROM {TABLE} WHERE rowid = old.id;
        INSERT INTO {TABLE} (rowid, {_COLUMNS}) VALUES (new.id, {_NEW});
    END
    """,
    f"""
    CREATE TRIGGER annotations_claim_trigrams_delete AFTER DELETE ON annotations_claim BEGIN
        DELETE FROM {TABLE} WHERE rowid = old.id;
    END
    """,
    f"INSERT INTO {TABLE} (rowid, {_COLUMNS}) SELECT id, {_COLUMNS} FROM annotations_claim",
]

SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS annotations_claim_trigrams_delete",
    "DROP TRIGGER IF EXISTS annotations_claim_trigrams_update",
    "DROP TRIGGER IF EXISTS annotations_claim_trigrams_insert",
    f"DROP TABLE IF EXISTS {TABLE}",
]


def _run(statements: list[str]):
    def run(apps, schema_editor):
        # SQLite only: RunSQL has no condition on the database.
        if schema_editor.connection.vendor != "sqlite":
            return
        for statement in statements:
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("annotations", "0020_blind_reviews")]

    operations = [migrations.RunPython(_run(SQLITE_UP), _run(SQLITE_DOWN), elidable=False)]
