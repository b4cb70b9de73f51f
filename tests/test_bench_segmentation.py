"""The benchmark of sentence segmentation: a small run of its measurement, and its report rows."""

from bench import report, segmentation
from tests.test_bench import _document, _run


def test_a_small_run_measures_the_news_and_each_awkward_unit():
    measured = segmentation.measure_segmentation(seed=3, **segmentation.sizes(smoke=True))

    assert 40_000 < measured["bytes"] <= 50_000
    assert measured["sentences"] > 100
    assert set(measured["growth"]) == set(segmentation.UNITS[:3])
    assert measured["worst_growth"] == max(measured["growth"].values())
    assert measured["seconds_per_megabyte"] > 0


def test_awkward_text_repeats_its_unit_and_ends_with_a_sentence():
    text = segmentation.awkward_text("U.S. ", 20)
    assert text == "U.S. U.S. U.S. U.S. 5 Fin"


def test_the_report_shows_both_segmentation_targets():
    measured = {
        "bytes": 1_000_000,
        "sentences": 9_200,
        "seconds": 0.37,
        "seconds_per_megabyte": 0.37,
        "target_seconds_per_megabyte": 1,
        "growth": {"a.": 0.9, "»« A. B. ": 3.4},
        "worst_unit": "»« A. B. ",
        "worst_growth": 3.4,
        "target_growth": 3,
    }
    plain = _document()
    document = report.build(
        machine=plain["machine"],
        config=plain["config"],
        data=plain["data"],
        targets=[],
        runs={"baseline": [_run(1000, 2, 3)]},
        imported=plain["import"],
        elapsed=1,
        segmentation=measured,
    )
    rows = {row["target"]: row for row in document["targets"]}
    news = rows["Segmentation of 1 MB of French news, seconds per MB"]
    assert (news["value"], news["limit"], news["met"]) == (0.37, 1, True)
    growth = rows["Segmentation of awkward input, 20 × the text: worst time × 20 × the time"]
    assert (growth["value"], growth["limit"], growth["met"]) == (3.4, 3, False)
    text = report.markdown(document)
    assert "9,200 sentences" in text and "3.40 × 20 times the time" in text
