"""Filters of the public claim list and the exports (query parameters of GET /api/v1/claims/).

The full-text search of ``q=`` is written in ``annotations.fulltext``, beside claim
matching's."""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.db import connections
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from annotations.fulltext import search_condition
from annotations.models import MAX_ID, Claim, Verdict

# ?ordering= value -> the order of the rows (the first field is the cursor's position).
ORDERINGS = {
    "-published_at": ("-published_at", "-id"),
    "published_at": ("published_at", "id"),
    "-updated": ("-last_change", "-id"),
    "updated": ("last_change", "id"),
}
DEFAULT_ORDERING = "-published_at"


def requested_ordering(query_params) -> tuple[str, ...]:
    """The order of the rows that ``?ordering=`` asks for (the filter set validates it)."""
    value = query_params.get("ordering") or DEFAULT_ORDERING
    return ORDERINGS.get(value, ORDERINGS[DEFAULT_ORDERING])


class DateOrDateTimeField(forms.Field):
    """An ISO 8601 date (``2025-03-01``) or date-time (``2025-03-01T12:00:00Z``).

    Returns a ``date`` or an aware ``datetime``; a naive date-time is in the site's zone.
    """

    default_error_messages = {
        "invalid": _("Enter an ISO 8601 date (YYYY-MM-DD) or date-time (YYYY-MM-DDTHH:MM:SSZ)."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        value = str(value).strip()
        try:
            day = parse_date(value)
            if day is not None:
                return day
            moment = parse_datetime(value)
        except ValueError:
            moment = None
        if moment is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment


def _start_of(value: datetime.date | datetime.datetime) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        return value
    return timezone.make_aware(datetime.datetime.combine(value, datetime.time.min))


@extend_schema_field(OpenApiTypes.STR)
class DateOrDateTimeFilter(django_filters.Filter):
    field_class = DateOrDateTimeField


class IdFilter(django_filters.NumberFilter):
    """An id: a whole number from 1 to MAX_ID; anything else is a 400, never a query."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class PublicClaimApiFilter(django_filters.FilterSet):
    """Every filter of the public claim list; all of them combine (AND).

    Filters the rows of ``selectors.public_claim_rows`` or ``selectors.export_rows``,
    which carry ``last_change`` (for ``updated_since`` and the ``updated`` orderings)."""

    rating = django_filters.ChoiceFilter(
        field_name="current_rating",
        choices=Verdict.Rating.choices,
        help_text="The rating of the claim's current (latest published) verdict.",
    )
    article = IdFilter(
        field_name="article_id", help_text="The id of the article the claim was made in."
    )
    publisher = django_filters.CharFilter(
        field_name="article__publisher",
        lookup_expr="iexact",
        help_text="The article's publisher (case-insensitive, exact).",
    )
    claimant = django_filters.CharFilter(
        lookup_expr="icontains", help_text="Who made the claim (case-insensitive, contains)."
    )
    language = django_filters.CharFilter(
        field_name="article__language",
        lookup_expr="iexact",
        help_text="The article's language, a BCP 47 tag such as `fr`.",
    )
    published_after = DateOrDateTimeFilter(
        method="filter_published_after",
        help_text="First published at or after this ISO 8601 date or date-time.",
    )
    published_before = DateOrDateTimeFilter(
        method="filter_published_before",
        help_text="First published at or before this ISO 8601 date-time, or during or "
        "before this date.",
    )
    updated_since = DateOrDateTimeFilter(
        method="filter_updated_since",
        help_text="A change feed: claims published, corrected or retracted after this ISO "
        "8601 date or date-time (see each claim's `status` and `updated_at`).",
    )
    q = django_filters.CharFilter(
        method="filter_q",
        help_text="Full-text search over the claim, the quote and the claimant. On "
        "PostgreSQL: French and English stemming, accents ignored, web search syntax "
        '("quoted phrase", or, -word). On SQLite: a case-insensitive substring.',
    )
    ordering = django_filters.ChoiceFilter(
        method="filter_ordering",
        choices=[(value, value) for value in ORDERINGS],
        empty_label=None,
        help_text="Order of the list: `-published_at` (default, newest first), "
        "`published_at`, `updated` or `-updated` (last publication, correction or "
        "retraction).",
    )

    class Meta:
        model = Claim
        fields: list[str] = []

    def filter_published_after(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.filter(published_at__gte=_start_of(value))

    def filter_published_before(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if isinstance(value, datetime.datetime):
            return queryset.filter(published_at__lte=value)
        return queryset.filter(published_at__lt=_start_of(value + datetime.timedelta(days=1)))

    def filter_updated_since(self, queryset: QuerySet, name: str, value) -> QuerySet:
        # ``last_change`` (``selectors.last_public_change``): the first publication, the
        # latest published correction or the retraction, whichever came last.
        return queryset.filter(last_change__gt=_start_of(value))

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        sql, params = search_condition(value, connections[queryset.db])
        # The value is only ever a bound parameter, never in the SQL text.
        return queryset.filter(RawSQL(sql, params, output_field=BooleanField()))  # noqa: S611

    def filter_ordering(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # Validated here (an unknown value is a 400); applied by the cursor paginator.
        return queryset
