"""Read replicas for real: a throwaway PostgreSQL primary, a streaming replica made from
it with pg_basebackup, and gunicorn serving the app with DATABASE_URL naming the primary
and DATABASE_REPLICA_URLS the replica (factcheck/replicas.py).

The replica's replay is paused (``pg_wal_replay_pause()``) so that what it serves and
what the primary holds differ, which shows where each read went:
- anonymous public reads come from the replica (a claim published on the primary is not
  there until the replay resumes);
- an API client with a token, a browser that has just written (the pin cookie) and a
  logged-in user read from the primary, so an author reads back their own write at once;
- a replica that is down sends public reads to the primary with a log line, not an error.

One test, one pair of clusters (initdb and a base backup take seconds): its steps are the
functions below. Runs with the PostgreSQL run of the suite; skipped where PostgreSQL's
server is not installed, except in CI, where that is an error.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from bench.run import free_port
from tests.conftest import ROOT, missing
from tests.pg_cluster import Cluster, server_bindir, throwaway_cluster
from tests.processes import manage_command, wait_until_serving

pytestmark = pytest.mark.postgresql_cluster

DATABASE = "factcheck"

SEED = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from annotations import services
from tests.factories import ReviewerFactory, published_claim
author = ReviewerFactory(username="replica-author")
# The author logged in, as the login page leaves them: a session.
session = SessionStore()
session[SESSION_KEY] = str(author.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = author.get_session_auth_hash()
session.create()
claim = published_claim(author=author)
sentence = claim.article.sentences.order_by("position")[2]
print(json.dumps({
    "token": services.token_create(user=author),
    "session": session.session_key,
    "draft": {
        "article": claim.article_id,
        "start": sentence.start,
        "end": sentence.end,
        "quote": claim.article.body[sentence.start:sentence.end],
    },
}))
"""

# Factories count from 1 in each process: the names are made unique here.
PUBLISH = """
import json, uuid
from tests.factories import ModeratorFactory, ReviewerFactory, published_claim
name = uuid.uuid4().hex[:12]
claim = published_claim(
    author=ReviewerFactory(username=f"r-{name}"), moderator=ModeratorFactory(username=f"m-{name}")
)
print(json.dumps({"claim": claim.pk}))
"""


@dataclass
class Answer:
    status: int
    body: bytes
    headers: dict[str, str]

    def json(self):
        return json.loads(self.body)


@dataclass
class Deployment:
    primary: Cluster
    replica: Cluster
    url: str
    token: str
    session: str
    draft: dict
    log: Path
    env: dict[str, str]

    def get(self, path: str, **headers: str) -> Answer:
        request = urllib.request.Request(f"{self.url}{path}", headers=headers)  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                return Answer(response.status, response.read(), dict(response.headers))
        except urllib.error.HTTPError as error:
            return Answer(error.code, error.read(), dict(error.headers))

    def post(self, path: str, data: dict, **headers: str) -> Answer:
        body = json.dumps(data).encode()
        headers = {"Content-Type": "application/json", **headers}
        request = urllib.request.Request(f"{self.url}{path}", body, headers)  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                return Answer(response.status, response.read(), dict(response.headers))
        except urllib.error.HTTPError as error:
            return Answer(error.code, error.read(), dict(error.headers))

    def publish(self) -> int:
        """A claim published on the primary, as the moderation does."""
        return json.loads(manage("shell", "-c", PUBLISH, **self.env).strip().splitlines()[-1])[
            "claim"
        ]

    def pause_replay(self) -> None:
        self.replica.scalar("SELECT pg_wal_replay_pause()::text")
        deadline = time.monotonic() + 30
        while self.replica.scalar("SELECT pg_get_wal_replay_pause_state()") != "paused":
            assert time.monotonic() < deadline, "the replica never paused its replay"
            time.sleep(0.05)

    def resume_replay_and_catch_up(self) -> None:
        self.replica.scalar("SELECT pg_wal_replay_resume()::text")
        target = self.primary.scalar("SELECT pg_current_wal_lsn()::text")
        deadline = time.monotonic() + 30
        while not self.replica.scalar("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target]):
            assert time.monotonic() < deadline, "the replica never caught up"
            time.sleep(0.05)


def manage(*args: str, **env: str) -> str:
    return manage_command(*args, env={**server_env(), **env})


def server_env() -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", ""),
        "SECRET_KEY": "a-key-for-the-replica-test",
        "DEBUG": "false",
        "HTTPS": "false",
        "STATIC_MANIFEST": "false",
        "LANGUAGE_CODE": "en",
        "CACHE_URL": "locmem://",
        "API_THROTTLE_ANON": "10000/minute",
        "API_THROTTLE_USER": "10000/minute",
        "LOG_LEVEL": "INFO",
    }


@contextlib.contextmanager
def streaming_replica(primary: Cluster) -> Cluster:
    """A hot standby of ``primary`` (pg_basebackup -R: it streams from the primary)."""
    replica = Cluster(bindir=primary.bindir, root=primary.root / "replica", port=free_port())
    replica.root.mkdir()
    if os.geteuid() == 0:  # the server runs as postgres (tests/pg_cluster.py)
        shutil.chown(replica.root, "postgres", "postgres")
    replica.as_server_user(
        str(primary.bindir / "pg_basebackup"),
        "-h",
        "127.0.0.1",
        "-p",
        str(primary.port),
        "-U",
        "postgres",
        "-D",
        str(replica.data),
        "--write-recovery-conf",
        "--wal-method=stream",
        "--checkpoint=fast",
        "--no-sync",
        timeout=120,
    )
    replica.start()
    try:
        assert replica.scalar("SELECT pg_is_in_recovery()") is True
        yield replica
    finally:
        with contextlib.suppress(subprocess.SubprocessError):
            replica.stop("immediate")


@pytest.fixture(scope="module")
def deployment():
    bindir = server_bindir()
    if bindir is None:
        message = "PostgreSQL's server (initdb, pg_ctl, pg_basebackup) is not installed"
        missing(message)
    with throwaway_cluster(bindir) as primary:
        with primary.connect() as connection:
            connection.execute(f"CREATE DATABASE {DATABASE}")
        env = {"DATABASE_URL": primary.url(database=DATABASE)}
        manage("migrate", "--no-input", **env)
        seed = json.loads(manage("shell", "-c", SEED, **env).strip().splitlines()[-1])
        with streaming_replica(primary) as replica:
            port = free_port()
            log_path = primary.root / "gunicorn.log"
            log = log_path.open("wb")
            server = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "factcheck.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--worker-class",
                    "gthread",
                    "--threads",
                    "2",
                    "--workers",
                    "1",
                ],
                cwd=ROOT,
                env={
                    **server_env(),
                    **env,
                    "DATABASE_REPLICA_URLS": replica.url(database=DATABASE),
                    "REPLICA_RETRY_SECONDS": "1",
                },
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            try:
                url = f"http://127.0.0.1:{port}"
                wait_until_serving(url, server, log_path)
                yield Deployment(
                    primary,
                    replica,
                    url,
                    seed["token"],
                    seed["session"],
                    seed["draft"],
                    log_path,
                    env,
                )
            finally:
                server.terminate()
                server.wait(timeout=10)
                log.close()


def claim_ids(answer: Answer) -> set[int]:
    assert answer.status == 200, answer.body[:500]
    return {row["id"] for row in answer.json()["results"]}


# --- The steps --------------------------------------------------------------------------


def anonymous_reads_come_from_the_replica(d: Deployment):
    d.pause_replay()
    claim = d.publish()

    # The primary has it; the replica, paused, has not: anonymous reads show which.
    assert claim not in claim_ids(d.get("/api/v1/claims/"))
    assert d.get(f"/api/v1/claims/{claim}/").status == 404
    assert d.get(f"/fact-checks/{claim}/").status == 404
    # The same reads with a token come from the primary.
    token = {"Authorization": f"Token {d.token}"}
    assert claim in claim_ids(d.get("/api/v1/claims/", **token))
    assert d.get(f"/api/v1/claims/{claim}/", **token).status == 200

    d.resume_replay_and_catch_up()
    assert claim in claim_ids(d.get("/api/v1/claims/"))
    assert d.get(f"/fact-checks/{claim}/").status == 200
    return claim


def a_browser_that_has_just_written_reads_from_the_primary(d: Deployment):
    d.pause_replay()
    claim = d.publish()
    # Any write request (here an anonymous one, refused) pins the browser to the primary
    # for a while.
    written = d.post("/api/v1/claims/", {"text": "x"})
    cookie = written.headers.get("Set-Cookie", "")
    assert "factcheck_primary=1" in cookie, written.headers
    pinned = {"Cookie": "factcheck_primary=1"}

    assert claim in claim_ids(d.get("/api/v1/claims/", **pinned))
    assert claim not in claim_ids(d.get("/api/v1/claims/"))
    d.resume_replay_and_catch_up()


def an_author_reads_back_their_write_at_once(d: Deployment):
    d.pause_replay()
    token = {"Authorization": f"Token {d.token}"}
    created = d.post("/api/v1/claims/", {**d.draft, "text": "Relu à l’instant."}, **token)
    assert created.status == 201, created.body[:500]
    claim = created.json()["id"]
    # Their draft, on their workspace page at once: logged in, they read from the primary.
    read_back = d.get(f"/claims/{claim}/", Cookie=f"sessionid={d.session}")
    assert read_back.status == 200, read_back.body[:300]
    assert "Relu à l’instant." in read_back.body.decode()
    d.resume_replay_and_catch_up()


def a_replica_that_is_down_sends_public_reads_to_the_primary(d: Deployment):
    d.replica.stop("fast")
    try:
        claim = d.publish()
        answer = d.get("/api/v1/claims/")
        assert claim in claim_ids(answer)
        assert d.get(f"/fact-checks/{claim}/").status == 200
        log = d.log.read_text()
        assert "Replica replica_0 is unreachable" in log
        assert "public reads go to the primary" in log
    finally:
        d.replica.start()
    # Back up: after REPLICA_RETRY_SECONDS it is tried again, and serves again.
    d.resume_replay_and_catch_up()
    time.sleep(1.2)
    d.pause_replay()
    claim = d.publish()
    assert claim not in claim_ids(d.get("/api/v1/claims/"))
    d.resume_replay_and_catch_up()


def test_public_reads_go_to_the_replica_and_writers_read_their_own_writes(deployment):
    anonymous_reads_come_from_the_replica(deployment)
    a_browser_that_has_just_written_reads_from_the_primary(deployment)
    an_author_reads_back_their_write_at_once(deployment)
    a_replica_that_is_down_sends_public_reads_to_the_primary(deployment)
