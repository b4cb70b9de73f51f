"""New versions of an article: the version stored, claims re-anchored, never moved silently.

Claims follow their passage into the new text (unchanged), keep their span and get a
proposal (changed), or are marked removed; only a person's confirmation moves a changed
claim. Published claims say what their verdict checked, bump their ETag and the public
revision, and a webhook tells subscribers that their passage changed.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations import services
from annotations.models import (
    AnchorState,
    Article,
    ArticleVersion,
    Claim,
    ClaimEvent,
    PublicRevision,
    Sentence,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    ModeratorFactory,
    ReviewerFactory,
    UserFactory,
    edited_text,
    new_version,
    published_claim,
)

pytestmark = pytest.mark.django_db

FIGURE = "Le gouvernement a présenté mardi un budget en hausse de 3,5 % pour la défense."
CORRECTED = "Le gouvernement a présenté mardi un budget en hausse de 3,1 % pour la défense."
MINISTER = "Selon le ministre, « cet effort est indispensable »."
OPPOSITION = "L’opposition dénonce un texte « insincère »."
INQUIRY = "Elle réclame une commission d’enquête."
NEW_PARAGRAPH = "Un paragraphe ajouté en tête de l’article, après sa mise en ligne.\n\n"


def _claim_on(article, quote, **kwargs) -> Claim:
    start = article.body.index(quote)
    return ClaimFactory(article=article, start=start, end=start + len(quote), **kwargs)


def _fresh(claim) -> Claim:
    return Claim.objects.get(pk=claim.pk)


def _revision() -> int:
    return PublicRevision.objects.get().number


# --- The version itself --------------------------------------------------------------------


def test_an_import_stores_version_one_with_its_sentences():
    article = ArticleFactory()
    version = ArticleVersion.objects.get(article=article)
    assert version.number == 1 == article.current_version
    assert version.body == article.body
    assert version.title == article.title
    sentences = list(article.sentences.values_list("start", "end", "paragraph"))
    assert [tuple(span) for span in version.sentence_spans] == sentences


def test_a_new_version_becomes_the_current_text_and_the_old_one_stays():
    article = ArticleFactory()
    old_body = article.body
    user = ReviewerFactory()
    result = new_version(article, {FIGURE: CORRECTED}, user=user)
    article.refresh_from_db()
    assert result.created and result.version.number == 2
    assert article.current_version == 2
    assert CORRECTED in article.body
    versions = list(ArticleVersion.objects.filter(article=article).order_by("number"))
    assert [v.body for v in versions] == [old_body, article.body]
    assert versions[1].imported_by == user
    assert versions[1].imported_at >= versions[0].imported_at
    sentence = Sentence.objects.get(article=article, position=1)
    assert article.body[sentence.start : sentence.end] == CORRECTED
    assert result.sentence_count == Sentence.objects.filter(article=article).count()


def test_a_new_versions_sentences_are_those_a_fresh_segmentation_gives(monkeypatch):
    """Unchanged paragraphs keep the sentences the current version stored (not segmented
    again): the same sentences as a segmentation of the whole new text."""
    from annotations.services import articles

    article = ArticleFactory()
    edits = {FIGURE: CORRECTED, INQUIRY: INQUIRY + " Une phrase ajoutée ici."}
    expected = articles.sentence_spans(edited_text(article, edits))
    segmented = []
    original = articles.split_sentences
    monkeypatch.setattr(
        articles, "split_sentences", lambda text, *a: segmented.append(text) or original(text, *a)
    )
    new_version(article, edits)
    stored = Sentence.objects.filter(article=article).order_by("position")
    assert list(stored.values_list("start", "end", "paragraph")) == expected
    assert len(segmented) == 2  # the two edited paragraphs only
    assert all(FIGURE[:20] in text or INQUIRY in text for text in segmented)


def test_stored_sentences_that_do_not_fit_their_paragraph_are_not_reused():
    from annotations.services.articles import segmented_paragraphs

    body = "Titre\n\nPremière phrase. Deuxième phrase.\n\nTroisième."
    known = segmented_paragraphs(body, [[0, 5, 0], [7, 23, 1], [24, 40, 1], [42, 90, 2]])
    assert known == {"Titre": [(0, 5)], "Première phrase. Deuxième phrase.": [(0, 16), (17, 33)]}


def test_the_same_text_again_changes_nothing():
    article = ArticleFactory()
    claim = _claim_on(article, FIGURE)
    result = new_version(article, {})
    assert not result.created and result.version is None
    assert ArticleVersion.objects.filter(article=article).count() == 1
    assert _fresh(claim).version == claim.version


def test_importing_an_earlier_version_as_an_article_finds_the_article():
    article = ArticleFactory()
    old_text = edited_text(article, {})
    new_version(article, {FIGURE: CORRECTED})
    result = services.article_import(parsed=old_text, import_format="pasted")
    assert not result.created and result.article == article


# --- Claims follow their passage -----------------------------------------------------------


def test_an_unchanged_claim_follows_its_passage_into_the_new_text():
    article = ArticleFactory()
    claim = _claim_on(article, OPPOSITION)
    paragraph = article.body.index(FIGURE)
    result = new_version(article, {FIGURE: NEW_PARAGRAPH + FIGURE})
    claim = _fresh(claim)
    article.refresh_from_db()
    assert result.states == {AnchorState.UNCHANGED: 1}
    assert claim.anchor_state == AnchorState.UNCHANGED
    assert claim.anchored_version == 2
    assert claim.start == article.body.index(OPPOSITION) > paragraph + len(NEW_PARAGRAPH)
    assert article.body[claim.start : claim.end] == claim.quote == OPPOSITION
    assert article.body[claim.start - len(claim.prefix) : claim.start] == claim.prefix
    assert claim.proposed_start is None


def test_a_typographic_change_is_followed_and_the_quote_takes_the_new_typography():
    article = ArticleFactory()
    claim = _claim_on(article, OPPOSITION)
    new_version(article, {"L’opposition": "L'opposition"})
    claim = _fresh(claim)
    assert claim.anchor_state == AnchorState.UNCHANGED
    assert claim.quote == "L'opposition dénonce un texte « insincère »."


def test_a_corrected_figure_marks_the_claim_changed_and_moves_nothing():
    article = ArticleFactory()
    claim = _claim_on(article, FIGURE)
    before = (claim.start, claim.end, claim.quote, claim.prefix, claim.suffix)
    new_version(article, {FIGURE: CORRECTED})
    claim = _fresh(claim)
    article.refresh_from_db()
    assert claim.anchor_state == AnchorState.CHANGED
    assert (claim.start, claim.end, claim.quote, claim.prefix, claim.suffix) == before
    assert claim.anchored_version == 1
    assert claim.proposed_quote == CORRECTED
    assert article.body[claim.proposed_start : claim.proposed_end] == CORRECTED
    old_body = ArticleVersion.objects.get(article=article, number=1).body
    assert old_body[claim.start : claim.end] == claim.quote


def test_a_deleted_passage_marks_the_claim_removed():
    article = ArticleFactory()
    claim = _claim_on(article, INQUIRY)
    kept = _claim_on(article, OPPOSITION)
    result = new_version(article, {" " + INQUIRY: ""})
    assert result.states == {AnchorState.REMOVED: 1, AnchorState.UNCHANGED: 1}
    claim = _fresh(claim)
    assert claim.anchor_state == AnchorState.REMOVED
    assert claim.quote == INQUIRY and claim.anchored_version == 1
    assert claim.proposed_start is None and claim.proposed_quote == ""
    assert _fresh(kept).anchor_state == AnchorState.UNCHANGED


def test_every_claim_gets_a_reanchoring_event_and_a_new_version_number():
    article = ArticleFactory()
    changed, unchanged = _claim_on(article, FIGURE), _claim_on(article, OPPOSITION)
    user = ReviewerFactory()
    new_version(article, {FIGURE: CORRECTED}, user=user)
    for claim, state in ((changed, AnchorState.CHANGED), (unchanged, AnchorState.UNCHANGED)):
        event = ClaimEvent.objects.get(claim=claim, action=ClaimEvent.Action.REANCHORED)
        assert event.actor == user
        assert event.before["version"] == 1 and event.before["state"] == AnchorState.UNCHANGED
        assert event.after["state"] == state
        assert _fresh(claim).version == claim.version + 1
    event = ClaimEvent.objects.get(claim=changed, action=ClaimEvent.Action.REANCHORED)
    assert event.after["proposed"][2] == CORRECTED
    assert 0.6 <= event.after["similarity"] < 1


def test_a_changed_claim_is_reanchored_from_its_own_version_next_time():
    """Version 3 restores the sentence: the claim, still in version 1, follows it."""
    article = ArticleFactory()
    claim = _claim_on(article, FIGURE)
    new_version(article, {FIGURE: CORRECTED})
    new_version(Article.objects.get(pk=article.pk), {CORRECTED: FIGURE})
    claim = _fresh(claim)
    article.refresh_from_db()
    assert claim.anchor_state == AnchorState.UNCHANGED
    assert claim.anchored_version == 3 == article.current_version
    assert article.body[claim.start : claim.end] == FIGURE


def test_reanchoring_takes_the_same_number_of_queries_for_two_or_twelve_claims():
    counts = []
    for n in (2, 12):
        article = ArticleFactory()
        sentence = article.sentences.get(position=1)
        for i in range(n):
            ClaimFactory(article=article, start=sentence.start, end=sentence.end - i % 3 - 1)
        published_claim(article=article, sentence=3)
        parsed = edited_text(article, {FIGURE: CORRECTED, INQUIRY: "Elle se tait."})
        user = ReviewerFactory()
        user.groups.all().count()  # the role cache is filled before counting
        with CaptureQueriesContext(connection) as captured:
            services.article_new_version(
                article=article, parsed=parsed, import_format="pasted", imported_by=user
            )
        counts.append(len(captured))
    assert counts[0] == counts[1]


# --- Refusals: nothing written -------------------------------------------------------------


def _unchanged_everything(article, claim):
    article_after = Article.objects.get(pk=article.pk)
    assert article_after.body == article.body and article_after.current_version == 1
    assert ArticleVersion.objects.filter(article=article).count() == 1
    assert _fresh(claim).version == claim.version


def test_a_text_with_almost_nothing_in_common_is_refused_unless_forced():
    article = ArticleFactory()
    claim = _claim_on(article, FIGURE)
    other = (
        "Météo : un été pluvieux\n\nLes orages ont touché la Bretagne jeudi soir. "
        "Des arbres sont tombés sur les routes du Finistère."
    )
    title, _, text = other.partition("\n\n")
    from annotations import importing

    parsed = importing.parse_pasted(title=title, text=text, language="fr")
    with pytest.raises(services.VersionRefused) as refused:
        services.article_new_version(
            article=article, parsed=parsed, import_format="pasted", imported_by=ReviewerFactory()
        )
    assert refused.value.code == "unrelated"
    assert refused.value.kept < services.SAME_ARTICLE_MIN
    assert "%" in str(refused.value)
    _unchanged_everything(article, claim)
    result = services.article_new_version(
        article=article,
        parsed=parsed,
        import_format="pasted",
        imported_by=ReviewerFactory(),
        force=True,
    )
    assert result.created
    assert _fresh(claim).anchor_state == AnchorState.REMOVED


def test_the_text_of_another_article_is_refused():
    article, other = ArticleFactory(), ArticleFactory()
    claim = _claim_on(article, FIGURE)
    with pytest.raises(services.VersionRefused) as refused:
        services.article_new_version(
            article=article,
            parsed=edited_text(other, {}),
            import_format="pasted",
            imported_by=ReviewerFactory(),
            force=True,
        )
    assert refused.value.code == "other_article" and refused.value.other == other.pk
    _unchanged_everything(article, claim)


def test_a_user_without_a_role_cannot_import_a_new_version():
    article = ArticleFactory()
    with pytest.raises(PermissionDenied):
        new_version(article, {FIGURE: CORRECTED}, user=UserFactory())
    assert Article.objects.get(pk=article.pk).current_version == 1


def test_a_claim_made_on_a_text_that_has_since_changed_is_refused():
    article = ArticleFactory()
    stale = Article.objects.get(pk=article.pk)
    new_version(article, {FIGURE: CORRECTED})
    with pytest.raises(ValidationError):
        services.claim_create(
            article=stale,
            author=ReviewerFactory(),
            start=0,
            end=6,
            quote=stale.body[:6],
            text="Périmé",
        )


# --- Confirming a passage ----------------------------------------------------------------------


def _changed_claim(**kwargs):
    article = ArticleFactory()
    claim = _claim_on(article, FIGURE, **kwargs)
    new_version(article, {FIGURE: CORRECTED})
    return _fresh(claim)


def test_a_reviewer_confirms_the_proposed_passage_and_the_claim_moves():
    claim = _changed_claim()
    reviewer = ReviewerFactory()  # not the author: any reviewer may, before publication
    confirmed = services.claim_confirm_span(
        claim=claim,
        user=reviewer,
        start=claim.proposed_start,
        end=claim.proposed_end,
        quote=claim.proposed_quote,
        expected_version=claim.version,
    )
    article = Article.objects.get(pk=claim.article_id)
    assert confirmed.anchor_state == AnchorState.UNCHANGED
    assert confirmed.anchored_version == 2
    assert article.body[confirmed.start : confirmed.end] == confirmed.quote == CORRECTED
    assert confirmed.proposed_start is None
    assert _fresh(claim).version == claim.version + 1
    event = ClaimEvent.objects.get(claim=claim, action=ClaimEvent.Action.SPAN_CONFIRMED)
    assert event.actor == reviewer
    assert event.before["quote"] == FIGURE and event.after["quote"] == CORRECTED


def test_a_reviewer_may_pick_another_passage_but_it_must_read_as_selected():
    claim = _changed_claim()
    article = Article.objects.get(pk=claim.article_id)
    start = article.body.index("un budget")
    with pytest.raises(ValidationError):
        services.claim_confirm_span(
            claim=claim,
            user=claim.author,
            start=start,
            end=start + 9,
            quote="un bidget",
            expected_version=claim.version,
        )
    confirmed = services.claim_confirm_span(
        claim=claim,
        user=claim.author,
        start=start,
        end=start + 9,
        quote="un budget",
        expected_version=claim.version,
    )
    assert confirmed.quote == "un budget"


def test_a_stale_confirmation_is_refused():
    claim = _changed_claim()
    with pytest.raises(services.StaleEdit):
        services.claim_confirm_span(
            claim=claim,
            user=claim.author,
            start=claim.proposed_start,
            end=claim.proposed_end,
            quote=claim.proposed_quote,
            expected_version=claim.version - 1,
        )
    assert _fresh(claim).anchor_state == AnchorState.CHANGED


def test_an_unchanged_claim_has_nothing_to_confirm():
    article = ArticleFactory()
    claim = _claim_on(article, FIGURE)
    with pytest.raises(services.TransitionError):
        services.claim_confirm_span(
            claim=claim,
            user=claim.author,
            start=claim.start,
            end=claim.end,
            quote=claim.quote,
            expected_version=claim.version,
        )


# --- Published claims -----------------------------------------------------------------------


def test_publication_records_the_passage_and_version_the_verdict_checked():
    claim = published_claim()
    assert claim.checked_version == 1
    assert (claim.checked_start, claim.checked_end) == (claim.start, claim.end)
    assert claim.checked_quote == claim.quote
    assert (claim.checked_prefix, claim.checked_suffix) == (claim.prefix, claim.suffix)


@pytest.fixture
def subscriber(settings):
    settings.WEBHOOK_DELIVERY = "command"  # queued, not sent
    return WebhookEndpoint.objects.create(
        name="Partner", url="https://partner.example.org/hooks", on_passage_changed=True
    )


def test_a_published_claims_changed_passage_bumps_its_etag_the_revision_and_sends_a_webhook(
    subscriber, django_capture_on_commit_callbacks
):
    WebhookEndpoint.objects.create(name="Not subscribed", url="https://other.example.org/")
    claim = published_claim()
    revision = _revision()
    with django_capture_on_commit_callbacks(execute=True):
        new_version(claim.article, {FIGURE: CORRECTED})
    after = _fresh(claim)
    assert after.version > claim.version
    assert after.passage_changed_at is not None
    assert _revision() > revision
    delivery = WebhookDelivery.objects.get(event=WebhookEvent.PASSAGE_CHANGED)
    assert delivery.endpoint == subscriber and delivery.claim_id == claim.pk
    anchor = delivery.payload["claim"]["anchor"]
    assert anchor["state"] == "changed"
    assert (anchor["checked_revision"], anchor["current_revision"]) == (1, 2)
    assert anchor["quote"] == CORRECTED
    assert delivery.payload["claim"]["quote"] == FIGURE


def test_a_published_claim_that_follows_the_text_sends_no_webhook(
    subscriber, django_capture_on_commit_callbacks
):
    claim = published_claim()
    revision = _revision()
    with django_capture_on_commit_callbacks(execute=True):
        new_version(claim.article, {INQUIRY: "Elle réclame une enquête."})
    after = _fresh(claim)
    assert after.anchor_state == AnchorState.UNCHANGED and after.passage_changed_at is None
    assert after.version > claim.version  # its document names the new current version
    assert _revision() > revision
    assert not WebhookDelivery.objects.exists()


def test_an_unpublished_claim_changes_nothing_public(django_capture_on_commit_callbacks):
    article = ArticleFactory()
    _claim_on(article, FIGURE)
    revision = _revision() if PublicRevision.objects.exists() else None
    new_version(article, {FIGURE: CORRECTED})
    assert (_revision() if PublicRevision.objects.exists() else None) == revision


def test_only_a_moderator_confirms_the_passage_of_a_published_claim(subscriber):
    claim = published_claim()
    new_version(claim.article, {FIGURE: CORRECTED})
    claim = _fresh(claim)
    arguments = {
        "claim": claim,
        "start": claim.proposed_start,
        "end": claim.proposed_end,
        "quote": claim.proposed_quote,
        "expected_version": claim.version,
    }
    with pytest.raises(PermissionDenied):
        services.claim_confirm_span(user=claim.author, **arguments)
    revision = _revision()
    confirmed = services.claim_confirm_span(user=ModeratorFactory(), **arguments)
    assert confirmed.anchor_state == AnchorState.UNCHANGED
    assert confirmed.checked_quote == FIGURE and confirmed.checked_version == 1
    assert services.current_passage(confirmed) == ("changed", CORRECTED)
    assert _revision() > revision
