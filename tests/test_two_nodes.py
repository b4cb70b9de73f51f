"""Two web nodes, as deploy/ runs them: two gunicorn servers on two ports sharing the
PostgreSQL database and a Redis cache. What one node publishes, the other serves on the
very next request, to anonymous readers whose pages and API answers were read (and
cached) just before.

Needs Redis (``TEST_REDIS_URL``, by default 127.0.0.1:6379, database 5, emptied first):
skipped without it on a developer's machine, an error in CI.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from annotations import services
from bench.run import free_port
from tests.conftest import ROOT, missing
from tests.factories import ModeratorFactory, published_claim, submitted_claim
from tests.processes import base_env, wait_for

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/5")


@pytest.fixture
def redis_url():
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.flushdb()  # answers from an earlier run must not be taken for this one's
    except redis.exceptions.ConnectionError as error:
        message = f"Redis is not reachable at {REDIS_URL}: {error}"
        missing(message)
    yield REDIS_URL
    client.flushdb()
    client.close()


@contextmanager
def node(log: Path, redis_url: str):
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "factcheck.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
        ],
        cwd=ROOT,
        env=base_env(
            CACHE_URL=redis_url,
            API_THROTTLE_ANON="10000/minute",
            API_THROTTLE_USER="10000/minute",
        ),
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: get(url, "/api/v1/articles/") is not None, "a node did not start", process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def get(url: str, path: str, **headers: str):
    """(status, body, headers), or None when nothing listens."""
    request = urllib.request.Request(f"{url}{path}", headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)
    except OSError:
        return None


def approve(url: str, claim_id: int, token: str) -> None:
    request = urllib.request.Request(  # noqa: S310
        f"{url}/api/v1/claims/{claim_id}/approve/",
        data=b"",
        method="POST",
        headers={"Authorization": f"Token {token}"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        assert response.status == 200


def listed(url: str) -> set[int]:
    status, body, _ = get(url, "/api/v1/claims/")
    assert status == 200, body[:300]
    return {row["id"] for row in json.loads(body)["results"]}


def test_a_publication_through_one_node_is_served_at_once_by_the_other(redis_url, tmp_path):
    earlier = published_claim()
    waiting = submitted_claim()
    moderator = ModeratorFactory()
    token = services.token_create(user=moderator)

    with ExitStack() as nodes:
        one = nodes.enter_context(node(tmp_path / "one.log", redis_url))
        two = nodes.enter_context(node(tmp_path / "two.log", redis_url))
        # Both nodes have read (and may have kept) the list and the pages as they were.
        for url in (one, two):
            assert listed(url) == {earlier.pk}
            assert get(url, f"/fact-checks/{waiting.pk}/")[0] == 404
            assert get(url, f"/api/v1/claims/{waiting.pk}/")[0] == 404
        etag_before = get(two, "/api/v1/claims/")[2]["ETag"]

        approve(one, waiting.pk, token)

        # The very next request to the other node serves the new state.
        assert listed(two) == {earlier.pk, waiting.pk}
        assert get(two, f"/fact-checks/{waiting.pk}/")[0] == 200
        assert get(two, f"/api/v1/claims/{waiting.pk}/")[0] == 200
        assert get(two, f"/api/v1/claims/{waiting.pk}/claimreview")[0] == 200
        # A client that revalidates with the old ETag gets the new list, not a 304.
        status, _, headers = get(two, "/api/v1/claims/", **{"If-None-Match": etag_before})
        assert status == 200
        assert headers["ETag"] != etag_before
