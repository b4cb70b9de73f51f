"""The inbox: notifying a claim's authors of a decision, marking notifications read."""

from __future__ import annotations

from django.utils import timezone

from annotations.models import Claim, Notification, Verdict


def notify_authors(claim: Claim, verdict: Verdict, kind: str, actor, comment: str = "") -> None:
    """Tell the claim's author and the verdict's author (never the actor) of ``kind``."""
    recipients = {claim.author_id, verdict.author_id} - {actor.pk}
    Notification.objects.bulk_create(
        Notification(recipient_id=pk, claim=claim, kind=kind, actor=actor, comment=comment)
        for pk in sorted(recipients)
    )


def notifications_mark_read(*, user, ids=None) -> int:
    """Mark the user's notifications (all, or those ids) as read; returns how many."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
