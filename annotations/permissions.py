"""Who may do what. Views, the API and templates all ask these functions.

Roles are Django groups created by a data migration: Reviewers annotate,
Moderators approve (and can do everything a reviewer can). Superusers can do
everything. A logged-in user in neither group can see nothing of the workspace.
"""

from django.contrib.auth.models import AnonymousUser, Group

from annotations.models import EDITABLE_STATUSES, Claim, Verdict

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


def can_annotate(user) -> bool:
    """Create claims (reviewers, moderators, admins)."""
    return is_reviewer(user)


def can_view_claim(user, claim) -> bool:
    """Every reviewer sees every claim, drafts included."""
    return is_reviewer(user)


def can_edit_claim(user, claim) -> bool:
    """Only the author, and only before publication (a draft, or sent back for changes)."""
    return is_reviewer(user) and claim.author_id == user.pk and claim.status in EDITABLE_STATUSES


def can_edit_correction(user, claim, verdict) -> bool:
    """The author of a pending correction (a new verdict version of a published claim)."""
    return (
        verdict is not None
        and verdict.version > 1
        and verdict.author_id == user.pk
        and verdict.status in (Verdict.Status.DRAFT, Verdict.Status.CHANGES_REQUESTED)
        and claim.status in (Claim.Status.PUBLISHED, Claim.Status.CORRECTED)
        and is_reviewer(user)
    )


def can_moderate(user) -> bool:
    """See the moderation queue, approve, send back, retract (never one's own verdict)."""
    return is_moderator(user)


def can_start_correction(user, claim) -> bool:
    return is_reviewer(user) and claim.status in (Claim.Status.PUBLISHED, Claim.Status.CORRECTED)
