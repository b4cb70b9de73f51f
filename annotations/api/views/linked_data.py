"""The public linked-data endpoints: claims as schema.org ClaimReview and W3C Web Annotation.

Only public claims (published, corrected, retracted); anything else is 404. Each
response costs a fixed number of queries: one claim is 2 (claim with its article,
its published verdicts), 3 as ClaimReview (and its "same claim as" marks); a page of a
list is 3 (the count, the claims, their verdicts), 4 as ClaimReview (and their marks).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.decorators import method_decorator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from annotations import caching, linked_data, selectors
from annotations.api.common import PublicReadMixin
from annotations.api.renderers import JSONLDRenderer, JSONRenderer
from annotations.models import Claim

JSON_LD = "application/ld+json"
ANNOTATION_MEDIA_TYPE = f'{JSON_LD}; profile="{linked_data.ANNO_PROFILE}"'


class AnnotationRenderer(JSONLDRenderer):
    """JSON-LD with the Web Annotation profile, as the Web Annotation Protocol asks.

    The profile is not in ``media_type``: DRF matches a renderer's parameters against
    the Accept header's, so ``*/*`` or plain ``application/ld+json`` would not select
    it. The view sets the full Content-Type instead.
    """


PAGE_PARAMETER = OpenApiParameter(
    "page", OpenApiTypes.INT, OpenApiParameter.QUERY, description="Page number, from 1."
)


class _PublicFormatView(PublicReadMixin, APIView):
    # JSON-LD by default; plain application/json when that is what the client accepts.
    renderer_classes = [JSONLDRenderer, JSONRenderer]

    def _public_claim(self, pk: int) -> Claim:
        try:
            return selectors.public_claims().get(pk=pk)
        except Claim.DoesNotExist:
            raise NotFound from None

    def _page(self) -> int:
        raw = self.request.query_params.get("page", "1")
        if not raw.isdigit() or int(raw) < 1:
            raise NotFound("Invalid page.")
        return int(raw)

    def _page_of(self, page: int) -> tuple[list[Claim], int]:
        """The claims of ``page`` and the total; 404 past the last page (page 1 is
        always there, empty when nothing is published)."""
        queryset = selectors.public_claims()
        total = queryset.count()
        start = (page - 1) * linked_data.PAGE_SIZE
        if page > 1 and start >= total:
            raise NotFound("Invalid page.")
        return list(queryset[start : start + linked_data.PAGE_SIZE]), total

    def _absolute(self, name: str, *args) -> str:
        return self.request.build_absolute_uri(reverse(name, args=args))

    def same_as(self, claims: list[Claim]) -> dict[int, list]:
        """What each claim is marked as the same claim as, URLs absolute (1 query)."""
        build = self.request.build_absolute_uri
        return {
            pk: [link.absolute(build) for link in links]
            for pk, links in selectors.same_claim_links(c.pk for c in claims).items()
        }

    def page_url(self, claim: Claim) -> str:
        return self._absolute("annotations:public_claim_detail", claim.pk)

    def article_url(self, claim: Claim) -> str:
        """The annotated document: the article where it was published, else its page
        here. Selectors count in the normalized text of the version checked."""
        return claim.article.source_url or self._absolute(
            "annotations:article_detail", claim.article_id
        )

    def annotation(self, claim: Claim) -> dict:
        version_url = None
        if claim.checked_version is not None:
            version_url = self._absolute(
                "api:article-version", claim.article_id, claim.checked_version
            )
        return linked_data.web_annotation(
            claim,
            article_url=self.article_url(claim),
            annotation_url=self._absolute("api:annotation_detail", claim.pk),
            page_url=self.page_url(claim),
            version_url=version_url,
        )


def _schema(operation_id: str, summary: str, media_type: str, *, paged: bool = False):
    """``extend_schema`` of a linked-data read: the linked-data media type, or plain JSON
    for clients that ask for it (errors come in the negotiated one too); a paged list
    takes ``?page=``."""
    return extend_schema(
        operation_id=operation_id,
        summary=summary,
        parameters=[PAGE_PARAMETER] if paged else None,
        responses={
            (status, media): OpenApiTypes.OBJECT
            for status in (200, 404)
            for media in (media_type, "application/json")
        },
        tags=["linked data"],
    )


@method_decorator(caching.conditional(caching.claim_state), name="get")
class ClaimReviewView(_PublicFormatView):
    @_schema(
        "claim_claimreview", "A published fact-check as schema.org ClaimReview (JSON-LD)", JSON_LD
    )
    def get(self, request, pk: int):
        claim = self._public_claim(pk)
        links = self.same_as([claim])
        return Response(
            linked_data.claim_review(claim, page_url=self.page_url(claim), same_as=links[claim.pk])
        )


@method_decorator(caching.conditional(caching.all_claims_state), name="get")
class ClaimReviewFeedView(_PublicFormatView):
    @_schema(
        "claimreview_feed",
        "Every published fact-check as ClaimReview: a schema.org ItemList, newest first, "
        f"{linked_data.PAGE_SIZE} a page (next/prev in the Link header)",
        JSON_LD,
        paged=True,
    )
    def get(self, request):
        page = self._page()
        claims, total = self._page_of(page)
        feed_url = self._absolute("api:claimreview_feed")
        links = self.same_as(claims)
        data = linked_data.claim_review_feed(
            [
                linked_data.claim_review(c, page_url=self.page_url(c), same_as=links[c.pk])
                for c in claims
            ],
            page_url=f"{feed_url}?page={page}",
            total=total,
            start_index=(page - 1) * linked_data.PAGE_SIZE,
        )
        links = []
        if page > 1:
            links.append(f'<{feed_url}?page={page - 1}>; rel="prev"')
        if page * linked_data.PAGE_SIZE < total:
            links.append(f'<{feed_url}?page={page + 1}>; rel="next"')
        headers = {"Link": ", ".join(links)} if links else None
        return Response(data, headers=headers)


class _AnnotationView(_PublicFormatView):
    renderer_classes = [AnnotationRenderer, JSONRenderer]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if isinstance(getattr(response, "accepted_renderer", None), AnnotationRenderer):
            response.content_type = ANNOTATION_MEDIA_TYPE
        return response


@method_decorator(caching.conditional(caching.claim_state), name="get")
class AnnotationView(_AnnotationView):
    @_schema(
        "annotation_detail",
        "A published fact-check as a W3C Web Annotation (motivation assessing)",
        ANNOTATION_MEDIA_TYPE,
    )
    def get(self, request, pk: int):
        return Response(self.annotation(self._public_claim(pk)))


@method_decorator(caching.conditional(caching.all_claims_state), name="get")
class AnnotationCollectionView(_AnnotationView):
    @_schema(
        "annotation_collection",
        "Every published fact-check as Web Annotations: an AnnotationCollection with its "
        f"first page embedded; ?page=N gives the AnnotationPage N ({linked_data.PAGE_SIZE} items)",
        ANNOTATION_MEDIA_TYPE,
        paged=True,
    )
    def get(self, request):
        collection_url = self._absolute("api:annotation_collection")
        explicit_page = "page" in request.query_params
        page = self._page()
        claims, total = self._page_of(page)
        items = [self.annotation(c) for c in claims]
        if explicit_page:
            data = linked_data.annotation_page(
                items,
                collection_url=collection_url,
                page=page,
                total=total,
                page_size=linked_data.PAGE_SIZE,
            )
        else:
            data = linked_data.annotation_collection(
                items, collection_url=collection_url, total=total, page_size=linked_data.PAGE_SIZE
            )
        return Response(data)
