"""The public read API: published claims and the articles they were made in.

Anyone may read (no login); anonymous clients are throttled per IP. Only claims in
``PUBLIC_STATUSES`` are ever read, through ``annotations.selectors``.

Queries per request (pinned by the tests): claim list 1, claim detail 3, article
list 1, article detail 2, whatever the page size or the number of evidence and
verdict versions.
"""

from __future__ import annotations

from django.http import Http404
from django.utils.decorators import method_decorator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from annotations import caching, selectors
from annotations.api import representations, serializers
from annotations.api.filters import DEFAULT_ORDERING, ORDERINGS, PublicClaimApiFilter
from annotations.models import Claim

# --- Throttling, pagination -----------------------------------------------------------


class _LiveRateMixin:
    """DRF reads the rates once, at import; read them per request, so that a change of
    settings (in tests, or a reload) applies."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class PublicAnonThrottle(_LiveRateMixin, AnonRateThrottle):
    pass


class PublicUserThrottle(_LiveRateMixin, UserRateThrottle):
    pass


class PublicCursorPagination(CursorPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = ("-published_at", "-id")

    def get_ordering(self, request, queryset, view):
        # ?ordering= is validated by the filter set (an unknown value is a 400 before this).
        value = request.query_params.get("ordering") or getattr(
            view, "default_ordering", DEFAULT_ORDERING
        )
        return ORDERINGS.get(value, self.ordering)


# Query parameters of the pagination, not of the filters.
PAGINATION_PARAMETERS = {"cursor", "page_size"}


class ArticleCursorPagination(CursorPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = ("-imported_at", "-id")


class PublicReadMixin:
    permission_classes = [AllowAny]
    throttle_classes = [PublicAnonThrottle, PublicUserThrottle]


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
PAGE_PARAMETERS = [
    OpenApiParameter(
        "page_size", OpenApiTypes.INT, description="Items per page (default 20, at most 100)."
    ),
]


# --- Claims ---------------------------------------------------------------------------


@extend_schema(
    tags=["claims"],
    summary="List published claims",
    description="Published, corrected and retracted claims, newest publication first, "
    "paginated by cursor (follow `next`). With `updated_since`, a change feed.",
    parameters=PAGE_PARAMETERS,
    responses={
        200: serializers.ClaimListSerializer(many=True),
        400: BAD_REQUEST,
        404: NOT_FOUND,  # an invalid cursor
        429: THROTTLED,
    },
)
@method_decorator(caching.conditional(caching.all_claims_state), name="dispatch")
class ClaimList(PublicReadMixin, generics.ListAPIView):
    serializer_class = serializers.ClaimListSerializer
    filterset_class = PublicClaimApiFilter
    pagination_class = PublicCursorPagination

    def get_queryset(self):
        return selectors.public_claim_rows()

    def filter_queryset(self, queryset):
        # No filter asked (the first page, or a cursor's): no filter set to build.
        if set(self.request.query_params) <= PAGINATION_PARAMETERS:
            return queryset
        return super().filter_queryset(queryset)

    def list(self, request, *args, **kwargs):
        rows = self.filter_queryset(self.get_queryset()).values(*representations.LIST_FIELDS)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(representations.claim_list_items(page, request=request))


@extend_schema(
    tags=["claims"],
    summary="One published claim",
    description="The claim with its selectors in the article, its current rating and "
    "rationale, its evidence, and every published version of its verdict.",
    responses={200: serializers.ClaimDetailSerializer, 404: NOT_FOUND, 429: THROTTLED},
)
@method_decorator(caching.conditional(caching.claim_state), name="dispatch")
class ClaimDetail(PublicReadMixin, generics.RetrieveAPIView):
    serializer_class = serializers.ClaimDetailSerializer
    queryset = Claim.objects.none()  # for the schema; the object comes from the selector

    def retrieve(self, request, *args, **kwargs):
        try:
            row, verdicts, evidence = selectors.public_claim_detail_rows(
                int(self.kwargs["pk"]),
                fields=representations.DETAIL_FIELDS,
                verdict_fields=representations.VERDICT_FIELDS,
                evidence_fields=representations.EVIDENCE_FIELDS,
            )
        except Claim.DoesNotExist:
            raise Http404 from None
        return Response(representations.claim_detail(row, verdicts, evidence, request=request))


# --- Articles -------------------------------------------------------------------------


@extend_schema(
    tags=["articles"],
    summary="List articles with published claims",
    description="Articles having at least one public claim, newest import first, "
    "paginated by cursor.",
    parameters=PAGE_PARAMETERS,
    responses={
        200: serializers.ArticleListSerializer(many=True),
        400: BAD_REQUEST,
        404: NOT_FOUND,  # an invalid cursor
        429: THROTTLED,
    },
)
@method_decorator(caching.conditional(caching.all_claims_state), name="dispatch")
class ArticleList(PublicReadMixin, generics.ListAPIView):
    serializer_class = serializers.ArticleListSerializer
    pagination_class = ArticleCursorPagination
    filter_backends: list = []

    def get_queryset(self):
        return selectors.public_articles()


@extend_schema(
    tags=["articles"],
    summary="One article with its published claims",
    responses={200: serializers.ArticleDetailSerializer, 404: NOT_FOUND, 429: THROTTLED},
)
@method_decorator(caching.conditional(caching.article_state), name="dispatch")
class ArticleDetail(PublicReadMixin, generics.RetrieveAPIView):
    serializer_class = serializers.ArticleDetailSerializer
    filter_backends: list = []

    def get_queryset(self):
        return selectors.public_articles_with_claims()
