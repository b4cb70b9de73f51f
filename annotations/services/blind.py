"""Blind double review: a second, independent verdict on a claim in review.

A moderator asks for it (or the team's setting, ``SECOND_VERDICT_REQUIRED``, asks for it
when a claim is submitted); a reviewer other than the first verdict's author is assigned
or takes it from the queue, and writes a rating, a rationale and their sources without
seeing the first verdict or its evidence, while its author does not see theirs. The
claim cannot be decided on while the second verdict is being written. Once it is in, a
moderator who wrote neither compares the two and approves one, or sends the claim back.

Locks: the claim's row first, then the blind review's (as every transition does), so a
moderator's decision and a second reviewer's submission are serialised.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from annotations import permissions
from annotations.models import (
    BLIND_ACTIVE_STATUSES,
    BLIND_PENDING_STATUSES,
    BlindReview,
    Claim,
    Notification,
    Review,
    Verdict,
)
from annotations.services.common import (
    Action,
    FourEyesError,
    TransitionError,
    bump_version,
    checked_text,
    record_event,
)

# The ratings at the ends of the scale, for SECOND_VERDICT_REQUIRED=extremes.
EXTREME_RATINGS = (Verdict.Rating.TRUE, Verdict.Rating.FALSE)


def _require_moderator(user) -> None:
    if not permissions.is_moderator(user):
        raise PermissionDenied(_("Only moderators can ask for or decide on a second verdict."))


def locked_pair(blind: BlindReview) -> tuple[Claim, BlindReview]:
    """The claim's row, then the blind review's, locked (in that order)."""
    claim = Claim.objects.select_for_update().get(pk=blind.claim_id)
    locked = BlindReview.objects.select_for_update().get(pk=blind.pk)
    return claim, locked


def active_blind_review(claim: Claim, *, lock: bool = False) -> BlindReview | None:
    """The claim's second verdict that is asked for and not yet decided, if any."""
    queryset = BlindReview.objects.filter(claim=claim, status__in=BLIND_ACTIVE_STATUSES)
    if lock:
        queryset = queryset.select_for_update()
    return queryset.first()


def _check_second_reviewer(blind: BlindReview, user) -> None:
    if not permissions.is_reviewer(user):
        raise PermissionDenied(_("Only reviewers can write a second verdict."))
    if user.pk in (blind.first_author_id, blind.claim.author_id):
        raise FourEyesError(
            _("You wrote this claim’s first verdict: the second must come from someone else.")
        )


def _create(claim: Claim, verdict: Verdict, *, reason: str, requested_by=None) -> BlindReview:
    return BlindReview.objects.create(
        claim=claim,
        first_verdict=verdict,
        first_author=verdict.author,
        reason=reason,
        requested_by=requested_by,
    )


def blind_review_request(*, claim: Claim, moderator, reviewer=None) -> BlindReview:
    """Ask for a second, blind verdict on a claim in review; assigned to ``reviewer`` at
    once when given, else left in the reviewers' queue for anyone to take."""
    _require_moderator(moderator)
    with transaction.atomic():
        locked = Claim.objects.select_for_update().get(pk=claim.pk)
        review = (
            locked.reviews.select_related("verdict").filter(decision=Review.Decision.OPEN).first()
        )
        if review is None or review.verdict.version != 1:
            raise TransitionError(
                _("A second verdict can be asked for only while a claim waits for review.")
            )
        if active_blind_review(locked) is not None:
            raise TransitionError(_("A second verdict was already asked for on this claim."))
        blind = _create(
            locked, review.verdict, reason=BlindReview.Reason.REQUESTED, requested_by=moderator
        )
        if reviewer is not None:
            _check_second_reviewer(blind, reviewer)
            blind.status, blind.reviewer, blind.taken_at = (
                BlindReview.Status.IN_PROGRESS,
                reviewer,
                timezone.now(),
            )
            blind.save(update_fields=["status", "reviewer", "taken_at"])
            Notification.objects.create(
                recipient=reviewer,
                claim=locked,
                kind=Notification.Kind.BLIND_ASSIGNED,
                actor=moderator,
            )
        record_event(locked, moderator, Action.BLIND_REQUESTED)
        bump_version(locked)
    return blind


def blind_review_required(claim: Claim, verdict: Verdict) -> BlindReview | None:
    """On a claim's first submission (inside claim_submit's transaction): the second
    verdict the team's setting requires, if it requires one and none was given yet."""
    required = settings.SECOND_VERDICT_REQUIRED
    if required == "none" or verdict.version != 1:
        return None
    if required == "extremes" and verdict.rating not in EXTREME_RATINGS:
        return None
    earlier = BlindReview.objects.filter(claim=claim).exclude(status=BlindReview.Status.CANCELLED)
    if earlier.exists():
        return None  # one per claim: a claim sent back and submitted again keeps its pair
    reason = (
        BlindReview.Reason.REQUIRED_ALL
        if required == "all"
        else BlindReview.Reason.REQUIRED_EXTREME
    )
    return _create(claim, verdict, reason=reason)


def blind_review_take(*, blind: BlindReview, user) -> BlindReview:
    """A reviewer takes an open second verdict from the queue. Two reviewers taking the
    same one: the second is told it is gone."""
    with transaction.atomic():
        claim, locked = locked_pair(blind)
        locked.claim = claim
        _check_second_reviewer(locked, user)
        if locked.status != BlindReview.Status.OPEN:
            raise TransitionError(_("Someone else took this second verdict, or it was cancelled."))
        locked.status, locked.reviewer, locked.taken_at = (
            BlindReview.Status.IN_PROGRESS,
            user,
            timezone.now(),
        )
        locked.save(update_fields=["status", "reviewer", "taken_at"])
    return locked


def blind_review_submit(
    *, blind: BlindReview, user, rating: str, rationale: str, sources: str = ""
) -> BlindReview:
    """The second reviewer gives their verdict: a rating, a rationale, their sources."""
    errors: dict[str, list[str]] = {}
    if rating not in Verdict.Rating.values:
        errors["rating"] = [_("Choose a rating.")]
    rationale = checked_text(errors, "rationale", rationale, Verdict.RATIONALE_MAX_LENGTH)
    sources = checked_text(
        errors, "sources", sources, BlindReview.SOURCES_MAX_LENGTH, required=False
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        claim, locked = locked_pair(blind)
        if locked.reviewer_id != user.pk:
            raise PermissionDenied(_("This second verdict is someone else’s to write."))
        if locked.status != BlindReview.Status.IN_PROGRESS:
            raise TransitionError(_("This second verdict was cancelled or is already in."))
        first = Verdict.objects.get(pk=locked.first_verdict_id)
        now = timezone.now()
        locked.rating, locked.rationale, locked.sources = rating, rationale, sources
        locked.first_rating = first.rating
        locked.status, locked.submitted_at = BlindReview.Status.SUBMITTED, now
        locked.save(
            update_fields=[
                "rating",
                "rationale",
                "sources",
                "first_rating",
                "status",
                "submitted_at",
            ]
        )
        # The history says that it came in, not what it says (the author reads it); so does
        # the notification of the moderator who asked for it.
        record_event(claim, user, Action.BLIND_SUBMITTED)
        if locked.requested_by_id and locked.requested_by_id != user.pk:
            Notification.objects.create(
                recipient_id=locked.requested_by_id,
                claim=claim,
                kind=Notification.Kind.BLIND_IN,
                actor=user,
            )
        bump_version(claim)
    return locked


def blind_review_cancel(*, blind: BlindReview, moderator) -> BlindReview:
    """A moderator withdraws a second verdict not yet in: the claim can be decided on."""
    _require_moderator(moderator)
    with transaction.atomic():
        claim, locked = locked_pair(blind)
        if locked.status not in BLIND_PENDING_STATUSES:
            raise TransitionError(_("This second verdict is already in, or was cancelled."))
        locked.status = BlindReview.Status.CANCELLED
        locked.save(update_fields=["status"])
        record_event(claim, moderator, Action.BLIND_CANCELLED)
        bump_version(claim)
    return locked


def blind_review_check_decision(locked_claim: Claim, moderator) -> BlindReview | None:
    """Before a moderator's decision on a claim (inside its transaction, the claim
    locked): refused while a second verdict is being written; the one that is in, to be
    marked decided, after a check that the moderator wrote neither verdict."""
    blind = active_blind_review(locked_claim, lock=True)
    if blind is None:
        return None
    if blind.status in BLIND_PENDING_STATUSES:
        raise TransitionError(
            _(
                "A second, blind verdict on this claim is not in yet: decide once it is, "
                "or cancel it."
            )
        )
    if moderator.pk in (blind.first_author_id, blind.reviewer_id):
        raise FourEyesError(
            _("You wrote one of this claim’s two verdicts: another moderator must decide.")
        )
    return blind


def blind_review_mark_decided(blind: BlindReview, moderator, outcome: str, when) -> None:
    blind.status, blind.outcome = BlindReview.Status.DECIDED, outcome
    blind.decided_by, blind.decided_at = moderator, when
    blind.save(update_fields=["status", "outcome", "decided_by", "decided_at"])
