"""The write API: drafts, evidence, verdicts, submission and moderators' decisions.

Authenticated by a personal token (``Authorization: Token …``, see /account/tokens/) or
by the browser session with its CSRF token. Each endpoint checks the role through
``annotations.permissions``, calls one service (the same as the UI, with the same rules
and messages) and answers with the claim as its author sees it, its version as ETag.

Edits are guarded by the claim's version: ``If-Match: "<version>"`` (428 when a PUT or
a submission lacks it, 412 with the current version when it is stale).

Error mapping (``write_exception_handler``): django ``ValidationError`` 400 with
per-field messages; ``PermissionDenied`` / ``FourEyesError`` 403; unknown claim 404;
``TransitionError`` and ``IncompleteClaim`` (with ``missing``) 409; ``StaleEdit`` 412.
"""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView, exception_handler, set_rollback

from annotations import permissions, selectors, services
from annotations.api.serializers import write as s
from annotations.api.views.read import ClaimList, PublicAnonThrottle, PublicUserThrottle
from annotations.models import Claim

# --- Permissions, versions, errors ------------------------------------------------------


class CanAnnotate(BasePermission):
    message = gettext_lazy("Only reviewers and moderators can write through the API.")

    def has_permission(self, request, view):
        return permissions.can_annotate(request.user)


class CanModerate(BasePermission):
    message = gettext_lazy("Only moderators can approve or send back a claim.")

    def has_permission(self, request, view):
        return permissions.can_moderate(request.user)


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


def _claim_response(pk: int, code: int = status.HTTP_200_OK) -> Response:
    claim = selectors.claim_detail(pk)
    response = Response(s.DraftClaimSerializer(claim).data, status=code)
    response["ETag"] = f'"{claim.version}"'
    return response


class WriteMixin:
    permission_classes = [IsAuthenticated, CanAnnotate]
    throttle_classes = [PublicAnonThrottle, PublicUserThrottle]

    def get_exception_handler(self):
        return write_exception_handler

    def get_claim(self) -> Claim:
        """Any claim, for a reviewer (as in the UI); the services decide who may edit."""
        try:
            return selectors.claim_detail(int(self.kwargs["pk"]))
        except Claim.DoesNotExist:
            raise Http404 from None


# --- Schema fragments --------------------------------------------------------------------

IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    description='The claim\'s version as an ETag, e.g. `"3"` (from the last response).',
)
IF_MATCH_REQUIRED = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=True,
    description='The claim\'s version as an ETag, e.g. `"3"` (from the last response).',
)
CLAIM_OK = OpenApiResponse(s.DraftClaimSerializer, description="The claim; its version in ETag.")
# Per-field messages: an object whose keys are the fields (or "If-Match").
BAD = OpenApiResponse(
    OpenApiTypes.OBJECT, description='Invalid fields: `{"field": ["message", …]}`.'
)
UNAUTHENTICATED = OpenApiResponse(
    s.ErrorSerializer, description="No credentials, or a revoked or unknown token."
)
FORBIDDEN = OpenApiResponse(
    s.ErrorSerializer,
    description="Not in the role, not the claim's author, four-eyes rule, or a session "
    "request without its CSRF token.",
)
NOT_FOUND = OpenApiResponse(s.ErrorSerializer, description="No claim with this id.")
CONFLICT = OpenApiResponse(
    s.ConflictSerializer,
    description="The claim is not in a state that allows this (with `missing` when it "
    "lacks evidence, a rating or a rationale).",
)
STALE = OpenApiResponse(
    s.StaleVersionSerializer, description="If-Match is stale: the current version is in `version`."
)
PRECONDITION_REQUIRED = OpenApiResponse(s.ErrorSerializer, description="If-Match is missing.")
THROTTLED = OpenApiResponse(s.ErrorSerializer, description="Too many requests.")
COMMON = {400: BAD, 401: UNAUTHENTICATED, 403: FORBIDDEN, 429: THROTTLED}
# An edit that names the version it was made from (If-Match, required).
VERSIONED_EDIT = {
    200: CLAIM_OK,
    **COMMON,
    404: NOT_FOUND,
    409: CONFLICT,
    412: STALE,
    428: PRECONDITION_REQUIRED,
}


# --- Endpoints ---------------------------------------------------------------------------


class ClaimCollection(WriteMixin, ClaimList):
    """GET: the public list (unchanged, anyone); POST: a new draft (reviewers)."""

    def get_permissions(self):
        classes = WriteMixin.permission_classes
        if self.request.method != "POST":
            classes = ClaimList.permission_classes
        return [permission() for permission in classes]

    @extend_schema(
        tags=["claims (write)"],
        summary="Create a draft claim",
        description="Over `article.body[start:end]`, which must read as `quote`; or, "
        "without offsets, where `quote` occurs in the article (`occurrence` says which "
        "when it occurs more than once).",
        request=s.ClaimCreateSerializer,
        responses={201: CLAIM_OK, **COMMON},
    )
    def post(self, request, *args, **kwargs):
        serializer = s.ClaimCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        claim = services.claim_create(
            article=data["article"],
            author=request.user,
            start=data["start"],
            end=data["end"],
            quote=data["quote"],
            text=data["text"],
            claimant=data["claimant"],
        )
        return _claim_response(claim.pk, status.HTTP_201_CREATED)


class EvidenceCreate(WriteMixin, APIView):
    @extend_schema(
        tags=["claims (write)"],
        summary="Add evidence to a draft",
        description="Only the claim's author, while it is a draft. `If-Match` optional.",
        parameters=[IF_MATCH],
        request=s.EvidenceCreateSerializer,
        responses={201: CLAIM_OK, **COMMON, 404: NOT_FOUND, 409: CONFLICT, 412: STALE},
    )
    def post(self, request, pk: int):
        version = expected_version(request, required=False)
        claim = self.get_claim()
        serializer = s.EvidenceCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.evidence_add(
            claim=claim,
            user=request.user,
            data=services.EvidenceInput(**serializer.validated_data),
            expected_version=version,
        )
        return _claim_response(claim.pk, status.HTTP_201_CREATED)


class VerdictSet(WriteMixin, APIView):
    @extend_schema(
        tags=["claims (write)"],
        summary="Set the draft's verdict",
        description="Rating and Markdown rationale (and the public correction note of a "
        "pending correction). Requires `If-Match`.",
        parameters=[IF_MATCH_REQUIRED],
        request=s.VerdictSetSerializer,
        responses=VERSIONED_EDIT,
    )
    def put(self, request, pk: int):
        version = expected_version(request, required=True)
        claim = self.get_claim()
        serializer = s.VerdictSetSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.verdict_set(
            claim=claim, user=request.user, expected_version=version, **serializer.validated_data
        )
        return _claim_response(claim.pk)


class ClaimSubmit(WriteMixin, APIView):
    @extend_schema(
        tags=["claims (write)"],
        summary="Submit the claim for review",
        description="Needs evidence, a rating and a rationale (409 with `missing`). "
        "Requires `If-Match`.",
        parameters=[IF_MATCH_REQUIRED],
        request=None,
        responses=VERSIONED_EDIT,
    )
    def post(self, request, pk: int):
        version = expected_version(request, required=True)
        claim = self.get_claim()
        services.claim_submit(claim=claim, user=request.user, expected_version=version)
        return _claim_response(claim.pk)


class ClaimApprove(WriteMixin, APIView):
    permission_classes = [IsAuthenticated, CanModerate]

    @extend_schema(
        tags=["claims (write)"],
        summary="Approve and publish (moderators)",
        description="Never one's own verdict (four-eyes rule, 403). 409 when the claim is "
        "no longer waiting for review.",
        request=s.ApproveSerializer,
        responses={200: CLAIM_OK, **COMMON, 404: NOT_FOUND, 409: CONFLICT},
    )
    def post(self, request, pk: int):
        claim = self.get_claim()
        serializer = s.ApproveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.claim_approve(
            claim=claim, moderator=request.user, comment=serializer.validated_data["comment"]
        )
        return _claim_response(claim.pk)


class ClaimRequestChanges(WriteMixin, APIView):
    permission_classes = [IsAuthenticated, CanModerate]

    @extend_schema(
        tags=["claims (write)"],
        summary="Send back to the author (moderators)",
        description="With a comment for the author. Four-eyes rule as for approval.",
        request=s.RequestChangesSerializer,
        responses={200: CLAIM_OK, **COMMON, 404: NOT_FOUND, 409: CONFLICT},
    )
    def post(self, request, pk: int):
        claim = self.get_claim()
        serializer = s.RequestChangesSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.claim_request_changes(
            claim=claim, moderator=request.user, comment=serializer.validated_data["comment"]
        )
        return _claim_response(claim.pk)
