"""Webhooks: signed POSTs to a real local receiver, retries, refusals of private URLs."""

import hashlib
import hmac
import io
import json
import socket
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from annotations import services, url_safety, webhooks
from annotations.models import Claim, WebhookDelivery, WebhookEndpoint
from tests.factories import ModeratorFactory, pending_correction, published_claim, submitted_claim

pytestmark = pytest.mark.django_db


class Receiver:
    """An HTTP server on 127.0.0.1 (ephemeral port) that records each POST and answers
    with the next status of ``statuses`` (the last one repeats)."""

    def __init__(self, statuses=(200,)):
        self.statuses = list(statuses)
        self.requests = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"headers": dict(self.headers), "body": body})
                status = (
                    receiver.statuses.pop(0)
                    if len(receiver.statuses) > 1
                    else (receiver.statuses[0])
                )
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"ok" if status < 300 else b"boom")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks?x=1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hook_settings(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    settings.WEBHOOK_DELIVERY = "sync"
    settings.WEBHOOK_TIMEOUT = 5
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    settings.SITE_URL = "https://checks.example.org"
    return settings


@pytest.fixture
def receiver(hook_settings):
    server = Receiver()
    yield server
    server.close()


@pytest.fixture
def endpoint(receiver):
    return WebhookEndpoint.objects.create(name="Partner", url=receiver.url)


def _verify(request, secret):
    expected = "sha256=" + hmac.new(secret.encode(), request["body"], hashlib.sha256).hexdigest()
    return hmac.compare_digest(request["headers"]["X-Factcheck-Signature"], expected)


def _publish(capture, **kwargs) -> Claim:
    with capture(execute=True):
        return published_claim(**kwargs)


# --- Delivery ------------------------------------------------------------------------


def test_publication_sends_one_signed_post(receiver, endpoint, django_capture_on_commit_callbacks):
    claim = _publish(django_capture_on_commit_callbacks)

    assert len(receiver.requests) == 1
    request = receiver.requests[0]
    assert _verify(request, endpoint.secret)
    payload = json.loads(request["body"])
    delivery = WebhookDelivery.objects.get()
    assert request["headers"]["X-Factcheck-Event"] == "published"
    assert request["headers"]["X-Factcheck-Delivery"] == str(delivery.pk)
    assert request["headers"]["Content-Type"] == "application/json"
    assert payload["event"] == "published"
    assert payload["claim_id"] == claim.pk
    assert payload["status"] == "published"
    assert payload["url"] == f"https://checks.example.org/fact-checks/{claim.pk}/"
    assert payload["claim"]["rating"] == "mostly_false"
    assert payload["claim"]["text"] == claim.text
    assert payload["timestamp"]
    assert delivery.status == WebhookDelivery.Status.DELIVERED
    assert delivery.attempts == 1
    assert delivery.last_status_code == 200
    assert delivery.last_response == "ok"
    assert delivery.delivered_at is not None
    assert delivery.next_attempt_at is None


def test_signature_does_not_verify_with_another_secret(
    receiver, endpoint, django_capture_on_commit_callbacks
):
    _publish(django_capture_on_commit_callbacks)
    assert not _verify(receiver.requests[0], "not-the-secret")


def test_correction_sends_one_signed_post(receiver, endpoint, django_capture_on_commit_callbacks):
    claim = _publish(django_capture_on_commit_callbacks)
    pending_correction(claim, submit=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_approve(claim=claim, moderator=ModeratorFactory())

    assert len(receiver.requests) == 2
    request = receiver.requests[1]
    assert _verify(request, endpoint.secret)
    assert request["headers"]["X-Factcheck-Event"] == "corrected"
    payload = json.loads(request["body"])
    assert payload["status"] == "corrected"
    assert payload["claim"]["version"] == 2
    assert payload["claim"]["rating"] == "false"
    assert payload["claim"]["correction_note"]


def test_retraction_sends_one_signed_post(receiver, endpoint, django_capture_on_commit_callbacks):
    claim = _publish(django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_retract(claim=claim, moderator=ModeratorFactory(), note="Source fausse.")

    assert len(receiver.requests) == 2
    request = receiver.requests[1]
    assert _verify(request, endpoint.secret)
    assert request["headers"]["X-Factcheck-Event"] == "retracted"
    payload = json.loads(request["body"])
    assert payload["status"] == "retracted"
    assert payload["claim"]["retraction_note"] == "Source fausse."
    assert payload["claim"]["rating"] is None  # the withdrawn rating is not repeated


def test_rolled_back_approval_sends_nothing(receiver, endpoint, django_capture_on_commit_callbacks):
    claim = submitted_claim()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.claim_approve(claim=claim, moderator=ModeratorFactory())
        raise RuntimeError("rolled back")

    assert receiver.requests == []
    assert not WebhookDelivery.objects.exists()
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.IN_REVIEW


def test_inactive_endpoints_and_unsubscribed_events_get_nothing(
    receiver, django_capture_on_commit_callbacks
):
    WebhookEndpoint.objects.create(name="Off", url=receiver.url, active=False)
    only_retractions = WebhookEndpoint.objects.create(
        name="Retractions", url=receiver.url, on_published=False, on_corrected=False
    )
    claim = _publish(django_capture_on_commit_callbacks)
    assert receiver.requests == []
    assert not WebhookDelivery.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        services.claim_retract(claim=claim, moderator=ModeratorFactory(), note="Erreur.")
    assert len(receiver.requests) == 1
    assert WebhookDelivery.objects.get().endpoint == only_retractions


def test_command_mode_leaves_the_first_attempt_to_deliver_webhooks(
    receiver, endpoint, hook_settings, django_capture_on_commit_callbacks
):
    hook_settings.WEBHOOK_DELIVERY = "command"
    _publish(django_capture_on_commit_callbacks)
    assert receiver.requests == []
    assert WebhookDelivery.objects.get().status == WebhookDelivery.Status.PENDING

    call_command("deliver_webhooks", stdout=io.StringIO())
    assert len(receiver.requests) == 1
    assert WebhookDelivery.objects.get().status == WebhookDelivery.Status.DELIVERED


# --- Failures and retries ----------------------------------------------------------


@pytest.fixture
def flaky_receiver(hook_settings):
    server = Receiver(statuses=(500, 200))
    yield server
    server.close()


def _make_due(delivery):
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )


def test_failed_attempt_is_logged_and_retried_by_the_command_once_due(
    flaky_receiver, django_capture_on_commit_callbacks
):
    endpoint = WebhookEndpoint.objects.create(name="Flaky", url=flaky_receiver.url)
    before = timezone.now()
    _publish(django_capture_on_commit_callbacks)

    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.PENDING
    assert delivery.attempts == 1
    assert delivery.last_status_code == 500
    assert delivery.last_error == "HTTP 500"
    assert delivery.last_response == "boom"
    assert delivery.delivered_at is None
    assert before + timedelta(minutes=1) <= delivery.next_attempt_at
    assert delivery.next_attempt_at <= timezone.now() + timedelta(minutes=1)

    call_command("deliver_webhooks", stdout=io.StringIO())  # not due yet
    assert len(flaky_receiver.requests) == 1

    _make_due(delivery)
    call_command("deliver_webhooks", stdout=io.StringIO())
    assert len(flaky_receiver.requests) == 2
    first, second = flaky_receiver.requests
    assert first["body"] == second["body"]  # the same bytes, the same signature
    assert _verify(second, endpoint.secret)
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.DELIVERED
    assert delivery.attempts == 2
    assert delivery.last_status_code == 200
    assert delivery.last_error == ""
    assert delivery.next_attempt_at is None

    call_command("deliver_webhooks", stdout=io.StringIO())
    assert len(flaky_receiver.requests) == 2


def test_backoff_grows_and_gives_up_after_max_attempts(
    hook_settings, django_capture_on_commit_callbacks
):
    server = Receiver(statuses=(503,))
    try:
        WebhookEndpoint.objects.create(name="Down", url=server.url)
        _publish(django_capture_on_commit_callbacks)
        delivery = WebhookDelivery.objects.get()
        first_delay = delivery.next_attempt_at - delivery.last_attempt_at
        _make_due(delivery)
        webhooks.deliver_due()
        delivery.refresh_from_db()
        assert delivery.next_attempt_at - delivery.last_attempt_at > first_delay
        _make_due(delivery)
        webhooks.deliver_due()
    finally:
        server.close()
    delivery.refresh_from_db()
    assert len(server.requests) == 3
    assert delivery.attempts == 3
    assert delivery.status == WebhookDelivery.Status.FAILED
    assert delivery.next_attempt_at is None


def test_unreachable_receiver_is_logged_as_an_error(
    hook_settings, django_capture_on_commit_callbacks
):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    WebhookEndpoint.objects.create(name="Gone", url=f"http://127.0.0.1:{port}/")
    _publish(django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert delivery.last_status_code is None
    assert "ConnectionRefusedError" in delivery.last_error
    assert delivery.next_attempt_at is not None


def test_claimed_delivery_is_not_taken_by_a_second_runner(
    hook_settings, receiver, endpoint, django_capture_on_commit_callbacks
):
    hook_settings.WEBHOOK_DELIVERY = "command"
    _publish(django_capture_on_commit_callbacks)
    first = webhooks.take_due_deliveries()
    assert len(first) == 1
    assert webhooks.take_due_deliveries() == []  # leased to the first runner


# --- Private addresses ---------------------------------------------------------------


PRIVATE_URLS = [
    "http://127.0.0.1:8000/hook",
    "http://10.0.0.1/hook",
    "http://[::1]/hook",
    "http://169.254.169.254/latest/meta-data",
    "http://192.168.1.10/hook",
    "http://[::ffff:127.0.0.1]/hook",
    "http://0.0.0.0/hook",
    "http://localhost/hook",
]


@pytest.mark.parametrize("url", PRIVATE_URLS)
def test_private_urls_are_refused_by_model_validation(settings, url):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    endpoint = WebhookEndpoint(name="Internal", url=url)
    with pytest.raises(ValidationError) as error:
        endpoint.full_clean()
    assert "url" in error.value.message_dict


@pytest.mark.parametrize("url", ["ftp://example.org/hook", "file:///etc/passwd"])
def test_non_http_urls_are_refused(settings, url):
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    with pytest.raises(ValidationError):
        WebhookEndpoint(name="Other", url=url).full_clean()


def test_public_url_passes_validation(settings, monkeypatch):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda *a, **k: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", 443))],
    )
    WebhookEndpoint(name="Partner", url="https://hooks.example.org/in").full_clean()


def test_a_name_resolving_to_any_private_address_is_refused(settings, monkeypatch):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda *a, **k: [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", 443)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.1.2.3", 443)),
        ],
    )
    with pytest.raises(url_safety.UnsafeURL, match=r"10\.1\.2\.3"):
        url_safety.check_url("https://hooks.example.org/in")


@pytest.mark.parametrize("address", ["127.0.0.1", "10.0.0.1", "::1", "169.254.10.20"])
def test_private_addresses_are_refused_at_delivery_time(
    hook_settings, receiver, monkeypatch, django_capture_on_commit_callbacks, address
):
    """Saved while it resolved to a public address; now (DNS rebinding) to a private one."""
    endpoint = WebhookEndpoint.objects.create(name="Rebound", url="http://hooks.example.org/in")
    hook_settings.WEBHOOKS_ALLOW_PRIVATE = False
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda *a, **k: [(family, socket.SOCK_STREAM, 6, "", (address, 80))],
    )
    _publish(django_capture_on_commit_callbacks)

    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert receiver.requests == []
    assert delivery.attempts == 1
    assert delivery.last_error.startswith("Refused:")
    assert address in delivery.last_error
    assert delivery.status == WebhookDelivery.Status.PENDING  # DNS may change back


def test_the_connection_goes_to_the_checked_address(
    hook_settings, receiver, monkeypatch, django_capture_on_commit_callbacks
):
    """The host name is resolved once per attempt: the address checked is the one used."""
    port = receiver.server.server_address[1]
    WebhookEndpoint.objects.create(name="Named", url=f"http://hooks.example.org:{port}/in")
    calls = []

    def resolve(host, *args, **kwargs):
        calls.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    _publish(django_capture_on_commit_callbacks)
    # The name once (the check); the connection only "resolves" the checked IP literal.
    assert [host for host in calls if host != "127.0.0.1"] == ["hooks.example.org"]
    assert len(receiver.requests) == 1
    assert receiver.requests[0]["headers"]["Host"] == f"hooks.example.org:{port}"


def test_endpoint_secret_is_generated(db):
    first = WebhookEndpoint.objects.create(name="A", url="https://a.example.org/")
    second = WebhookEndpoint.objects.create(name="B", url="https://b.example.org/")
    assert len(first.secret) >= 40
    assert first.secret != second.secret


def test_admin_shows_the_secret_and_refuses_private_urls(
    admin_client, settings, endpoint_admin_url="/admin/annotations/webhookendpoint/"
):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    response = admin_client.post(
        f"{endpoint_admin_url}add/",
        {"name": "Internal", "url": "http://10.0.0.1/hook", "active": "on", "on_published": "on"},
    )
    assert response.status_code == 200  # the form again, with the error
    assert not WebhookEndpoint.objects.exists()
    endpoint = WebhookEndpoint.objects.create(name="Partner", url="https://a.example.org/")
    response = admin_client.get(f"{endpoint_admin_url}{endpoint.pk}/change/")
    assert endpoint.secret in response.content.decode()


# --- A published claim's passage changed in a new version of its article ----------------


def test_a_changed_passage_is_sent_only_to_endpoints_that_subscribed(
    receiver, django_capture_on_commit_callbacks
):
    from tests.factories import new_version

    subscribed = WebhookEndpoint.objects.create(
        name="Passages", url=receiver.url, on_passage_changed=True, on_published=False
    )
    WebhookEndpoint.objects.create(name="Publications only", url=receiver.url)
    claim = _publish(django_capture_on_commit_callbacks)
    receiver.requests.clear()
    figure = "budget en hausse de 3,5 %"
    with django_capture_on_commit_callbacks(execute=True):
        new_version(claim.article, {figure: figure.replace("3,5", "3,1")})
    (request,) = receiver.requests
    assert request["headers"]["X-Factcheck-Event"] == "passage_changed"
    assert _verify(request, subscribed.secret)
    payload = json.loads(request["body"])
    assert payload["event"] == "passage_changed" and payload["claim_id"] == claim.pk
    anchor = payload["claim"]["anchor"]
    assert (anchor["state"], anchor["checked_revision"], anchor["current_revision"]) == (
        "changed",
        1,
        2,
    )
    assert "3,1 %" in anchor["quote"] and "3,5 %" in payload["claim"]["quote"]
