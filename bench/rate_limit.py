"""How many requests a rate limit lets through: gunicorn workers, one anonymous client.

Starts the app under gunicorn (sync workers) on a scratch SQLite database with
``API_THROTTLE_ANON`` at the given rate, sends the requests from one address (a pool of
threads, spread over ``--seconds``), and prints how many got each status. With a count
shared by the workers, the 200s are the rate; counted in each worker, the rate times the
workers. Sends traffic to 127.0.0.1 only, and stops by itself.

    .venv/bin/python -m bench.rate_limit                        # the default cache
    .venv/bin/python -m bench.rate_limit --cache-url locmem://  # a cache per worker
    .venv/bin/python -m bench.rate_limit --cache-url redis://127.0.0.1:6379/1
    .venv/bin/python -m bench.rate_limit --spoof                # X-Forwarded-For made up
"""

from __future__ import annotations

import argparse
import collections
import os
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the project to serve")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--rate", default="120/minute")
    parser.add_argument("--seconds", type=float, default=30.0, help="spread the requests")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--cache-url", default=None, help="CACHE_URL (unset: the default)")
    parser.add_argument("--spoof", action="store_true", help="a new X-Forwarded-For each time")
    parser.add_argument("--port", type=int, default=8765)
    return parser.parse_args(argv)


def environment(args: argparse.Namespace, database: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CACHE_URL", "DATABASE_URL")}
    env.update(
        {
            "DATABASE_URL": f"sqlite:///{database}",
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "HTTPS": "false",
            "STATIC_MANIFEST": "false",
            "API_THROTTLE_ANON": args.rate,
            "LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        }
    )
    if args.cache_url:
        env["CACHE_URL"] = args.cache_url
    return env


def prepare(args: argparse.Namespace, env: dict[str, str]) -> None:
    for command in (["migrate", "--no-input"], ["createcachetable"]):
        subprocess.run(  # noqa: S603 - the project's own manage.py
            [sys.executable, str(args.root / "manage.py"), *command],
            env=env,
            cwd=args.root,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


def wait_until_up(url: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - loopback
                return
        except urllib.error.HTTPError:
            return  # it answers (a 429 counts as up)
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


def send(url: str, n: int, spoof: bool) -> int:
    headers = {"X-Forwarded-For": f"198.51.100.{n % 250}"} if spoof else {}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        env = environment(args, Path(scratch) / "db.sqlite3")
        prepare(args, env)
        server = subprocess.Popen(  # noqa: S603 - the project's own gunicorn
            [
                sys.executable,
                "-m",
                "gunicorn",
                "factcheck.wsgi",
                "--workers",
                str(args.workers),
                "--bind",
                f"127.0.0.1:{args.port}",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=args.root,
        )
        try:
            base = f"http://127.0.0.1:{args.port}"
            wait_until_up(f"{base}/fact-checks/", time.monotonic() + 60)
            url = f"{base}/api/v1/claims/"
            pause = args.seconds / args.requests
            started = time.monotonic()
            with ThreadPoolExecutor(args.concurrency) as pool:
                futures = []
                for n in range(args.requests):
                    futures.append(pool.submit(send, url, n, args.spoof))
                    time.sleep(max(0.0, started + (n + 1) * pause - time.monotonic()))
                codes = collections.Counter(f.result() for f in futures)
            took = time.monotonic() - started
        finally:
            server.terminate()
            server.wait(timeout=30)
    cache = args.cache_url or "default (database table)"
    summary = ", ".join(f"{count} × {code}" for code, count in sorted(codes.items()))
    print(
        f"{args.requests} requests in {took:.1f} s, {args.workers} workers, rate "
        f"{args.rate}, cache {cache}{', spoofed X-Forwarded-For' if args.spoof else ''}: "
        f"{summary}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
