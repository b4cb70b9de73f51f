"""Who may do what, and what a claim still lacks before review: every predicate.

Views, the API, templates and services all ask these functions, so that what a page
offers is what a service allows.

Roles are Django groups created by a data migration: Reviewers annotate,
Moderators approve (and can do everything a reviewer can). Superusers can do
everything. A logged-in user in neither group can see nothing of the workspace.
"""

from django.contrib.auth.models import AnonymousUser, Group
from django.utils.translation import gettext as _

from annotations.models import (
    BLIND_ACTIVE_STATUSES,
    DETACHED_ANCHOR_STATES,
    EDITABLE_STATUSES,
    LIVE_STATUSES,
    PUBLIC_STATUSES,
    VERDICT_EDITABLE_STATUSES,
    BlindReview,
    Claim,
    ClaimStatus,
    Verdict,
)

REVIEWERS = "Reviewers"
MODERATORS = "Moderators"
ROLE_GROUPS = (REVIEWERS, MODERATORS)

_CACHE_ATTR = "_factcheck_roles"


def user_roles(user) -> frozenset[str]:
    """The role groups of a user, fetched once per user object (one query)."""
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
        return frozenset()
    roles = getattr(user, _CACHE_ATTR, None)
    if roles is None:
        roles = frozenset(
            Group.objects.filter(user=user, name__in=ROLE_GROUPS).values_list("name", flat=True)
        )
        setattr(user, _CACHE_ATTR, roles)
    return roles


def is_moderator(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or MODERATORS in user_roles(user)


def is_reviewer(user) -> bool:
    """Reviewers, and everyone who can do what a reviewer does (moderators, admins)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or bool(user_roles(user))


def can_view_articles(user) -> bool:
    return is_reviewer(user)


def can_import_articles(user) -> bool:
    return is_reviewer(user)


def can_import_versions(user) -> bool:
    """Import a new version of an article's text (its claims are re-anchored)."""
    return is_reviewer(user)


def needs_passage(claim) -> bool:
    """A claim whose passage changed or went in a new version of its article: its span
    stays in an older version until a person confirms the proposed one or picks one."""
    return claim.anchor_state in DETACHED_ANCHOR_STATES


def can_confirm_passage(user, claim) -> bool:
    """Confirm or pick the passage of such a claim: any reviewer before publication (as
    anyone may propose a correction), a moderator once the fact-check is public (its
    public page and selectors point at that passage)."""
    if claim.status in PUBLIC_STATUSES:
        return is_moderator(user)
    return is_reviewer(user)


def can_import_external_factchecks(user) -> bool:
    """Staff given the model's "add" permission (or superusers): the admin's upload form."""
    return bool(
        user.is_active and user.is_staff and user.has_perm("annotations.add_externalfactcheck")
    )


def can_annotate(user) -> bool:
    """Create claims (reviewers, moderators, admins)."""
    return is_reviewer(user)


def can_view_claim(user, claim) -> bool:
    """Every reviewer sees every claim, drafts included."""
    return is_reviewer(user)


def can_edit_claim(user, claim) -> bool:
    """Only the author, and only before publication (a draft, or sent back for changes)."""
    return is_reviewer(user) and claim.author_id == user.pk and claim.status in EDITABLE_STATUSES


def is_same_claim_target(*, ours: bool, status: str | None = None) -> bool:
    """Whether a published fact-check may be offered, and marked, as what a claim is the
    same claim as: another organisation's, or one of ours that stands (published or
    corrected; a retracted fact-check of ours is withdrawn, never a target). ``status``:
    the claim's, for one of ours."""
    return not ours or status in LIVE_STATUSES


def can_mark_same_claim(user, claim) -> bool:
    """Mark a claim as the same claim as a published fact-check, or remove the mark: its
    author while they may edit it (as any edit of the claim), and moderators at any time
    until a retraction (they check the links when approving, and may find one after
    publication). A retracted claim is final."""
    if is_moderator(user):
        return claim.status != ClaimStatus.RETRACTED
    return can_edit_claim(user, claim)


def can_see_matches(user) -> bool:
    """The published fact-checks that say the same as a claim: reviewers and moderators."""
    return is_reviewer(user)


def is_correction(verdict) -> bool:
    """A verdict version after the first: a correction of a published verdict."""
    return verdict is not None and verdict.version > 1


def is_correction_under_way(verdict) -> bool:
    """A correction not yet published (being written, in review, or sent back)."""
    return is_correction(verdict) and verdict.status != Verdict.Status.PUBLISHED


def is_pending_correction(claim, verdict) -> bool:
    """A new verdict version of a public, live claim, not yet submitted (or sent back)."""
    return (
        is_correction(verdict)
        and verdict.status in VERDICT_EDITABLE_STATUSES
        and claim.status in LIVE_STATUSES
    )


def can_edit_correction(user, claim, verdict) -> bool:
    """The author of a pending correction (a new verdict version of a published claim)."""
    return (
        is_pending_correction(claim, verdict) and verdict.author_id == user.pk and is_reviewer(user)
    )


def can_edit_verdict(user, claim, verdict) -> bool:
    """The draft's verdict (its author, before publication) or one's pending correction."""
    return can_edit_claim(user, claim) or can_edit_correction(user, claim, verdict)


def can_moderate(user) -> bool:
    """See the moderation queue, approve, send back, retract (never one's own verdict)."""
    return is_moderator(user)


def can_view_dashboard(user) -> bool:
    """The team dashboard and its CSV: moderators, administrators and staff."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_staff or is_moderator(user)


def four_eyes_allow(user, verdict) -> bool:
    """The four-eyes rule: nobody decides on a verdict they wrote."""
    return verdict.author_id != user.pk


def is_in_review(verdict) -> bool:
    return verdict is not None and verdict.status == Verdict.Status.IN_REVIEW


def can_decide(user, verdict) -> bool:
    """Approve or send back this verdict version: a moderator who did not write it,
    while it waits for review."""
    return is_in_review(verdict) and is_moderator(user) and four_eyes_allow(user, verdict)


def can_start_correction(user, claim) -> bool:
    """A reviewer may propose a correction of a published (not retracted) claim."""
    return is_reviewer(user) and claim.status in LIVE_STATUSES


def can_correct(user, claim, verdict) -> bool:
    """``can_start_correction``, and no correction under way (``verdict``, the latest
    version, is the published one)."""
    return (
        can_start_correction(user, claim)
        and verdict is not None
        and verdict.status == Verdict.Status.PUBLISHED
    )


def can_retract(user, claim) -> bool:
    """Moderators retract published (or corrected) claims; a retraction is final."""
    return is_moderator(user) and claim.status in LIVE_STATUSES


def missing_for_review(claim: Claim) -> list[str]:
    """What a draft still lacks before it can be submitted (empty when ready).

    Uses what a selector already fetched (the claim panel), else asks the database."""
    missing = []
    prefetched = getattr(claim, "_prefetched_objects_cache", {})
    if "evidence" in prefetched:
        has_evidence = bool(prefetched["evidence"])
    else:
        has_evidence = claim.evidence.exists()
    if not has_evidence:
        missing.append(_("at least one piece of evidence"))
    versions = getattr(claim, "verdict_versions", None)
    if versions is not None:
        verdict = versions[0] if versions else None
    else:
        verdict = claim.verdicts.order_by("-version").first()
    if verdict is None or not verdict.rating:
        missing.append(_("a rating"))
    if verdict is None or not verdict.rationale.strip():
        missing.append(_("a rationale"))
    return missing


# --- Blind double review ---------------------------------------------------------------------


def blind_hides_first_verdict(user, claim, blind) -> bool:
    """While a second, blind verdict on the claim is asked for and not decided, its first
    verdict (rating, rationale, evidence, history) is shown only to its author and to the
    moderators who have no part in the second: never to the second reviewer, nor to the
    other reviewers, one of whom may take it."""
    if blind is None or blind.status not in BLIND_ACTIVE_STATUSES:
        return False
    if user.pk in (blind.first_author_id, claim.author_id):
        return False
    if blind.reviewer_id == user.pk:
        return True
    return not is_moderator(user)


def can_see_second_verdict(user, blind) -> bool:
    """The second verdict: its reviewer; the moderators who did not write the first; and,
    once decided, every reviewer (the first author included)."""
    if not is_reviewer(user):
        return False
    if blind.reviewer_id == user.pk or blind.status == BlindReview.Status.DECIDED:
        return True
    return is_moderator(user) and user.pk != blind.first_author_id


def can_request_blind_review(user, claim, verdict, blind) -> bool:
    """A moderator, on a claim waiting for its first review, with no second verdict asked."""
    return (
        is_moderator(user)
        and is_in_review(verdict)
        and verdict.version == 1
        and (blind is None or blind.status not in BLIND_ACTIVE_STATUSES)
    )


def can_take_blind_review(user, blind) -> bool:
    return (
        is_reviewer(user)
        and blind.status == BlindReview.Status.OPEN
        and user.pk not in (blind.first_author_id, blind.claim.author_id)
    )


def can_write_blind_review(user, blind) -> bool:
    return blind.reviewer_id == user.pk and blind.status == BlindReview.Status.IN_PROGRESS


def can_decide_blind_review(user, blind) -> bool:
    """Compare and decide: a moderator who wrote neither verdict, once both are in."""
    return (
        is_moderator(user)
        and blind.status == BlindReview.Status.SUBMITTED
        and user.pk not in (blind.first_author_id, blind.reviewer_id)
    )


def can_cancel_blind_review(user, blind) -> bool:
    return is_moderator(user) and blind.is_pending
