"""Who may keep a response: anonymous API reads are public; anything personal is not.

Anonymous JSON and JSON-LD reads are ``public, max-age=60`` with their validators. Every
API response to a request with credentials (token or session), and every HTML response
of the API (the browsable API shows the user's name and a CSRF token), is
``private, no-store``. The site's pages are ``private`` for a logged-in user.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests.factories import ReviewerFactory, published_claim

pytestmark = pytest.mark.django_db

PRIVATE_NO_STORE = {"private", "no-store"}


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.fixture
def claim():
    return published_claim()


@pytest.fixture
def token_api():
    _instance, token = AuthToken.objects.create(user=ReviewerFactory())
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return api


def _reads(claim) -> list[str]:
    return [
        reverse("api:claim-list"),
        reverse("api:claim-detail", args=[claim.pk]),
        reverse("api:article-detail", args=[claim.article_id]),
        reverse("api:claim_claimreview", args=[claim.pk]),
        reverse("api:annotation_collection"),
        reverse("api:export_claims_csv"),
    ]


def _consume(response):
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def test_anonymous_json_reads_stay_public_with_their_validators(claim):
    api = APIClient()
    for url in _reads(claim):
        response = _consume(api.get(url))
        assert response.status_code == 200, url
        assert cache_control(response) == {"public", "max-age=60"}, url
        assert response.has_header("ETag"), url
        again = api.get(url, headers={"If-None-Match": response["ETag"]})
        assert again.status_code == 304, url
        assert cache_control(again) == {"public", "max-age=60"}, url


def test_token_authenticated_reads_are_private_and_not_stored(claim, token_api):
    for url in _reads(claim):
        response = _consume(token_api.get(url))
        assert response.status_code == 200, url
        assert cache_control(response) == PRIVATE_NO_STORE, url


def test_a_token_authenticated_304_is_private_too(claim, token_api):
    url = reverse("api:claim-detail", args=[claim.pk])
    etag = APIClient().get(url)["ETag"]
    response = token_api.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert cache_control(response) == PRIVATE_NO_STORE


def test_session_authenticated_reads_are_private_and_not_stored(claim):
    api = APIClient()
    api.force_login(ReviewerFactory())
    for url in _reads(claim):
        response = _consume(api.get(url))
        assert cache_control(response) == PRIVATE_NO_STORE, url


def test_writes_and_errors_with_a_token_are_private(claim, token_api):
    created = token_api.post(
        reverse("api:claim-create"),
        {
            "article": claim.article_id,
            "start": 0,
            "end": 6,
            "quote": claim.article.body[:6],
            "text": "Budget",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    assert cache_control(created) == PRIVATE_NO_STORE
    missing = token_api.get(reverse("api:claim-detail", args=[10**9]))
    assert missing.status_code == 404
    assert cache_control(missing) == PRIVATE_NO_STORE


@pytest.mark.parametrize("logged_in", [False, True])
def test_the_browsable_api_is_private_and_not_stored(client, claim, logged_in):
    user = ReviewerFactory()
    if logged_in:
        client.force_login(user)
    url = reverse("api:claim-detail", args=[claim.pk])
    response = client.get(url, headers={"Accept": "text/html"})
    assert response["Content-Type"].startswith("text/html")
    assert cache_control(response) == PRIVATE_NO_STORE
    assert b"csrfToken" in response.content or b"csrfmiddlewaretoken" in response.content
    if logged_in:
        assert user.get_username().encode() in response.content
    again = client.get(url, headers={"Accept": "text/html", "If-None-Match": response["ETag"]})
    assert cache_control(again) == PRIVATE_NO_STORE


def test_the_browsable_api_of_a_write_endpoint_is_private(client):
    client.force_login(ReviewerFactory())
    response = client.get(reverse("api:claim-create"), headers={"Accept": "text/html"})
    assert response["Content-Type"].startswith("text/html")
    assert cache_control(response) == PRIVATE_NO_STORE


def test_the_api_documentation_pages_are_not_stored(client):
    for name in ("api-docs", "api-redoc"):
        assert cache_control(client.get(reverse(name))) == PRIVATE_NO_STORE, name


def test_the_site_pages_of_a_logged_in_user_are_private(client, claim):
    user = ReviewerFactory()
    client.force_login(user)
    for url in (
        reverse("annotations:article_list"),
        claim.article.get_absolute_url(),
        reverse("annotations:my_claims"),
        reverse("annotations:inbox"),
        reverse("annotations:public_claim_list"),
        reverse("annotations:public_claim_detail", args=[claim.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert user.get_username().encode() in response.content, url
        assert "private" in cache_control(response), url
        assert "public" not in cache_control(response), url


def test_anonymous_public_pages_stay_private_for_a_minute(client, claim):
    response = client.get(reverse("annotations:public_claim_detail", args=[claim.pk]))
    assert cache_control(response) == {"private", "max-age=60"}


def test_an_anonymous_json_read_costs_no_query_to_know_it_is_anonymous(
    claim, django_assert_num_queries
):
    api = APIClient()
    url = reverse("api:claim-detail", args=[claim.pk])
    etag = api.get(url)["ETag"]
    with django_assert_num_queries(1):  # the validator alone, as before
        assert api.get(url, headers={"If-None-Match": etag}).status_code == 304
