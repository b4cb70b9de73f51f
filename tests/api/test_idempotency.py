"""Idempotency-Key on the write API's POSTs: a retry gets the first answer and writes
nothing; another request under the same key is a 422; a key still in use is a 409."""

from __future__ import annotations

import json
from datetime import timedelta

import psycopg
import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.urls import reverse
from django.utils import timezone

from annotations.models import Claim, ClaimEvent, Evidence, IdempotencyKey
from annotations.services.idempotency import lock_number
from tests.api.test_write_api import EVIDENCE, QUOTE, if_match, token_client, url
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    ModeratorFactory,
    ReviewerFactory,
    ready_claim,
    submitted_claim,
)

pytestmark = pytest.mark.django_db

CLAIMS = reverse("api:claim-create")
KEY = "0b6f3a52-8d0e-4c3f-9a51-7c2e52f0d001"


def key(value: str = KEY) -> dict:
    return {"HTTP_IDEMPOTENCY_KEY": value}


@pytest.fixture
def api(reviewer):
    return token_client(reviewer)


@pytest.fixture
def new_claim(reviewer):
    article = ArticleFactory()
    return {"article": article.pk, "quote": QUOTE, "text": "Une enquête est demandée."}


def test_a_post_retried_with_its_key_gets_the_first_answer_and_creates_one_claim(api, new_claim):
    first = api.post(CLAIMS, new_claim, format="json", **key())
    retry = api.post(CLAIMS, new_claim, format="json", **key())

    assert first.status_code == retry.status_code == 201
    assert retry.content == first.content
    assert retry["ETag"] == first["ETag"] == '"1"'
    assert retry["Idempotent-Replayed"] == "true"
    assert not first.has_header("Idempotent-Replayed")
    assert Claim.objects.count() == 1
    assert ClaimEvent.objects.count() == 1


def test_without_a_key_the_same_post_sent_twice_creates_two_claims(api, new_claim):
    """What a client that retries without a key gets: the reason for the header."""
    api.post(CLAIMS, new_claim, format="json")
    api.post(CLAIMS, new_claim, format="json")

    assert Claim.objects.count() == 2


def test_a_replay_reads_the_stored_answer_and_writes_nothing(
    api, new_claim, django_assert_num_queries
):
    api.post(CLAIMS, new_claim, format="json", **key())

    # Knox's token (2), the user's roles (1), then the stored answer (1) inside the
    # transaction (a savepoint and its release here, in the test's transaction); on
    # PostgreSQL the key's lock is one more.
    expected = 7 if connection.vendor == "postgresql" else 6
    with django_assert_num_queries(expected):
        retry = api.post(CLAIMS, new_claim, format="json", **key())

    assert retry.status_code == 201


def test_the_same_key_with_another_body_is_a_422_and_writes_nothing(api, new_claim):
    api.post(CLAIMS, new_claim, format="json", **key())

    other = api.post(CLAIMS, {**new_claim, "text": "Autre chose."}, format="json", **key())

    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_key_reused"
    assert Claim.objects.count() == 1


def test_the_same_key_on_another_endpoint_is_a_422(api, reviewer, new_claim):
    created = api.post(CLAIMS, new_claim, format="json", **key())
    claim = Claim.objects.get(pk=created.json()["id"])

    other = api.post(url("evidence", claim), EVIDENCE, format="json", **key())

    assert other.status_code == 422
    assert not Evidence.objects.exists()


def test_keys_are_per_user(api, new_claim):
    other_api = token_client(ReviewerFactory())

    mine = api.post(CLAIMS, new_claim, format="json", **key())
    theirs = other_api.post(CLAIMS, new_claim, format="json", **key())

    assert mine.status_code == theirs.status_code == 201
    assert mine.json()["id"] != theirs.json()["id"]
    assert Claim.objects.count() == 2


def test_an_expired_key_runs_the_write_again_and_replaces_its_answer(api, new_claim, settings):
    first = api.post(CLAIMS, new_claim, format="json", **key())
    IdempotencyKey.objects.update(
        created_at=timezone.now() - timedelta(hours=settings.IDEMPOTENCY_KEY_HOURS, seconds=1)
    )

    again = api.post(CLAIMS, new_claim, format="json", **key())

    assert again.status_code == 201
    assert again.json()["id"] != first.json()["id"]
    assert Claim.objects.count() == 2
    assert json.loads(IdempotencyKey.objects.get().body) == again.json()


def test_a_refused_write_stores_nothing_and_the_key_can_be_sent_again(api, new_claim):
    refused = api.post(CLAIMS, {**new_claim, "quote": "introuvable"}, format="json", **key())
    assert refused.status_code == 400
    assert not IdempotencyKey.objects.exists()

    fixed = api.post(CLAIMS, new_claim, format="json", **key())

    assert fixed.status_code == 201
    assert Claim.objects.count() == 1


def test_the_write_and_its_stored_answer_commit_together_or_not_at_all(api, new_claim, monkeypatch):
    """If storing the answer fails, the write is rolled back with it: there is never a
    committed write without its answer."""
    from annotations import services

    def broken(**kwargs):
        raise DatabaseError("the connection was lost")

    monkeypatch.setattr(services, "idempotency_record", broken)

    with pytest.raises(DatabaseError):
        api.post(CLAIMS, new_claim, format="json", **key())

    assert not Claim.objects.exists()
    assert not ClaimEvent.objects.exists()


@pytest.mark.parametrize(
    "value",
    ["", "x" * 256, "clé-accentuée", "two words", "tab\there"],
    ids=["empty", "too-long", "not-ascii", "space", "control"],
)
def test_a_key_that_is_not_1_to_255_visible_ascii_characters_is_a_400(api, new_claim, value):
    response = api.post(CLAIMS, new_claim, format="json", **key(value))

    assert response.status_code == 400
    assert list(response.json()) == ["Idempotency-Key"]
    assert not Claim.objects.exists()


def test_a_key_of_255_characters_is_accepted(api, new_claim):
    response = api.post(CLAIMS, new_claim, format="json", **key("k" * 255))

    assert response.status_code == 201


# --- Every POST of the write API ----------------------------------------------------------


def _evidence(reviewer):
    claim = ClaimFactory(author=reviewer)
    return token_client(reviewer), url("evidence", claim), EVIDENCE, {}, claim


def _submit(reviewer):
    claim = ready_claim(author=reviewer)
    return token_client(reviewer), url("submit", claim), None, if_match(claim.version), claim


def _approve(reviewer):
    claim = submitted_claim(author=reviewer)
    moderator = token_client(ModeratorFactory())
    return moderator, url("approve", claim), {"comment": "Bien."}, {}, claim


def _request_changes(reviewer):
    claim = submitted_claim(author=reviewer)
    moderator = token_client(ModeratorFactory())
    return moderator, url("request-changes", claim), {"comment": "Une source."}, {}, claim


@pytest.mark.parametrize(
    "make",
    [_evidence, _submit, _approve, _request_changes],
    ids=["evidence", "submit", "approve", "request-changes"],
)
def test_every_post_on_a_claim_answers_a_retry_with_its_key_from_the_store(reviewer, make):
    client, path, data, headers, claim = make(reviewer)

    first = client.post(path, data, format="json", **headers, **key())
    events = ClaimEvent.objects.filter(claim=claim).count()
    retry = client.post(path, data, format="json", **headers, **key())

    assert first.status_code in {200, 201}, first.json()
    assert (retry.status_code, retry.content, retry["ETag"]) == (
        first.status_code,
        first.content,
        first["ETag"],
    )
    assert ClaimEvent.objects.filter(claim=claim).count() == events
    claim.refresh_from_db()
    assert f'"{claim.version}"' == first["ETag"]


def test_a_retry_of_a_submission_without_its_key_is_refused_as_a_conflict(reviewer):
    """Transitions were already safe from a double write, not from a wrong answer: without
    a key the retry of a committed submission is a 409, with one it is the first 200."""
    client, path, _data, headers, _claim = _submit(reviewer)
    client.post(path, **headers)

    assert client.post(path, **headers).status_code == 409


def test_the_session_and_a_token_of_the_same_user_share_their_keys(client, reviewer, new_claim):
    body = json.dumps(new_claim)
    api = token_client(reviewer)
    first = api.post(CLAIMS, body, content_type="application/json", **key())
    client.force_login(reviewer)

    retry = client.post(CLAIMS, body, content_type="application/json", **key())

    assert retry.status_code == 201
    assert retry.json() == first.json()
    assert Claim.objects.count() == 1


# --- A key still being processed (PostgreSQL) --------------------------------------------


@pytest.mark.postgresql
def test_a_key_still_being_processed_is_a_409_on_postgresql(api, reviewer, new_claim):
    """The first request holds the key's lock until its transaction ends: a concurrent
    retry (here, another connection holding that lock) is told to come back."""
    params = connection.get_connection_params()
    other = psycopg.connect(**{k: v for k, v in params.items() if k != "cursor_factory"})
    try:
        other.execute("SELECT pg_advisory_lock(%s)", [lock_number(reviewer.pk, KEY)])

        busy = api.post(CLAIMS, new_claim, format="json", **key())

        assert busy.status_code == 409
        assert busy.json()["code"] == "idempotency_key_in_use"
        assert not Claim.objects.exists()
        other.execute("SELECT pg_advisory_unlock_all()")
        assert api.post(CLAIMS, new_claim, format="json", **key()).status_code == 201
    finally:
        other.close()


# --- Clean-up -----------------------------------------------------------------------------


def test_purge_idempotency_keys_deletes_the_expired_answers_only(api, new_claim, settings):
    api.post(CLAIMS, new_claim, format="json", **key("old"))
    api.post(CLAIMS, new_claim, format="json", **key("new"))
    IdempotencyKey.objects.filter(key="old").update(
        created_at=timezone.now() - timedelta(hours=settings.IDEMPOTENCY_KEY_HOURS + 1)
    )

    call_command("purge_idempotency_keys", verbosity=0)

    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["new"]


# --- The schema ---------------------------------------------------------------------------


def test_every_write_post_documents_the_header_and_its_409_and_422(client):
    import yaml

    document = yaml.safe_load(client.get("/api/schema/").content)
    posts = {
        path: operations["post"]
        for path, operations in document["paths"].items()
        # POST /api/v1/similar is a read (a batch of searches): nothing to make idempotent.
        if path.startswith("/api/v1/") and "post" in operations and path != "/api/v1/similar"
    }
    assert len(posts) == 5
    for path, operation in posts.items():
        headers = {p["name"] for p in operation["parameters"] if p["in"] == "header"}
        assert "Idempotency-Key" in headers, path
        assert {"409", "422"} <= set(operation["responses"]), path
