"""Profile a public read answered by the view (a response-cache miss), in process.

    .venv/bin/python -m bench.profile /api/v1/claims/ [/api/v1/claims/123/ …] [--requests 500]

On the benchmark's own database (run `make bench` once, at the scale wanted, to make it;
the same ``DATABASE_URL`` rules as ``bench.run``), with the settings the benchmark's
servers have and the response cache off, each path is requested ``--requests`` times
through the WSGI application (no HTTP, no server): pyinstrument's tree of where the time
goes, and the mean time of a request. Without a path: the first page of the claims list
and the detail of the newest public claim, the two reads the miss targets measure.
"""

from __future__ import annotations

import argparse
import io
import os
import time
from wsgiref.util import setup_testing_defaults

from bench.run import bench_database_url, server_environment


def request(application, path: str) -> bytes:
    """One GET through the WSGI application, as gunicorn would call it."""
    route, _, query = path.partition("?")
    environ = {
        "PATH_INFO": route,
        "QUERY_STRING": query,
        "HTTP_HOST": "127.0.0.1",
        "HTTP_ACCEPT": "text/html" if not route.startswith("/api/") else "application/json",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.input": io.BytesIO(),
    }
    setup_testing_defaults(environ)
    status: list[str] = []
    body = b"".join(application(environ, lambda s, headers, exc=None: status.append(s)))
    if not status[0].startswith("200"):
        raise SystemExit(f"{path}: {status[0]}")
    return body


def use_server_settings() -> None:
    """This process's settings: those of the benchmark's servers, on its database, with
    the response cache off (every request answered by the view). Before Django is set up."""
    env = server_environment(bench_database_url(dict(os.environ)))
    os.environ.update({**env, "RESPONSE_CACHE_URL": "off"})


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", help="Paths to request (default: list and detail)")
    parser.add_argument("--requests", type=int, default=500, help="Requests per path (500)")
    parser.add_argument("--html", help="Also write pyinstrument's HTML profile to this file")
    args = parser.parse_args(argv)

    from pyinstrument import Profiler

    use_server_settings()
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    from annotations import selectors

    newest = selectors.public_claims().order_by("-id").values_list("id", flat=True)[0]
    paths = args.paths or ["/api/v1/claims/", f"/api/v1/claims/{newest}/"]
    for path in paths:
        for _ in range(20):  # the compiled queries, the connection, the imports
            request(application, path)
        profiler = Profiler(interval=0.0002)
        started = time.perf_counter()
        with profiler:
            for _ in range(args.requests):
                request(application, path)
        mean = (time.perf_counter() - started) / args.requests * 1000
        print(f"\n=== {path}: {mean:.2f} ms a request (under the profiler) ===")
        print(profiler.output_text(unicode=True, color=False, show_all=False))
        if args.html:
            with open(args.html, "w") as out:
                out.write(profiler.output_html())


if __name__ == "__main__":
    main()
