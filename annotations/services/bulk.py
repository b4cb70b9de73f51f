"""Many rows in one statement: one JSON array read as rows, or one statement run per row.

On PostgreSQL the rows' values are one JSON array read back as rows; on SQLite one
statement is run for every row.

Hand-written, for the re-anchoring of an article's claims (``services.versions``):
Django's ``bulk_update`` builds a CASE with a WHEN per row and field (13,000
expressions for 1,000 claims, resolved and compiled in Python: seconds, ten times the
import of the article itself), and on SQLite ``bulk_update`` and ``bulk_create`` split
their rows into batches of 999 parameters. On PostgreSQL one parameter carries every row,
read by ``jsonb_to_recordset``: one statement whatever the number of rows. On SQLite,
which runs in this process, one prepared statement is run for each row
(``executemany``, a loop in C): half the time of reading the rows out of JSON with
``json_each``. Other databases get Django's bulk methods. Table and column names come
from the models, values only as parameters.
"""

from __future__ import annotations

import datetime

import orjson
from django.db import connection, models

# PostgreSQL's types for reading each kind of field out of the JSON rows.
_POSTGRESQL_TYPES = (
    (models.DateTimeField, "timestamptz"),
    (models.JSONField, "jsonb"),
    (models.ForeignKey, "bigint"),
    (models.AutoField, "bigint"),
    (models.BigAutoField, "bigint"),
    (models.IntegerField, "bigint"),
    (models.TextField, "text"),
    (models.CharField, "text"),
)


def _supported() -> bool:
    return connection.vendor in ("postgresql", "sqlite")


def _datetime_writer():
    """A function writing a date and time as the database reads it (as Django stores it
    on SQLite), each distinct value converted once: a re-anchoring writes the same
    instant on every row."""
    sqlite = connection.vendor == "sqlite"
    written: dict[datetime.datetime, str] = {}

    def write(value):
        if not isinstance(value, datetime.datetime):
            raise TypeError(f"{type(value).__name__} cannot go in a JSON row")
        if value not in written:
            written[value] = (
                connection.ops.adapt_datetimefield_value(value) if sqlite else value.isoformat()
            )
        return written[value]

    return write


def _postgresql_type(field) -> str:
    return next(sql for kind, sql in _POSTGRESQL_TYPES if isinstance(field, kind))


def _rows(fields) -> tuple[str, dict[str, str]]:
    """``(FROM clause, {column: expression})``: the JSON parameter as rows (PostgreSQL)."""
    qn = connection.ops.quote_name
    columns = ", ".join(f"{qn(f.column)} {_postgresql_type(f)}" for f in fields)
    source = f"jsonb_to_recordset(%s::jsonb) AS v({columns})"
    return source, {f.column: f"v.{qn(f.column)}" for f in fields}


def _sqlite_values(rows, fields) -> list[list]:
    """Each row's values as SQLite stores them: dates as Django writes them, JSON as text."""
    write_datetime = _datetime_writer()
    json_columns = {f.attname for f in fields if isinstance(f, models.JSONField)}
    values = []
    for row in rows:
        line = []
        for f in fields:
            value = row[f.attname]
            if f.attname in json_columns:
                value = orjson.dumps(value).decode()
            elif isinstance(value, datetime.datetime):
                value = write_datetime(value)
            line.append(value)
        values.append(line)
    return values


def _dumps(rows: list[dict]) -> str:
    # orjson rather than json: the 1,000 rows of a re-anchoring took json longer to write
    # than the database took to apply them. Only dates go through a function.
    return orjson.dumps(
        rows, default=_datetime_writer(), option=orjson.OPT_PASSTHROUGH_DATETIME
    ).decode()


def _parameter(objects, fields) -> str:
    pairs = [(f.column, f.attname) for f in fields]
    return _dumps([{column: getattr(o, attname) for column, attname in pairs} for o in objects])


def update_rows(model, objects: list, names: list[str]) -> None:
    """Write the fields ``names`` of ``objects`` (saved rows of ``model``, or any objects
    with their attributes: ``id``, ``article_id``…) in one UPDATE."""
    if not objects:
        return
    if not _supported():
        model.objects.bulk_update(
            [o if isinstance(o, model) else model(**vars(o)) for o in objects], names
        )
        return
    pk = model._meta.pk
    fields = [model._meta.get_field(name) for name in names]
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    if connection.vendor == "sqlite":
        sets = ", ".join(f"{qn(f.column)} = %s" for f in fields)
        rows = [{f.attname: getattr(o, f.attname) for f in (*fields, pk)} for o in objects]
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {table} SET {sets} WHERE {qn(pk.column)} = %s",  # noqa: S608
                _sqlite_values(rows, [*fields, pk]),
            )
        return
    source, values = _rows([pk, *fields])
    sets = ", ".join(f"{qn(f.column)} = {values[f.column]}" for f in fields)
    sql = (
        f"UPDATE {table} SET {sets} FROM {source} "  # noqa: S608 - names from the model
        f"WHERE {table}.{qn(pk.column)} = {values[pk.column]}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [_parameter(objects, [pk, *fields])])


def insert_rows(model, rows: list[dict]) -> None:
    """Insert ``rows`` of ``model`` in one INSERT; their ids are not read back.

    Each row is a dict of the same fields, by attribute name (``claim_id``, ``action``):
    plain dicts rather than instances, whose construction cost more than their insert."""
    if not rows:
        return
    if not _supported():
        model.objects.bulk_create(model(**row) for row in rows)
        return
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    fields = [by_attname[name] for name in rows[0]]
    qn = connection.ops.quote_name
    columns = ", ".join(qn(f.column) for f in fields)
    if connection.vendor == "sqlite":
        placeholders = ", ".join(["%s"] * len(fields))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {qn(model._meta.db_table)} ({columns}) "  # noqa: S608
                f"VALUES ({placeholders})",
                _sqlite_values(rows, fields),
            )
        return
    source, values = _rows(fields)
    select = ", ".join(values[f.column] for f in fields)
    sql = (
        f"INSERT INTO {qn(model._meta.db_table)} ({columns}) "  # noqa: S608 - model names
        f"SELECT {select} FROM {source}"
    )
    if any(f.column != f.attname for f in fields):
        rows = [{f.column: row[f.attname] for f in fields} for row in rows]
    with connection.cursor() as cursor:
        cursor.execute(sql, [_dumps(rows)])
