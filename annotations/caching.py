"""HTTP caching of the public reads: validators (ETag, Last-Modified), 304s, Cache-Control.

A validator is computed *before* the view runs, with one small query. When the
client's ``If-None-Match`` or ``If-Modified-Since`` matches, the answer is a 304 and
the view never runs: one query in all. Otherwise the view runs as usual and its 200
carries the same validators.

What the validators cover:

* the public claims in scope:
  - all of them (lists, feeds, exports): the public revision, a counter that every
    publication, correction and retraction moves on (``services.public_changed``),
    read by primary key, so its cost does not grow with the number of claims;
  - one claim: its ``version`` (bumped by every change of the claim, its evidence or
    its verdicts, a correction's publication and a retraction included) and status;
  - one article's: an aggregate over its public claims (``public_state``);
* the representation: host, path and query string, ``Accept``, the active language
  (from ``Accept-Language``), and for HTML pages the user (the page shows the user's
  name; its CSRF token only changes at login or logout, when the user changes too).

Lists are validated over *all* public claims, not the filtered set: simpler, and the
query string is in the ETag, so a filtered list is still never served stale; a change
anywhere only costs a spurious 200 for lists that did not change.

``Last-Modified`` is the time of the last change in scope, so a correction or a
retraction moves it.

The response cache (:func:`conditional` again): a 200 that anyone could have been
given is kept in Django's cache ``responses`` under a key made of the ETag (the
validator read for the request, and the representation) plus the htmx headers. The
next request with the same validator and representation is answered from it after the
same one query that a 304 costs, and a publication, correction, retraction, new
version of an article or any other change that moves the validator is seen by the very
next request, on every node: the old key is simply never asked for again. Kept:

* the API's JSON and JSON-LD (never its HTML, the browsable API);
* the public pages (``html=True``), their CSRF token taken out and a fresh one put in
  on each hit, as a miss would.

Never kept nor served from the cache: a request that could be personal (a token, a
session cookie, or for pages a pending message), a streaming response (the exports),
an answer other than 200, one that sets a cookie. Where the cache is: each process's
memory by default, Redis when ``CACHE_URL`` names it (``RESPONSE_CACHE_URL`` in the
settings). A cache that fails (Redis down) is logged once and skipped: the view
answers from the database.

Who may keep a response (:class:`PrivateResponsesMiddleware`, for every response):

* the API: ``public, max-age=60`` for anonymous JSON and JSON-LD reads (above);
  ``private, no-store`` for any response to a request with credentials (a token, or a
  logged-in session), and for any HTML one (the browsable API shows the user's name and
  a CSRF token; its 304s too);
* the site's pages: ``private`` for a logged-in user, whatever the page (the header
  shows the user's name and every form a CSRF token). The public pages are private for
  everyone (``conditional(html=True)``).
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import connections, router
from django.db.models import Count, Max, Q
from django.http import HttpResponse
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token
from django.utils import translation
from django.utils.cache import (
    cc_delim_re,
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import http_date, quote_etag

from annotations.models import PUBLIC_STATUSES, Claim, FactCheckVector, PublicRevision, Verdict

MAX_AGE = 60
RESPONSE_CACHE = "responses"

logger = logging.getLogger(__name__)


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


# The two validators below run before every public read, 304s included, and are
# written in SQL: the ORM would compile each query anew on every request, which costs
# as much as the database takes to answer a primary-key read. Both are pinned by tests
# (tests/api/test_caching.py) against the rows the services write.
_REVISION = PublicRevision._meta.db_table
_REVISION_SQL = f"SELECT number, changed_at FROM {_REVISION} WHERE id = %s"  # noqa: S608
_VECTORS = FactCheckVector._meta.db_table
_REVISION_VECTOR_SQL = (
    f"SELECT number, changed_at, (SELECT MAX(id) FROM {_VECTORS}) "  # noqa: S608
    f"FROM {_REVISION} WHERE id = %s"
)
_STATUS_VALUES = tuple(str(status) for status in PUBLIC_STATUSES)
_CLAIM_SQL = (
    "SELECT version, status, published_at, retracted_at, updated_at "  # noqa: S608
    f"FROM {Claim._meta.db_table} WHERE id = %s AND status IN "
    f"({', '.join(['%s'] * len(_STATUS_VALUES))})"
)


def _fetch_one(sql: str, params: tuple) -> tuple | None:
    """One row, read where the answer's own rows are read (``router.db_for_read``: a
    replica for a public read when there are replicas), so that the validator, and the
    cache key made of it, name the state of the data the answer is made from."""
    with connections[router.db_for_read(Claim)].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def _aware(value) -> datetime.datetime | None:
    """A raw SQLite cursor gives naive UTC datetimes (or text); PostgreSQL aware ones."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=datetime.UTC)


def all_claims_state(request, *args, **kwargs) -> PublicState:
    """Every public claim (lists, feeds, collections, exports): the public revision,
    which every publication, correction and retraction moves on. One primary-key read,
    whatever the number of claims. Never None: an empty list is a representation too."""
    row = _fetch_one(_REVISION_SQL, (PublicRevision.SINGLETON,)) or (0, None)
    return PublicState(key=f"revision:{row[0]}", last_modified=_aware(row[1]))


def public_list_state(request, *args, **kwargs) -> PublicState:
    """The public list: ``all_claims_state``; with a search, the last stored vector too
    (a vector computed after a publication changes what the search finds). One query."""
    if not request.GET.get("q", "").strip():
        return all_claims_state(request, *args, **kwargs)
    row = _fetch_one(_REVISION_VECTOR_SQL, (PublicRevision.SINGLETON,))
    if row is None:
        return PublicState(key="revision:0", last_modified=None)
    return PublicState(key=f"revision:{row[0]}:vector:{row[2]}", last_modified=_aware(row[1]))


def claim_state(request, *args, pk: int, **kwargs) -> PublicState | None:
    """One claim: its row alone. ``version`` moves with every change to the claim, its
    evidence or its verdicts (a correction's publication included), and ``updated_at``
    with it."""
    row = _fetch_one(_CLAIM_SQL, (pk, *_STATUS_VALUES))
    if row is None:
        return None
    version, status = row[0], row[1]
    last_modified = max(t for t in map(_aware, row[2:]) if t is not None)
    return PublicState(key=f"claim:{pk}:{version}:{status}", last_modified=last_modified)


def article_state(request, *args, pk: int, **kwargs) -> PublicState | None:
    return public_state(article_id=pk)


def _digest(request, state: PublicState, *, per_user: bool) -> str:
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
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def conditional(state_func: Callable[..., PublicState | None], *, html: bool = False) -> Callable:
    """Answer GET/HEAD with 304 when the client's copy is current, without running the
    view; add ETag, Last-Modified, Cache-Control and Vary to 200s and 304s.

    In the API, decorate the handler (``method_decorator(..., name="get")``), not
    ``dispatch``: DRF authenticates and throttles before it calls the handler, so that a
    304 is counted against the client's rate like a 200. (``PublicReadMixin`` answers an
    anonymous client's 304s and cache hits before DRF's dispatch: ``answer_early``.)

    API responses are ``public, max-age=60`` (``private, no-store`` once
    :class:`PrivateResponsesMiddleware` finds them personal). HTML pages (``html=True``)
    are ``private, max-age=60``: they embed a CSRF token and, when logged in, the user's
    name, so no shared cache may keep them.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            # Read already when ``answer_early`` looked before DRF's dispatch.
            state = getattr(request, "early_public_state", _UNREAD)
            if state is _UNREAD:
                state = state_func(request, *args, **kwargs)
            if state is None:  # not public: the view answers (404)
                return view(request, *args, **kwargs)
            request.public_state = state  # for ``derived``
            digest = getattr(request, "early_digest", None)  # ``answer_early``'s, the same
            if digest is None:
                digest = _digest(request, state, per_user=html)
            etag = quote_etag(digest)
            timestamp = int(state.last_modified.timestamp()) if state.last_modified else None
            response = get_conditional_response(request, etag=etag, last_modified=timestamp)
            if response is None:
                response = _from_cache(view, request, args, kwargs, digest=digest, html=html)
            if response.status_code not in (200, 304):
                return response
            return _with_validators(response, etag, timestamp, html=html)

        wrapper.conditional_state = state_func  # for ``answer_early``
        return wrapper

    return decorator


_UNREAD = object()


def _with_validators(response, etag: str, timestamp: int | None, *, html: bool):
    response.headers.setdefault("ETag", etag)
    if timestamp is not None:
        response.headers.setdefault("Last-Modified", http_date(timestamp))
    if html:
        patch_cache_control(response, private=True, max_age=MAX_AGE)
    else:
        patch_cache_control(response, public=True, max_age=MAX_AGE)
    patch_vary_headers(response, ("Accept", "Accept-Language"))
    return response


def answer_early(view, request, *args, **kwargs) -> HttpResponse | None:
    """A public API read answered before DRF's dispatch, when nothing DRF does before the
    handler could change the answer: an anonymous ``GET``/``HEAD`` (no token, no session
    cookie) of a ``conditional`` handler whose current ETag the client names in
    ``If-None-Match`` (a 304), or whose answer the response cache holds (a hit). The
    throttles still count it, as DRF would (a refused request goes on to DRF, which
    answers the 429). Otherwise None, with what was read kept on the request for the
    handler's ``conditional``: one query and one cache read either way.

    Why: DRF's dispatch (its request, content negotiation, authentication, response
    finalising) costs as much as the rest of a 304 (measured in process on SQLite). An
    ETag, and a kept answer, only ever come from a 200 to the same path, query string and
    ``Accept``, which DRF negotiated then; ``If-Modified-Since`` alone, carrying none of
    that, takes DRF's path.
    """
    if not _cacheable_request(request, html=False):  # the same test: nothing personal
        return None
    state_func = getattr(getattr(view, request.method.lower(), None), "conditional_state", None)
    if state_func is None:
        return None
    state = state_func(request, *args, **kwargs)
    request.early_public_state = state
    if state is None:
        return None
    digest = request.early_digest = _digest(request, state, per_user=False)
    etag = quote_etag(digest)
    timestamp = int(state.last_modified.timestamp()) if state.last_modified else None
    response = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if response is not None:
        if response.status_code != 304 or "If-None-Match" not in request.headers:
            return None
    else:
        stored = _cache_call("get", _cache_key(request, digest))
        request.early_cache_read = stored
        if stored is None:
            return None
        response = _kept_response(request, stored, html=False)
    if not all(throttle.allow_request(request, view) for throttle in view.get_throttles()):
        return None
    for name, value in view.default_response_headers.items():  # as DRF's finalize_response
        if name == "Vary":
            patch_vary_headers(response, cc_delim_re.split(value))
        else:
            response[name] = value
    return _with_validators(response, etag, timestamp, html=False)


# --- The response cache ------------------------------------------------------------------

# Headers that the layers around the view (this decorator, DRF, the middleware) set again
# on every answer, a hit included: not kept.
_LAYER_HEADERS = frozenset(
    {"etag", "last-modified", "cache-control", "vary", "allow", "content-length"}
)
_HTMX_HEADERS = ("HX-Request", "HX-Target", "HX-Boosted", "HX-History-Restore-Request")
# What a kept page holds where its CSRF token was. "<" never comes from user text (it is
# escaped), so nothing else in a page can be taken for it.
CSRF_PLACEHOLDER = b"<csrf-token>"
_CSRF_TOKENS = re.compile(
    rb"(?<![A-Za-z0-9])[A-Za-z0-9]{%d}(?![A-Za-z0-9])" % (2 * CSRF_SECRET_LENGTH)
)
_failed = False


def _cacheable_request(request, *, html: bool) -> bool:
    """Nothing personal could be in the answer: no token, no session (logged in or with
    a session of its own), and for pages no message waiting to be shown once."""
    if request.method not in ("GET", "HEAD") or "Authorization" in request.headers:
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies:
        return False
    return not (html and CookieStorage.cookie_name in cookies)


def _cache_key(request, digest: str) -> str:
    """The ETag's digest (validator and representation), the scheme (absolute URLs in
    the documents) and the htmx headers (a fragment is not the page)."""
    htmx = "|".join(request.headers.get(name, "") for name in _HTMX_HEADERS)
    if not htmx.strip("|"):
        return f"{request.scheme}:{digest}"
    return f"{request.scheme}:{digest}:{hashlib.sha256(htmx.encode()).hexdigest()[:16]}"


def _cache_call(method: str, *args):
    """A cache that fails (Redis down) costs the cache only: logged once, then the view
    answers as if the cache were empty."""
    global _failed  # one warning per process, not one per request
    try:
        result = getattr(caches[RESPONSE_CACHE], method)(*args)
    except Exception:  # any backend error: the database still answers
        if not _failed:
            logger.warning(
                "The response cache is unavailable; answering without it.", exc_info=True
            )
            _failed = True
        return None
    if _failed:
        logger.warning("The response cache is available again.")
        _failed = False
    return result


def _unmask(token: str) -> str:
    """The secret a masked CSRF token carries (as django.middleware.csrf unmasks it)."""
    mask, cipher = token[:CSRF_SECRET_LENGTH], token[CSRF_SECRET_LENGTH:]
    chars = CSRF_ALLOWED_CHARS
    return "".join(
        chars[chars.index(c) - chars.index(m)] for c, m in zip(cipher, mask, strict=True)
    )


def _without_csrf_token(request, content: bytes) -> bytes:
    """The page with every token of this request's CSRF secret made a placeholder."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return content

    def replace(match):
        token = match.group().decode()
        return CSRF_PLACEHOLDER if _unmask(token) == secret else match.group()

    return _CSRF_TOKENS.sub(replace, content)


def _store(request, key: str, response, *, html: bool) -> None:
    if response.status_code != 200 or response.streaming or response.cookies:
        return
    is_html = response.headers.get("Content-Type", "").startswith("text/html")
    if is_html != html:  # the browsable API: a user's name, a CSRF token
        return
    content = _without_csrf_token(request, response.content) if html else response.content
    headers = [(k, v) for k, v in response.headers.items() if k.lower() not in _LAYER_HEADERS]
    _cache_call("set", key, (headers, content))


def _kept_response(request, stored, *, html: bool) -> HttpResponse:
    headers, content = stored
    if html and CSRF_PLACEHOLDER in content:
        content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
    response = HttpResponse(content)
    for name, value in headers:
        response.headers[name] = value
    return response


def _from_cache(view, request, args, kwargs, *, digest: str, html: bool):
    """The view's answer: from the cache when it holds this representation at this
    validator, else the view's own, kept for the next request."""
    if not _cacheable_request(request, html=html):
        return view(request, *args, **kwargs)
    key = _cache_key(request, digest)
    # Read already when ``answer_early`` looked before DRF's dispatch (and found nothing).
    stored = getattr(request, "early_cache_read", _UNREAD)
    if stored is _UNREAD:
        stored = _cache_call("get", key)
    if stored is not None:
        return _kept_response(request, stored, html=html)
    response = view(request, *args, **kwargs)
    if getattr(response, "is_rendered", True):
        _store(request, key, response, html=html)
    else:  # DRF's Response: rendered after the view (and DRF) have returned
        response.add_post_render_callback(
            lambda rendered: _store(request, key, rendered, html=html)
        )
    return response


def derived(request, name: str, parts: tuple, compute: Callable[[], Any]) -> Any:
    """A value made from the public data for a page (the public list's counts by month
    and rating), kept in the response cache under the validator of the request's ETag
    (``conditional`` leaves it on the request): never stale, since every publication,
    correction and retraction moves the validator on. Unlike a page, it is shared by
    every visitor, logged in or not, and by every page of a list; ``parts`` is what else
    it depends on (the filters, the months). Without a validator, or with the response
    cache off, computed every time."""
    state = getattr(request, "public_state", None)
    if state is None:
        return compute()
    digest = hashlib.sha256(repr((state.key, parts)).encode()).hexdigest()[:32]
    key = f"derived:{name}:{digest}"
    value = _cache_call("get", key)
    if value is None:
        value = compute()
        _cache_call("set", key, value)
    return value


# --- Who may keep a response -----------------------------------------------------------

API_PREFIX = "/api/"
PERSONAL_API_CACHE_CONTROL = "private, no-store"


def has_credentials(request) -> bool:
    """A token (``Authorization``: DRF may not have read it, when a 304 answered before
    the view ran) or a logged-in session (the user is only looked up when a session
    cookie came, so that anonymous requests pay no query)."""
    if "Authorization" in request.headers:
        return True
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def _is_html(request, response) -> bool:
    if response.status_code == 304:  # no Content-Type: what the client asked for
        return "text/html" in request.headers.get("Accept", "")
    return response.headers.get("Content-Type", "").startswith("text/html")


class PrivateResponsesMiddleware:
    """No shared cache keeps a response that shows a user's data, name or CSRF token
    (see the module's docstring for the rules)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(API_PREFIX):
            if has_credentials(request) or _is_html(request, response):
                # Replaces ``public, max-age=60``: not kept at all, not even by the browser.
                response.headers["Cache-Control"] = PERSONAL_API_CACHE_CONTROL
        elif has_credentials(request):
            patch_cache_control(response, private=True)
        return response
