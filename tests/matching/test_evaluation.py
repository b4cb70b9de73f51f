"""The evaluation set and the figures claim matching must reach on it.

The set (tests/data/matching/) is made by its generate.py; the figures are those of
``python -m annotations.matching.evaluate`` (see the README for all of them).
"""

import importlib.util
import sys
from collections import Counter

import pytest

from annotations.matching import evaluate
from annotations.matching.search import Settings

GENERATOR = evaluate.DATA / "generate.py"


def load_generator(monkeypatch):
    spec = importlib.util.spec_from_file_location("matching_set_generator", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    # Its dataclasses look their module up while they are made.
    monkeypatch.setitem(sys.modules, spec.name, module)
    spec.loader.exec_module(module)
    return module


def test_the_committed_set_is_what_its_generator_makes(monkeypatch):
    fact_checks, queries = load_generator(monkeypatch).build()
    assert fact_checks == evaluate.read_jsonl(evaluate.DATA / "factchecks.jsonl")
    assert queries == evaluate.read_jsonl(evaluate.DATA / "queries.jsonl")


def test_the_set_has_its_size_and_its_kinds_of_query():
    fact_checks, queries = evaluate.load()
    assert len(fact_checks) >= 2000
    assert len(queries) >= 200
    assert Counter(fc.language for fc in fact_checks).keys() == {"fr", "en"}
    kinds = Counter((query.kind, query.language) for query in queries)
    for kind in ("paraphrase", "translation", "number", "negation"):
        assert kinds[(kind, "fr")] >= 10
        assert kinds[(kind, "en")] >= 10
    assert Counter(query.split for query in queries).keys() == {"tune", "heldout"}


def test_every_query_names_fact_checks_of_the_set():
    fact_checks, queries = evaluate.load()
    ids = {fc.id for fc in fact_checks}
    for query in queries:
        assert query.relevant and query.relevant <= ids
        assert query.distractors <= ids
        assert not query.relevant & query.distractors
        if query.kind in ("number", "negation"):
            assert query.distractors


def test_a_translation_query_has_its_fact_checks_in_the_other_language():
    fact_checks, queries = evaluate.load()
    language = {fc.id: fc.language for fc in fact_checks}
    for query in queries:
        if query.kind == "translation":
            assert query.cross_language
            assert {language[identifier] for identifier in query.relevant} == {"fr", "en"} - {
                query.language
            }


def test_the_metrics_count_as_documented():
    relevant = frozenset({"a", "b"})
    assert evaluate.average_precision(["a", "x", "b"], relevant) == pytest.approx((1 + 2 / 3) / 2)
    assert evaluate.average_precision(["x", "x", "x", "x", "x", "a"], relevant) == 0
    assert evaluate.recall(["a", "x"], relevant) == 0.5
    query = evaluate.Query(
        "q", "", "en", "negation", False, "tune", frozenset({"a"}), frozenset({"n"})
    )
    assert evaluate.distractor_below(["a", "n"], query)
    assert not evaluate.distractor_below(["n", "a"], query)
    assert evaluate.distractor_below(["a"], query)


def test_words_alone_reach_their_floor_on_the_set():
    """Without the model (the fallback): figures measured, kept as a floor."""
    fact_checks, queries = evaluate.load()
    prepared = evaluate.prepare(fact_checks, queries, None)
    measured = evaluate.measure(prepared, Settings(use_meaning=False))
    assert measured["all"].map5 >= 0.70
    assert measured["all"].recall5 >= 0.85


@pytest.fixture(scope="module")
def prepared(embedder):
    fact_checks, queries = evaluate.load()
    return evaluate.prepare(fact_checks, queries, embedder)


@pytest.mark.model
@pytest.mark.parametrize("split", [None, "tune", "heldout"], ids=["both", "tune", "heldout"])
def test_fused_matching_reaches_the_targets(prepared, split):
    measured = evaluate.measure(prepared, evaluate.TUNED, split)
    assert measured["all"].map5 >= evaluate.TARGETS["fused MAP@5"]
    assert measured["cross-language"].recall5 >= evaluate.TARGETS["cross-language recall@5"]


@pytest.mark.model
def test_a_negation_or_a_changed_figure_ranks_below_the_claim(prepared):
    measured = evaluate.measure(prepared, evaluate.TUNED)
    assert measured["negation"].twins_below >= 0.9
    assert measured["number"].twins_below >= 0.95


@pytest.mark.model
def test_the_tuned_settings_are_what_the_tuning_half_chooses(prepared):
    chosen, _ = evaluate.tune(prepared)
    assert chosen == evaluate.TUNED


@pytest.mark.model
def test_the_report_prints_every_configuration(prepared, capsys):
    evaluate.report(prepared, evaluate.TUNED)
    printed = capsys.readouterr().out
    for name in (
        "words",
        "words + checks",
        "meaning",
        "meaning + checks",
        "fused",
        "fused + checks",
    ):
        assert f"\n{name} " in printed


@pytest.mark.model
def test_the_meaning_in_two_passes_gives_the_same_figures(prepared, embedder):
    """The two passes the app uses from 20,000 fact-checks, forced on this set's real
    vectors: the same meaning rankings, so the same figures."""
    fact_checks, queries = evaluate.load()
    two_pass = evaluate.prepare(
        fact_checks, queries, embedder, vectors=prepared.index.vectors, two_pass=True
    )
    assert two_pass.meaning_rows == prepared.meaning_rows
    printed = evaluate.two_pass_figures(prepared, embedder)
    assert "two passes               1.0000" in printed
