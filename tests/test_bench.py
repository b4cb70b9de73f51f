"""The benchmark harness (bench/): the baseline, wrk's output, the report and its targets.

The harness as a whole runs in CI too (`make bench` at a tiny size, see .ci/run); these
tests pin the parts whose mistakes would go unnoticed there: a baseline that serves a
different page, a misread wrk result, a target evaluated the wrong way round.
"""

from __future__ import annotations

import json

import orjson
import pytest
from django.db import connection
from rest_framework.test import APIClient

from annotations import services
from bench import baseline, load, report, run
from tests.factories import pending_correction, published_claim


def _baseline_page(base_url: str) -> dict:
    query = (
        baseline.POSTGRESQL_QUERY if connection.vendor == "postgresql" else baseline.SQLITE_QUERY
    )
    with connection.cursor() as cursor:
        cursor.execute(query)
        rows = cursor.fetchall()
    return orjson.loads(orjson.dumps(baseline.page(rows, base_url)))


@pytest.mark.django_db
def test_the_baseline_serves_the_same_first_page_as_the_api(moderator):
    claims = [published_claim(moderator=moderator) for _ in range(22)]
    pending_correction(claims[3], submit=True)
    corrected = pending_correction(claims[5], submit=True)
    services.claim_approve(claim=corrected.claim, moderator=moderator)
    services.claim_retract(claim=claims[7], moderator=moderator, note="Source retirée.")

    api = APIClient().get("/api/v1/claims/", HTTP_ACCEPT_LANGUAGE="fr").json()
    mine = _baseline_page("http://testserver")

    assert len(mine["results"]) == 20
    assert {item["status"] for item in mine["results"]} == {"published", "corrected", "retracted"}
    assert mine == api


@pytest.mark.django_db
def test_the_baseline_wsgi_app_answers_only_its_one_url(monkeypatch):
    served = []

    class FakeDatabase:
        def rows(self):
            return []

    app = baseline.make_app(FakeDatabase())

    def start_response(status, headers):
        served.append((status, dict(headers)))

    environ = {"PATH_INFO": "/api/v1/claims/", "REQUEST_METHOD": "GET", "wsgi.url_scheme": "http"}
    body = b"".join(app(environ, start_response))
    assert served[-1][0] == "200 OK"
    assert json.loads(body) == {"next": None, "previous": None, "results": []}
    assert served[-1][1]["Content-Length"] == str(len(body))

    b"".join(app({**environ, "PATH_INFO": "/elsewhere/"}, start_response))
    assert served[-1][0] == "404 Not Found"


def test_the_baseline_reads_sqlite_urls_as_django_does(tmp_path):
    database = baseline.Database(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    assert database.vendor == "sqlite"
    connection_ = database.connect()
    assert connection_.execute("SELECT 1").fetchone() == (1,)
    assert baseline.Database("postgres://u@127.0.0.1/db").vendor == "postgresql"


WRK_OUTPUT = """Running 5s test @ http://127.0.0.1:8001/api/v1/claims/
  1 threads and 4 connections
  4007 requests in 5.00s, 40.12MB read
Requests/sec:    801.40
BENCH_RESULT {"requests": 4007, "duration_us": 5000123, "bytes": 42068443, \
"errors": {"connect": 0, "read": 0, "write": 0, "status": 2, "timeout": 0}, \
"latency_us": {"p50": 4812, "p95": 7001, "p99": 9100, "max": 15000, "mean": 4990.5}}
"""


def test_wrk_results_are_read_from_the_report_line():
    result = load.parse_output(WRK_OUTPUT)
    assert result.requests == 4007
    assert result.rps == pytest.approx(801.38, abs=0.01)
    assert result.latency_ms["p95"] == pytest.approx(7.001)
    assert result.error_count == 2


def test_wrk_output_without_a_report_line_is_an_error():
    with pytest.raises(load.LoadError, match="no result line"):
        load.parse_output("unable to connect to 127.0.0.1:8001 Connection refused")


def test_the_benchmark_never_uses_the_apps_own_postgresql_database(tmp_path):
    url = run.bench_database_url({"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/factcheck"})
    assert url == "postgres://postgres@127.0.0.1:5432/factcheck_bench"
    assert run.bench_database_url({"BENCH_DATABASE_URL": "postgres://h/b"}) == "postgres://h/b"
    sqlite = run.bench_database_url({}, work=tmp_path)
    assert sqlite == f"sqlite:///{tmp_path / 'bench.sqlite3'}"
    with pytest.raises(run.BenchError, match="PostgreSQL or SQLite"):
        run.bench_database_url({"DATABASE_URL": "mysql://root@localhost/x"})


def test_the_servers_run_with_production_settings_and_no_secret_from_the_repo():
    env = run.server_environment("sqlite:////tmp/x.sqlite3")
    assert env["DEBUG"] == "false"
    assert env["STATIC_MANIFEST"] == "true"
    assert len(env["SECRET_KEY"]) >= 50
    assert env["SECRET_KEY"] != run.server_environment("sqlite:////tmp/x.sqlite3")["SECRET_KEY"]


def _run(rps, p50, p95, *, baseline_rps=1000.0, baseline_p50=2.0, errors=0):
    return {
        "rps": rps,
        "requests": int(rps * 5),
        "latency_ms": {"p50": p50, "p95": p95, "p99": p95 * 1.5},
        "errors": {"connect": 0, "read": 0, "write": 0, "status": errors, "timeout": 0},
        "baseline_rps": baseline_rps,
        "baseline_p50_ms": baseline_p50,
    }


def _endpoint(runs, queries=3):
    return {"queries": queries, **report.summarise(runs)}


def test_ratios_are_medians_of_each_run_against_the_baseline_run_before_it():
    summary = report.summarise(
        [
            _run(500, 4, 6, baseline_rps=1000),
            _run(450, 4, 6, baseline_rps=500),  # a slow moment for both: ratio 0.9
            _run(300, 4, 6, baseline_rps=1000),
        ]
    )
    assert summary["rps"] == 450
    assert summary["rps_vs_baseline"] == 0.5


def test_targets_are_met_or_missed_in_the_right_direction():
    good = {
        "claims_first": _endpoint([_run(600, 3, 5)]),
        "claims_first_hit": _endpoint([_run(1800, 1, 2)], queries=1),
        "claims_deep": _endpoint([_run(590, 3.3, 5)]),
        "claim_detail": _endpoint([_run(700, 2.5, 4)]),
        "claim_detail_hit": _endpoint([_run(1900, 1, 2)], queries=1),
        "claim_detail_304": _endpoint([_run(2200, 1, 2)], queries=1),
        "claims_first_304": _endpoint([_run(2000, 1, 2)], queries=1),
        "annotate_typical": _endpoint([_run(100, 10, 15)], queries=9),
        "annotate_long": _endpoint([_run(5, 240, 300)], queries=9),
        "search": _endpoint([_run(400, 5, 11)]),
        "similar": _endpoint([_run(150, 9, 19)]),  # p95 4.75 x the detail's
        "public_list": _endpoint([_run(100, 10, 15)]),
        "dashboard": _endpoint([_run(20, 60, 80)]),  # p50 6 x the public list's
        "agreement": _endpoint([_run(50, 30, 40)]),  # p50 3 x the public list's
    }
    assert all(t["met"] for t in report.evaluate(good)), report.evaluate(good)

    bad = dict(good)
    bad["claims_first"] = _endpoint([_run(200, 3, 5)])  # 0.2 x baseline
    bad["claim_detail_hit"] = _endpoint([_run(500, 3, 5)], queries=2)  # 0.5 x, 2 queries
    bad["claims_deep"] = _endpoint([_run(400, 4, 5)])  # 4 ms against 3 ms
    bad["claims_first_304"] = _endpoint([_run(500, 1, 2)], queries=1)  # 0.5 x baseline
    bad["annotate_long"] = _endpoint([_run(5, 260, 300, errors=1)], queries=10)
    bad["similar"] = _endpoint([_run(50, 15, 21)])  # p95 5.25 x the detail's
    bad["dashboard"] = _endpoint([_run(9, 110, 130)])  # p50 11 x the public list's
    bad["agreement"] = _endpoint([_run(8, 120, 140)])  # p50 12 x the public list's
    missed = {t["target"] for t in report.evaluate(bad) if not t["met"]}
    assert missed == {
        "List throughput, cache miss, × baseline",
        "Detail throughput, cache hit, × baseline",
        "Queries of a cache hit",
        "304 throughput, claims list, × baseline",
        "Deep cursor page p50, × first page p50",
        "Long annotate page p50, × typical one",
        "Long annotate page queries, − typical one",
        "Similar fact-checks p95, × claim detail p95",
        "Team dashboard p50, × public fact-checks page p50",
        "Agreement page p50, × public fact-checks page p50",
        "Errors in every run",
    }


def _document(*, scale: float = 1) -> dict:
    class Target:
        def __init__(self, name):
            self.name, self.label, self.path, self.status, self.queries = (
                name,
                name.replace("_", " "),
                f"/{name}/",
                200,
                2,
            )

    names = ["claims_first", "claim_detail"]
    return report.build(
        machine={
            "cpu": "Test CPU",
            "cores": 2,
            "memory_gib": 8,
            "os": "Linux",
            "python": "3.11",
            "django": "5.2",
            "gunicorn": "23",
            "gunicorn_workers": 2,
            "database": "SQLite 3.45",
            "wrk": "wrk 4.1.0",
        },
        config={
            "vendor": "sqlite",
            "scale": scale,
            "seed": 42,
            "seconds_per_run": 5,
            "rounds": 1,
            "connections": 4,
            "smoke": False,
        },
        data={"public_claims": 20000, "session": "secret-session-key"},
        targets=[Target(n) for n in names],
        runs={
            "baseline": [_run(1000, 2, 3)],
            "claims_first": [_run(500, 3, 5)],
            "claim_detail": [_run(700, 2, 4)],
        },
        imported={
            "bytes": 1_000_000,
            "sentences": 12000,
            "seconds": 1.5,
            "raw_insert_seconds": 0.3,
            "ratio_to_raw_insert": 5.0,
            "megabytes_per_second": 0.67,
        },
        elapsed=100,
    )


def test_the_report_is_written_as_markdown_and_json(tmp_path):
    document = _document()
    md, js = report.write(document, tmp_path)
    assert md.name == "sqlite.md"
    saved = json.loads(js.read_text())
    assert saved["endpoints"]["claims_first"]["rps_vs_baseline"] == 0.5
    assert "secret-session-key" not in js.read_text()
    text = md.read_text()
    assert "| claims first | 2 | 500 | 0.50 |" in text
    assert "List throughput, cache miss, × baseline | 0.50 | ≥ 0.3 | yes |" in text


def test_an_unreachable_postgresql_is_a_clear_error():
    with pytest.raises(run.BenchError, match="Cannot reach PostgreSQL"):
        run.recreate_database("postgres://postgres@127.0.0.1:1/factcheck_bench")


def test_a_failed_management_command_is_a_clear_error(tmp_path):
    env = run.server_environment(f"sqlite:///{tmp_path / 'x.sqlite3'}", work=tmp_path)
    with pytest.raises(run.BenchError, match="no-such-command failed"):
        run.manage(env, "no-such-command")


@pytest.mark.parametrize(("scale", "name"), [(10, "sqlite-scale10"), (0.01, "sqlite-scale0.01")])
def test_a_report_at_another_scale_does_not_replace_the_default_one(tmp_path, scale, name):
    md, js = report.write(_document(scale=scale), tmp_path)
    assert (md.name, js.name) == (f"{name}.md", f"{name}.json")
    assert not (tmp_path / "sqlite.md").exists()


def _shape(outcome, expected, seconds=0.2):
    return {
        "label": "a shape",
        "bytes": 1_000_000,
        "expected": expected,
        "outcome": outcome,
        "sentences": 10,
        "runs": [seconds],
        "seconds": seconds,
        "seconds_per_megabyte": seconds,
    }


def _document_with_shapes(shapes: dict) -> dict:
    document = _document()
    return report.build(
        machine=document["machine"],
        config=document["config"],
        data=document["data"],
        targets=[],
        runs={"baseline": [_run(1000, 2, 3)]},
        imported={**document["import"], "shapes": shapes},
        elapsed=1,
    )


def test_the_report_gives_each_import_shape_and_the_slowest_against_its_target():
    document = _document_with_shapes(
        {
            "long_line": _shape("imported", "imported", 0.4),
            "many_tags": _shape("too_many_tags", "too_many_tags", 0.01),
        }
    )

    text = report.markdown(document)
    assert "| a shape | 1,000,000 | too_many_tags | too_many_tags | 10 | 0.010 | 0.010 |" in text
    assert "| Slowest import shape, seconds per MB | 0.40 | ≤ 1 | yes |" in text
    assert document["errors"] == 0


def test_a_shape_imported_or_refused_otherwise_than_expected_is_an_error():
    document = _document_with_shapes({"many_tags": _shape("imported", "too_many_tags", 3.0)})

    assert document["errors"] == 1
    assert "| **imported** | too_many_tags |" in report.markdown(document)
    assert "| Slowest import shape, seconds per MB | 3.00 | ≤ 1 | **no** |" in (
        report.markdown(document)
    )


@pytest.mark.django_db
def test_every_import_shape_measured_in_process_comes_out_as_expected():
    shapes = run.measure_import_shapes(seed=1, runs=1, size=20_000)

    assert set(shapes) >= {"long_line", "short_paragraphs", "many_tags", "nested_html"}
    assert report.unexpected_shapes({"shapes": shapes}) == []


def test_the_report_gives_the_embedding_throughput():
    document = _document()
    document["embedding"] = {
        "model": "model==1/int8",
        "public_claims": 200_000,
        "embedded": 20_000,
        "seconds": 40.0,
        "claims_per_second_2_threads": 500.0,
        "claims_per_second_1_thread": 900.0,
        "sample_1_thread": 2_000,
    }
    text = report.markdown(document)
    assert "20,000 claims embedded in 40.0 s, 500 claims/s with the model on 2 threads" in text
    assert "(900 on 1, 2,000 claims)" in text
    assert "the other 180,000 public claims reuse those vectors" in text


def test_only_keeps_the_named_endpoints_and_refuses_an_unknown_one():
    targets = [run.Endpoint(name, name, f"/{name}/", {}) for name in ("similar", "claim_detail")]
    assert [t.name for t in run.select(targets, ["claim_detail"])] == ["claim_detail"]
    assert run.select(targets, None) == targets
    with pytest.raises(run.BenchError, match=r"Unknown endpoint.*nope; known: claim_detail"):
        run.select(targets, ["nope"])


def test_a_partial_report_leaves_out_the_targets_it_did_not_measure(tmp_path):
    document = _document()
    partial = report.build(
        machine=document["machine"],
        config={**document["config"], "only": ["similar", "claim_detail"]},
        data=document["data"],
        targets=[
            run.Endpoint(name, name, f"/{name}/", {}, queries=4)
            for name in ("similar", "claim_detail")
        ],
        runs={
            "baseline": [_run(1000, 2, 3)],
            "similar": [_run(150, 9, 19)],
            "claim_detail": [_run(700, 2.5, 4)],
        },
        imported=None,
        elapsed=1,
    )
    assert [t["target"] for t in partial["targets"]] == [
        "Detail throughput, cache miss, × baseline",
        "Similar fact-checks p95, × claim detail p95",
        "Errors in every run",
    ]
    md, _ = report.write(partial, tmp_path)
    assert md.name == "sqlite-partial.md"
    assert "Only similar, claim_detail measured (--only)." in md.read_text()
    assert "Import of" not in md.read_text()


def test_reused_data_must_match_the_database_scale_and_seed(tmp_path):
    database = tmp_path / "bench.sqlite3"
    url = f"sqlite:///{database}"
    marker = run.DataMarker(url, scale=10, seed=42, work=tmp_path)
    assert marker.read() is None
    marker.write({"public_claims": 200_700}, {"model": None})
    assert marker.read() is None  # the database file is gone: nothing to reuse
    database.touch()
    assert marker.read()["summary"] == {"public_claims": 200_700}
    assert run.DataMarker(url, scale=1, seed=42, work=tmp_path).read() is None
    assert run.DataMarker(url, scale=10, seed=7, work=tmp_path).read() is None
    other = run.DataMarker(
        f"sqlite:///{tmp_path / 'other.sqlite3'}", scale=10, seed=42, work=tmp_path
    )
    assert other.path != marker.path
    marker.forget()
    assert marker.read() is None


def test_the_report_gives_two_nodes_beside_one_and_counts_their_errors(tmp_path):
    document = _document()
    with_nodes = report.build(
        machine=document["machine"],
        config=document["config"],
        data=document["data"],
        targets=[],
        runs={"baseline": [_run(1000, 2, 3)]},
        imported=document["import"],
        nodes={
            "cores": 2,
            "connections_per_node": 4,
            "endpoints": {
                "claim_detail": {
                    "label": "Claim detail (cache miss)",
                    "one_node_rps": 1000.0,
                    "two_nodes_rps": 1100.0,
                    "ratio": 1.1,
                    "errors": 3,
                }
            },
        },
        elapsed=1,
    )
    assert with_nodes["errors"] == 3
    md, _ = report.write(with_nodes, tmp_path)
    text = md.read_text()
    assert "Two app servers against one, on the same 2 cores" in text
    assert "| Claim detail (cache miss) | 1,000 | 1,100 | 1.10 | 3 |" in text


@pytest.mark.django_db
def test_the_profilers_request_is_the_apis_answer(request):
    """``bench.profile`` calls the WSGI application as gunicorn does: what it reads back
    is the API's own document, and a path that is not answered 200 stops it."""
    from django.core.signals import request_finished, request_started
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    from bench import profile

    claim = published_claim()
    path = f"/api/v1/claims/{claim.pk}/"
    expected = APIClient().get(path, HTTP_HOST="127.0.0.1").json()
    application = get_wsgi_application()
    # As the test client does: the test's connection stays open between requests.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    request.addfinalizer(lambda: request_started.connect(close_old_connections))
    request.addfinalizer(lambda: request_finished.connect(close_old_connections))
    assert orjson.loads(profile.request(application, path)) == expected
    page = orjson.loads(profile.request(application, "/api/v1/claims/?page_size=1"))
    assert [row["id"] for row in page["results"]] == [claim.pk]
    with pytest.raises(SystemExit, match="404"):
        profile.request(application, "/api/v1/claims/999999999/")


def test_instructions_are_read_from_valgrinds_summary_and_divided_per_request():
    from bench import instructions

    output = "==12270== Collected : 4692786220\n==12270==\n==12270== I   refs:      4,692,786,220\n"
    assert instructions.instructions_of(output) == 4_692_786_220
    with pytest.raises(run.BenchError, match="No instruction count"):
        instructions.instructions_of("valgrind: command not found")
    assert instructions.per_request(4_692_786_220, 5_612_666_080, 100) == 9_198_798.6
    with pytest.raises(run.BenchError):
        instructions.per_request(5_000, 4_000, 100)


@pytest.mark.django_db
def test_the_deep_cursor_is_the_page_after_half_the_public_claims(moderator):
    claims = [published_claim(moderator=moderator) for _ in range(6)]
    offset, query = run.deep_cursor()
    assert offset == 3
    page = APIClient().get(f"/api/v1/claims/?{query}", HTTP_HOST="127.0.0.1").json()
    newest_first = sorted(claims, key=lambda claim: (claim.published_at, claim.pk), reverse=True)
    assert [row["id"] for row in page["results"]] == [claim.pk for claim in newest_first[3:]]
