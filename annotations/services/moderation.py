"""A moderator's decisions: approve (publish or correct), send back, retract. Four eyes."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from annotations import permissions
from annotations.models import BlindReview, Claim, Notification, Review, Verdict
from annotations.services.blind import (
    blind_review_check_decision,
    blind_review_mark_decided,
    locked_pair,
)
from annotations.services.common import (
    Action,
    FourEyesError,
    TransitionError,
    bump_version,
    record_event,
)
from annotations.services.notifications import notify_authors
from annotations.services.public import public_changed
from annotations.services.versions import record_checked_span
from annotations.signals import claim_published


def _locked_open_review(claim: Claim) -> Review | None:
    """The claim's open review, its row locked, with its verdict; None when there is none."""
    return (
        Review.objects.select_for_update()
        .select_related("verdict")
        .filter(claim=claim, decision=Review.Decision.OPEN)
        .first()
    )


def _open_review(locked: Claim) -> Review:
    """The claim's open review, locked; or a TransitionError saying what happened."""
    review = _locked_open_review(locked)
    if review is not None:
        return review
    last = (
        Review.objects.filter(claim=locked)
        .exclude(decision=Review.Decision.OPEN)
        .select_related("decided_by")
        .order_by("-decided_at", "-id")
        .first()
    )
    if last is None:
        raise TransitionError(_("This claim is not waiting for review."))
    raise TransitionError(
        _("This claim is no longer waiting for review: %(who)s already decided (%(decision)s).")
        % {"who": last.decided_by.get_username(), "decision": last.get_decision_display()}
    )


def _lock_for_decision(claim: Claim) -> Claim:
    """Lock the claim for a moderator's decision; a retracted claim is final."""
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    if locked.status == Claim.Status.RETRACTED:
        raise TransitionError(_("This claim was retracted; it can no longer be decided on."))
    return locked


def _require_moderator(user) -> None:
    """The role, checked before any state: a reviewer gets a 403, never a 409."""
    if not permissions.is_moderator(user):
        raise PermissionDenied(_("Only moderators can approve or send back a claim."))


def _require_four_eyes(moderator, verdict: Verdict) -> None:
    if not permissions.four_eyes_allow(moderator, verdict):
        raise FourEyesError(
            _("You wrote this verdict: another moderator must review it (four-eyes rule).")
        )


def _decide(review: Review, moderator, decision: str, comment: str, when) -> None:
    review.decision = decision
    review.decided_by, review.decided_at, review.comment = moderator, when, comment
    review.save(update_fields=["decision", "decided_by", "decided_at", "comment"])


def claim_approve(*, claim: Claim, moderator, comment: str = "", second: bool = False) -> Claim:
    """In review -> published (or corrected, for a new verdict version). Four eyes: and
    when a second, blind verdict was given, the moderator wrote neither (``second``: the
    second was chosen, by ``blind_review_choose_second``)."""
    _require_moderator(moderator)
    comment = (comment or "").strip()
    with transaction.atomic():
        locked = _lock_for_decision(claim)
        review = _open_review(locked)
        verdict = review.verdict
        _require_four_eyes(moderator, verdict)
        blind = blind_review_check_decision(locked, moderator)
        now = timezone.now()
        if blind is not None:
            outcome = blind.Outcome.SECOND if second else blind.Outcome.FIRST
            blind_review_mark_decided(blind, moderator, outcome, now)
        verdict.status = Verdict.Status.PUBLISHED
        verdict.approved_by = moderator
        verdict.published_at = now
        verdict.save(update_fields=["status", "approved_by", "published_at"])
        _decide(review, moderator, Review.Decision.APPROVED, comment, now)
        from_status = locked.status
        if verdict.version == 1:
            locked.status, locked.published_at = Claim.Status.PUBLISHED, now
            action, kind = Action.PUBLISHED, Notification.Kind.PUBLISHED
        else:
            locked.status = Claim.Status.CORRECTED
            action, kind = Action.CORRECTED, Notification.Kind.CORRECTED
        checked = record_checked_span(locked)  # what this verdict checked
        locked.save(update_fields=["status", "published_at", *checked])
        record_event(
            locked,
            moderator,
            action,
            after={"verdict_version": verdict.version, "rating": verdict.rating},
            comment=comment,
            from_status=from_status,
            to_status=locked.status,
        )
        notify_authors(locked, verdict, kind, moderator, comment)
        bump_version(locked)
        public_changed()
    transaction.on_commit(lambda: claim_published.send(sender=Claim, claim=locked, kind=str(kind)))
    return locked


def claim_request_changes(*, claim: Claim, moderator, comment: str) -> Claim:
    """In review -> changes requested, with a comment for the author. Four eyes."""
    _require_moderator(moderator)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": [_("Say what should change.")]})
    with transaction.atomic():
        locked = _lock_for_decision(claim)
        review = _open_review(locked)
        verdict = review.verdict
        _require_four_eyes(moderator, verdict)
        blind = blind_review_check_decision(locked, moderator)
        now = timezone.now()
        if blind is not None:
            blind_review_mark_decided(blind, moderator, blind.Outcome.SENT_BACK, now)
        verdict.status = Verdict.Status.CHANGES_REQUESTED
        verdict.save(update_fields=["status"])
        _decide(review, moderator, Review.Decision.CHANGES_REQUESTED, comment, now)
        from_status = locked.status
        if verdict.version == 1:
            locked.status = Claim.Status.CHANGES_REQUESTED
            locked.save(update_fields=["status"])
        record_event(
            locked,
            moderator,
            Action.CHANGES_REQUESTED,
            after={"verdict_version": verdict.version},
            comment=comment,
            from_status=from_status,
            to_status=locked.status,
        )
        notify_authors(locked, verdict, Notification.Kind.CHANGES_REQUESTED, moderator, comment)
        return bump_version(locked)


def claim_retract(*, claim: Claim, moderator, note: str) -> Claim:
    """Published -> retracted, with a public note; the claim stays visible, marked so."""
    note = (note or "").strip()
    if not permissions.is_moderator(moderator):
        raise PermissionDenied(_("Only moderators can retract a claim."))
    if not note:
        raise ValidationError({"note": [_("Say publicly why the claim is retracted.")]})
    with transaction.atomic():
        locked = Claim.objects.select_for_update().get(pk=claim.pk)
        if not permissions.can_retract(moderator, locked):
            raise TransitionError(_("Only a published claim can be retracted."))
        from_status = locked.status
        locked.status = Claim.Status.RETRACTED
        locked.retracted_at = timezone.now()
        locked.retraction_note = note
        locked.save(update_fields=["status", "retracted_at", "retraction_note"])
        # A correction waiting for review can no longer be published: send it back, with
        # the retraction note as the reason, so that it leaves the moderation queue.
        pending = _locked_open_review(locked)
        if pending is not None:
            pending.verdict.status = Verdict.Status.CHANGES_REQUESTED
            pending.verdict.save(update_fields=["status"])
            _decide(
                pending, moderator, Review.Decision.CHANGES_REQUESTED, note, locked.retracted_at
            )
        verdict = locked.verdicts.filter(status=Verdict.Status.PUBLISHED).order_by("-version")[0]
        record_event(
            locked,
            moderator,
            Action.RETRACTED,
            comment=note,
            from_status=from_status,
            to_status=locked.status,
        )
        notify_authors(locked, verdict, Notification.Kind.RETRACTED, moderator, note)
        bump_version(locked)
        public_changed()
    transaction.on_commit(
        lambda: claim_published.send(
            sender=Claim, claim=locked, kind=str(Notification.Kind.RETRACTED)
        )
    )
    return locked


def blind_review_choose_second(*, blind: BlindReview, moderator, comment: str = "") -> Claim:
    """Approve the second verdict rather than the first: it becomes the claim's verdict
    (its rating, rationale and author; the first stays on the blind review's record), then
    the claim is approved and published as by ``claim_approve``."""
    _require_moderator(moderator)
    with transaction.atomic():
        claim, locked = locked_pair(blind)
        if locked.status != BlindReview.Status.SUBMITTED:
            raise TransitionError(_("This second verdict is not waiting for a decision."))
        if moderator.pk in (locked.first_author_id, locked.reviewer_id):
            raise FourEyesError(
                _("You wrote one of this claim’s two verdicts: another moderator must decide.")
            )
        verdict = Verdict.objects.select_for_update().get(pk=locked.first_verdict_id)
        before = {"rating": verdict.rating, "author": verdict.author_id}
        verdict.rating, verdict.rationale = locked.rating, locked.rationale
        verdict.author_id = locked.reviewer_id
        verdict.updated_at = timezone.now()
        verdict.save(update_fields=["rating", "rationale", "author", "updated_at"])
        record_event(
            claim,
            moderator,
            Action.BLIND_SECOND_APPROVED,
            before=before,
            after={"rating": verdict.rating, "author": verdict.author_id},
            comment=(comment or "").strip(),
        )
        return claim_approve(claim=claim, moderator=moderator, comment=comment, second=True)
