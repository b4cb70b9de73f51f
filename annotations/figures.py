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

from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import RowNumber, TruncMonth, TruncWeek
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


def month_rating_counts(claims: QuerySet[Claim]) -> dict[tuple[date, str], int]:
    """How many of ``claims`` (public, annotated with ``current_rating``) were first
    published in each month, by rating (1 query): ``{(first day of month, rating): n}``."""
    rows = (
        claims.order_by()
        .annotate(month=TruncMonth("published_at"))
        .values("month", "current_rating")
        .annotate(count=Count("id"))
        .values_list("month", "current_rating", "count")
    )
    counts: dict[tuple[date, str], int] = {}
    for month, rating, count in rows:
        day = month.date() if isinstance(month, datetime) else month
        key = (day.replace(day=1), rating)
        counts[key] = counts.get(key, 0) + count
    return counts


def months_between(first: date, last: date) -> list[date]:
    """The first days of the months from ``first``'s to ``last``'s, both included."""
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


# --- The team dashboard -----------------------------------------------------------------------


def week_start(moment: datetime) -> date:
    """The Monday of ``moment``'s week, in the site's time zone."""
    day = timezone.localtime(moment).date()
    return day - timedelta(days=day.weekday())


def period_start(weeks: int, now: datetime | None = None) -> datetime:
    """Midnight (site's time zone) on the Monday ``weeks - 1`` weeks before this week's:
    the period is ``weeks`` whole calendar weeks, this one included."""
    monday = week_start(now or timezone.now()) - timedelta(weeks=weeks - 1)
    return timezone.make_aware(datetime(monday.year, monday.month, monday.day))


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
    by_week = {first + timedelta(weeks=i): Week(first + timedelta(weeks=i)) for i in range(weeks)}
    rows = (
        ClaimEvent.objects.filter(action__in=(Action.SUBMITTED, *DECISIONS), created_at__gte=since)
        .order_by()
        .annotate(week=TruncWeek("created_at"))
        .values("week", "action")
        .annotate(n=Count("id"))
        .values_list("week", "action", "n")
    )
    for week, action, count in rows:
        day = week_start(week) if isinstance(week, datetime) else week
        row = by_week.get(day)
        if row is None:  # an event stamped in the future: not in the period's weeks
            continue
        if action == Action.SUBMITTED:
            row.submitted += count
        elif action in APPROVALS:
            row.approved += count
        else:
            row.sent_back += count
    return list(by_week.values())


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


def decision_times(since: datetime) -> DecisionTimes:
    """Median and 90th percentile of the time from submission to decision, over the
    decisions made since ``since`` (1 query: only the needed ranks come back)."""
    last_submission = (
        ClaimEvent.objects.filter(
            claim_id=OuterRef("claim_id"),
            action=Action.SUBMITTED,
            created_at__lte=OuterRef("created_at"),
        )
        .order_by("-created_at", "-id")
        .values("created_at")[:1]
    )
    ranked = (
        ClaimEvent.objects.filter(action__in=DECISIONS, created_at__gte=since)
        .order_by()
        .annotate(submitted_at=Subquery(last_submission))
        .filter(submitted_at__isnull=False)
        .annotate(
            duration=ExpressionWrapper(
                F("created_at") - F("submitted_at"), output_field=DurationField()
            )
        )
        .annotate(
            rank=Window(RowNumber(), order_by=[F("duration").asc(), F("id").asc()]),
            total=Window(Count("id")),
        )
    )
    # 0-based ranks wanted: floor and ceiling of 0.5 (n - 1) and of 0.9 (n - 1), in
    # integer arithmetic (the same in both databases).
    n_minus_1 = F("total") - Value(1)
    wanted = (
        Q(rank=ExpressionWrapper(n_minus_1 / Value(2) + 1, output_field=IntegerField()))
        | Q(rank=ExpressionWrapper(F("total") / Value(2) + 1, output_field=IntegerField()))
        | Q(
            rank=ExpressionWrapper(
                n_minus_1 * Value(9) / Value(10) + 1, output_field=IntegerField()
            )
        )
        | Q(
            rank=ExpressionWrapper(
                F("total") * Value(9) / Value(10) + 1, output_field=IntegerField()
            )
        )
    )
    rows = list(ranked.filter(wanted).values_list("rank", "total", "duration"))
    if not rows:
        return DecisionTimes()
    n = rows[0][1]
    values = {rank - 1: duration for rank, _total, duration in rows}
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
    return Dashboard(
        weeks_count=weeks,
        since=since,
        states=claim_state_counts(),
        weeks=weekly_throughput(since, weeks),
        times=decision_times(since),
        waiting=oldest_waiting(),
    )
