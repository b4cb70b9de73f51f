"""The API's ``q=`` on SQLite: the trigram index of migration 0021 (annotations/fulltext.py
``TRIGRAM_SQL``) finds exactly what the substring scan (``icontains``) finds, follows every
write of a claim, and its migration fills it and goes back; on PostgreSQL the migration
does nothing and the search is the GIN one of migration 0007, unchanged."""

from __future__ import annotations

import importlib
import random
import unicodedata

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL
from django.urls import reverse
from rest_framework.test import APIClient

from annotations import fulltext, services
from annotations.api.filters import PublicClaimApiFilter
from annotations.models import Claim
from tests.factories import ArticleFactory, ClaimFactory, ReviewerFactory, published_claim

pytestmark = pytest.mark.django_db

CLAIMS = reverse("api:claim-list")
MIGRATION = "0021_claim_search_trigrams"
BEFORE = "0020_blind_reviews"
SQLITE = "sqlite"

# Words and signs that a trigram index could get wrong: accents, the case of ASCII and
# non-ASCII letters (SQLite's LIKE folds only ASCII), letters whose case folding is odd
# (ß, the Kelvin sign, dotted İ), other scripts, LIKE wildcards, FTS5 syntax and keywords.
VOCABULARY = [
    "défense", "Défense", "DÉFENSE", "defense", "école", "ÉCOLE", "Ecole", "naïve", "NAÏVE",
    "œuvre", "ŒUVRE", "café", "CAFE", "straße", "STRASSE", "Øresund", "øresund", "ΑΘΗΝΑ",
    "αθηνα", "Москва", "МОСКВА", "İstanbul", "istanbul", "\u212aelvin", "kelvin", "日本語",
    "l’État", "l'État", "100 %", "50%", "under_score", "under-score", '"cité"',
    "« guillemets »", "a*b", "(parenthèse)", "x-y", "clé:valeur", "2^10", "AND", "OR",
    "NOT", "NEAR", "near(x", "back\\slash", "budget", "hausse", "gouvernement", "ministre",
    "recrutement", "impôts", "baisse", "enquête", "3,5", "Zorglub",
]  # fmt: skip
SPECIAL_QUERIES = [
    "%", "_", "%%%", "_ _", "a%b", "a_b", "100 %", "50%", "under_score", "under%score",
    '"', '""', '"cité"', '" OR "', "*", "a*", "a*b", "(", ")", "(parenthèse)", "-", "x-y",
    "-défense", ":", "clé:valeur", "text:défense", "claimant:zorglub", "^", "2^10", "AND",
    "OR", "NOT", "NEAR", "NEAR(a b)", "budget AND hausse", "budget OR hausse",
    "NOT budget", "budget NEAR hausse", "{text quote}: budget", "\\", "back\\slash", "'",
    "''", "' OR 1=1 --", "\u212aelvin", "KELVIN", "İstanbul", "STRASSE", "straße",
    "a", "A", "é", "É", "ÉC", "ec", "%_", "日本", "日本語", "  budget  ",
]  # fmt: skip


def _paragraphs(rng: random.Random) -> list[str]:
    sentences = [
        " ".join(rng.choice(VOCABULARY) for _ in range(rng.randint(3, 7))).capitalize() + "."
        for _ in range(12)
    ]
    return [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)]


@pytest.fixture
def corpus() -> list[Claim]:
    """40 claims (drafts: the index holds every claim) over two articles whose sentences,
    restatements and claimants are drawn from VOCABULARY."""
    rng = random.Random(21)
    author = ReviewerFactory()
    claims = []
    for _ in range(2):
        article = ArticleFactory(paragraphs=_paragraphs(rng))
        positions = list(article.sentences.values_list("position", flat=True))[1:]
        for _ in range(20):
            text = " ".join(rng.choice(VOCABULARY) for _ in range(rng.randint(2, 8)))
            claimant = rng.choice(["", "Le gouvernement", "Mme ZORGLUB", "l’Élysée", "M. Müller"])
            claims.append(
                ClaimFactory(
                    article=article,
                    author=author,
                    sentence=rng.choice(positions),
                    text=text,
                    claimant=claimant,
                )
            )
    return claims


def _searched(queryset, term: str) -> set[int]:
    return set(PublicClaimApiFilter({"q": term}, queryset=queryset).qs.values_list("pk", flat=True))


def _reference(queryset, term: str) -> set[int]:
    """What the search found before the index: the substring scan on SQLite, the GIN
    search of migration 0007 on PostgreSQL."""
    term = term.strip()
    if not term:
        return set(queryset.values_list("pk", flat=True))
    if connection.vendor == "postgresql":
        terms = [term] * len(fulltext.SEARCH_CONFIGS)
        found = queryset.filter(RawSQL(fulltext.SEARCH_SQL, terms, output_field=BooleanField()))  # noqa: S611
    else:
        scan = Q()
        for field in fulltext.SEARCH_FIELDS:
            scan |= Q(**{f"{field}__icontains": term})
        found = queryset.filter(scan)
    return set(found.values_list("pk", flat=True))


def _unaccented(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _queries(claims: list[Claim]) -> list[str]:
    """Words of the data, their case and accent variants, random substrings (one to ten
    characters, across words too), and the special queries."""
    rng = random.Random(2021)
    documents = [value for claim in claims for value in (claim.text, claim.quote, claim.claimant)]
    documents = [value for value in documents if value]
    words = sorted({word for value in documents for word in value.split()})
    queries = set(SPECIAL_QUERIES)
    for word in rng.sample(words, min(60, len(words))):
        queries.update(
            {word, word.upper(), word.lower(), word.title(), word.casefold(), _unaccented(word)}
        )
    for _ in range(200):
        value = rng.choice(documents)
        start = rng.randrange(len(value))
        queries.add(value[start : start + rng.randint(1, 10)])
    return sorted(query for query in queries if query.strip())


def _indexed(pk: int) -> tuple[str, str, str] | None:
    """The row of the trigram index for the claim ``pk`` (SQLite)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT text, quote, claimant FROM {fulltext.TRIGRAM_TABLE} WHERE rowid = %s",  # noqa: S608
            [pk],
        )
        row = cursor.fetchone()
    return tuple(row) if row else None


def _trigram_objects() -> set[str]:
    """The names of the index's table and triggers that the database has."""
    with connection.cursor() as cursor:
        if connection.vendor == SQLITE:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE name = %s OR name LIKE %s",
                [fulltext.TRIGRAM_TABLE, "annotations_claim_trigrams_%"],
            )
        else:
            cursor.execute(
                "SELECT relname FROM pg_class WHERE relname LIKE %s "
                "UNION ALL SELECT tgname FROM pg_trigger WHERE tgname LIKE %s",
                ["%trigram%", "%trigram%"],
            )
        return {row[0] for row in cursor.fetchall()}


SQLITE_OBJECTS = {
    fulltext.TRIGRAM_TABLE,
    "annotations_claim_trigrams_insert",
    "annotations_claim_trigrams_update",
    "annotations_claim_trigrams_delete",
}


def _neutral_article():
    """An article whose sentences hold none of the signs searched (claims quote them)."""
    return ArticleFactory(
        title="Rien de neuf", paragraphs=("Une phrase sans rien. Une autre phrase sans rien.",)
    )


# --- The migration and the filter agree -----------------------------------------------------


def test_the_migration_indexes_the_searched_fields_in_the_searched_table():
    migration = importlib.import_module(f"annotations.migrations.{MIGRATION}")
    assert migration.FIELDS == fulltext.SEARCH_FIELDS
    assert migration.TABLE == fulltext.TRIGRAM_TABLE
    assert "trigram case_sensitive 0" in migration.SQLITE_UP[0]


def test_the_database_has_the_index_on_sqlite_only():
    expected = SQLITE_OBJECTS if connection.vendor == SQLITE else set()
    assert _trigram_objects() == expected


# --- The same answers as the scan ------------------------------------------------------------


def test_the_index_finds_what_the_scan_finds(corpus):
    queries = _queries(corpus)
    assert len(queries) > 300
    everything = Claim.objects.all()
    found_something = 0
    for query in queries:
        expected = _reference(everything, query)
        assert _searched(everything, query) == expected, query
        found_something += bool(expected)
    assert found_something > len(queries) // 2  # the queries are not all misses


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("défense", {"accents"}),
        ("DÉFENSE", {"accents"}),  # a substring of "ÉCOLE DÉFENSE" only: LIKE keeps É's case
        ("Défense", {"accents"}),
        ("100 %", {"percent"}),
        ("0 %", {"percent"}),
        ("%", {"percent"}),
        ("0_0", {"underscore"}),
        ("0x0", set()),  # _ is no wildcard
        ('"cité"', {"quotes"}),
        ("*", {"star"}),
        ("a*", {"star"}),
        ("NEAR(a", {"syntax"}),
        ("x AND y", {"syntax"}),
        ("AND", {"syntax"}),
        ("- (", {"syntax"}),
        ("text:", {"syntax"}),
        ("2^10", {"syntax"}),
    ],
)
def test_user_text_is_never_pattern_or_fts_syntax(query, found):
    """Each claim carries one kind of sign; on SQLite the search is the substring."""
    texts = {
        "accents": "La défense et l’ÉCOLE DÉFENSE",
        "percent": "Une hausse de 100 % du budget",
        "underscore": "Le fichier 0_0 du budget",
        "quotes": 'Le « budget » dit "cité" par tous',
        "star": "La note a*** du budget",
        "syntax": "NEAR(a b) x AND y - (z) text: 2^10",
    }
    article = _neutral_article()
    claims = {
        kind: ClaimFactory(article=article, text=text, claimant="") for kind, text in texts.items()
    }
    searched = _searched(Claim.objects.all(), query)
    assert searched == _reference(Claim.objects.all(), query)
    if connection.vendor == SQLITE:
        assert searched == {claims[kind].pk for kind in found}


def test_non_ascii_case_is_told_apart_as_the_scan_does():
    """The trigram tokenizer folds the case of É, LIKE does not: the scan's answer wins."""
    article = _neutral_article()
    lower = ClaimFactory(article=article, text="Une école fermée", claimant="")
    upper = ClaimFactory(article=article, text="UNE ÉCOLE FERMÉE", claimant="")
    ClaimFactory(article=article, text="273 \u212aELVIN", claimant="")  # the Kelvin sign
    searched = {
        query: _searched(Claim.objects.all(), query) for query in ("école", "ÉCOLE", "kelvin")
    }
    if connection.vendor == SQLITE:
        assert searched == {"école": {lower.pk}, "ÉCOLE": {upper.pk}, "kelvin": set()}
        # The index alone would have found both: it is only a list of candidates.
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid FROM {fulltext.TRIGRAM_TABLE} "  # noqa: S608
                f"WHERE {fulltext.TRIGRAM_TABLE} MATCH %s",
                [fulltext.fts_quoted("école")],
            )
            assert {row[0] for row in cursor.fetchall()} == {lower.pk, upper.pk}
    for query, found in searched.items():
        assert found == _reference(Claim.objects.all(), query), query


@pytest.mark.parametrize("query", ["b", "bu", "é", "%", "_", "%_", '"', "ÉC", " d "])
def test_one_or_two_characters_are_searched_by_the_scan(query):
    article = ArticleFactory()
    ClaimFactory(article=article, text='Le budget de l’ÉCOLE, 100 %_ "dit"')
    ClaimFactory(article=article, text="Rien à voir")
    searched = PublicClaimApiFilter({"q": query}, queryset=Claim.objects.all()).qs
    assert fulltext.TRIGRAM_TABLE not in str(searched.query)
    assert set(searched.values_list("pk", flat=True)) == _reference(Claim.objects.all(), query)


def test_three_characters_or_more_read_the_index_on_sqlite_only():
    searched = PublicClaimApiFilter({"q": "bud"}, queryset=Claim.objects.all()).qs
    assert (fulltext.TRIGRAM_TABLE in str(searched.query)) is (connection.vendor == SQLITE)


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return " ".join(str(row) for row in cursor.fetchall())


def test_on_sqlite_the_list_walks_the_feed_index_and_looks_claims_up_in_the_matches():
    """Driven by the matches, the query would rate and date each of them before the sort."""
    from annotations.api.views import ClaimList

    published_claim()
    searched = PublicClaimApiFilter({"q": "défense"}, queryset=ClaimList().get_queryset()).qs
    if connection.vendor != SQLITE:
        assert fulltext.TRIGRAM_TABLE not in str(searched.query)
        return
    plan = _plan(searched.order_by("-published_at", "-id")[:21])
    assert "annotations_claim_public_idx" in plan, plan
    assert f"SCAN {fulltext.TRIGRAM_TABLE} VIRTUAL TABLE" in plan, plan
    assert "SEARCH annotations_claim USING INTEGER PRIMARY KEY" not in plan, plan


# --- Through the API --------------------------------------------------------------------------


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


def test_the_api_lists_what_the_scan_finds_in_the_same_order():
    article = ArticleFactory()
    texts = [
        "Le budget de la défense augmente.",
        "La DÉFENSE du budget.",
        "Le recrutement des enseignants baisse.",
        "Une hausse de 100 % des impôts.",
        "Budget_2025 : « défense » et recrutement.",
    ]
    claims = [published_claim(article=article, text=text) for text in texts]
    rows = Claim.objects.filter(pk__in=[claim.pk for claim in claims])
    api = APIClient()
    for query in ["budget", "défense", "DÉFENSE", "recrutement", "100 %", "_2025", "zorglub"]:
        listed = _ids(api.get(CLAIMS, {"q": query}))
        expected = rows.filter(pk__in=_reference(rows, query)).order_by("-published_at", "-id")
        assert listed == list(expected.values_list("pk", flat=True)), query


def test_a_search_of_three_characters_or_more_takes_the_same_two_queries(
    django_assert_num_queries,
):
    article = ArticleFactory()
    for _ in range(3):
        published_claim(article=article)
    api = APIClient()
    # The validator, the page (no "same claim as" marks to read).
    with django_assert_num_queries(2):
        response = api.get(CLAIMS, {"q": "budget de la défense", "page_size": 2})
    assert len(_ids(response)) == 2


# --- The triggers -----------------------------------------------------------------------------


def test_the_index_follows_a_new_claim_its_edits_and_its_removal():
    article = ArticleFactory()
    claim = ClaimFactory(article=article, text="Le zorglub coûte cher.", claimant="M. Bidule")
    everything = Claim.objects.all()
    assert _searched(everything, "zorglub") == {claim.pk}
    if connection.vendor == SQLITE:
        assert _indexed(claim.pk) == (claim.text, claim.quote, claim.claimant)

    # The restatement and the claimant, through the service.
    claim = services.claim_update(
        claim=claim,
        user=claim.author,
        expected_version=claim.version,
        text="Le schtroumpf coûte cher.",
        claimant="Mme Trucmuche",
    )
    assert _searched(everything, "zorglub") == set()
    assert _searched(everything, "schtroumpf") == {claim.pk}
    assert _searched(everything, "trucmuche") == {claim.pk}
    assert _searched(everything, "bidule") == set()

    # The quote (as re-anchoring rewrites it) and a field the index does not hold.
    Claim.objects.filter(pk=claim.pk).update(quote="Le gloubiboulga est servi.")
    Claim.objects.filter(pk=claim.pk).update(prefix="avant")
    assert _searched(everything, "gloubiboulga") == {claim.pk}
    assert _searched(everything, "schtroumpf") == {claim.pk}
    claim.refresh_from_db()
    if connection.vendor == SQLITE:
        assert _indexed(claim.pk) == (claim.text, claim.quote, claim.claimant)

    # Written without the ORM's save (the benchmark's generator, an import): bulk_create.
    (other,) = Claim.objects.bulk_create(
        [
            Claim(
                article=article,
                author=claim.author,
                start=claim.start,
                end=claim.end,
                quote=claim.quote,
                text="Un marsupilami de plus.",
                claimant="",
            )
        ]
    )
    other = Claim.objects.get(text="Un marsupilami de plus.")
    assert _searched(everything, "marsupilami") == {other.pk}
    assert _searched(everything, "gloubiboulga") == {claim.pk, other.pk}

    Claim.objects.filter(pk=other.pk).delete()
    assert _searched(everything, "marsupilami") == set()
    assert _searched(everything, "gloubiboulga") == {claim.pk}
    if connection.vendor == SQLITE:
        assert _indexed(other.pk) is None
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT rowid FROM {fulltext.TRIGRAM_TABLE}")  # noqa: S608
            assert {row[0] for row in cursor.fetchall()} == set(
                Claim.objects.values_list("pk", flat=True)
            )


# --- The migration ----------------------------------------------------------------------------


def _migrate(target: str) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate([("annotations", target)])


def _migrate_to_latest() -> None:
    """Every migration applied again (later ones too: other tests expect them)."""
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_the_index_from_existing_claims_and_reverses():
    article = ArticleFactory()
    kept = ClaimFactory(article=article, text="Le zorglub avant la migration.")
    try:
        _migrate(BEFORE)
        assert _trigram_objects() == set()
        # Written while there is no index: the migration must read them from the table.
        added = ClaimFactory(article=article, text="Le marsupilami sans index.")
        Claim.objects.filter(pk=kept.pk).update(claimant="Mme Trucmuche")
        assert _searched(Claim.objects.all(), "ab") == _reference(Claim.objects.all(), "ab")
    finally:
        _migrate_to_latest()
    expected = SQLITE_OBJECTS if connection.vendor == SQLITE else set()
    assert _trigram_objects() == expected
    everything = Claim.objects.all()
    assert _searched(everything, "zorglub") == {kept.pk}
    assert _searched(everything, "marsupilami") == {added.pk}
    assert _searched(everything, "trucmuche") == {kept.pk}
    if connection.vendor == SQLITE:
        assert _indexed(added.pk) == (added.text, added.quote, added.claimant)
    # And the triggers work again.
    again = ClaimFactory(article=article, text="Un gloubiboulga après la migration.")
    assert _searched(everything, "gloubiboulga") == {again.pk}
