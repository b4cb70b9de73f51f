"""PostgreSQL: claim matching's ranking leaves out the words in more than a tenth of the
fact-checks.

``ts_rank`` has no inverse document frequency: a word in 40 % of the base ("affirme",
"a") counts as much as a name found in three fact-checks, and costs as much to look up
in every row ranked. ``annotations_match_queries(text, budget)`` (migration 0016) now
gives, as ``ranking``, the OR of the text's lexemes found in at most a tenth of the
documents counted (a lexeme not counted yet, a new word, is rare), and always the rarest
(so that a text of common words only still ranks). ``matching`` is unchanged.

Measured through the database on the evaluation set (``manage.py evaluate_matching``,
PostgreSQL): words alone MAP@5 / recall@5 0.231 / 0.405 → 0.267 / 0.458, words and claim
checks (no model) 0.659 / 0.780 → 0.684 / 0.814, the app's fused figures unchanged
(0.926 / 0.983); a share of 0.2 gave 0.256 / 0.427 and 0.05 0.254 / 0.452 (the fused
ones 0.925 / 0.980). At the benchmark's scale 10 (200,700 claims), the benchmark's
claim: 27 of its 33 lexemes ranked; with the budget of 1,000 documents the word
search 12.8 ms → 3.6 ms. SQLite: nothing (FTS5's ``bm25()`` weighs words by their
frequency already).
"""

import importlib

from django.db import migrations

FUNCTION = """
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
           coalesce(string_agg(quoted, ' | ')
                    FILTER (WHERE documents <= {share} * coalesce((
                                SELECT c.documents FROM annotations_matchfrequency c
                                WHERE c.lexeme = ''), 0)
                            OR running = documents), '')::tsquery
    FROM lexemes
$$
"""
# The share of the documents above which a word does not rank.
RANKING_SHARE = 0.1
# Back: the function of migration 0016 (its second statement).
PREVIOUS = importlib.import_module(
    "annotations.migrations.0016_match_word_frequencies"
).POSTGRESQL_UP[1]


def _function(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("annotations", "0022_gin_pending_lists")]

    operations = [
        migrations.RunPython(
            _function(FUNCTION.format(share=RANKING_SHARE)), _function(PREVIOUS), elidable=False
        ),
    ]
