"""The database's full-text search: the API's ``q=`` and claim matching's word signal.

PostgreSQL (migrations 0007 and 0014): two text search configurations,
``french_unaccent`` and ``english_unaccent`` (the Snowball stemmers, accents ignored).
The API's ``q=`` matches every word of the search (``websearch_to_tsquery``) over the
claim, its quote and its claimant, with GIN expression indexes. Matching searches a
claim's text for *any* of the query's words, ranked: each public claim and each imported
fact-check keeps a ``match_words`` tsvector (hidden from the ORM, written by triggers:
the configuration of the row's language, both for another language), with GIN indexes,
and the query is the OR of the lexemes of the text under both configurations
(``annotations_match_query``), ranked by ``ts_rank`` divided by 1 + the log of the
document's length (on the evaluation set: better than ``ts_rank_cd`` and than no
normalisation, words alone MAP@5 0.231 against 0.201 and 0.214).

SQLite (the embedded default): the API's ``q=`` is a case-insensitive substring
(``icontains``) of the claim, its quote or its claimant; from three characters on, the
candidates come from an FTS5 table of trigrams, ``annotations_claimtrigrams`` (migration
0021, kept by triggers), and only they are checked with ``icontains``. Claim matching's
words: an FTS5 table, ``annotations_matchwords``, kept by triggers. Its porter tokenizer
stems English; French is stemmed here, in Python (the same Snowball stemmer), by the SQL
function ``annotations_match_body`` that each connection registers
(``register_functions``). Rows are keyed by rowid: a claim's id,
or minus an imported fact-check's id. Ranked by ``bm25()``.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import snowballstemmer
from django.db import connection, transaction

from annotations.matching import text as claim_text
from annotations.models import PUBLIC_STATUSES

# Made by migration 0007: copies of ``french`` and ``english`` that go through
# ``unaccent`` before the stemmer.
SEARCH_CONFIGS = ("french_unaccent", "english_unaccent")

# The API's q=: the claim, its quote and its claimant.
SEARCH_FIELDS = ("text", "quote", "claimant")

# The text searched, as the GIN indexes of migration 0007 compute it: the planner uses
# an expression index only for the same expression (tests/api/test_search_sql.py).
SEARCH_DOCUMENT = " || ' ' || ".join(
    f"""COALESCE("annotations_claim"."{field}", '')""" for field in SEARCH_FIELDS
)
# Hand-written rather than built from SearchVector and SearchQuery, for two reasons:
# * the matches must be read from the GIN indexes first, then fetched by primary key and
#   sorted (``id = ANY(ARRAY(subquery))``); written as a plain filter, or as
#   ``IN (subquery)``, the planner walks the feed index in order instead, computing both
#   text vectors of every claim until it has a page: 60 times slower for a word found in
#   1 % of the claims;
# * the ORM copies and resolves the expression trees of those objects several times a
#   request, which cost three times what the database takes to answer.
# Only the search terms are parameters (websearch syntax: "a phrase", or, -word).
SEARCH_SQL = (
    '"annotations_claim"."id" = ANY(ARRAY(SELECT "annotations_claim"."id" '
    'FROM "annotations_claim" WHERE '
    + " OR ".join(
        f"to_tsvector('{config}'::regconfig, {SEARCH_DOCUMENT}) "
        f"@@ websearch_to_tsquery('{config}'::regconfig, %s)"
        for config in SEARCH_CONFIGS
    )
    + "))"
)

# SQLite: the FTS5 table of migration 0021 (the trigram tokenizer, case folded), one row
# per claim (rowid = its id) with its SEARCH_FIELDS, and the shortest search it answers
# (a trigram tokenizer finds nothing in a phrase of fewer than three characters).
TRIGRAM_TABLE = "annotations_claimtrigrams"
TRIGRAM_MIN_LENGTH = 3
# Whether the claim's text, quote or claimant contains the phrase (``fts_quoted``:
# nothing the user writes is FTS5 syntax), case folded: the claims of ``icontains`` and a
# few more (the tokenizer folds the case of every letter, SQLite's LIKE that of ASCII
# letters only), which the caller's ``icontains`` then leaves out. Only the phrase is a
# parameter. Hand-written, for two reasons:
# * the ORM has no lookup for FTS5's MATCH, and the table is no model;
# * the unary ``+`` keeps SQLite's planner from driving the query by the claim ids found
#   (the list of matches is made once, then each row of the feed index, in order, is
#   looked up in it until a page is full): driven by the ids, every claim found was read
#   and its rating and dates computed before the sort: 10 to 15 ms for a phrase in 40 to
#   60 % of the claims ("les ", "e d") against 1.5 ms; the worst case, a phrase found
#   nowhere, walks the feed index once (about 2 ms for 20,700 public claims).
TRIGRAM_SQL = (
    f'+"annotations_claim"."id" IN (SELECT rowid FROM {TRIGRAM_TABLE} '  # noqa: S608
    f"WHERE {TRIGRAM_TABLE} MATCH %s)"
)


OURS = "ours"
EXTERNAL = "external"
KINDS = (OURS, EXTERNAL)

# The FTS5 table of SQLite (migration 0014).
FTS_TABLE = "annotations_matchwords"
BODY_FUNCTION = "annotations_match_body"


def base_language(language: str | None) -> str:
    """ "fr-CA" -> "fr"; a BCP 47 tag's language."""
    return (language or "").split("-", 1)[0].strip().lower()


def match_body(text: str | None, language: str | None) -> str:
    """What SQLite's FTS5 table stores for a fact-check: English as written (the porter
    tokenizer stems it), French as its Snowball stems (no FTS5 tokenizer stems French),
    both for another language."""
    text = text or ""
    base = base_language(language)
    if base == "en":
        return text
    french = " ".join(claim_text.stems(text, "fr"))
    return french if base == "fr" else f"{text} {french}"


def register_functions(sender=None, connection=None, **kwargs) -> None:
    """Receiver of ``connection_created``: SQLite's triggers call ``annotations_match_body``."""
    if connection is not None and connection.vendor == "sqlite":
        connection.connection.create_function(BODY_FUNCTION, 2, match_body, deterministic=True)


def fts_terms(text: str) -> list[str]:
    """The text's words for an FTS5 query: each word as written (for English rows,
    stemmed by the tokenizer) and its French stem (for French rows), stop words left out."""
    seen: dict[str, None] = {}
    for match in claim_text.WORD.finditer(text):
        word = match.group().casefold()
        if word in claim_text.STOP_WORDS or claim_text.fold(word) in claim_text.STOP_WORDS:
            continue
        seen.setdefault(word, None)
    for value in claim_text.stems(text, "fr"):
        seen.setdefault(value, None)
    return list(seen)


# SQLite's ``icontains`` as Django writes it (``LIKE %s ESCAPE '\'``, the value's \, %
# and _ escaped, between two %), over each of SEARCH_FIELDS: written out so that the
# search is one condition with plain parameters, which the claims list compiles once
# (``selectors.PublicFeedRows``); tests/api/test_search_sqlite_index.py ties it to the scan.
_LIKE_SQL = (
    "("
    + " OR ".join(f'"annotations_claim"."{field}" LIKE %s ESCAPE \'\\\'' for field in SEARCH_FIELDS)
    + ")"
)


def search_condition(value: str, database) -> tuple[str, list[str]]:
    """The API's ``q=`` (``value`` stripped, not empty) as one SQL condition on
    ``annotations_claim`` and its parameters, the value's only way into the query.

    PostgreSQL: every word (web search syntax) under either configuration, from the GIN
    indexes (``SEARCH_SQL``). SQLite: a substring of the text, quote or claimant, case
    folded for ASCII (``icontains``); from ``TRIGRAM_MIN_LENGTH`` characters, only the
    claims that the trigram index finds are checked. ``database``: the connection the
    query will run on (its vendor; its way of escaping a LIKE pattern)."""
    if database.vendor == "postgresql":
        return SEARCH_SQL, [value] * len(SEARCH_CONFIGS)
    pattern = f"%{database.ops.prep_for_like_query(value)}%"
    patterns = [pattern] * len(SEARCH_FIELDS)
    if len(value) < TRIGRAM_MIN_LENGTH:
        return _LIKE_SQL, patterns
    return f"{TRIGRAM_SQL} AND {_LIKE_SQL}", [fts_quoted(value), *patterns]


def fts_quoted(term: str) -> str:
    """A term as an FTS5 string: nothing in a text is FTS5 syntax."""
    return '"' + term.replace('"', '""') + '"'


@functools.cache
def porter():
    return snowballstemmer.stemmer("porter")


def fts_token(term: str) -> str:
    """The token the FTS5 table's tokenizer makes of a term (porter unicode61,
    diacritics removed), to read its document frequency: the Snowball implementation of
    the same Porter algorithm (a rare difference only makes the word count as rare)."""
    return porter().stemWord(claim_text.fold(term))


@dataclass(frozen=True)
class WordHit:
    """A fact-check the words found: its kind and id, its rank score (higher is better),
    its text and language."""

    kind: str
    id: int
    score: float
    text: str
    language: str


# How many documents the words of a text may find, at most (roughly: the sum of the
# document frequencies of the words kept). The words are taken rarest first until their
# frequencies add up to more than this; the rarest word found in some fact-check is always
# taken. A word in most of the base ("a", "selon", "2") finds nothing the rarer words do
# not, and ranking every row it finds cost more than the rest of the search. A constant,
# so that the cost of the word search does not grow with the base (see the README). At
# 200,700 claims (the benchmark's scale 10), 1,000 rather than 2,000 halved the rows
# ranked (1,457 → 430 for the benchmark's claim); the evaluation set, ten times smaller
# than either budget's reach, ranks the same.
WORD_BUDGET = 1_000

# One query for every text (the ranking: see the module's docstring). Each text's tsqueries
# are made once (MATERIALIZED: inlined, the function would run again for every row checked
# and ranked, ten times slower): ``matching``, the OR of its rarest lexemes within the
# budget, finds the rows (the GIN indexes); ``ranking``, the OR of its lexemes found in
# at most a tenth of the fact-checks (migration 0023; not the other language's stop words
# that no fact-check has, migration 0024), ranks them. Then the best
# ``limit`` public claims and imported fact-checks by rank, then their text and language.
# ``published_at IS NOT NULL`` repeats the claims index's condition.
POSTGRESQL_SQL = """
WITH q AS MATERIALIZED (
    SELECT t.n, m.matching, m.ranking
    FROM unnest(%s::text[]) WITH ORDINALITY AS t(input, n)
    CROSS JOIN LATERAL annotations_match_queries(t.input, %s) m
)
SELECT q.n, found.kind, found.id, found.score,
       COALESCE(c.text, e.claim), COALESCE(a.language, e.language)
FROM q
CROSS JOIN LATERAL (
    {branches}
    ORDER BY score DESC, kind, id
    LIMIT %s
) found
LEFT JOIN annotations_claim c ON found.kind = 'ours' AND c.id = found.id
LEFT JOIN annotations_article a ON a.id = c.article_id
LEFT JOIN annotations_externalfactcheck e ON found.kind = 'external' AND e.id = found.id
ORDER BY q.n, found.score DESC, found.kind, found.id
"""
POSTGRESQL_BRANCHES = {
    OURS: """SELECT 'ours' AS kind, c.id, ts_rank(c.match_words, q.ranking, 1) AS score
        FROM annotations_claim c
        WHERE c.match_words @@ q.matching AND c.published_at IS NOT NULL
          AND c.status IN ({statuses})""",
    EXTERNAL: """SELECT 'external' AS kind, e.id, ts_rank(e.match_words, q.ranking, 1) AS score
        FROM annotations_externalfactcheck e
        WHERE e.match_words @@ q.matching""",
}

# SQLite: each text's terms (``fts_terms``) with their document frequencies, read from
# the FTS5 index (the fts5vocab table of migration 0016), make its MATCH query: the rarest
# within the budget (the rarest found in some fact-check always), as on PostgreSQL. Then
# one SELECT per text (SQLite has no LATERAL), joined with UNION ALL.
SQLITE_QUERIES_SQL = """
WITH terms(n, term, token) AS (VALUES {values}),
counted AS (
    SELECT t.n, t.term, COALESCE(v.doc, 0) AS documents,
           SUM(COALESCE(v.doc, 0)) OVER w AS running
    FROM terms t LEFT JOIN annotations_matchwords_vocab v ON v.term = t.token
    WINDOW w AS (PARTITION BY t.n ORDER BY COALESCE(v.doc, 0), t.term)
),
queries AS (
    SELECT n, group_concat(term, ' OR ') AS query FROM counted
    WHERE running <= %s OR running = documents GROUP BY n
)
"""
SQLITE_TEXT_SQL = """
SELECT {n} AS n, CASE WHEN found.rowid < 0 THEN 'external' ELSE 'ours' END,
       ABS(found.rowid), found.score,
       COALESCE(c.text, e.claim), COALESCE(a.language, e.language)
FROM (
    SELECT rowid, -bm25(annotations_matchwords) AS score
    FROM annotations_matchwords
    WHERE annotations_matchwords MATCH (SELECT query FROM queries WHERE n = {n}) AND ({kinds})
    ORDER BY bm25(annotations_matchwords), rowid
    LIMIT %s
) found
LEFT JOIN annotations_claim c ON found.rowid > 0 AND c.id = found.rowid
LEFT JOIN annotations_article a ON a.id = c.article_id
LEFT JOIN annotations_externalfactcheck e ON found.rowid < 0 AND e.id = -found.rowid
"""
SQLITE_KINDS = {
    OURS: """(rowid > 0 AND EXISTS (SELECT 1 FROM annotations_claim p
        WHERE p.id = annotations_matchwords.rowid AND p.status IN ({statuses})))""",
    EXTERNAL: "rowid < 0",
}


def word_candidates(
    texts: Sequence[str], *, limit: int, kinds: Sequence[str] = KINDS
) -> list[list[WordHit]]:
    """For each text, the published fact-checks (public claims and imported ones, or the
    ``kinds`` asked for) that share a word with it, best first, at most ``limit``: one
    query whatever the number of texts."""
    kinds = [kind for kind in KINDS if kind in kinds]
    if not texts or not kinds or limit <= 0:
        return [[] for _ in texts]
    statuses = [str(status) for status in PUBLIC_STATUSES]
    placeholders = ", ".join(["%s"] * len(statuses))
    if connection.vendor == "postgresql":
        branches = []
        params: list = [list(texts), WORD_BUDGET]
        for kind in kinds:
            branches.append(POSTGRESQL_BRANCHES[kind].format(statuses=placeholders))
            if kind == OURS:
                params.extend(statuses)
        sql = POSTGRESQL_SQL.format(branches="\nUNION ALL\n".join(branches))
        params.append(limit)
    else:
        condition = " OR ".join(SQLITE_KINDS[kind].format(statuses=placeholders) for kind in kinds)
        values, params, parts = [], [], []
        for number, text in enumerate(texts, start=1):
            terms = fts_terms(text)
            if not terms:
                continue
            for term in terms:
                values.append("(%s, %s, %s)")
                params.extend([number, fts_quoted(term), fts_token(term)])
            parts.append(SQLITE_TEXT_SQL.format(n=number, kinds=condition))
        if not parts:
            return [[] for _ in texts]
        params.append(WORD_BUDGET)
        for _ in parts:
            params.extend([*(statuses if OURS in kinds else []), limit])
        sql = (
            SQLITE_QUERIES_SQL.format(values=", ".join(values))
            + "\nUNION ALL\n".join(parts)
            + "\nORDER BY 1, 4 DESC, 2, 3"
        )
    found: list[list[WordHit]] = [[] for _ in texts]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for number, kind, pk, score, text, language in cursor.fetchall():
            if text is None:  # deleted meanwhile
                continue
            found[int(number) - 1].append(WordHit(kind, int(pk), float(score), text, language))
    return found


# PostgreSQL: every lexeme's document frequency over the public claims and imported
# fact-checks (migration 0016), and the number of documents counted (the empty lexeme).
# The statuses are parameters (``%s``); ts_stat reads a query given as text, which
# ``format`` writes with them quoted (``%L``).
DOCUMENTS_COUNT_SQL = """SELECT (SELECT count(*) FROM annotations_claim
        WHERE published_at IS NOT NULL AND status = ANY(%s))
    + (SELECT count(*) FROM annotations_externalfactcheck)"""
FREQUENCIES_REFRESH_SQL = [
    ("LOCK TABLE annotations_matchfrequency IN EXCLUSIVE MODE", False),
    ("DELETE FROM annotations_matchfrequency", False),
    (
        """INSERT INTO annotations_matchfrequency (lexeme, documents)
        SELECT word, ndoc FROM ts_stat(format(
            'SELECT match_words FROM annotations_claim '
            'WHERE published_at IS NOT NULL AND status = ANY(%%L) '
            'UNION ALL SELECT match_words FROM annotations_externalfactcheck '
            'WHERE match_words IS NOT NULL', %s::text[]))""",
        True,
    ),
    (
        "INSERT INTO annotations_matchfrequency (lexeme, documents) SELECT '', ("
        + DOCUMENTS_COUNT_SQL
        + ")",
        True,
    ),
]
FREQUENCIES_STALE_SQL = """SELECT
    (SELECT documents FROM annotations_matchfrequency WHERE lexeme = ''),
    (SELECT count(*) FROM annotations_claim WHERE published_at IS NOT NULL AND status = ANY(%s))
    + (SELECT count(*) FROM annotations_externalfactcheck)"""
# A refresh when the number of documents moved by more than this share since the last.
FREQUENCIES_DRIFT = 0.1


def word_frequencies_refresh(*, force: bool = True) -> bool:
    """Count again the document frequency of every word of the published fact-checks,
    for the word search's budget (PostgreSQL; SQLite's index keeps its own). Without
    ``force``, only when the number of documents moved by more than a tenth since the
    last count (or never counted). Whether it counted. About 1 s for 200,000 fact-checks."""
    if connection.vendor != "postgresql":
        return False
    statuses = [str(status) for status in PUBLIC_STATUSES]
    with transaction.atomic(), connection.cursor() as cursor:
        if not force:
            cursor.execute(FREQUENCIES_STALE_SQL, [statuses])
            counted, documents = cursor.fetchone()
            if counted is not None and abs(documents - counted) <= FREQUENCIES_DRIFT * counted:
                return False
        for statement, with_statuses in FREQUENCIES_REFRESH_SQL:
            cursor.execute(statement, [statuses] if with_statuses else None)
    return True
