"""The reads compiled once (``selectors.CompiledRows``) give what the ORM's querysets give:
the claim list's pages, forward and back, and a claim's rows."""

from __future__ import annotations

import datetime

import pytest
from django.test.utils import override_script_prefix
from django.urls import reverse
from rest_framework.test import APIClient

from annotations import selectors, services
from annotations.api import representations
from annotations.models import Claim
from tests.factories import (
    ExternalFactCheckFactory,
    ModeratorFactory,
    ReviewerFactory,
    published_claim,
)

pytestmark = pytest.mark.django_db


def _walk(client, url: str, params: dict, link: str = "next") -> list[dict]:
    pages, answer = [], client.get(url, params).json()
    pages.append(answer)
    while answer[link]:
        answer = client.get(answer[link]).json()
        pages.append(answer)
    return pages


def _without_links(pages: list[dict]) -> list[list[dict]]:
    return [page["results"] for page in pages]


def test_the_feeds_pages_are_the_filtered_lists_pages_forward_and_back():
    author, moderator = ReviewerFactory(), ModeratorFactory()
    for number in range(7):
        published_claim(author=author, moderator=moderator, text=f"Le chiffre n°{number} monte.")
    client, url = APIClient(), reverse("api:claim-list")
    feed = _walk(client, url, {"page_size": 2})
    # ?ordering= with its default value: the same order, read by the ORM's filter path.
    orm = _walk(client, url, {"page_size": 2, "ordering": "-published_at"})
    assert [len(page["results"]) for page in feed] == [2, 2, 2, 1]
    assert _without_links(feed) == _without_links(orm)
    back = _walk(client, feed[-1]["previous"], {}, link="previous")
    orm_back = _walk(client, orm[-1]["previous"], {}, link="previous")
    assert _without_links(back) == _without_links(orm_back) == _without_links(feed[-2::-1])


def test_the_feed_refuses_what_it_cannot_compile():
    with pytest.raises(ValueError, match="Not a position"):
        selectors.PublicFeedRows(representations.LIST_FIELDS).filter(article_id=1)


def test_a_claims_detail_rows_are_the_orms(django_assert_num_queries):
    claim = published_claim()
    fields = representations.DETAIL_FIELDS
    with django_assert_num_queries(3):
        row, verdicts, evidence = selectors.public_claim_detail_rows(
            claim.pk,
            fields=fields,
            verdict_fields=representations.VERDICT_FIELDS,
            evidence_fields=representations.EVIDENCE_FIELDS,
        )
    expected = selectors.public_claim_rows().filter(pk=claim.pk).values(*fields).get()
    assert row == {name: expected[name] for name in fields}
    assert [v["version"] for v in verdicts] == [1]
    assert len(evidence) == claim.evidence.count()
    with pytest.raises(Claim.DoesNotExist):
        selectors.public_claim_detail_rows(
            10**9,
            fields=fields,
            verdict_fields=representations.VERDICT_FIELDS,
            evidence_fields=representations.EVIDENCE_FIELDS,
        )


def _marks_as_the_orm_reads_them(ids: list[int]) -> dict[int, list]:
    found: dict[int, list] = {pk: [] for pk in ids}
    for row in selectors._same_claim_rows(ids):
        found[row["claim_id"]].append(selectors._same_as(row))
    return found


def test_a_pages_marks_compiled_once_per_number_of_claims_are_the_orms(
    django_assert_num_queries,
):
    author, moderator = ReviewerFactory(), ModeratorFactory()
    claims = [published_claim(author=author, moderator=moderator) for _ in range(6)]
    earlier, external = claims[0], ExternalFactCheckFactory()
    # Marks in both orders, a claim with none, one with only ours.
    services.same_claim_mark(claim=claims[1], user=moderator, kind="ours", target_id=earlier.pk)
    services.same_claim_mark(
        claim=claims[1], user=moderator, kind="external", target_id=external.pk
    )
    services.same_claim_mark(
        claim=claims[2], user=moderator, kind="external", target_id=external.pk
    )
    services.same_claim_mark(claim=claims[2], user=moderator, kind="ours", target_id=earlier.pk)
    services.same_claim_mark(claim=claims[4], user=moderator, kind="ours", target_id=earlier.pk)
    ids = [claim.pk for claim in claims]
    # Each number of claims, and the same number again with other claims (the query of
    # that number is reused with the new ids), in another order.
    for chosen in (ids[:2], ids[1:3], ids[:5], ids[5:0:-1], ids, [ids[5], 10**9], ids[::-1]):
        with django_assert_num_queries(1):
            links = selectors.same_claim_links(chosen)
        assert links == _marks_as_the_orm_reads_them(chosen)
        assert list(links) == chosen
    assert [link.kind for link in selectors.same_claim_links(ids)[claims[2].pk]] == [
        "external",
        "ours",
    ]


def test_more_claims_than_the_compiled_queries_cover_are_read_by_the_orm(
    django_assert_num_queries,
):
    claim = published_claim()
    services.same_claim_mark(
        claim=claim,
        user=ModeratorFactory(),
        kind="external",
        target_id=ExternalFactCheckFactory().pk,
    )
    ids = [claim.pk, *range(10**9, 10**9 + selectors._MARKS_OF_PAGES.up_to)]
    with django_assert_num_queries(1):
        links = selectors.same_claim_links(ids)
    assert links == _marks_as_the_orm_reads_them(ids)
    assert len(links[claim.pk]) == 1


def test_the_lists_links_follow_the_script_prefix_of_each_request():
    """The lists' paths are reversed once per script prefix (a proxy mounting the app
    under a path sets SCRIPT_NAME): each request gets its own prefix's links."""
    published_claim()
    client, url = APIClient(), reverse("api:claim-list")
    for prefix in ("", "/factcheck", "", "/autre", "/factcheck"):
        # As the WSGI handler sets it from SCRIPT_NAME (the test client does not).
        with override_script_prefix(f"{prefix}/"):
            body = client.get(url, {"page_size": 1}, SCRIPT_NAME=prefix).json()
        claim = body["results"][0]
        assert claim["url"] == f"http://testserver{prefix}/api/v1/claims/{claim['id']}/"
        assert claim["article"]["url"].startswith(f"http://testserver{prefix}/api/v1/articles/")


SEARCHES = ["chômage", "CHÔMAGE", "mage", "dé", "e", "10 %", "50_", '"ministre"', "zzz", " dix "]


@pytest.mark.parametrize("search", SEARCHES)
def test_a_searchs_pages_compiled_once_are_the_filtered_lists_pages(search):
    """``q=`` alone is read by the compiled feed (``PublicFeedRows(search=…)``); with
    ``ordering=`` at its default value the same search goes through the filter: the same
    pages, forward and back."""
    author, moderator = ReviewerFactory(), ModeratorFactory()
    texts = [
        "Le chômage a baissé de 10 % en un an.",
        "LE CHÔMAGE DES JEUNES A DOUBLÉ.",
        "Le ministre annonce dix mille postes.",
        "Un taux de 50_ pour cent, écrit ainsi.",
        'Le "ministre" a dit que les dépenses montent.',
        "Une phrase sans rapport.",
    ]
    for number in range(3):
        for text in texts:
            published_claim(author=author, moderator=moderator, text=f"{text} ({number})")
    client, url = APIClient(), reverse("api:claim-list")
    feed = _walk(client, url, {"page_size": 2, "q": search})
    orm = _walk(client, url, {"page_size": 2, "q": search, "ordering": "-published_at"})
    assert _without_links(feed) == _without_links(orm)
    if feed[-1]["previous"]:
        back = _walk(client, feed[-1]["previous"], {}, link="previous")
        orm_back = _walk(client, orm[-1]["previous"], {}, link="previous")
        assert _without_links(back) == _without_links(orm_back) == _without_links(feed[-2::-1])


def test_a_compiled_search_is_one_query_and_a_nul_character_is_refused(
    django_assert_num_queries,
):
    published_claim(text="Le chômage a baissé.")
    client, url = APIClient(), reverse("api:claim-list")
    with django_assert_num_queries(2):  # the validator, the page (no marks to read)
        assert len(client.get(url, {"q": "chômage"}).json()["results"]) == 1
    assert client.get(url, {"q": "ch\x00mage"}).status_code == 400
    # An empty search is no search.
    assert len(client.get(url, {"q": "  "}).json()["results"]) == 1


@pytest.mark.parametrize(
    "value",
    [
        None,
        "2026-12-03 07:05:56.123456",
        "2026-12-03 07:05:56",
        "2026-12-03T07:05:56+02:00",
        "2026-12-03 07:05",
        datetime.datetime(2026, 12, 3, 7, 5, 56),
        datetime.datetime(2026, 12, 3, 7, 5, 56, tzinfo=datetime.UTC),
    ],
)
def test_the_quicker_sqlite_datetime_converter_gives_djangos_values(value):
    from django.db import connection
    from django.db.backends.sqlite3.base import DatabaseOperations

    expected = DatabaseOperations(connection).convert_datetimefield_value(value, None, connection)
    assert selectors._sqlite_utc_datetime(value, None, connection) == expected
    if expected is not None:
        assert selectors._sqlite_utc_datetime(value, None, connection).utcoffset() == (
            expected.utcoffset()
        )
