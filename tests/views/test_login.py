"""Logging in: failed logins are counted, per account and per address, and lock for a while."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from annotations import services
from tests.factories import PASSWORD, AdminFactory, ReviewerFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")
ADMIN_LOGIN = reverse("admin:login")
LIMIT = 5


@pytest.fixture(autouse=True)
def _limit(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)


def _client(address: str = "203.0.113.7") -> Client:
    return Client(REMOTE_ADDR=address)


def _log_in(client: Client, username: str, password: str, url: str = LOGIN):
    return client.post(url, {"username": username, "password": password})


def _fail(client: Client, username: str, times: int, url: str = LOGIN) -> list[int]:
    return [_log_in(client, username, "wrong password", url).status_code for _ in range(times)]


def _logged_in(response) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.client.session


def _age_attempts(minutes: int) -> None:
    """As if the failures had happened ``minutes`` ago."""
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= datetime.timedelta(minutes=minutes)
        attempt.save(update_fields=["attempt_time"])


def test_the_right_password_still_logs_in_after_one_failure_fewer_than_the_limit():
    user = ReviewerFactory()
    client = _client()
    assert _fail(client, user.username, LIMIT - 1) == [200] * (LIMIT - 1)
    assert _logged_in(_log_in(client, user.username, PASSWORD))


def test_a_successful_login_forgets_the_failures_before_it():
    user = ReviewerFactory()
    client = _client()
    _fail(client, user.username, LIMIT - 1)
    assert _logged_in(_log_in(client, user.username, PASSWORD))
    client.logout()
    assert _fail(client, user.username, LIMIT - 1) == [200] * (LIMIT - 1)
    assert _logged_in(_log_in(client, user.username, PASSWORD))


def test_logging_into_ones_own_account_does_not_reset_the_guesses_at_others():
    """Someone with an account guesses others' passwords from one address, logging into
    their own between guesses: the address's count goes on."""
    insider, *victims = ReviewerFactory.create_batch(LIMIT + 1)
    client = _client()
    for victim in victims[: LIMIT - 1]:
        _fail(client, victim.username, 1)
    assert _logged_in(_log_in(client, insider.username, PASSWORD))
    client.logout()
    assert _fail(client, victims[-1].username, 1) == [429]


def test_the_limit_of_failures_locks_the_account_even_with_the_right_password():
    user = ReviewerFactory()
    client = _client()
    codes = _fail(client, user.username, LIMIT)
    assert codes == [200] * (LIMIT - 1) + [429]
    response = _log_in(client, user.username, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert response["Retry-After"] == str(15 * 60)


def test_the_locked_account_is_locked_from_every_address():
    user = ReviewerFactory()
    for n in range(LIMIT):  # a guess from each of many addresses
        _fail(_client(f"198.51.100.{n}"), user.username, 1)
    response = _log_in(_client("192.0.2.1"), user.username, PASSWORD)
    assert response.status_code == 429


def test_an_address_that_failed_on_many_accounts_is_locked_for_every_account():
    users = ReviewerFactory.create_batch(LIMIT + 1)
    attacker = _client()
    for user in users[:LIMIT]:  # one guess for each account
        _fail(attacker, user.username, 1)
    assert _log_in(attacker, users[LIMIT].username, PASSWORD).status_code == 429
    # The accounts themselves are not locked: their owners log in from elsewhere.
    assert _logged_in(_log_in(_client("192.0.2.1"), users[0].username, PASSWORD))


def test_a_lock_on_one_account_leaves_another_account_on_another_address_alone():
    locked, other = ReviewerFactory(), ReviewerFactory()
    _fail(_client(), locked.username, LIMIT)
    assert _logged_in(_log_in(_client("192.0.2.1"), other.username, PASSWORD))


def test_the_lock_lifts_after_the_cool_off():
    user = ReviewerFactory()
    client = _client()
    _fail(client, user.username, LIMIT)
    _age_attempts(14)
    assert _log_in(client, user.username, PASSWORD).status_code == 429
    # That attempt started the wait again: 14 minutes later it is still locked...
    _age_attempts(14)
    assert _log_in(client, user.username, PASSWORD).status_code == 429
    # ...and once a full cool-off has passed without attempts, the right password works.
    _age_attempts(16)
    assert _logged_in(_log_in(client, user.username, PASSWORD))


def test_the_locked_out_page_says_what_happened_and_what_to_do():
    user = ReviewerFactory()
    client = _client()
    _fail(client, user.username, LIMIT)
    page = _log_in(client, user.username, PASSWORD).content.decode()
    assert "Too many failed logins for this account or from this address" in page
    assert "Wait 15 minutes without trying" in page
    assert "ask an administrator" in page
    assert PASSWORD not in page


def test_the_locked_out_page_is_in_french():
    user = ReviewerFactory()
    client = _client()
    client.cookies["django_language"] = "fr"
    _fail(client, user.username, LIMIT)
    page = _log_in(client, user.username, PASSWORD).content.decode()
    assert "Trop d’échecs de connexion pour ce compte ou depuis cette adresse" in page
    assert "Attendez 15 minutes sans essayer" in page
    assert "administrateur" in page


def test_the_admin_login_is_counted_and_locked_too():
    admin = AdminFactory()
    client = _client()
    codes = _fail(client, admin.username, LIMIT, url=ADMIN_LOGIN)
    assert codes[-1] == 429
    assert _log_in(client, admin.username, PASSWORD, url=ADMIN_LOGIN).status_code == 429
    # Both login pages share the count.
    assert _log_in(client, admin.username, PASSWORD).status_code == 429


def test_the_api_has_no_password_login_of_its_own():
    """DRF's browsable-API login (rest_framework.urls) is not installed: the only password
    logins are the login page and the admin's, both counted."""
    assert Client().get("/api-auth/login/").status_code == 404


def test_api_tokens_are_64_random_hex_characters_and_a_wrong_one_gets_401():
    """Tokens are not guessed: 256 random bits, stored hashed (knox); a wrong one is a 401."""
    user = ReviewerFactory()
    token = services.token_create(user=user)
    assert re.fullmatch(r"[0-9a-f]{64}", token)
    api = APIClient()
    wrong = token[:-1] + ("0" if token[-1] != "0" else "1")
    api.credentials(HTTP_AUTHORIZATION=f"Token {wrong}")
    assert api.get(reverse("api:claim-list")).status_code == 401
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get(reverse("api:claim-list")).status_code == 200


def test_an_admin_unlocks_an_account_with_axes_reset_username():
    user = ReviewerFactory()
    client = _client()
    _fail(client, user.username, LIMIT)
    call_command("axes_reset_username", user.username, stdout=io.StringIO())
    assert _logged_in(_log_in(client, user.username, PASSWORD))


def test_an_admin_unlocks_by_deleting_the_access_attempts_in_the_admin():
    user = ReviewerFactory()
    _fail(_client(), user.username, LIMIT)
    admin = Client()
    admin.force_login(AdminFactory())
    changelist = reverse("admin:axes_accessattempt_changelist")
    assert admin.get(changelist).status_code == 200
    ids = [str(pk) for pk in AccessAttempt.objects.values_list("pk", flat=True)]
    response = admin.post(
        changelist, {"action": "delete_selected", "_selected_action": ids, "post": "yes"}
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert _logged_in(_log_in(_client(), user.username, PASSWORD))
