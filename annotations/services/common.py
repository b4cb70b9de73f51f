"""What every service shares: the errors they raise, field checks, the history they write."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from annotations.models import Claim, ClaimEvent

Action = ClaimEvent.Action


class StaleEdit(Exception):
    """The claim changed since the editor loaded it (its version moved on)."""

    def __init__(self, claim: Claim, expected_version: int):
        super().__init__(f"claim {claim.pk} is at version {claim.version}, not {expected_version}")
        self.claim = claim
        self.expected_version = expected_version


class IncompleteClaim(Exception):
    """Submitting for review needs evidence, a rating and a rationale."""

    def __init__(self, missing: list[str]):
        super().__init__("; ".join(missing))
        self.missing = missing


class TransitionError(Exception):
    """The claim is not in a state that allows this action any more."""


class FourEyesError(PermissionDenied):
    """A moderator may not decide on a verdict they wrote."""


def _jsonable(values: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}


def record_event(
    claim: Claim,
    actor,
    action: str,
    *,
    before: dict | None = None,
    after: dict | None = None,
    comment: str = "",
    from_status: str = "",
    to_status: str = "",
) -> ClaimEvent:
    """Append a line to the claim's history (inside the caller's transaction)."""
    return ClaimEvent.objects.create(
        claim=claim,
        actor=actor,
        action=action,
        before=_jsonable(before or {}),
        after=_jsonable(after or {}),
        comment=comment,
        from_status=from_status,
        to_status=to_status,
    )


def bump_version(claim: Claim) -> Claim:
    """One more version of the claim (every edit of it, its evidence or its verdict)."""
    claim.version += 1
    claim.updated_at = timezone.now()
    claim.save(update_fields=["version", "updated_at"])
    return claim


def checked_text(errors: dict, name: str, value: str, max_length: int, *, required=True) -> str:
    """``value`` stripped; a message under ``errors[name]`` when it is missing or too long."""
    value = (value or "").strip()
    if required and not value:
        errors.setdefault(name, []).append(_("This field is required."))
    elif len(value) > max_length:
        errors.setdefault(name, []).append(
            _("At most %(limit)d characters (it has %(count)d).")
            % {"limit": max_length, "count": len(value)}
        )
    return value
