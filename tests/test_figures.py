"""The dashboard's figures, against small histories computed by hand: claims by state,
throughput per week, the time from submission to decision (median and 90th percentile),
the sent-back rate; and the public counts by month and rating."""

from datetime import UTC, date, datetime, timedelta

import pytest

from annotations import charts, figures
from annotations.models import ClaimEvent, ClaimStatus
from tests.factories import ArticleFactory, ModeratorFactory, ready_claim, submitted_claim

Action = ClaimEvent.Action
# A Wednesday; its week starts on Monday 2026-11-30 (Europe/Paris, the site's zone).
NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


def event(claim, action, at, actor=None):
    return ClaimEvent.objects.create(
        claim=claim, actor=actor or claim.author, action=action, created_at=at
    )


def round_trip(claim, submitted, decided, action=Action.PUBLISHED, moderator=None):
    """One submission and its decision, ``decided - submitted`` apart."""
    event(claim, Action.SUBMITTED, submitted)
    event(claim, action, decided, actor=moderator)


@pytest.mark.parametrize(
    ("n", "median_rank", "p90_ranks"),
    [
        (1, (0, 0), (0, 0)),
        (2, (0, 1), (0, 1)),
        (5, (2, 2), (3, 4)),
        (10, (4, 5), (8, 9)),
        (11, (5, 5), (9, 9)),
    ],
)
def test_percentile_ranks_are_floor_and_ceiling_in_integers(n, median_rank, p90_ranks):
    assert figures.percentile_ranks(n, 1, 2) == median_rank
    assert figures.percentile_ranks(n, 9, 10) == p90_ranks


@pytest.mark.django_db
def test_decision_times_median_and_90th_percentile_by_hand():
    moderator = ModeratorFactory()
    article = ArticleFactory()
    hours = [1, 2, 3, 4, 10]  # median 3 h; p90: rank 3.6 -> 4 + 0.6 x (10 - 4) = 7.6 h
    start = NOW - timedelta(days=3)
    for i, h in enumerate(hours):
        claim = ready_claim(article=article, sentence=1 + i % 2)
        round_trip(claim, start, start + timedelta(hours=h), moderator=moderator)
    times = figures.decision_times(NOW - timedelta(weeks=1))
    assert times.decisions == 5
    assert times.median == timedelta(hours=3)
    assert times.p90 == timedelta(hours=7.6)


@pytest.mark.django_db
def test_each_decision_is_measured_from_the_latest_submission_before_it():
    moderator = ModeratorFactory()
    claim = ready_claim()
    t0 = NOW - timedelta(days=5)
    # Sent back after 2 h, resubmitted a day later, approved 4 h after that.
    round_trip(claim, t0, t0 + timedelta(hours=2), Action.CHANGES_REQUESTED, moderator)
    round_trip(claim, t0 + timedelta(days=1), t0 + timedelta(days=1, hours=4), moderator=moderator)
    times = figures.decision_times(NOW - timedelta(weeks=1))
    assert times.decisions == 2
    assert times.median == timedelta(hours=3)
    assert times.p90 == timedelta(hours=3.8)


@pytest.mark.django_db
def test_decisions_before_the_period_are_not_counted():
    claim = ready_claim()
    old = NOW - timedelta(weeks=20)
    round_trip(claim, old, old + timedelta(hours=1), moderator=ModeratorFactory())
    assert figures.decision_times(NOW - timedelta(weeks=12)) == figures.DecisionTimes()


@pytest.mark.django_db
def test_weekly_throughput_and_the_sent_back_rate_by_hand():
    moderator = ModeratorFactory()
    article = ArticleFactory()
    this_monday = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    last_monday = this_monday - timedelta(weeks=1)
    a, b, c = (ready_claim(article=article, sentence=s) for s in (1, 2, 1))
    # Last week: 3 submitted, 1 approved, 2 sent back.
    for claim in (a, b, c):
        event(claim, Action.SUBMITTED, last_monday)
    event(a, Action.PUBLISHED, last_monday + timedelta(hours=1), moderator)
    event(b, Action.CHANGES_REQUESTED, last_monday + timedelta(hours=2), moderator)
    event(c, Action.CHANGES_REQUESTED, last_monday + timedelta(days=2), moderator)
    # This week: 1 submitted, 1 approved (a correction counts as an approval).
    event(b, Action.SUBMITTED, this_monday)
    event(b, Action.CORRECTED, this_monday + timedelta(hours=5), moderator)
    # Before the period: not counted.
    event(c, Action.SUBMITTED, this_monday - timedelta(weeks=5))

    board = figures.dashboard(weeks=4, now=NOW)

    assert [w.start for w in board.weeks] == [
        date(2026, 11, 9),
        date(2026, 11, 16),
        date(2026, 11, 23),
        date(2026, 11, 30),
    ]
    assert [(w.submitted, w.approved, w.sent_back) for w in board.weeks] == [
        (0, 0, 0),
        (0, 0, 0),
        (3, 1, 2),
        (1, 1, 0),
    ]
    assert (board.submitted, board.approved, board.sent_back) == (4, 2, 2)
    assert board.sent_back_rate == 0.5


@pytest.mark.django_db
def test_claims_by_state_and_the_oldest_waiting_first():
    article = ArticleFactory()
    first = submitted_claim(article=article)
    second = submitted_claim(article=article, sentence=2)
    ready_claim(article=article)
    board = figures.dashboard(weeks=12)
    assert board.states[ClaimStatus.IN_REVIEW] == 2
    assert board.states[ClaimStatus.DRAFT] == 1
    assert board.states[ClaimStatus.PUBLISHED] == 0
    assert [review.claim_id for review in board.waiting] == [first.pk, second.pk]
    assert board.sent_back_rate is None


def test_the_last_months_run_over_the_new_year():
    assert figures.last_months(4, NOW.replace(month=2, day=10)) == [
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]


def test_a_stacked_column_chart_scales_to_a_round_top_and_titles_every_bar():
    chart = charts.column_chart(
        chart_id="c",
        title="T",
        description="D",
        categories=["Jan", "Feb"],
        series=[charts.Series("a", "True", (3, 0)), charts.Series("b", "False", (4, 2))],
        stacked=True,
    )
    assert [t.text for t in chart.y_ticks] == ["0", "2", "4", "6", "8"]
    assert [bar.title for bar in chart.bars] == ["Jan, True: 3", "Jan, False: 4", "Feb, False: 2"]
    assert {item.pattern for item in chart.legend} == {"solid", "diagonal"}
    # Stacked: the second segment sits on the first.
    assert chart.bars[1].y + chart.bars[1].height == pytest.approx(chart.bars[0].y)


def test_a_bar_chart_writes_each_value_at_its_bars_end():
    chart = charts.bar_chart(
        chart_id="s", title="T", description="D", rows=[("Drafts", 4, "4"), ("In review", 2, "2")]
    )
    assert [bar.text for bar in chart.bars] == ["4", "2"]
    assert chart.bars[0].width == pytest.approx(2 * chart.bars[1].width)
    assert [label.text for label in chart.row_labels] == ["Drafts", "In review"]
