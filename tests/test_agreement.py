"""Krippendorff's alpha as the agreement page computes it: the package checked against
Krippendorff's own worked examples, and our use of it (two ratings per claim, the two
scales, the bootstrap interval, the groups) against them and against hand counts."""

import krippendorff
import numpy as np
import pytest

from annotations import agreement
from annotations.agreement import NOMINAL, ORDINAL, Pair

nan = np.nan

# Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011), example C: four
# observers, twelve units, values 1 to 5, missing values. His published results.
EXAMPLE_C = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
    [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
]
# Example A: two observers, binary data, ten units.
EXAMPLE_A = [[0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]]


@pytest.mark.parametrize(
    ("level", "published"),
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)],
)
def test_the_package_gives_krippendorffs_published_values_with_missing_data(level, published):
    value = krippendorff.alpha(reliability_data=EXAMPLE_C, level_of_measurement=level)
    assert round(value, 3) == published


def test_the_package_gives_the_published_value_for_two_observers_binary_data():
    value = krippendorff.alpha(reliability_data=EXAMPLE_A, level_of_measurement="nominal")
    assert round(value, 3) == 0.095


def pairs_of(firsts, seconds):
    return [Pair(n, 1, a, 2, b) for n, (a, b) in enumerate(zip(firsts, seconds, strict=True))]


def test_two_ratings_per_claim_give_the_published_value_of_example_a():
    # Example A's two values as two ratings: nominal alpha does not depend on the labels.
    label = {0: "false", 1: "true"}
    pairs = pairs_of([label[v] for v in EXAMPLE_A[0]], [label[v] for v in EXAMPLE_A[1]])
    assert round(agreement.alpha(pairs, NOMINAL, interval=False).value, 3) == 0.095


def test_the_ordinal_scale_counts_a_near_miss_less_and_leaves_out_the_unscaled_ratings():
    near = pairs_of(["true", "false", "mixed", "true"], ["mostly_true", "false", "mixed", "true"])
    far = pairs_of(["true", "false", "mixed", "true"], ["false", "false", "mixed", "true"])
    assert agreement.alpha(near, ORDINAL).value > agreement.alpha(far, ORDINAL).value
    # Nominal: a miss is a miss, whatever the other rating (here used nowhere else).
    other = pairs_of(["true", "false", "mixed", "true"], ["misleading", "false", "mixed", "true"])
    assert agreement.alpha(near, NOMINAL).value == pytest.approx(
        agreement.alpha(other, NOMINAL).value
    )
    unscaled = [*near, Pair(99, 1, "misleading", 2, "false")]
    assert agreement.alpha(unscaled, ORDINAL).claims == len(near)
    assert agreement.alpha(unscaled, NOMINAL).claims == len(near) + 1


def test_our_value_counts_give_what_the_reliability_data_give():
    rng = np.random.default_rng(7)
    scale = agreement.ORDINAL_SCALE
    firsts = rng.integers(0, 5, 60)
    seconds = np.clip(firsts + rng.integers(-1, 2, 60), 0, 4)
    pairs = pairs_of([scale[i] for i in firsts], [scale[i] for i in seconds])
    for level in (NOMINAL, ORDINAL):
        expected = krippendorff.alpha(
            reliability_data=[firsts, seconds],
            value_domain=list(range(5)),
            level_of_measurement=level,
        )
        assert agreement.alpha(pairs, level, interval=False).value == pytest.approx(expected)


def test_the_interval_holds_alpha_and_is_the_same_for_the_same_data():
    rng = np.random.default_rng(3)
    scale = agreement.ORDINAL_SCALE
    firsts = rng.integers(0, 5, 40)
    seconds = np.clip(firsts + rng.integers(-1, 2, 40), 0, 4)
    pairs = pairs_of([scale[i] for i in firsts], [scale[i] for i in seconds])

    result = agreement.alpha(pairs, ORDINAL)

    assert result.low < result.value < result.high
    again = agreement.alpha(pairs, ORDINAL)
    assert (again.low, again.high) == (result.low, result.high)


def test_fewer_than_two_claims_or_one_rating_throughout_leave_alpha_undefined():
    assert not agreement.alpha(pairs_of(["true"], ["false"]), NOMINAL).defined
    assert not agreement.alpha(pairs_of(["true", "true"], ["true", "true"]), NOMINAL).defined
    assert agreement.alpha([], ORDINAL).claims == 0


def test_the_report_groups_by_month_and_by_pair_and_ranks_the_worst_disagreements():
    pairs = [
        Pair(1, 10, "true", 20, "true"),
        Pair(2, 10, "true", 20, "false"),  # four steps
        Pair(3, 20, "mixed", 10, "mostly_true"),  # one step, same pair of reviewers
        Pair(4, 30, "false", 10, "misleading"),  # off the scale
    ]
    months = ["2026-10", "2026-10", "2026-11", "2026-11"]

    report = agreement.report(pairs, months)

    assert [(g.key, g.claims, g.agreed) for g in report.by_month] == [
        ("2026-10", 2, 1),
        ("2026-11", 2, 0),
    ]
    assert [(g.key, g.claims) for g in report.by_reviewers] == [((10, 20), 3), ((10, 30), 1)]
    assert [p.claim_id for p in report.disagreements] == [2, 4, 3]
    assert report.agreed == 1
