"""PostgreSQL's timestamps read by ``annotations.timestamps``: the same values as
Django's loader, and Django's answer for what the quicker reader refuses."""

from datetime import UTC, datetime

import pytest
from django.db import DataError, connection

from annotations import timestamps

pytestmark = [pytest.mark.django_db, pytest.mark.postgresql]

VALUES = [
    "2026-12-03 10:05:20.123456+00",
    "2026-12-03 10:05:20+00",
    "2026-12-03 23:59:59.999999+05:30",
    "2026-03-29 02:30:00-04",
    "1900-01-01 00:00:00+00",
    "0001-01-01 00:00:00+00",
    "9999-12-31 23:59:59.999999+00",
    "1999-12-31 23:59:60+00",  # a leap second: PostgreSQL carries it over
]


def read(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def loader():
    from psycopg.postgres import types
    from psycopg.pq import Format

    connection.ensure_connection()
    return connection.connection.adapters.get_loader(types["timestamptz"].oid, Format.TEXT)


def test_the_connection_reads_timestamps_with_the_iso_reader_in_utc():
    assert loader().__name__ == "IsoTimestamptzLoader"
    assert loader().timezone is UTC


def test_it_reads_the_values_djangos_loader_reads():
    rows = read("SELECT v::timestamptz, v::timestamptz::text FROM unnest(%s::text[]) v", [VALUES])
    django_loader = loader().__mro__[1]
    for value, text in rows:
        expected = django_loader(0).load(text.encode())
        assert value == expected and value.tzinfo is UTC and expected.tzinfo is UTC
        assert value.isoformat() == expected.isoformat()
    now = read("SELECT now()")[0][0]
    assert abs((datetime.now(UTC) - now).total_seconds()) < 60


def test_what_it_refuses_gets_djangos_answer():
    """Infinity and dates out of Python's range: Django's loader says why (the error is
    unchanged), and a NULL stays None."""
    with pytest.raises(DataError, match="infinity"):
        read("SELECT 'infinity'::timestamptz")
    with pytest.raises(DataError):
        read("SELECT '0044-03-15 12:00:00+00 BC'::timestamptz")
    assert read("SELECT NULL::timestamptz") == [(None,)]


def test_only_a_postgresql_connection_in_utc_gets_it():
    """Elsewhere PostgreSQL writes other offsets, or Django's loader sets another zone:
    Django's loader stays."""
    from types import SimpleNamespace
    from zoneinfo import ZoneInfo

    django_loader = loader().__mro__[1]

    class Adapters:
        def __init__(self):
            self.registered = []

        def get_loader(self, oid, format):
            return django_loader

        def register_loader(self, name, loader_class):
            self.registered.append(loader_class)

    def registered(vendor, timezone):
        adapters = Adapters()
        wrapper = SimpleNamespace(
            vendor=vendor, timezone=timezone, connection=SimpleNamespace(adapters=adapters)
        )
        timestamps.register(connection=wrapper)
        return adapters.registered

    assert registered("sqlite", UTC) == []
    assert registered("postgresql", ZoneInfo("Europe/Paris")) == []
    [quicker] = registered("postgresql", UTC)
    assert issubclass(quicker, django_loader)
