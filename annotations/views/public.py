"""Public pages, for everyone: the published fact-checks and each one's page."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from annotations import anchoring, caching, charts, figures, selectors, services
from annotations.filters import PublicClaimFilter
from annotations.linked_data import claim_review
from annotations.markdown import render_markdown
from annotations.models import Claim, Verdict, public_name_of
from annotations.views.common import chart_column_title, page_of

PUBLIC_PER_PAGE = 25


@require_safe
@caching.conditional(caching.public_list_state, html=True)
def public_claim_list(request: HttpRequest) -> HttpResponse:
    """Published fact-checks, for everyone, with a search (claim matching: words and
    meaning) and filters (rating, article, date)."""
    filterset = PublicClaimFilter(request.GET, queryset=selectors.public_claims())
    page = page_of(request, filterset.qs, PUBLIC_PER_PAGE)
    query = request.GET.copy()
    query.pop("page", None)
    # One query for both: the fact-checks of the other filters by month and rating. Each
    # claim's current rating is looked up (a tenth of a second at 20,000 claims): kept
    # until the public data change, for every page and every rating chosen.
    months = figures.last_months(figures.CHART_MONTHS)
    others = query.copy()
    others.pop("rating", None)
    counts = caching.derived(
        request,
        "month-rating-counts",
        (sorted(others.lists()), months, timezone.get_current_timezone_name()),
        lambda: figures.month_rating_counts(
            filterset.queryset_without(selectors.public_claims_rated(), "rating"), months
        ),
    )
    cleaned = filterset.form.cleaned_data
    chosen = cleaned.get("rating") if filterset.is_valid() else ""
    every_article = query.copy()
    every_article.pop("article", None)
    return render(
        request,
        "annotations/public_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "ratings": _rating_counts(query, counts, chosen),
            "chosen_article": cleaned.get("article"),
            "every_article_url": f"?{every_article.urlencode()}",
            **_verdicts_by_month(counts, chosen),
        },
    )


def _rating_counts(query, counts: dict, chosen: str) -> dict:
    """Each rating with its count under the other filters, and the list's address
    filtered on it (the other filters kept)."""
    by_rating = dict.fromkeys(Verdict.Rating.values, 0)
    for (_month, rating), count in counts.items():
        if rating in by_rating:
            by_rating[rating] += count
    base = reverse("annotations:public_claim_list")

    def link(rating: str) -> str:
        filtered = query.copy()
        filtered.pop("rating", None)
        if rating:
            filtered["rating"] = rating
        return f"{base}?{filtered.urlencode()}" if filtered else base

    return {
        "total": sum(by_rating.values()),
        "any_url": link(""),
        "chosen": chosen,
        "items": [
            {
                "value": value,
                "label": label,
                "count": by_rating[value],
                "url": link(value),
                "current": value == chosen,
            }
            for value, label in Verdict.Rating.choices
        ],
    }


def _verdicts_by_month(counts: dict, chosen: str) -> dict:
    """The chart of the listed fact-checks by month of publication and rating (the last
    ``figures.CHART_MONTHS`` months, from the first with one), and its figures as table
    rows."""
    counts = {key: n for key, n in counts.items() if key[0] and (not chosen or key[1] == chosen)}
    if not counts:
        return {"month_chart": None, "month_rows": [], "month_ratings": []}
    first = min(month for month, _rating in counts)
    months = [m for m in figures.last_months(figures.CHART_MONTHS) if m >= first]
    ratings = [
        (index, value, label)
        for index, (value, label) in enumerate(Verdict.Rating.choices)
        if any(counts.get((month, value)) for month in months)
    ]
    series = [
        charts.Series(
            key=value,
            label=label,
            values=tuple(counts.get((month, value), 0) for month in months),
            style=index,
        )
        for index, value, label in ratings
    ]
    chart = charts.column_chart(
        chart_id="verdicts-by-month",
        title=_("Fact-checks published each month, by rating"),
        description=_(
            "Stacked bars, one per month from %(first)s to %(last)s: the number of "
            "fact-checks first published that month, divided by their current rating. "
            "The same figures are in the table below the chart."
        )
        % {
            "first": date_format(months[0], "YEAR_MONTH_FORMAT"),
            "last": date_format(months[-1], "YEAR_MONTH_FORMAT"),
        },
        categories=[date_format(month, "N Y") for month in months],
        series=series,
        stacked=True,
        bar_title=chart_column_title(),
    )
    rows = [
        {
            "month": month,
            "counts": [counts.get((month, value), 0) for _index, value, _label in ratings],
            "total": sum(counts.get((month, value), 0) for _index, value, _label in ratings),
        }
        for month in months
    ]
    return {
        "month_chart": chart,
        "month_rows": rows,
        "month_ratings": [label for _index, _value, label in ratings],
    }


def _checked_context(claim: Claim) -> tuple[str, str]:
    """The words around the passage the verdict checked: from the body while the article
    is still in that version, else from the context stored with it."""
    if claim.checked_version == claim.article.current_version:
        return anchoring.words_around(claim.article.body, claim.checked_start, claim.checked_end)
    text = f"{claim.checked_prefix}{claim.checked_quote}{claim.checked_suffix}"
    start = len(claim.checked_prefix)
    return anchoring.words_around(text, start, start + len(claim.checked_quote))


def _passage(claim: Claim) -> dict | None:
    """What became of the checked passage, once the article has a later version."""
    if claim.checked_version == claim.article.current_version:
        return None
    state, text = services.current_passage(claim)
    return {
        "state": state,
        "text": text,
        "checked_version": claim.checked_version,
        "checked_at": claim.checked_version_at,
        "current_version": claim.article.current_version,
    }


def signatures(verdict: Verdict) -> dict[str, str]:
    """Who checked the verdict (its author) and who approved it, by their public names."""
    return {
        "checked_by": public_name_of(verdict.author),
        "approved_by": public_name_of(verdict.approved_by),
    }


@require_safe
@caching.conditional(caching.claim_state, html=True)
def public_claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        claim = selectors.public_claim(pk)
    except Claim.DoesNotExist:
        raise Http404 from None
    versions = claim.published_verdicts
    before, after = _checked_context(claim)
    same_as = selectors.same_claim_links([claim.pk])[claim.pk]
    return render(
        request,
        "annotations/public_detail.html",
        {
            "claim": claim,
            "article": claim.article,
            "verdict": versions[0],
            "rationale_html": render_markdown(versions[0].rationale),
            "signed": signatures(versions[0]),
            "earlier_versions": [
                {
                    "verdict": v,
                    "rationale_html": render_markdown(v.rationale),
                    "signed": signatures(v),
                }
                for v in versions[1:]
            ],
            "context_before": before,
            "context_after": after,
            "passage": _passage(claim),
            "same_as": same_as,
            "claim_review": claim_review(
                claim,
                page_url=request.build_absolute_uri(
                    reverse("annotations:public_claim_detail", args=[claim.pk])
                ),
                same_as=[link.absolute(request.build_absolute_uri) for link in same_as],
            ),
        },
    )
