"""Conditional GET on the public reads: a 304 costs the validator query only."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils.http import http_date
from rest_framework.test import APIClient

from annotations import services
from tests.factories import ModeratorFactory, pending_correction, published_claim, ready_claim

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_throttle_history():
    """Throttling counts requests in the cache: each test starts with a clean slate."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def claim():
    return published_claim()


def _urls(claim) -> dict[str, str]:
    return {
        "claim-list": reverse("api:claim-list"),
        "claim-detail": reverse("api:claim-detail", args=[claim.pk]),
        "article-list": reverse("api:article-list"),
        "article-detail": reverse("api:article-detail", args=[claim.article_id]),
        "claimreview": reverse("api:claim_claimreview", args=[claim.pk]),
        "feed": reverse("api:claimreview_feed"),
        "annotation": reverse("api:annotation_detail", args=[claim.pk]),
        "collection": reverse("api:annotation_collection"),
        "export-csv": reverse("api:export_claims_csv"),
        "export-jsonl": reverse("api:export_claims_jsonl"),
        "public-list": reverse("annotations:public_claim_list"),
        "public-detail": reverse("annotations:public_claim_detail", args=[claim.pk]),
    }


ENDPOINTS = [
    "claim-list",
    "claim-detail",
    "article-list",
    "article-detail",
    "claimreview",
    "feed",
    "annotation",
    "collection",
    "export-csv",
    "export-jsonl",
    "public-list",
    "public-detail",
]


def _consume(response) -> None:
    if response.streaming:
        b"".join(response.streaming_content)


@pytest.mark.parametrize("name", ENDPOINTS)
def test_a_matching_etag_gets_a_304_after_only_the_validator_query(
    name, claim, client, django_assert_num_queries, django_assert_max_num_queries
):
    url = _urls(claim)[name]
    first = client.get(url)
    _consume(first)
    assert first.status_code == 200
    etag = first["ETag"]
    assert first["Last-Modified"]
    assert "max-age=60" in first["Cache-Control"]
    expected = "private" if name.startswith("public-") else "public"
    assert expected in first["Cache-Control"]
    assert "Accept-Language" in first["Vary"]

    with django_assert_num_queries(1):
        again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again["ETag"] == etag
    assert again.content == b""
    assert "max-age=60" in again["Cache-Control"]


@pytest.mark.parametrize("name", ["claim-detail", "claim-list", "claimreview"])
def test_the_200_does_more_than_the_validator_query(name, claim, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(_urls(claim)[name]).status_code == 200
    assert len(queries) > 1


def test_a_later_if_modified_since_gets_a_304(claim, client, django_assert_num_queries):
    url = reverse("api:claim-detail", args=[claim.pk])
    first = client.get(url)
    later = http_date(claim.published_at.timestamp() + 3600)
    with django_assert_num_queries(1):
        response = client.get(url, headers={"If-Modified-Since": later})
    assert response.status_code == 304
    earlier = http_date(claim.published_at.timestamp() - 3600)
    assert client.get(url, headers={"If-Modified-Since": earlier}).status_code == 200
    assert first["Last-Modified"] == http_date(int(claim.published_at.timestamp()))


def test_a_correction_changes_the_etag_and_last_modified(claim, client):
    url = reverse("api:claim-detail", args=[claim.pk])
    list_url = reverse("api:claim-list")
    before, before_list = client.get(url), client.get(list_url)
    pending_correction(claim, submit=True)
    services.claim_approve(claim=claim, moderator=ModeratorFactory())
    after = client.get(url, headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert after.json()["status"] == "corrected"
    assert after["Last-Modified"] >= before["Last-Modified"]
    assert client.get(list_url, headers={"If-None-Match": before_list["ETag"]}).status_code == 200


def test_a_retraction_changes_the_etag(claim, client):
    url = reverse("annotations:public_claim_detail", args=[claim.pk])
    api_url = reverse("api:annotation_detail", args=[claim.pk])
    before, before_api = client.get(url), client.get(api_url)
    services.claim_retract(claim=claim, moderator=ModeratorFactory(), note="Source retirée.")
    assert client.get(url, headers={"If-None-Match": before["ETag"]}).status_code == 200
    assert client.get(api_url, headers={"If-None-Match": before_api["ETag"]}).status_code == 200


def test_the_etag_depends_on_the_representation(claim):
    api = APIClient()
    url = reverse("api:claim_claimreview", args=[claim.pk])
    ld = api.get(url, headers={"Accept": "application/ld+json"})
    plain = api.get(url, headers={"Accept": "application/json"})
    french = api.get(url, headers={"Accept": "application/json", "Accept-Language": "fr"})
    assert len({ld["ETag"], plain["ETag"], french["ETag"]}) == 3
    assert "Accept" in ld["Vary"]
    filtered = api.get(reverse("api:claim-list"), {"rating": "false"})
    assert filtered["ETag"] != api.get(reverse("api:claim-list"))["ETag"]


def test_a_draft_is_still_a_404_and_carries_no_validators(client):
    draft = ready_claim()
    response = client.get(reverse("api:claim-detail", args=[draft.pk]))
    assert response.status_code == 404
    assert not response.has_header("ETag")
    page = client.get(reverse("annotations:public_claim_detail", args=[draft.pk]))
    assert page.status_code == 404


def test_an_empty_list_is_cacheable_too(client, django_assert_num_queries):
    first = client.get(reverse("api:claim-list"))
    assert first.status_code == 200
    with django_assert_num_queries(1):
        again = client.get(reverse("api:claim-list"), headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304


def test_the_html_page_etag_differs_per_user(claim, client, reviewer):
    url = reverse("annotations:public_claim_detail", args=[claim.pk])
    anonymous = client.get(url)
    client.force_login(reviewer)
    logged_in = client.get(url, headers={"If-None-Match": anonymous["ETag"]})
    assert logged_in.status_code == 200
    assert logged_in["ETag"] != anonymous["ETag"]
    assert "private" in logged_in["Cache-Control"]
