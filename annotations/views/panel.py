"""The claim panel, shared by the annotate page's edits and the moderators' decisions.

What it shows and offers, rendered alone for htmx or inside the claim's page."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from annotations import anchoring, permissions, selectors
from annotations.forms import (
    ApproveForm,
    BlindRequestForm,
    ClaimEditForm,
    CorrectionVerdictForm,
    EvidenceForm,
    PassageForm,
    RequestChangesForm,
    RetractForm,
    SubmitForm,
    VerdictForm,
)
from annotations.markdown import render_markdown
from annotations.models import EDITABLE_STATUSES, Article, Claim, Verdict
from annotations.views.common import HtmxHttpRequest


def annotate_context(article: Article, user) -> dict:
    """The annotate page's article: its sentences with the claims as highlights; the
    rating of a claim whose first verdict is hidden from ``user`` (a second, blind
    verdict is being written) is left out."""
    claims = selectors.article_claims(article)
    blinds = selectors.active_blind_reviews(claim.pk for claim in claims)
    for claim in claims:
        if permissions.blind_hides_first_verdict(user, claim, blinds.get(claim.pk)):
            claim.verdict = None
    return {
        "article": article,
        "claims": claims,
        # Claims whose passage changed are highlighted where their new span is proposed.
        "paragraphs": selectors.article_sentences(article, selectors.highlights(claims)),
        "ratings": Verdict.Rating.choices,
        "statuses": Claim.Status.choices,
    }


def verdict_form_class(claim: Claim) -> type[VerdictForm]:
    """A correction's verdict form asks for its public note too."""
    correcting = permissions.is_correction(claim.verdict)
    return CorrectionVerdictForm if correcting else VerdictForm


def _panel_forms(claim: Claim) -> dict:
    verdict = claim.verdict
    correcting = permissions.is_correction(verdict)
    return {
        "claim_form": ClaimEditForm(
            initial={"version": claim.version, "text": claim.text, "claimant": claim.claimant}
        ),
        "evidence_form": EvidenceForm(initial={"version": claim.version}),
        "submit_form": SubmitForm(initial={"version": claim.version}),
        "verdict_form": verdict_form_class(claim)(
            initial={
                "version": claim.version,
                "rating": verdict.rating if verdict else "",
                "rationale": verdict.rationale if verdict else "",
                "correction_note": verdict.correction_note if correcting else "",
            }
        ),
        "approve_form": ApproveForm(claim_id=claim.pk),
        "changes_form": RequestChangesForm(claim_id=claim.pk),
        "retract_form": RetractForm(),
    }


def _blind_context(user, claim: Claim) -> dict:
    """A second, blind verdict: whether this user may see the first verdict, and what the
    panel offers about the second (ask for one, its state, the comparison)."""
    blind = selectors.active_blind_reviews([claim.pk]).get(claim.pk)
    can_request = permissions.can_request_blind_review(user, claim, claim.verdict, blind)
    return {
        "blind": blind,
        "blind_hidden": permissions.blind_hides_first_verdict(user, claim, blind),
        "can_request_blind": can_request,
        "blind_request_form": BlindRequestForm(claim=claim) if can_request else None,
    }


def _moderation_context(user, claim: Claim, blind) -> dict:
    """What the panel offers beyond editing: decisions, corrections, retraction. No
    decision while a second, blind verdict is asked for: it is taken on the comparison."""
    verdict = claim.verdict
    published = [
        v for v in getattr(claim, "verdict_versions", []) if v.status == Verdict.Status.PUBLISHED
    ]
    in_review_as_moderator = permissions.is_in_review(verdict) and permissions.is_moderator(user)
    sent_back = verdict is not None and verdict.status == Verdict.Status.CHANGES_REQUESTED
    return {
        "published_verdict": published[0] if published else None,
        "pending_correction": verdict if permissions.is_correction_under_way(verdict) else None,
        "verdict_editable": permissions.can_edit_verdict(user, claim, verdict),
        "can_decide": permissions.can_decide(user, verdict) and blind is None,
        "own_verdict_in_review": in_review_as_moderator
        and not permissions.four_eyes_allow(user, verdict),
        "can_correct": permissions.can_correct(user, claim, verdict),
        "can_retract": permissions.can_retract(user, claim),
        "reviews": selectors.claim_reviews(claim) if sent_back else [],
    }


def _quote_context(claim: Claim) -> tuple[str, str]:
    """The words around the claim's quote: from the body while the claim is in the
    current version, else from its stored prefix and suffix (its span is in an older
    version, whose text the panel does not read)."""
    if not permissions.needs_passage(claim):
        return anchoring.words_around(claim.article.body, claim.start, claim.end)
    text = f"{claim.prefix}{claim.quote}{claim.suffix}"
    start = len(claim.prefix)
    return anchoring.words_around(text, start, start + len(claim.quote))


def _passage_context(user, claim: Claim) -> dict:
    """A claim whose passage changed or went in a new version: what the panel offers."""
    if not permissions.needs_passage(claim):
        return {"needs_passage": False}
    can_confirm = permissions.can_confirm_passage(user, claim)
    form = None
    if can_confirm and claim.anchor_state == Claim.Anchor.CHANGED:
        form = PassageForm(
            initial={
                "version": claim.version,
                "start": claim.proposed_start,
                "end": claim.proposed_end,
                "quote": claim.proposed_quote,
            }
        )
    return {"needs_passage": True, "can_confirm_passage": can_confirm, "passage_form": form}


def render_panel(
    request: HtmxHttpRequest, claim: Claim, *, status: int = 200, refresh_article=False, **extra
) -> HttpResponse:
    """The claim's panel: alone for htmx (with the article's highlights refreshed out of
    band when they changed), or inside the claim's own page."""
    before, after = _quote_context(claim)
    blind = _blind_context(request.user, claim)
    if blind["blind_hidden"]:
        claim.verdict = None  # neither shown nor offered: the verdict is not theirs to see
    context = {
        "claim": claim,
        "article": claim.article,
        "editable": permissions.can_edit_claim(request.user, claim),
        "context_before": before,
        "context_after": after,
        "rationale_html": render_markdown(claim.verdict.rationale) if claim.verdict else "",
        "missing": permissions.missing_for_review(claim)
        if claim.status in EDITABLE_STATUSES
        else [],
        "editing_evidence": None,
        # "Already checked?": the claim's marks (the fact-checks found come by htmx).
        "same_as": selectors.same_claim_links([claim.pk])[claim.pk],
        "can_mark": permissions.can_mark_same_claim(request.user, claim),
        **_panel_forms(claim),
        **_moderation_context(request.user, claim, blind["blind"]),
        **blind,
        **_passage_context(request.user, claim),
        **extra,
    }
    if not request.htmx:
        return render(request, "annotations/claim_detail.html", context, status=status)
    response = render(request, "annotations/claim_detail.html#claim-panel", context, status=status)
    if refresh_article:
        article_context = {**annotate_context(claim.article, request.user), "oob": True}
        for partial in ("article-text", "claim-list"):
            response.write(
                render_to_string(
                    f"annotations/article_detail.html#{partial}", article_context, request
                )
            )
    return response
