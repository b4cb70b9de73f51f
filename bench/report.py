"""The benchmark's report: medians of the runs, ratios to the baseline, the targets.

``build`` turns the raw runs into one JSON-serialisable document; ``markdown`` writes it
as tables; ``write`` saves both in ``bench/results/`` as ``<vendor>.json`` and
``<vendor>.md`` (the latest run on each database; git keeps the earlier ones), with
``-scale<N>`` after the vendor for another size than the default.
"""

from __future__ import annotations

import datetime
import json
import statistics
from pathlib import Path


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def summarise(runs: list[dict]) -> dict:
    """Medians over the rounds of one endpoint; ratios are medians of the per-round ratios
    (each app run against the baseline run just before it)."""
    summary = {
        "rounds": len(runs),
        "rps": round(_median([r["rps"] for r in runs]), 1),
        "latency_ms": {
            key: round(_median([r["latency_ms"][key] for r in runs]), 3)
            for key in ("p50", "p95", "p99")
        },
        "errors": sum(sum(r["errors"].values()) for r in runs),
        "requests": sum(r["requests"] for r in runs),
    }
    if runs and "baseline_rps" in runs[0]:
        summary["rps_vs_baseline"] = round(
            _median([r["rps"] / r["baseline_rps"] for r in runs if r["baseline_rps"]]), 3
        )
        summary["p50_vs_baseline"] = round(
            _median([r["latency_ms"]["p50"] / r["baseline_p50_ms"] for r in runs]), 2
        )
    return summary


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 3) if b else None


def evaluate(endpoints: dict[str, dict]) -> list[dict]:
    """The targets: each with the measured value, the limit, and whether it is met."""

    def get(name: str) -> dict:
        return endpoints.get(name) or {"rps": 0, "latency_ms": {}, "queries": None}

    # The endpoints each target is computed from: a target whose endpoints were not
    # measured (``--only``) is left out of the report, not counted as missed.
    requires = {
        "List throughput, cache miss": ("claims_first",),
        "Detail throughput, cache miss": ("claim_detail",),
        "List throughput, cache hit": ("claims_first_hit",),
        "Detail throughput, cache hit": ("claim_detail_hit",),
        "Queries of a cache hit": ("claims_first_hit", "claim_detail_hit"),
        "304 throughput, claim detail": ("claim_detail_304",),
        "304 throughput, claims list": ("claims_first_304",),
        "Deep cursor page": ("claims_first", "claims_deep"),
        "Long annotate page": ("annotate_typical", "annotate_long"),
        "Search p95": ("search", "claim_detail"),
        "Similar fact-checks p95": ("similar", "claim_detail"),
        "Team dashboard": ("dashboard", "public_list"),
        "Agreement page": ("agreement", "public_list"),
    }

    def measured(label: str) -> bool:
        names = next((n for prefix, n in requires.items() if label.startswith(prefix)), ())
        return all(name in endpoints for name in names)

    first, deep = get("claims_first"), get("claims_deep")
    detail, detail_304 = get("claim_detail"), get("claim_detail_304")
    first_304 = get("claims_first_304")
    short, long_ = get("annotate_typical"), get("annotate_long")
    search = get("search")
    similar = get("similar")
    public_list, dashboard = get("public_list"), get("dashboard")
    agreement = get("agreement")
    errors = sum(e.get("errors", 0) for e in endpoints.values())
    first_hit, detail_hit = get("claims_first_hit"), get("claim_detail_hit")
    rows = [
        ("List throughput, cache miss, × baseline", first.get("rps_vs_baseline"), ">=", 0.3),
        ("Detail throughput, cache miss, × baseline", detail.get("rps_vs_baseline"), ">=", 0.35),
        ("List throughput, cache hit, × baseline", first_hit.get("rps_vs_baseline"), ">=", 0.6),
        (
            "Detail throughput, cache hit, × baseline",
            detail_hit.get("rps_vs_baseline"),
            ">=",
            0.6,
        ),
        (
            "Queries of a cache hit",
            max(
                (e["queries"] for e in (first_hit, detail_hit) if e.get("queries") is not None),
                default=None,
            ),
            "<=",
            1,
        ),
        # A 304 costs one query (the validator) and no body: it should come close to the
        # baseline's one query and a body. (It was once measured against the same
        # endpoint's 200, which penalised every gain on the 200.)
        ("304 throughput, claim detail, × baseline", detail_304.get("rps_vs_baseline"), ">=", 0.7),
        ("304 throughput, claims list, × baseline", first_304.get("rps_vs_baseline"), ">=", 0.7),
        (
            "Deep cursor page p50, × first page p50",
            _ratio(deep["latency_ms"].get("p50", 0), first["latency_ms"].get("p50", 0)),
            "<=",
            1.2,
        ),
        (
            "Long annotate page p50, × typical one",
            _ratio(long_["latency_ms"].get("p50", 0), short["latency_ms"].get("p50", 0)),
            "<=",
            25,
        ),
        (
            "Long annotate page queries, − typical one",
            (long_["queries"] - short["queries"])
            if long_.get("queries") is not None and short.get("queries") is not None
            else None,
            "<=",
            0,
        ),
        (
            "Search p95, × claim detail p95",
            _ratio(search["latency_ms"].get("p95", 0), detail["latency_ms"].get("p95", 0)),
            "<=",
            3,
        ),
        (
            "Similar fact-checks p95, × claim detail p95",
            _ratio(similar["latency_ms"].get("p95", 0), detail["latency_ms"].get("p95", 0)),
            "<=",
            5,
        ),
        (
            "Team dashboard p50, × public fact-checks page p50",
            _ratio(dashboard["latency_ms"].get("p50", 0), public_list["latency_ms"].get("p50", 0)),
            "<=",
            10,
        ),
        (
            "Agreement page p50, × public fact-checks page p50",
            _ratio(agreement["latency_ms"].get("p50", 0), public_list["latency_ms"].get("p50", 0)),
            "<=",
            10,
        ),
        ("Errors in every run", errors, "<=", 0),
    ]
    results = []
    for label, value, op, limit in rows:
        if not measured(label):
            continue
        met = value is not None and (value >= limit if op == ">=" else value <= limit)
        results.append({"target": label, "value": value, "op": op, "limit": limit, "met": met})
    return results


def build(
    *,
    machine,
    config,
    data,
    targets,
    runs,
    imported,
    elapsed,
    reanchoring=None,
    segmentation=None,
    embedding=None,
    freshness=None,
    nodes=None,
) -> dict:
    endpoints = {}
    baseline = summarise(runs["baseline"])
    for target in targets:
        endpoints[target.name] = {
            "label": target.label,
            "path": target.path,
            "status": target.status,
            "queries": target.queries,
            **summarise(runs[target.name]),
            "runs": runs[target.name],
        }
    data = {k: v for k, v in data.items() if k not in ("session",)}
    goals = evaluate(endpoints) + evaluate_import(imported or {})
    if reanchoring is not None:
        ratio = reanchoring["ratio_to_import"]
        limit = reanchoring["target_ratio"]
        goals.append(
            {
                "target": "New version with 1,000 claims re-anchored, × importing it",
                "value": ratio,
                "op": "<=",
                "limit": limit,
                "met": ratio is not None and ratio <= limit,
            }
        )
    goals += evaluate_segmentation(segmentation)
    if freshness is not None:
        stale = freshness["stale_responses"]
        goals.append(
            {
                "target": "Stale responses while claims change under load (cache on)",
                "value": stale,
                "op": "<=",
                "limit": 0,
                "met": stale == 0 and not freshness["writer_errors"],
            }
        )
    return {
        "generated_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "seconds": round(elapsed, 1),
        "machine": machine,
        "config": config,
        "data": data,
        "baseline": {
            "label": "Baseline: first page of claims, raw SQL + orjson",
            "path": "/api/v1/claims/",
            **baseline,
        },
        "endpoints": endpoints,
        "import": imported,
        "reanchoring": reanchoring,
        "segmentation": segmentation,
        "embedding": embedding,
        "freshness": freshness,
        "nodes": nodes,
        "targets": goals,
        "errors": sum(e["errors"] for e in endpoints.values())
        + sum(row["errors"] for row in (nodes or {}).get("endpoints", {}).values())
        + baseline["errors"]
        + len(unexpected_shapes(imported or {})),
    }


def unexpected_shapes(imported: dict) -> list[str]:
    """The import shapes that were not imported, or not refused, as they should be."""
    shapes = imported.get("shapes", {})
    return [name for name, shape in shapes.items() if shape["outcome"] != shape["expected"]]


def evaluate_import(imported: dict) -> list[dict]:
    """The import's target: every shape, imported or refused, at most a second a megabyte."""
    shapes = imported.get("shapes")
    if not shapes:
        return []
    slowest = max(shape["seconds_per_megabyte"] for shape in shapes.values())
    return [
        {
            "target": "Slowest import shape, seconds per MB",
            "value": slowest,
            "op": "<=",
            "limit": 1,
            "met": slowest <= 1,
        }
    ]


def evaluate_segmentation(segmentation: dict | None) -> list[dict]:
    """The segmenter's targets: a megabyte of news in at most a second, and a time that
    grows linearly with awkward input (``bench.segmentation``)."""
    if not segmentation:
        return []
    rows = [
        (
            "Segmentation of 1 MB of French news, seconds per MB",
            segmentation["seconds_per_megabyte"],
            segmentation["target_seconds_per_megabyte"],
        ),
        (
            "Segmentation of awkward input, 20 × the text: worst time × 20 × the time",
            segmentation["worst_growth"],
            segmentation["target_growth"],
        ),
    ]
    return [
        {"target": label, "value": value, "op": "<=", "limit": limit, "met": value <= limit}
        for label, value, limit in rows
    ]


def _segmentation_lines(s: dict | None) -> list[str]:
    if not s:
        return []
    return [
        "",
        f"Segmentation (CPU time, best of three): {s['bytes'] / 1e6:.2f} MB of French news, "
        f"{s['sentences']:,} sentences, in {s['seconds']:.3f} s; on awkward input, 20 times "
        f"the text takes at worst {s['worst_growth']:.2f} × 20 times the time "
        f"({s['worst_unit']!r} repeated).",
    ]


def _fmt(value, digits: int = 2) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}"


def _reanchoring_lines(r: dict | None) -> list[str]:
    if not r:
        return []
    return [
        "",
        f"New version of a {r['sentences']:,}-sentence article with {r['claims']:,} claims "
        f"({', '.join(f'{n} {kind}' for kind, n in r['edits'].items())} sentences): "
        f"{r['new_version_seconds']:.3f} s, {_fmt(r['ratio_to_import'])} × importing that "
        f"version ({r['import_seconds']:.3f} s); the re-anchoring engine alone, diff "
        f"included, {r['reanchor_engine_seconds']:.3f} s. Claims: "
        + ", ".join(f"{n} {state}" for state, n in sorted(r["states"].items()))
        + ".",
    ]


def _embedding_lines(e: dict | None) -> list[str]:
    if not e or not e.get("model"):
        return []
    return [
        "",
        f"Claim matching's vectors ({e['model']}): {e['embedded']:,} claims embedded in "
        f"{e['seconds']:.1f} s, {_fmt(e['claims_per_second_2_threads'], 0)} claims/s with the "
        f"model on 2 threads ({_fmt(e['claims_per_second_1_thread'], 0)} on 1, "
        f"{e['sample_1_thread']:,} claims); the other {e['public_claims'] - e['embedded']:,} "
        "public claims reuse those vectors."
        + (
            f" The word search's document frequencies counted in "
            f"{e['word_frequencies_seconds']:.2f} s."
            if e.get("word_frequencies_seconds") is not None
            else ""
        ),
    ]


def markdown(document: dict) -> str:
    m, c = document["machine"], document["config"]
    b = document["baseline"]
    lines = [
        f"# Benchmark on {m['database']} ({document['generated_at']})",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB; {m['os']}; "
        f"Python {m['python']}, Django {m['django']}, gunicorn {m['gunicorn']} "
        f"({m['gunicorn_workers']} sync workers), {m['wrk']}.",
        f"Data: scale {c['scale']:g} (seed {c['seed']}): "
        f"{document['data'].get('public_claims', 0):,} public claims. "
        f"Each figure is the median of {c['rounds']} runs of {c['seconds_per_run']:g} s "
        f"with {c['connections']} connections; every app run follows a baseline run."
        + (f" Only {', '.join(c['only'])} measured (--only)." if c.get("only") else "")
        + (" Data reused from an earlier run (--reuse-data)." if c.get("reused_data") else ""),
        "",
        "| Endpoint | Queries | req/s | × baseline | p50 ms | p95 ms | p99 ms | Errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {b['label']} | 1 | {_fmt(b['rps'], 0)} | 1.00 | {_fmt(b['latency_ms']['p50'])} | "
        f"{_fmt(b['latency_ms']['p95'])} | {_fmt(b['latency_ms']['p99'])} | {b['errors']} |",
    ]
    for e in document["endpoints"].values():
        lines.append(
            f"| {e['label']} | {_fmt(e['queries'])} | {_fmt(e['rps'], 0)} | "
            f"{_fmt(e.get('rps_vs_baseline'))} | {_fmt(e['latency_ms']['p50'])} | "
            f"{_fmt(e['latency_ms']['p95'])} | {_fmt(e['latency_ms']['p99'])} | {e['errors']} |"
        )
    lines += [
        *_import_lines(document.get("import")),
        *_reanchoring_lines(document.get("reanchoring")),
        *_segmentation_lines(document.get("segmentation")),
        *_embedding_lines(document.get("embedding")),
        *_freshness_lines(document.get("freshness")),
        *_nodes_lines(document.get("nodes")),
        "",
        "| Target | Measured | Limit | Met |",
        "| --- | ---: | ---: | :---: |",
    ]
    for t in document["targets"]:
        op = "≥" if t["op"] == ">=" else "≤"
        lines.append(
            f"| {t['target']} | {_fmt(t['value'])} | {op} {t['limit']:g} | "
            f"{'yes' if t['met'] else '**no**'} |"
        )
    return "\n".join(lines) + "\n"


def _nodes_lines(nodes: dict | None) -> list[str]:
    if not nodes:
        return []
    lines = [
        "",
        f"Two app servers against one, on the same {nodes['cores']} cores (each with the "
        f"same gunicorn workers, {nodes['connections_per_node']} connections each, response "
        "cache off):",
        "",
        "| Endpoint | One node, req/s | Two nodes, req/s | × one node | Errors |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for row in nodes["endpoints"].values():
        lines.append(
            f"| {row['label']} | {_fmt(row['one_node_rps'], 0)} | "
            f"{_fmt(row['two_nodes_rps'], 0)} | {_fmt(row['ratio'])} | {row['errors']} |"
        )
    return lines


def _import_lines(i: dict | None) -> list[str]:
    if not i:
        return []
    return [
        "",
        f"Import of {i['bytes'] / 1e6:g} MB of plain text ({i['sentences']:,} sentences: parse, "
        f"segment, store): {i['seconds']:.2f} s, {i['megabytes_per_second']:.2f} MB/s; "
        f"{_fmt(i['ratio_to_raw_insert'])} × a raw insert of the same rows "
        f"({i['raw_insert_seconds']:.3f} s).",
        *_shape_lines(i.get("shapes", {})),
    ]


def _freshness_lines(fresh: dict | None) -> list[str]:
    if not fresh:
        return []
    line = (
        f"Freshness under load ({fresh['seconds']:g} s, wrk reading the list at "
        f"{fresh['load_rps']:,.0f} req/s): {fresh['changes']} publications, corrections and "
        f"retractions through the services; {fresh['checked_responses']:,} responses of the "
        f"list and the changed claim checked, {fresh['stale_responses']} stale."
    )
    problems = fresh["stale_examples"] + fresh["writer_errors"]
    return ["", line, *(f"- {p}" for p in problems)]


def _shape_lines(shapes: dict) -> list[str]:
    if not shapes:
        return []
    lines = [
        "",
        "Import by shape (decode, parse, segment, store; a refusal is the expected error):",
        "",
        "| Shape | Bytes | Outcome | Expected | Sentences | s | s per MB |",
        "| --- | ---: | --- | --- | ---: | ---: | ---: |",
    ]
    for shape in shapes.values():
        outcome = shape["outcome"]
        if outcome != shape["expected"]:
            outcome = f"**{outcome}**"
        lines.append(
            f"| {shape['label']} | {shape['bytes']:,} | {outcome} | {shape['expected']} | "
            f"{shape['sentences']:,} | {shape['seconds']:.3f} | "
            f"{shape['seconds_per_megabyte']:.3f} |"
        )
    return lines


def write(document: dict, directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    config = document["config"]
    scale = "" if config["scale"] == 1 else f"-scale{config['scale']:g}"
    partial = "-partial" if config.get("only") else ""
    stem = f"{config['vendor']}{scale}{partial}"  # not with_suffix: "scale0.01" has a dot
    json_path = directory / f"{stem}.json"
    md_path = directory / f"{stem}.md"
    json_path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    md_path.write_text(markdown(document))
    return [md_path, json_path]
