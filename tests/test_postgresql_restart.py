"""A deployment as production runs it, across a real PostgreSQL restart: the roles set up,
migrations run as the owner, gunicorn serving the app as the app role; then writes held
at their commit while the test restarts the cluster (tests/restart_settings.py).

What it shows: a POST committed and then answered 500 is created twice by a retry
without an Idempotency-Key, and once with one; a keyed answer from before a restart is
given again after it; a keyed POST cut off before its commit is written once by its
retry. And the app role, logged in for real, cannot rewrite the audit trail.

One test, one cluster (initdb takes a few seconds): its steps are the functions below.
Runs with the PostgreSQL run of the suite; skipped where PostgreSQL's server is not
installed, except in CI, where that is an error.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from bench.run import free_port
from tests.conftest import ROOT, missing
from tests.pg_cluster import Cluster, server_bindir, throwaway_cluster
from tests.processes import manage_command, wait_until_serving

pytestmark = pytest.mark.postgresql_cluster

DATABASE = "factcheck"
APP, OWNER = "factcheck_app", "factcheck_owner"

SEED = """
import json
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from annotations import services
from annotations.models import Article
from annotations.permissions import REVIEWERS
user = get_user_model().objects.create_user("restart-reviewer")
user.groups.add(Group.objects.get(name=REVIEWERS))
article = Article.objects.get()
sentence = article.sentences.order_by("position")[1]
print(json.dumps({
    "token": services.token_create(user=user),
    "article": article.pk,
    "start": sentence.start,
    "end": sentence.end,
    "quote": article.body[sentence.start:sentence.end],
}))
"""


@dataclass
class Answer:
    status: int
    body: bytes
    headers: dict[str, str]


@dataclass
class Deployment:
    cluster: Cluster
    url: str
    token: str
    claim: dict

    def post_claim(
        self,
        text: str,
        *,
        key: str | None = None,
        pause: Path | None = None,
        where: str = "after-commit",
    ) -> Answer:
        headers = {"Authorization": f"Token {self.token}", "Content-Type": "application/json"}
        if key:
            headers["Idempotency-Key"] = key
        if pause:
            headers |= {"X-Pause-At": where, "X-Pause-Dir": str(pause)}
        body = json.dumps({**self.claim, "text": text}).encode()
        request = urllib.request.Request(f"{self.url}/api/v1/claims/", body, headers)  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                return Answer(response.status, response.read(), dict(response.headers))
        except urllib.error.HTTPError as error:
            return Answer(error.code, error.read(), dict(error.headers))

    def claims(self, text: str) -> int:
        return self.cluster.scalar(
            "SELECT count(*) FROM annotations_claim WHERE text = %s", [text], database=DATABASE
        )


def manage(*args: str, **env: str) -> str:
    return manage_command(*args, env={**server_env(), **env})


def server_env() -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", ""),
        "SECRET_KEY": "a-key-for-the-restart-test",
        "DEBUG": "false",
        "HTTPS": "false",
        "STATIC_MANIFEST": "false",
        "LANGUAGE_CODE": "en",
        "API_THROTTLE_USER": "10000/minute",
    }


@pytest.fixture(scope="module")
def deployment():
    bindir = server_bindir()
    if bindir is None:
        message = "PostgreSQL's server (initdb, pg_ctl) is not installed"
        missing(message)
    with throwaway_cluster(bindir) as cluster:
        with cluster.connect() as connection:
            connection.execute(f"CREATE DATABASE {DATABASE}")
        # As the deployment does: roles by a superuser, then migrate as the owner, then
        # the app (and its commands) as the app role.
        manage("setup_database_roles", DATABASE_URL=cluster.url(database=DATABASE))
        app_env = {"DATABASE_URL": cluster.url(APP, DATABASE)}
        manage("migrate", "--no-input", **app_env, DATABASE_OWNER_URL=cluster.url(OWNER, DATABASE))
        manage("import_article", "samples/", **app_env)
        seed = json.loads(manage("shell", "-c", SEED, **app_env).strip().splitlines()[-1])
        port = free_port()
        log = (cluster.root / "gunicorn.log").open("wb")
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
                "4",
                "--workers",
                "1",
                "--timeout",
                "60",
                "--graceful-timeout",
                "1",
            ],
            cwd=ROOT,
            env={**server_env(), **app_env, "DJANGO_SETTINGS_MODULE": "tests.restart_settings"},
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        try:
            wait_until_serving(f"http://127.0.0.1:{port}", server, cluster.root / "gunicorn.log")
            claim = {k: seed[k] for k in ("article", "start", "end", "quote")}
            yield Deployment(cluster, f"http://127.0.0.1:{port}", seed["token"], claim)
        finally:
            server.terminate()
            server.wait(timeout=10)
            log.close()


def restart_while_paused(deployment: Deployment, send) -> Answer:
    """Send a request that pauses (``send(folder)``), restart PostgreSQL while it waits,
    let it go on; its answer."""
    folder = Path(tempfile.mkdtemp(prefix="factcheck-pause-"))
    answers: list[Answer] = []
    request = threading.Thread(target=lambda: answers.append(send(folder)))
    request.start()
    deadline = time.monotonic() + 30
    while not (folder / "paused").exists():
        assert time.monotonic() < deadline, "the request never paused"
        time.sleep(0.02)
    deployment.cluster.restart()
    (folder / "go").touch()
    request.join(timeout=60)
    return answers[0]


def new_key() -> str:
    return str(uuid.uuid4())


# --- The steps --------------------------------------------------------------------------


def a_committed_post_answered_500_is_created_twice_by_a_retry_without_a_key(d):
    text = "Sans clé : écrite puis 500."
    lost = restart_while_paused(d, lambda folder: d.post_claim(text, pause=folder))
    assert lost.status == 500
    assert d.claims(text) == 1  # committed, though answered 500

    retry = d.post_claim(text)

    assert retry.status == 201
    assert d.claims(text) == 2  # the duplicate that Idempotency-Key prevents
    return {"without key": (lost.status, retry.status, d.claims(text))}


def a_committed_post_answered_500_is_created_once_by_a_retry_with_its_key(d):
    text, key = "Avec clé : écrite puis 500.", new_key()
    lost = restart_while_paused(d, lambda folder: d.post_claim(text, key=key, pause=folder))
    assert lost.status == 500
    assert d.claims(text) == 1

    retry = d.post_claim(text, key=key)

    assert retry.status == 201
    assert retry.headers.get("Idempotent-Replayed") == "true"
    assert json.loads(retry.body)["text"] == text
    assert d.claims(text) == 1
    return {"with key, 500 after commit": (lost.status, retry.status, d.claims(text))}


def a_keyed_answer_from_before_a_restart_is_given_again_after_it(d):
    text, key = "Réponse avant le redémarrage.", new_key()
    first = d.post_claim(text, key=key)
    assert first.status == 201

    d.cluster.restart()
    retry = d.post_claim(text, key=key)

    assert (retry.status, retry.body, retry.headers["ETag"]) == (
        first.status,
        first.body,
        first.headers["ETag"],
    )
    assert d.claims(text) == 1
    return {"with key, answered then restart": (first.status, retry.status, d.claims(text))}


def a_keyed_post_cut_off_before_its_commit_is_written_once_by_its_retry(d):
    text, key = "Coupée avant le COMMIT.", new_key()
    cut = restart_while_paused(
        d, lambda folder: d.post_claim(text, key=key, pause=folder, where="in-transaction")
    )
    assert cut.status == 500
    assert d.claims(text) == 0  # rolled back with the connection

    retry = d.post_claim(text, key=key)

    assert retry.status == 201
    assert "Idempotent-Replayed" not in retry.headers  # nothing was stored: it ran again
    assert d.claims(text) == 1
    return {"with key, cut before commit": (cut.status, retry.status, d.claims(text))}


def posts_in_flight_when_postgresql_restarts_are_written_once_by_their_retries(d):
    """No pause here: four clients keep posting, each with a new key, while the cluster
    restarts; then each retries, with the same key, every post not answered 201."""
    sent: dict[str, int] = {}
    stop = threading.Event()

    def client():
        for _ in range(200):  # bounded, and stopped after the restart
            if stop.is_set():
                return
            key = new_key()
            sent[key] = d.post_claim(f"En vol {key}", key=key).status
            time.sleep(0.01)

    clients = [threading.Thread(target=client) for _ in range(4)]
    for thread in clients:
        thread.start()
    time.sleep(0.3)
    d.cluster.restart()
    time.sleep(0.3)
    stop.set()
    for thread in clients:
        thread.join(timeout=60)

    failed = [key for key, status in sent.items() if status != 201]
    retries = {key: d.post_claim(f"En vol {key}", key=key) for key in failed}

    assert failed, "no post was in flight during the restart"
    assert {answer.status for answer in retries.values()} == {201}
    # Those answered from the store had committed before their answer failed.
    replayed = sum("Idempotent-Replayed" in answer.headers for answer in retries.values())
    claims = d.cluster.scalar(
        "SELECT count(*) FROM annotations_claim WHERE text LIKE 'En vol %%'", database=DATABASE
    )
    distinct = d.cluster.scalar(
        "SELECT count(DISTINCT text) FROM annotations_claim WHERE text LIKE 'En vol %%'",
        database=DATABASE,
    )
    assert claims == distinct == len(sent)
    return {
        "in flight": {
            "posts": len(sent),
            "not 201": len(failed),
            "of which committed (replayed)": replayed,
            "claims": claims,
        }
    }


def the_app_role_logged_in_cannot_rewrite_the_audit_trail(d):
    refused = {}
    with psycopg.connect(d.cluster.url(APP, DATABASE), autocommit=True) as app:
        for statement in (
            "UPDATE annotations_claimevent SET comment = 'x'",
            "DELETE FROM annotations_claimevent",
            "TRUNCATE annotations_claimevent CASCADE",
            "ALTER TABLE annotations_claimevent DISABLE TRIGGER ALL",
            "SET session_replication_role = replica",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege) as refusal:
                app.execute(statement)
            refused[statement.split(" annotations")[0].split(" =")[0]] = str(refusal.value)
        assert app.execute("SELECT count(*) FROM annotations_claimevent").fetchone()[0] > 0
        owners = app.execute(
            "SELECT DISTINCT relowner::regrole::text FROM pg_class "
            "WHERE relnamespace = 'public'::regnamespace"
        ).fetchall()
        assert owners == [(OWNER,)]  # migrate ran as the owner: the app owns nothing
    with (
        d.cluster.connect(database=DATABASE) as superuser,
        pytest.raises(psycopg.errors.InsufficientPrivilege, match="TRUNCATE refused"),
    ):
        superuser.execute("TRUNCATE annotations_claimevent CASCADE")
    return {"app role refused": sorted(refused)}


def test_writes_survive_a_postgresql_restart_without_duplicates_and_the_app_role_is_held(
    deployment,
):
    started = time.monotonic()
    figures = {}
    for step in (
        a_committed_post_answered_500_is_created_twice_by_a_retry_without_a_key,
        a_committed_post_answered_500_is_created_once_by_a_retry_with_its_key,
        a_keyed_answer_from_before_a_restart_is_given_again_after_it,
        a_keyed_post_cut_off_before_its_commit_is_written_once_by_its_retry,
        posts_in_flight_when_postgresql_restarts_are_written_once_by_their_retries,
        the_app_role_logged_in_cannot_rewrite_the_audit_trail,
    ):
        figures |= step(deployment)
    figures["steps took (s)"] = round(time.monotonic() - started, 1)
    print(json.dumps(figures, ensure_ascii=False))
