"""A person's public name: the display name that signs their fact-checks.

What they checked or approved is signed with it, or with the team's name."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from annotations.models import PUBLIC_STATUSES, Claim, Profile, Verdict
from annotations.services.public import public_changed


def profile_update(*, user, display_name: str, sign_as_team: bool) -> Profile:
    """Set how ``user`` signs public fact-checks. When the name the public sees changes,
    the public claims they checked or approved change too: their version moves on (their
    pages' ETags and Last-Modified) and so does the public revision (the lists')."""
    with transaction.atomic():
        profile, _created = Profile.objects.select_for_update().get_or_create(user=user)
        before = profile.public_name
        profile.display_name = display_name.strip()
        profile.sign_as_team = sign_as_team
        profile.save()
        if profile.public_name != before:
            signed = Verdict.objects.filter(status=Verdict.Status.PUBLISHED).filter(
                Q(author=user) | Q(approved_by=user)
            )
            updated = Claim.objects.filter(
                status__in=PUBLIC_STATUSES, pk__in=signed.values("claim_id")
            ).update(version=F("version") + 1, updated_at=timezone.now())
            if updated:
                public_changed()
    return profile
