"""The response cache of the public reads: a hit costs the validator query only, and is
never stale, never another user's.

The cache is each process's memory here (the suite's settings), and Redis as well when
the environment's CACHE_URL names it: CI runs this file again with
``CACHE_URL=redis://127.0.0.1:6379/1``, where a Redis that does not answer fails the
run (it is not skipped).
"""

from __future__ import annotations

import logging
import os
import re

import pytest
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.middleware.csrf import CSRF_SECRET_LENGTH
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from annotations import caching, services
from annotations.models import Claim
from factcheck.settings import response_cache_from_url
from tests.api.test_caching import _urls as caching_urls
from tests.factories import (
    ExternalFactCheckFactory,
    ModeratorFactory,
    new_version,
    pending_correction,
    published_claim,
)

pytestmark = pytest.mark.django_db

ENVIRONMENT_CACHE_URL = os.environ.get("CACHE_URL", "")
BACKENDS = {"memory": "locmem://"}
if ENVIRONMENT_CACHE_URL.startswith(("redis://", "rediss://")):
    BACKENDS["redis"] = ENVIRONMENT_CACHE_URL

INQUIRY = "Elle réclame une commission d’enquête."


@pytest.fixture(params=sorted(BACKENDS))
def response_cache(request, settings):
    """The response cache made the one named by the parameter, empty."""
    settings.CACHES = {
        **settings.CACHES,
        caching.RESPONSE_CACHE: response_cache_from_url(BACKENDS[request.param], ""),
    }
    caches[caching.RESPONSE_CACHE].clear()
    yield request.param
    caches[caching.RESPONSE_CACHE].clear()


@pytest.fixture
def claim():
    return published_claim()


def _urls(claim) -> dict[str, str]:
    """The public reads of tests/api/test_caching.py, the streamed exports aside (never
    kept: they are written as they are read)."""
    return {name: url for name, url in caching_urls(claim).items() if not name.startswith("export")}


ENDPOINTS = list(_urls(Claim(pk=1, article_id=1)))
# What a hit must answer as the miss did (Content-Length is the server's).
HEADERS = ("ETag", "Last-Modified", "Cache-Control", "Vary", "Content-Type", "Content-Language")
CSRF_TOKEN = re.compile(
    rf'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{{{2 * CSRF_SECRET_LENGTH}}})"'
)


def _without_csrf_tokens(content: bytes) -> bytes:
    return re.sub(rb"[A-Za-z0-9]{%d}" % (2 * CSRF_SECRET_LENGTH), b"TOKEN", content)


# --- Hit and miss ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ENDPOINTS)
def test_a_second_anonymous_read_is_a_hit_after_only_the_validator_query(
    name, claim, response_cache, django_assert_num_queries
):
    url = _urls(claim)[name]
    first = Client().get(url)
    assert first.status_code == 200
    with django_assert_num_queries(1):
        again = Client().get(url)
    assert again.status_code == 200
    for header in HEADERS:
        assert again.headers.get(header) == first.headers.get(header), header
    if name.startswith("public-"):
        assert _without_csrf_tokens(again.content) == _without_csrf_tokens(first.content)
    else:
        assert again.content == first.content


def test_a_miss_runs_the_view(claim, response_cache, django_assert_max_num_queries):
    url = reverse("api:claim-detail", args=[claim.pk])
    with django_assert_max_num_queries(10) as captured:
        APIClient().get(url)
    assert len(captured) > 1


def test_a_conditional_get_still_answers_304_once_the_answer_is_kept(claim, client):
    url = reverse("api:claim-list")
    etag = client.get(url)["ETag"]
    client.get(url)
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ({"HTTP_ACCEPT": "application/json"}, {"HTTP_ACCEPT": "application/ld+json"}),
        ({"HTTP_ACCEPT_LANGUAGE": "fr"}, {"HTTP_ACCEPT_LANGUAGE": "en"}),
    ],
)
def test_each_representation_is_kept_apart(claim, client, first, second):
    url = reverse("api:claim_claimreview", args=[claim.pk])
    one, other = client.get(url, **first), client.get(url, **second)
    assert client.get(url, **first).content == one.content
    assert client.get(url, **second).content == other.content
    assert (one["Content-Type"], one["Content-Language"]) != (
        other["Content-Type"],
        other["Content-Language"],
    )


def test_the_query_string_and_the_format_are_part_of_the_key(claim, client):
    published_claim()
    url = reverse("api:claim-list")
    assert len(client.get(url).json()["results"]) == 2
    assert len(client.get(url, {"page_size": 1}).json()["results"]) == 1
    assert len(client.get(url).json()["results"]) == 2
    assert client.get(url, {"format": "json"})["Content-Type"] == "application/json"


def test_an_htmx_request_is_kept_apart_from_the_page(claim, client):
    url = reverse("annotations:public_claim_list")
    client.get(url)
    client.get(url, headers={"HX-Request": "true", "HX-Target": "results"})
    # The page, the fragment, and the counts both were made with (``caching.derived``).
    kept = [key for key in _kept_keys() if b":derived:" not in _bytes(key)]
    assert len(kept) == 2


def test_a_404_and_the_exports_are_not_kept(client, response_cache):
    client.get(reverse("api:claim-detail", args=[999_999]))
    published_claim()
    response = client.get(reverse("api:export_claims_jsonl"))
    b"".join(response.streaming_content)
    assert not _kept_keys()


def _bytes(key) -> bytes:
    return key if isinstance(key, bytes) else key.encode()


def _kept_keys() -> list:
    kept = caches[caching.RESPONSE_CACHE]
    if isinstance(kept, LocMemCache):
        return list(kept._cache)
    client = kept._cache.get_client(write=False)
    return client.keys("*response*")


# --- Never stale -------------------------------------------------------------------------


def _hit(client, url: str):
    """Read twice: the second is served from the cache when nothing changed."""
    client.get(url)
    return client.get(url)


def test_a_publication_is_in_the_very_next_list(claim, client, response_cache):
    url = reverse("api:claim-list")
    assert len(_hit(client, url).json()["results"]) == 1
    published_claim()
    assert len(client.get(url).json()["results"]) == 2
    page = reverse("annotations:public_claim_list")
    before = _hit(client, page).content
    published_claim(text="Le chômage a baissé de moitié en un an.")
    assert _without_csrf_tokens(client.get(page).content) != before


def test_a_correction_is_in_the_very_next_detail_and_list(claim, client, response_cache):
    detail, listing = reverse("api:claim-detail", args=[claim.pk]), reverse("api:claim-list")
    assert _hit(client, detail).json()["status"] == "published"
    assert _hit(client, listing).json()["results"][0]["status"] == "published"
    pending_correction(claim, submit=True)
    services.claim_approve(claim=claim, moderator=ModeratorFactory())
    assert client.get(detail).json()["status"] == "corrected"
    assert client.get(listing).json()["results"][0]["status"] == "corrected"


@pytest.mark.parametrize("name", ["claim-detail", "claimreview", "annotation", "public-detail"])
def test_a_retraction_is_in_the_very_next_read(name, claim, client, response_cache):
    url = _urls(claim)[name]
    before = _hit(client, url)
    services.claim_retract(claim=claim, moderator=ModeratorFactory(), note="Source retirée.")
    after = client.get(url)
    assert after["ETag"] != before["ETag"]
    assert _without_csrf_tokens(after.content) != _without_csrf_tokens(before.content)
    if name == "claim-detail":
        assert after.json()["status"] == "retracted"


def test_a_new_version_of_the_article_is_in_the_very_next_read(claim, client, response_cache):
    detail = reverse("api:claim-detail", args=[claim.pk])
    article = reverse("api:article-detail", args=[claim.article_id])
    assert _hit(client, detail).json()["anchor"]["current_revision"] == 1
    assert _hit(client, article).json()["current_version"] == 1
    new_version(claim.article, {INQUIRY: "Elle réclame une enquête."})
    assert client.get(detail).json()["anchor"]["current_revision"] == 2
    assert client.get(article).json()["current_version"] == 2


def test_a_same_claim_mark_is_in_the_very_next_read(claim, client, response_cache):
    detail = reverse("api:claim-detail", args=[claim.pk])
    page = reverse("annotations:public_claim_detail", args=[claim.pk])
    assert _hit(client, detail).json()["same_as"] == []
    before = _without_csrf_tokens(_hit(client, page).content)
    external = ExternalFactCheckFactory()
    services.same_claim_mark(
        claim=claim, user=ModeratorFactory(), kind="external", target_id=external.pk
    )
    assert len(client.get(detail).json()["same_as"]) == 1
    assert _without_csrf_tokens(client.get(page).content) != before


# --- Never another user's ----------------------------------------------------------------


def test_a_logged_in_page_is_neither_kept_nor_served_from_the_cache(claim, reviewer):
    url = reverse("annotations:public_claim_detail", args=[claim.pk])
    anonymous, logged_in = Client(), Client()
    logged_in.force_login(reviewer)
    anonymous.get(url)  # kept
    mine = logged_in.get(url).content.decode()
    assert reviewer.username in mine
    assert reviewer.username in logged_in.get(url).content.decode()
    assert reviewer.username not in anonymous.get(url).content.decode()
    assert reviewer.username not in Client().get(url).content.decode()


def test_a_logged_in_page_is_not_kept_for_the_next_anonymous_visitor(claim, reviewer):
    url = reverse("annotations:public_claim_detail", args=[claim.pk])
    logged_in = Client()
    logged_in.force_login(reviewer)
    logged_in.get(url)
    logged_in.get(url)
    assert reviewer.username not in Client().get(url).content.decode()


def test_api_reads_with_credentials_go_past_the_cache(
    claim, reviewer, django_assert_max_num_queries
):
    url = reverse("api:claim-detail", args=[claim.pk])
    APIClient().get(url)  # kept for anonymous clients
    token_client = APIClient()
    token_client.credentials(HTTP_AUTHORIZATION="Token nonsense")
    assert token_client.get(url).status_code == 401  # not the anonymous copy
    session = APIClient()
    session.force_login(reviewer)
    with django_assert_max_num_queries(20) as captured:
        response = session.get(url)
    assert response.status_code == 200
    assert len(captured) > 1
    assert response["Cache-Control"] == caching.PERSONAL_API_CACHE_CONTROL


def test_the_browsable_api_is_never_kept(claim):
    url = reverse("api:claim-detail", args=[claim.pk])
    Client().get(url, HTTP_ACCEPT="text/html")
    assert not _kept_keys()


def test_a_page_waiting_to_show_a_message_is_not_served_from_the_cache(claim):
    url = reverse("annotations:public_claim_list")
    Client().get(url)
    visitor = Client()
    visitor.cookies["messages"] = "anything"
    assert visitor.get(url).status_code == 200  # answered by the view (the cookie read)


def test_each_visitor_of_a_kept_page_gets_a_csrf_token_of_their_own(claim):
    url = reverse("annotations:public_claim_detail", args=[claim.pk])
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    one = CSRF_TOKEN.search(first.get(url).content.decode()).group(1)
    answer = second.get(url)  # from the cache
    two = CSRF_TOKEN.search(answer.content.decode()).group(1)
    assert caching.CSRF_PLACEHOLDER not in answer.content
    assert one != two
    secret = second.cookies["csrftoken"].value
    assert caching._unmask(two) == secret
    assert caching._unmask(one) != secret
    # The visitor's own token lets them switch language (a form post with CSRF).
    switched = second.post(
        reverse("set_language"), {"language": "en", "next": url, "csrfmiddlewaretoken": two}
    )
    assert switched.status_code == 302


# --- A cache that fails ------------------------------------------------------------------------


def test_a_cache_that_does_not_answer_leaves_the_reads_answered_and_is_logged_once(
    claim, settings, caplog
):
    # Django's own Redis backend, which raises while Redis is down: the app's Redis
    # caches fall back to memory themselves (tests/test_redis_down.py); this is the net
    # under any other backend.
    settings.CACHES = {
        **settings.CACHES,
        caching.RESPONSE_CACHE: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
        },
    }
    url = reverse("api:claim-detail", args=[claim.pk])
    with caplog.at_level(logging.WARNING, logger="annotations.caching"):
        answers = [APIClient().get(url) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert answers[0].content == answers[2].content
    unavailable = [r for r in caplog.records if "unavailable" in r.getMessage()]
    assert len(unavailable) == 1
    settings.CACHES = {
        **settings.CACHES,
        caching.RESPONSE_CACHE: response_cache_from_url("locmem://", ""),
    }
    with caplog.at_level(logging.WARNING, logger="annotations.caching"):
        APIClient().get(url)
    assert any("available again" in r.getMessage() for r in caplog.records)


def test_http_and_https_are_kept_apart(claim, client):
    url = reverse("api:claim-detail", args=[claim.pk])
    plain = client.get(url).json()["url"]
    secure = client.get(url, secure=True).json()["url"]
    assert plain.startswith("http://")
    assert secure.startswith("https://")
