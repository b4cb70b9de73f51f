"""The public revision: one counter of changes to what the public sees (the lists' ETag)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from annotations.models import PUBLIC_STATUSES, Article, Claim, PublicRevision


def public_changed() -> None:
    """Count one change to what the public sees (the ETag of every public list).

    Called inside the transaction that makes the change: the row lock orders concurrent
    changes, and a rollback takes the increment back with the change.
    """
    with transaction.atomic():
        updated = PublicRevision.objects.filter(pk=PublicRevision.SINGLETON).update(
            number=F("number") + 1, changed_at=timezone.now()
        )
        if not updated:  # a database emptied by hand (or by a test runner's flush)
            PublicRevision.objects.get_or_create(
                pk=PublicRevision.SINGLETON, defaults={"number": 1}
            )


def article_metadata_changed(*, article: Article) -> None:
    """An article's title, publisher, date or links were edited (in the admin): its
    public claims show them, so their ETags and Last-Modified, and those of the lists,
    must change."""
    with transaction.atomic():
        Claim.objects.filter(article=article, status__in=PUBLIC_STATUSES).update(
            version=F("version") + 1, updated_at=timezone.now()
        )
        public_changed()
