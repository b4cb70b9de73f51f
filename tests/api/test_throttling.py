"""The API's rate limits count in a cache that every process shares, and 304s count too.

The shared caches: the database's cache table (the default), and Redis when the
environment's CACHE_URL names one (CI runs this file again with
``CACHE_URL=redis://127.0.0.1:6379/1``). The rest of the suite counts in each process's
memory (tests/conftest.py), which a test here shows is not shared between processes.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache, caches
from django.core.management import call_command
from django.db import connection, connections
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.test import APIClient

from annotations.api.common import PublicAnonThrottle
from factcheck.settings import cache_from_url
from tests.conftest import ROOT
from tests.factories import published_claim

RATE = 5
ENVIRONMENT_CACHE_URL = os.environ.get("CACHE_URL", "")
SHARED = {"database": ""}
if ENVIRONMENT_CACHE_URL.startswith(("redis://", "rediss://")):
    SHARED["redis"] = ENVIRONMENT_CACHE_URL


@pytest.fixture(autouse=True)
def _rate(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": f"{RATE}/minute", "user": "1000/minute"},
    }


@pytest.fixture(params=sorted(SHARED))
def shared_cache(request, settings):
    """The default cache made the shared one named by the parameter, empty."""
    url = SHARED[request.param]
    settings.CACHES = {**settings.CACHES, "default": cache_from_url(url)}
    if not url:
        request.getfixturevalue("db")
        # The test database has it unless this run's CACHE_URL named another cache.
        call_command("createcachetable")
    cache.clear()
    yield url
    cache.clear()


def _anonymous_request(address: str = "203.0.113.9"):
    request = RequestFactory().get(reverse("api:claim-list"), REMOTE_ADDR=address)
    request.user = AnonymousUser()
    return request


def _allowed(throttle, times: int) -> list[bool]:
    request = _anonymous_request()
    return [throttle.allow_request(request, None) for _ in range(times)]


# --- Shared between processes ------------------------------------------------------------

# Another process: a fresh interpreter with the same settings, counting 3 requests.
CHILD = """
import django
django.setup()
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from annotations.api.common import PublicAnonThrottle
request = RequestFactory().get("/api/v1/claims/", REMOTE_ADDR="203.0.113.9")
request.user = AnonymousUser()
print(" ".join(str(PublicAnonThrottle().allow_request(request, None)) for _ in range(3)))
"""


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def _three_requests_in_another_process(cache_url: str) -> list[bool]:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        "SECRET_KEY": "a-test-key",
        "DATABASE_URL": _database_url(),
        "API_THROTTLE_ANON": f"{RATE}/minute",
        "LOG_LEVEL": "WARNING",
    }
    if cache_url:
        env["CACHE_URL"] = cache_url
    result = subprocess.run(
        [sys.executable, "-c", CHILD],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return [word == "True" for word in result.stdout.split()]


@pytest.mark.django_db(transaction=True)
def test_another_process_counts_in_the_same_shared_cache(shared_cache):
    assert _three_requests_in_another_process(shared_cache) == [True] * 3
    # This process sees them: 5 a minute, 3 spent elsewhere.
    assert _allowed(PublicAnonThrottle(), 3) == [True, True, False]


@pytest.mark.django_db
def test_two_throttles_with_their_own_cache_connections_share_one_count(shared_cache):
    """As two worker processes do: each its own throttle and its own cache client."""
    first, second = PublicAnonThrottle(), PublicAnonThrottle()
    first.cache = caches.create_connection("default")
    second.cache = caches.create_connection("default")
    assert first.cache is not second.cache
    assert _allowed(first, 3) == [True] * 3
    assert _allowed(second, 3) == [True, True, False]
    assert _allowed(first, 1) == [False]


@pytest.mark.django_db(transaction=True)
def test_workers_answering_the_same_client_at_once_lose_no_request(shared_cache, monkeypatch):
    """Eight threads, each with its own throttle, cache client and database connection,
    as workers are: exactly the rate gets through. The wait for the lock is lengthened:
    on a loaded machine (the suite runs in two processes) a thread that gives up waiting
    after LOCK_WAIT counts without the lock, by design, which is not what is tested here."""
    monkeypatch.setattr(PublicAnonThrottle, "LOCK_WAIT", 30)
    allowed = []

    def worker():
        throttle = PublicAnonThrottle()
        throttle.cache = caches.create_connection("default")
        try:
            allowed.extend(_allowed(throttle, 4))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert allowed.count(True) == RATE


@pytest.mark.django_db
def test_the_lock_is_released_after_each_request(shared_cache):
    throttle = PublicAnonThrottle()
    assert _allowed(throttle, 1) == [True]
    assert cache.get(f"{throttle.key}:lock") is None
    # A lock left by a killed worker delays the next request, never refuses it.
    cache.set(f"{throttle.key}:lock", 1, 60)
    assert _allowed(PublicAnonThrottle(), 1) == [True]


@pytest.mark.django_db(transaction=True)
def test_a_cache_in_each_process_would_not_share_the_count(settings):
    """Why the cache must be shared: each process counting alone lets N workers answer
    N times the rate."""
    settings.CACHES = {**settings.CACHES, "default": cache_from_url("locmem://")}
    assert _three_requests_in_another_process("locmem://") == [True] * 3
    assert _allowed(PublicAnonThrottle(), 3) == [True] * 3


# --- Through the API ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_api_answers_429_past_the_rate_counted_in_the_shared_cache(shared_cache):
    api = APIClient()
    codes = [api.get(reverse("api:claim-list")).status_code for _ in range(RATE + 1)]
    assert codes == [200] * RATE + [429]
    assert int(api.get(reverse("api:claim-list"))["Retry-After"]) > 0


# Every public read that answers conditional GETs; the value names its argument.
CONDITIONAL_READS = {
    "api:claim-list": None,
    "api:claim-detail": "claim",
    "api:article-list": None,
    "api:article-detail": "article",
    "api:article-version": "version",
    "api:claim_claimreview": "claim",
    "api:claimreview_feed": None,
    "api:annotation_detail": "claim",
    "api:annotation_collection": None,
    "api:export_claims_csv": None,
    "api:export_claims_jsonl": None,
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(CONDITIONAL_READS))
def test_a_conditional_get_answered_304_counts_against_the_rate(name, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute", "user": "1000/minute"},
    }
    claim = published_claim()
    arguments = {
        "claim": [claim.pk],
        "article": [claim.article_id],
        "version": [claim.article_id, claim.article.current_version],
    }.get(CONDITIONAL_READS[name], [])
    url = reverse(name, args=arguments)
    api = APIClient()
    first = api.get(url)
    assert first.status_code == 200
    etag = {"HTTP_IF_NONE_MATCH": first["ETag"]}
    assert api.get(url, **etag).status_code == 304
    # Two requests a minute: the 304 was the second.
    assert api.get(url, **etag).status_code == 429


@pytest.mark.django_db
def test_an_answer_from_the_response_cache_counts_against_the_rate(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute", "user": "1000/minute"},
    }
    url = reverse("api:claim-detail", args=[published_claim().pk])
    api = APIClient()
    first, kept = api.get(url), api.get(url)
    assert first.status_code == kept.status_code == 200
    assert kept.content == first.content
    # Two requests a minute: the kept answer was the second.
    assert api.get(url).status_code == 429


@pytest.mark.django_db
def test_a_made_up_x_forwarded_for_does_not_give_a_new_allowance():
    """Without BEHIND_PROXY the client is its connection's address, whatever it writes."""
    api = APIClient()
    codes = [
        api.get(reverse("api:claim-list"), HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
        for n in range(RATE + 1)
    ]
    assert codes == [200] * RATE + [429]


@pytest.mark.django_db
def test_authenticated_clients_are_counted_per_user_not_per_address(settings, reviewer):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1/minute", "user": "3/minute"},
    }
    from knox.models import AuthToken

    _instance, token = AuthToken.objects.create(user=reviewer)
    api = APIClient(HTTP_AUTHORIZATION=f"Token {token}")
    codes = [api.get(reverse("api:claim-list")).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
