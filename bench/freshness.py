"""Freshness under load: the response cache never answers with an older state than the
last one committed before the request began.

While wrk reads the claim list (the load), this process publishes, corrects and retracts
claims through the services, one after the other, each on a claim it has just published
(so that it is on the list's first page), and two reader threads read the list's first
page and that claim's detail, in a loop. A reader notes the last change committed before
it sent each request, and checks the answer against it: the claim in the list with the
status that change gave it, and in its detail the same. A response that shows an older
state is stale; the target is none.

Run by ``bench.run`` against the app with its response cache on (each gunicorn worker
keeps its own copy: the case where a change must be seen by every worker at once).
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field

from bench import load

LIST_PATH = "/api/v1/claims/"
# A claim goes through these in this order here: an answer showing a later one than the
# change the reader waits for is newer, not stale.
ORDER = {"published": 0, "corrected": 1, "retracted": 2}
HEADERS = {"Accept": "application/json", "Accept-Language": "fr"}


@dataclass
class Change:
    claim_id: int
    status: str
    committed: float  # time.monotonic() after the commit


@dataclass
class Log:
    changes: list[Change] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, change: Change) -> None:
        with self.lock:
            self.changes.append(change)

    def last_before(self, moment: float) -> Change | None:
        with self.lock:
            done = [c for c in self.changes if c.committed <= moment]
        return done[-1] if done else None


def _writer(log: Log, stop: threading.Event, errors: list[str], pause: float) -> None:
    """Publish an in-review claim, correct it, retract it; again with the next one."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from annotations import permissions, services
    from annotations.models import Claim, Verdict

    try:
        users = list(get_user_model().objects.filter(is_active=True).order_by("id"))
        moderators = [u for u in users if permissions.is_moderator(u)]
        reviewers = [u for u in users if permissions.is_reviewer(u) and u not in moderators]
        waiting = Claim.objects.filter(status=Claim.Status.IN_REVIEW).order_by("id")
        for claim in waiting.iterator():
            if stop.is_set():
                break
            moderator = next(m for m in moderators if m.pk != claim.author_id)
            claim = services.claim_approve(claim=claim, moderator=moderator)
            log.add(Change(claim.pk, "published", time.monotonic()))
            time.sleep(pause)
            author = next(r for r in reviewers if r.pk != moderator.pk)
            services.correction_start(claim=claim, user=author)
            current = Claim.objects.get(pk=claim.pk)
            services.verdict_set(
                claim=current,
                user=author,
                expected_version=current.version,
                rating=Verdict.Rating.MISLEADING,
                rationale="Corrigé pendant la mesure.",
                correction_note="Une correction pendant la mesure.",
            )
            services.claim_submit(claim=current, user=author)
            claim = services.claim_approve(claim=current, moderator=moderator)
            log.add(Change(claim.pk, "corrected", time.monotonic()))
            time.sleep(pause)
            claim = services.claim_retract(claim=claim, moderator=moderator, note="Retiré.")
            log.add(Change(claim.pk, "retracted", time.monotonic()))
            time.sleep(pause)
    except Exception as exc:  # reported, not raised: the readers are still running
        errors.append(f"writer: {exc!r}")
    finally:
        connection.close()


def _reader(base: str, log: Log, stop: threading.Event, counts: dict, lock: threading.Lock):
    while not stop.is_set():
        started = time.monotonic()
        change = log.last_before(started)
        if change is None:
            time.sleep(0.01)
            continue
        for path in (LIST_PATH, f"{LIST_PATH}{change.claim_id}/"):
            answer = load.fetch(load.Request(base + path, HEADERS))
            document = json.loads(answer.body) if answer.status == 200 else {}
            rows = document.get("results", [document])
            shown = {row.get("id"): row.get("status") for row in rows}
            seen = ORDER.get(shown.get(change.claim_id), -1)
            stale = seen < ORDER[change.status]
            with lock:
                counts["responses"] += 1
                counts["stale"] += stale
                counts["errors"] += answer.status != 200
                if stale and len(counts["examples"]) < 5:
                    counts["examples"].append(
                        f"{path}: {shown.get(change.claim_id)!r}, expected {change.status!r}"
                    )


def measure_freshness(base_url: str, *, seconds: float, connections: int) -> dict:
    """Readers and wrk against ``base_url`` for ``seconds`` while the writer changes claims."""
    log, stop, lock = Log(), threading.Event(), threading.Lock()
    counts = {"responses": 0, "stale": 0, "errors": 0, "examples": []}
    errors: list[str] = []
    writer = threading.Thread(target=_writer, args=(log, stop, errors, 0.05), daemon=True)
    readers = [
        threading.Thread(target=_reader, args=(base_url, log, stop, counts, lock), daemon=True)
        for _ in range(2)
    ]
    writer.start()
    for reader in readers:
        reader.start()
    wrk = load.run(
        load.Request(base_url + LIST_PATH, HEADERS), seconds=seconds, connections=connections
    )
    stop.set()
    writer.join(timeout=30)
    for reader in readers:
        reader.join(timeout=30)
    return {
        "seconds": seconds,
        "changes": len(log.changes),
        "checked_responses": counts["responses"],
        "stale_responses": counts["stale"],
        "reader_errors": counts["errors"],
        "stale_examples": counts["examples"],
        "writer_errors": errors,
        "load_rps": round(wrk.rps, 1),
        "load_errors": wrk.error_count,
    }
