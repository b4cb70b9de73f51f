"""``manage.py worker``: the background work, in a process of its own.

Web processes only serve: with ``WEBHOOK_DELIVERY=worker`` and ``MATCHING_EMBED=worker``
(the defaults unless DEBUG) they store what is to be done and leave it here.

Each round it sends the webhook deliveries that are due (first attempts and retries)
and, with ``MATCHING_EMBED=worker``, computes one batch of claim matching's missing
vectors; when a round found nothing to do it sleeps ``--interval`` seconds. The queue is
the database's (``WebhookDelivery``, with its lease): several workers may run, on one
machine or several, and never send the same delivery at once; a worker killed in the
middle of a delivery loses nothing (its lease runs out and another sends it again).
SIGTERM or Ctrl-C stops it after the round in progress. A database that goes away is
waited for, not fatal.

Why not a task queue library: the delivery log already is a queue with leases, retries
and backoff in the database, which the admin shows; django-tasks' database backend
(the Django Tasks API's backport) has no retries with backoff, so it would add a second
queue without removing the first.
"""

from __future__ import annotations

import logging
import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections

from annotations import services, webhooks

logger = logging.getLogger("annotations.worker")


class Command(BaseCommand):
    help = (
        "Run the background work (webhook deliveries, claim matching's vectors) until "
        "stopped. Several may run at once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds to sleep after a round that found nothing to do (1).",
        )
        parser.add_argument(
            "--batch", type=int, default=10, help="Deliveries taken at a time (10)."
        )
        parser.add_argument(
            "--once", action="store_true", help="Do everything that is due, then stop."
        )

    def handle(self, *args, interval: float, batch: int, once: bool, **options):
        self.stopping = threading.Event()
        if not once:
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, lambda *_: self.stopping.set())
        logger.info(
            "Worker started: webhooks every %s s when idle, vectors %s.",
            interval,
            "here" if settings.MATCHING_EMBED == "worker" else "not here",
        )
        while not self.stopping.is_set():
            done = self.round(batch=max(1, batch), everything=once)
            if once:
                break
            if not done:
                self.stopping.wait(interval)
        logger.info("Worker stopped.")

    def round(self, *, batch: int, everything: bool) -> int:
        """One pass over the queues; how much was done (0: nothing was due)."""
        close_old_connections()  # as a request would: kept connections checked, aged out
        try:
            tried = webhooks.deliver_due(batch=batch) if everything else self.deliveries(batch)
            vectors = 0
            if settings.MATCHING_EMBED == "worker":
                vectors = services.vectors_compute(
                    limit=None if everything else services.matching.BATCH_SIZE
                )
        except DatabaseError:
            logger.exception("The worker could not reach the database; it tries again.")
            close_old_connections()
            self.stopping.wait(5)
            return 0
        if tried or vectors:
            delivered = sum(d.status == d.Status.DELIVERED for d in tried)
            logger.info(
                "Worker: %s deliveries attempted (%s delivered), %s vectors computed.",
                len(tried),
                delivered,
                vectors,
            )
        return len(tried) + vectors

    def deliveries(self, batch: int):
        """One batch of due deliveries, so that vectors and stopping wait for one batch
        at most, not for the whole queue."""
        return [webhooks.attempt(d) for d in webhooks.take_due_deliveries(limit=batch)]
