"""PostgreSQL: a quicker reader of ``timestamp with time zone`` values.

Django reads them with a subclass of psycopg's pure-Python loader (a regular expression,
a datetime built from its groups, then the time zone replaced). Profiled on the API's
claims list (PostgreSQL, the response cache off): a sixth of the application's time, for
the hundred such values of a page. When the connection's time zone is UTC (Django's with
``USE_TZ`` and no database ``TIME_ZONE``, which it sets on each connection), PostgreSQL
writes them in ISO 8601 with a "+00" offset, which Python's ``datetime.fromisoformat``
(in C) reads as the same aware datetimes in UTC. What it refuses (infinity, years before
1 or after 9999, another date style) goes to Django's loader, which answers as before.

Not a library's: psycopg's C loader is not the one Django registers (Django subclasses the
Python one to set the time zone), and no package replaces it.
"""

from __future__ import annotations

from datetime import UTC, datetime


def register(sender=None, connection=None, **kwargs) -> None:
    """Receiver of ``connection_created``: the quicker loader on a PostgreSQL connection
    whose time zone is UTC (otherwise Django's stays)."""
    if connection is None or connection.vendor != "postgresql" or connection.timezone is not UTC:
        return
    from psycopg.postgres import types
    from psycopg.pq import Format

    adapters = connection.connection.adapters
    django_loader = adapters.get_loader(types["timestamptz"].oid, Format.TEXT)
    if django_loader is None or getattr(django_loader, "timezone", None) is not UTC:
        return
    adapters.register_loader("timestamptz", _iso_loader(django_loader))


def _iso_loader(django_loader: type) -> type:
    class IsoTimestamptzLoader(django_loader):
        # ``timezone`` (UTC) inherited: Django compares it with the connection's before
        # each cursor, and copies the adapters into the cursor when they differ.

        def load(self, data):
            try:
                value = datetime.fromisoformat(str(data, "ascii"))
            except ValueError:
                return super().load(data)
            return value if value.tzinfo is UTC else value.astimezone(UTC)

    return IsoTimestamptzLoader
