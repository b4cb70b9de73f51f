"""The public API once an article has several versions: a fact-check stays tied to the
version it checked, and says where its passage stands in the current one.

Claim detail and list rows carry ``anchor``; their ``quote`` and ``selectors`` are the
checked passage, in the checked version's text, which the article's ``versions`` serve.
The Web Annotation's target names that version (``state``), the ClaimReview too."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from annotations import services
from annotations.models import Article, Claim, Verdict
from tests.factories import ArticleFactory, ModeratorFactory, new_version, published_claim

pytestmark = pytest.mark.django_db

FIGURE = "Le gouvernement a présenté mardi un budget en hausse de 3,5 % pour la défense."
CORRECTED = "Le gouvernement a présenté mardi un budget en hausse de 3,1 % pour la défense."
INQUIRY = "Elle réclame une commission d’enquête."


@pytest.fixture
def api():
    return APIClient()


def _detail(api, claim) -> dict:
    return api.get(reverse("api:claim-detail", args=[claim.pk])).json()


def _corrected_article_claim() -> Claim:
    """A published claim on sentence 1, then a new version correcting its figure."""
    claim = published_claim()
    new_version(claim.article, {FIGURE: CORRECTED})
    return Claim.objects.get(pk=claim.pk)


def test_a_claim_on_an_article_never_edited_checked_version_one_and_stands_unchanged(api):
    claim = published_claim()
    anchor = _detail(api, claim)["anchor"]
    assert anchor["state"] == "unchanged"
    assert (anchor["checked_revision"], anchor["current_revision"]) == (1, 1)
    assert (anchor["start"], anchor["end"], anchor["quote"]) == (claim.start, claim.end, FIGURE)
    assert anchor["checked_revision_at"].startswith(str(claim.article.imported_at.year))


def test_a_changed_passage_keeps_the_checked_quote_and_says_how_it_reads_now(api):
    claim = _corrected_article_claim()
    body = _detail(api, claim)
    assert body["quote"] == FIGURE
    anchor = body["anchor"]
    assert anchor["state"] == "changed"
    assert (anchor["checked_revision"], anchor["current_revision"]) == (1, 2)
    assert anchor["quote"] == CORRECTED
    current = Article.objects.get(pk=claim.article_id).body
    assert current[anchor["start"] : anchor["end"]] == CORRECTED
    # The selectors resolve in the text of the version checked, which the API serves.
    position = body["selectors"]["position"]
    version = api.get(reverse("api:article-version", args=[claim.article_id, 1])).json()
    assert version["body"][position["start"] : position["end"]] == FIGURE
    assert version["current"] is False and version["number"] == 1


def test_a_removed_passage_has_no_place_in_the_current_version(api):
    claim = published_claim()
    new_version(claim.article, {FIGURE + " ": ""})
    anchor = _detail(api, claim)["anchor"]
    assert anchor["state"] == "removed"
    assert not {"start", "end", "quote"} & set(anchor)


def test_a_confirmed_new_passage_stays_changed_for_the_public(api):
    claim = _corrected_article_claim()
    services.claim_confirm_span(
        claim=claim,
        user=ModeratorFactory(),
        start=claim.proposed_start,
        end=claim.proposed_end,
        quote=claim.proposed_quote,
        expected_version=claim.version,
    )
    body = _detail(api, claim)
    assert body["anchor"]["state"] == "changed"
    assert body["anchor"]["quote"] == CORRECTED
    assert body["quote"] == FIGURE
    assert body["selectors"]["quote"]["exact"] == FIGURE


def test_list_rows_carry_the_anchor_too(api):
    claim = _corrected_article_claim()
    (row,) = api.get(reverse("api:claim-list")).json()["results"]
    assert row["id"] == claim.pk
    assert row["quote"] == FIGURE
    assert row["anchor"]["state"] == "changed" and row["anchor"]["quote"] == CORRECTED


def test_the_change_feed_includes_a_claim_whose_passage_changed(api):
    claim = published_claim()
    long_ago = timezone.now() - datetime.timedelta(days=3)
    Claim.objects.filter(pk=claim.pk).update(published_at=long_ago)
    Verdict.objects.filter(claim=claim).update(published_at=long_ago)
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    feed = reverse("api:claim-list")
    assert api.get(feed, {"updated_since": since}).json()["results"] == []
    new_version(claim.article, {FIGURE: CORRECTED})
    (row,) = api.get(feed, {"updated_since": since}).json()["results"]
    assert row["id"] == claim.pk
    assert row["updated_at"] > since


def test_a_new_version_changes_the_claims_etag(api):
    claim = published_claim()
    url = reverse("api:claim-detail", args=[claim.pk])
    etag = api.get(url)["ETag"]
    new_version(claim.article, {INQUIRY: "Elle réclame une enquête."})
    response = api.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response.json()["anchor"]["current_revision"] == 2


def test_the_article_lists_its_versions_with_their_addresses(api):
    claim = _corrected_article_claim()
    body = api.get(reverse("api:article-detail", args=[claim.article_id])).json()
    assert body["current_version"] == 2
    assert [v["number"] for v in body["versions"]] == [1, 2]
    assert body["versions"][1]["url"].endswith(f"/api/v1/articles/{claim.article_id}/versions/2/")
    version = api.get(body["versions"][1]["url"]).json()
    assert CORRECTED in version["body"] and version["current"] is True


@pytest.mark.parametrize("versions", [1, 4])
def test_the_article_detail_takes_four_queries_whatever_its_versions(
    api, django_assert_num_queries, versions
):
    claim = published_claim()
    for number in range(2, versions + 1):
        new_version(Article.objects.get(pk=claim.article_id), {"Elle": f"Elle ({number})"})
    with django_assert_num_queries(4):
        body = api.get(reverse("api:article-detail", args=[claim.article_id])).json()
    assert len(body["versions"]) == versions


def test_a_version_takes_two_queries_and_is_public_only_with_a_public_claim(
    api, django_assert_num_queries
):
    claim = published_claim()
    url = reverse("api:article-version", args=[claim.article_id, 1])
    with django_assert_num_queries(2):  # the validator, the version
        assert api.get(url).status_code == 200
    unpublished = ArticleFactory()
    assert api.get(reverse("api:article-version", args=[unpublished.pk, 1])).status_code == 404
    assert api.get(reverse("api:article-version", args=[claim.article_id, 2])).status_code == 404


def test_the_claim_list_takes_two_queries_with_changed_claims(api, django_assert_num_queries):
    for _ in range(3):
        _corrected_article_claim()
    with django_assert_num_queries(2):  # the validator, the page (no "same claim as" marks)
        assert len(api.get(reverse("api:claim-list")).json()["results"]) == 3


# --- Linked data ----------------------------------------------------------------------------------


def _annotation(api, claim) -> dict:
    return api.get(
        reverse("api:annotation_detail", args=[claim.pk]), headers={"Accept": "application/json"}
    ).json()


def test_the_web_annotation_targets_the_version_checked(api):
    claim = _corrected_article_claim()
    target = _annotation(api, claim)["target"]
    version_url = reverse("api:article-version", args=[claim.article_id, 1])
    assert target["state"]["type"] == "TimeState"
    assert target["state"]["cached"].endswith(version_url)
    version = Article.objects.get(pk=claim.article_id).versions.get(number=1)
    assert target["state"]["sourceDate"] == version.imported_at.isoformat()
    quote, position = target["selector"]
    assert quote["exact"] == FIGURE
    assert version.body[position["start"] : position["end"]] == FIGURE


def test_the_web_annotation_says_what_became_of_the_passage(api):
    claim = _corrected_article_claim()
    bodies = _annotation(api, claim)["body"]
    (comment,) = [b for b in bodies if b.get("purpose") == "commenting"]
    assert comment["language"] == "fr"
    assert "(2)" in comment["value"] and CORRECTED in comment["value"]
    untouched = published_claim()
    assert all(b.get("purpose") != "commenting" for b in _annotation(api, untouched)["body"])


def test_the_claimreview_names_the_version_checked_and_the_correction(api):
    claim = _corrected_article_claim()
    review = api.get(
        reverse("api:claim_claimreview", args=[claim.pk]), headers={"Accept": "application/json"}
    ).json()
    appearance = review["itemReviewed"]["appearance"]
    assert appearance["version"] == 1
    assert CORRECTED in appearance["correction"]
