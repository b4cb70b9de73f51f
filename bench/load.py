"""Load runs with wrk: one time-bounded run against one URL, read back as numbers.

wrk (Debian's package) is used rather than a Python load generator because it costs
the machine far less per request than the servers it measures: on a 2-core machine a
locust or an asyncio client would take the CPU the servers need and flatten every ratio.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPORT_SCRIPT = Path(__file__).with_name("report.lua")
MARKER = "BENCH_RESULT "


class LoadError(RuntimeError):
    """wrk is missing, failed, or printed no result."""


@dataclass(frozen=True)
class RunResult:
    requests: int
    seconds: float
    errors: dict[str, int]
    latency_ms: dict[str, float]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    def as_dict(self) -> dict:
        return {
            "requests": self.requests,
            "seconds": round(self.seconds, 3),
            "rps": round(self.rps, 1),
            "errors": dict(self.errors),
            "latency_ms": {k: round(v, 3) for k, v in self.latency_ms.items()},
        }


def parse_output(output: str) -> RunResult:
    """The result line that ``report.lua`` prints at the end of a run."""
    for line in output.splitlines():
        if line.startswith(MARKER):
            data = json.loads(line[len(MARKER) :])
            return RunResult(
                requests=data["requests"],
                seconds=data["duration_us"] / 1e6,
                errors=data["errors"],
                latency_ms={k: v / 1000 for k, v in data["latency_us"].items()},
            )
    raise LoadError(f"wrk printed no result line:\n{output.strip()[-2000:]}")


def wrk_path() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise LoadError(
            "wrk is not installed. On Debian or Ubuntu: apt-get install wrk "
            "(`make bench` installs it when run as root)."
        )
    return path


@dataclass(frozen=True)
class Request:
    url: str
    headers: dict[str, str] = field(default_factory=dict)


def run(request: Request, *, seconds: float, connections: int, timeout: float = 10) -> RunResult:
    """Load ``request.url`` for ``seconds`` with ``connections`` open at a time."""
    command = [
        wrk_path(),
        "--threads",
        "1",
        "--connections",
        str(connections),
        "--duration",
        f"{max(1, round(seconds))}s",
        "--timeout",
        f"{round(timeout)}s",
        "--script",
        str(REPORT_SCRIPT),
    ]
    for name, value in request.headers.items():
        command += ["--header", f"{name}: {value}"]
    command.append(request.url)
    completed = subprocess.run(  # noqa: S603 - fixed arguments, loopback URL
        command, capture_output=True, text=True, timeout=seconds + timeout + 30, check=False
    )
    if completed.returncode != 0:
        raise LoadError(f"wrk exited with {completed.returncode}: {completed.stderr.strip()}")
    return parse_output(completed.stdout)


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def fetch(request: Request, *, timeout: float = 30) -> Answer:
    """One request, answered whatever its status (no redirects followed)."""
    prepared = urllib.request.Request(request.url, headers=request.headers)  # noqa: S310
    try:
        with _opener.open(prepared, timeout=timeout) as response:
            return Answer(response.status, dict(response.headers.items()), response.read())
    except urllib.error.HTTPError as exc:
        return Answer(exc.code, dict(exc.headers.items()), exc.read())
