"""The team dashboard, for moderators and staff, and its figures as a CSV file.

Claims by state, throughput per week, time from submission to decision, the sent-back
rate, the claims waiting longest.

The figures are read by ``annotations.figures`` (4 queries whatever the number of
claims); the charts are drawn by ``annotations.charts``."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_safe

from annotations import charts, figures, permissions
from annotations.models import ClaimStatus
from annotations.views.common import chart_bar_title, chart_column_title, role_required

# The CSV's columns: what each row is about, the week (or the day) it is for, which
# figure, its value. See ``dashboard_rows``.
CSV_COLUMNS = ("section", "date", "item", "value")


def _weeks(request: HttpRequest) -> int:
    """The period asked for (``?weeks=``), one of ``figures.PERIODS``, else the first."""
    try:
        weeks = int(request.GET.get("weeks", ""))
    except ValueError:
        return figures.PERIODS[0]
    return weeks if weeks in figures.PERIODS else figures.PERIODS[0]


def _until(request: HttpRequest, now: datetime) -> date | None:
    """The last day of the period (``?until=YYYY-MM-DD``, the period is the weeks up to
    that day's): a past day; today (None) when absent, unreadable or not in the past."""
    try:
        day = date.fromisoformat(request.GET.get("until", ""))
    except ValueError:
        return None
    return day if day < timezone.localdate(now) else None


def _board(request: HttpRequest, now: datetime) -> tuple[figures.Dashboard, int, date | None]:
    weeks, until = _weeks(request), _until(request, now)
    end = now
    if until is not None:
        end = timezone.make_aware(datetime.combine(until, time(23, 59, 59)))
    return figures.dashboard(weeks, now=end), weeks, until


def hours(value: timedelta | None) -> float | None:
    """A duration in hours, to one decimal: as the page shows it and the CSV writes it."""
    return None if value is None else round(value.total_seconds() / 3600, 1)


def days_waiting(since: datetime, now: datetime) -> float:
    return round((now - since).total_seconds() / 86400, 1)


def percent(rate: float | None) -> float | None:
    return None if rate is None else round(rate * 100, 1)


def dashboard_rows(board: figures.Dashboard, now: datetime) -> list[tuple]:
    """The dashboard as rows of ``CSV_COLUMNS``, in the page's order and with its
    numbers (durations in hours and waits in days to one decimal, the rate in percent):

    - ``period``, first day, ``weeks``, the number of weeks;
    - ``state``, empty, each claim state's value, the number of claims in it (now);
    - ``week``, the Monday, ``submitted`` / ``approved`` / ``sent_back``, the count;
    - ``decision_time``, empty, ``decisions`` / ``median_hours`` / ``p90_hours``;
    - ``sent_back``, empty, ``decided`` / ``sent_back`` / ``rate_percent``;
    - ``waiting``, the day submitted, the claim's id, the days it has waited.

    A figure without a value (no decision in the period) is an empty cell."""
    rows: list[tuple] = [("period", board.since.date().isoformat(), "weeks", board.weeks_count)]
    rows += [("state", "", state, count) for state, count in board.states.items()]
    for week in board.weeks:
        day = week.start.isoformat()
        rows += [
            ("week", day, "submitted", week.submitted),
            ("week", day, "approved", week.approved),
            ("week", day, "sent_back", week.sent_back),
        ]
    rows += [
        ("decision_time", "", "decisions", board.times.decisions),
        ("decision_time", "", "median_hours", hours(board.times.median)),
        ("decision_time", "", "p90_hours", hours(board.times.p90)),
        ("sent_back", "", "decided", board.decided),
        ("sent_back", "", "sent_back", board.sent_back),
        ("sent_back", "", "rate_percent", percent(board.sent_back_rate)),
    ]
    rows += [
        (
            "waiting",
            timezone.localtime(review.submitted_at).date().isoformat(),
            review.claim_id,
            days_waiting(review.submitted_at, now),
        )
        for review in board.waiting
    ]
    return [tuple("" if cell is None else cell for cell in row) for row in rows]


def _charts(board: figures.Dashboard) -> dict:
    states = [(ClaimStatus(value).label, count) for value, count in board.states.items()]
    state_chart = charts.bar_chart(
        chart_id="claims-by-state",
        title=_("Claims by state"),
        description=_(
            "Horizontal bars: the number of claims in each state, written at the end of each bar."
        ),
        rows=[(label, count, number_format(count)) for label, count in states],
        bar_title=chart_bar_title(),
    )
    week_labels = [date_format(week.start, "j N") for week in board.weeks]
    throughput_chart = charts.column_chart(
        chart_id="throughput",
        title=_("Throughput per week"),
        description=_(
            "Bars side by side for each week from %(first)s: claims submitted for review, "
            "approved, and sent back. The same figures are in the table beside the chart."
        )
        % {"first": date_format(board.weeks[0].start, "DATE_FORMAT")},
        categories=week_labels,
        series=[
            charts.Series(
                "submitted",
                pgettext("dashboard", "Submitted"),
                tuple(w.submitted for w in board.weeks),
                style=7,
            ),
            charts.Series(
                "approved",
                pgettext("dashboard", "Approved"),
                tuple(w.approved for w in board.weeks),
                style=0,
            ),
            charts.Series(
                "sent_back",
                pgettext("dashboard", "Sent back"),
                tuple(w.sent_back for w in board.weeks),
                style=3,
            ),
        ],
        stacked=False,
        bar_title=chart_column_title(),
    )
    median, p90 = hours(board.times.median), hours(board.times.p90)
    time_chart = charts.bar_chart(
        chart_id="decision-time",
        title=_("Time from submission to decision"),
        description=_("Horizontal bars: the median and the 90th percentile, in hours."),
        rows=[
            (_("Median"), median or 0, _hours_text(median)),
            (_("90th percentile"), p90 or 0, _hours_text(p90)),
        ],
        bar_title=chart_bar_title(),
    )
    decided_chart = charts.bar_chart(
        chart_id="sent-back",
        title=_("Decisions: approved and sent back"),
        description=_("Horizontal bars: the decisions of the period, approved and sent back."),
        rows=[
            (pgettext("dashboard", "Approved"), board.approved, number_format(board.approved)),
            (pgettext("dashboard", "Sent back"), board.sent_back, number_format(board.sent_back)),
        ],
        bar_title=chart_bar_title(),
    )
    return {
        "state_chart": state_chart,
        "states": states,
        "throughput_chart": throughput_chart,
        "time_chart": time_chart,
        "decided_chart": decided_chart,
    }


def _hours_text(value: float | None) -> str:
    if value is None:
        return "—"
    return _("%(hours)s h") % {"hours": number_format(value, 1)}


@require_safe
@role_required(permissions.can_view_dashboard)
def dashboard(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    board, weeks, until = _board(request, now)
    query = {"weeks": weeks, **({"until": until.isoformat()} if until else {})}
    return render(
        request,
        "annotations/dashboard.html",
        {
            "board": board,
            "periods": figures.PERIODS,
            "weeks": weeks,
            "until": until,
            "today": timezone.localdate(now),
            "median_hours": hours(board.times.median),
            "p90_hours": hours(board.times.p90),
            "sent_back_percent": percent(board.sent_back_rate),
            "waiting": [
                {"review": review, "days": days_waiting(review.submitted_at, now)}
                for review in board.waiting
            ],
            "csv_url": f"{reverse('annotations:dashboard_csv')}?{urlencode(query)}",
            **_charts(board),
        },
    )


@require_safe
@role_required(permissions.can_view_dashboard)
def dashboard_csv(request: HttpRequest) -> HttpResponse:
    """The dashboard's figures as CSV (UTF-8 with a byte order mark, for spreadsheet
    programs, as the claims' export): ``CSV_COLUMNS``, rows as ``dashboard_rows``."""
    now = timezone.now()
    board, weeks, until = _board(request, now)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(dashboard_rows(board, now))
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    last_day = until or timezone.localdate(now)
    filename = f"factcheck-dashboard-{weeks}-weeks-{last_day.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
