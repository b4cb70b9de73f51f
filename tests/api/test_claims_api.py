"""The public read API: /api/v1/claims/ and /api/v1/articles/."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from annotations import services
from annotations.models import Claim, Verdict
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    EvidenceFactory,
    ExternalFactCheckFactory,
    ModeratorFactory,
    VerdictFactory,
    pending_correction,
    published_claim,
    ready_claim,
    submitted_claim,
)

pytestmark = pytest.mark.django_db

CLAIMS = reverse("api:claim-list")
ARTICLES = reverse("api:article-list")


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def moderator():
    return ModeratorFactory()


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


def _claim_url(claim) -> str:
    return reverse("api:claim-detail", args=[claim.pk])


def _corrected(claim, moderator, rating=Verdict.Rating.FALSE) -> Claim:
    pending_correction(claim, rating=rating, submit=True)
    return services.claim_approve(claim=claim, moderator=moderator)


def _retracted(claim, moderator, note="Source retirée par son auteur.") -> Claim:
    return services.claim_retract(claim=claim, moderator=moderator, note=note)


@pytest.fixture
def unpublished():
    """A claim in each non-public status, all on one article."""
    article = ArticleFactory(publisher="Le Quotidien", language="fr")
    draft = ready_claim(article=article, text="Brouillon secret sur la défense.")
    in_review = submitted_claim(article=article, text="En revue secret sur la défense.")
    sent_back = submitted_claim(article=article, text="Renvoyé secret sur la défense.")
    services.claim_request_changes(claim=sent_back, moderator=ModeratorFactory(), comment="Non")
    sent_back.refresh_from_db()
    statuses = {draft.status, in_review.status, sent_back.status}
    assert statuses == {"draft", "in_review", "changes_requested"}
    return [draft, in_review, sent_back]


# --- Access -------------------------------------------------------------------------------


def test_anonymous_clients_read_the_claim_list_and_a_claim(api):
    claim = published_claim()
    assert _ids(api.get(CLAIMS)) == [claim.pk]
    response = api.get(_claim_url(claim))
    assert response.status_code == 200
    assert response.json()["id"] == claim.pk


def test_a_logged_in_user_reads_the_same_list(api, reviewer):
    claim = published_claim()
    api.force_login(reviewer)
    assert _ids(api.get(CLAIMS)) == [claim.pk]


# --- Drafts never leak -------------------------------------------------------------------

LEAK_QUERIES = [
    {},
    {"q": "secret"},
    {"q": "défense"},
    {"claimant": "gouvernement"},
    {"publisher": "le quotidien"},
    {"language": "fr"},
    {"rating": Verdict.Rating.MOSTLY_FALSE},
    {"published_after": "2000-01-01"},
    {"published_before": "2999-01-01"},
    {"updated_since": "2000-01-01"},
    {"ordering": "updated"},
]


@pytest.mark.parametrize("params", LEAK_QUERIES, ids=lambda p: ",".join(p) or "none")
def test_drafts_in_review_and_sent_back_claims_never_appear_in_the_list(api, unpublished, params):
    public = published_claim(article=unpublished[0].article)
    assert _ids(api.get(CLAIMS, {**params})) in ([public.pk], [])
    assert _ids(api.get(CLAIMS, {**params, "article": public.article_id})) in ([public.pk], [])


def test_unpublished_claims_are_not_found_in_the_detail(api, unpublished):
    for claim in unpublished:
        assert api.get(_claim_url(claim)).status_code == 404
    assert api.get(reverse("api:claim-detail", args=[999_999])).status_code == 404


def test_articles_with_only_unpublished_claims_are_not_listed_nor_found(api, unpublished):
    article = unpublished[0].article
    assert _ids(api.get(ARTICLES)) == []
    assert api.get(reverse("api:article-detail", args=[article.pk])).status_code == 404


def test_an_article_shows_its_public_claims_only(api, unpublished):
    article = unpublished[0].article
    public = published_claim(article=article)
    assert _ids(api.get(ARTICLES)) == [article.pk]
    body = api.get(reverse("api:article-detail", args=[article.pk])).json()
    assert [c["id"] for c in body["claims"]] == [public.pk]
    assert body["public_claim_count"] == 1
    assert "secret" not in str(body)


def test_a_correction_in_progress_does_not_show_until_approved(api):
    claim = published_claim()
    pending_correction(claim, rating=Verdict.Rating.FALSE, submit=True)
    body = api.get(_claim_url(claim)).json()
    assert body["status"] == "published"
    assert body["rating"]["code"] == Verdict.Rating.MOSTLY_FALSE
    assert [v["version"] for v in body["corrections"]] == [1]
    assert _ids(api.get(CLAIMS, {"rating": Verdict.Rating.FALSE})) == []


# --- The detail ----------------------------------------------------------------------------


def test_the_detail_has_selectors_article_rating_rationale_evidence_and_links(api):
    article = ArticleFactory(
        publisher="Le Quotidien", source_url="https://www.example.org/budget", language="fr"
    )
    claim = ClaimFactory(article=article, claimant="Le ministre")
    EvidenceFactory(claim=claim, url="https://www.insee.fr/a", title="Annexe", quote="3,1 %")
    VerdictFactory(claim=claim, rationale="Faux : **3,1 %**.<script>alert(1)</script>")
    services.claim_submit(claim=claim, user=claim.author)
    services.claim_approve(claim=claim, moderator=ModeratorFactory())
    claim.refresh_from_db()

    body = api.get(_claim_url(claim)).json()

    assert body["text"] == claim.text
    assert body["claimant"] == "Le ministre"
    assert body["selectors"] == {
        "position": {"start": claim.start, "end": claim.end},
        "quote": {"exact": claim.quote, "prefix": claim.prefix, "suffix": claim.suffix},
    }
    assert body["article"]["id"] == article.pk
    assert body["article"]["publisher"] == "Le Quotidien"
    assert body["article"]["source_url"] == "https://www.example.org/budget"
    assert body["article"]["url"].endswith(reverse("api:article-detail", args=[article.pk]))
    assert body["rating"] == {
        "code": "mostly_false",
        "value": 2,
        "label": {"fr": "Plutôt faux", "en": "Mostly false"},
    }
    assert "<strong>3,1 %</strong>" in body["rationale"]["html"]
    assert "<script" not in body["rationale"]["html"]
    assert body["rationale"]["markdown"].startswith("Faux : **3,1 %**.")
    assert body["evidence"] == [
        {
            "url": "https://www.insee.fr/a",
            "title": "Annexe",
            "publisher": "Insee",
            "published_on": None,
            "quote": "3,1 %",
            "stance": "refutes",
        }
    ]
    assert body["status"] == "published"
    assert body["version"] == 1
    assert body["retracted_at"] is None
    assert body["retraction_note"] == ""
    assert body["published_at"] == body["updated_at"]
    assert body["public_url"].endswith(reverse("annotations:public_claim_detail", args=[claim.pk]))
    assert body["claimreview_url"] == f"http://testserver/api/v1/claims/{claim.pk}/claimreview"
    assert body["annotation_url"] == f"http://testserver/api/v1/annotations/{claim.pk}"


def test_a_rating_outside_the_scale_has_no_value_but_its_labels(api):
    claim = ClaimFactory()
    EvidenceFactory(claim=claim)
    VerdictFactory(claim=claim, rating=Verdict.Rating.MISLEADING)
    services.claim_submit(claim=claim, user=claim.author)
    services.claim_approve(claim=claim, moderator=ModeratorFactory())
    rating = api.get(_claim_url(claim)).json()["rating"]
    assert rating["value"] is None
    assert rating["label"]["en"] == "Misleading"
    assert rating["label"]["fr"] != "Misleading"


def test_the_detail_lists_every_published_version_with_its_correction_note(api, moderator):
    claim = _corrected(published_claim(), moderator)
    body = api.get(_claim_url(claim)).json()
    assert body["status"] == "corrected"
    assert body["version"] == 2
    assert body["rating"]["code"] == "false"
    versions = body["corrections"]
    assert [v["version"] for v in versions] == [2, 1]
    assert versions[0]["correction_note"] == "La hausse est de 3,1 %, pas de 3,5 %."
    assert versions[1]["correction_note"] == ""
    assert versions[0]["published_at"] == body["updated_at"]
    assert body["updated_at"] > body["published_at"]


def test_a_retracted_claim_stays_public_with_its_note(api, moderator):
    claim = _retracted(published_claim(), moderator)
    body = api.get(_claim_url(claim)).json()
    assert body["status"] == "retracted"
    assert body["retraction_note"] == "Source retirée par son auteur."
    assert body["retracted_at"] == body["updated_at"]


# --- Filters -------------------------------------------------------------------------------


def test_rating_filters_on_the_current_published_rating(api, moderator):
    kept = published_claim()
    corrected = _corrected(published_claim(), moderator, rating=Verdict.Rating.TRUE)
    assert _ids(api.get(CLAIMS, {"rating": "mostly_false"})) == [kept.pk]
    assert _ids(api.get(CLAIMS, {"rating": "true"})) == [corrected.pk]
    assert api.get(CLAIMS, {"rating": "nonsense"}).status_code == 400


def test_article_filters_on_the_article_id(api):
    first, second = published_claim(), published_claim()
    assert _ids(api.get(CLAIMS, {"article": first.article_id})) == [first.pk]
    assert _ids(api.get(CLAIMS, {"article": second.article_id})) == [second.pk]
    assert _ids(api.get(CLAIMS, {"article": 999_999})) == []


def test_publisher_filters_on_the_article_publisher_ignoring_case(api):
    ours = published_claim(article=ArticleFactory(publisher="Le Quotidien"))
    published_claim(article=ArticleFactory(publisher="L'Hebdo"))
    assert _ids(api.get(CLAIMS, {"publisher": "le QUOTIDIEN"})) == [ours.pk]
    assert _ids(api.get(CLAIMS, {"publisher": "Quotidien"})) == []


def test_claimant_filters_on_part_of_the_name(api):
    ours = published_claim(claimant="Jean Dupont, ministre")
    published_claim(claimant="L'opposition")
    assert _ids(api.get(CLAIMS, {"claimant": "dupont"})) == [ours.pk]


def test_language_filters_on_the_article_language(api):
    french = published_claim(article=ArticleFactory(language="fr"))
    english = published_claim(article=ArticleFactory(language="en"))
    assert _ids(api.get(CLAIMS, {"language": "fr"})) == [french.pk]
    assert _ids(api.get(CLAIMS, {"language": "EN"})) == [english.pk]


def _published_on(claim, moment) -> Claim:
    Claim.objects.filter(pk=claim.pk).update(published_at=moment)
    Verdict.objects.filter(claim=claim).update(published_at=moment)
    return claim


def test_published_after_and_before_take_dates_and_datetimes(api):
    tz = datetime.UTC
    march = _published_on(published_claim(), datetime.datetime(2025, 3, 10, 12, tzinfo=tz))
    may = _published_on(published_claim(), datetime.datetime(2025, 5, 20, 8, tzinfo=tz))
    assert _ids(api.get(CLAIMS, {"published_after": "2025-04-01"})) == [may.pk]
    assert _ids(api.get(CLAIMS, {"published_before": "2025-04-01"})) == [march.pk]
    # A date includes its whole day; a date-time is exact.
    assert _ids(api.get(CLAIMS, {"published_before": "2025-03-10"})) == [march.pk]
    assert _ids(api.get(CLAIMS, {"published_before": "2025-03-10T11:00:00Z"})) == []
    assert _ids(api.get(CLAIMS, {"published_after": "2025-05-20T08:00:00Z"})) == [may.pk]
    both = {"published_after": "2025-03-01", "published_before": "2025-06-01"}
    assert _ids(api.get(CLAIMS, both)) == [may.pk, march.pk]
    assert api.get(CLAIMS, {"published_after": "last tuesday"}).status_code == 400


def test_updated_since_returns_corrections_and_retractions_after_the_time(api, moderator):
    old = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    untouched = _published_on(published_claim(), old)
    corrected = _published_on(published_claim(), old)
    retracted = _published_on(published_claim(), old)
    since = timezone.now()
    _corrected(corrected, moderator)
    _retracted(retracted, moderator)
    fresh = published_claim()

    response = api.get(CLAIMS, {"updated_since": since.isoformat().replace("+00:00", "Z")})

    statuses = {item["id"]: item["status"] for item in response.json()["results"]}
    assert statuses == {
        corrected.pk: "corrected",
        retracted.pk: "retracted",
        fresh.pk: "published",
    }
    assert untouched.pk not in statuses
    feed = _ids(api.get(CLAIMS, {"updated_since": since.isoformat(), "ordering": "updated"}))
    assert feed == [corrected.pk, retracted.pk, fresh.pk]


def test_a_correction_started_but_not_published_is_not_a_change(api):
    claim = _published_on(published_claim(), datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC))
    since = timezone.now()
    pending_correction(claim, submit=True)
    assert _ids(api.get(CLAIMS, {"updated_since": since.isoformat()})) == []


def test_q_finds_a_claim_by_a_word_of_its_text_quote_or_claimant(api):
    article = ArticleFactory()
    by_text = published_claim(article=article, text="Les impôts baissent cette année.")
    by_claimant = published_claim(article=article, claimant="Madame Zorglub")
    assert _ids(api.get(CLAIMS, {"q": "impôts"})) == [by_text.pk]
    assert _ids(api.get(CLAIMS, {"q": "zorglub"})) == [by_claimant.pk]
    # The quote: every claim of the factory quotes the article's first sentence.
    assert set(_ids(api.get(CLAIMS, {"q": "gouvernement"}))) == {by_text.pk, by_claimant.pk}
    assert _ids(api.get(CLAIMS, {"q": "introuvable"})) == []


def test_q_ignores_accents_on_postgresql_and_matches_them_exactly_on_sqlite(api):
    claim = published_claim(text="La dépense de défense explose.")
    assert _ids(api.get(CLAIMS, {"q": "défense"})) == [claim.pk]
    unaccented = _ids(api.get(CLAIMS, {"q": "DEFENSE"}))
    if connection.vendor == "postgresql":
        # unaccent + stemming: the word without its accents, in any case, finds it.
        assert unaccented == [claim.pk]
        assert _ids(api.get(CLAIMS, {"q": "dépenses"})) == [claim.pk]
    else:
        # SQLite's icontains folds ASCII case only: "defense" is not "défense".
        assert unaccented == []
        assert _ids(api.get(CLAIMS, {"q": "Défense"})) == [claim.pk]


# --- Ordering, pagination -------------------------------------------------------------------


def test_the_list_is_newest_first_and_orders_by_publication_or_update(api, moderator):
    first, second = published_claim(), published_claim()
    assert _ids(api.get(CLAIMS)) == [second.pk, first.pk]
    assert _ids(api.get(CLAIMS, {"ordering": "published_at"})) == [first.pk, second.pk]
    _corrected(first, moderator)
    assert _ids(api.get(CLAIMS, {"ordering": "-updated"})) == [first.pk, second.pk]
    assert _ids(api.get(CLAIMS, {"ordering": "updated"})) == [second.pk, first.pk]
    assert api.get(CLAIMS, {"ordering": "text"}).status_code == 400


@pytest.fixture
def many_claims():
    """25 public claims over 5 articles, some published at the same instant."""
    moderator = ModeratorFactory()
    claims = []
    same_time = datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC)
    for _ in range(5):
        article = ArticleFactory()
        for sentence in range(1, 6):
            claim = published_claim(
                article=article, sentence=(sentence % 4) + 1, moderator=moderator
            )
            if sentence <= 2:
                _published_on(claim, same_time)
            claims.append(claim)
    return claims


@pytest.mark.parametrize("ordering", ["-published_at", "published_at", "updated", "-updated"])
def test_the_cursor_walks_every_page_without_duplicates(api, many_claims, ordering):
    seen: list[int] = []
    url = f"{CLAIMS}?page_size=7&ordering={ordering}"
    pages = 0
    while url:
        body = api.get(url).json()
        assert len(body["results"]) <= 7
        seen += [item["id"] for item in body["results"]]
        url = body["next"]
        pages += 1
    assert pages == 4
    assert len(seen) == len(set(seen)) == 25
    assert set(seen) == {c.pk for c in many_claims}


def test_page_size_defaults_to_20_and_is_capped_at_100(api, many_claims):
    assert len(api.get(CLAIMS).json()["results"]) == 20
    assert len(api.get(CLAIMS, {"page_size": 1000}).json()["results"]) == 25
    assert len(api.get(ARTICLES, {"page_size": 2}).json()["results"]) == 2


# --- Constant query counts -------------------------------------------------------------------


@pytest.mark.parametrize("page_size", [10, 100])
@pytest.mark.parametrize("params", [{}, {"q": "a", "rating": "mostly_false"}, {"q": "ministre"}])
def test_the_claim_list_takes_two_queries_whatever_the_page_size(
    api, many_claims, django_assert_num_queries, page_size, params
):
    # The validator, the page (which says whether each claim has "same claim as" marks:
    # none here, so none are read).
    with django_assert_num_queries(2):
        response = api.get(CLAIMS, {"page_size": page_size, **params})
    assert response.status_code == 200
    assert all(row["same_as"] == [] for row in response.json()["results"])


@pytest.mark.parametrize("page_size", [10, 100])
def test_the_claim_list_shows_same_as_marks_in_three_queries_whatever_their_number(
    api, many_claims, django_assert_num_queries, page_size
):
    moderator = ModeratorFactory()
    external = ExternalFactCheckFactory()
    for claim in many_claims[1:]:
        services.same_claim_mark(
            claim=claim, user=moderator, kind="external", target_id=external.pk
        )
        services.same_claim_mark(
            claim=claim, user=moderator, kind="ours", target_id=many_claims[0].pk
        )
    with django_assert_num_queries(3):
        response = api.get(CLAIMS, {"page_size": page_size})
    rows = response.json()["results"]
    assert len(rows) == min(page_size, 25)
    marked = [row for row in rows if row["id"] != many_claims[0].pk]
    assert all([link["kind"] for link in row["same_as"]] == ["external", "ours"] for row in marked)
    assert all(row["same_as"][1]["id"] == many_claims[0].pk for row in marked)


def test_an_empty_claim_list_reads_no_same_as_marks(api, django_assert_num_queries):
    with django_assert_num_queries(2):  # the validator, the (empty) page
        assert api.get(CLAIMS).json()["results"] == []


@pytest.mark.parametrize("page_size", [10, 100])
def test_the_article_list_takes_two_queries_whatever_the_page_size(
    api, many_claims, django_assert_num_queries, page_size
):
    with django_assert_num_queries(2):
        assert api.get(ARTICLES, {"page_size": page_size}).status_code == 200


def test_the_article_detail_takes_four_queries(api, many_claims, django_assert_num_queries):
    # The validator, the article, its claims, its versions.
    with django_assert_num_queries(4):
        body = api.get(reverse("api:article-detail", args=[many_claims[0].article_id])).json()
    assert len(body["claims"]) == 5


@pytest.mark.parametrize("extra", [0, 4])
def test_the_claim_detail_takes_four_queries_whatever_its_evidence_and_versions(
    api, moderator, django_assert_num_queries, extra
):
    claim = ClaimFactory()
    for _ in range(1 + extra):
        EvidenceFactory(claim=claim)
    VerdictFactory(claim=claim)
    services.claim_submit(claim=claim, user=claim.author)
    services.claim_approve(claim=claim, moderator=moderator)
    for _ in range(extra):
        _corrected(claim, moderator)
    # The validator, the claim, its verdicts, its evidence; and its "same claim as" marks
    # once it has some.
    with django_assert_num_queries(4):
        body = api.get(_claim_url(claim)).json()
    assert len(body["evidence"]) == 1 + extra
    assert len(body["corrections"]) == 1 + extra
    assert body["same_as"] == []
    external = ExternalFactCheckFactory()
    services.same_claim_mark(claim=claim, user=moderator, kind="external", target_id=external.pk)
    with django_assert_num_queries(5):
        body = api.get(_claim_url(claim)).json()
    assert [link["id"] for link in body["same_as"]] == [external.pk]


# --- Throttling -------------------------------------------------------------------------------


def test_anonymous_clients_are_throttled_past_the_limit(api, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "user": "1000/minute"},
    }
    cache.clear()
    codes = [api.get(CLAIMS).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert "Retry-After" in api.get(CLAIMS).headers
