"""What every template may ask: roles, unread count, claims waiting, the claim states.

The number of claims waiting for a moderator is counted for moderators only."""

from django.utils.functional import SimpleLazyObject

from annotations import permissions, selectors
from annotations.models import AnchorState, BlindReviewStatus, ClaimStatus, Notification


def roles(request):
    """What the current user may do, for templates (lazy: no query unless used)."""
    user = request.user

    def _compute():
        return {
            "is_reviewer": permissions.is_reviewer(user),
            "is_moderator": permissions.is_moderator(user),
            "can_view_dashboard": permissions.can_view_dashboard(user),
            "can_import_articles": permissions.can_import_articles(user),
        }

    def _unread():
        if not permissions.is_reviewer(user):
            return 0
        return selectors.unread_count(user)

    def _waiting():
        # Only moderators see it: nobody else pays for the query.
        if not permissions.is_moderator(user):
            return 0
        return selectors.moderation_count()

    return {
        "can": SimpleLazyObject(_compute),
        "unread_count": SimpleLazyObject(_unread),
        "moderation_count": SimpleLazyObject(_waiting),
    }


def states(request):
    """The claim states by name (``ClaimStatus.RETRACTED``, ``AnchorState.CHANGED``), so
    that no template spells a state's value."""
    return {
        "ClaimStatus": ClaimStatus,
        "AnchorState": AnchorState,
        "BlindStatus": BlindReviewStatus,
        "NotificationKind": Notification.Kind,
    }
