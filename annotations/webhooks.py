"""Webhook delivery: a signed JSON POST to each subscriber when a claim goes public.

Sent when a claim is published, corrected or retracted, and when a new version of its
article changes its passage (``passage_changed``, to endpoints that subscribed to it).

How it runs:

- ``on_claim_published`` (connected in ``AnnotationsConfig.ready``) receives
  ``claim_published``, which is sent after the transaction has committed. It stores one
  ``WebhookDelivery`` per active endpoint subscribed to the event, due at once, and then,
  depending on ``WEBHOOK_DELIVERY``:

  - ``worker`` (default unless DEBUG): leaves every attempt to the worker process
    (``manage.py worker``, which polls every second), so that web processes only serve;
  - ``thread`` (default with DEBUG: ``make run``): makes the first attempt in a daemon
    thread, so that the moderator's request never waits for a slow receiver;
  - ``sync``: attempts at once, in the caller's thread (tests: deterministic).

- The worker (or ``deliver_webhooks`` from cron) sends the deliveries that are due:
  first attempts and retries, with exponential backoff (1 min, 5 min, 30 min, 2 h, 6 h,
  12 h, then daily) up to ``WEBHOOK_MAX_ATTEMPTS``; with ``thread``, also first
  attempts a thread never made (process stopped).

- A sender first *claims* due deliveries in a short transaction: it locks them
  (``select_for_update(skip_locked=True)`` on PostgreSQL; SQLite's writers queue on
  the database lock) and moves their ``next_attempt_at`` past a lease, then commits and
  sends with no transaction open. Two runners (or a runner and a thread) never send the
  same delivery at once. If a sender dies between the POST and writing its result, the
  lease (``WEBHOOK_LEASE_SECONDS``) runs out and the delivery is sent again: delivery is
  at least once, and receivers deduplicate on ``X-Factcheck-Delivery``.

- SSRF: the URL's host is resolved at save time (``WebhookEndpoint.clean``) and again at
  every attempt; if *any* address is private, loopback, link-local, multicast, reserved
  or otherwise not global, nothing is sent (unless ``WEBHOOKS_ALLOW_PRIVATE``). The
  connection then goes to an address just checked (never resolved again), so DNS
  rebinding between the check and the connection cannot redirect it. Redirects are not
  followed.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import logging
import socket
import threading
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection, connections, transaction
from django.urls import reverse
from django.utils import timezone

from annotations import anchoring, selectors
from annotations.models import (
    Claim,
    ClaimStatus,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from annotations.url_safety import UnsafeURL, check_url, split_url

logger = logging.getLogger(__name__)

USER_AGENT = "Factcheck-Webhooks/1"
RESPONSE_EXCERPT_BYTES = 1000
# Delay before retry n (after failed attempt n); the last one repeats.
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
    timedelta(hours=12),
    timedelta(hours=24),
)


# --- Payload and signature ------------------------------------------------------------


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def claim_payload(claim: Claim, event: str) -> dict:
    """What subscribers receive: the event and a compact, public view of the claim.

    ``claim`` comes from ``selectors.public_claim``. As in the ClaimReview, a retracted
    claim's withdrawn rating is not repeated.
    """
    verdicts = claim.published_verdicts
    current = verdicts[0] if verdicts else None
    retracted = claim.status == ClaimStatus.RETRACTED
    public_url = _absolute(reverse("annotations:public_claim_detail", args=[claim.pk]))
    return {
        "event": event,
        "claim_id": claim.pk,
        "status": claim.status,
        "url": public_url,
        "timestamp": timezone.now().isoformat(),
        "claim": {
            "id": claim.pk,
            "text": claim.text,
            "claimant": claim.claimant,
            "quote": claim.checked_quote or claim.quote,  # the passage the verdict checked
            "status": claim.status,
            "rating": None if retracted or current is None else current.rating,
            "rating_value": (None if retracted or current is None else current.rating_value),
            "version": current.version if current else None,
            "correction_note": current.correction_note if current else "",
            "retraction_note": claim.retraction_note,
            "published_at": _iso(claim.published_at),
            "updated_at": _iso(claim.last_change),
            "retracted_at": _iso(claim.retracted_at),
            "article": {
                "id": claim.article_id,
                "title": claim.article.title,
                "publisher": claim.article.publisher,
                "source_url": claim.article.source_url,
            },
            "public_url": public_url,
            "anchor": anchoring.public_anchor(**anchor_values(claim)),
        },
    }


def anchor_values(claim: Claim) -> dict:
    """The claim's fields that ``anchoring.public_anchor`` reads (its article selected)."""
    return {
        "state": claim.anchor_state,
        "checked_version": claim.checked_version,
        "checked_quote": claim.checked_quote,
        "current_version": claim.article.current_version,
        "start": claim.start,
        "end": claim.end,
        "quote": claim.quote,
        "proposed_start": claim.proposed_start,
        "proposed_end": claim.proposed_end,
        "proposed_quote": claim.proposed_quote,
        "checked_at": _iso(getattr(claim, "checked_version_at", None)),
    }


def encode(payload: dict) -> bytes:
    """The exact bytes sent (and signed): the same for every attempt of a delivery."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def signature(secret: str, body: bytes) -> str:
    """``X-Factcheck-Signature``: receivers compute the same and compare in constant time."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


# --- Enqueueing (the signal receiver) ----------------------------------------------------


def enqueue(*, claim: Claim, event: str) -> list[int]:
    """One due delivery per active endpoint subscribed to ``event``; their ids."""
    if event not in WebhookEvent.values:
        return []
    endpoints = list(WebhookEndpoint.objects.filter(active=True, **{f"on_{event}": True}))
    if not endpoints:
        return []
    payload = claim_payload(selectors.public_claim(claim.pk), event)
    now = timezone.now()
    created = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            endpoint=endpoint, claim_id=claim.pk, event=event, payload=payload, next_attempt_at=now
        )
        for endpoint in endpoints
    )
    return [delivery.pk for delivery in created]


def enqueue_passage_changes(*, claim_ids) -> list[int]:
    """One due ``passage_changed`` delivery per subscribed endpoint and public claim; their
    ids. A fixed number of queries, whatever the number of claims."""
    endpoints = list(WebhookEndpoint.objects.filter(active=True, on_passage_changed=True))
    if not endpoints or not claim_ids:
        return []
    event = str(WebhookEvent.PASSAGE_CHANGED)
    payloads = [(c.pk, claim_payload(c, event)) for c in selectors.public_claims_by_id(claim_ids)]
    now = timezone.now()
    created = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            endpoint=endpoint, claim_id=pk, event=event, payload=payload, next_attempt_at=now
        )
        for endpoint in endpoints
        for pk, payload in payloads
    )
    return [delivery.pk for delivery in created]


def on_claim_published(sender, *, claim: Claim, kind: str, **kwargs) -> None:
    """Receiver of ``claim_published`` (after commit). Never raises: the claim is already
    published, and a webhook problem must not turn the moderator's request into an error."""
    try:
        ids = enqueue(claim=claim, event=str(kind))
    except Exception:
        logger.exception("Could not queue webhooks for claim %s (%s)", claim.pk, kind)
        return
    _send(ids)


def on_passage_changed(sender, *, claim_ids, **kwargs) -> None:
    """Receiver of ``passage_changed`` (after commit). Never raises, as above: the new
    version of the article is stored."""
    try:
        ids = enqueue_passage_changes(claim_ids=claim_ids)
    except Exception:
        logger.exception("Could not queue passage_changed webhooks for claims %s", claim_ids)
        return
    _send(ids)


def _send(ids: list[int]) -> None:
    """The first attempt of new deliveries, as ``WEBHOOK_DELIVERY`` says."""
    if not ids:
        return
    mode = settings.WEBHOOK_DELIVERY
    if mode == "sync":
        deliver_due(ids=ids)
    elif mode == "thread":
        threading.Thread(
            target=_deliver_in_thread, args=(ids,), name="webhooks", daemon=True
        ).start()


def _deliver_in_thread(ids: list[int]) -> None:
    try:
        deliver_due(ids=ids)
    except Exception:
        logger.exception("Webhook delivery thread failed; deliver_webhooks will retry")
    finally:
        connections.close_all()  # this thread's connections only


# --- Sending ------------------------------------------------------------------------------


def _lease() -> timedelta:
    """How long a claimed delivery is left to its sender before another may take it."""
    return timedelta(seconds=settings.WEBHOOK_LEASE_SECONDS)


def take_due_deliveries(*, ids=None, limit: int = 100) -> list[WebhookDelivery]:
    """Take up to ``limit`` due deliveries for this sender (see the module's docstring)."""
    now = timezone.now()
    with transaction.atomic():
        due = WebhookDelivery.objects.filter(
            status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now
        )
        if ids is not None:
            due = due.filter(pk__in=ids)
        due = due.order_by("next_attempt_at", "id")
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        taken = list(due.values_list("pk", flat=True)[:limit])
        if taken:
            WebhookDelivery.objects.filter(pk__in=taken).update(next_attempt_at=now + _lease())
    return list(
        WebhookDelivery.objects.filter(pk__in=taken).select_related("endpoint").order_by("id")
    )


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to an address already checked, whatever the host name resolves to now."""

    def __init__(self, host, port, *, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """The same over TLS: the certificate is still checked against the host name (SNI)."""

    def __init__(self, host, port, *, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _post(url: str, addresses: list[str], body: bytes, headers: dict) -> tuple[int, str]:
    """POST ``body`` to ``url`` at the first address that accepts a connection."""
    scheme, host, port = split_url(url)
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    connection_class = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
    error: OSError | None = None
    for address in addresses:
        conn = connection_class(host, port, address=address, timeout=settings.WEBHOOK_TIMEOUT)
        try:
            conn.request("POST", path, body=body, headers=headers)
            response = conn.getresponse()
            excerpt = response.read(RESPONSE_EXCERPT_BYTES).decode("utf-8", "replace")
            return response.status, excerpt
        except OSError as exc:
            if conn.sock is not None:  # connected, then failed: do not send twice
                raise
            error = exc
        finally:
            conn.close()
    raise error


def _backoff(attempts: int) -> timedelta:
    return BACKOFF[min(attempts, len(BACKOFF)) - 1]


def attempt(delivery: WebhookDelivery) -> WebhookDelivery:
    """Send one claimed delivery once and log the outcome on it. Never raises."""
    endpoint = delivery.endpoint
    body = encode(delivery.payload)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Factcheck-Event": delivery.event,
        "X-Factcheck-Delivery": str(delivery.pk),
        "X-Factcheck-Signature": signature(endpoint.secret, body),
    }
    status_code, excerpt, error = None, "", ""
    give_up = False
    if not endpoint.active:
        error, give_up = "The endpoint was deactivated; not sent.", True
    else:
        try:
            status_code, excerpt = _post(
                endpoint.url,
                check_url(endpoint.url, allow_private=settings.WEBHOOKS_ALLOW_PRIVATE),
                body,
                headers,
            )
        except UnsafeURL as exc:
            error = f"Refused: {exc}"
        except (OSError, http.client.HTTPException) as exc:
            error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        except Exception as exc:  # a bug must not leave the delivery claimed forever
            logger.exception("Webhook delivery %s failed unexpectedly", delivery.pk)
            error = f"{type(exc).__name__}: {exc}"
    now = timezone.now()
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.last_status_code = status_code
    delivery.last_response = excerpt
    if status_code is not None and not 200 <= status_code < 300:
        error = f"HTTP {status_code}"
    delivery.last_error = error
    if not error:
        delivery.status = WebhookDelivery.Status.DELIVERED
        delivery.delivered_at, delivery.next_attempt_at = now, None
    elif give_up or delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
        delivery.status = WebhookDelivery.Status.FAILED
        delivery.next_attempt_at = None
    else:
        delivery.next_attempt_at = now + _backoff(delivery.attempts)
    delivery.save(
        update_fields=[
            "attempts",
            "last_attempt_at",
            "last_status_code",
            "last_response",
            "last_error",
            "status",
            "delivered_at",
            "next_attempt_at",
        ]
    )
    log = logger.info if not error else logger.warning
    log(
        "Webhook %s (%s, claim %s) to %s: attempt %s, %s",
        delivery.pk,
        delivery.event,
        delivery.claim_id,
        endpoint.url,
        delivery.attempts,
        error or f"HTTP {status_code}",
    )
    return delivery


def deliver_due(*, ids=None, batch: int = 100) -> list[WebhookDelivery]:
    """Send every due delivery (or only those of ``ids``), batch by batch; what was tried.

    Each claimed delivery leaves the due set (delivered, given up, or rescheduled), so
    this ends even if every receiver fails.
    """
    tried = []
    while True:
        deliveries = take_due_deliveries(ids=ids, limit=batch)
        if not deliveries:
            return tried
        tried.extend(attempt(delivery) for delivery in deliveries)
