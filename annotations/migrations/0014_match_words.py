"""Claim matching's word signal in the database: full-text search of published fact-checks.

The documents are kept up to date by the database itself (triggers), whatever writes the
rows: the services, the admin, an import, the benchmark's generator.

PostgreSQL: a ``match_words`` tsvector on ``annotations_claim`` and
``annotations_externalfactcheck`` (columns the ORM does not know), written by BEFORE
triggers with ``annotations_match_document(text, language)``: the ``french_unaccent`` or
``english_unaccent`` configuration of migration 0007 by the row's language (a claim's is
its article's; both configurations for another language). A trigger on the article
rewrites its claims' documents when its language changes. GIN indexes serve the search
(``annotations.fulltext.word_candidates``); ``annotations_match_query(text)`` makes the
OR of the text's lexemes under both configurations. The functions pin the search path
they were made with, so that a restore (which runs with an empty one) finds the
configurations.

SQLite: an FTS5 table, ``annotations_matchwords`` (porter tokenizer, accents removed),
rowid = a claim's id or minus an imported fact-check's id, kept by triggers that call
``annotations_match_body`` (registered by every connection: ``annotations.fulltext``).
SQLite drops a table's triggers when Django rebuilds the table (some ALTERs on SQLite
do): a later migration that rebuilds ``annotations_claim``, ``annotations_article`` or
``annotations_externalfactcheck`` must create these triggers again
(tests/similar/test_word_search.py fails otherwise).
"""

from django.db import migrations

POSTGRESQL_UP = [
    """
    CREATE OR REPLACE FUNCTION annotations_match_document(body text, language text)
    RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT AS $$
        SELECT CASE split_part(lower(coalesce(language, '')), '-', 1)
            WHEN 'fr' THEN to_tsvector('french_unaccent'::regconfig, coalesce(body, ''))
            WHEN 'en' THEN to_tsvector('english_unaccent'::regconfig, coalesce(body, ''))
            ELSE to_tsvector('french_unaccent'::regconfig, coalesce(body, ''))
                 || to_tsvector('english_unaccent'::regconfig, coalesce(body, ''))
        END
    $$
    """,
    # Each lexeme quoted for the tsquery syntax (quotes and backslashes doubled), joined
    # with | (OR): plainto_tsquery and websearch_to_tsquery join them with & (AND), which
    # finds nothing as soon as one word of the claim is missing.
    """
    CREATE OR REPLACE FUNCTION annotations_match_query(input text)
    RETURNS tsquery LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT AS $$
        SELECT coalesce(string_agg(
            '''' || replace(replace(lexeme, '\\', '\\\\'), '''', '''''') || '''', ' | '
        ), '')::tsquery
        FROM unnest(tsvector_to_array(
            to_tsvector('french_unaccent'::regconfig, coalesce(input, ''))
            || to_tsvector('english_unaccent'::regconfig, coalesce(input, ''))
        )) AS lexeme
    $$
    """,
    "ALTER TABLE annotations_claim ADD COLUMN match_words tsvector",
    "ALTER TABLE annotations_externalfactcheck ADD COLUMN match_words tsvector",
    """
    CREATE OR REPLACE FUNCTION annotations_claim_match_words() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
    BEGIN
        IF TG_OP = 'INSERT' OR NEW.match_words IS NULL
           OR NEW.text IS DISTINCT FROM OLD.text
           OR NEW.article_id IS DISTINCT FROM OLD.article_id THEN
            NEW.match_words := annotations_match_document(
                NEW.text, (SELECT language FROM annotations_article WHERE id = NEW.article_id));
        END IF;
        RETURN NEW;
    END
    $$
    """,
    """
    CREATE TRIGGER annotations_claim_match_words
        BEFORE INSERT OR UPDATE ON annotations_claim
        FOR EACH ROW EXECUTE FUNCTION annotations_claim_match_words()
    """,
    """
    CREATE OR REPLACE FUNCTION annotations_externalfactcheck_match_words() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
    BEGIN
        IF TG_OP = 'INSERT' OR NEW.match_words IS NULL
           OR NEW.claim IS DISTINCT FROM OLD.claim
           OR NEW.language IS DISTINCT FROM OLD.language THEN
            NEW.match_words := annotations_match_document(NEW.claim, NEW.language);
        END IF;
        RETURN NEW;
    END
    $$
    """,
    """
    CREATE TRIGGER annotations_externalfactcheck_match_words
        BEFORE INSERT OR UPDATE ON annotations_externalfactcheck
        FOR EACH ROW EXECUTE FUNCTION annotations_externalfactcheck_match_words()
    """,
    """
    CREATE OR REPLACE FUNCTION annotations_article_match_words() RETURNS trigger
    LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
    BEGIN
        UPDATE annotations_claim
           SET match_words = annotations_match_document(text, NEW.language)
         WHERE article_id = NEW.id;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER annotations_article_match_words
        AFTER UPDATE OF language ON annotations_article
        FOR EACH ROW WHEN (OLD.language IS DISTINCT FROM NEW.language)
        EXECUTE FUNCTION annotations_article_match_words()
    """,
    """
    UPDATE annotations_claim c
       SET match_words = annotations_match_document(c.text, a.language)
      FROM annotations_article a WHERE a.id = c.article_id
    """,
    "UPDATE annotations_externalfactcheck SET match_words = NULL",
    # Matching's word search over public claims (public claims always have a date: the
    # query repeats this condition) and over imported fact-checks.
    """
    CREATE INDEX annotations_claim_match_words_idx ON annotations_claim
        USING gin (match_words) WHERE published_at IS NOT NULL
    """,
    """
    CREATE INDEX annotations_extfc_match_words_idx ON annotations_externalfactcheck
        USING gin (match_words)
    """,
]

POSTGRESQL_DOWN = [
    "DROP TRIGGER IF EXISTS annotations_article_match_words ON annotations_article",
    "DROP TRIGGER IF EXISTS annotations_claim_match_words ON annotations_claim",
    "DROP TRIGGER IF EXISTS annotations_externalfactcheck_match_words "
    "ON annotations_externalfactcheck",
    "DROP FUNCTION IF EXISTS annotations_article_match_words()",
    "DROP FUNCTION IF EXISTS annotations_claim_match_words()",
    "DROP FUNCTION IF EXISTS annotations_externalfactcheck_match_words()",
    "ALTER TABLE annotations_claim DROP COLUMN IF EXISTS match_words",
    "ALTER TABLE annotations_externalfactcheck DROP COLUMN IF EXISTS match_words",
    "DROP FUNCTION IF EXISTS annotations_match_query(text)",
    "DROP FUNCTION IF EXISTS annotations_match_document(text, text)",
]

CLAIM_BODY = (
    "annotations_match_body(new.text, "
    "(SELECT language FROM annotations_article WHERE id = new.article_id))"
)
SQLITE_UP = [
    """
    CREATE VIRTUAL TABLE annotations_matchwords USING fts5(
        body, tokenize = 'porter unicode61 remove_diacritics 2'
    )
    """,
    f"""
    CREATE TRIGGER annotations_claim_words_insert AFTER INSERT ON annotations_claim BEGIN
        INSERT INTO annotations_matchwords (rowid, body) VALUES (new.id, {CLAIM_BODY});
    END
    """,
    f"""
    CREATE TRIGGER annotations_claim_words_update AFTER UPDATE OF text, article_id
    ON annotations_claim
    WHEN old.text IS NOT new.text OR old.article_id IS NOT new.article_id BEGIN
        DELETE FROM annotations_matchwords WHERE rowid = old.id;
        INSERT INTO annotations_matchwords (rowid, body) VALUES (new.id, {CLAIM_BODY});
    END
    """,
    """
    CREATE TRIGGER annotations_claim_words_delete AFTER DELETE ON annotations_claim BEGIN
        DELETE FROM annotations_matchwords WHERE rowid = old.id;
    END
    """,
    """
    CREATE TRIGGER annotations_extfc_words_insert AFTER INSERT
    ON annotations_externalfactcheck BEGIN
        INSERT INTO annotations_matchwords (rowid, body)
        VALUES (-new.id, annotations_match_body(new.claim, new.language));
    END
    """,
    """
    CREATE TRIGGER annotations_extfc_words_update AFTER UPDATE OF claim, language
    ON annotations_externalfactcheck
    WHEN old.claim IS NOT new.claim OR old.language IS NOT new.language BEGIN
        DELETE FROM annotations_matchwords WHERE rowid = -old.id;
        INSERT INTO annotations_matchwords (rowid, body)
        VALUES (-new.id, annotations_match_body(new.claim, new.language));
    END
    """,
    """
    CREATE TRIGGER annotations_extfc_words_delete AFTER DELETE
    ON annotations_externalfactcheck BEGIN
        DELETE FROM annotations_matchwords WHERE rowid = -old.id;
    END
    """,
    """
    CREATE TRIGGER annotations_article_words_language AFTER UPDATE OF language
    ON annotations_article WHEN old.language IS NOT new.language BEGIN
        DELETE FROM annotations_matchwords
         WHERE rowid IN (SELECT id FROM annotations_claim WHERE article_id = new.id);
        INSERT INTO annotations_matchwords (rowid, body)
        SELECT id, annotations_match_body(text, new.language)
          FROM annotations_claim WHERE article_id = new.id;
    END
    """,
    """
    INSERT INTO annotations_matchwords (rowid, body)
    SELECT c.id, annotations_match_body(c.text, a.language)
      FROM annotations_claim c JOIN annotations_article a ON a.id = c.article_id
    """,
    """
    INSERT INTO annotations_matchwords (rowid, body)
    SELECT -id, annotations_match_body(claim, language) FROM annotations_externalfactcheck
    """,
]

SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS annotations_article_words_language",
    "DROP TRIGGER IF EXISTS annotations_extfc_words_delete",
    "DROP TRIGGER IF EXISTS annotations_extfc_words_update",
    "DROP TRIGGER IF EXISTS annotations_extfc_words_insert",
    "DROP TRIGGER IF EXISTS annotations_claim_words_delete",
    "DROP TRIGGER IF EXISTS annotations_claim_words_update",
    "DROP TRIGGER IF EXISTS annotations_claim_words_insert",
    "DROP TABLE IF EXISTS annotations_matchwords",
]


def _run(statements: dict):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "sqlite":
            # The triggers call a Python function: make sure this connection has it
            # (every connection registers it when it opens, see annotations/apps.py).
            from annotations.fulltext import register_functions

            schema_editor.connection.ensure_connection()
            register_functions(connection=schema_editor.connection)
        for statement in statements.get(vendor, ()):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("annotations", "0013_external_factchecks")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL_UP, "sqlite": SQLITE_UP}),
            _run({"postgresql": POSTGRESQL_DOWN, "sqlite": SQLITE_DOWN}),
            elidable=False,
        )
    ]
