"""Personal API tokens (knox, stored hashed): created and revoked by their owner."""

from __future__ import annotations

from knox.models import AuthToken


def token_create(*, user) -> str:
    """A new token for ``user``; the full token, which is shown once and never stored."""
    _instance, token = AuthToken.objects.create(user=user)
    return token


def token_revoke(*, user, key: str) -> bool:
    """Revoke one of the user's own tokens by its key prefix; False when there is none
    (someone else's token is unknown here)."""
    deleted, _detail = AuthToken.objects.filter(user=user, token_key=key).delete()
    return bool(deleted)
