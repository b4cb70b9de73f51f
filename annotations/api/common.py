"""What the API's endpoints share: throttling, paging, permissions, If-Match, errors, schema.

Public reads (:class:`PublicReadMixin`) need no login. Writes need a role
(:class:`CanAnnotate`, :class:`CanModerate`), name the claim's version in ``If-Match``
(:func:`expected_version`: 428 when a PUT or a submission lacks it, 412 with the current
version when it is stale) and answer the services' exceptions through
:func:`write_exception_handler`: django ``ValidationError`` 400 with per-field messages;
``PermissionDenied`` / ``FourEyesError`` 403; unknown claim 404; ``TransitionError`` and
``IncompleteClaim`` (with ``missing``) 409; ``StaleEdit`` 412.
"""

from __future__ import annotations

import re
import time

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle
from rest_framework.views import exception_handler, set_rollback

from annotations import caching, permissions, services
from annotations.api import serializers
from annotations.api.filters import DEFAULT_ORDERING, ORDERINGS, requested_ordering
from annotations.models import Claim

# --- Throttling, pagination -----------------------------------------------------------


# The throttles count in the "default" cache (DRF's choice), which settings make one that
# every worker shares (Redis, or the database's cache table): a count kept in each process
# would let N workers answer N times the rate. Clients are told apart by the address that
# settings trust (REMOTE_ADDR, or X-Forwarded-For's behind BEHIND_PROXY: NUM_PROXIES).
# Conditional GETs answered 304, and answers from the response cache, count too: the public
# reads' ``caching.conditional`` decorates the handler (``get``), which DRF calls after its
# throttles, not ``dispatch``; what ``caching.answer_early`` answers before DRF's dispatch
# it counts with the view's own throttles.


class _LiveRateMixin:
    """DRF reads the rates once, at import; read them per request, so that a change of
    settings (in tests, or a reload) applies."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class _OneAtATimeMixin:
    """One worker at a time reads and writes a client's count (on Redis, a script that
    Redis runs atomically: ``FallbackRedisCache.sliding_window``).

    DRF keeps each client's request times in one cache entry, read, then written back:
    two workers answering the same client at the same moment both read it, and the
    second write loses the first request (measured with two gunicorn workers and Redis:
    148 of 400 quick requests answered against a rate of 120). A lock taken with
    ``cache.add`` (atomic in Redis, in the database's cache table and in memory) makes that
    read and write one step; DRF's counting itself is unchanged. Hand-written: DRF has no
    such option. A lock not released (a worker killed) lapses after a second; a worker
    that cannot have it within LOCK_WAIT counts without it rather than keep the client
    waiting.
    """

    LOCK_SECONDS = 1
    LOCK_WAIT = 0.25

    def allow_request(self, request, view):
        key = self.get_cache_key(request, view) if self.rate is not None else None
        if key is None:
            return super().allow_request(request, view)
        # Redis counts the window itself, atomically, in one round trip (no lock needed).
        sliding_window = getattr(self.cache, "sliding_window", None)
        if sliding_window is not None:
            self.key, self.now = key, self.timer()
            counted = sliding_window(key, self.now, self.duration, self.num_requests)
            if counted is not None:
                allowed, count, oldest = counted
                # What DRF's ``wait`` (Retry-After) reads: as many times, the oldest last.
                self.history = [self.now] * (count - 1) + [oldest] if count else []
                return allowed
        lock = f"{key}:lock"
        deadline = time.monotonic() + self.LOCK_WAIT
        locked = self.cache.add(lock, 1, self.LOCK_SECONDS)
        while not locked and time.monotonic() < deadline:
            time.sleep(0.001)
            locked = self.cache.add(lock, 1, self.LOCK_SECONDS)
        try:
            return super().allow_request(request, view)
        finally:
            if locked:
                self.cache.delete(lock)


class PublicAnonThrottle(_LiveRateMixin, _OneAtATimeMixin, AnonRateThrottle):
    pass


class PublicUserThrottle(_LiveRateMixin, _OneAtATimeMixin, UserRateThrottle):
    """Per user, for authenticated clients only: anonymous ones are PublicAnonThrottle's,
    whose rate is lower; counting them here too would only add a cache round trip."""

    def get_cache_key(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return None
        return super().get_cache_key(request, view)


PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


class _PublicCursorPagination(CursorPagination):
    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE


class PublicCursorPagination(_PublicCursorPagination):
    """The claim list, in the order ``?ordering=`` asks (newest publication first)."""

    ordering = ORDERINGS[DEFAULT_ORDERING]

    def get_ordering(self, request, queryset, view):
        # ?ordering= is validated by the filter set (an unknown value is a 400 before this).
        return requested_ordering(request.query_params)


class ArticleCursorPagination(_PublicCursorPagination):
    """The articles, newest import first."""

    ordering = ("-imported_at", "-id")


# Query parameters of the pagination, not of the filters.
PAGINATION_PARAMETERS = frozenset(
    {_PublicCursorPagination.cursor_query_param, _PublicCursorPagination.page_size_query_param}
)


# --- Permissions ------------------------------------------------------------------------


# A public read: anyone (no login), throttled per IP or per user. (No docstring: the
# schema would take it as the description of the views that have none.)
class PublicReadMixin:
    permission_classes = [AllowAny]
    throttle_classes = [PublicAnonThrottle, PublicUserThrottle]

    def dispatch(self, request, *args, **kwargs):
        # An anonymous client's copy still current (a 304), or an answer the response
        # cache holds: answered (and throttled) before DRF's dispatch, which would cost as
        # much again (``caching.answer_early``).
        early = caching.answer_early(self, request, *args, **kwargs)
        if early is not None:
            return early
        return super().dispatch(request, *args, **kwargs)


class CanAnnotate(BasePermission):
    message = gettext_lazy("Only reviewers and moderators can write through the API.")

    def has_permission(self, request, view):
        return permissions.can_annotate(request.user)


class CanModerate(BasePermission):
    message = gettext_lazy("Only moderators can approve or send back a claim.")

    def has_permission(self, request, view):
        return permissions.can_moderate(request.user)


# --- Versions (If-Match) and errors of the writes ---------------------------------------


class PreconditionRequired(APIException):
    status_code = 428
    default_detail = 'Send the claim\'s version as "If-Match: \\"<version>\\"" (its ETag).'
    default_code = "precondition_required"


_ETAG = re.compile(r'^\s*(?:W/)?"?(\d{1,18})"?\s*$')


def expected_version(request, *, required: bool) -> int | None:
    """The version in ``If-Match`` (``"3"``, ``W/"3"`` or ``3``); None when absent."""
    header = request.headers.get("If-Match")
    if header is None:
        if required:
            raise PreconditionRequired
        return None
    match = _ETAG.match(header)
    if match is None:
        raise ValidationError(
            {"If-Match": [_('Send the claim\'s ETag, a version number such as "3".')]}
        )
    return int(match.group(1))


def _error(data: dict, code: int) -> Response:
    set_rollback()
    return Response(data, status=code)


def write_exception_handler(exc, context):
    """The services' exceptions as HTTP answers; everything else as DRF does."""
    if isinstance(exc, services.StaleEdit):
        return _error(
            {
                "detail": _(
                    "The claim changed since you read it (version %(current)d, not "
                    "%(expected)d); read it again and redo your change."
                )
                % {"current": exc.claim.version, "expected": exc.expected_version},
                "version": exc.claim.version,
            },
            status.HTTP_412_PRECONDITION_FAILED,
        )
    if isinstance(exc, services.IncompleteClaim):
        return _error(
            {
                "detail": _("Before submitting for review, add: %(missing)s.")
                % {"missing": ", ".join(exc.missing)},
                "missing": [str(item) for item in exc.missing],
            },
            status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, services.TransitionError):
        return _error({"detail": str(exc)}, status.HTTP_409_CONFLICT)
    if isinstance(exc, services.FourEyesError):
        return _error({"detail": str(exc), "code": "four_eyes"}, status.HTTP_403_FORBIDDEN)
    if isinstance(exc, PermissionDenied) and str(exc):
        return _error({"detail": str(exc)}, status.HTTP_403_FORBIDDEN)
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            data = {field: [str(m) for m in messages] for field, messages in exc}
        else:
            data = {"non_field_errors": [str(m) for m in exc.messages]}
        return _error(data, status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Claim.DoesNotExist):
        exc = Http404()
    return exception_handler(exc, context)


# --- Schema fragments: public reads -----------------------------------------------------

NOT_FOUND = OpenApiResponse(
    response=OpenApiTypes.OBJECT,
    description="No public claim or article with this id (drafts and claims under review "
    "are never public).",
)
BAD_REQUEST = OpenApiResponse(
    response=OpenApiTypes.OBJECT,
    description="A query parameter is invalid (the body names it).",
)
THROTTLED = OpenApiResponse(
    response=OpenApiTypes.OBJECT,
    description="Too many requests: wait for the number of seconds in `Retry-After`.",
)
PAGE_SIZE_PARAMETERS = [
    OpenApiParameter(
        "page_size",
        OpenApiTypes.INT,
        description=f"Items per page (default {PAGE_SIZE}, at most {MAX_PAGE_SIZE}).",
    ),
]


# --- Schema fragments: writes -----------------------------------------------------------


def if_match(*, required: bool) -> OpenApiParameter:
    """The ``If-Match`` header of an edit (see :func:`expected_version`)."""
    return OpenApiParameter(
        "If-Match",
        str,
        OpenApiParameter.HEADER,
        required=required,
        description='The claim\'s version as an ETag, e.g. `"3"` (from the last response).',
    )


CLAIM_OK = OpenApiResponse(
    serializers.DraftClaimSerializer, description="The claim; its version in ETag."
)
# Per-field messages: an object whose keys are the fields (or "If-Match").
INVALID_FIELDS = OpenApiResponse(
    OpenApiTypes.OBJECT, description='Invalid fields: `{"field": ["message", …]}`.'
)
UNAUTHENTICATED = OpenApiResponse(
    serializers.ErrorSerializer, description="No credentials, or a revoked or unknown token."
)
FORBIDDEN = OpenApiResponse(
    serializers.ErrorSerializer,
    description="Not in the role, not the claim's author, four-eyes rule, or a session "
    "request without its CSRF token.",
)
NO_SUCH_CLAIM = OpenApiResponse(serializers.ErrorSerializer, description="No claim with this id.")
CONFLICT = OpenApiResponse(
    serializers.ConflictSerializer,
    description="The claim is not in a state that allows this (with `missing` when it "
    "lacks evidence, a rating or a rationale).",
)
STALE = OpenApiResponse(
    serializers.StaleVersionSerializer,
    description="If-Match is stale: the current version is in `version`.",
)
PRECONDITION_REQUIRED = OpenApiResponse(
    serializers.ErrorSerializer, description="If-Match is missing."
)
WRITE_THROTTLED = OpenApiResponse(serializers.ErrorSerializer, description="Too many requests.")
# What any write may answer besides its success.
WRITE_ERRORS = {400: INVALID_FIELDS, 401: UNAUTHENTICATED, 403: FORBIDDEN, 429: WRITE_THROTTLED}
# An edit that names the version it was made from (If-Match, required).
VERSIONED_EDIT = {
    200: CLAIM_OK,
    **WRITE_ERRORS,
    404: NO_SUCH_CLAIM,
    409: CONFLICT,
    412: STALE,
    428: PRECONDITION_REQUIRED,
}
