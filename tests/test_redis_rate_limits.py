"""The API's rate limits on Redis: one atomic round trip a request (a script Redis runs,
``factcheck.caches.SLIDING_WINDOW``), with DRF's sliding window and its Retry-After.

A real ``redis-server`` of the test's own (tests/test_redis_down.py), so that its command
counts are this test's alone.
"""

from __future__ import annotations

import time

import pytest
import redis
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.test import APIClient

from annotations.api.common import PublicAnonThrottle
from tests.factories import published_claim
from tests.test_redis_down import RATE, redis_caches, redis_server  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def _request(address: str = "203.0.113.9"):
    request = RequestFactory().get(reverse("api:claim-list"), REMOTE_ADDR=address)
    request.user = AnonymousUser()
    return request


def _calls(server) -> dict[str, int]:
    stats = redis.Redis(port=server.port).info("commandstats")
    return {name.removeprefix("cmdstat_"): value["calls"] for name, value in stats.items()}


def _at(moment: float) -> PublicAnonThrottle:
    throttle = PublicAnonThrottle()
    throttle.timer = lambda: moment
    return throttle


def test_a_request_is_counted_in_one_round_trip(redis_caches):  # noqa: F811
    request = _request()
    PublicAnonThrottle().allow_request(request, None)  # the script is loaded once
    before = _calls(redis_caches)
    assert [PublicAnonThrottle().allow_request(request, None) for _ in range(RATE)] == [
        *[True] * (RATE - 1),
        False,
    ]
    after = _calls(redis_caches)
    spent = {name: after[name] - before.get(name, 0) for name in after}
    # One script a request (what Redis runs inside it is counted too, as its own commands).
    assert spent["evalsha"] == RATE
    script = {"zremrangebyscore", "zcard", "zrange", "zadd", "pexpire"}
    connecting = {"hello", "client", "info"}
    assert {name for name, n in spent.items() if n} <= {"evalsha", *script, *connecting}


def test_the_window_slides_as_drf_counts_it_and_retry_after_is_drfs(redis_caches):  # noqa: F811
    request, start = _request(), time.time()
    # RATE requests a second apart fill the window of a minute.
    assert [_at(start + second).allow_request(request, None) for second in range(RATE)] == [
        True
    ] * RATE
    refused = _at(start + 10)
    assert refused.allow_request(request, None) is False
    # DRF's wait: what is left of the oldest request's minute, over the requests available.
    assert refused.wait() == pytest.approx(60 - 10)
    # Once the oldest request has left the window, one more is allowed, and only one.
    assert _at(start + 60.5).allow_request(request, None) is True
    assert _at(start + 60.6).allow_request(request, None) is False
    # Another client has its own window.
    assert _at(start + 10).allow_request(_request("198.51.100.20"), None) is True


def test_requests_at_the_same_instant_each_count(redis_caches):  # noqa: F811
    request, now = _request(), time.time()
    allowed = [_at(now).allow_request(request, None) for _ in range(RATE + 2)]
    assert allowed == [True] * RATE + [False, False]


def test_the_api_answers_429_with_retry_after_from_redis(redis_caches):  # noqa: F811
    claim = published_claim()
    api = APIClient()
    detail = reverse("api:claim-detail", args=[claim.pk])
    codes = [api.get(detail).status_code for _ in range(RATE + 1)]
    assert codes == [200] * RATE + [429]
    refused = api.get(detail)
    assert 0 < int(refused["Retry-After"]) <= 60
    keys = redis.Redis(port=redis_caches.port).keys("*throttle_anon_*")
    assert [redis.Redis(port=redis_caches.port).type(key) for key in keys] == [b"zset"]
