"""Two app servers against one: the throughput of a second web node on the same machine.

``bench.run`` starts a second app server like the first (same settings, same number of
gunicorn workers, the same database) and, for each endpoint, loads the first alone, then
both at once (one wrk each, as a reverse proxy would spread the requests), each pair of
runs a few seconds apart. Reported: requests per second of one node, of the two together,
and their ratio, with the machine's cores: on one machine the two nodes share its cores,
so the ratio says what a second node adds there (with the cores already busy, little);
on a second machine each node has its own.
"""

from __future__ import annotations

import os
import statistics
import threading

from bench import load


def _both(requests: list[load.Request], *, seconds: float, connections: int):
    """Run wrk against each request at the same time; the results in the same order."""
    results: list = [None] * len(requests)
    failures: list[BaseException] = []

    def one(index: int, request: load.Request) -> None:
        try:
            results[index] = load.run(request, seconds=seconds, connections=connections)
        except Exception as exc:  # raised again in the calling thread
            failures.append(exc)

    threads = [
        threading.Thread(target=one, args=(i, request)) for i, request in enumerate(requests)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]
    return results


def measure_nodes(
    first_url: str,
    second_url: str,
    paths: dict[str, tuple[str, str]],
    headers: dict[str, str],
    *,
    seconds: float,
    connections: int,
    rounds: int,
) -> dict:
    """For each ``name: (label, path)``, one node's throughput and two nodes' together
    (medians of ``rounds``), with each run's errors."""
    rows = {}
    for name, (label, path) in paths.items():
        one_node, two_nodes, errors = [], [], 0
        for _ in range(rounds):
            alone = load.run(
                load.Request(first_url + path, headers), seconds=seconds, connections=connections
            )
            pair = _both(
                [load.Request(url + path, headers) for url in (first_url, second_url)],
                seconds=seconds,
                connections=connections,
            )
            one_node.append(alone.rps)
            two_nodes.append(sum(result.rps for result in pair))
            errors += alone.error_count + sum(result.error_count for result in pair)
        one, two = statistics.median(one_node), statistics.median(two_nodes)
        rows[name] = {
            "label": label,
            "path": path,
            "one_node_rps": round(one, 1),
            "two_nodes_rps": round(two, 1),
            "ratio": round(two / one, 2) if one else None,
            "errors": errors,
            "runs": {"one_node": one_node, "two_nodes": two_nodes},
        }
    return {"cores": os.cpu_count(), "connections_per_node": connections, "endpoints": rows}
