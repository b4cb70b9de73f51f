"""Marking a claim as the same claim as a published fact-check, and removing the mark.

The fact-check is one of ours or another organisation's; both changes are recorded in the
claim's history."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from annotations import permissions
from annotations.models import (
    PUBLIC_STATUSES,
    Claim,
    ExternalFactCheck,
    SameClaim,
)
from annotations.selectors import EXTERNAL, OURS
from annotations.services.common import Action, bump_version, record_event
from annotations.services.public import public_changed

KINDS = (OURS, EXTERNAL)


def same_claim_values(link: SameClaim) -> dict:
    """What the claim's history records of a link: what it points to."""
    if link.earlier_id is not None:
        return {"kind": OURS, "id": link.earlier_id, "text": link.earlier.text}
    external = link.external
    return {
        "kind": EXTERNAL,
        "id": external.pk,
        "text": external.claim,
        "organisation": external.organisation,
        "url": external.review_url,
    }


def _target(claim: Claim, kind: str, target_id: int) -> dict:
    """The field and object a new link points to; a ``ValidationError`` saying why not."""
    if kind == OURS:
        if target_id == claim.pk:
            raise ValidationError(_("A claim cannot be marked as the same claim as itself."))
        earlier = Claim.objects.filter(pk=target_id, status__in=PUBLIC_STATUSES).first()
        if earlier is None:
            raise ValidationError(
                _(
                    "Only a published fact-check of ours can be marked as the same claim: "
                    "this one is not published."
                )
            )
        if not permissions.is_same_claim_target(ours=True, status=earlier.status):
            raise ValidationError(
                _(
                    "This fact-check of ours was retracted: it cannot be marked as the same "
                    "claim. Choose another fact-check."
                )
            )
        return {"earlier": earlier}
    if kind == EXTERNAL:
        external = ExternalFactCheck.objects.filter(pk=target_id).first()
        if external is None:
            raise ValidationError(_("This fact-check of another organisation is not known."))
        return {"external": external}
    raise ValidationError(_("Unknown kind of fact-check."))


def _lock(claim: Claim, user) -> Claim:
    """Lock the claim's row (inside a transaction); check the user may change its links."""
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    if not permissions.can_mark_same_claim(user, locked):
        raise PermissionDenied(
            _(
                "Only the claim's author (while it is a draft) and moderators can mark it "
                "as the same claim as a published fact-check."
            )
        )
    return locked


def _public_change(locked: Claim) -> None:
    """A public claim's page, API document and ClaimReview show its links: their
    validators (the claim's version, the public revision) move on. A draft's version
    does not: its edit forms carry it, and a link is not one of their fields."""
    if locked.status in PUBLIC_STATUSES:
        bump_version(locked)
        public_changed()


def _link_filter(kind: str, target_id: int) -> dict:
    return {"earlier_id": target_id} if kind == OURS else {"external_id": target_id}


def same_claim_mark(*, claim: Claim, user, kind: str, target_id: int) -> SameClaim:
    """Mark ``claim`` as the same claim as fact-check ``target_id`` of ``kind`` ("ours": a
    published claim of ours, "external": an imported review)."""
    with transaction.atomic():
        locked = _lock(claim, user)
        target = _target(locked, kind, target_id)
        if SameClaim.objects.filter(claim=locked, **_link_filter(kind, target_id)).exists():
            raise ValidationError(
                _("This claim is already marked as the same claim as this fact-check.")
            )
        try:
            with transaction.atomic():
                link = SameClaim.objects.create(claim=locked, marked_by=user, **target)
        except IntegrityError:  # the constraints, should a check above have been raced
            raise ValidationError(
                _("This claim is already marked as the same claim as this fact-check.")
            ) from None
        record_event(
            locked,
            user,
            Action.SAME_CLAIM_MARKED,
            after=same_claim_values(link),
            from_status=locked.status,
            to_status=locked.status,
        )
        _public_change(locked)
    return link


def same_claim_unmark(*, claim: Claim, user, kind: str, target_id: int) -> None:
    """Remove the mark "same claim as" fact-check ``target_id`` of ``kind`` from ``claim``."""
    if kind not in KINDS:
        raise ValidationError(_("Unknown kind of fact-check."))
    with transaction.atomic():
        locked = _lock(claim, user)
        link = (
            SameClaim.objects.select_related("earlier", "external")
            .filter(claim=locked, **_link_filter(kind, target_id))
            .first()
        )
        if link is None:
            raise ValidationError(
                _(
                    "This claim is not marked as the same claim as this fact-check (the "
                    "mark may have been removed already)."
                )
            )
        before = same_claim_values(link)
        link.delete()
        record_event(
            locked,
            user,
            Action.SAME_CLAIM_UNMARKED,
            before=before,
            from_status=locked.status,
            to_status=locked.status,
        )
        _public_change(locked)
