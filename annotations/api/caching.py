"""HTTP caching of the public reads: conditional GET (ETag, Last-Modified, 304) and
Cache-Control.

A validator is computed *before* the view runs, with one small aggregate query over
public claims (``public_state``). When the client's ``If-None-Match`` or
``If-Modified-Since`` matches, the answer is a 304 and the view never runs: one query
in all. Otherwise the view runs as usual and its 200 carries the same validators.

What the validators cover:

* the public claims in scope (one claim, one article's, or all of them): their count,
  the latest ``version`` (bumped by every edit of a claim, its evidence or its verdict),
  the latest status, and the latest of ``published_at``, ``retracted_at``,
  ``updated_at`` and the published verdicts' ``published_at`` (a correction);
* the representation: host, path and query string, ``Accept``, the active language
  (from ``Accept-Language``), and for HTML pages the user (the page shows the user's
  name; its CSRF token only changes at login or logout, when the user changes too).

Lists are validated over *all* public claims, not the filtered set: simpler, and the
query string is in the ETag, so a filtered list is still never served stale; a change
anywhere only costs a spurious 200 for lists that did not change.

``Last-Modified`` is the latest time above, so a correction or a retraction moves it.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.db.models import Count, Max, Q
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag

from annotations.models import PUBLIC_STATUSES, Claim, Verdict

MAX_AGE = 60


@dataclass(frozen=True)
class PublicState:
    """What a public representation depends on, read in one query."""

    key: str
    last_modified: datetime.datetime | None


def public_state(**filters) -> PublicState | None:
    """The state of the public claims matching ``filters`` (one aggregate query), or
    None when there is none (the view then runs and answers 404, or an empty list)."""
    row = Claim.objects.filter(status__in=PUBLIC_STATUSES, **filters).aggregate(
        count=Count("id", distinct=True),
        version=Max("version"),
        status=Max("status"),
        published=Max("published_at"),
        retracted=Max("retracted_at"),
        updated=Max("updated_at"),
        verdict=Max("verdicts__published_at", filter=Q(verdicts__status=Verdict.Status.PUBLISHED)),
    )
    if not row["count"]:
        return None
    times = [row[name] for name in ("published", "retracted", "updated", "verdict")]
    last_modified = max((t for t in times if t is not None), default=None)
    key = "|".join(
        str(row[name].isoformat() if hasattr(row[name], "isoformat") else row[name])
        for name in sorted(row)
    )
    return PublicState(key=key, last_modified=last_modified)


# Validator functions: (request, *args, **kwargs) -> PublicState | None


def all_claims_state(request, *args, **kwargs) -> PublicState:
    """Every public claim (lists, feeds, collections, exports). Never None: an empty
    list is a representation too."""
    return public_state() or PublicState(key="empty", last_modified=None)


def claim_state(request, *args, pk: int, **kwargs) -> PublicState | None:
    return public_state(pk=pk)


def article_state(request, *args, pk: int, **kwargs) -> PublicState | None:
    return public_state(article_id=pk)


def _etag(request, state: PublicState, *, per_user: bool) -> str:
    parts = [
        state.key,
        request.get_host(),
        request.get_full_path(),
        request.headers.get("Accept", ""),
        translation.get_language() or "",
    ]
    if per_user:
        user = getattr(request, "user", None)
        parts.append(str(user.pk) if user is not None and user.is_authenticated else "-")
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]
    return quote_etag(digest)


def conditional(state_func: Callable[..., PublicState | None], *, html: bool = False) -> Callable:
    """Answer GET/HEAD with 304 when the client's copy is current, without running the
    view; add ETag, Last-Modified, Cache-Control and Vary to 200s and 304s.

    API responses are ``public, max-age=60``. HTML pages (``html=True``) are
    ``private, max-age=60``: they embed a CSRF token and, when logged in, the user's
    name, so no shared cache may keep them.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            state = state_func(request, *args, **kwargs)
            if state is None:  # not public: the view answers (404)
                return view(request, *args, **kwargs)
            etag = _etag(request, state, per_user=html)
            timestamp = int(state.last_modified.timestamp()) if state.last_modified else None
            response = get_conditional_response(request, etag=etag, last_modified=timestamp)
            if response is None:
                response = view(request, *args, **kwargs)
            if response.status_code not in (200, 304):
                return response
            response.headers.setdefault("ETag", etag)
            if timestamp is not None:
                response.headers.setdefault("Last-Modified", http_date(timestamp))
            if html:
                patch_cache_control(response, private=True, max_age=MAX_AGE)
            else:
                patch_cache_control(response, public=True, max_age=MAX_AGE)
            patch_vary_headers(response, ("Accept", "Accept-Language"))
            return response

        return wrapper

    return decorator
