"""Redis down: the app answers from the database and each process's memory, logs it
once, and goes back to Redis by itself when Redis answers again.

A real ``redis-server`` on a port of its own, stopped and started again: not a mock of
the connection. Every cache of the app is Redis here (the rate limits' default cache
and the response cache), as ``CACHE_URL=redis://…`` makes them in production.
"""

from __future__ import annotations

import logging
import shutil
import socket
import subprocess
import time

import pytest
import redis
from django.core.cache import caches
from django.urls import reverse
from rest_framework.test import APIClient

from annotations import caching
from factcheck import caches as fallback
from factcheck.settings import cache_from_url, response_cache_from_url
from tests.conftest import missing
from tests.factories import published_claim
from tests.processes import wait_for

RATE = 4
RETRY_SECONDS = 0.3


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    """A redis-server of this test's own, on loopback, keeping nothing on disk."""

    def __init__(self, port: int):
        self.port = port
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            missing("redis-server is not installed (apt-get install redis-server)")
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)

        def answers() -> bool:
            try:
                return client.ping()
            except redis.exceptions.ConnectionError:
                return False

        wait_for(answers, "redis-server did not start", self.process, timeout=20)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)


@pytest.fixture
def redis_server():
    server = RedisServer(_free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def redis_caches(settings, redis_server):
    """Both of the app's caches in that Redis, retried quickly once it is down."""

    def config(made: dict) -> dict:
        return {**made, "OPTIONS": {"retry_seconds": RETRY_SECONDS}}

    settings.CACHES = {
        **settings.CACHES,
        "default": config(cache_from_url(redis_server.url)),
        caching.RESPONSE_CACHE: config(response_cache_from_url("", redis_server.url)),
    }
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": f"{RATE}/minute", "user": "1000/minute"},
    }
    fallback._states.clear()
    yield redis_server
    fallback._states.clear()


def _down_messages(records) -> list[str]:
    return [r.getMessage() for r in records if r.name == "factcheck.caches"]


def test_the_cache_answers_from_memory_while_redis_is_down_and_goes_back_by_itself(
    redis_caches, caplog
):
    cache = caches["default"]
    cache.set("kept", "in redis")
    assert redis.Redis(port=redis_caches.port).exists(cache.make_and_validate_key("kept"))

    redis_caches.stop()
    with caplog.at_level(logging.WARNING, logger="factcheck.caches"):
        assert cache.get("kept") is None  # not in this process's memory
        cache.set("meanwhile", "in memory")
        assert cache.get("meanwhile") == "in memory"
        assert cache.add("lock", 1, 1) is True
        assert cache.add("lock", 1, 1) is False  # locks still work within the process
        for _ in range(20):
            cache.get("anything")
    down = _down_messages(caplog.records)
    assert len(down) == 1, down
    assert "does not answer" in down[0]

    caplog.clear()
    redis_caches.start()  # the same port: Redis is back, empty (it kept nothing)
    time.sleep(RETRY_SECONDS + 0.1)
    with caplog.at_level(logging.WARNING, logger="factcheck.caches"):
        cache.set("again", "in redis")
        assert cache.get("meanwhile") is None  # memory is no longer read
    assert [m for m in _down_messages(caplog.records) if "answers again" in m]
    assert redis.Redis(port=redis_caches.port).exists(cache.make_and_validate_key("again"))


def test_an_unreachable_redis_is_not_retried_on_every_call(redis_caches, caplog):
    cache = caches["default"]
    redis_caches.stop()
    cache.get("first")  # fails, then the memory answers
    tried = []
    original = fallback.RedisCache.get

    def counting(self, *args, **kwargs):
        tried.append(args)
        return original(self, *args, **kwargs)

    fallback.RedisCache.get = counting
    try:
        for _ in range(50):
            cache.get("again")
        assert tried == []  # within the retry interval: memory only
        time.sleep(RETRY_SECONDS + 0.1)
        cache.get("again")
        assert len(tried) == 1  # then tried once more
    finally:
        fallback.RedisCache.get = original


@pytest.mark.django_db
def test_the_api_keeps_answering_and_limiting_while_redis_is_down(redis_caches, caplog):
    claim = published_claim()
    detail = reverse("api:claim-detail", args=[claim.pk])
    assert APIClient().get(detail).status_code == 200

    redis_caches.stop()
    with caplog.at_level(logging.WARNING):
        api = APIClient()
        codes = [api.get(detail).status_code for _ in range(RATE + 1)]
        # This process's own count, from zero: the limit still holds, per process, rather
        # than none.
        assert codes == [200] * RATE + [429]
        other = APIClient(REMOTE_ADDR="198.51.100.7")
        assert other.get(reverse("api:claim-list")).status_code == 200
        assert other.get("/fact-checks/").status_code == 200
    assert len([m for m in _down_messages(caplog.records) if "does not answer" in m]) == 2
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]

    redis_caches.start()
    time.sleep(RETRY_SECONDS + 0.1)
    answer = APIClient(REMOTE_ADDR="198.51.100.8").get(detail)
    assert answer.status_code == 200
    assert redis.Redis(port=redis_caches.port).dbsize() > 0  # counts and answers in Redis again
