""" "Already checked?" and "same claim as" in the pages: the claim panel's region, the
new-claim panel, the marks (htmx, CSRF, per role), the moderation queue, the public page
and the ClaimReview; query counts pinned."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from annotations import selectors, services
from annotations.models import SameClaim
from tests.api.test_formats import _assert_schema_org_only
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    ExternalFactCheckFactory,
    ModeratorFactory,
    published_claim,
    submitted_claim,
)

pytestmark = pytest.mark.django_db

QUEUE_URL = reverse("annotations:moderation_queue")
ANTI_VAX = "Les vaccins provoquent l'autisme chez les enfants."
EXTERNAL_TEXT = "Vaccines cause autism in children."
REVIEW_URL = "https://checker.example/vaccines"
# Pinned query counts. The region: session, user, roles, the claim (with its article and
# author), its verdicts, its evidence, its marks, claim matching's state, the word search
# in the database, then our fact-checks found and the external ones found (one query each).
REGION_QUERIES = 11
# The queue with matches of both kinds: the queue's 12 (tests/views/test_moderation.py)
# and the fact-checks found, ours and external.
QUEUE_QUERIES = 14
PUBLIC_DETAIL_QUERIES = 5


def htmx(target):
    return {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": target}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def matches_url(claim):
    return reverse("annotations:claim_matches", args=[claim.pk])


def mark_url(claim, remove=False):
    name = "claim_same_unmark" if remove else "claim_same_mark"
    return reverse(f"annotations:{name}", args=[claim.pk])


@pytest.fixture
def fact_checks():
    """One external fact-check and one of ours that say what ``ANTI_VAX`` says, one that
    says something else; their vectors computed, matching's index fresh."""
    made = {
        "external": ExternalFactCheckFactory(
            claim=EXTERNAL_TEXT, organisation="Checker", review_url=REVIEW_URL, rating="False"
        ),
        "other": ExternalFactCheckFactory(
            claim="Wind turbines cause cancer in people who live nearby.",
            organisation="Windcheck",
            review_url="https://windcheck.example/turbines",
        ),
        "ours": published_claim(text="Selon un post, les vaccins provoquent l'autisme."),
    }
    services.vectors_compute()
    selectors.candidate_cache.clear()
    return made


@pytest.fixture
def draft(reviewer):
    return ClaimFactory(author=reviewer, text=ANTI_VAX)


# --- The claim panel's region --------------------------------------------------------------


def test_the_region_lists_external_and_our_fact_checks_with_what_tells_them_apart(
    client, reviewer, draft, fact_checks
):
    client.force_login(reviewer)
    response = client.get(matches_url(draft), **htmx(f"matches-{draft.pk}"))
    assert response.status_code == 200
    content = response.content.decode()
    assert EXTERNAL_TEXT in content
    assert f'href="{REVIEW_URL}"' in content
    assert "External fact-check by Checker" in content
    assert "rated “False” by them" in content
    ours = fact_checks["ours"]
    assert f'href="/fact-checks/{ours.pk}/"' in content
    assert "Our fact-check" in content
    assert "words in common" in content.lower() or "similar meaning" in content.lower()
    assert content.count('<li class="match ') <= 5
    # The author may mark each one; the answer also refreshes the claim's marks.
    assert content.count(f'action="{mark_url(draft)}"') == content.count('<li class="match ')
    assert f'id="same-as-{draft.pk}" class="same-as" hx-swap-oob="true"' in content


def test_the_region_searches_the_text_as_typed(client, reviewer, draft, fact_checks):
    client.force_login(reviewer)
    typed = "Les éoliennes donnent le cancer aux riverains."
    content = client.get(
        matches_url(draft), {"text": typed}, **htmx(f"matches-{draft.pk}")
    ).content.decode()
    assert "Windcheck" in content
    assert content.index("Windcheck") < content.find("Checker") or "Checker" not in content


def test_the_claim_itself_is_never_among_its_matches(client, moderator, fact_checks):
    ours = fact_checks["ours"]
    client.force_login(moderator)
    content = client.get(matches_url(ours), **htmx(f"matches-{ours.pk}")).content.decode()
    assert EXTERNAL_TEXT in content
    assert f'href="/fact-checks/{ours.pk}/"' not in content
    assert f'value="ours"><input type="hidden" name="target" value="{ours.pk}"' not in content


def test_a_retracted_fact_check_of_ours_is_shown_but_never_offered_as_the_same_claim(
    client, reviewer, draft, fact_checks
):
    ours = fact_checks["ours"]
    services.claim_retract(claim=ours, moderator=ModeratorFactory(), note="Source retirée.")
    selectors.candidate_cache.clear()
    client.force_login(reviewer)
    content = client.get(matches_url(draft), **htmx(f"matches-{draft.pk}")).content.decode()
    item = content[content.index(f'href="/fact-checks/{ours.pk}/"') :]
    item = item[: item.index("</li>")]
    assert "Retracted" in item
    assert "A retracted fact-check cannot be marked as the same claim." in item
    assert "<form" not in item
    assert f'value="ours"><input type="hidden" name="target" value="{ours.pk}"' not in content
    # The external one is still offered.
    external = fact_checks["external"]
    assert f'value="external"><input type="hidden" name="target" value="{external.pk}"' in content

    # Sent anyway (an old page), the mark is refused with the reason, and nothing written.
    response = client.post(
        mark_url(draft), {"kind": "ours", "target": ours.pk}, **htmx(f"matches-{draft.pk}")
    )
    assert response.status_code == 200
    answer = response.content.decode()
    assert 'role="alert"' in answer
    assert "This fact-check of ours was retracted" in answer
    assert not SameClaim.objects.exists()


def test_another_reviewer_sees_the_matches_but_cannot_mark(
    client, other_reviewer, draft, fact_checks
):
    client.force_login(other_reviewer)
    content = client.get(matches_url(draft), **htmx(f"matches-{draft.pk}")).content.decode()
    assert EXTERNAL_TEXT in content
    assert "<form" not in content


def test_without_htmx_the_region_is_a_page_of_its_own(client, reviewer, draft, fact_checks):
    client.force_login(reviewer)
    response = client.get(matches_url(draft))
    content = response.content.decode()
    assert "<h1>Already checked?</h1>" in content
    assert EXTERNAL_TEXT in content


def test_the_panel_loads_the_region_when_it_opens_and_when_the_text_changes(
    client, reviewer, draft
):
    client.force_login(reviewer)
    content = client.get(draft.get_absolute_url(), **htmx("side-panel")).content.decode()
    region = content[content.index(f'id="matches-{draft.pk}"') :]
    region = region[: region.index(">")]
    assert 'aria-live="polite"' in region
    assert f'hx-get="{matches_url(draft)}"' in region
    assert "load, input changed delay:600ms from:#id_claim_text" in region
    assert 'hx-include="#id_claim_text"' in region
    assert f'href="{matches_url(draft)}"' in content  # without script: a link
    assert 'id="id_claim_text"' in content


def test_the_region_query_count_is_pinned(
    client, reviewer, draft, fact_checks, django_assert_num_queries
):
    client.force_login(reviewer)
    client.get(matches_url(draft), **htmx("m"))  # builds matching's index (once a process)
    with django_assert_num_queries(REGION_QUERIES):
        content = client.get(matches_url(draft), **htmx("m")).content.decode()
    assert EXTERNAL_TEXT in content
    assert f"/fact-checks/{fact_checks['ours'].pk}/" in content


# --- Marking ------------------------------------------------------------------------------------


def test_the_author_marks_and_unmarks_from_the_region(client, reviewer, draft, fact_checks):
    external = fact_checks["external"]
    client.force_login(reviewer)
    response = client.post(
        mark_url(draft),
        {"kind": "external", "target": external.pk, "text": ANTI_VAX},
        **htmx(f"matches-{draft.pk}"),
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Marked as the same claim." in content
    assert "Marked as the same claim</span>" in content
    oob = content[content.index(f'id="same-as-{draft.pk}"') :]
    assert "Same claim as" in oob
    assert f'href="{REVIEW_URL}"' in oob
    assert f'action="{mark_url(draft, remove=True)}"' in oob
    link = SameClaim.objects.get()
    assert (link.claim_id, link.external_id, link.marked_by) == (draft.pk, external.pk, reviewer)

    # The panel shows the mark, offered to be removed.
    panel = client.get(draft.get_absolute_url(), **htmx("side-panel")).content.decode()
    assert "Same claim as" in panel
    assert f'href="{REVIEW_URL}"' in panel
    assert f"marked by {reviewer.username}" in panel

    response = client.post(
        mark_url(draft, remove=True),
        {"kind": "external", "target": external.pk},
        **htmx(f"matches-{draft.pk}"),
    )
    assert "Mark removed." in response.content.decode()
    assert not SameClaim.objects.exists()


def test_marking_needs_the_csrf_token(reviewer, draft, fact_checks):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    response = client.post(
        mark_url(draft), {"kind": "external", "target": fact_checks["external"].pk}
    )
    assert response.status_code == 403
    assert not SameClaim.objects.exists()


def test_a_bad_mark_is_said_in_the_region_and_writes_nothing(client, reviewer, draft):
    unpublished = ClaimFactory()
    client.force_login(reviewer)
    response = client.post(
        mark_url(draft), {"kind": "ours", "target": unpublished.pk}, **htmx(f"matches-{draft.pk}")
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert 'role="alert"' in content
    assert "not published" in content
    response = client.post(mark_url(draft), {"kind": "ours", "target": "x"}, **htmx("m"))
    assert "Choose a fact-check among those shown." in response.content.decode()
    assert not SameClaim.objects.exists()


def test_without_htmx_a_mark_goes_back_to_the_claim_with_a_message(
    client, reviewer, draft, fact_checks
):
    client.force_login(reviewer)
    response = client.post(
        mark_url(draft), {"kind": "external", "target": fact_checks["external"].pk}, follow=True
    )
    assert response.redirect_chain[-1][0] == draft.get_absolute_url()
    assert "Marked as the same claim." in response.content.decode()
    response = client.post(
        mark_url(draft), {"kind": "external", "target": fact_checks["external"].pk}, follow=True
    )
    assert "already marked" in response.content.decode()
    assert SameClaim.objects.count() == 1


@pytest.mark.parametrize("role", ["other_reviewer", "no_role_user"])
def test_others_may_not_mark_a_draft(client, request, role, draft, fact_checks):
    client.force_login(request.getfixturevalue(role))
    response = client.post(
        mark_url(draft), {"kind": "external", "target": fact_checks["external"].pk}
    )
    assert response.status_code == 403
    assert not SameClaim.objects.exists()


def test_a_moderator_marks_a_claim_in_review(client, moderator, fact_checks):
    claim = submitted_claim(text=ANTI_VAX)
    client.force_login(moderator)
    response = client.post(
        mark_url(claim), {"kind": "ours", "target": fact_checks["ours"].pk}, **htmx("m")
    )
    assert response.status_code == 200
    assert SameClaim.objects.get().earlier == fact_checks["ours"]


def test_the_history_records_the_marks(client, reviewer, draft, fact_checks):
    services.same_claim_mark(
        claim=draft, user=reviewer, kind="external", target_id=fact_checks["external"].pk
    )
    client.force_login(reviewer)
    content = client.get(reverse("annotations:claim_history", args=[draft.pk])).content.decode()
    assert "marked it as the same claim as a published fact-check" in content
    assert REVIEW_URL in content


# --- A claim being written --------------------------------------------------------------------


def test_the_new_claim_panel_finds_fact_checks_for_the_text_as_typed(client, reviewer, fact_checks):
    article = ArticleFactory()
    client.force_login(reviewer)
    url = reverse("annotations:claim_new_matches", args=[article.pk])
    content = client.get(url, {"text": ANTI_VAX}, **htmx("new-matches")).content.decode()
    assert EXTERNAL_TEXT in content
    assert "External fact-check by Checker" in content
    assert "<form" not in content
    assert "Once the claim is created" in content
    empty = client.get(url, {"text": ""}, **htmx("new-matches")).content.decode()
    assert "No published fact-check found" in empty


def test_the_new_claim_panel_asks_for_matches_as_the_text_is_typed(client, reviewer):
    article = ArticleFactory()
    client.force_login(reviewer)
    span = article.sentences.get(position=1)
    content = client.get(
        reverse("annotations:claim_new", args=[article.pk]),
        {"start": span.start, "end": span.end, "quote": article.body[span.start : span.end]},
        **htmx("side-panel"),
    ).content.decode()
    assert 'id="new-matches"' in content
    assert 'aria-live="polite"' in content
    assert "load, input changed delay:600ms from:#id_text" in content


# --- The moderation queue -------------------------------------------------------------------


def _queue_claims(count):
    article = ArticleFactory()
    return [submitted_claim(article=article, text=f"{ANTI_VAX} (n°{n})") for n in range(count)]


def test_the_queue_shows_each_claims_marks_and_matches_in_constant_queries(
    fact_checks, django_assert_num_queries
):
    moderator = ModeratorFactory()
    client = client_for(moderator)
    first = _queue_claims(2)
    services.same_claim_mark(
        claim=first[0], user=moderator, kind="external", target_id=fact_checks["external"].pk
    )
    client.get(QUEUE_URL)  # builds matching's index (once a process)
    with django_assert_num_queries(QUEUE_QUERIES):
        few = client.get(QUEUE_URL).content.decode()
    item = few[few.index(f'id="queue-{first[0].pk}"') :]
    item = item[: item.index("</article>")]
    assert "Same claim as" in item
    assert f'href="{REVIEW_URL}"' in item
    assert "Marked as the same claim</span>" in item
    assert f'href="/fact-checks/{fact_checks["ours"].pk}/"' in item

    _queue_claims(12)
    with django_assert_num_queries(QUEUE_QUERIES):
        many = client.get(QUEUE_URL).content.decode()
    assert many.count('class="queue-item') == 14
    assert many.count("External fact-check by Checker") >= 14


# --- In public -------------------------------------------------------------------------------


@pytest.fixture
def marked(fact_checks):
    claim = published_claim(text=ANTI_VAX)
    moderator = ModeratorFactory()
    for kind, target in (("external", fact_checks["external"]), ("ours", fact_checks["ours"])):
        services.same_claim_mark(claim=claim, user=moderator, kind=kind, target_id=target.pk)
    return claim


def test_the_public_page_links_to_the_same_claims(client, marked, fact_checks):
    content = client.get(reverse("annotations:public_claim_detail", args=[marked.pk])).content
    content = content.decode()
    section = content[content.index('<section class="same-as-public"') :]
    assert '<h2 id="same-as-title">Same claim as</h2>' in section
    assert f'<a href="{REVIEW_URL}" rel="noopener noreferrer nofollow"' in section
    assert "Fact-check by Checker, rated “False” by them" in section
    ours = fact_checks["ours"]
    assert f'href="/fact-checks/{ours.pk}/"' in section
    assert "Our earlier fact-check" in section
    # Who marked it is not public.
    assert "marked by" not in content


def test_the_public_page_query_count_does_not_grow_with_marks(
    client, marked, django_assert_num_queries
):
    plain = published_claim()
    for claim in (plain, marked):
        with django_assert_num_queries(PUBLIC_DETAIL_QUERIES):
            assert (
                client.get(reverse("annotations:public_claim_detail", args=[claim.pk])).status_code
                == 200
            )


def test_the_claim_review_gives_the_same_claims_as_appearances(client, marked, fact_checks):
    review = json.loads(client.get(reverse("api:claim_claimreview", args=[marked.pk])).content)
    _assert_schema_org_only(review)
    article, external, ours = review["itemReviewed"]["appearance"]
    assert article["headline"] == marked.article.title
    assert external == {
        "@type": "CreativeWork",
        "url": REVIEW_URL,
        "headline": EXTERNAL_TEXT,
        "publisher": {"@type": "Organization", "name": "Checker"},
        "datePublished": fact_checks["external"].published_on.isoformat(),
        "inLanguage": "en",
    }
    page = reverse("annotations:public_claim_detail", args=[fact_checks["ours"].pk])
    assert ours["url"] == f"http://testserver{page}"
    assert ours["publisher"] == {"@type": "Organization", "name": "Factcheck"}
    # The public page embeds the same document.
    content = client.get(reverse("annotations:public_claim_detail", args=[marked.pk])).content
    assert REVIEW_URL.encode() in content.split(b"</head>")[0]
    # The feed too, in constant queries.
    feed = json.loads(client.get(reverse("api:claimreview_feed")).content)
    items = {e["item"]["url"]: e["item"] for e in feed["itemListElement"]}
    marked_page = reverse("annotations:public_claim_detail", args=[marked.pk])
    assert len(items[f"http://testserver{marked_page}"]["itemReviewed"]["appearance"]) == 3


def test_the_api_detail_gives_the_same_claims(client, marked, fact_checks):
    body = client.get(reverse("api:claim-detail", args=[marked.pk])).json()
    external, ours = body["same_as"]
    assert external["kind"] == "external"
    assert external["url"] == REVIEW_URL
    assert external["organisation"] == "Checker"
    assert external["rating"] == "False"
    assert external["api_url"] is None
    assert ours["kind"] == "ours"
    assert ours["organisation"] == "Factcheck"
    assert ours["url"].endswith(f"/fact-checks/{fact_checks['ours'].pk}/")
    assert ours["rating"] == "mostly_false"


def test_the_region_speaks_french_to_a_french_reviewer(client, reviewer, draft, fact_checks):
    client.force_login(reviewer)
    content = client.get(
        matches_url(draft), HTTP_ACCEPT_LANGUAGE="fr", **htmx(f"matches-{draft.pk}")
    ).content.decode()
    assert "Vérification externe de Checker" in content
    assert "évaluée «\u00a0False\u00a0» par elle" in content
    page = client.get(draft.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Déjà vérifiée\u202f?" in page
