"""Measure claim matching on the evaluation set: MAP@5 and recall@5, by signal and by half.

Run ``python -m annotations.matching.evaluate`` (``--help`` for the options). It reads the
fact-checks and queries of ``tests/data/matching/`` (made by its ``generate.py``), ranks
every query by words only, by meaning only and fused, and prints the figures overall,
for cross-language queries, per kind of query and per half (``tune``, ``heldout``).
``--tune`` searches the fusion's settings on the tuning half only and reports both halves
with what it chose.

This is the engine alone, in memory: its words are BM25 (``search.WordIndex``), with no
database. The app's words come from the database's full-text search; ``manage.py
evaluate_matching`` measures that path on the same set (``services.evaluation``).
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from annotations.matching import embedding
from annotations.matching import text as claim_text
from annotations.matching.search import (
    TWO_PASS_FROM,
    Analysed,
    FactCheck,
    MatchIndex,
    MeaningIndex,
    Settings,
    fuse,
    top_k,
)

DATA = Path(__file__).resolve().parents[2] / "tests" / "data" / "matching"
CUTOFF = 5
# The settings the tuning half chose (``--tune``), which are ``Settings``' defaults; the
# held-out half never took part.
TUNED = Settings()
TARGETS = {"fused MAP@5": 0.90, "cross-language recall@5": 0.85}


@dataclass(frozen=True)
class Query:
    id: str
    text: str
    language: str
    kind: str
    cross_language: bool
    split: str
    relevant: frozenset[str]
    distractors: frozenset[str]


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load(data: Path = DATA) -> tuple[list[FactCheck], list[Query]]:
    fact_checks = [
        FactCheck(record["id"], record["text"], record["language"])
        for record in read_jsonl(data / "factchecks.jsonl")
    ]
    queries = [
        Query(
            record["id"],
            record["text"],
            record["language"],
            record["kind"],
            record["cross_language"],
            record["split"],
            frozenset(record["relevant"]),
            frozenset(record["distractors"]),
        )
        for record in read_jsonl(data / "queries.jsonl")
    ]
    return fact_checks, queries


def average_precision(
    ranked: Sequence[str], relevant: frozenset[str], cutoff: int = CUTOFF
) -> float:
    """AP@cutoff: the mean of precision at each relevant rank, over min(|relevant|, cutoff)."""
    hits, total = 0, 0.0
    for rank, item in enumerate(ranked[:cutoff], start=1):
        if item in relevant:
            hits += 1
            total += hits / rank
    return total / min(len(relevant), cutoff) if relevant else 0.0


def recall(ranked: Sequence[str], relevant: frozenset[str], cutoff: int = CUTOFF) -> float:
    return len(relevant.intersection(ranked[:cutoff])) / len(relevant) if relevant else 0.0


def distractor_below(ranked: Sequence[str], query: Query) -> bool:
    """The best relevant fact-check ranks above every twin (a twin not ranked is below)."""
    positions = {item: index for index, item in enumerate(ranked)}
    best = min((positions[item] for item in query.relevant if item in positions), default=None)
    if best is None:
        return False
    return all(positions.get(item, len(ranked)) > best for item in query.distractors)


@dataclass
class Prepared:
    """Each query's word and meaning rankings (candidate rows), computed once."""

    queries: list[Query]
    analysed_queries: list[Analysed]
    word_rows: list[list[int]]
    meaning_rows: list[list[int]]
    index: MatchIndex


def prepare(
    fact_checks: list[FactCheck],
    queries: list[Query],
    embedder: embedding.Embedder | None,
    *,
    vectors: np.ndarray | None = None,
    candidates: int = 50,
    two_pass: bool = False,
) -> Prepared:
    """Each query's rankings. The meaning's comes from the app's ``MeaningIndex``: exact
    below its threshold, as for this set; ``two_pass`` forces its two passes."""
    if embedder is not None and vectors is None:
        # Searched as production searches them: stored as bytes, read back.
        embedded = embedder.embed([fc.text for fc in fact_checks])
        vectors = embedding.matrix_from_bytes(
            [embedding.to_bytes(row) for row in embedded], embedded.shape[1]
        )
    index = MatchIndex(
        fact_checks, embedder, vectors=vectors, settings=Settings(candidates=candidates)
    )
    word_rows = [
        [row for row, _ in index.words.search(claim_text.query_stems(query.text), candidates)]
        for query in queries
    ]
    meaning_rows: list[list[int]] = [[] for _ in queries]
    if embedder is not None and index.vectors is not None:
        query_vectors = embedder.embed([query.text for query in queries])
        meaning = MeaningIndex(
            [fc.id for fc in fact_checks],
            [(fc.text, fc.language) for fc in fact_checks],
            index.vectors,
            two_pass_from=0 if two_pass else TWO_PASS_FROM,
        )
        meaning_rows = [meaning.search(vector, candidates) for vector in query_vectors]
    analysed = [Analysed.of(query.text, query.language) for query in queries]
    return Prepared(queries, analysed, word_rows, meaning_rows, index)


def rankings(
    prepared: Prepared, settings: Settings, numbers: Iterable[int], limit: int = 50
) -> list[list[str]]:
    """The fused ranking of each query numbered in ``numbers`` (its position in the set)."""
    ids = [fc.id for fc in prepared.index.fact_checks]
    result = []
    for number in numbers:
        words = prepared.word_rows[number] if settings.use_words else []
        meaning = prepared.meaning_rows[number] if settings.use_meaning else []
        matches = fuse(
            prepared.analysed_queries[number],
            words,
            meaning,
            prepared.index.analysed,
            ids,
            settings,
            limit,
        )
        result.append([match.id for match in matches])
    return result


@dataclass(frozen=True)
class Figures:
    count: int
    map5: float
    recall5: float
    twins_below: float | None

    def row(self) -> str:
        twins = "" if self.twins_below is None else f"{self.twins_below:6.3f}"
        return f"{self.count:4d}  {self.map5:6.3f}  {self.recall5:6.3f}  {twins:>6}"


def figures(pairs: Iterable[tuple[Query, list[str]]]) -> Figures:
    pairs = list(pairs)
    if not pairs:
        return Figures(0, 0.0, 0.0, None)
    twins = [distractor_below(ranked, query) for query, ranked in pairs if query.distractors]
    return Figures(
        len(pairs),
        float(np.mean([average_precision(ranked, query.relevant) for query, ranked in pairs])),
        float(np.mean([recall(ranked, query.relevant) for query, ranked in pairs])),
        float(np.mean(twins)) if twins else None,
    )


GROUPS: dict[str, Callable[[Query], bool]] = {
    "all": lambda query: True,
    "cross-language": lambda query: query.cross_language,
    "same language": lambda query: not query.cross_language,
    "paraphrase": lambda query: query.kind == "paraphrase",
    "translation": lambda query: query.kind == "translation",
    "number": lambda query: query.kind == "number",
    "negation": lambda query: query.kind == "negation",
}


def measure(
    prepared: Prepared, settings: Settings, split: str | None = None, limit: int = 50
) -> dict[str, Figures]:
    """The figures of each group of queries (of one half, or both), ranked ``limit`` deep
    (deeper than 5 to see where the twins of a claim fall)."""
    numbers = [
        n for n, query in enumerate(prepared.queries) if split is None or query.split == split
    ]
    ranked = rankings(prepared, settings, numbers, limit)
    pairs = [(prepared.queries[n], ranking) for n, ranking in zip(numbers, ranked, strict=True)]
    return {name: figures((q, r) for q, r in pairs if keep(q)) for name, keep in GROUPS.items()}


def signals(settings: Settings, with_meaning: bool) -> dict[str, Settings]:
    """The configurations reported: each signal alone, fused, with and without the checks."""
    configurations = {
        "words": replace(settings, use_meaning=False, penalty=1.0),
        "words + checks": replace(settings, use_meaning=False),
    }
    if with_meaning:
        configurations |= {
            "meaning": replace(settings, use_words=False, penalty=1.0),
            "meaning + checks": replace(settings, use_words=False),
            "fused": replace(settings, penalty=1.0),
            "fused + checks": settings,
        }
    return configurations


def tune(prepared: Prepared, base: Settings = TUNED) -> tuple[Settings, float]:
    """The settings with the best MAP@5 on the tuning half (fused, with the checks)."""
    best, best_score = base, -1.0
    grid = itertools.product(
        (5, 10, 30, 60, 100), (0.1, 0.25, 0.5, 0.75, 1.0, 1.5), (0.0, 0.1, 0.25, 0.5, 0.75, 1.0)
    )
    for rrf_k, word_weight, penalty in grid:
        settings = replace(
            base, rrf_k=rrf_k, word_weight=word_weight, meaning_weight=1.0, penalty=penalty
        )
        score = measure(prepared, settings, "tune", limit=CUTOFF)["all"].map5
        if score > best_score + 1e-9:
            best, best_score = settings, score
    return best, best_score


def report(prepared: Prepared, settings: Settings, out=None) -> dict:
    out = out or sys.stdout
    with_meaning = prepared.index.embedder is not None
    results = {}
    header = ("configuration", "half", "group", "n", "MAP@5", "R@5", "twins below")
    print("{:18} {:8} {:15} {:>4}  {:>6}  {:>6}  {:>6}".format(*header), file=out)
    for name, configuration in signals(settings, with_meaning).items():
        for split in (None, "tune", "heldout"):
            measured = measure(prepared, configuration, split)
            results[(name, split or "both")] = measured
            for group in (
                "all",
                "cross-language",
                "paraphrase",
                "translation",
                "number",
                "negation",
            ):
                print(f"{name:18} {split or 'both':8} {group:15} {measured[group].row()}", file=out)
        print(file=out)
    return results


def quantization(prepared: Prepared, settings: Settings) -> dict[str, Figures]:
    """Meaning-only and fused figures with vectors as float32, float16 and int8 bytes."""
    embedder = prepared.index.embedder
    if embedder is None:
        return {}
    vectors = embedder.embed([fc.text for fc in prepared.index.fact_checks])
    stored = {
        "float32": vectors,
        "float16": embedding.normalize_rows(vectors.astype(np.float16).astype(np.float32)),
        "int8": np.stack([embedding.from_bytes(embedding.to_bytes(row)) for row in vectors]),
    }
    results = {}
    query_vectors = embedder.embed([query.text for query in prepared.queries])
    for name, matrix in stored.items():
        prepared.meaning_rows = [
            [int(row) for row in top_k(matrix, vector, 50)[0]] for vector in query_vectors
        ]
        results[f"meaning {name}"] = measure(
            prepared, replace(settings, use_words=False, penalty=1.0)
        )["all"]
        results[f"fused + checks {name}"] = measure(prepared, settings)["all"]
    prepared.meaning_rows = [
        [int(row) for row in top_k(stored["int8"], vector, 50)[0]] for vector in query_vectors
    ]
    return results


def two_pass_figures(prepared: Prepared, embedder: embedding.Embedder) -> str:
    """How much of the exact meaning top 50 the two passes keep, and the first pass alone
    within its best 100, 200 and 400 (of this set's real vectors)."""
    vectors = prepared.index.vectors
    index = MeaningIndex(range(len(vectors)), [("", "")] * len(vectors), vectors, two_pass_from=0)
    query_vectors = embedder.embed([query.text for query in prepared.queries])
    exact = [set(top_k(vectors, vector, 50)[0].tolist()) for vector in query_vectors]
    kept = {
        "two passes": [set(index.search(vector, 50)) for vector in query_vectors],
        **{
            f"first pass's best {count}": [
                set(index.first_pass_rows(vector, count).tolist()) for vector in query_vectors
            ]
            for count in (100, 200, 400)
        },
    }
    variance = index.projection.retained if index.projection is not None else 1.0
    lines = [
        f"meaning in two passes (codes of {index.code_dimensions} dimensions, "
        f"{variance:.1%} of the variance): share of the exact top 50 kept"
    ]
    for name, found in kept.items():
        share = np.mean([len(a & b) / len(b) for a, b in zip(found, exact, strict=True)])
        lines.append(f"  {name:24} {share:.4f}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", type=Path, default=DATA, help="folder of factchecks.jsonl and queries.jsonl"
    )
    parser.add_argument("--words-only", action="store_true", help="leave the model out")
    parser.add_argument(
        "--tune", action="store_true", help="search the settings on the tuning half"
    )
    parser.add_argument(
        "--quantization", action="store_true", help="compare float32, float16 and int8 vectors"
    )
    parser.add_argument(
        "--two-pass",
        action="store_true",
        help=f"search the meaning in two passes, as from {TWO_PASS_FROM:,} fact-checks",
    )
    arguments = parser.parse_args(argv)
    fact_checks, queries = load(arguments.data)
    embedder = None if arguments.words_only else embedding.load_embedder()
    if embedder is None and not arguments.words_only:
        print("the model's package is not installed: words only", file=sys.stderr)
    started = time.perf_counter()
    prepared = prepare(fact_checks, queries, embedder, two_pass=arguments.two_pass)
    elapsed = time.perf_counter() - started
    model = embedder.model_id if embedder else "none"
    print(
        f"{len(fact_checks)} fact-checks, {len(queries)} queries, model {model} "
        f"(prepared in {elapsed:.1f} s)\n"
    )
    settings = TUNED
    if arguments.tune and embedder is not None:
        settings, score = tune(prepared)
        print(f"tuned on the tuning half (MAP@5 {score:.3f}): {settings}\n")
    if arguments.two_pass and embedder is not None:
        print(two_pass_figures(prepared, embedder), end="\n\n")
    report(prepared, settings)
    if arguments.quantization:
        for name, measured in quantization(prepared, settings).items():
            print(f"{name:24} {measured.row()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
