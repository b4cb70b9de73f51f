"""The instructions a public read costs, counted by valgrind (callgrind), in process.

    .venv/bin/python -m bench.instructions [PATH …] [--requests 100]

Timings under load move with whatever else the machine runs (on a shared two-core
machine, the same endpoint's p50 moved by half from one 5-second run to the next); the
number of instructions a request executes hardly does (a few percent from one process
to another). This gives it, for a ratio that
should say what a request costs rather than what the machine was doing: by default the
first page of the claims list and its deep cursor page (the benchmark's "deep cursor"
target), on the benchmark's own database (run ``make bench`` once; the same
``DATABASE_URL`` rules as ``bench.run``) with the settings its servers have and the
response cache off.

Each path runs twice under callgrind, in a fresh process: after the start and 20
requests (the imports, the connection, the compiled queries), once with no more and once
with ``--requests`` more; the difference, divided by that number, is one request's
instructions. Two processes at a time (valgrind runs one thread at a time and is about
fifty times slower than Python alone: a minute or two a run). Instructions count neither
the cache misses nor the waits: the database's own instructions are counted for SQLite
(in process), not for PostgreSQL (another process).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

from bench.profile import request, use_server_settings
from bench.run import ROOT, BenchError

WARM_UP = 20
_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def instructions_of(valgrind_output: str) -> int:
    """The total of callgrind's summary ("I   refs:      4,692,786,220")."""
    found = _REFS.search(valgrind_output)
    if found is None:
        raise BenchError(f"No instruction count in valgrind's output:\n{valgrind_output[-2000:]}")
    return int(found.group(1).replace(",", ""))


def per_request(without: int, with_more: int, requests: int) -> float:
    """One request's instructions, from the runs without and with ``requests`` more."""
    if requests <= 0 or with_more <= without:
        raise BenchError("The run with more requests must count more instructions.")
    return (with_more - without) / requests


def counted(path: str, requests: int) -> int:
    """Instructions of a fresh process that answers ``path`` WARM_UP + ``requests`` times."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        raise BenchError("valgrind is not installed (apt-get install -y valgrind).")
    completed = subprocess.run(  # noqa: S603 - valgrind on our own module
        [
            valgrind,
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            "-m",
            "bench.instructions",
            "--child",
            path,
            "--requests",
            str(requests),
        ],
        cwd=ROOT,
        # The same hash seed in every run: the order of sets and dicts of strings, and so
        # the instructions, do not change from one process to the next.
        env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "0"},
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise BenchError(f"{path}: the run under valgrind failed:\n{completed.stderr[-2000:]}")
    return instructions_of(completed.stderr)


def child(path: str, requests: int) -> None:
    """In the process valgrind runs: the application, WARM_UP + ``requests`` requests."""
    use_server_settings()
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    for _ in range(WARM_UP + requests):
        request(application, path)


def default_paths() -> list[str]:
    import django

    use_server_settings()
    django.setup()
    from bench.run import deep_cursor

    return ["/api/v1/claims/", f"/api/v1/claims/?{deep_cursor()[1]}"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", help="Paths (default: the list's first and deep page)")
    parser.add_argument("--requests", type=int, default=100, help="Requests counted (100)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.requests)
        return
    paths = args.paths or default_paths()
    runs = [(path, more) for path in paths for more in (0, args.requests)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        totals = list(pool.map(lambda run: counted(*run), runs))
    costs = {
        path: per_request(totals[2 * number], totals[2 * number + 1], args.requests)
        for number, path in enumerate(paths)
    }
    first = costs[paths[0]]
    for path, cost in costs.items():
        print(f"{cost:14,.0f} instructions a request  {cost / first:5.3f} × the first  {path}")


if __name__ == "__main__":
    try:
        main()
    except BenchError as error:
        raise SystemExit(str(error)) from None
