"""Read replicas: anonymous reads from PostgreSQL streaming replicas, the rest from the primary.

Django's database routers choose a database per query but know nothing of the request,
and no maintained library does this per-request choice with a replica's health and a
reader's own writes in mind, so it is written here, small:

- ``ReplicaMiddleware`` decides, once per request, whether the request is a *public
  read*: GET or HEAD, no session cookie (not logged in), no ``Authorization`` header (no
  API token) and no pin cookie (this browser has not sent a write in the last
  ``REPLICA_PIN_SECONDS``). Only those read from a replica. Any other request (every
  write, every page of a logged-in reviewer, every API client with a token) reads from
  the primary, so an author always reads back their own save at once, whatever the
  replicas' lag. Each write request sets the pin cookie, so that a browser that has just
  written (and logged out) keeps reading from the primary for a while.
- ``ReplicaRouter`` sends the reads of the annotations tables to the replica the
  middleware chose, and everything else to the primary: writes, locking reads
  (``select_for_update`` is a write for Django's routers, so transitions always lock on
  the primary), sessions, users and tokens, the cache table, the login throttling. Reads
  made outside a request (management commands, the webhook worker) use the primary.
- A replica that cannot be connected to is marked down for ``REPLICA_RETRY_SECONDS``,
  with a warning in the log, and the request reads from the primary: a replica that is
  down never makes a public read fail. (A replica lost in the middle of a request fails
  that request; the next one goes to the primary.)

What a replica serves may lag the primary by its replication delay: a publication is on
a replica's public pages once the replica has replayed it (milliseconds on a healthy
streaming replica; `synchronous_commit = remote_apply` on the primary makes it at once).
"""

from __future__ import annotations

import contextvars
import itertools
import logging
import threading
import time

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import DatabaseError, connections

logger = logging.getLogger("factcheck.replicas")

PIN_COOKIE = "factcheck_primary"
SAFE_METHODS = frozenset({"GET", "HEAD"})
# Only the app's own tables are read from a replica: Django's (sessions, users, the
# cache table) and the libraries' (tokens, login attempts) are read where they are written.
REPLICATED_APPS = frozenset({"annotations"})

# The replica this request reads from; None: the primary.
_reading_from: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "factcheck_replica", default=None
)


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica_")]


class ReplicaHealth:
    """Which replicas are usable in this process: each one down is left alone for
    ``REPLICA_RETRY_SECONDS`` after a failed connection, then tried again."""

    def __init__(self) -> None:
        self._down_until: dict[str, float] = {}
        self._lock = threading.Lock()
        self._turns = itertools.count()

    def mark_down(self, alias: str, error: Exception) -> None:
        with self._lock:
            self._down_until[alias] = time.monotonic() + settings.REPLICA_RETRY_SECONDS
        logger.warning(
            "Replica %s is unreachable (%s); public reads go to the primary for %s s.",
            alias,
            str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__,
            settings.REPLICA_RETRY_SECONDS,
        )

    def candidates(self, aliases: list[str]) -> list[str]:
        """The replicas to try, in turn (round robin), those marked down left out."""
        now = time.monotonic()
        with self._lock:
            up = [alias for alias in aliases if self._down_until.get(alias, 0) <= now]
            start = next(self._turns)
        if not up:
            return []
        start %= len(up)
        return up[start:] + up[:start]


health = ReplicaHealth()


def connected(alias: str) -> bool:
    """Whether ``alias`` answers: its kept connection, checked as Django checks one at
    the start of a request (CONN_HEALTH_CHECKS), or a new one."""
    connection = connections[alias]
    try:
        connection.close_if_health_check_failed()
        connection.ensure_connection()
    except DatabaseError as error:
        connection.close()
        health.mark_down(alias, error)
        return False
    return True


def is_public_read(request) -> bool:
    return (
        request.method in SAFE_METHODS
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and PIN_COOKIE not in request.COOKIES
        and "Authorization" not in request.headers
    )


def choose_replica(request) -> str | None:
    if not is_public_read(request):
        return None
    for alias in health.candidates(replica_aliases()):
        if connected(alias):
            return alias
    return None


class ReplicaMiddleware:
    def __init__(self, get_response):
        if not replica_aliases():
            raise MiddlewareNotUsed  # no replicas: nothing to choose, no cost
        self.get_response = get_response

    def __call__(self, request):
        token = _reading_from.set(choose_replica(request))
        try:
            response = self.get_response(request)
        finally:
            _reading_from.reset(token)
        if request.method not in SAFE_METHODS and settings.REPLICA_PIN_SECONDS:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        replica = _reading_from.get()
        if replica is None or model._meta.app_label not in REPLICATED_APPS:
            return "default"
        instance = hints.get("instance")
        if instance is not None and instance._state.db:
            # Related rows come from where their row came from.
            return instance._state.db
        return replica

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replicas hold the primary's rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
