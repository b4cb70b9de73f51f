"""The write API: /api/v1/claims/ (POST) and the claim's evidence, verdict, submit,
approve and request-changes endpoints, with tokens or the session."""

from __future__ import annotations

import pytest
from django.urls import reverse
from knox.models import AuthToken
from rest_framework.test import APIClient

from annotations.models import Claim
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    ModeratorFactory,
    ReviewerFactory,
    UserFactory,
    ready_claim,
    submitted_claim,
)

pytestmark = pytest.mark.django_db

CLAIMS = reverse("api:claim-create")
QUOTE = "Elle réclame une commission d’enquête."
EVIDENCE = {
    "url": "https://www.assemblee-nationale.fr/dyn/commissions",
    "title": "Les commissions d'enquête",
    "stance": "context",
}
VERDICT = {"rating": "mostly_true", "rationale": "Une demande **réelle**."}


def token_client(user) -> APIClient:
    _instance, token = AuthToken.objects.create(user=user)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return api


def url(name: str, claim) -> str:
    return reverse(f"api:claim-{name}", args=[claim.pk])


def if_match(version) -> dict:
    return {"HTTP_IF_MATCH": f'"{version}"'}


@pytest.fixture
def reviewer():
    return ReviewerFactory()


@pytest.fixture
def api(reviewer):
    return token_client(reviewer)


@pytest.fixture
def article():
    return ArticleFactory()


# --- The journey ------------------------------------------------------------------------


def test_a_reviewer_drafts_submits_and_a_moderator_publishes_through_the_api(
    client, reviewer, article
):
    # The reviewer makes a token in the UI; it is shown once.
    client.force_login(reviewer)
    page = client.post(reverse("annotations:token_list"))
    token = page.context["new_token"]
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    created = api.post(
        CLAIMS,
        {
            "article": article.pk,
            "quote": QUOTE,
            "text": "L'opposition veut une enquête.",
            "claimant": "L'opposition",
        },
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["status"] == Claim.Status.DRAFT
    assert body["version"] == 1 and created["ETag"] == '"1"'
    assert article.body[body["start"] : body["end"]] == QUOTE
    claim = Claim.objects.get(pk=body["id"])
    assert claim.author == reviewer

    evidence = api.post(url("evidence", claim), EVIDENCE, **if_match(1))
    assert evidence.status_code == 201, evidence.json()
    assert evidence["ETag"] == '"2"'
    assert evidence.json()["evidence"][0]["url"] == EVIDENCE["url"]

    verdict = api.put(url("verdict", claim), VERDICT, **if_match(2))
    assert verdict.status_code == 200, verdict.json()
    assert verdict.json()["verdict"]["rating"] == "mostly_true"
    assert verdict["ETag"] == '"3"'

    submitted = api.post(url("submit", claim), **if_match(3))
    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["status"] == Claim.Status.IN_REVIEW

    assert APIClient().get(reverse("api:claim-detail", args=[claim.pk])).status_code == 404
    approved = token_client(ModeratorFactory()).post(url("approve", claim), {"comment": "OK"})
    assert approved.status_code == 200, approved.json()
    assert approved.json()["status"] == Claim.Status.PUBLISHED

    public = APIClient().get(reverse("api:claim-detail", args=[claim.pk]))
    assert public.status_code == 200
    assert public.json()["id"] == claim.pk


def test_the_public_claim_list_still_answers_anonymous_get_requests():
    assert APIClient().get(CLAIMS).status_code == 200


# --- Creating a claim -------------------------------------------------------------------


def test_a_claim_can_be_created_by_offsets(api, article):
    start = article.body.index(QUOTE)
    response = api.post(
        CLAIMS,
        {
            "article": article.pk,
            "start": start,
            "end": start + len(QUOTE),
            "quote": QUOTE,
            "text": "Une enquête est demandée.",
        },
    )
    assert response.status_code == 201, response.json()
    assert (response.json()["start"], response.json()["end"]) == (start, start + len(QUOTE))


def test_an_ambiguous_quote_needs_an_occurrence(api, article):
    data = {"article": article.pk, "quote": "un", "text": "Un texte."}
    response = api.post(CLAIMS, data)
    assert response.status_code == 400
    assert list(response.json()) == ["occurrence"]

    second = api.post(CLAIMS, {**data, "occurrence": 1})
    assert second.status_code == 201, second.json()
    starts = [i for i in range(len(article.body)) if article.body.startswith("un", i)]
    assert second.json()["start"] == starts[1]

    too_far = api.post(CLAIMS, {**data, "occurrence": len(starts)})
    assert too_far.status_code == 400 and "occurrence" in too_far.json()


def test_a_quote_missing_from_the_article_is_a_400_on_quote(api, article):
    response = api.post(CLAIMS, {"article": article.pk, "quote": "introuvable", "text": "x"})
    assert response.status_code == 400
    assert list(response.json()) == ["quote"]


def test_bad_offsets_are_400s_on_the_offending_field(api, article):
    base = {"article": article.pk, "quote": QUOTE, "text": "x"}
    reversed_span = api.post(CLAIMS, {**base, "start": 10, "end": 5})
    assert reversed_span.status_code == 400 and "start" in reversed_span.json()
    past_the_end = api.post(CLAIMS, {**base, "start": 0, "end": len(article.body) + 1})
    assert past_the_end.status_code == 400 and "end" in past_the_end.json()
    only_start = api.post(CLAIMS, {**base, "start": 0})
    assert only_start.status_code == 400 and "end" in only_start.json()
    negative = api.post(CLAIMS, {**base, "start": -1, "end": 4})
    assert negative.status_code == 400 and "start" in negative.json()


def test_a_quote_that_does_not_match_the_offsets_is_a_400_on_quote(api, article):
    response = api.post(
        CLAIMS, {"article": article.pk, "start": 0, "end": 10, "quote": QUOTE, "text": "x"}
    )
    assert response.status_code == 400
    assert list(response.json()) == ["quote"]


def test_missing_fields_and_an_unknown_article_are_400s_per_field(api):
    response = api.post(CLAIMS, {"article": 999999, "quote": QUOTE})
    assert response.status_code == 400
    assert set(response.json()) == {"article", "text"}


# --- Evidence, verdict, versions --------------------------------------------------------


def test_a_javascript_evidence_url_is_a_400_on_url(reviewer):
    claim = ClaimFactory(author=reviewer)
    response = token_client(reviewer).post(
        url("evidence", claim), {**EVIDENCE, "url": "javascript:alert(1)"}
    )
    assert response.status_code == 400
    assert list(response.json()) == ["url"]
    assert not claim.evidence.exists()


def test_a_stale_if_match_is_a_412_with_the_current_version(reviewer):
    claim = ClaimFactory(author=reviewer)
    api = token_client(reviewer)
    assert api.post(url("evidence", claim), EVIDENCE).status_code == 201
    response = api.put(url("verdict", claim), VERDICT, **if_match(1))
    assert response.status_code == 412
    assert response.json()["version"] == 2
    stale_evidence = api.post(url("evidence", claim), EVIDENCE, **if_match(1))
    assert stale_evidence.status_code == 412


def test_a_verdict_or_a_submission_without_if_match_is_a_428(reviewer):
    claim = ready_claim(author=reviewer)
    api = token_client(reviewer)
    assert api.put(url("verdict", claim), VERDICT).status_code == 428
    assert api.post(url("submit", claim)).status_code == 428
    assert api.put(url("verdict", claim), VERDICT, HTTP_IF_MATCH="soon").status_code == 400


def test_a_weak_or_bare_etag_is_accepted(reviewer):
    claim = ClaimFactory(author=reviewer)
    api = token_client(reviewer)
    assert api.put(url("verdict", claim), VERDICT, HTTP_IF_MATCH='W/"1"').status_code == 200
    assert api.put(url("verdict", claim), VERDICT, HTTP_IF_MATCH="2").status_code == 200


def test_an_invalid_rating_is_a_400_on_rating(reviewer):
    claim = ClaimFactory(author=reviewer)
    response = token_client(reviewer).put(
        url("verdict", claim), {"rating": "pants_on_fire", "rationale": ""}, **if_match(1)
    )
    assert response.status_code == 400
    assert set(response.json()) == {"rating", "rationale"}


def test_submitting_an_incomplete_claim_is_a_409_listing_what_is_missing(reviewer):
    claim = ClaimFactory(author=reviewer)
    response = token_client(reviewer).post(url("submit", claim), **if_match(claim.version))
    assert response.status_code == 409
    assert len(response.json()["missing"]) == 3


def test_another_reviewer_cannot_edit_a_draft_they_can_see(reviewer):
    claim = ClaimFactory()
    api = token_client(reviewer)
    assert api.post(url("evidence", claim), EVIDENCE).status_code == 403
    assert api.put(url("verdict", claim), VERDICT, **if_match(1)).status_code == 403


def test_editing_a_claim_in_review_is_a_409(reviewer):
    claim = submitted_claim(author=reviewer)
    response = token_client(reviewer).post(url("evidence", claim), EVIDENCE)
    assert response.status_code == 409


def test_an_unknown_claim_is_a_404(api):
    missing = Claim(pk=999999)
    assert api.post(url("evidence", missing), EVIDENCE).status_code == 404
    assert api.post(url("submit", missing), **if_match(1)).status_code == 404


# --- Moderation -------------------------------------------------------------------------


def test_a_moderator_approving_their_own_verdict_gets_a_403(article):
    moderator = ModeratorFactory()
    claim = submitted_claim(author=moderator, article=article)
    response = token_client(moderator).post(url("approve", claim))
    assert response.status_code == 403
    assert response.json()["code"] == "four_eyes"
    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_REVIEW


def test_a_second_approval_is_a_409():
    claim = submitted_claim()
    assert token_client(ModeratorFactory()).post(url("approve", claim)).status_code == 200
    second = token_client(ModeratorFactory()).post(url("approve", claim))
    assert second.status_code == 409
    assert "detail" in second.json()


def test_a_reviewer_cannot_approve_or_request_changes(api):
    claim = submitted_claim()
    assert api.post(url("approve", claim)).status_code == 403
    assert api.post(url("request-changes", claim), {"comment": "Non."}).status_code == 403


def test_a_moderator_sends_a_claim_back_with_a_comment():
    claim = submitted_claim()
    api = token_client(ModeratorFactory())
    empty = api.post(url("request-changes", claim), {"comment": ""})
    assert empty.status_code == 400 and "comment" in empty.json()
    response = api.post(url("request-changes", claim), {"comment": "Une source de plus."})
    assert response.status_code == 200
    assert response.json()["status"] == Claim.Status.CHANGES_REQUESTED


# --- Authentication ---------------------------------------------------------------------


def test_anonymous_requests_are_401(article):
    claim = ClaimFactory(article=article)
    anonymous = APIClient()
    assert anonymous.post(CLAIMS, {"article": article.pk, "quote": QUOTE}).status_code == 401
    assert anonymous.post(url("evidence", claim), EVIDENCE).status_code == 401
    assert anonymous.post(url("approve", claim)).status_code == 401


def test_a_revoked_token_is_401(reviewer, article):
    instance, token = AuthToken.objects.create(user=reviewer)
    instance.delete()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = api.post(CLAIMS, {"article": article.pk, "quote": QUOTE, "text": "x"})
    assert response.status_code == 401


def test_a_logged_in_user_without_a_role_gets_403(article):
    response = token_client(UserFactory()).post(
        CLAIMS, {"article": article.pk, "quote": QUOTE, "text": "x"}
    )
    assert response.status_code == 403


def test_session_auth_needs_the_csrf_token(reviewer, article):
    api = APIClient(enforce_csrf_checks=True)
    api.force_login(reviewer)
    data = {"article": article.pk, "quote": QUOTE, "text": "x"}
    assert api.post(CLAIMS, data).status_code == 403

    api.get(reverse("annotations:token_list"))  # any page sets the CSRF cookie
    csrf = api.cookies["csrftoken"].value
    assert api.post(CLAIMS, data, HTTP_X_CSRFTOKEN=csrf).status_code == 201
