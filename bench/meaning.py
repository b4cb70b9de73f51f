"""The meaning search at scale: exact against two passes, on synthetic vectors.

Run ``python -m bench.meaning --n 200000`` (``--help`` for the options). Vectors of the
model's dimension (512) are drawn with a spectrum like a sentence model's (variance
``i ** -decay`` along the i-th axis of a random basis, around a common direction) and
stored as the database stores them (int8, read back as unit float32 rows). Half the
queries paraphrase a stored row (cosine about 0.8 with it), half are new draws. For each
search: per-query milliseconds (p50, p95) with one BLAS thread, as the app searches, the
memory of the index's arrays, the build time, and how many of the exact top 50 (and top
5) the two-pass search returns. ``--decay 0`` draws isotropic vectors (no direction
matters more than another: the worst case for a projection).

With ``--decay 1`` (the default) a 128-dimension projection keeps 80 % of the variance;
the model's own vectors of the evaluation set keep 89 %: the default is the harder case.

``--evaluation`` measures on real vectors instead: the evaluation set's fact-checks
(``tests/data/matching``) mixed at random rows among the vectors the benchmark's database
stores (``DATABASE_URL``, after ``make bench``: 200,700 at scale 10), searched with the
evaluation's queries by meaning alone. It reports how many of each query's relevant
fact-checks the first five hold (recall@5) with the exact search, with two passes reading
every code, and with the coarse lists, and the two-pass searches' overlap with the exact
top 5 and top 50.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence

import numpy as np

from annotations.matching import embedding, search

DIMENSION = 512
TOP = 50


def synthetic(count: int, *, dimension: int = DIMENSION, decay: float = 1.0, seed: int = 0):
    """``count`` unit vectors as stored (int8 read back), and their generator's parts (for
    ``new_draws``): the common direction and the axes' standard deviations."""
    generator = np.random.default_rng(seed)
    basis, _ = np.linalg.qr(generator.standard_normal((dimension, dimension)))
    deviations = np.arange(1, dimension + 1, dtype=np.float64) ** (-decay / 2)
    deviations /= np.sqrt((deviations**2).sum())
    axes = (basis * deviations).astype(np.float32)  # column i: axis i, scaled
    common = normalized(generator.standard_normal(dimension)) * np.float32(0.4)
    model = (axes, common)
    return draws(count, model, generator), model


def normalized(vector: np.ndarray) -> np.ndarray:
    vector = np.asarray(vector, dtype=np.float32)
    return vector / np.float32(np.linalg.norm(vector))


def draws(count: int, model, generator) -> np.ndarray:
    axes, common = model
    rows = np.empty((count, axes.shape[0]), dtype=np.float32)
    for start in range(0, count, 20_000):
        part = generator.standard_normal((min(20_000, count - start), axes.shape[0]))
        rows[start : start + part.shape[0]] = part.astype(np.float32) @ axes.T + common
    return stored(rows)


def stored(rows: np.ndarray) -> np.ndarray:
    """Rows as the database keeps them: int8 bytes, read back as unit float32 rows."""
    rows = embedding.normalize_rows(rows)
    raw = np.rint(rows * (127.0 / np.abs(rows).max(axis=1, keepdims=True))).astype(np.int8)
    return embedding.normalize_rows(raw.astype(np.float32))


def queries(vectors: np.ndarray, model, count: int, *, seed: int = 1) -> np.ndarray:
    """Half paraphrases of stored rows (cosine about 0.8), half new draws."""
    generator = np.random.default_rng(seed)
    near = vectors[generator.choice(len(vectors), count - count // 2, replace=False)]
    noise = embedding.normalize_rows(generator.standard_normal(near.shape).astype(np.float32))
    paraphrases = embedding.normalize_rows(near + np.float32(0.75) * noise)
    fresh = draws(count // 2, model, generator)
    return np.concatenate([paraphrases, fresh])


def timed(index: search.MeaningIndex, vectors: np.ndarray, k: int) -> tuple[list, np.ndarray]:
    results, milliseconds = [], []
    index.search(vectors[0], k)  # warm up
    for vector in vectors:
        started = time.perf_counter()
        results.append(index.search(vector, k))
        milliseconds.append((time.perf_counter() - started) * 1000)
    return results, np.asarray(milliseconds)


def overlap(found: Sequence[list[int]], expected: Sequence[list[int]], top: int) -> float:
    shared = [
        len(set(a[:top]) & set(b[:top])) / max(1, len(b[:top]))
        for a, b in zip(found, expected, strict=True)
    ]
    return float(np.mean(shared))


def measure(count: int, *, decay: float, query_count: int, dimensions: int, seed: int = 0) -> dict:
    vectors, model = synthetic(count, decay=decay, seed=seed)
    asked = queries(vectors, model, query_count, seed=seed + 1)
    ids = list(range(count))
    texts = [("", "en")] * count
    figures: dict = {"vectors": count, "decay": decay, "code_dimensions": dimensions}
    rankings = {}
    for name, threshold in (("exact", count + 1), ("two_pass", 0)):
        started = time.perf_counter()
        index = search.MeaningIndex(
            ids, texts, vectors, two_pass_from=threshold, code_dimensions=dimensions
        )
        built = time.perf_counter() - started
        rankings[name], milliseconds = timed(index, asked, TOP)
        figures[name] = {
            "p50_ms": round(float(np.percentile(milliseconds, 50)), 2),
            "p95_ms": round(float(np.percentile(milliseconds, 95)), 2),
            "memory_mb": round(index.nbytes / 1e6, 1),
            "build_s": round(built, 2),
        }
        if name == "two_pass":
            figures[name]["codes"] = index.two_pass
            if index.projection is not None:
                figures[name]["variance_kept"] = round(index.projection.retained, 3)
        del index
    figures["top50_overlap"] = round(overlap(rankings["two_pass"], rankings["exact"], 50), 4)
    figures["top5_overlap"] = round(overlap(rankings["two_pass"], rankings["exact"], 5), 4)
    # Full vectors kept as float16 instead (the other way to halve the memory): how many
    # of the exact top 50 it keeps.
    half = vectors.astype(np.float16).astype(np.float32)
    figures["float16_top50_overlap"] = round(
        overlap(
            [list(search.top_k(half, vector, TOP)[0]) for vector in asked], rankings["exact"], 50
        ),
        4,
    )
    return figures


def evaluation_among_stored(query_limit: int | None = None, variants=()) -> dict:
    """See ``--evaluation`` in the module's docstring (Django set up by the caller)."""
    from annotations import selectors
    from annotations.matching import evaluate

    model = embedding.load_embedder()
    _, _, stored_rows = selectors.stored_vectors(model)
    fact_checks, asked = evaluate.load()
    asked = asked[:query_limit] if query_limit else asked
    embedded = model.embed([fact_check.text for fact_check in fact_checks])
    own = embedding.matrix_from_bytes(
        [embedding.to_bytes(row) for row in embedded], embedded.shape[1]
    )
    order = np.random.default_rng(0).permutation(len(stored_rows) + len(own))
    vectors = np.concatenate([stored_rows, own])[order]
    names = np.array([""] * len(stored_rows) + [fc.id for fc in fact_checks], dtype=object)[order]
    query_vectors = model.embed([query.text for query in asked])
    count = len(vectors)
    ids, texts = list(range(count)), [("", "en")] * count

    def recall_at_5(rankings) -> float:
        return round(
            float(
                np.mean(
                    [
                        evaluate.recall([names[row] for row in ranking[:5]], query.relevant)
                        for query, ranking in zip(asked, rankings, strict=True)
                    ]
                )
            ),
            4,
        )

    figures: dict = {"vectors": count, "queries": len(asked)}
    rankings = {}
    for name, options in (
        ("exact", {"two_pass_from": count + 1}),
        ("two_pass_every_code", {"two_pass_from": 0, "lists_from": count + 1}),
        ("two_pass_lists", {"two_pass_from": 0, "lists_from": 0}),
        *(
            (
                f"two_pass_lists_share_{share}_first_{first}",
                {
                    "two_pass_from": 0,
                    "lists_from": 0,
                    "list_read_share": 1 / share,
                    "first_pass": first,
                },
            )
            for share, first in variants
        ),
    ):
        started = time.perf_counter()
        index = search.MeaningIndex(ids, texts, vectors, **options)
        built = time.perf_counter() - started
        rankings[name], milliseconds = timed(index, query_vectors, TOP)
        figures[name] = {
            "recall_at_5": recall_at_5(rankings[name]),
            "p50_ms": round(float(np.percentile(milliseconds, 50)), 2),
            "p95_ms": round(float(np.percentile(milliseconds, 95)), 2),
            "memory_mb": round(index.nbytes / 1e6, 1),
            "build_s": round(built, 2),
        }
        if name != "exact":
            figures[name]["top5_overlap"] = round(overlap(rankings[name], rankings["exact"], 5), 4)
            figures[name]["top50_overlap"] = round(
                overlap(rankings[name], rankings["exact"], 50), 4
            )
        del index
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", default="20000,200000", help="vectors, comma-separated")
    parser.add_argument("--queries", type=int, default=200, help="queries per size")
    parser.add_argument("--decay", type=float, default=1.0, help="spectrum: variance i**-decay")
    parser.add_argument(
        "--dims", default=str(search.CODE_DIMENSIONS), help="code dimensions, comma-separated"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--evaluation",
        action="store_true",
        help="real vectors: the evaluation set among the benchmark database's (DATABASE_URL)",
    )
    parser.add_argument(
        "--lists",
        default="",
        help="with --evaluation, more coarse-list settings to measure: "
        "SHARE:FIRST,… (a list share of 1/SHARE of the rows, FIRST candidates kept)",
    )
    arguments = parser.parse_args(argv)
    if arguments.evaluation:
        import os

        import django

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
        django.setup()
        variants = [
            tuple(int(part) for part in item.split(":"))
            for item in arguments.lists.split(",")
            if item.strip()
        ]
        print(json.dumps(evaluation_among_stored(variants=variants), indent=2))
        return 0
    results = []
    for count in (int(value) for value in arguments.n.split(",")):
        for dimensions in (int(value) for value in arguments.dims.split(",")):
            figures = measure(
                count, decay=arguments.decay, query_count=arguments.queries, dimensions=dimensions
            )
            results.append(figures)
            if not arguments.json:
                exact, two = figures["exact"], figures["two_pass"]
                codes = (
                    f"codes of {dimensions} dims (variance kept {two['variance_kept']:.3f})"
                    if two["codes"]
                    else "no codes (the projection keeps too little): exact search kept"
                )
                print(
                    f"{count:>8} vectors, {codes}: "
                    f"exact p50 {exact['p50_ms']} ms p95 {exact['p95_ms']} ms "
                    f"{exact['memory_mb']} MB | two-pass p50 {two['p50_ms']} ms "
                    f"p95 {two['p95_ms']} ms {two['memory_mb']} MB (built in {two['build_s']} s) | "
                    f"top-50 overlap {figures['top50_overlap']}, top-5 {figures['top5_overlap']}, "
                    f"float16 rows top-50 {figures['float16_top50_overlap']}",
                    flush=True,
                )
    if arguments.json:
        print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
