"""`make bench`: the public API and the annotate page against a raw baseline.

Steps (each one printed as it runs):

1. A database of its own: on PostgreSQL when ``DATABASE_URL`` names one (the real case;
   the benchmark uses ``<name>_bench`` on the same server, dropped and made anew, or
   ``BENCH_DATABASE_URL``), otherwise an SQLite file under ``.bench/``. Never the
   database of ``DATABASE_URL`` itself.
2. Migrations, then the data generator (``bench.generate``), then ``ANALYZE``.
3. In this process: the queries each measured page costs, importing plus segmenting
   1 MB of text (against a raw insert of the same rows), and importing 1 MB of each
   awkward shape of ``bench.shapes`` (one long line, thousands of short paragraphs or
   of tags, deeply nested HTML…), each imported or refused as expected; a new version
   of a long article with its claims re-anchored (``bench.versions``); segmenting 1 MB
   of news and awkward input of growing size (``bench.segmentation``); then ``ANALYZE``
   (``VACUUM ANALYZE`` on PostgreSQL) again.
4. Three servers under the same gunicorn settings (sync workers, one per core,
   loopback): the app with production settings (``DEBUG`` off, hashed static files) and
   its response cache off, so that every request pays the view (the cache miss); the
   same app with its response cache on (each worker's memory, the default), for the
   cache hits; and the baseline of ``bench/baseline.py``.
5. wrk against each endpoint, each measured ``--rounds`` times, every app run preceded
   by a baseline run, so that each ratio compares two runs a few seconds apart.
6. A report in ``bench/results/`` (markdown and JSON) with each figure as a ratio to the
   baseline, the targets, and a description of the machine.

Exit status: 0 when every run completed without an error, 1 otherwise (a missed target
is reported, not an error), 2 when the benchmark could not run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

import dj_database_url

from bench import freshness, load, nodes, report, segmentation, similar, versions

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".bench"
RESULTS = Path(__file__).resolve().parent / "results"

# The size of each awkward import shape in a smoke run (1 MB otherwise).
SMOKE_SHAPE_BYTES = 100_000

API_HEADERS = {"Accept": "application/json", "Accept-Language": "fr"}
PAGE_HEADERS = {"Accept": "text/html", "Accept-Language": "fr"}


class BenchError(RuntimeError):
    """The benchmark cannot run (its message says why)."""


def say(message: str) -> None:
    print(message, flush=True)


# --- The database ---------------------------------------------------------------------


def bench_database_url(environ: dict[str, str], work: Path = WORK) -> str:
    """The benchmark's own database, never the one the app uses day to day."""
    explicit = environ.get("BENCH_DATABASE_URL")
    if explicit:
        return explicit
    url = environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(url)
        name = parts.path.lstrip("/") or "factcheck"
        return urlunsplit(parts._replace(path=f"/{name}_bench"))
    if url and not url.startswith("sqlite:"):
        raise BenchError(f"The benchmark runs on PostgreSQL or SQLite, not {url.split(':')[0]}.")
    return f"sqlite:///{work / 'bench.sqlite3'}"


def vendor_of(url: str) -> str:
    return "sqlite" if url.startswith("sqlite:") else "postgresql"


def recreate_database(url: str) -> None:
    if vendor_of(url) == "sqlite":
        path = Path(dj_database_url.parse(url)["NAME"])
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        return
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    try:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.OperationalError as exc:
        raise BenchError(f"Cannot reach PostgreSQL at {parts.hostname}: {exc}") from None
    except psycopg.Error as exc:  # no right to create databases, for instance
        raise BenchError(
            f"Cannot make the benchmark's database {name!r}: {exc}. Give the user the "
            "CREATEDB right, or name a database it may drop in BENCH_DATABASE_URL."
        ) from None


def server_environment(database_url: str, work: Path = WORK) -> dict[str, str]:
    """Production settings, but plain HTTP on loopback and no per-client rate limit
    (a crawler farm comes from many addresses; one wrk would be throttled at once)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST_"))
    }
    env.update(
        {
            "DATABASE_URL": database_url,
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "HTTPS": "false",
            "STATIC_MANIFEST": "true",
            "STATIC_ROOT": str(work / "static"),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "API_THROTTLE_ANON": "1000000/second",
            "API_THROTTLE_USER": "1000000/second",
            # Each worker counts in its own memory, as every run before the shared cache
            # did: the limit is off here, and its cost stays comparable across runs.
            "CACHE_URL": "locmem://",
            "LOG_LEVEL": "WARNING",
            "WEBHOOK_DELIVERY": "command",
            "MATCHING_EMBED": "command",
            "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        }
    )
    return env


def manage(env: dict[str, str], *args: str) -> None:
    completed = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        check=False,
        stdout=subprocess.DEVNULL,
    )
    if completed.returncode != 0:
        raise BenchError(f"manage.py {' '.join(args)} failed (exit {completed.returncode}).")


def analyze(vendor: str) -> None:
    """Fresh planner statistics, as a production database has."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vendor == "postgresql" else "ANALYZE")


# --- Servers --------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    name: str
    wsgi: str
    env: dict[str, str]
    workers: int
    log: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, probe_path: str) -> None:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("w") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own gunicorn
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    self.wsgi,
                    "--workers",
                    str(self.workers),
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--log-level",
                    "warning",
                    "--timeout",
                    "60",
                ],
                env=self.env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"{self.name} server exited; see {self.log}")
            try:
                answer = load.fetch(load.Request(self.url + probe_path, API_HEADERS), timeout=5)
                if answer.status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise BenchError(f"{self.name} server did not answer within 60 s; see {self.log}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


# --- What is measured -----------------------------------------------------------------


@dataclass
class Endpoint:
    name: str
    label: str
    path: str
    headers: dict[str, str]
    status: int = 200
    queries: int | None = None
    # Measured against the app with its response cache on (a hit: the same URL again).
    cached: bool = False


def endpoints(fixtures: dict) -> list[Endpoint]:
    api = "/api/v1"
    claim = fixtures["sample_claim_id"]
    session = {"Cookie": f"sessionid={fixtures['session']}"}
    return [
        Endpoint(
            "claims_first", "Claims list, first page (cache miss)", f"{api}/claims/", API_HEADERS
        ),
        Endpoint(
            "claims_first_hit",
            "Claims list, first page (cache hit)",
            f"{api}/claims/",
            API_HEADERS,
            cached=True,
        ),
        Endpoint(
            "claims_deep",
            f"Claims list, deep cursor page (after {fixtures['deep_offset']:,} claims)",
            f"{api}/claims/?{fixtures['deep_query']}",
            API_HEADERS,
        ),
        Endpoint(
            "claim_detail", "Claim detail (cache miss)", f"{api}/claims/{claim}/", API_HEADERS
        ),
        Endpoint(
            "claim_detail_hit",
            "Claim detail (cache hit)",
            f"{api}/claims/{claim}/",
            API_HEADERS,
            cached=True,
        ),
        Endpoint(
            "claimreview",
            "ClaimReview (JSON-LD)",
            f"{api}/claims/{claim}/claimreview",
            {**API_HEADERS, "Accept": "application/ld+json"},
        ),
        Endpoint(
            "search",
            f"Full-text search (q={fixtures['search_term']})",
            f"{api}/claims/?q={quote(fixtures['search_term'])}",
            API_HEADERS,
        ),
        Endpoint(
            "similar",
            "Similar fact-checks (/api/v1/similar, words and meaning)",
            f"{api}/similar?{urlencode({'text': fixtures['similar_text'], 'language': 'fr'})}",
            API_HEADERS,
        ),
        Endpoint(
            "claim_detail_304",
            "Claim detail, conditional GET answered 304",
            f"{api}/claims/{claim}/",
            {**API_HEADERS, "If-None-Match": "(filled in once the server runs)"},
            status=304,
        ),
        Endpoint(
            "claims_first_304",
            "Claims list, conditional GET answered 304",
            f"{api}/claims/",
            {**API_HEADERS, "If-None-Match": "(filled in once the server runs)"},
            status=304,
        ),
        Endpoint(
            "annotate_typical",
            f"Annotate page, {fixtures['typical_sentences']}-sentence article",
            f"/articles/{fixtures['typical_article_id']}/",
            {**PAGE_HEADERS, **session},
        ),
        Endpoint(
            "annotate_long",
            f"Annotate page, {fixtures['long_sentences']:,}-sentence article",
            f"/articles/{fixtures['long_article_id']}/",
            {**PAGE_HEADERS, **session},
        ),
        # The public fact-checks page (HTML, its counts per rating and chart included),
        # and the team dashboard over its longest period, ending with the data's last
        # event (logged in as a moderator).
        Endpoint(
            "public_list", "Public fact-checks page, first page", "/fact-checks/", PAGE_HEADERS
        ),
        Endpoint(
            "dashboard",
            f"Team dashboard, 52 weeks up to {fixtures['last_event_day']}",
            f"/dashboard/?weeks=52&until={fixtures['last_event_day']}",
            {**PAGE_HEADERS, "Cookie": f"sessionid={fixtures['moderator_session']}"},
        ),
        # Agreement between reviewers: alpha over every claim rated twice (a tenth of the
        # public ones), with its bootstrap intervals (computed once, then kept).
        Endpoint(
            "agreement",
            f"Agreement between reviewers ({fixtures['blind_pairs']:,} claims rated twice)",
            "/agreement/",
            {**PAGE_HEADERS, "Cookie": f"sessionid={fixtures['moderator_session']}"},
        ),
    ]


def deep_cursor() -> tuple[int, str]:
    """The claims list's page after half the public claims: how many come before it,
    and its query string (``cursor=…``)."""
    from rest_framework.pagination import Cursor

    from annotations import selectors
    from annotations.api.common import PublicCursorPagination

    public = selectors.public_claims().order_by("-published_at", "-id")
    offset = public.count() // 2
    position = public.values_list("published_at", flat=True)[offset - 1]
    paginator = PublicCursorPagination()
    paginator.base_url = "http://127.0.0.1/api/v1/claims/"
    url = paginator.encode_cursor(Cursor(offset=0, reverse=False, position=str(position)))
    return offset, urlsplit(url).query


def prepare_fixtures(summary: dict) -> dict:
    """What the URLs need: a logged-in reviewer's session, a deep cursor, sizes."""
    from django.contrib.auth import get_user_model
    from django.db.models import Max
    from django.test import Client
    from django.utils import timezone

    from annotations import selectors
    from annotations.models import BlindReview, ClaimEvent, Sentence
    from annotations.permissions import is_moderator, is_reviewer

    users = list(get_user_model().objects.filter(is_active=True).order_by("id"))
    reviewer = next(u for u in users if is_reviewer(u) and not is_moderator(u))
    moderator = next(u for u in users if is_moderator(u) and not u.is_superuser)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(reviewer)
    moderator_client = Client(HTTP_HOST="127.0.0.1")
    moderator_client.force_login(moderator)
    last_event = ClaimEvent.objects.aggregate(last=Max("created_at"))["last"]

    public = selectors.public_claims().order_by("-published_at", "-id")
    total = public.count()
    deep_offset, deep_query = deep_cursor()

    def sentences(article_id: int) -> int:
        return Sentence.objects.filter(article_id=article_id).count()

    # A public claim's text, reworded a little: what a reviewer would look for.
    sample_text = public.values_list("text", flat=True)[total // 3]

    return {
        **summary,
        "session": client.cookies["sessionid"].value,
        "moderator_session": moderator_client.cookies["sessionid"].value,
        "blind_pairs": BlindReview.objects.exclude(submitted_at=None).count(),
        "last_event_day": timezone.localdate(last_event).isoformat(),
        "public_claims": total,
        "deep_offset": deep_offset,
        "deep_query": deep_query,
        "typical_sentences": sentences(summary["typical_article_id"]),
        "long_sentences": sentences(summary["long_article_id"]),
        "similar_text": f"Selon une publication virale, {sample_text[:1].lower()}{sample_text[1:]}",
    }


def count_queries(targets: list[Endpoint], fixtures: dict) -> None:
    """Each endpoint's queries, through the whole stack (middleware included): a miss
    with the response cache emptied, a hit after a first request."""
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    for target in targets:
        # As wrk sends it: the session cookie only where the target has one.
        client = Client(HTTP_HOST="127.0.0.1")
        if "Cookie" in target.headers:
            client.cookies["sessionid"] = target.headers["Cookie"].removeprefix("sessionid=")
        headers = {k: v for k, v in target.headers.items() if k != "Cookie"}
        if target.status == 304:
            first = client.get(target.path, headers=headers | {"If-None-Match": ""})
            headers["If-None-Match"] = first.headers["ETag"]
        caches["responses"].clear()
        if target.cached:
            client.get(target.path, headers=headers)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(target.path, headers=headers)
        if response.status_code != target.status:
            raise BenchError(
                f"{target.path} answered {response.status_code} in-process, "
                f"expected {target.status}"
            )
        target.queries = len(captured)


def measure_import(*, seed: int, runs: int = 3, size: int = 1_000_000) -> dict:
    """Import (parse, segment, store) 1 MB of text, against a raw insert of its rows."""
    import random
    from zoneinfo import ZoneInfo

    from django.db import connection, transaction

    from annotations import services
    from annotations.importing import parse_plain_text
    from annotations.models import Article
    from bench import text

    timings, raw_timings, sentences = [], [], 0
    for run_index in range(runs):
        source = text.text_of_size(random.Random(seed * 1000 + run_index), size)
        started = time.perf_counter()
        parsed = parse_plain_text(source, default_timezone=ZoneInfo("Europe/Paris"))
        result = services.article_import(parsed=parsed, import_format="text")
        timings.append(time.perf_counter() - started)
        article = result.article
        rows = list(
            article.sentences.order_by("position").values_list(
                "position", "start", "end", "paragraph", "is_headline"
            )
        )
        sentences = len(rows)
        # The baseline: the same article row and sentence rows, already cut, written
        # with hand-written INSERTs (one executemany for the sentences) in one transaction.
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO annotations_article (title, body, language, publisher, author, "
                "source_url, content_hash, import_format, imported_at, current_version) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, 1) RETURNING id",
                [
                    article.title,
                    article.body,
                    article.language,
                    article.publisher,
                    article.author,
                    article.source_url,
                    "raw-" + article.content_hash[:60],
                    "text",
                    article.imported_at,
                ],
            )
            raw_id = cursor.fetchone()[0]
            cursor.executemany(
                'INSERT INTO annotations_sentence (article_id, position, start, "end", '
                "paragraph, is_headline) VALUES (%s, %s, %s, %s, %s, %s)",
                [(raw_id, *row) for row in rows],
            )
        raw_timings.append(time.perf_counter() - started)
        Article.objects.filter(pk__in=[article.pk, raw_id]).delete()
    seconds = statistics.median(timings)
    raw = statistics.median(raw_timings)
    return {
        "bytes": size,
        "sentences": sentences,
        "runs": [round(t, 4) for t in timings],
        "seconds": round(seconds, 4),
        "raw_insert_seconds": round(raw, 4),
        "ratio_to_raw_insert": round(seconds / raw, 2) if raw else None,
        "megabytes_per_second": round(size / 1e6 / seconds, 2),
    }


def measure_import_shapes(*, seed: int, runs: int = 3, size: int = 1_000_000) -> dict:
    """Import each awkward shape of ``bench.shapes`` (about ``size`` bytes) as an upload
    is imported (decode, parse, segment, store), and say whether it came out as expected:
    imported, or refused with the expected error code."""
    import random
    from zoneinfo import ZoneInfo

    from django.conf import settings

    from annotations import importing, services
    from annotations.models import Article
    from bench import shapes

    # Warm-up: trafilatura and what it imports load on the first page parsed.
    importing.parse_html(
        "<html><head><title>Un titre</title></head><body><article><p>Une phrase pour "
        "charger le lecteur de pages.</p></article></body></html>",
        default_timezone=ZoneInfo("Europe/Paris"),
    )
    results = {}
    for name, make in shapes.SHAPES.items():
        shape = make(random.Random(seed), size)
        timings, outcome, sentences = [], "", 0
        for _ in range(runs):
            started = time.perf_counter()
            try:
                import_format, parsed = importing.read_upload(
                    shape.data,
                    filename=shape.filename,
                    default_timezone=ZoneInfo("Europe/Paris"),
                    max_bytes=settings.IMPORT_MAX_BYTES,
                )
                result = services.article_import(parsed=parsed, import_format=import_format)
            except importing.ArticleParseError as exc:
                timings.append(time.perf_counter() - started)
                outcome = exc.code
                continue
            timings.append(time.perf_counter() - started)
            outcome, sentences = "imported", result.sentence_count
            Article.objects.filter(pk=result.article.pk).delete()
        seconds = statistics.median(timings)
        results[name] = {
            "label": shape.label,
            "bytes": len(shape.data),
            "expected": shape.refused_with or "imported",
            "outcome": outcome,
            "sentences": sentences,
            "runs": [round(t, 4) for t in timings],
            "seconds": round(seconds, 4),
            "seconds_per_megabyte": round(seconds * 1e6 / len(shape.data), 4),
        }
    return results


def fill_conditional_headers(targets: list[Endpoint], app: Server) -> None:
    for target in targets:
        if target.status == 304:
            headers = {k: v for k, v in target.headers.items() if k != "If-None-Match"}
            answer = load.fetch(load.Request(app.url + target.path, headers))
            if "ETag" not in answer.headers:
                raise BenchError(f"{target.path} sent no ETag")
            target.headers = {**headers, "If-None-Match": answer.headers["ETag"]}


def check(target: Endpoint, server: Server) -> None:
    """One request before and after the runs: the status the run is meant to measure."""
    answer = load.fetch(load.Request(server.url + target.path, target.headers))
    if answer.status != target.status:
        raise BenchError(
            f"{server.name} {target.path} answered {answer.status}, expected {target.status}: "
            f"{answer.body[:300]!r}"
        )
    if target.name == "search" and not json.loads(answer.body)["results"]:
        raise BenchError(f"The search for {target.path} found nothing.")
    if target.name == "similar" and not json.loads(answer.body):
        raise BenchError(f"{target.path} found nothing.")


def check_same_first_page(app: Server, baseline: Server) -> None:
    """The baseline serves the same document as the app's first page."""
    path = "/api/v1/claims/"
    mine = json.loads(load.fetch(load.Request(app.url + path, API_HEADERS)).body)
    theirs = json.loads(load.fetch(load.Request(baseline.url + path, API_HEADERS)).body)
    for document in (mine, theirs):
        document["next"] = urlsplit(document["next"]).query if document["next"] else None
        for item in document["results"]:  # hosts differ (the two servers' ports)
            item["url"] = urlsplit(item["url"]).path
            item["article"]["url"] = urlsplit(item["article"]["url"]).path
    if mine != theirs:
        raise BenchError("The baseline's first page differs from the app's.")


# --- The runs -------------------------------------------------------------------------


def measure(
    targets: list[Endpoint],
    app: Server,
    cached: Server,
    baseline: Server,
    *,
    rounds: int,
    seconds: float,
    connections: int,
    deadline: float,
) -> dict[str, list[dict]]:
    """Every app run follows a baseline run: each pair is a few seconds apart."""
    baseline_request = load.Request(baseline.url + "/api/v1/claims/", API_HEADERS)
    runs: dict[str, list[dict]] = {t.name: [] for t in targets}
    runs["baseline"] = []
    say(f"Warming up ({len(targets) + 1} URLs, 1 s each)")
    load.run(baseline_request, seconds=1, connections=connections)
    for target in targets:
        server = cached if target.cached else app
        check(target, server)
        load.run(load.Request(server.url + target.path, target.headers), seconds=1, connections=2)
    for round_number in range(1, rounds + 1):
        for target in targets:
            if time.monotonic() > deadline:
                raise BenchError("The time limit was reached before every run was made.")
            server = cached if target.cached else app
            base = load.run(baseline_request, seconds=seconds, connections=connections)
            result = load.run(
                load.Request(server.url + target.path, target.headers),
                seconds=seconds,
                connections=connections,
            )
            check(target, server)
            runs["baseline"].append({"paired_with": target.name, **base.as_dict()})
            runs[target.name].append(
                {
                    "round": round_number,
                    **result.as_dict(),
                    "baseline_rps": round(base.rps, 1),
                    "baseline_p50_ms": round(base.latency_ms["p50"], 3),
                }
            )
            say(
                f"  round {round_number}/{rounds}  {target.name:<18} "
                f"{result.rps:8.1f} req/s  p50 {result.latency_ms['p50']:7.2f} ms  "
                f"p95 {result.latency_ms['p95']:7.2f} ms  errors {result.error_count}  "
                f"(baseline {base.rps:.0f} req/s)"
            )
    return runs


# --- Main -----------------------------------------------------------------------------


def machine(database_version: str, workers: int) -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    import django
    import gunicorn

    wrk = subprocess.run(  # noqa: S603
        [load.wrk_path(), "--version"], capture_output=True, text=True, check=False
    )
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "gunicorn": gunicorn.__version__,
        "gunicorn_workers": workers,
        "database": database_version,
        "wrk": (wrk.stdout or wrk.stderr).splitlines()[0].split(" [")[0],
    }


def database_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
        cursor.execute("SELECT sqlite_version()")
        return f"SQLite {cursor.fetchone()[0]}"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--scale",
        type=float,
        default=1,
        help="1: 2,000 articles and 20,000 published claims (default); 10: ten times more.",
    )
    parser.add_argument("--seed", type=int, default=42, help="Seed of the data (default 42).")
    parser.add_argument("--seconds", type=float, default=5, help="Length of one run (5).")
    parser.add_argument("--rounds", type=int, default=3, help="Runs per endpoint (3).")
    parser.add_argument(
        "--connections",
        type=int,
        default=None,
        help="Connections open at a time (default: 2 per worker).",
    )
    parser.add_argument(
        "--workers", type=int, default=None, help="gunicorn workers (default: one per core)."
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=RESULTS,
        help="Where the report goes (default bench/results/).",
    )
    parser.add_argument(
        "--max-minutes",
        type=float,
        default=15,
        help="Stop with an error past this time (default 15).",
    )
    parser.add_argument(
        "--reuse-data",
        action="store_true",
        help="Keep the database of the last run with the same scale and seed (its data and "
        "vectors) instead of making it anew: for measuring again after a code change.",
    )
    parser.add_argument(
        "--only",
        type=lambda value: [name.strip() for name in value.split(",") if name.strip()],
        default=None,
        help="Measure only these endpoints (names as in the JSON report, comma-separated), "
        "against the baseline; the in-process measures and the freshness run are left out "
        "and the report is written as <database>[-scale]-partial.",
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="A tiny, quick run that checks the harness works (CI); its figures mean nothing.",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.smoke:
        args.scale, args.seconds, args.rounds = 0.01, 1, 1
    started = time.monotonic()
    deadline = started + args.max_minutes * 60
    workers = args.workers or os.cpu_count() or 1
    connections = args.connections or 2 * workers
    load.wrk_path()

    url = bench_database_url(dict(os.environ))
    vendor = vendor_of(url)
    env = server_environment(url)
    say(f"Database: {vendor} ({url.rsplit('@', 1)[-1]})")
    marker = DataMarker(url, scale=args.scale, seed=args.seed)
    kept = marker.read() if args.reuse_data else None
    if kept is None:
        marker.forget()
        recreate_database(url)
    say("Migrating, collecting static files")
    manage(env, "migrate", "--no-input")
    manage(env, "collectstatic", "--no-input")

    os.environ.update(env)
    import django

    django.setup()
    from bench import generate

    if kept is not None:
        say(f"Reusing the data of {kept['made_at']} (scale {args.scale:g}, seed {args.seed})")
        summary, embedding = kept["summary"], kept["embedding"]
    else:
        say(f"Generating data (scale {args.scale:g}, seed {args.seed})")
        summary = generate.generate(scale=args.scale, seed=args.seed)
        say("Claim matching's vectors (the model embeds the public claims)")
        embedding = similar.store_vectors(smoke=args.smoke)
        marker.write(summary, embedding)
    if embedding.get("model"):
        say(
            f"  {embedding['embedded']:,} claims embedded in {embedding['seconds']:.1f} s: "
            f"{embedding['claims_per_second_2_threads']:,.0f} claims/s on 2 threads, "
            f"{embedding['claims_per_second_1_thread']:,.0f} on 1"
        )
    analyze(vendor)
    fixtures = prepare_fixtures(summary)
    targets = select(endpoints(fixtures), args.only)
    say("Counting queries")
    count_queries(targets, fixtures)
    if args.only:
        imported, reanchoring, segmented = None, None, None
    else:
        imported, reanchoring, segmented = measure_in_process(args)
        # Its imports and new versions left dead rows in the claims' table (1,000 claims
        # updated per new version): vacuumed, as autovacuum would have done before long.
        # Otherwise autovacuum runs during the first load runs, and the pages it has not
        # reached yet cost the deep cursor its index-only scan (measured: the deep page
        # 1.6 × the first in two runs, 0.98 × in the third).
        analyze(vendor)
    from django.db import connections as db_connections

    db_version = database_version()
    db_connections.close_all()

    uncached = {**env, "RESPONSE_CACHE_URL": "off"}
    app = Server("app", "factcheck.wsgi:application", uncached, workers, WORK / "app.log")
    cached = Server("cached", "factcheck.wsgi:application", env, workers, WORK / "cached.log")
    baseline = Server("baseline", "bench.baseline:application", env, workers, WORK / "base.log")
    fresh = nodes = None
    try:
        say(f"Starting gunicorn ({workers} workers each): app, app with its cache, baseline")
        app.start("/api/v1/claims/")
        cached.start("/api/v1/claims/")
        baseline.start("/api/v1/claims/")
        check_same_first_page(app, baseline)
        fill_conditional_headers(targets, app)
        runs = measure(
            targets,
            app,
            cached,
            baseline,
            rounds=args.rounds,
            seconds=args.seconds,
            connections=connections,
            deadline=deadline,
        )
        if not args.only:
            nodes = measure_two_nodes(app, uncached, targets, workers, args, connections)
            say("Freshness under load: publish, correct, retract while wrk reads (cache on)")
            fresh = freshness.measure_freshness(
                cached.url, seconds=max(2, args.seconds * 2), connections=connections
            )
            say(
                f"  {fresh['changes']} changes, {fresh['checked_responses']} responses "
                f"checked, {fresh['stale_responses']} stale"
            )
    finally:
        app.stop()
        cached.stop()
        baseline.stop()

    document = report.build(
        machine=machine(db_version, workers),
        config={
            "vendor": vendor,
            "scale": args.scale,
            "seed": args.seed,
            "seconds_per_run": args.seconds,
            "rounds": args.rounds,
            "connections": connections,
            "smoke": args.smoke,
            "only": args.only,
            "reused_data": kept is not None,
        },
        data=fixtures,
        targets=targets,
        runs=runs,
        imported=imported,
        reanchoring=reanchoring,
        segmentation=segmented,
        embedding=embedding,
        freshness=fresh,
        nodes=nodes,
        elapsed=time.monotonic() - started,
    )
    paths = report.write(document, args.output)
    say(report.markdown(document))
    say(
        "Report: "
        + ", ".join(str(p.relative_to(ROOT)) if p.is_relative_to(ROOT) else str(p) for p in paths)
    )
    return 1 if document["errors"] else 0


# The endpoints measured on one app server and on two (their names in ``endpoints``).
NODE_ENDPOINTS = ("claim_detail", "claims_first")


def measure_two_nodes(
    app: Server,
    env: dict[str, str],
    targets: list[Endpoint],
    workers: int,
    args: argparse.Namespace,
    connections: int,
) -> dict:
    """A second app server like ``app``: one node's throughput against two together."""
    second = Server("app2", "factcheck.wsgi:application", env, workers, WORK / "app2.log")
    paths = {t.name: (t.label, t.path) for t in targets if t.name in NODE_ENDPOINTS}
    say(f"Two app servers against one ({', '.join(paths)}), cache off")
    try:
        second.start("/api/v1/claims/")
        measured = nodes.measure_nodes(
            app.url,
            second.url,
            paths,
            API_HEADERS,
            seconds=args.seconds,
            connections=connections,
            rounds=args.rounds,
        )
    finally:
        second.stop()
    for name, row in measured["endpoints"].items():
        say(
            f"  {name:<14} one node {row['one_node_rps']:8.1f} req/s, two "
            f"{row['two_nodes_rps']:8.1f} req/s ({row['ratio']} ×), errors {row['errors']}"
        )
    return measured


def select(targets: list[Endpoint], only: list[str] | None) -> list[Endpoint]:
    """The endpoints ``--only`` names (all without it); an unknown name is an error."""
    if not only:
        return targets
    known = {target.name for target in targets}
    unknown = sorted(set(only) - known)
    if unknown:
        raise BenchError(
            f"Unknown endpoint(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}."
        )
    return [target for target in targets if target.name in only]


@dataclass
class DataMarker:
    """What ``--reuse-data`` needs to know of the data a run made: for which database,
    scale and seed, and the generator's summary (kept in ``.bench/``). It is removed
    before the database is made anew, so that a half-made one is never reused. A reused
    database also holds what the runs since added to it (their imports, the freshness
    run's few hundred changes): a fraction of a percent of the claims."""

    url: str
    scale: float
    seed: int
    work: Path = WORK

    @property
    def path(self) -> Path:
        name = urlsplit(self.url)._replace(netloc=urlsplit(self.url).hostname or "").geturl()
        digest = hashlib.sha256(name.encode()).hexdigest()[:12]
        return self.work / f"data-{digest}.json"

    def read(self) -> dict | None:
        try:
            kept = json.loads(self.path.read_text())
        except (OSError, ValueError):
            return None
        if (kept.get("scale"), kept.get("seed")) != (self.scale, self.seed):
            return None
        if (
            vendor_of(self.url) == "sqlite"
            and not Path(dj_database_url.parse(self.url)["NAME"]).exists()
        ):
            return None
        return kept

    def write(self, summary: dict, embedding: dict) -> None:
        self.work.mkdir(parents=True, exist_ok=True)
        made_at = time.strftime("%Y-%m-%d %H:%M:%S")
        self.path.write_text(
            json.dumps(
                {
                    "scale": self.scale,
                    "seed": self.seed,
                    "made_at": made_at,
                    "summary": summary,
                    "embedding": embedding,
                },
                default=str,
            )
        )

    def forget(self) -> None:
        self.path.unlink(missing_ok=True)


def measure_in_process(args: argparse.Namespace) -> tuple[dict, dict, dict]:
    """The measures made in this process: imports, a new version, segmentation."""
    say("Importing 1 MB of text")
    imported = measure_import(seed=args.seed, runs=1 if args.smoke else 3)
    say(f"  {imported['seconds']:.2f} s ({imported['sentences']:,} sentences)")
    shape_size = SMOKE_SHAPE_BYTES if args.smoke else 1_000_000
    say(f"Importing awkward shapes of {shape_size / 1e6:g} MB")
    imported["shapes"] = measure_import_shapes(
        seed=args.seed, runs=1 if args.smoke else 3, size=shape_size
    )
    for name, shape in imported["shapes"].items():
        say(f"  {name:<18} {shape['seconds']:.2f} s  {shape['outcome']}")
    say("A new version of a 2,000-sentence article with 1,000 claims (5 % of it edited)")
    reanchoring = versions.measure_reanchoring(seed=args.seed, **versions.sizes(args.smoke))
    say(f"  {reanchoring['ratio_to_import']} × its import")
    say("Segmenting 1 MB of French news, and awkward input of growing size")
    segmented = segmentation.measure_segmentation(seed=args.seed, **segmentation.sizes(args.smoke))
    say(
        f"  {segmented['seconds_per_megabyte']:.2f} s per MB; "
        f"worst growth {segmented['worst_growth']:.2f} × linear"
    )
    return imported, reanchoring, segmented


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (BenchError, load.LoadError) as exc:
        print(f"bench: {exc}", file=sys.stderr)
        sys.exit(2)
