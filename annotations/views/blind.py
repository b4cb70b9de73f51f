"""Blind double review's pages: second verdicts, their comparison, and agreement.

The reviewers' queue of second verdicts, the blind page where a second verdict is
written, the moderators' comparison of the two, and the agreement page with its data as
CSV.

Blindness is decided by ``permissions``: the second reviewer never gets the first
verdict (its page shows the claim and its passage only, and the claim's own pages hide
the first verdict from them), and the first author never gets the second before the
decision.
"""

from __future__ import annotations

import csv
from urllib.parse import urlsplit

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from annotations import agreement, charts, permissions, selectors, services
from annotations.forms import ApproveForm, BlindRequestForm, BlindVerdictForm, RequestChangesForm
from annotations.markdown import render_markdown
from annotations.models import BlindReview, Verdict
from annotations.spreadsheets import BOM, neutralize
from annotations.views.common import (
    HtmxHttpRequest,
    chart_column_title,
    get_claim_for_user,
    page_of,
    role_required,
)
from annotations.views.panel import render_panel

PER_PAGE = 25


def _blind_or_404(pk: int) -> BlindReview:
    try:
        return selectors.blind_review_detail(pk)
    except BlindReview.DoesNotExist:
        raise Http404 from None


@require_safe
@role_required(permissions.can_annotate)
def blind_queue(request: HtmxHttpRequest) -> HttpResponse:
    """Second verdicts waiting for a reviewer (never on one's own claims), and mine."""
    page = page_of(request, selectors.blind_queue(request.user), PER_PAGE)
    mine = list(selectors.my_blind_reviews(request.user)[:PER_PAGE])
    return render(request, "annotations/blind_queue.html", {"page": page, "mine": mine})


@require_POST
@role_required(permissions.can_annotate)
def blind_take(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    blind = _blind_or_404(pk)
    try:
        services.blind_review_take(blind=blind, user=request.user)
    except (services.TransitionError, PermissionDenied) as exc:
        messages.error(request, str(exc) or _("You cannot take this second verdict."))
        return redirect("annotations:blind_queue")
    messages.success(request, _("It is yours: the first verdict stays hidden until a decision."))
    return redirect("annotations:blind_detail", pk=pk)


@role_required(permissions.can_annotate)
def blind_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The second reviewer's blind page (GET shows it, POST gives the verdict); for a
    moderator who may see both, the comparison; for anyone else, 403."""
    blind = _blind_or_404(pk)
    user = request.user
    decided = blind.status == BlindReview.Status.DECIDED
    compare = decided and request.GET.get("compare") and request.method in ("GET", "HEAD")
    if (blind.reviewer_id == user.pk and not compare) or permissions.can_take_blind_review(
        user, blind
    ):
        return _blind_page(request, blind)
    if request.method != "GET" and request.method != "HEAD":
        raise PermissionDenied
    if not permissions.can_see_second_verdict(user, blind):
        raise PermissionDenied
    return _comparison(request, blind)


def _blind_page(request: HtmxHttpRequest, blind: BlindReview) -> HttpResponse:
    form = BlindVerdictForm()
    status = 200
    if request.method == "POST":
        if not permissions.can_write_blind_review(request.user, blind):
            raise PermissionDenied
        form = BlindVerdictForm(request.POST)
        if form.is_valid():
            try:
                services.blind_review_submit(blind=blind, user=request.user, **form.cleaned_data)
            except services.TransitionError as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                for name, errors in exc.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                messages.success(request, _("Your verdict is in. The moderator now compares."))
                return redirect("annotations:blind_detail", pk=blind.pk)
        status = 400
    elif request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    context = {
        "blind": blind,
        "claim": blind.claim,
        "form": form,
        "can_write": permissions.can_write_blind_review(request.user, blind),
        "can_take": permissions.can_take_blind_review(request.user, blind),
        "rationale_html": render_markdown(blind.rationale) if blind.rationale else "",
    }
    return render(request, "annotations/blind_write.html", context, status=status)


def _site_key(url: str) -> str:
    """A web address as compared between the two verdicts: no scheme, no "www.", no
    trailing slash, the host in lower case."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}{'?' + parts.query if parts.query else ''}"


def _comparison(request: HtmxHttpRequest, blind: BlindReview) -> HttpResponse:
    claim = blind.claim
    first = blind.first_verdict
    evidence = list(claim.evidence.all())
    second_sources = [line for line in blind.sources.splitlines() if line.strip()]
    first_keys = {_site_key(e.url) for e in evidence}
    second_keys = {_site_key(url) for url in second_sources}
    pair = agreement.Pair(claim.pk, blind.first_author_id, first.rating, 0, blind.rating)
    context = {
        "blind": blind,
        "claim": claim,
        "first": first,
        "first_rating": blind.first_rating or first.rating,
        "first_html": render_markdown(first.rationale),
        "second_html": render_markdown(blind.rationale) if blind.rationale else "",
        "evidence": [(e, _site_key(e.url) in second_keys) for e in evidence],
        "sources": [(url, _site_key(url) in first_keys) for url in second_sources],
        "same_rating": blind.rating and blind.rating == (blind.first_rating or first.rating),
        "steps": agreement.distance(pair) if blind.rating else None,
        "can_decide": permissions.can_decide_blind_review(request.user, blind),
        "can_cancel": permissions.can_cancel_blind_review(request.user, blind),
        "approve_form": ApproveForm(claim_id=claim.pk),
        "second_form": ApproveForm(claim_id=f"second{claim.pk}"),
        "changes_form": RequestChangesForm(claim_id=claim.pk),
    }
    return render(request, "annotations/blind_compare.html", context)


@require_POST
@role_required(permissions.can_moderate)
def blind_request(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Ask for a second, blind verdict on a claim in review (from the claim's panel)."""
    claim = get_claim_for_user(request.user, pk)
    form = BlindRequestForm(request.POST, claim=claim)
    if form.is_valid():
        try:
            blind = services.blind_review_request(
                claim=claim, moderator=request.user, reviewer=form.cleaned_data["reviewer"]
            )
        except (services.TransitionError, PermissionDenied) as exc:
            if request.htmx:
                return render_panel(request, selectors.claim_detail(claim.pk), conflict=str(exc))
            messages.error(request, str(exc))
            return redirect(claim.get_absolute_url())
        saved = (
            _("Second verdict asked of %(who)s.") % {"who": blind.reviewer.get_username()}
            if blind.reviewer
            else _("Second verdict asked for: it waits in the reviewers’ queue.")
        )
        if request.htmx:
            return render_panel(request, selectors.claim_detail(claim.pk), saved=saved)
        messages.success(request, saved)
        return redirect(claim.get_absolute_url())
    if request.htmx:
        return render_panel(request, claim, blind_request_form=form, status=400)
    messages.error(request, _("Choose a reviewer from the list, or anyone."))
    return redirect(claim.get_absolute_url())


@require_POST
@role_required(permissions.can_moderate)
def blind_cancel(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    blind = _blind_or_404(pk)
    try:
        services.blind_review_cancel(blind=blind, moderator=request.user)
    except services.TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Second verdict cancelled: the claim can be decided on."))
    return redirect(blind.claim.get_absolute_url())


@require_POST
@role_required(permissions.can_moderate)
def blind_choose_second(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    blind = _blind_or_404(pk)
    form = ApproveForm(request.POST, claim_id=f"second{blind.claim_id}")
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        services.blind_review_choose_second(blind=blind, moderator=request.user, comment=comment)
    except services.TransitionError as exc:
        messages.error(request, str(exc))
        return redirect("annotations:blind_detail", pk=pk)
    messages.success(
        request,
        format_html(
            '{} <a href="{}">{}</a>',
            _("The second verdict is approved and published."),
            reverse("annotations:public_claim_detail", args=[blind.claim_id]),
            _("See its public page"),
        ),
    )
    return redirect("annotations:blind_detail", pk=pk)


# --- Agreement ---------------------------------------------------------------------------------


def _pairs_and_months() -> tuple[list[agreement.Pair], list, dict]:
    rows = selectors.agreement_pairs()
    pairs = [
        agreement.Pair(
            row["claim_id"],
            row["first_author_id"],
            row["first_rating"],
            row["reviewer_id"],
            row["rating"],
        )
        for row in rows
    ]
    tz = timezone.get_current_timezone()
    months = [timezone.localtime(row["submitted_at"], tz).date().replace(day=1) for row in rows]
    names = {}
    for row in rows:
        names[row["first_author_id"]] = row["first_author__username"]
        names[row["reviewer_id"]] = row["reviewer__username"]
    return pairs, months, {"rows": rows, "names": names}


def _report(pairs, months, rows) -> agreement.Report:
    """The report, computed once for the same pairs: the bootstrap takes seconds over
    thousands of claims, and a pair never changes once its second verdict is in, so the
    pairs' number and the newest one name the data. Kept in the cache (CACHE_URL) until
    a new pair comes in; the month grouping follows the active time zone."""
    if not rows:
        return agreement.report(pairs, months)
    newest = max(row["id"] for row in rows)
    key = f"agreement:{len(rows)}:{newest}:{timezone.get_current_timezone_name()}"
    report = cache.get(key)
    if report is None:
        report = agreement.report(pairs, months)
        cache.set(key, report, timeout=None)
    return report


@require_safe
@role_required(permissions.can_moderate)
def agreement_page(request: HtmxHttpRequest) -> HttpResponse:
    """Krippendorff's alpha over the blind double reviews, by month and pair of reviewers."""
    pairs, months, extra = _pairs_and_months()
    report = _report(pairs, months, extra["rows"])
    names, texts = extra["names"], {row["claim_id"]: row["claim__text"] for row in extra["rows"]}
    blind_ids = {row["claim_id"]: row["id"] for row in extra["rows"]}
    labels = dict(Verdict.Rating.choices)
    context = {
        "report": report,
        "alpha_chart": _alpha_chart(report),
        "by_reviewers": [
            (names[group.key[0]], names[group.key[1]], group) for group in report.by_reviewers
        ],
        "disagreements": [
            {
                "pair": pair,
                "text": texts[pair.claim_id],
                "blind_id": blind_ids[pair.claim_id],
                "first": labels.get(pair.first, pair.first),
                "second": labels.get(pair.second, pair.second),
                "first_name": names[pair.first_rater],
                "second_name": names[pair.second_rater],
                "steps": agreement.distance(pair),
            }
            for pair in report.disagreements
        ],
        "bootstrap_samples": agreement.BOOTSTRAP_SAMPLES,
    }
    return render(request, "annotations/agreement.html", context)


def _alpha_chart(report: agreement.Report) -> charts.Chart:
    """Alpha over time: a pair of bars (ordinal, nominal) per month."""

    def height(alpha: agreement.Alpha) -> float:
        return round(max(alpha.value, 0), 3) if alpha.defined else 0

    return charts.column_chart(
        chart_id="alpha-by-month",
        title=_("Alpha by month"),
        description=_(
            "Bars side by side for each month: ordinal and nominal alpha of the claims whose "
            "second verdict came in that month. A month where alpha is not defined, or below "
            "zero, has no bar. The table below gives every figure with its number of claims."
        ),
        categories=[date_format(group.key, "YEAR_MONTH_FORMAT") for group in report.by_month],
        series=[
            charts.Series(
                "ordinal", _("Ordinal alpha"), tuple(height(g.ordinal) for g in report.by_month)
            ),
            charts.Series(
                "nominal", _("Nominal alpha"), tuple(height(g.nominal) for g in report.by_month)
            ),
        ],
        stacked=False,
        bar_title=chart_column_title(),
    )


@require_safe
@role_required(permissions.can_moderate)
def agreement_csv(request: HtmxHttpRequest) -> HttpResponse:
    """The reliability data: one row per double-reviewed claim, one column per reviewer
    (their rating of it, empty where they gave none), as Krippendorff's tables have it."""
    pairs, months, extra = _pairs_and_months()
    names = extra["names"]
    reviewers = sorted(names, key=lambda pk: names[pk].lower())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="agreement.csv"'
    response.write(BOM)
    writer = csv.writer(response)
    writer.writerow(["claim", "month", *(neutralize(names[pk]) for pk in reviewers)])
    for pair, month in zip(pairs, months, strict=True):
        ratings = {pair.first_rater: pair.first, pair.second_rater: pair.second}
        writer.writerow(
            [pair.claim_id, month.strftime("%Y-%m"), *(ratings.get(pk, "") for pk in reviewers)]
        )
    return response
