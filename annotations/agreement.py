"""How much two independent verdicts on the same claim agree: Krippendorff's alpha.

The data are the blind double reviews: for each claim, the first verdict's rating and
the second, blind one. Alpha is computed by the ``krippendorff`` package (not by a
formula of ours), with the level of measurement always given:

- *nominal*, over the seven ratings: only "same rating or not" counts;
- *ordinal*, over the five-point scale False < Mostly false < Mixed < Mostly true <
  True: a near miss counts less than a far one. Misleading and Unverifiable are not on
  that scale: a pair with either is left out of it.

Alpha is 1 when every pair agrees, 0 when they agree as much as chance would, below 0
when they disagree more than chance would. Its 95 % confidence interval comes from a
bootstrap: the claims are drawn again with replacement ``BOOTSTRAP_SAMPLES`` times (a
fixed seed, so the same data give the same interval) and alpha computed on each draw.
With few claims the interval is wide: read alpha with its number of claims.

Nothing here reads the database: ``selectors.agreement_pairs`` gives the pairs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import krippendorff
import numpy as np

from annotations.models import Verdict

NOMINAL = "nominal"
ORDINAL = "ordinal"
NOMINAL_SCALE = [value for value, _label in Verdict.Rating.choices]
ORDINAL_SCALE = sorted(Verdict.RATING_VALUES, key=Verdict.RATING_VALUES.get)  # False … True
SCALES = {NOMINAL: NOMINAL_SCALE, ORDINAL: ORDINAL_SCALE}
BOOTSTRAP_SAMPLES = 1000
CONFIDENCE = 0.95


@dataclass(frozen=True)
class Pair:
    """Two independent ratings of one claim, and who gave them."""

    claim_id: int
    first_rater: int
    first: str
    second_rater: int
    second: str


@dataclass
class Alpha:
    """Alpha at one level of measurement, over ``claims`` claims (those whose two
    ratings are both on the scale); ``value`` is None when it is not defined (fewer than
    two claims, or a single rating used throughout: nothing to compare chance with)."""

    level: str
    claims: int
    value: float | None = None
    low: float | None = None
    high: float | None = None

    @property
    def defined(self) -> bool:
        return self.value is not None


def value_counts(pairs: Iterable[Pair], level: str) -> np.ndarray:
    """The package's ``value_counts`` input: one row per claim whose two ratings are on
    the level's scale, one column per value of the scale (in its order), the number of
    reviewers who gave it."""
    scale = SCALES[level]
    index = {value: i for i, value in enumerate(scale)}
    rows = [
        (index[pair.first], index[pair.second])
        for pair in pairs
        if pair.first in index and pair.second in index
    ]
    counts = np.zeros((len(rows), len(scale)), dtype=np.int64)
    if rows:
        first, second = np.array(rows).T
        np.add.at(counts, (np.arange(len(rows)), first), 1)
        np.add.at(counts, (np.arange(len(rows)), second), 1)
    return counts


def _alpha(counts: np.ndarray, level: str) -> float | None:
    if len(counts) < 2 or np.count_nonzero(counts.sum(axis=0)) < 2:
        return None  # no variation: alpha is not defined
    return float(
        krippendorff.alpha(
            value_counts=counts,
            value_domain=list(range(counts.shape[1])),
            level_of_measurement=level,
        )
    )


def alpha(pairs: Iterable[Pair], level: str, *, interval: bool = True) -> Alpha:
    """Alpha at ``level`` (nominal or ordinal), with its bootstrap interval if asked."""
    counts = value_counts(pairs, level)
    result = Alpha(level=level, claims=len(counts), value=_alpha(counts, level))
    if interval and result.defined:
        rng = np.random.default_rng(0)
        draws = rng.integers(0, len(counts), size=(BOOTSTRAP_SAMPLES, len(counts)))
        values = [v for draw in draws if (v := _alpha(counts[draw], level)) is not None]
        if values:
            tail = (1 - CONFIDENCE) / 2 * 100
            result.low, result.high = (float(x) for x in np.percentile(values, [tail, 100 - tail]))
    return result


def distance(pair: Pair) -> int | None:
    """Steps between the two ratings on the five-point scale (None: one is off it)."""
    values = Verdict.RATING_VALUES
    if pair.first not in values or pair.second not in values:
        return None
    return abs(values[pair.first] - values[pair.second])


@dataclass
class Group:
    """Alpha over a subset of the pairs: a month, or a pair of reviewers."""

    key: object
    claims: int
    agreed: int
    nominal: Alpha
    ordinal: Alpha


@dataclass
class Report:
    pairs: list[Pair]
    nominal: Alpha
    ordinal: Alpha
    agreed: int
    by_month: list[Group] = field(default_factory=list)
    by_reviewers: list[Group] = field(default_factory=list)
    disagreements: list[Pair] = field(default_factory=list)


def _group(key, pairs: list[Pair]) -> Group:
    return Group(
        key=key,
        claims=len(pairs),
        agreed=sum(pair.first == pair.second for pair in pairs),
        nominal=alpha(pairs, NOMINAL, interval=False),
        ordinal=alpha(pairs, ORDINAL, interval=False),
    )


def report(pairs: list[Pair], months: list, *, worst: int = 10) -> Report:
    """Everything the agreement page shows. ``months[i]`` is the month (a date, first
    day) when ``pairs[i]``'s second verdict came in."""
    by_month: dict = defaultdict(list)
    by_reviewers: dict = defaultdict(list)
    for pair, month in zip(pairs, months, strict=True):
        by_month[month].append(pair)
        by_reviewers[tuple(sorted((pair.first_rater, pair.second_rater)))].append(pair)

    def far_first(pair: Pair):
        steps = distance(pair)
        # Off the scale and different (Misleading against False, say): after every
        # measured gap of two steps or more, before a one-step gap.
        return -(steps if steps is not None else 1.5)

    disagreements = sorted((pair for pair in pairs if pair.first != pair.second), key=far_first)[
        :worst
    ]
    return Report(
        pairs=pairs,
        nominal=alpha(pairs, NOMINAL),
        ordinal=alpha(pairs, ORDINAL),
        agreed=sum(pair.first == pair.second for pair in pairs),
        by_month=[_group(month, by_month[month]) for month in sorted(by_month)],
        by_reviewers=sorted(
            (_group(key, group) for key, group in by_reviewers.items()),
            key=lambda group: -group.claims,
        ),
        disagreements=disagreements,
    )
