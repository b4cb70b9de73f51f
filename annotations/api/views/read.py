"""The public read API: published claims and the articles they were made in, as JSON.

Anyone may read (no login); anonymous clients are throttled per IP. Only claims in
``PUBLIC_STATUSES`` are ever read, through ``annotations.selectors``.

Queries per request, the ETag's validator included (pinned by the tests): claim list 2,
claim detail 4 (one more for each when a claim has "same claim as" marks: the row says
whether it has any), article list 1, article detail 3, article version 1, whatever the
page size or the number of evidence, verdict versions, marks and versions of the
article's text.
"""

from __future__ import annotations

from django.http import Http404
from django.utils.decorators import method_decorator
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.response import Response

from annotations import caching, selectors
from annotations.api import representations, serializers
from annotations.api.common import (
    BAD_REQUEST,
    NOT_FOUND,
    PAGE_SIZE_PARAMETERS,
    PAGINATION_PARAMETERS,
    THROTTLED,
    ArticleCursorPagination,
    PublicCursorPagination,
    PublicReadMixin,
)
from annotations.api.filters import PublicClaimApiFilter
from annotations.models import ArticleVersion, Claim


def _read_schema(serializer, *, many: bool = False, **documentation):
    """``extend_schema`` of a public read: one item, or a page of a list (``page_size``;
    a bad filter is a 400, an invalid cursor a 404)."""
    if not many:
        responses = {200: serializer, 404: NOT_FOUND, 429: THROTTLED}
        return extend_schema(responses=responses, **documentation)
    responses = {200: serializer(many=True), 400: BAD_REQUEST, 404: NOT_FOUND, 429: THROTTLED}
    return extend_schema(parameters=PAGE_SIZE_PARAMETERS, responses=responses, **documentation)


# --- Claims ---------------------------------------------------------------------------


SEARCH_PARAMETERS = PAGINATION_PARAMETERS | {"q"}


@_read_schema(
    serializers.ClaimListSerializer,
    many=True,
    tags=["claims"],
    summary="List published claims",
    description="Published, corrected and retracted claims, newest publication first, "
    "paginated by cursor (follow `next`). With `updated_since`, a change feed. Each claim "
    "lists the fact-checks it was marked as the same claim as (`same_as`).",
)
@method_decorator(caching.conditional(caching.all_claims_state), name="get")
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
        asked = set(request.query_params)
        if asked <= PAGINATION_PARAMETERS:
            # No filter, no ordering asked: the feed, its queries compiled once.
            rows = selectors.PublicFeedRows(representations.LIST_FIELDS)
        elif asked <= SEARCH_PARAMETERS and "\x00" not in request.query_params["q"]:
            # The search alone, as the filter would make it (a value with a NUL character
            # goes to the filter, which refuses it): compiled once too.
            search = request.query_params["q"].strip()
            rows = selectors.PublicFeedRows(representations.LIST_FIELDS, search=search)
        else:
            rows = self.filter_queryset(self.get_queryset()).values(*representations.LIST_FIELDS)
        page = self.paginate_queryset(rows)
        same_as = selectors.same_claim_links(row["id"] for row in page if row["has_same_as"])
        return self.get_paginated_response(
            representations.claim_list_items(page, request=request, same_as=same_as)
        )


@_read_schema(
    serializers.ClaimDetailSerializer,
    tags=["claims"],
    summary="One published claim",
    description="The claim with its selectors in the article, its current rating and "
    "rationale, its evidence, every published version of its verdict, and the fact-checks "
    "(ours or other organisations') it was marked as the same claim as (`same_as`).",
)
@method_decorator(caching.conditional(caching.claim_state), name="get")
class ClaimDetail(PublicReadMixin, generics.RetrieveAPIView):
    serializer_class = serializers.ClaimDetailSerializer

    def get_queryset(self):
        # The schema's model; the claim itself is read as rows (``retrieve``).
        return selectors.public_claims()

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
        same_as = selectors.same_claim_links([row["id"]])[row["id"]] if row["has_same_as"] else []
        return Response(
            representations.claim_detail(row, verdicts, evidence, same_as, request=request)
        )


# --- Articles -------------------------------------------------------------------------


@_read_schema(
    serializers.ArticleListSerializer,
    many=True,
    tags=["articles"],
    summary="List articles with published claims",
    description="Articles having at least one public claim, newest import first, "
    "paginated by cursor.",
)
@method_decorator(caching.conditional(caching.all_claims_state), name="get")
class ArticleList(PublicReadMixin, generics.ListAPIView):
    serializer_class = serializers.ArticleListSerializer
    pagination_class = ArticleCursorPagination
    filter_backends: list = []

    def get_queryset(self):
        return selectors.public_articles()


@_read_schema(
    serializers.ArticleDetailSerializer,
    tags=["articles"],
    summary="One article with its published claims",
)
@method_decorator(caching.conditional(caching.article_state), name="get")
class ArticleDetail(PublicReadMixin, generics.RetrieveAPIView):
    serializer_class = serializers.ArticleDetailSerializer
    filter_backends: list = []

    def get_queryset(self):
        return selectors.public_articles_with_claims()


@_read_schema(
    serializers.ArticleVersionSerializer,
    tags=["articles"],
    summary="One version of an article's text",
    description="The text of version `number` of an article that has published claims: "
    "a claim's `selectors` resolve in the text of the version its verdict checked "
    "(`anchor.checked_revision`).",
)
@method_decorator(caching.conditional(caching.article_state), name="get")
class ArticleVersionDetail(PublicReadMixin, generics.RetrieveAPIView):
    serializer_class = serializers.ArticleVersionSerializer
    filter_backends: list = []

    def get_queryset(self):
        # The schema's model; the version is read by ``retrieve``.
        return ArticleVersion.objects.none()

    def retrieve(self, request, *args, **kwargs):
        try:
            version = selectors.public_article_version(self.kwargs["pk"], self.kwargs["number"])
        except ArticleVersion.DoesNotExist:
            raise Http404 from None
        return Response(self.get_serializer(version).data)
