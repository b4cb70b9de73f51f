"""The reads compiled once (``selectors.CompiledRows``) give what the ORM's querysets give:
the claim list's pages, forward and back, and a claim's rows."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from annotations import selectors
from annotations.api import representations
from annotations.models import Claim
from tests.factories import ModeratorFactory, ReviewerFactory, published_claim

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
