"""Finding fact-checks that say the same thing: top-k, fusion, words, meaning, reasons."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotations.matching import MatchIndex, Reason, Settings, rrf, search, top_k
from annotations.matching.embedding import normalize_rows


def unit_rows(count, dimension=16, seed=0):
    rows = np.random.default_rng(seed).normal(size=(count, dimension)).astype(np.float32)
    return normalize_rows(rows)


# --- top-k and fusion ----------------------------------------------------------------------


@given(
    count=st.integers(min_value=0, max_value=60),
    k=st.integers(min_value=0, max_value=70),
    seed=st.integers(min_value=0, max_value=1000),
)
def test_top_k_gives_the_k_best_rows_best_first(count, k, seed):
    matrix = unit_rows(count, seed=seed)
    vector = unit_rows(1, seed=seed + 1)[0]
    rows, scores = top_k(matrix, vector, k)
    expected = sorted(range(count), key=lambda row: (-float(matrix[row] @ vector), row))[:k]
    assert list(rows) == expected
    assert np.allclose(scores, matrix[expected] @ vector if expected else [])


def test_top_k_breaks_ties_by_row():
    matrix = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 0.0]], dtype=np.float32)
    rows, _ = top_k(matrix, np.array([1.0, 0.0], dtype=np.float32), 2)
    assert list(rows) == [0, 2]


def test_top_k_scores_each_vector_once_and_sorts_only_the_k_kept(monkeypatch):
    """Linear in the number of vectors: one pass over all of them, a sort of k."""
    sizes = {"argpartition": [], "lexsort": [], "rows": 0}
    real_argpartition, real_lexsort = np.argpartition, np.lexsort

    class CountingMatrix(np.ndarray):
        def __matmul__(self, other):
            sizes["rows"] += self.shape[0]
            return np.asarray(self) @ other

    def argpartition(values, kth):
        sizes["argpartition"].append(len(values))
        return real_argpartition(values, kth)

    def lexsort(keys):
        sizes["lexsort"].append(len(keys[0]))
        return real_lexsort(keys)

    monkeypatch.setattr(search.np, "argpartition", argpartition)
    monkeypatch.setattr(search.np, "lexsort", lexsort)
    for count in (1_000, 10_000):
        sizes.update(argpartition=[], lexsort=[], rows=0)
        matrix = unit_rows(count).view(CountingMatrix)
        top_k(matrix, unit_rows(1, seed=3)[0], 5)
        assert sizes == {"argpartition": [count], "lexsort": [5], "rows": count}


def test_rrf_sums_the_reciprocal_ranks():
    fused = rrf(["a", "b", "c"], ["b", "d"], k=60)
    assert [item for item, _ in fused] == ["b", "a", "d", "c"]
    assert dict(fused)["b"] == pytest.approx(1 / 62 + 1 / 61)
    assert dict(fused)["a"] == pytest.approx(1 / 61)
    assert dict(fused)["d"] == pytest.approx(1 / 62)


def test_rrf_weights_each_ranking_and_keeps_first_appearance_on_ties():
    assert [item for item, _ in rrf(["a"], ["b"])] == ["a", "b"]
    assert [item for item, _ in rrf(["a"], ["b"], weights=[1.0, 2.0])] == ["b", "a"]
    with pytest.raises(ValueError, match="one weight per ranking"):
        rrf(["a"], ["b"], weights=[1.0])


def test_rrf_of_nothing_is_nothing():
    assert rrf() == []
    assert rrf([], []) == []


# --- words alone (no model) ----------------------------------------------------------------


def test_without_the_model_words_still_find_the_claim(fact_checks):
    index = MatchIndex(fact_checks, embedder=None)
    matches = index.search("Les antennes 5G propagent le coronavirus", "fr")
    assert matches[0].id == "en-5g"
    assert matches[0].reason is Reason.WORDS
    assert "5G" in matches[0].shared_words
    assert matches[0].meaning_rank is None


def test_a_loader_that_finds_no_model_leaves_matching_to_words(fact_checks, monkeypatch):
    import annotations.matching as matching

    monkeypatch.setattr(matching.embedding, "load_embedder", lambda **options: None)
    index = MatchIndex(fact_checks, embedder=matching.embedding.load_embedder())
    matches = index.search("Le glyphosate donne le cancer aux agriculteurs", "fr", limit=3)
    assert matches[0].id == "fr-glyphosate"
    assert matches[0].reason is Reason.WORDS
    assert set(matches[0].shared_stems) >= {"glyphosat", "cancer", "agriculteur"}


def test_words_rank_the_same_figure_above_another(fact_checks):
    index = MatchIndex(fact_checks, embedder=None)
    matches = index.search("Le chômage en France est tombé à 9 % en 2023", "fr", limit=20)
    ranked = [match.id for match in matches]
    assert ranked.index("en-unemployment-9") < ranked.index("en-unemployment-7")
    other = next(match for match in matches if match.id == "en-unemployment-7")
    assert other.other_figures


def test_words_find_nothing_in_a_claim_of_stop_words(fact_checks):
    assert MatchIndex(fact_checks).search("le la les de", "fr") == []


def test_an_empty_base_finds_nothing():
    assert MatchIndex([]).search("Vaccines cause autism", "en") == []


def test_the_limit_is_kept(fact_checks):
    assert len(MatchIndex(fact_checks).search("cancer", "en", limit=2)) <= 2


# --- meaning (with the model) ---------------------------------------------------------------


@pytest.fixture
def index(fact_checks, embedder):
    return MatchIndex(fact_checks, embedder=embedder)


@pytest.mark.model
@pytest.mark.parametrize(
    ("claim", "language", "expected"),
    [
        ("L'Union européenne va obliger la population à manger des insectes", "fr", "en-insects"),
        ("The retirement age in Italy will rise to 67 by 2030", "en", "fr-retraite"),
        ("Les relais de téléphonie répandent l'épidémie de coronavirus", "fr", "en-5g"),
        ("Vaccines do not cause autism in children", "en", "fr-vaccins-non"),
    ],
    ids=[
        "a French claim finds the English fact-check",
        "an English claim finds the French fact-check",
        "a translation with hardly a word in common",
        "a negated claim finds the negation",
    ],
)
def test_the_same_claim_is_found_across_languages(index, claim, language, expected):
    assert index.search(claim, language)[0].id == expected


@pytest.mark.model
@pytest.mark.parametrize(
    ("claim", "language", "same", "twin", "flag"),
    [
        (
            "Vaccines cause autism in kids",
            "en",
            "fr-vaccins",
            "fr-vaccins-non",
            "opposite_polarity",
        ),
        (
            "Le chômage en France est tombé à 9 % en 2023",
            "fr",
            "en-unemployment-9",
            "en-unemployment-7",
            "other_figures",
        ),
    ],
    ids=["a negated claim ranks below the paraphrase", "a changed figure ranks below the same"],
)
def test_a_different_claim_ranks_below_the_same_claim(index, claim, language, same, twin, flag):
    matches = index.search(claim, language, limit=20)
    ranked = [match.id for match in matches]
    assert ranked[0] == same
    assert ranked.index(twin) > ranked.index(same)
    assert getattr(matches[ranked.index(twin)], flag)
    assert not getattr(matches[0], flag)


@pytest.mark.model
def test_each_match_says_why_it_was_found(index):
    by_words = index.search("Wind turbines cause cancer in people living nearby", "en")[0]
    assert by_words.id == "en-wind"
    assert by_words.reason is Reason.WORDS
    assert {"wind", "turbin", "cancer"} <= set(by_words.shared_stems)
    by_meaning = index.search("Les relais de téléphonie répandent l'épidémie", "fr")[0]
    assert by_meaning.id == "en-5g"
    assert by_meaning.reason is Reason.MEANING
    assert by_meaning.shared_stems == ()


@pytest.mark.model
def test_meaning_alone_can_be_asked_for(fact_checks, embedder):
    index = MatchIndex(fact_checks, embedder=embedder, settings=Settings(use_words=False))
    matches = index.search("Wind turbines cause cancer", "en")
    assert all(match.word_rank is None for match in matches)
    assert all(match.reason is Reason.MEANING for match in matches)


def test_an_unknown_language_is_refused(fact_checks):
    with pytest.raises(ValueError, match="language"):
        MatchIndex(fact_checks).search("Hola", "es")
