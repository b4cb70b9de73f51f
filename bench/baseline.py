"""The baseline: the first page of published claims, with no framework at all.

A bare WSGI callable that answers ``GET /api/v1/claims/`` with the same JSON document as
the app's first page (same fields, same rows, same order, the same ``next`` cursor),
read by one hand-written SQL query on a connection kept per worker and dumped with
orjson. It runs under the same gunicorn settings as the app, so the ratio of the app's
figures to these says how much the framework costs over what this machine can do for
that response.

Hand-written on purpose: the point is to have no ORM, serializer, middleware or router
between the socket and the database. PostgreSQL is read with psycopg, SQLite with the
standard library's ``sqlite3``; the database comes from ``DATABASE_URL`` as in the app.
"""

from __future__ import annotations

import base64
import os
import sqlite3
from datetime import UTC, datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import dj_database_url
import orjson

from annotations.anchoring import public_anchor  # pure: no Django

PAGE_SIZE = 20
PATH = "/api/v1/claims/"
PUBLIC_STATUSES = ("published", "corrected", "retracted")

# The ratings' labels and schema.org values, as the app shows them (read once, like the
# app's cache of translated labels).
RATING_VALUES = {"true": 5, "mostly_true": 4, "mixed": 3, "mostly_false": 2, "false": 1}
RATING_LABELS = {
    "true": ("Vrai", "True"),
    "mostly_true": ("Plutôt vrai", "Mostly true"),
    "mixed": ("Mitigé", "Mixed"),
    "mostly_false": ("Plutôt faux", "Mostly false"),
    "false": ("Faux", "False"),
    "misleading": ("Trompeur", "Misleading"),
    "unverifiable": ("Invérifiable", "Unverifiable"),
}
RATINGS = {
    code: {"code": code, "value": RATING_VALUES.get(code), "label": {"fr": fr, "en": en}}
    for code, (fr, en) in RATING_LABELS.items()
}

_LATEST_RATING = (
    "(SELECT v.rating FROM annotations_verdict v WHERE v.claim_id = c.id "
    "AND v.status = 'published' ORDER BY v.version DESC LIMIT 1)"
)
_LATEST_PUBLICATION = (
    "(SELECT v.published_at FROM annotations_verdict v WHERE v.claim_id = c.id "
    "AND v.status = 'published' ORDER BY v.published_at DESC LIMIT 1)"
)
_CHECKED_VERSION_DATE = (
    "(SELECT av.imported_at FROM annotations_articleversion av WHERE "
    "av.article_id = c.article_id AND av.number = c.checked_version LIMIT 1)"
)
_STATUSES = ", ".join(f"'{status}'" for status in PUBLIC_STATUSES)
# The columns of the claim's ``anchor`` (``anchoring.public_anchor``'s arguments).
_ANCHOR_COLUMNS = (
    "c.anchor_state, c.checked_version, c.checked_quote, a.current_version, c.start, "
    'c."end", c.quote, c.proposed_start, c.proposed_end, c.proposed_quote, '
    f"{_CHECKED_VERSION_DATE}"
)

# Whether the claim is marked "same claim as" a fact-check: the baseline writes ``same_as``
# only empty (the benchmark's data has no mark) and refuses a page with a marked claim
# rather than serve a different document.
_MARKED = "EXISTS (SELECT 1 FROM annotations_sameclaim s WHERE s.claim_id = c.id)"


def _query(greatest: str) -> str:
    return (
        "SELECT c.id, c.text, c.claimant, c.checked_quote, c.status, c.published_at, "
        f"c.retracted_at, {_LATEST_RATING}, "
        f"{greatest}(c.published_at, COALESCE(c.retracted_at, c.published_at), "
        f"COALESCE({_LATEST_PUBLICATION}, c.published_at), "
        "COALESCE(c.passage_changed_at, c.published_at)), "
        "a.id, a.title, a.publisher, a.language, a.published_at, a.source_url, "
        f"{_ANCHOR_COLUMNS}, {_MARKED} "
        "FROM annotations_claim c JOIN annotations_article a ON a.id = c.article_id "
        f"WHERE c.status IN ({_STATUSES}) AND c.published_at IS NOT NULL "
        f"ORDER BY c.published_at DESC, c.id DESC LIMIT {PAGE_SIZE + 1}"
    )


POSTGRESQL_QUERY = _query("GREATEST")
SQLITE_QUERY = _query("MAX")  # SQLite's scalar MAX of several arguments


class Database:
    """One connection per worker process, opened on first use, reopened after an error."""

    def __init__(self, url: str):
        self.url = url
        self.vendor = "sqlite" if url.startswith("sqlite:") else "postgresql"
        self._connection = None

    def connect(self):
        if self.vendor == "sqlite":
            # The file named as the app's settings read it.
            path = dj_database_url.parse(self.url)["NAME"]
            connection = sqlite3.connect(path, check_same_thread=False)
            connection.execute("PRAGMA query_only = ON")
            return connection
        import psycopg

        return psycopg.connect(self.url, autocommit=True)

    def rows(self) -> list[tuple]:
        if self._connection is None:
            self._connection = self.connect()
        try:
            cursor = self._connection.execute(
                SQLITE_QUERY if self.vendor == "sqlite" else POSTGRESQL_QUERY
            )
            return cursor.fetchall()
        except Exception:
            self._connection = None
            raise


_PARIS = ZoneInfo(os.environ.get("TIME_ZONE", "Europe/Paris"))


def _utc(value) -> datetime:
    """An aware UTC datetime: SQLite gives ISO strings or naive datetimes, in UTC."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _moment(value) -> datetime | None:
    """In the site's zone, as the app writes dates."""
    return None if value is None else _utc(value).astimezone(_PARIS)


def _position(value) -> str:
    """The cursor's position, written as the app writes it: ``str()`` of the UTC value."""
    return str(_utc(value))


def page(rows: list[tuple], base_url: str) -> dict:
    """The API's first page from the query's rows."""
    results = []
    for row in rows[:PAGE_SIZE]:
        (cid, text, claimant, quote, status, published, retracted, rating, updated) = row[:9]
        aid, title, publisher, language, article_published, source_url = row[9:15]
        state, checked, checked_quote, current, start, end, current_quote = row[15:22]
        proposed_start, proposed_end, proposed_quote, checked_at, marked = row[22:]
        if marked:
            raise ValueError(f"claim {cid} is marked 'same claim as': the baseline has no marks")
        anchor = public_anchor(
            state=state,
            checked_version=checked,
            checked_quote=checked_quote,
            current_version=current,
            start=start,
            end=end,
            quote=current_quote,
            proposed_start=proposed_start,
            proposed_end=proposed_end,
            proposed_quote=proposed_quote,
        )
        anchor["checked_revision_at"] = _moment(checked_at) if checked_at else None
        results.append(
            {
                "id": cid,
                "text": text,
                "claimant": claimant,
                "quote": quote,
                "status": status,
                "rating": RATINGS.get(rating),
                "published_at": _moment(published),
                "updated_at": _moment(updated or published),
                "retracted_at": _moment(retracted),
                "url": f"{base_url}{PATH}{cid}/",
                "anchor": anchor,
                "article": {
                    "id": aid,
                    "title": title,
                    "publisher": publisher,
                    "language": language,
                    "published_at": _moment(article_published),
                    "source_url": source_url,
                    "url": f"{base_url}/api/v1/articles/{aid}/",
                },
                "same_as": [],
            }
        )
    next_url = None
    if len(rows) > PAGE_SIZE:
        # DRF's cursor: base64 of the query string {"p": position of the last item}.
        position = _position(rows[PAGE_SIZE - 1][5])
        cursor = base64.b64encode(urlencode({"p": position}).encode()).decode()
        next_url = f"{base_url}{PATH}?{urlencode({'cursor': cursor})}"
    return {"next": next_url, "previous": None, "results": results}


def make_app(database: Database):
    def application(environ, start_response):
        if environ.get("PATH_INFO") != PATH or environ.get("REQUEST_METHOD") != "GET":
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"Not found"]
        base_url = f"{environ['wsgi.url_scheme']}://{environ.get('HTTP_HOST', 'localhost')}"
        body = orjson.dumps(page(database.rows(), base_url))
        start_response(
            "200 OK",
            [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
        )
        return [body]

    return application


def _default_url() -> str:
    return os.environ.get("DATABASE_URL") or "sqlite:///db.sqlite3"


application = make_app(Database(_default_url()))
