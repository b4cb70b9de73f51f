"""PostgreSQL roles for production: an owner that migrates, an app that cannot rewrite history.

The **owner** role owns the database, its schema and every table, sequence, function and
text search configuration of the app: migrations run as it (``DATABASE_OWNER_URL``).
The **app** role (``DATABASE_URL``) owns nothing. It may SELECT, INSERT, UPDATE and
DELETE rows of the app's tables, except on the audit trail (``annotations_claimevent``),
where it may only SELECT and INSERT, and on ``django_migrations``, which it may only
read. Not being an owner, it cannot ALTER a table (so cannot disable a trigger) nor
TRUNCATE; not being a superuser, it cannot set ``session_replication_role`` (which
would silence every trigger). The triggers of migrations 0005 and 0010 refuse UPDATE,
DELETE and TRUNCATE on the audit trail to anyone who has not turned them off.

Grants stay right after each migration in two ways: default privileges, so that what
the owner creates later is readable and writable by the app; and
:func:`grant_app_role`, run by ``manage.py migrate`` as the owner after migrating, which
grants again on every table and takes back what the audit trail must not allow.

Role names are checked against a plain pattern and then quoted; passwords are bound as
literals by psycopg. (Hand-written: Django has no API for roles or grants.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from annotations.models import ClaimEvent

# The tables the app may only read and append to, and those it may only read.
APPEND_ONLY_TABLES = (ClaimEvent._meta.db_table,)
READ_ONLY_TABLES = ("django_migrations",)
ROW_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"

ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
# What neither role may be: each is a plain login role.
PLAIN_ROLE = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"

# Objects of the schema that the owner takes over (relkind -> ALTER keyword). Sequences
# that belong to a column (serial, identity) follow their table.
OWNED_RELATIONS = {
    "r": "TABLE",
    "p": "TABLE",
    "v": "VIEW",
    "m": "MATERIALIZED VIEW",
    "S": "SEQUENCE",
}


def _not_owned(catalog: str, name: str, prefix: str, *, deptypes: str, where: str = "") -> str:
    """The objects of ``catalog`` in the current schema that the owner does not own,
    leaving out those that belong to an extension (or, for sequences, to a column).
    Its pieces are this module's constants, never input."""
    return f"""
SELECT {name} FROM {catalog} o
WHERE o.{prefix}namespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
  AND o.{prefix}owner <> %(owner)s::regrole {where}
  AND NOT EXISTS (
      SELECT 1 FROM pg_depend d
      WHERE d.classid = '{catalog}'::regclass AND d.objid = o.oid AND d.deptype IN ({deptypes})
  )
ORDER BY 1
"""  # noqa: S608


FOREIGN_RELATIONS = _not_owned(
    "pg_class",
    "o.relname, o.relkind",
    "rel",
    deptypes="'a', 'i', 'e'",
    where="AND o.relkind IN ('r', 'p', 'v', 'm', 'S')",
)
FOREIGN_FUNCTIONS = _not_owned("pg_proc", "o.oid::regprocedure::text", "pro", deptypes="'e'")
FOREIGN_TEXT_SEARCH_CONFIGURATIONS = _not_owned("pg_ts_config", "o.cfgname", "cfg", deptypes="'e'")


@dataclass(frozen=True)
class Roles:
    app: str
    owner: str

    def __post_init__(self):
        for name in (self.app, self.owner):
            if not ROLE_NAME.match(name):
                raise ImproperlyConfigured(
                    f"{name!r} is not a plain role name (lower-case letters, digits, _)."
                )
        if self.app == self.owner:
            raise ImproperlyConfigured("The app role and the owner role must differ.")


class Statements:
    """Runs SQL on a cursor and keeps each statement (as run, without passwords)."""

    def __init__(self, connection, cursor):
        self.connection = connection
        self.cursor = cursor
        self.done: list[str] = []

    def name(self, identifier: str) -> str:
        return self.connection.ops.quote_name(identifier)

    def run(self, statement: str, *, secret: str | None = None) -> None:
        if secret is None:
            self.cursor.execute(statement)
            self.done.append(statement)
        else:
            # Utility statements take no bound parameters: psycopg writes the literal.
            literal = self.connection.ops.compose_sql("%s", [secret])
            self.cursor.execute(f"{statement} PASSWORD {literal}")
            self.done.append(f"{statement} PASSWORD '…'")

    def rows(self, query: str, params: dict | None = None) -> list[tuple]:
        self.cursor.execute(query, params)
        return self.cursor.fetchall()


def _ensure_role(sql: Statements, name: str, password: str | None) -> None:
    sql.cursor.execute(
        "SELECT rolsuper, rolname = session_user FROM pg_roles WHERE rolname = %s", [name]
    )
    found = sql.cursor.fetchone()
    if found and (found[0] or found[1]):
        raise ImproperlyConfigured(
            f"{name} is a superuser or the role running this command: choose another name."
        )
    verb = "ALTER" if found else "CREATE"
    sql.run(f"{verb} ROLE {sql.name(name)} WITH {PLAIN_ROLE}", secret=password)


def setup_roles(
    connection,
    roles: Roles,
    *,
    app_password: str | None = None,
    owner_password: str | None = None,
) -> list[str]:
    """Create (or bring back in line) both roles on ``connection``'s database, hand the
    schema to the owner and grant the app its rows. Needs a superuser (or a role with
    CREATEROLE that is a member of the current owners). Idempotent."""
    if connection.vendor != "postgresql":
        raise ImproperlyConfigured("Database roles exist on PostgreSQL only.")
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        sql = Statements(connection, cursor)
        _ensure_role(sql, roles.owner, owner_password)
        _ensure_role(sql, roles.app, app_password)
        app, owner = sql.name(roles.app), sql.name(roles.owner)
        # The app must not inherit the owner's rights.
        if sql.rows("SELECT pg_has_role(%(app)s, %(owner)s, 'MEMBER')", vars(roles))[0][0]:
            sql.run(f"REVOKE {owner} FROM {app}")
        database = sql.name(connection.settings_dict["NAME"])
        sql.run(f"ALTER DATABASE {database} OWNER TO {owner}")
        sql.run(f"ALTER SCHEMA {_schema(sql)} OWNER TO {owner}")
        # Nobody but the owner creates objects in the schema (PostgreSQL 15's default).
        sql.run(f"REVOKE CREATE ON SCHEMA {_schema(sql)} FROM PUBLIC")
        for relname, relkind in sql.rows(FOREIGN_RELATIONS, {"owner": roles.owner}):
            sql.run(f"ALTER {OWNED_RELATIONS[relkind]} {sql.name(relname)} OWNER TO {owner}")
        for (function,) in sql.rows(FOREIGN_FUNCTIONS, {"owner": roles.owner}):
            sql.run(f"ALTER FUNCTION {function} OWNER TO {owner}")
        for (config,) in sql.rows(FOREIGN_TEXT_SEARCH_CONFIGURATIONS, {"owner": roles.owner}):
            sql.run(f"ALTER TEXT SEARCH CONFIGURATION {sql.name(config)} OWNER TO {owner}")
        _grant(sql, roles)
        return sql.done


def grant_app_role(connection, roles: Roles) -> list[str]:
    """The app role's privileges, granted again on every table and sequence of the
    schema (as the owner, after a migration). Idempotent."""
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        sql = Statements(connection, cursor)
        _grant(sql, roles)
        return sql.done


def _schema(sql: Statements) -> str:
    return sql.name(sql.rows("SELECT current_schema()")[0][0])


def _existing(sql: Statements, tables: tuple[str, ...]) -> list[str]:
    """Those of ``tables`` that the schema has (a fresh database has none yet)."""
    return [
        name
        for (name,) in sql.rows(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
            "AND tablename = ANY(%(tables)s) ORDER BY 1",
            {"tables": list(tables)},
        )
    ]


def _grant(sql: Statements, roles: Roles) -> None:
    app, owner, schema = sql.name(roles.app), sql.name(roles.owner), _schema(sql)
    database = sql.name(sql.connection.settings_dict["NAME"])
    sql.run(f"GRANT CONNECT ON DATABASE {database} TO {app}")
    sql.run(f"GRANT USAGE ON SCHEMA {schema} TO {app}")
    sql.run(f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {app}")
    sql.run(f"GRANT {ROW_PRIVILEGES} ON ALL TABLES IN SCHEMA {schema} TO {app}")
    sql.run(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {app}")
    sql.run(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {app}")
    for table in _existing(sql, APPEND_ONLY_TABLES):
        sql.run(f"REVOKE UPDATE, DELETE ON {sql.name(table)} FROM {app}")
    for table in _existing(sql, READ_ONLY_TABLES):
        sql.run(f"REVOKE INSERT, UPDATE, DELETE ON {sql.name(table)} FROM {app}")
    # What the owner creates from now on (the next migrations' tables).
    sql.run(
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} "
        f"GRANT {ROW_PRIVILEGES} ON TABLES TO {app}"
    )
    sql.run(
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} "
        f"GRANT USAGE, SELECT ON SEQUENCES TO {app}"
    )
