"""Finding the fact-checks that say the same thing as a claim: words, meaning, and their fusion.

- Meaning: cosine top-k over the unit vectors (``MeaningIndex``): exact below 20,000 (one
  matrix product and one ``argpartition``); from there on, two passes, int8 codes of a PCA
  projection to pick candidates, then the exact scores of those (a quarter of the memory,
  the exact search's first ranks: bench/meaning.py).
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


# --- Meaning at scale ----------------------------------------------------------------------
#
# Hand-written, in numpy: the approximate-nearest-neighbour libraries with wheels for this
# machine are native graph indexes (usearch, voyager: HNSW; faiss-cpu is a much bigger
# native dependency, hnswlib and annoy ship sources to compile, pynndescent brings numba
# and llvmlite) and pgvector is not available. A graph index keeps the float vectors plus
# its graph (more memory than the exact search, not less), answers a filter (``mask``:
# our claims only) through a per-row callback or not at all, and is approximate on the
# first ranks too. The two passes below are a hundred lines of numpy, keep under a third
# of the memory, honour any mask and give the exact search's first ranks back (measured
# by bench/meaning.py).

#: From this many vectors on, the meaning search has two passes; below, it is exact (a
#: small team's index keeps float32 rows and the exact search, as before).
TWO_PASS_FROM = 20_000
#: The dimensions of the first pass's codes (a PCA projection of the vectors). Measured at
#: 200,000 vectors (bench/meaning.py, top-50 kept of the exact search): 64 dimensions
#: 0.996, 96 dimensions 0.9997, 128 dimensions 1.0, for 2, 2.9 and 3.9 ms of first pass.
CODE_DIMENSIONS = 96
#: The first pass keeps this many candidates (or ``FIRST_PASS_PER_RESULT`` per result
#: asked, if more) for the exact second pass. Measured on real vectors (the evaluation
#: set among 200,700 stored ones, ``bench.meaning --evaluation``): with the lists, 1,000
#: candidates find as many answers in the first five as 2,000 (recall@5 0.902 either
#: way) in four fifths of the time (2.7 ms against 3.4 ms p50, machine busy).
FIRST_PASS = 1_000
FIRST_PASS_PER_RESULT = 8
#: A projection that keeps less of the vectors' variance than this would lose true
#: matches (vectors with no main directions, unlike a sentence model's): the index then
#: stays as below the threshold, float32 rows searched exactly, until it is built anew.
VARIANCE_KEPT_AT_LEAST = 0.6
#: The projection is fitted on at most this many rows, evenly spaced (deterministic).
PCA_SAMPLE = 20_000
#: Rows coded or stored at a time when the index is built (a slice, not a float32 copy of
#: every row at once).
CHUNK_ROWS = 16_384
#: Rows cast from int8 to float32 at a time for a product with the query (numpy has no
#: int8 × float32 product): a buffer that stays in one core's cache (2,048 codes of 96
#: dimensions: 768 kB). One float32 copy of every row read was 16 ms instead of 4.6 ms at
#: 200,000 codes of 128 dimensions. A copy of the codes read and a buffer of 16,384 rows
#: (6 MB) pushed the model's weights out of the shared cache, and the next sentence's
#: embedding paid for it: at 200,700 vectors, a query's embedding then search took 8.7 to
#: 10.6 ms of CPU that way, 7.9 to 8.6 ms this way (the two alternated, machine idle).
PRODUCT_ROWS = 2_048
#: From this many rows on, the first pass reads only the codes of the rows in the lists
#: nearest the query (see ``CoarseLists``): reading every code is memory-bound and grows
#: with the index (200,000 codes: 5 to 7 ms on this machine's cores, ten times the rest of
#: the search).
LISTS_FROM = 50_000
#: Rows per list on average (the number of lists: the rows over this, when built).
ROWS_PER_LIST = 256
#: The first pass reads at least this share of the rows (the nearest lists first), and at
#: least ``LIST_READ_PER_KEPT`` rows per candidate it keeps.
LIST_READ_SHARE = 1 / 8
LIST_READ_PER_KEPT = 2
#: The lists' centres: k-means on at most this many rows per list (evenly spaced), for
#: ``KMEANS_ROUNDS`` rounds.
KMEANS_SAMPLE_PER_LIST = 32
KMEANS_ROUNDS = 8


@dataclass(frozen=True)
class Projection:
    """A PCA projection of unit vectors to ``CODE_DIMENSIONS`` dimensions, with int8
    codes (one scale per dimension). ``q · x`` is ``q · mean`` (the same for every row)
    plus ``q · (x - mean)``, whose largest part is ``(basisᵀ q) · (basisᵀ (x - mean))``:
    the first pass ranks by that."""

    mean: np.ndarray  # (dimension,)
    basis: np.ndarray  # (dimension, code dimensions), orthonormal columns
    scale: np.ndarray  # (code dimensions,): code units per projected unit
    retained: float  # the share of the sample's variance that the projection keeps

    @classmethod
    def fit(cls, vectors: np.ndarray, dimensions: int = CODE_DIMENSIONS) -> Projection:
        """Fitted on evenly spaced rows (at most ``PCA_SAMPLE``), with numpy (the
        covariance's eigenvectors): the same vectors give the same projection."""
        sample = vectors[
            np.linspace(0, len(vectors) - 1, min(len(vectors), PCA_SAMPLE)).astype(np.intp)
        ].astype(np.float32)
        mean = sample.mean(axis=0)
        centred = sample - mean
        # The covariance's eigenvectors (the SVD's right singular vectors, from a
        # dimension × dimension matrix: a tenth of the time of the SVD of the sample).
        variance, axes = np.linalg.eigh((centred.T @ centred).astype(np.float64))
        order = np.argsort(-variance, kind="stable")
        variance, axes = np.maximum(variance[order], 0.0), axes[:, order]
        dimensions = min(dimensions, axes.shape[1])
        # An eigenvector's sign is LAPACK's choice: fix it (largest coordinate positive).
        basis = axes[:, :dimensions].astype(np.float32)
        signs = np.sign(basis[np.abs(basis).argmax(axis=0), np.arange(dimensions)])
        basis *= np.where(signs == 0, 1, signs).astype(np.float32)
        total = float(variance.sum())
        retained = float(variance[:dimensions].sum() / total) if total else 1.0
        largest = np.abs(centred @ basis).max(axis=0)
        # Room for rows added later (projected with this fit), then clipped.
        scale = np.float32(127.0) / np.maximum(largest * np.float32(1.25), np.float32(1e-6))
        return cls(mean.astype(np.float32), basis.astype(np.float32), scale, retained)

    def codes(self, vectors: np.ndarray) -> np.ndarray:
        projected = (np.asarray(vectors, dtype=np.float32) - self.mean) @ self.basis
        return np.clip(np.rint(projected * self.scale), -127, 127).astype(np.int8)

    def query(self, vector: np.ndarray) -> np.ndarray:
        """The vector to multiply the codes by (float32, code dimensions)."""
        return (self.basis.T @ np.asarray(vector, dtype=np.float32)) / self.scale


def as_stored(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unit rows as int8 (largest component ±127, as ``embedding.to_bytes`` stores them)
    and one float32 factor a row (``int8 × factor`` is the unit row). For rows read back
    from storage, this gives the stored bytes again: nothing is lost; for others, the
    storage's own rounding."""
    vectors = np.asarray(vectors, dtype=np.float32)
    largest = np.abs(vectors).max(axis=1, keepdims=True) if len(vectors) else vectors[:, :1]
    scaled = np.rint(vectors * (np.float32(127.0) / np.maximum(largest, np.float32(1e-12))))
    stored = scaled.astype(np.int8)
    norms = np.linalg.norm(scaled, axis=1)
    factors = np.where(norms > 0, 1.0 / np.maximum(norms, 1e-12), 0.0).astype(np.float32)
    return stored, factors


def int8_products(codes: np.ndarray, vector: np.ndarray) -> np.ndarray:
    """``codes @ vector`` for int8 codes and a float32 vector."""
    return slices_products(codes, [slice(0, codes.shape[0])], vector)


def slices_products(codes: np.ndarray, parts: Sequence[slice], vector: np.ndarray) -> np.ndarray:
    """``codes[part] @ vector`` for each slice of rows, one after the other: the codes
    cast to float32 ``PRODUCT_ROWS`` at a time in one small buffer (neither a copy of the
    rows read nor a float32 copy of them all)."""
    total = sum(part.stop - part.start for part in parts)
    products = np.empty(total, dtype=np.float32)
    buffer = np.empty((max(1, min(PRODUCT_ROWS, total)), codes.shape[1]), dtype=np.float32)
    filled = done = 0
    for part in parts:
        start = part.start
        while start < part.stop:
            take = min(part.stop - start, buffer.shape[0] - filled)
            np.copyto(buffer[filled : filled + take], codes[start : start + take], casting="unsafe")
            filled += take
            start += take
            if filled == buffer.shape[0]:
                np.matmul(buffer, vector, out=products[done : done + filled])
                done, filled = done + filled, 0
    if filled:
        np.matmul(buffer[:filled], vector, out=products[done : done + filled])
    return products


class CoarseLists:
    """The rows of a two-pass index grouped around centres (an inverted file, as faiss's
    IVF indexes are), so that the first pass reads the codes of the lists nearest the
    query instead of every code.

    Hand-written for the same reasons as the two passes (see above): a few dozen lines of
    numpy over the codes the index already keeps. The centres are fitted by k-means
    (``KMEANS_ROUNDS`` rounds, from evenly spaced rows: deterministic) in the projection's
    space; a row belongs to its nearest centre; a query reads the lists whose centres
    score best against it (inner product, the search's own measure) until it has read
    ``LIST_READ_SHARE`` of the rows. Rows added or changed later are put in the list of
    their nearest centre (the centres stay until the index is built anew).
    """

    def __init__(self, centres: np.ndarray, assigned: np.ndarray):
        self.centres = centres  # (lists, code dimensions), in projected units
        self.norms = (centres * centres).sum(axis=1)
        self.assigned = assigned  # the list of each row (int16), with spare room
        self.grouped: tuple[np.ndarray, np.ndarray] | None = None

    @classmethod
    def fit(cls, codes: np.ndarray, scale: np.ndarray, capacity: int) -> CoarseLists:
        """Fitted on ``codes`` (every row's, int8), read in projected units
        (``code / scale``) a slice at a time."""
        count = codes.shape[0]
        lists = int(min(max(16, count // ROWS_PER_LIST), np.iinfo(np.int16).max))
        sample = cls.points(
            codes[
                np.linspace(0, count - 1, min(count, lists * KMEANS_SAMPLE_PER_LIST)).astype(
                    np.intp
                )
            ],
            scale,
        )
        centres = sample[np.linspace(0, len(sample) - 1, lists).astype(np.intp)].copy()
        for _ in range(KMEANS_ROUNDS):
            nearest = cls.nearest(centres, sample)
            sums = np.zeros_like(centres)
            np.add.at(sums, nearest, sample)
            sizes = np.bincount(nearest, minlength=lists)
            filled = sizes > 0  # an empty list keeps its centre
            centres[filled] = sums[filled] / sizes[filled, None]
        lists = cls(centres, np.zeros(capacity, dtype=np.int16))
        for start in range(0, count, CHUNK_ROWS):
            part = codes[start : start + CHUNK_ROWS]
            lists.assigned[start : start + part.shape[0]] = cls.nearest(
                centres, cls.points(part, scale)
            )
        return lists

    @staticmethod
    def points(codes: np.ndarray, scale: np.ndarray) -> np.ndarray:
        return codes.astype(np.float32) / scale

    @staticmethod
    def nearest(centres: np.ndarray, points: np.ndarray) -> np.ndarray:
        """The nearest centre of each point (squared distance, less the point's norm)."""
        distances = (centres * centres).sum(axis=1) - 2 * (points @ centres.T)
        return distances.argmin(axis=1).astype(np.int16)

    def nearness(self, point: np.ndarray) -> np.ndarray:
        """Each centre's squared distance to ``point``, less the point's own norm."""
        return self.norms - 2 * (self.centres @ point)

    def place(self, rows: np.ndarray, codes: np.ndarray, scale: np.ndarray) -> None:
        """Put ``rows`` (their new ``codes``) in the lists of their nearest centres."""
        self.assigned[rows] = self.nearest(self.centres, self.points(codes, scale))
        self.grouped = None

    def grow(self, capacity: int, size: int) -> None:
        grown = np.zeros(capacity, dtype=np.int16)
        grown[:size] = self.assigned[:size]
        self.assigned = grown

    def groups(self, size: int, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The rows sorted by list (a stable radix sort of the int16 lists: row order
        within a list), each list's first position in them, and the rows' codes in that
        order (a list's codes are then one slice, not a gather of scattered rows). Made
        again after a change."""
        grouped = self.grouped
        if grouped is None or grouped[0].shape[0] != size:
            order = np.argsort(self.assigned[:size], kind="stable")
            starts = np.zeros(len(self.centres) + 1, dtype=np.intp)
            np.cumsum(
                np.bincount(self.assigned[:size], minlength=len(self.centres)), out=starts[1:]
            )
            grouped = self.grouped = (order, starts, codes[:size][order])
        return grouped

    def first_pass(
        self,
        projected_query: np.ndarray,
        query: np.ndarray,
        codes: np.ndarray,
        size: int,
        kept: int,
        mask: np.ndarray | None,
        share: float = LIST_READ_SHARE,
    ) -> np.ndarray | None:
        """The first pass over the lists nearest the query (``projected_query``): their
        rows (among those ``mask`` marks), enough to read ``share`` of the rows and
        ``LIST_READ_PER_KEPT`` × ``kept``, scored by their codes against ``query``; the
        ``kept`` best, in row order. None when that would be nearly every row (then
        read them all)."""
        order, starts, grouped_codes = self.groups(size, codes)
        if mask is None:
            sizes = np.diff(starts)
            available = size
        else:
            sizes = np.bincount(self.assigned[:size][mask], minlength=len(self.centres))
            available = int(sizes.sum())
        needed = max(int(available * share), LIST_READ_PER_KEPT * kept)
        if needed >= available // 2:
            return None
        nearest = np.argsort(self.nearness(projected_query), kind="stable")
        groups = nearest[: int(np.searchsorted(np.cumsum(sizes[nearest]), needed)) + 1]
        # Each list read is one slice of the grouped codes; a score's row is found from
        # its slice (no array of every row read is made).
        firsts, stops = starts[groups], starts[groups + 1]
        parts = [slice(*part) for part in zip(firsts.tolist(), stops.tolist(), strict=True)]
        scores = slices_products(grouped_codes, parts, query)
        lengths = stops - firsts
        offsets = np.cumsum(lengths) - lengths  # where each slice's scores begin
        if mask is not None:
            places = np.repeat(firsts - offsets, lengths) + np.arange(len(scores))
            scores[~mask[order[places]]] = -np.inf  # at least 2 × kept marked rows are read
        best = np.argpartition(-scores, kept - 1)[:kept]
        part = np.searchsorted(offsets, best, side="right") - 1
        rows = order[firsts[part] + best - offsets[part]]
        rows.sort()
        return rows


class MeaningIndex:
    """Stored vectors in memory (one unit row per fact-check), searched for the rows most
    similar to a vector (cosine), optionally over some of the rows only (``mask``).
    ``upsert`` adds or replaces rows in place: the arrays keep spare room, so that adding
    a few vectors to 200,000 does not copy them all.

    Below ``two_pass_from`` rows: float32 rows and an exact top-k (one matrix-vector
    product and one ``argpartition``). From there on, the rows are kept as the int8 bytes
    the database stores, with one factor a row (the same unit vectors as float32, in a
    quarter of the memory), and searched in two passes:

    1. every row scored by its int8 code of a PCA projection to ``CODE_DIMENSIONS``
       dimensions (fitted on the vectors themselves, again whenever the index is built
       anew; rows added later are coded with the fit kept); the best ``FIRST_PASS`` (or
       8 × k) kept. From ``lists_from`` rows on, only the rows of the lists nearest the
       query are scored (``CoarseLists``: an eighth of the rows);
    2. those candidates scored exactly with their full rows, and the best ``k`` returned.

    Measured at 200,000 vectors of 512 dimensions (bench/meaning.py): 142 MB instead of
    410 MB, and a tenth of the exact search's time; the evaluation set's queries, among
    200,000 other fact-checks, find as many of their answers in the first five as with
    the exact search.
    """

    def __init__(
        self,
        ids: Sequence[Hashable],
        texts: Sequence[tuple[str, str]],
        vectors,
        *,
        two_pass_from: int = TWO_PASS_FROM,
        code_dimensions: int = CODE_DIMENSIONS,
        first_pass: int = FIRST_PASS,
        lists_from: int = LISTS_FROM,
        list_read_share: float = LIST_READ_SHARE,
    ):
        self.ids = list(ids)
        self.texts = list(texts)  # (text, language) of each row
        self.rows = {key: row for row, key in enumerate(self.ids)}
        self.two_pass_from = two_pass_from
        self.code_dimensions = code_dimensions
        self.first_pass = first_pass
        self.lists_from = lists_from
        self.list_read_share = list_read_share
        # From lists_from rows on (when built, or when switching to two passes): the
        # coarse lists of the first pass.
        self.lists: CoarseLists | None = None
        # Below two_pass_from (or when the projection keeps too little: ``exact_only``):
        # the float32 rows. From there on (``buffer`` None): the rows as int8 and a factor
        # a row, the first pass's codes and the projection that made them.
        self.buffer: np.ndarray | None = np.ascontiguousarray(vectors, dtype=np.float32)
        self.size = self.buffer.shape[0]
        self.dimension = self.buffer.shape[1] if self.buffer.ndim == 2 else 0
        self.stored: np.ndarray | None = None
        self.factors: np.ndarray | None = None
        self.codes: np.ndarray | None = None
        self.projection: Projection | None = None
        self.exact_only = False
        if self.size >= self.two_pass_from:
            self.compact()

    @property
    def two_pass(self) -> bool:
        return self.buffer is None

    @property
    def vectors(self) -> np.ndarray:
        """The unit rows as float32 (a copy once the rows are kept as int8)."""
        if self.buffer is not None:
            return self.buffer[: self.size]
        return self.stored[: self.size].astype(np.float32) * self.factors[: self.size, None]

    @property
    def nbytes(self) -> int:
        """The memory its vectors take (spare room included)."""
        arrays = (self.buffer, self.stored, self.factors, self.codes)
        if self.lists is not None:
            arrays += (self.lists.centres, self.lists.assigned)
            if self.lists.grouped is not None:
                arrays += self.lists.grouped
        return sum(array.nbytes for array in arrays if array is not None)

    def compact(self) -> None:
        """Keep the rows as int8 and as codes (the float32 rows are let go), unless the
        projection keeps too little (``exact_only``). A slice of rows at a time: no
        float32 copy of all."""
        vectors = self.vectors
        with one_blas_thread():
            projection = Projection.fit(vectors, self.code_dimensions)
            if projection.retained < VARIANCE_KEPT_AT_LEAST:
                self.exact_only = True
                return
            count = vectors.shape[0]
            self.stored = np.empty(vectors.shape, dtype=np.int8)
            self.factors = np.empty(count, dtype=np.float32)
            self.codes = np.empty((count, projection.basis.shape[1]), dtype=np.int8)
            for start in range(0, count, CHUNK_ROWS):
                part = vectors[start : start + CHUNK_ROWS]
                rows = slice(start, start + part.shape[0])
                self.stored[rows], self.factors[rows] = as_stored(part)
                self.codes[rows] = projection.codes(part)
            if count >= self.lists_from:
                self.lists = CoarseLists.fit(self.codes, projection.scale, count)
        self.projection = projection
        self.buffer = None

    def grow(self, needed: int) -> None:
        """Room for at least ``needed`` rows (a quarter more, so that the next vectors
        fit without a copy of all)."""
        arrays = ("buffer", "stored", "factors", "codes")
        capacity = next(
            getattr(self, name).shape[0] for name in arrays if getattr(self, name) is not None
        )
        if needed <= capacity:
            return
        capacity = max(16, needed, self.size * 5 // 4)
        for name in arrays:
            array = getattr(self, name)
            if array is not None:
                grown = np.zeros((capacity, *array.shape[1:]), dtype=array.dtype)
                grown[: self.size] = array[: self.size]
                setattr(self, name, grown)
        if self.lists is not None:
            self.lists.grow(capacity, self.size)

    def upsert(
        self, ids: Sequence[Hashable], texts: Sequence[tuple[str, str]], vectors: np.ndarray
    ) -> list[int]:
        """Give each id its text and vector (a new row at the end, or its own row
        replaced); the rows, in order. Once in two passes, new vectors are coded with the
        projection kept (it is fitted again when the index is built anew)."""
        vectors = np.asarray(vectors, dtype=np.float32).reshape(len(vectors), -1)
        if len(ids) != len(vectors):
            raise ValueError("one vector per id")
        if self.size == 0 and len(vectors) and self.buffer is not None:
            self.dimension = vectors.shape[1]
            self.buffer = self.buffer.reshape(-1, self.dimension)
        elif len(vectors) and vectors.shape[1] != self.dimension:
            raise ValueError(f"vectors must have {self.dimension} dimensions")
        changed = []
        added = 0
        for key, text in zip(ids, texts, strict=True):
            row = self.rows.get(key)
            if row is None:
                row = self.size + added
                added += 1
                self.rows[key] = row
                self.ids.append(key)
                self.texts.append(text)
            else:
                self.texts[row] = text
            changed.append(row)
        self.grow(self.size + added)
        self.size += added
        # The last vector given for a row wins (an id given twice).
        rows = np.asarray(changed, dtype=np.intp)
        if self.buffer is not None:
            self.buffer[rows] = vectors
        else:
            self.stored[rows], self.factors[rows] = as_stored(vectors)
            self.codes[rows] = self.projection.codes(vectors)
            if self.lists is not None:
                self.lists.place(rows, self.codes[rows], self.projection.scale)
        if self.buffer is not None and not self.exact_only and self.size >= self.two_pass_from:
            self.compact()
        return changed

    def search(self, vector: np.ndarray, k: int, mask: np.ndarray | None = None) -> list[int]:
        """The rows of the ``k`` best, best first (ties: the lower row first); with
        ``mask`` (a boolean a row), among the rows it marks only."""
        if self.size == 0 or k <= 0:
            return []
        vector = np.asarray(vector, dtype=np.float32)
        if mask is not None:
            mask = np.asarray(mask, dtype=bool)[: self.size]
            k = min(k, int(mask.sum()))
            if k == 0:
                return []
        with one_blas_thread():
            if self.buffer is None:
                return self.two_pass_search(vector, k, mask)
            scores = self.buffer[: self.size] @ vector
        if mask is not None:
            scores = np.where(mask, scores, np.float32(-np.inf))
        return [int(row) for row in top_k_scores(scores, k)[0]]

    def two_pass_search(self, vector: np.ndarray, k: int, mask: np.ndarray | None) -> list[int]:
        kept = max(self.first_pass, FIRST_PASS_PER_RESULT * k)
        candidates = self.first_pass_rows(vector, kept, mask)
        exact = (self.stored[candidates].astype(np.float32) @ vector) * self.factors[candidates]
        return [int(candidates[row]) for row in top_k_scores(exact, k)[0]]

    def first_pass_rows(
        self, vector: np.ndarray, kept: int, mask: np.ndarray | None = None
    ) -> np.ndarray:
        """The ``kept`` rows whose codes score best (among those ``mask`` marks), in row
        order (so that equal exact scores keep the lower row first): of every row, or of
        the rows in the lists nearest the query (``CoarseLists``)."""
        query = self.projection.query(vector)
        if self.lists is not None:
            projected = self.projection.basis.T @ (vector - self.projection.mean)
            candidates = self.lists.first_pass(
                projected, query, self.codes, self.size, kept, mask, self.list_read_share
            )
            if candidates is not None:
                return candidates
        first = int8_products(self.codes[: self.size], query)
        if mask is not None:
            first[~mask] = -np.inf
            kept = min(kept, int(mask.sum()))
        if kept >= self.size:
            return np.arange(self.size)
        candidates = np.argpartition(-first, kept - 1)[:kept]
        candidates.sort()
        return candidates


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
