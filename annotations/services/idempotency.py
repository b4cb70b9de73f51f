"""The stored answers of API writes sent with an ``Idempotency-Key``: lock, record, purge.

The API (``annotations.api.idempotency``) runs a keyed write in one transaction: it
takes the key's lock, looks for a stored answer, runs the write and records its answer,
all before the commit. So a committed write always has its answer stored, and a write
that did not commit has none.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.db import connection, transaction

from annotations.models import IdempotencyKey


def lock_number(user_id: int, key: str) -> int:
    """A signed 64-bit number for PostgreSQL's advisory locks, from the user and key
    (a collision between two keys only makes one of them wait for the other's answer)."""
    digest = hashlib.sha256(f"{user_id}\0{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def idempotency_lock(*, user, key: str) -> bool:
    """Take the key's lock until the end of the caller's transaction; False when a
    request with the same key holds it (it is still being processed).

    PostgreSQL: a transaction-level advisory lock, tried without waiting. SQLite: always
    True, since its writers already queue on the database lock taken when the
    transaction begins (``transaction_mode`` IMMEDIATE): a retry waits for the first
    request's commit and then finds its answer.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("idempotency_lock needs the caller's transaction")
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [lock_number(user.pk, key)])
        return bool(cursor.fetchone()[0])


def idempotency_record(
    *,
    user,
    key: str,
    fingerprint: str,
    status_code: int,
    body: str,
    headers: dict[str, str],
    expired_before: datetime,
) -> IdempotencyKey:
    """Store the answer to a keyed write, in the caller's transaction (the write's own).
    An expired answer under the same key is replaced."""
    with transaction.atomic():
        IdempotencyKey.objects.filter(user=user, key=key, created_at__lt=expired_before).delete()
        return IdempotencyKey.objects.create(
            user=user,
            key=key,
            fingerprint=fingerprint,
            status_code=status_code,
            body=body,
            headers=headers,
        )


def idempotency_keys_purge(*, expired_before: datetime) -> int:
    """Delete the answers stored before ``expired_before``; how many there were."""
    with transaction.atomic():
        deleted, _detail = IdempotencyKey.objects.filter(created_at__lt=expired_before).delete()
    return deleted
