"""Bulk exports of the published fact-checks: CSV for spreadsheets, JSON Lines for code.

``GET /api/v1/exports/claims.csv`` and ``GET /api/v1/exports/claims.jsonl``: public
(no login, throttled like the rest of the read API), the same filters as the claim list
(``rating``, ``published_after``, ``publisher``, ``q``...), newest publication first
(or ``?ordering=``). Only public claims (published, corrected, retracted) are read;
drafts and claims in review never are.

Streamed (``StreamingHttpResponse`` over ``QuerySet.iterator(chunk_size=...)``) so
memory stays flat whatever the number of claims. Queries: the CSV is one query (rating,
rationale and last change are subqueries); the JSON Lines add the evidence, prefetched
once per chunk of ``CHUNK_SIZE`` claims (so 2 queries up to 1,000 claims), never one per
claim. Plus the validator query of the conditional GET (``caching``).

The CSV is UTF-8 *with* a byte order mark: spreadsheet programs (Excel above all) read
BOM-less CSV as a legacy code page and garble accented French text; code reading it
should decode ``utf-8-sig``. Cells that a spreadsheet would run as a formula (starting
with ``=``, ``+``, ``-``, ``@``, tab or carriage return) are prefixed with ``'``
(OWASP's advice against CSV injection). The JSON Lines are left as they are.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics

from annotations import caching, selectors
from annotations.api.common import BAD_REQUEST, THROTTLED, PublicReadMixin
from annotations.api.filters import PublicClaimApiFilter, requested_ordering
from annotations.api.renderers import JSONRenderer
from annotations.api.representations import rating_labels
from annotations.models import Verdict
from annotations.spreadsheets import BOM, neutralize

CHUNK_SIZE = 1000
COLUMNS = (
    "id",
    "text",
    "quote",
    "claimant",
    "rating",
    "rating_label_fr",
    "rating_label_en",
    "rationale",
    "article_title",
    "article_url",
    "publisher",
    "language",
    "published_at",
    "updated_at",
    "status",
    "public_url",
)
# The claim list's filters, documented here (the schema generator documents a filter
# set on list views only): every filter of the claim list applies to the exports.
FILTER_PARAMETERS = [
    OpenApiParameter(
        name,
        OpenApiTypes.INT if name == "article" else OpenApiTypes.STR,
        enum=(
            Verdict.Rating.values
            if name == "rating"
            else [value for value, _label in filter_.extra["choices"]]
            if name == "ordering"
            else None
        ),
        description=str(filter_.extra.get("help_text", "")),
    )
    for name, filter_ in PublicClaimApiFilter.base_filters.items()
]


class _Echo:
    """A file-like object whose ``write`` returns the line: csv.writer without a buffer."""

    def write(self, value: str) -> str:
        return value


def export_record(claim, *, public_url: str) -> dict:
    """The ``COLUMNS`` of one claim of ``selectors.export_rows``."""
    labels = rating_labels(claim.current_rating) if claim.current_rating else {}
    article = claim.article
    return {
        "id": claim.pk,
        "text": claim.text,
        "quote": claim.checked_quote,  # the passage the verdict checked
        "claimant": claim.claimant,
        "rating": claim.current_rating or "",
        "rating_label_fr": labels.get("fr", ""),
        "rating_label_en": labels.get("en", ""),
        "rationale": claim.current_rationale or "",
        "article_title": article.title,
        "article_url": article.source_url,
        "publisher": article.publisher,
        "language": article.language,
        "published_at": claim.published_at.isoformat() if claim.published_at else "",
        "updated_at": claim.last_change.isoformat(),
        "status": claim.status,
        "public_url": public_url,
    }


def evidence_record(item) -> dict:
    """One piece of evidence in a JSON Lines record."""
    return {
        "url": item.url,
        "title": item.title,
        "publisher": item.publisher,
        "published_on": item.published_on.isoformat() if item.published_on else None,
        "stance": item.stance,
        "quote": item.quote,
    }


class _ExportView(PublicReadMixin, generics.GenericAPIView):
    filterset_class = PublicClaimApiFilter
    # Errors (400 for a bad filter, 429) are JSON; a 200 is the streamed file.
    renderer_classes = [JSONRenderer]
    extension = ""
    content_type = ""

    def get_queryset(self):
        return selectors.export_rows()

    def perform_content_negotiation(self, request, force=False):
        # Any Accept gets the file; errors are JSON whatever was asked.
        return super().perform_content_negotiation(request, force=True)

    def claims(self) -> QuerySet:
        queryset = self.filter_queryset(self.get_queryset())
        return queryset.order_by(*requested_ordering(self.request.query_params))

    def record(self, claim) -> dict:
        public_url = self.request.build_absolute_uri(
            reverse("annotations:public_claim_detail", args=[claim.pk])
        )
        return export_record(claim, public_url=public_url)

    def lines(self, claims: QuerySet) -> Iterable[str]:
        raise NotImplementedError

    def get(self, request):
        claims = self.claims()  # validates the filters: a bad one is a 400 here
        response = StreamingHttpResponse(self.lines(claims), content_type=self.content_type)
        stamp = timezone.now().strftime("%Y%m%d")
        response["Content-Disposition"] = (
            f'attachment; filename="factchecks-{stamp}.{self.extension}"'
        )
        return response


def _export_schema(operation_id: str, media_type: str, file: str, *, summary, description):
    """``extend_schema_view`` of an export: a ``file`` of ``media_type``, with the claim
    list's filters; errors are JSON."""
    return extend_schema_view(
        get=extend_schema(
            tags=["exports"],
            operation_id=operation_id,
            summary=summary,
            description=description,
            parameters=FILTER_PARAMETERS,
            responses={
                (200, media_type): OpenApiResponse(OpenApiTypes.STR, description=file),
                400: BAD_REQUEST,
                429: THROTTLED,
            },
        )
    )


@method_decorator(caching.conditional(caching.all_claims_state), name="get")
@_export_schema(
    "export_claims_csv",
    "text/csv",
    "The CSV file.",
    summary="Every published claim as CSV (a download)",
    description="UTF-8 with a byte order mark (for spreadsheet programs; decode "
    "`utf-8-sig` in code), one header row, one row per public claim; the same filters "
    "as the claim list. Columns: " + ", ".join(f"`{c}`" for c in COLUMNS) + ". "
    "`rationale` is the Markdown source of the current verdict. Cells starting with "
    "`=`, `+`, `-`, `@` are prefixed with `'` so that no spreadsheet runs them.",
)
class ClaimCsvExport(_ExportView):
    extension = "csv"
    content_type = "text/csv; charset=utf-8"

    def lines(self, claims: QuerySet) -> Iterator[str]:
        writer = csv.writer(_Echo())
        yield BOM + writer.writerow(COLUMNS)
        for claim in claims.iterator(chunk_size=CHUNK_SIZE):
            record = self.record(claim)
            yield writer.writerow([neutralize(record[column]) for column in COLUMNS])


@method_decorator(caching.conditional(caching.all_claims_state), name="get")
@_export_schema(
    "export_claims_jsonl",
    "application/x-ndjson",
    "Newline-delimited JSON.",
    summary="Every published claim as JSON Lines (a download)",
    description="One JSON object per line (UTF-8, no byte order mark), one per public "
    "claim, with the CSV's fields and `evidence` (a list of `url`, `title`, "
    "`publisher`, `published_on`, `stance`, `quote`); the same filters as the claim "
    "list.",
)
class ClaimJsonlExport(_ExportView):
    extension = "jsonl"
    content_type = "application/x-ndjson"

    def get_queryset(self):
        return selectors.export_rows_with_evidence()

    def lines(self, claims: QuerySet) -> Iterator[str]:
        for claim in claims.iterator(chunk_size=CHUNK_SIZE):
            record = self.record(claim)
            record["evidence"] = [evidence_record(item) for item in claim.evidence.all()]
            yield json.dumps(record, ensure_ascii=False) + "\n"
