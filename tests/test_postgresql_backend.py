"""The PostgreSQL backend's check of a kept connection (factcheck/postgresql/base.py): an
idle connection whose socket has nothing to read is usable without a query; one the
server closed, or one with something waiting, gets Django's own check."""

from __future__ import annotations

import time

import psycopg
import pytest
from django.db import connection, connections

from tests.processes import database_url

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgresql]


def last_query(pid: int) -> str:
    """What the backend of process ``pid`` ran last, as the server saw it."""
    with psycopg.connect(database_url(), autocommit=True) as other:
        found = other.execute("SELECT query FROM pg_stat_activity WHERE pid = %s", [pid])
        return found.fetchone()[0]


def alive(pid: int) -> bool:
    with psycopg.connect(database_url(), autocommit=True) as other:
        found = other.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid])
        return found.fetchone() is not None


def kept_connection() -> int:
    """The test's connection, opened and idle, as between two requests: its server pid."""
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid() /* before the check */")
        return cursor.fetchone()[0]


def test_the_suite_uses_this_backend():
    assert type(connections["default"]).__module__ == "factcheck.postgresql.base"
    assert connections["default"].vendor == "postgresql"


def test_an_idle_connection_is_usable_without_a_query():
    pid = kept_connection()
    assert connection.is_usable()
    assert last_query(pid) == "SELECT pg_backend_pid() /* before the check */"


def test_a_connection_the_server_closed_is_not_usable_and_is_replaced():
    pid = kept_connection()
    with psycopg.connect(database_url(), autocommit=True) as other:
        assert other.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone()[0]
    deadline = time.monotonic() + 5
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not connection.is_usable()

    # As at the start of a request: the check closes it, the next query opens another.
    connection.health_check_enabled, connection.health_check_done = True, False
    connection.close_if_health_check_failed()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid


def test_a_connection_with_a_message_waiting_is_asked_and_stays_usable():
    pid = kept_connection()
    with connection.cursor() as cursor:
        cursor.execute("LISTEN factcheck_backend_test")
    with psycopg.connect(database_url(), autocommit=True) as other:
        other.execute("NOTIFY factcheck_backend_test")
    time.sleep(0.1)  # the notification reaches the idle connection's socket
    assert connection.is_usable()
    assert last_query(pid) == "SELECT 1"  # Django's check ran: it read what was waiting
    with connection.cursor() as cursor:
        cursor.execute("UNLISTEN *")


def test_a_connection_inside_a_transaction_is_asked():
    pid = kept_connection()
    connection.set_autocommit(False)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 2")
        assert connection.is_usable()
        assert last_query(pid) == "SELECT 1"
    finally:
        connection.rollback()
        connection.set_autocommit(True)


def test_a_closed_connection_is_not_usable():
    kept_connection()
    connection.connection.close()
    assert not connection.is_usable()
    connection.close()
