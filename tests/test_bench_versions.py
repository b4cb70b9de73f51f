"""The benchmark of a new version: a small run of its measurement, and its report row."""

import random

import pytest

from bench import report, versions
from tests.test_bench import _document, _run


def test_an_edited_version_changes_the_share_of_sentences_asked():
    paragraphs = [[f"Phrase {p}-{i}." for i in range(4)] for p in range(50)]
    edited, counts = versions.edited_paragraphs(
        random.Random(1), paragraphs, share=0.05, topic="économie"
    )
    assert sum(counts.values()) == 10
    before = sum(len(p) for p in paragraphs)
    after = sum(len(p) for p in edited)
    assert after - before == counts["added"] - counts["removed"]


@pytest.mark.django_db
def test_a_small_run_measures_the_new_version_against_the_import():
    measured = versions.measure_reanchoring(seed=3, **versions.sizes(smoke=True))
    assert measured["claims"] == 40
    assert sum(measured["states"].values()) == 40
    assert measured["import_seconds"] > 0 and measured["new_version_seconds"] > 0
    assert measured["ratio_to_import"] == pytest.approx(
        measured["new_version_seconds"] / measured["import_seconds"], rel=0.05
    )


def test_the_report_shows_the_ratio_and_its_target():
    reanchoring = {
        "sentences": 2000,
        "claims": 1000,
        "edits": {"reworded": 33, "removed": 33, "added": 34},
        "states": {"unchanged": 960, "changed": 35, "removed": 5},
        "import_seconds": 0.11,
        "new_version_seconds": 0.25,
        "reanchor_engine_seconds": 0.1,
        "ratio_to_import": 2.27,
        "target_ratio": 2,
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
        reanchoring=reanchoring,
    )
    row = document["targets"][-1]
    assert (row["value"], row["limit"], row["met"]) == (2.27, 2, False)
    text = report.markdown(document)
    assert "2.27 × importing that version" in text
    assert "960 unchanged" in text


def test_each_measured_call_runs_without_the_garbage_collector_and_restores_it():
    import gc

    timings = []
    with versions.timed(timings):
        assert not gc.isenabled()
    assert gc.isenabled()
    assert len(timings) == 1 and timings[0] >= 0
