"""Claim matching's word search: leave out the words that are in too many fact-checks.

An OR of a claim's words finds, and ranks, every fact-check that shares one common word
with it ("a", "selon", "2"): most of the base. The search now looks the words up by how
many fact-checks contain them (their document frequency) and matches only the rarest,
up to a budget of documents (``annotations.fulltext``); the ranking still counts every
word.

PostgreSQL: ``annotations_matchfrequency`` holds each lexeme's document frequency over
the public claims and imported fact-checks (from ``ts_stat``), refreshed by
``annotations.fulltext.word_frequencies_refresh`` (in the background after new vectors,
by ``embed_factchecks``); the row of the empty lexeme holds the number of documents
counted. ``annotations_match_queries(text, budget)`` gives the text's tsquery of the
rarest lexemes (the running sum of their frequencies within the budget; the rarest one
found in some fact-check always) and the tsquery of all of them (for the rank). A lexeme that is not in the table
(a new word since the last refresh) counts as rare.

SQLite: an ``fts5vocab`` table over the FTS5 table of migration 0014 reads the document
frequencies from the index itself, always current.
"""

from django.db import migrations

POSTGRESQL_UP = [
    """
    CREATE TABLE annotations_matchfrequency (
        lexeme text PRIMARY KEY,
        documents integer NOT NULL
    )
    """,
    # The same lexemes as annotations_match_query (migration 0014), each with its
    # frequency: ``matching`` is the OR of the rarest ones whose frequencies add up to at
    # most ``budget`` (the rarest found in some fact-check always: ``running =
    # documents`` when every rarer one is in none), ``ranking`` the OR of all of them.
    """
    CREATE OR REPLACE FUNCTION annotations_match_queries(
        input text, budget integer, OUT matching tsquery, OUT ranking tsquery)
    LANGUAGE sql STABLE PARALLEL SAFE SET search_path FROM CURRENT AS $$
        WITH lexemes AS (
            SELECT '''' || replace(replace(l.lexeme, '\\', '\\\\'), '''', '''''') || ''''
                       AS quoted,
                   coalesce(f.documents, 0) AS documents,
                   sum(coalesce(f.documents, 0)) OVER w AS running
            FROM unnest(tsvector_to_array(
                to_tsvector('french_unaccent'::regconfig, coalesce(input, ''))
                || to_tsvector('english_unaccent'::regconfig, coalesce(input, ''))
            )) AS l(lexeme)
            LEFT JOIN annotations_matchfrequency f ON f.lexeme = l.lexeme
            WINDOW w AS (ORDER BY coalesce(f.documents, 0), l.lexeme)
        )
        SELECT coalesce(string_agg(quoted, ' | ')
                        FILTER (WHERE running <= budget OR running = documents), '')::tsquery,
               coalesce(string_agg(quoted, ' | '), '')::tsquery
        FROM lexemes
    $$
    """,
]

POSTGRESQL_DOWN = [
    "DROP FUNCTION IF EXISTS annotations_match_queries(text, integer)",
    "DROP TABLE IF EXISTS annotations_matchfrequency",
]

SQLITE_UP = [
    "CREATE VIRTUAL TABLE annotations_matchwords_vocab USING fts5vocab(annotations_matchwords, row)"
]
SQLITE_DOWN = ["DROP TABLE IF EXISTS annotations_matchwords_vocab"]


def _run(statements: dict):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, ()):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("annotations", "0015_same_claims")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL_UP, "sqlite": SQLITE_UP}),
            _run({"postgresql": POSTGRESQL_DOWN, "sqlite": SQLITE_DOWN}),
            elidable=False,
        )
    ]
