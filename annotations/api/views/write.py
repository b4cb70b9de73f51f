"""The write API: drafts, evidence, verdicts, submission and moderators' decisions.

Authenticated by a personal token (``Authorization: Token …``, see /account/tokens/) or
by the browser session with its CSRF token. Each endpoint checks the role through
``annotations.permissions``, calls one service (the same as the UI, with the same rules
and messages) and answers with the claim as its author sees it, its version as ETag.
Versions (``If-Match``) and the mapping of the services' errors to HTTP answers are in
``annotations.api.common``; the POSTs honour ``Idempotency-Key`` (``annotations.api.idempotency``).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from annotations import selectors, services
from annotations.api import serializers as s
from annotations.api.common import (
    CLAIM_OK,
    CONFLICT,
    NO_SUCH_CLAIM,
    STALE,
    VERSIONED_EDIT,
    WRITE_ERRORS,
    CanAnnotate,
    CanModerate,
    PublicAnonThrottle,
    PublicUserThrottle,
    expected_version,
    if_match,
    write_exception_handler,
)
from annotations.api.idempotency import IDEMPOTENCY_KEY, idempotent, idempotent_responses
from annotations.api.views.read import ClaimList
from annotations.models import Claim


def claim_response(pk: int, code: int = status.HTTP_200_OK) -> Response:
    """The claim as its author sees it, its version as ETag."""
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

    def validated(self, serializer_class) -> dict:
        """The request's body, checked by ``serializer_class`` (400 with per-field messages)."""
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


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
        parameters=[IDEMPOTENCY_KEY],
        request=s.ClaimCreateSerializer,
        responses=idempotent_responses({201: CLAIM_OK, **WRITE_ERRORS}),
    )
    @idempotent
    def post(self, request, *args, **kwargs):
        data = self.validated(s.ClaimCreateSerializer)
        claim = services.claim_create(
            article=data["article"],
            author=request.user,
            start=data["start"],
            end=data["end"],
            quote=data["quote"],
            text=data["text"],
            claimant=data["claimant"],
        )
        return claim_response(claim.pk, status.HTTP_201_CREATED)


class EvidenceCreate(WriteMixin, APIView):
    @extend_schema(
        tags=["claims (write)"],
        summary="Add evidence to a draft",
        description="Only the claim's author, while it is a draft. `If-Match` optional.",
        parameters=[if_match(required=False), IDEMPOTENCY_KEY],
        request=s.EvidenceCreateSerializer,
        responses=idempotent_responses(
            {201: CLAIM_OK, **WRITE_ERRORS, 404: NO_SUCH_CLAIM, 409: CONFLICT, 412: STALE}
        ),
    )
    @idempotent
    def post(self, request, pk: int):
        version = expected_version(request, required=False)
        claim = self.get_claim()
        data = self.validated(s.EvidenceCreateSerializer)
        services.evidence_add(
            claim=claim,
            user=request.user,
            data=services.EvidenceInput(**data),
            expected_version=version,
        )
        return claim_response(claim.pk, status.HTTP_201_CREATED)


class VerdictSet(WriteMixin, APIView):
    @extend_schema(
        tags=["claims (write)"],
        summary="Set the draft's verdict",
        description="Rating and Markdown rationale (and the public correction note of a "
        "pending correction). Requires `If-Match`.",
        parameters=[if_match(required=True)],
        request=s.VerdictSetSerializer,
        responses=VERSIONED_EDIT,
    )
    def put(self, request, pk: int):
        version = expected_version(request, required=True)
        claim = self.get_claim()
        data = self.validated(s.VerdictSetSerializer)
        services.verdict_set(claim=claim, user=request.user, expected_version=version, **data)
        return claim_response(claim.pk)


class ClaimSubmit(WriteMixin, APIView):
    @extend_schema(
        tags=["claims (write)"],
        summary="Submit the claim for review",
        description="Needs evidence, a rating and a rationale (409 with `missing`). "
        "Requires `If-Match`.",
        parameters=[if_match(required=True), IDEMPOTENCY_KEY],
        request=None,
        responses=idempotent_responses(VERSIONED_EDIT),
    )
    @idempotent
    def post(self, request, pk: int):
        version = expected_version(request, required=True)
        claim = self.get_claim()
        services.claim_submit(claim=claim, user=request.user, expected_version=version)
        return claim_response(claim.pk)


class _ModeratorDecision(WriteMixin, APIView):
    """A moderator's decision on a claim waiting for review, with a comment."""

    permission_classes = [IsAuthenticated, CanModerate]
    request_serializer: type
    decide: Callable[..., object]  # the service: (claim=, moderator=, comment=)

    @idempotent
    def post(self, request, pk: int):
        claim = self.get_claim()
        comment = self.validated(self.request_serializer)["comment"]
        self.decide(claim=claim, moderator=request.user, comment=comment)
        return claim_response(claim.pk)


def _decision_schema(serializer, *, summary: str, description: str):
    return extend_schema_view(
        post=extend_schema(
            tags=["claims (write)"],
            summary=summary,
            description=description,
            parameters=[IDEMPOTENCY_KEY],
            request=serializer,
            responses=idempotent_responses(
                {200: CLAIM_OK, **WRITE_ERRORS, 404: NO_SUCH_CLAIM, 409: CONFLICT}
            ),
        )
    )


@_decision_schema(
    s.ApproveSerializer,
    summary="Approve and publish (moderators)",
    description="Never one's own verdict (four-eyes rule, 403). 409 when the claim is "
    "no longer waiting for review.",
)
class ClaimApprove(_ModeratorDecision):
    request_serializer = s.ApproveSerializer
    decide = staticmethod(services.claim_approve)


@_decision_schema(
    s.RequestChangesSerializer,
    summary="Send back to the author (moderators)",
    description="With a comment for the author. Four-eyes rule as for approval.",
)
class ClaimRequestChanges(_ModeratorDecision):
    request_serializer = s.RequestChangesSerializer
    decide = staticmethod(services.claim_request_changes)
