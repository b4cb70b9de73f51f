"""Finding the fact-checks that say the same thing as a claim: words, meaning, and their fusion.

- Meaning: exact cosine top-k over a matrix of unit vectors (one matrix product and one
  ``argpartition``: linear in the number of vectors, no index to build or keep).
- Words: in the app, the database's full-text search (``annotations.fulltext``) gives the
  ranking; here, BM25 over accent-folded Snowball stems (``bm25s``, ``WordIndex``), kept
  for the offline evaluation (``evaluate.py``), which needs no database.
- Fusion: reciprocal rank fusion of the two rankings (``rrf``), then the claim checks:
  a candidate that states other figures, or the opposite, is a different claim and is
  moved down (multiplied by ``penalty``), not hidden.
- Each match says why it was found: the words it shares with the claim, or a similar
  meaning.
"""

from __future__ import annotations

import contextlib
import enum
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import bm25s
import numpy as np

from annotations.matching import text as claim_text
from annotations.matching.embedding import Embedder

# rrf's usual constant; the fusion's own settings are in ``Settings``.
RRF_K = 60
CANDIDATES = 50


class Reason(enum.StrEnum):
    """Why a fact-check was offered (the label shown; the interface translates it)."""

    WORDS = "words in common"
    MEANING = "similar meaning"


def top_k(matrix: np.ndarray, vector: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` rows of ``matrix`` most similar to ``vector`` (cosine: rows and vector have
    unit length), best first: (row indices, scores).

    One matrix-vector product and one ``argpartition`` over all rows (linear), then a
    sort of the ``k`` kept (k log k). Ties keep the lower row first.
    """
    if matrix.shape[0] == 0:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.float32)
    return top_k_scores(matrix @ vector, k)


def rrf(
    *rankings: Sequence[Hashable], k: int = RRF_K, weights: Sequence[float] | None = None
) -> list[tuple[Hashable, float]]:
    """Reciprocal rank fusion: each item scores the sum of weight / (k + rank) over the
    rankings it appears in (ranks from 1), best first; ties keep first appearance."""
    weights = weights if weights is not None else [1.0] * len(rankings)
    if len(weights) != len(rankings):
        raise ValueError("one weight per ranking")
    scores: dict[Hashable, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    order = {item: index for index, item in enumerate(scores)}
    return sorted(scores.items(), key=lambda pair: (-pair[1], order[pair[0]]))


@dataclass(frozen=True)
class FactCheck:
    """What matching needs to know of a published fact-check."""

    id: Hashable
    text: str
    language: str


@dataclass(frozen=True)
class Match:
    """A fact-check found for a claim, with its score and the reason it was found."""

    id: Hashable
    score: float
    reason: Reason
    shared_stems: tuple[str, ...] = ()
    shared_words: tuple[str, ...] = ()
    word_rank: int | None = None
    meaning_rank: int | None = None
    other_figures: bool = False
    opposite_polarity: bool = False


@dataclass
class Analysed:
    """A text's stems (and words), figures and polarity, computed once."""

    terms: list[claim_text.Term]
    figures: frozenset[float]
    negated: bool

    @classmethod
    def of(cls, text: str, language: str) -> Analysed:
        return cls(
            claim_text.terms(text, language),
            claim_text.figures(text, language),
            claim_text.is_negated(text, language),
        )


def matching_language(language: str | None) -> str:
    """The language a fact-check is analysed in: "fr-CA" -> "fr"; French for a language
    other than French and English (the team's language)."""
    base = (language or "").split("-", 1)[0].strip().lower()
    return base if base in claim_text.LANGUAGES else "fr"


@lru_cache(maxsize=100_000)
def analysed(text: str, language: str | None) -> Analysed:
    """``Analysed.of`` a fact-check, kept: the same candidates come back search after
    search (callers must not change what they get)."""
    return Analysed.of(text, matching_language(language))


@lru_cache(maxsize=1)
def blas_controller():
    """threadpoolctl's view of numpy's BLAS (made once: it lists the loaded libraries),
    or None without threadpoolctl (installed with the model)."""
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # pragma: no cover - installed with the model
        return None
    return ThreadpoolController()


def one_blas_thread():
    """A context in which numpy's BLAS uses one thread. A product of a matrix by one
    vector reads memory more than it computes: on two cores shared by two server
    processes, two BLAS threads make it three times slower (20,000 vectors: 5.6 ms with
    one, 16.8 ms with two, machine busy)."""
    controller = blas_controller()
    if controller is None:  # pragma: no cover
        return contextlib.nullcontext()
    return controller.limit(limits=1, user_api="blas")


class MeaningIndex:
    """Stored vectors in memory (one unit row per fact-check), searched by exact cosine
    top-k, optionally over some of the rows only (``mask``). ``upsert`` adds or replaces
    rows in place: the matrix keeps spare room, so that adding a few vectors to 200,000
    does not copy them all."""

    def __init__(self, ids: Sequence[Hashable], texts: Sequence[tuple[str, str]], vectors):
        self.ids = list(ids)
        self.texts = list(texts)  # (text, language) of each row
        self.rows = {key: row for row, key in enumerate(self.ids)}
        self.buffer = np.ascontiguousarray(vectors, dtype=np.float32)
        self.size = self.buffer.shape[0]

    @property
    def vectors(self) -> np.ndarray:
        return self.buffer[: self.size]

    def upsert(
        self, ids: Sequence[Hashable], texts: Sequence[tuple[str, str]], vectors: np.ndarray
    ) -> list[int]:
        """Give each id its text and vector (a new row at the end, or its own row
        replaced); the rows, in order."""
        changed = []
        for key, text, vector in zip(ids, texts, vectors, strict=True):
            row = self.rows.get(key)
            if row is None:
                if self.size == self.buffer.shape[0]:
                    grown = np.zeros(
                        (max(16, self.size * 5 // 4), vectors.shape[1]), dtype=np.float32
                    )
                    grown[: self.size] = self.buffer[: self.size]
                    self.buffer = grown
                row = self.size
                self.size += 1
                self.rows[key] = row
                self.ids.append(key)
                self.texts.append(text)
            else:
                self.texts[row] = text
            self.buffer[row] = vector
            changed.append(row)
        return changed

    def search(self, vector: np.ndarray, k: int, mask: np.ndarray | None = None) -> list[int]:
        if self.size == 0:
            return []
        with one_blas_thread():
            scores = self.vectors @ vector
        if mask is not None:
            scores = np.where(mask, scores, np.float32(-np.inf))
            k = min(k, int(mask.sum()))
        return [int(row) for row in top_k_scores(scores, k)[0]]


class WordIndex:
    """BM25 over the stems of fact-checks, each stemmed in its own language."""

    def __init__(self, stem_lists: Sequence[Sequence[str]], *, k1: float = 1.2, b: float = 0.75):
        self.size = len(stem_lists)
        self.bm25 = bm25s.BM25(k1=k1, b=b)
        # bm25s refuses an empty corpus and documents with no token are given one
        # that no query contains, so that row numbers stay the fact-checks' positions.
        self.bm25.index(
            [list(stems) or ["\x00"] for stems in stem_lists] or [["\x00"]], show_progress=False
        )

    def search(self, query: Sequence[str], k: int) -> list[tuple[int, float]]:
        """Row numbers and BM25 scores of the best ``k`` rows that share a stem with the query."""
        if not self.size or not query:
            return []
        scores = np.asarray(self.bm25.get_scores(list(query)), dtype=np.float32)[: self.size]
        rows, values = top_k_scores(scores, k)
        return [
            (int(row), float(value)) for row, value in zip(rows, values, strict=True) if value > 0
        ]


def top_k_scores(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` best of ``scores``: (indices, scores), best first, ties to the lower index.

    One ``argpartition`` over all scores (linear), then a sort of the ``k`` kept.
    """
    count = scores.shape[0]
    k = min(k, count)
    if k <= 0:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.float32)
    kept = np.argpartition(-scores, k - 1)[:k] if k < count else np.arange(count)
    order = np.lexsort((kept, -scores[kept]))
    best = kept[order]
    return best, scores[best]


@dataclass
class Settings:
    """The knobs of the fusion, tuned on the evaluation set's tuning half
    (``python -m annotations.matching.evaluate --tune``).

    The tuning gives the meaning ranking the lead and the words a tenth of its weight, a
    tie-breaker: on that set, words alone confuse claims of one kind that differ by
    country or year, which the model tells apart. With a small ``rrf_k`` the first ranks
    count much more than the next ones.
    """

    rrf_k: int = 5
    word_weight: float = 0.1
    meaning_weight: float = 1.0
    candidates: int = CANDIDATES
    # A candidate stating other figures, or the opposite, has its score multiplied by
    # this once per difference (0 would hide it; 1 ignores the checks).
    penalty: float = 0.25
    use_words: bool = True
    use_meaning: bool = True


@dataclass
class MatchIndex:
    """Fact-checks in memory, searchable by words and (with a model) by meaning.

    The database version keeps the same steps: words from its full-text search, meaning
    from the stored vectors, then ``fuse``.
    """

    fact_checks: list[FactCheck]
    embedder: Embedder | None = None
    vectors: np.ndarray | None = None
    settings: Settings = field(default_factory=Settings)

    def __post_init__(self):
        self.analysed = [Analysed.of(fc.text, fc.language) for fc in self.fact_checks]
        self.words = WordIndex([[term.stem for term in a.terms] for a in self.analysed])
        if self.embedder is not None and self.vectors is None:
            self.vectors = self.embedder.embed([fc.text for fc in self.fact_checks])

    def search(self, text: str, language: str, limit: int = 5) -> list[Match]:
        claim_text.check_language(language)
        settings = self.settings
        word_rows: list[int] = []
        if settings.use_words:
            word_rows = [
                row
                for row, _ in self.words.search(claim_text.query_stems(text), settings.candidates)
            ]
        meaning_rows: list[int] = []
        if settings.use_meaning and self.embedder is not None and self.vectors is not None:
            vector = self.embedder.embed([text])[0]
            meaning_rows = [int(row) for row in top_k(self.vectors, vector, settings.candidates)[0]]
        return fuse(
            Analysed.of(text, language),
            word_rows,
            meaning_rows,
            self.analysed,
            [fc.id for fc in self.fact_checks],
            settings,
            limit,
        )


def fuse(
    claim: Analysed,
    word_rows: Sequence[int],
    meaning_rows: Sequence[int],
    candidates: Sequence[Analysed],
    ids: Sequence[Hashable],
    settings: Settings,
    limit: int,
) -> list[Match]:
    """Fuse two rankings of candidate rows, apply the claim checks, keep ``limit``."""
    word_rank = {row: rank for rank, row in enumerate(word_rows, start=1)}
    meaning_rank = {row: rank for rank, row in enumerate(meaning_rows, start=1)}
    fused = rrf(
        word_rows,
        meaning_rows,
        k=settings.rrf_k,
        weights=[settings.word_weight, settings.meaning_weight],
    )
    claim_stems = {term.stem for term in claim.terms}
    query_stems = claim_stems | {
        claim_text.stem(term.word.casefold(), language)
        for term in claim.terms
        for language in claim_text.LANGUAGES
    }
    scored = []
    for row, score in fused:
        candidate = candidates[row]
        other_figures = claim_text.figures_conflict(claim.figures, candidate.figures)
        opposite = claim.negated != candidate.negated
        score *= settings.penalty ** (other_figures + opposite)
        scored.append((row, score, other_figures, opposite))
    scored.sort(key=lambda item: -item[1])
    matches = []
    for row, score, other_figures, opposite in scored[:limit]:
        shared = shared_terms(query_stems, candidates[row].terms)
        by_words = row in word_rank and (
            row not in meaning_rank or word_rank[row] <= meaning_rank[row]
        )
        matches.append(
            Match(
                id=ids[row],
                score=score,
                reason=Reason.WORDS if by_words and shared else Reason.MEANING,
                shared_stems=tuple(term.stem for term in shared),
                shared_words=tuple(term.word for term in shared),
                word_rank=word_rank.get(row),
                meaning_rank=meaning_rank.get(row),
                other_figures=other_figures,
                opposite_polarity=opposite,
            )
        )
    return matches


def fuse_ids(
    claim: Analysed,
    word_ids: Sequence[Hashable],
    meaning_ids: Sequence[Hashable],
    candidates: Mapping[Hashable, Analysed],
    settings: Settings,
    limit: int,
) -> list[Match]:
    """``fuse`` for two rankings of fact-check ids (from the database's words and the
    stored vectors), with each candidate's ``Analysed`` by id."""
    ids = list(dict.fromkeys([*word_ids, *meaning_ids]))
    row = {key: number for number, key in enumerate(ids)}
    return fuse(
        claim,
        [row[key] for key in word_ids],
        [row[key] for key in meaning_ids],
        [candidates[key] for key in ids],
        ids,
        settings,
        limit,
    )


def shared_terms(query_stems: set[str], terms: Iterable[claim_text.Term]) -> list[claim_text.Term]:
    """The candidate's terms whose stem the claim has, once each, in the candidate's order."""
    seen: set[str] = set()
    shared = []
    for term in terms:
        if term.stem in query_stems and term.stem not in seen:
            seen.add(term.stem)
            shared.append(term)
    return shared
