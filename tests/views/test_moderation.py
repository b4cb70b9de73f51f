"""Moderation, corrections, retraction, history, inbox and the public pages.

Requests go through the Django test client; htmx requests carry the headers htmx sends.
Claims are moved along the workflow through the services (see ``tests/factories.py``),
and the pages are checked as their users see them.
"""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from annotations import selectors, services
from annotations.models import Claim, ClaimEvent, Notification, Review, Verdict
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    EvidenceFactory,
    ModeratorFactory,
    ReviewerFactory,
    VerdictFactory,
    pending_correction,
    published_claim,
    ready_claim,
    submitted_claim,
)

pytestmark = pytest.mark.django_db

QUEUE_URL = reverse("annotations:moderation_queue")
INBOX_URL = reverse("annotations:inbox")
MARK_READ_URL = reverse("annotations:inbox_mark_read")
MY_CLAIMS_URL = reverse("annotations:my_claims")
PUBLIC_LIST_URL = reverse("annotations:public_claim_list")

APPROVED = "Approved and published."
SENT_BACK = "Sent back to its author with your comment."
OWN_VERDICT = "You wrote this verdict: another moderator must review it."
REQUIRED = "This field is required."

# Pinned query counts, the same for few and many rows:
# queue: session, user, roles, count, verdicts (+claim, article, authors), evidence, the
# claims' "same claim as" links, claim matching's state, its word search in the database
# (nothing found here: no more), the second verdicts asked for, unread, and the header's
# number of claims waiting;
# public list (anonymous): count, claims, published verdicts,
# the counts by month and rating;
# public detail (anonymous): claim (+article), published verdicts, evidence, its marks.
QUEUE_QUERIES = 12
PUBLIC_LIST_QUERIES = 5  # with the conditional-GET validator
PUBLIC_DETAIL_QUERIES = 5  # with the conditional-GET validator


def htmx(target="claim-panel"):
    """The headers htmx sends when it swaps the answer into ``#target``."""
    return {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": target}


def url(name, obj):
    return reverse(f"annotations:{name}", args=[obj.pk])


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def version_of(claim) -> int:
    return Claim.objects.values_list("version", flat=True).get(pk=claim.pk)


def status_of(claim) -> str:
    return Claim.objects.values_list("status", flat=True).get(pk=claim.pk)


@pytest.fixture
def moderator_client(moderator):
    return client_for(moderator)


# --- The moderation queue ------------------------------------------------------------------


def test_moderation_queue_lists_claims_in_review_oldest_first_with_all_a_moderator_needs(
    moderator_client,
):
    article = ArticleFactory(title="Budget : <i>le vrai</i> du faux")
    newer = ready_claim(article=article, text="Le budget augmente (récent).")
    older = ClaimFactory(article=article, sentence=2, text="Le ministre l’a dit (ancien).")
    EvidenceFactory(claim=older, title="Rapport <b>Insee</b> 2025", publisher="Insee")
    VerdictFactory(
        claim=older,
        rating=Verdict.Rating.MISLEADING,
        rationale="Voir **le rapport**.<script>alert('x')</script>",
    )
    for claim in (newer, older):
        services.claim_submit(claim=claim, user=claim.author)
    # Submitted in the other order: the queue goes by submission time, not by id.
    Verdict.objects.filter(claim=older).update(
        updated_at=timezone.now() - datetime.timedelta(hours=2)
    )
    ClaimFactory(article=article, text="Un brouillon pas encore soumis.")
    published = published_claim(text="Une affirmation déjà publiée.")

    response = moderator_client.get(QUEUE_URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert content.index("(ancien)") < content.index("(récent)")
    assert "pas encore soumis" not in content
    # Not waiting for review (it may be shown as already checked, among the matches).
    assert f'id="queue-{published.pk}"' not in content
    assert "Budget : &lt;i&gt;le vrai&lt;/i&gt; du faux" in content
    older.refresh_from_db()
    assert older.prefix and older.suffix
    quote_in_context = (
        f"…{escape(older.prefix)}<mark>{escape(older.quote)}</mark>{escape(older.suffix)}…"
    )
    assert quote_in_context in content
    assert "Rapport &lt;b&gt;Insee&lt;/b&gt; 2025" in content
    assert "rating-misleading" in content
    assert "Misleading" in content
    assert "<strong>le rapport</strong>" in content
    assert "<script>alert" not in content
    assert "Correction (version" not in content


def test_moderation_queue_marks_correction_versions(moderator_client):
    claim = published_claim(text="Une affirmation corrigée ensuite.")
    pending_correction(claim, note="Le chiffre exact est 3,1 %.", submit=True)

    content = moderator_client.get(QUEUE_URL).content.decode()

    assert "Une affirmation corrigée ensuite." in content
    assert "Correction (version 2)" in content
    assert "Le chiffre exact est 3,1 %." in content


def test_reviewers_cannot_see_the_moderation_queue(reviewer_client):
    submitted_claim()

    assert reviewer_client.get(QUEUE_URL).status_code == 403


def test_anonymous_users_are_sent_to_login_from_the_moderation_queue(client):
    response = client.get(QUEUE_URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_moderator_who_wrote_a_verdict_is_not_offered_to_decide_on_it(moderator):
    mine = submitted_claim(author=moderator, text="Ma propre affirmation.")
    theirs = submitted_claim(text="L’affirmation d’un autre.")

    content = client_for(moderator).get(QUEUE_URL).content.decode()

    mine_item = content[content.index(f'id="queue-{mine.pk}"') :]
    mine_item = mine_item[: mine_item.index("</article>")]
    assert OWN_VERDICT in mine_item
    assert url("claim_approve", mine) not in content
    assert url("claim_request_changes", mine) not in content
    assert url("claim_approve", theirs) in content
    assert url("claim_request_changes", theirs) in content


def test_moderation_queue_query_count_is_constant(moderator_client, django_assert_num_queries):
    author = ReviewerFactory()
    article = ArticleFactory()
    for _ in range(2):
        submitted_claim(author=author, article=article)
    # Claim matching's index of candidates is built once per process, then kept.
    selectors.candidate_cache.clear()
    moderator_client.get(QUEUE_URL)
    with django_assert_num_queries(QUEUE_QUERIES):
        few = moderator_client.get(QUEUE_URL)
    assert few.content.decode().count('class="queue-item') == 2

    for _ in range(13):
        claim = ClaimFactory(author=ReviewerFactory(), article=ArticleFactory())
        for _ in range(3):
            EvidenceFactory(claim=claim)
        VerdictFactory(claim=claim)
        services.claim_submit(claim=claim, user=claim.author)
    with django_assert_num_queries(QUEUE_QUERIES):
        many = moderator_client.get(QUEUE_URL)
    assert many.content.decode().count('class="queue-item') == 15


# --- Deciding from the queue ---------------------------------------------------------------


def test_approving_from_the_queue_publishes_and_goes_back_with_a_message(
    moderator, moderator_client
):
    claim = submitted_claim()
    back = f"{QUEUE_URL}?page=1"

    response = moderator_client.post(
        url("claim_approve", claim), {"comment": "Bien sourcé.", "next": back}
    )

    assert response.status_code == 302
    assert response.url == back
    public_page = reverse("annotations:public_claim_detail", args=[claim.pk])
    assert messages_of(response) == [f'{APPROVED} <a href="{public_page}">See its public page</a>']
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PUBLISHED
    assert claim.published_at is not None
    verdict = claim.verdicts.get()
    assert verdict.status == Verdict.Status.PUBLISHED
    assert verdict.approved_by == moderator
    assert url("claim_approve", claim) not in moderator_client.get(back).content.decode()


def test_approving_an_already_decided_claim_says_who_decided(moderator, moderator_client):
    claim = submitted_claim()
    first = ModeratorFactory(username="premiere_moderatrice")
    client_for(first).post(url("claim_approve", claim), {"next": QUEUE_URL})

    response = moderator_client.post(url("claim_approve", claim), {"next": QUEUE_URL})

    assert response.status_code == 302
    assert response.url == QUEUE_URL
    [message] = messages_of(response)
    assert "premiere_moderatrice already decided" in message
    assert claim.verdicts.get().approved_by == first
    assert Review.objects.filter(claim=claim, decided_by=moderator).count() == 0


def test_unsafe_next_url_is_ignored_after_a_decision(moderator_client):
    claim = submitted_claim()

    response = moderator_client.post(
        url("claim_approve", claim), {"next": "https://evil.example.org/"}
    )

    assert response.status_code == 302
    assert response.url == QUEUE_URL


def test_requesting_changes_without_a_comment_is_refused_next_to_the_field(moderator_client):
    claim = submitted_claim()
    before = version_of(claim)

    response = moderator_client.post(
        url("claim_request_changes", claim), {"comment": "   ", "next": QUEUE_URL}
    )

    assert response.status_code == 400
    content = response.content.decode()
    error = re.search(rf'id="id_changes_{claim.pk}_comment_error"><li>([^<]*)</li>', content)
    assert error and error.group(1) == REQUIRED
    assert status_of(claim) == Claim.Status.IN_REVIEW
    assert version_of(claim) == before
    assert Review.objects.get(claim=claim).decision == Review.Decision.OPEN
    assert not Notification.objects.exists()


def test_requesting_changes_sends_the_claim_back_and_notifies_its_author(moderator_client):
    author = ReviewerFactory()
    claim = submitted_claim(author=author, text="Une affirmation à reprendre.")
    comment = "Ajoutez la source <officielle> du ministère."

    response = moderator_client.post(
        url("claim_request_changes", claim), {"comment": comment, "next": QUEUE_URL}
    )

    assert response.status_code == 302
    assert messages_of(response) == [SENT_BACK]
    assert status_of(claim) == Claim.Status.CHANGES_REQUESTED
    escaped = "Ajoutez la source &lt;officielle&gt; du ministère."

    author_client = client_for(author)
    panel = author_client.get(url("claim_detail", claim)).content.decode()
    assert "Changes requested by" in panel
    assert escaped in panel
    assert (
        '<span class="badge unread">1<span class="visually-hidden"> unread</span></span>' in panel
    )

    drafts = author_client.get(MY_CLAIMS_URL).content.decode()
    assert "Une affirmation à reprendre." in drafts
    assert escaped in drafts

    inbox = author_client.get(INBOX_URL).content.decode()
    assert "Changes were requested on your claim" in inbox
    assert escaped in inbox
    assert "Mark all as read" in inbox

    marked = author_client.post(MARK_READ_URL)
    assert marked.status_code == 302
    assert messages_of(marked) == ["1 notification marked as read."]
    inbox = author_client.get(INBOX_URL).content.decode()
    assert "badge unread" not in inbox
    assert "Mark all as read" not in inbox
    assert "Changes were requested on your claim" in inbox


def test_a_moderator_cannot_approve_their_own_verdict_by_a_forged_post(moderator):
    claim = submitted_claim(author=moderator)
    before = version_of(claim)

    response = client_for(moderator).post(url("claim_approve", claim), {"next": QUEUE_URL})

    assert response.status_code == 403
    assert status_of(claim) == Claim.Status.IN_REVIEW
    assert version_of(claim) == before
    assert claim.verdicts.get().status == Verdict.Status.IN_REVIEW
    assert Review.objects.get(claim=claim).decision == Review.Decision.OPEN


def test_reviewers_cannot_approve_or_request_changes(reviewer_client):
    claim = submitted_claim()

    assert reviewer_client.post(url("claim_approve", claim)).status_code == 403
    response = reviewer_client.post(url("claim_request_changes", claim), {"comment": "Non."})
    assert response.status_code == 403
    assert status_of(claim) == Claim.Status.IN_REVIEW


# --- The claim panel, for a moderator ----------------------------------------------------------


def test_claim_panel_offers_the_decision_forms_to_a_moderator(moderator_client):
    claim = submitted_claim()

    response = moderator_client.get(url("claim_detail", claim), **htmx())

    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert f'hx-post="{url("claim_approve", claim)}"' in content
    assert f'hx-post="{url("claim_request_changes", claim)}"' in content


def test_claim_panel_shows_no_decision_forms_on_the_moderators_own_verdict(moderator):
    claim = submitted_claim(author=moderator)

    content = client_for(moderator).get(url("claim_detail", claim), **htmx()).content.decode()

    assert OWN_VERDICT in content
    assert url("claim_approve", claim) not in content


def test_approving_in_the_panel_returns_the_panel_and_refreshes_the_article(moderator_client):
    claim = submitted_claim()

    response = moderator_client.post(url("claim_approve", claim), {"comment": ""}, **htmx())

    assert response.status_code == 200
    content = response.content.decode()
    assert '<span class="badge status-published">Published</span>' in content
    assert APPROVED in content
    public_page = reverse("annotations:public_claim_detail", args=[claim.pk])
    assert f'<a href="{public_page}">See its public page</a>' in content
    assert url("claim_approve", claim) not in content
    assert content.count('hx-swap-oob="true"') == 2
    assert 'id="article-text"' in content
    assert 'id="claim-list"' in content
    assert status_of(claim) == Claim.Status.PUBLISHED


def test_requesting_changes_in_the_panel_without_a_comment_shows_the_error(moderator_client):
    claim = submitted_claim()

    response = moderator_client.post(url("claim_request_changes", claim), {}, **htmx())

    assert response.status_code == 200
    assert f'id="id_changes_{claim.pk}_comment_error"' in response.content.decode()
    assert status_of(claim) == Claim.Status.IN_REVIEW


# --- Corrections ---------------------------------------------------------------------------


def test_a_correction_goes_from_proposal_to_the_public_page(reviewer, moderator_client):
    claim = published_claim(text="Le budget augmente de 3,5 %.")
    reviewer_client = client_for(reviewer)

    response = reviewer_client.post(url("correction_start", claim))
    assert response.status_code == 302
    assert "Correction started" in messages_of(response)[0]
    correction = claim.verdicts.get(version=2)
    assert correction.status == Verdict.Status.DRAFT
    assert correction.author == reviewer

    panel = reviewer_client.get(url("claim_detail", claim)).content.decode()
    note_field = re.search(r"<textarea[^>]*name=\"correction_note\"[^>]*>", panel)
    assert note_field and "required" in note_field.group(0)

    data = {
        "version": version_of(claim),
        "rating": Verdict.Rating.FALSE,
        "rationale": "La hausse est de **3,1 %**.",
        "correction_note": "",
    }
    refused = reviewer_client.post(url("verdict_set", claim), data)
    assert refused.status_code == 200
    assert 'id="id_verdict_correction_note_error"' in refused.content.decode()
    correction.refresh_from_db()
    assert correction.rating == Verdict.Rating.MOSTLY_FALSE
    assert correction.correction_note == ""

    # The submit button is refused too while the note is missing.
    refused = reviewer_client.post(url("claim_submit", claim), {"version": version_of(claim)})
    assert "a public correction note" in refused.content.decode()
    assert claim.verdicts.get(version=2).status == Verdict.Status.DRAFT

    data["correction_note"] = "Le taux exact est de 3,1 %."
    assert reviewer_client.post(url("verdict_set", claim), data).status_code == 302
    response = reviewer_client.post(url("claim_submit", claim), {"version": version_of(claim)})
    assert response.status_code == 302
    assert claim.verdicts.get(version=2).status == Verdict.Status.IN_REVIEW
    assert "Correction (version 2)" in moderator_client.get(QUEUE_URL).content.decode()

    # Until it is approved, the public page shows the first verdict.
    public = Client().get(url("public_claim_detail", claim)).content.decode()
    assert "Le taux exact" not in public

    approved = moderator_client.post(url("claim_approve", claim), {"next": QUEUE_URL})
    assert approved.status_code == 302
    assert status_of(claim) == Claim.Status.CORRECTED

    public = Client().get(url("public_claim_detail", claim)).content.decode()
    current, earlier = public.split("Earlier verdicts")
    assert "rating-false big" in current
    assert "Le taux exact est de 3,1 %." in current
    assert "<strong>3,1 %</strong>" in current
    assert "rating-mostly_false" in earlier
    assert "Version 1, published" in earlier


def test_correction_cannot_be_started_twice(reviewer_client):
    claim = published_claim()
    pending_correction(claim, author=ReviewerFactory(username="correctrice"))

    response = reviewer_client.post(url("correction_start", claim))

    assert response.status_code == 409
    assert "already under way, by correctrice" in response.content.decode()
    assert claim.verdicts.count() == 2


# --- Retraction ----------------------------------------------------------------------------


def test_retracting_without_a_note_shows_the_error_in_the_panel(moderator_client):
    claim = published_claim()

    response = moderator_client.post(url("claim_retract", claim), {"note": " "}, **htmx())

    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="id_retract_note_error"' in content
    assert '<details class="retract" open>' in content
    assert status_of(claim) == Claim.Status.PUBLISHED


def test_retracting_with_a_note_shows_it_on_the_public_page(moderator_client):
    claim = published_claim(text="Une affirmation retirée.")

    response = moderator_client.post(
        url("claim_retract", claim), {"note": "Source <fausse> : retiré."}
    )

    assert response.status_code == 302
    assert response.url == url("claim_detail", claim)
    assert status_of(claim) == Claim.Status.RETRACTED
    public = Client().get(url("public_claim_detail", claim))
    assert public.status_code == 200
    content = public.content.decode()
    assert "<h2>Retracted</h2>" in content
    assert "Source &lt;fausse&gt; : retiré." in content
    listing = Client().get(PUBLIC_LIST_URL).content.decode()
    assert "status-retracted" in listing


def test_reviewers_cannot_retract(reviewer_client):
    claim = published_claim()

    response = reviewer_client.post(url("claim_retract", claim), {"note": "Non."})

    assert response.status_code == 403
    assert status_of(claim) == Claim.Status.PUBLISHED


# --- History -------------------------------------------------------------------------------


def test_history_lists_every_event_in_order_with_actors_and_values(moderator):
    author = ReviewerFactory(username="autrice")
    claim = submitted_claim(author=author, text="Texte <b>gras</b> de l’affirmation.")
    services.claim_request_changes(
        claim=claim, moderator=moderator, comment="Précisez <script>x</script>"
    )

    response = client_for(ReviewerFactory()).get(url("claim_history", claim))

    assert response.status_code == 200
    content = response.content.decode()
    timeline = content[content.index('<ol class="timeline">') :]
    labels = [
        "created the claim",
        "added evidence",
        "set the verdict",
        "submitted for review",
        "requested changes",
    ]
    positions = [timeline.index(label) for label in labels]
    assert positions == sorted(positions)
    assert timeline.count("<li>") == ClaimEvent.objects.filter(claim=claim).count() == 5
    assert timeline.count("<strong>autrice</strong>") == 4
    assert f"<strong>{moderator.username}</strong> requested changes" in timeline
    assert "(In review → Changes requested)" in timeline
    assert "in_review" not in timeline
    assert "&#x27;rating&#x27;: &#x27;mostly_false&#x27;" in timeline
    assert "Précisez &lt;script&gt;x&lt;/script&gt;" in timeline
    assert "<script>x" not in content
    assert "Texte &lt;b&gt;gras&lt;/b&gt;" in content


def test_history_is_for_reviewers_only(no_role_user, client):
    claim = ready_claim()
    history = url("claim_history", claim)

    assert client_for(no_role_user).get(history).status_code == 403
    anonymous = client.get(history)
    assert anonymous.status_code == 302
    assert anonymous.url.startswith(reverse("login"))


# --- Public pages --------------------------------------------------------------------------


def test_public_list_shows_only_published_corrected_and_retracted_claims(client, moderator):
    ClaimFactory(text="Statut : brouillon.")
    submitted_claim(text="Statut : en revue.")
    sent_back = submitted_claim(text="Statut : renvoyée.")
    services.claim_request_changes(claim=sent_back, moderator=moderator, comment="Non.")
    published_claim(text="Statut : publiée.")
    corrected = published_claim(text="Statut : corrigée.")
    pending_correction(corrected, submit=True)
    services.claim_approve(claim=corrected, moderator=moderator)
    retracted = published_claim(text="Statut : retirée.")
    services.claim_retract(claim=retracted, moderator=moderator, note="Erreur.")

    content = client.get(PUBLIC_LIST_URL).content.decode()

    shown = set(re.findall(r"Statut : ([^.]+)\.", content))
    assert shown == {"publiée", "corrigée", "retirée"}


def test_public_list_filters_by_current_rating_after_a_correction(client, moderator):
    stays = published_claim(text="Reste plutôt faux.")
    corrected = published_claim(text="Devenu faux.")
    pending_correction(corrected, rating=Verdict.Rating.FALSE, submit=True)
    services.claim_approve(claim=corrected, moderator=moderator)
    assert stays.verdicts.get().rating == Verdict.Rating.MOSTLY_FALSE

    mostly_false = client.get(PUBLIC_LIST_URL, {"rating": "mostly_false"}).content.decode()
    false = client.get(PUBLIC_LIST_URL, {"rating": "false"}).content.decode()

    assert "Reste plutôt faux." in mostly_false
    assert "Devenu faux." not in mostly_false
    assert "Devenu faux." in false
    assert "Reste plutôt faux." not in false


def test_public_list_filters_by_article_and_publication_dates(client):
    article = ArticleFactory()
    in_article = published_claim(article=article, text="Dans l’article choisi.")
    elsewhere = published_claim(text="Dans un autre article.")
    draft_only = ArticleFactory(title="Article sans vérification publiée")
    ClaimFactory(article=draft_only)
    Claim.objects.filter(pk=in_article.pk).update(
        published_at=datetime.datetime(2025, 3, 10, 12, tzinfo=datetime.UTC)
    )
    Claim.objects.filter(pk=elsewhere.pk).update(
        published_at=datetime.datetime(2025, 6, 20, 12, tzinfo=datetime.UTC)
    )

    by_article = client.get(PUBLIC_LIST_URL, {"article": article.pk}).content.decode()
    after = client.get(PUBLIC_LIST_URL, {"published_after": "2025-06-20"}).content.decode()
    before = client.get(PUBLIC_LIST_URL, {"published_before": "2025-06-19"}).content.decode()
    between = client.get(
        PUBLIC_LIST_URL, {"published_after": "2025-03-11", "published_before": "2025-06-19"}
    ).content.decode()

    assert "Dans l’article choisi." in by_article
    assert "Dans un autre article." not in by_article
    assert "Article sans vérification publiée" not in by_article  # not offered as a filter
    assert "Dans un autre article." in after
    assert "Dans l’article choisi." not in after
    assert "Dans l’article choisi." in before
    assert "Dans un autre article." not in before
    assert "No published fact-check matches." in between


def test_public_list_pagination_keeps_the_filters(client):
    author, moderator, article = ReviewerFactory(), ModeratorFactory(), ArticleFactory()
    for _ in range(26):
        published_claim(author=author, moderator=moderator, article=article)
    published_claim(text="Une autre note.", moderator=moderator)
    Verdict.objects.filter(claim__text="Une autre note.").update(rating=Verdict.Rating.TRUE)

    first = client.get(PUBLIC_LIST_URL, {"rating": "mostly_false"}).content.decode()
    assert "Page 1 of 2" in first
    assert 'href="?rating=mostly_false&amp;page=2" rel="next"' in first

    second = client.get(PUBLIC_LIST_URL, {"rating": "mostly_false", "page": 2}).content.decode()
    assert "Page 2 of 2" in second
    assert 'href="?rating=mostly_false&amp;page=1" rel="prev"' in second
    assert second.count('class="public-claim"') == 1
    assert "Une autre note." not in first + second


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: ClaimFactory(), id="draft"),
        pytest.param(lambda: submitted_claim(), id="in_review"),
    ],
)
def test_public_detail_of_an_unpublished_claim_is_not_found(client, make):
    claim = make()

    assert client.get(url("public_claim_detail", claim)).status_code == 404


def test_public_pages_escape_user_text(client):
    article = ArticleFactory(title="Titre <em>piégé</em>")
    claim = ClaimFactory(
        article=article, text="Texte <script>alert(1)</script>", claimant="<b>Le ministre</b>"
    )
    EvidenceFactory(claim=claim, title="Source <img src=x onerror=alert(2)>", quote="« <i>»")
    VerdictFactory(claim=claim, rationale="Voir [ici](javascript:alert(3)) <script>x</script>")
    services.claim_submit(claim=claim, user=claim.author)
    services.claim_approve(claim=claim, moderator=ModeratorFactory())

    listing = client.get(PUBLIC_LIST_URL).content.decode()
    detail = client.get(url("public_claim_detail", claim)).content.decode()

    for content in (listing, detail):
        assert "Texte &lt;script&gt;alert(1)&lt;/script&gt;" in content
        assert "&lt;b&gt;Le ministre&lt;/b&gt;" in content
        assert "Titre &lt;em&gt;piégé&lt;/em&gt;" in content
        assert "<script>" not in content.split("</head>")[1].replace("<script src", "")
    assert "Source &lt;img src=x onerror=alert(2)&gt;" in detail
    assert 'href="javascript:' not in detail
    assert "<script>x" not in detail


def test_public_list_query_count_is_constant(client, django_assert_num_queries):
    author, moderator, article = ReviewerFactory(), ModeratorFactory(), ArticleFactory()
    for _ in range(3):
        published_claim(author=author, moderator=moderator, article=article)
    with django_assert_num_queries(PUBLIC_LIST_QUERIES):
        few = client.get(PUBLIC_LIST_URL)
    assert few.content.decode().count('class="public-claim"') == 3

    for _ in range(27):
        claim = published_claim(moderator=moderator)
        pending_correction(claim, submit=True)
        services.claim_approve(claim=claim, moderator=moderator)
    with django_assert_num_queries(PUBLIC_LIST_QUERIES):
        many = client.get(PUBLIC_LIST_URL, {"page": 1})
    assert many.content.decode().count('class="public-claim"') == 25


def test_public_detail_query_count_is_constant(client, django_assert_num_queries):
    moderator = ModeratorFactory()
    small = published_claim(moderator=moderator)
    with django_assert_num_queries(PUBLIC_DETAIL_QUERIES):
        assert client.get(url("public_claim_detail", small)).status_code == 200

    big = ClaimFactory()
    for _ in range(10):
        EvidenceFactory(claim=big)
    VerdictFactory(claim=big)
    services.claim_submit(claim=big, user=big.author)
    services.claim_approve(claim=big, moderator=moderator)
    for note in ("Première correction.", "Seconde correction."):
        pending_correction(big, note=note, submit=True)
        services.claim_approve(claim=big, moderator=moderator)
    with django_assert_num_queries(PUBLIC_DETAIL_QUERIES):
        response = client.get(url("public_claim_detail", big))
    content = response.content.decode()
    assert content.count('<span class="badge stance-') == 10
    assert "Version 2, published" in content
    assert "Version 1, published" in content
    assert "Seconde correction." in content.split("Earlier verdicts")[0]
