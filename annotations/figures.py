"""The figures of the team dashboard and of the public list's counts (grouped reads).

Each is a fixed number of queries whatever the number of claims (pinned by the tests).

Everything is counted in the database, grouped (by state, by week and action, by month
and rating), so that what comes back is bounded by the period, never by the claims.
The time from submission to decision is measured from the claims' history (the
append-only ``ClaimEvent`` rows): each decision of the period (approved, approved
correction, sent back) against the latest submission of the same claim before it. Its
median and 90th percentile are read in one query that ranks the durations with window
functions (``ROW_NUMBER`` and ``COUNT(*) OVER ()``, on SQLite and PostgreSQL alike) and
returns only the at most four ranks the two percentiles need; they are interpolated
here, as PostgreSQL's ``percentile_cont`` (and NumPy's default) would.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from fractions import Fraction

from django.db import connection
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from annotations.models import Claim, ClaimEvent, ClaimStatus, Review

Action = ClaimEvent.Action

# The period selector of the dashboard, in weeks (the first is the default).
PERIODS = (12, 26, 52)
# How many of the claims waiting longest the dashboard lists.
OLDEST_WAITING = 10
# The public list's chart shows at most this many months, the latest.
CHART_MONTHS = 24

APPROVALS = (Action.PUBLISHED, Action.CORRECTED)
SENT_BACK = (Action.CHANGES_REQUESTED,)
DECISIONS = APPROVALS + SENT_BACK


# --- Public: counts per rating and verdicts by month ----------------------------------------


def bucket(field: str, starts: list[datetime]) -> Case:
    """The index of the last of ``starts`` (ascending) at or before ``field``, -1 before
    the first: grouping by periods with plain comparisons, which both databases run
    natively (SQLite's date truncation calls a Python function for every row)."""
    return Case(
        *[
            When(**{f"{field}__gte": start}, then=Value(index))
            for index, start in reversed(list(enumerate(starts)))
        ],
        default=Value(-1),
        output_field=IntegerField(),
    )


def local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day))


def month_rating_counts(claims: QuerySet[Claim], months: list[date]) -> dict:
    """How many of ``claims`` (public, annotated with ``current_rating``) were first
    published in each of ``months`` (first days, ascending), by rating (1 query):
    ``{(month, rating): n}``, the month None for those published before the first."""
    rows = (
        claims.order_by()
        .annotate(period=bucket("published_at", [local_midnight(m) for m in months]))
        .values("period", "current_rating")
        .annotate(count=Count("id"))
        .values_list("period", "current_rating", "count")
    )
    return {
        (months[period] if period >= 0 else None, rating): count for period, rating, count in rows
    }


def last_months(count: int, now: datetime | None = None) -> list[date]:
    """The first days of the last ``count`` months, this one included, ascending."""
    month = timezone.localdate(now or timezone.now()).replace(day=1)
    months = [month]
    for _ in range(count - 1):
        month = (month - timedelta(days=1)).replace(day=1)
        months.append(month)
    return months[::-1]


# --- The team dashboard -----------------------------------------------------------------------


def week_start(moment: datetime) -> date:
    """The Monday of ``moment``'s week, in the site's time zone."""
    day = timezone.localtime(moment).date()
    return day - timedelta(days=day.weekday())


def period_start(weeks: int, now: datetime | None = None) -> datetime:
    """Midnight (site's time zone) on the Monday ``weeks - 1`` weeks before this week's:
    the period is ``weeks`` whole calendar weeks, this one included."""
    return local_midnight(week_start(now or timezone.now()) - timedelta(weeks=weeks - 1))


@dataclass
class Week:
    start: date
    submitted: int = 0
    approved: int = 0
    sent_back: int = 0


@dataclass
class DecisionTimes:
    """Time from submission to decision over the period's decisions."""

    decisions: int = 0
    median: timedelta | None = None
    p90: timedelta | None = None


@dataclass
class Dashboard:
    weeks_count: int
    since: datetime
    states: dict[str, int]
    weeks: list[Week]
    times: DecisionTimes
    waiting: list[Review] = field(default_factory=list)

    @property
    def submitted(self) -> int:
        return sum(w.submitted for w in self.weeks)

    @property
    def approved(self) -> int:
        return sum(w.approved for w in self.weeks)

    @property
    def sent_back(self) -> int:
        return sum(w.sent_back for w in self.weeks)

    @property
    def decided(self) -> int:
        return self.approved + self.sent_back

    @property
    def sent_back_rate(self) -> float | None:
        """Sent back / decisions (approved or sent back) in the period; None without any."""
        return self.sent_back / self.decided if self.decided else None


def claim_state_counts() -> dict[str, int]:
    """Every claim by state, every state present (1 query)."""
    counts = dict.fromkeys(ClaimStatus.values, 0)
    for status, count in (
        Claim.objects.order_by().values("status").annotate(n=Count("id")).values_list("status", "n")
    ):
        counts[status] = count
    return counts


def weekly_throughput(since: datetime, weeks: int) -> list[Week]:
    """Submitted, approved (first publications and corrections) and sent back, each week
    of the period, oldest first, every week present (1 query)."""
    first = week_start(since)
    rows_by_week = [Week(first + timedelta(weeks=i)) for i in range(weeks)]
    starts = [local_midnight(week.start) for week in rows_by_week]
    end = starts[-1] + timedelta(weeks=1)
    rows = (
        ClaimEvent.objects.filter(
            action__in=(Action.SUBMITTED, *DECISIONS), created_at__gte=since, created_at__lt=end
        )
        .order_by()
        .annotate(week=bucket("created_at", starts))
        .values("week", "action")
        .annotate(n=Count("id"))
        .values_list("week", "action", "n")
    )
    for week, action, count in rows:
        row = rows_by_week[week]
        if action == Action.SUBMITTED:
            row.submitted += count
        elif action in APPROVALS:
            row.approved += count
        else:
            row.sent_back += count
    return rows_by_week


def percentile_ranks(n: int, numerator: int, denominator: int) -> tuple[int, int]:
    """The two 0-based ranks between which the percentile ``numerator / denominator`` of
    ``n`` sorted values lies: floor and ceiling of that fraction of (n - 1), in integers
    (as the query computes them)."""
    position = numerator * (n - 1)
    return position // denominator, -(-position // denominator)


def percentile(values: dict[int, timedelta], n: int, numerator: int, denominator: int):
    """That percentile, interpolated linearly between the values at its two ranks."""
    low, high = percentile_ranks(n, numerator, denominator)
    weight = Fraction(numerator * (n - 1), denominator) - low
    return values[low] + (values[high] - values[low]) * float(weight)


# The seconds between a decision and its submission, in each database's own arithmetic
# (Django's duration expressions call a Python function for every row on SQLite).
SECONDS_BETWEEN = {
    "sqlite": "(julianday(decided_at) - julianday(submitted_at)) * 86400.0",
    "postgresql": "EXTRACT(EPOCH FROM (decided_at - submitted_at))",
}
# The durations, measured once (a materialized common table expression), then ranked;
# only the ranks of the median and of the 90th percentile come back: floor and ceiling
# of (n - 1) / 2 and of 9 (n - 1) / 10, in integer arithmetic (the same in both).
RANKED_DURATIONS = """
WITH decision AS MATERIALIZED ({decisions}),
ranked AS (
    SELECT ROW_NUMBER() OVER (ORDER BY seconds, id) - 1 AS position,
           COUNT(*) OVER () AS total, seconds
    FROM (SELECT id, {seconds} AS seconds FROM decision WHERE submitted_at IS NOT NULL) d
)
SELECT position, total, seconds FROM ranked
WHERE position IN ((total - 1) / 2, total / 2, 9 * (total - 1) / 10, 9 * total / 10)
"""


def decision_times(since: datetime, end: datetime | None = None) -> DecisionTimes:
    """Median and 90th percentile of the time from submission to decision, over the
    decisions made from ``since`` until ``end`` (1 query: only the needed ranks come
    back)."""
    last_submission = (
        ClaimEvent.objects.filter(
            claim_id=OuterRef("claim_id"),
            action=Action.SUBMITTED,
            created_at__lte=OuterRef("created_at"),
        )
        .order_by("-created_at", "-id")
        .values("created_at")[:1]
    )
    decisions = (
        ClaimEvent.objects.filter(action__in=DECISIONS, created_at__gte=since)
        .filter(**({"created_at__lt": end} if end else {}))
        .order_by()
        .annotate(decided_at=F("created_at"), submitted_at=Subquery(last_submission))
        .values("id", "decided_at", "submitted_at")
    )
    inner, params = decisions.query.sql_with_params()
    sql = RANKED_DURATIONS.format(decisions=inner, seconds=SECONDS_BETWEEN[connection.vendor])
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        return DecisionTimes()
    n = rows[0][1]
    values = {
        position: timedelta(seconds=round(float(seconds), 3)) for position, _n, seconds in rows
    }
    return DecisionTimes(
        decisions=n, median=percentile(values, n, 1, 2), p90=percentile(values, n, 9, 10)
    )


def oldest_waiting(limit: int = OLDEST_WAITING) -> list[Review]:
    """The open reviews submitted longest ago, with their claim, article and who
    submitted them (1 query)."""
    return list(
        Review.objects.filter(decision=Review.Decision.OPEN)
        .select_related("claim", "claim__article", "submitted_by")
        .only(
            "submitted_at",
            "claim__id",
            "claim__text",
            "claim__status",
            "claim__article__id",
            "claim__article__title",
            "submitted_by__id",
            "submitted_by__username",
        )
        .order_by("submitted_at", "id")[:limit]
    )


def dashboard(weeks: int = PERIODS[0], now: datetime | None = None) -> Dashboard:
    """The team dashboard over the last ``weeks`` weeks (4 queries)."""
    since = period_start(weeks, now)
    end = since + timedelta(weeks=weeks)
    return Dashboard(
        weeks_count=weeks,
        since=since,
        states=claim_state_counts(),
        weeks=weekly_throughput(since, weeks),
        times=decision_times(since, end),
        waiting=oldest_waiting(),
    )
