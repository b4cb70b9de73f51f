"""The claim-matching benchmark (bench/matching.py): what it measures and how it keeps the best run."""

import pytest

from bench import matching


def test_the_best_run_keeps_the_fastest_figures_and_the_first_runs_quality():
    runs = [
        {"installed": True, "load_seconds": 1.0, "batch_per_second": 100.0, "quality": 0.9},
        {"installed": True, "load_seconds": 0.5, "batch_per_second": 300.0},
    ]
    best = matching.best_of(runs)
    assert best["load_seconds"] == 0.5
    assert best["batch_per_second"] == 300.0
    assert best["quality"] == 0.9
    assert best["runs"] == 2


def test_search_speed_is_reported_for_each_size():
    rows = matching.search_speed((100, 2_000), dimension=512, repeats=2)
    assert [row["vectors"] for row in rows] == [100, 2_000]
    assert rows[1]["stored_mb"] == pytest.approx(1.0)
    assert rows[1]["matrix_mb"] == pytest.approx(4.1)
    assert all(row["top5_ms"] >= 0 for row in rows)


def test_a_model_whose_package_is_missing_is_reported_as_such(monkeypatch):
    monkeypatch.setattr(matching, "load", lambda model, threads: None)
    assert matching.measure_model("e5", 1, 10, quality=False) == {"model": "e5", "installed": False}


@pytest.mark.model
def test_the_installed_model_is_measured(embedder):
    result = matching.measure_model("use", 1, 20, quality=False)
    assert result["installed"]
    assert result["model_id"] == embedder.model_id
    assert result["batch_per_second"] > 0
    assert result["single_per_second"] > 0
    assert result["memory_added_mb"] > 0
