"""Full-text search of public claims on PostgreSQL: accents ignored, French and English.

``unaccent`` is not immutable, so it cannot appear in an index expression; instead two
text search configurations (copies of ``french`` and ``english`` whose word mappings go
through ``unaccent`` first) are used with the two-argument, immutable ``to_tsvector``.
The GIN expression indexes repeat exactly the SQL of ``SEARCH_DOCUMENT`` in
``annotations/api/filters.py`` (claim text, quote and claimant), so the planner uses them.

On SQLite nothing is done: the API falls back to ``icontains``.
"""

from django.db import migrations

CONFIGS = {
    "french_unaccent": ("french", "french_stem"),
    "english_unaccent": ("english", "english_stem"),
}

# Must match ``SearchVector("text", "quote", "claimant", config=...)`` character for character.
DOCUMENT = " || ' ' || ".join(
    f"""COALESCE("annotations_claim"."{field}", '')""" for field in ("text", "quote", "claimant")
)


def _index_name(config: str) -> str:
    return f"annotations_claim_search_{config[:2]}_idx"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    for config, (template, stemmer) in CONFIGS.items():
        schema_editor.execute(
            f"""
            DO $$ BEGIN
                IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{config}') THEN
                    CREATE TEXT SEARCH CONFIGURATION {config} (COPY = {template});
                    ALTER TEXT SEARCH CONFIGURATION {config}
                        ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {stemmer};
                END IF;
            END $$;
            """
        )
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {_index_name(config)} ON annotations_claim "
            f"USING gin (to_tsvector('{config}'::regconfig, {DOCUMENT}))"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for config in CONFIGS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {_index_name(config)}")
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {config}")
    # The unaccent extension stays: other objects of the database may use it.


class Migration(migrations.Migration):
    dependencies = [("annotations", "0006_backfill_open_reviews")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
