"""The worker process (``manage.py worker``) for real: separate processes on the test
database, sending to a local receiver. Two workers share the queue and never send the
same delivery twice; a worker killed in the middle of a delivery loses nothing.

The deliveries are committed (``transactional_db``) so that the workers see them.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.management import call_command

from annotations.models import WebhookDelivery, WebhookEndpoint
from tests.conftest import ROOT
from tests.factories import published_claim
from tests.processes import base_env, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


class Receiver:
    """Records each delivery's id; each answer waits ``delay`` seconds, and the first
    one waits until ``release`` is set when ``hold_first``."""

    def __init__(self, *, delay: float = 0.0, hold_first: bool = False):
        self.ids: list[str] = []
        self.first_arrived = threading.Event()
        self.release = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers["Content-Length"]))
                receiver.ids.append(self.headers["X-Factcheck-Delivery"])
                if hold_first and not receiver.first_arrived.is_set():
                    receiver.first_arrived.set()
                    receiver.release.wait(30)
                time.sleep(delay)
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@contextmanager
def worker(log: Path, **env: str):
    process = subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--interval", "0.1", "--batch", "1"],
        cwd=ROOT,
        env=base_env(
            CACHE_URL="locmem://",
            WEBHOOKS_ALLOW_PRIVATE="true",
            MATCHING_EMBED="thread",  # vectors are not under test here
            **env,
        ),
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for(lambda: "Worker started" in log.read_text(), "the worker did not start", process)
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)


def deliveries_to(receiver: Receiver, count: int) -> list[int]:
    """``count`` pending deliveries of one publication (one per endpoint), committed."""
    for n in range(count):
        WebhookEndpoint.objects.create(name=f"Partner {n}", url=f"{receiver.url}?n={n}")
    published_claim()
    ids = list(WebhookDelivery.objects.values_list("pk", flat=True))
    assert len(ids) == count
    return ids


def delivered() -> int:
    return WebhookDelivery.objects.filter(status=WebhookDelivery.Status.DELIVERED).count()


@pytest.fixture
def web_settings(settings):
    """The web process as production runs it: the work is left to the worker."""
    settings.WEBHOOK_DELIVERY = "worker"
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    return settings


def test_two_workers_share_the_queue_and_never_send_a_delivery_twice(web_settings, tmp_path):
    receiver = Receiver(delay=0.2)
    try:
        with worker(tmp_path / "one.log"), worker(tmp_path / "two.log"):
            ids = deliveries_to(receiver, 16)
            assert receiver.ids == []  # the web process sent nothing
            wait_for(lambda: delivered() == 16, "the deliveries were not all sent")
        logs = [(tmp_path / name).read_text() for name in ("one.log", "two.log")]
    finally:
        receiver.close()

    assert sorted(receiver.ids) == sorted(str(pk) for pk in ids)  # each exactly once
    assert all("deliveries attempted" in log for log in logs), logs  # both worked
    assert all("Worker stopped." in log for log in logs)  # SIGTERM: a clean stop


def test_a_worker_killed_in_the_middle_of_a_delivery_loses_nothing(web_settings, tmp_path):
    receiver = Receiver(hold_first=True)
    short_lease = {"WEBHOOK_TIMEOUT": "2", "WEBHOOK_LEASE_SECONDS": "3"}
    try:
        with worker(tmp_path / "killed.log", **short_lease) as doomed:
            (pk,) = deliveries_to(receiver, 1)
            wait_for(receiver.first_arrived.is_set, "the first worker never sent")
            doomed.kill()  # in the middle of the delivery: sent, its answer not yet read
            doomed.wait(timeout=10)
        receiver.release.set()
        assert WebhookDelivery.objects.get().status == WebhookDelivery.Status.PENDING
        with worker(tmp_path / "next.log", **short_lease):
            wait_for(lambda: delivered() == 1, "the delivery was never sent again")
    finally:
        receiver.close()

    delivery = WebhookDelivery.objects.get()
    assert receiver.ids == [str(pk), str(pk)]  # at least once: sent again after the lease
    assert delivery.attempts == 1  # the killed worker recorded nothing


def test_once_sends_everything_due_and_stops(web_settings):
    receiver = Receiver()
    try:
        deliveries_to(receiver, 3)
        call_command("worker", "--once")
    finally:
        receiver.close()
    assert delivered() == 3
    assert len(receiver.ids) == 3
