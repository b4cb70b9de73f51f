"""The audit trail against SQL: TRUNCATE is refused, and the app's role can neither
rewrite events nor turn the triggers off, while the app's writes work as that role.

The roles are made inside each test's transaction (``CREATE ROLE`` is transactional in
PostgreSQL), with names unique to the run, so that parallel runs on the same server
never meet; the rollback at the end of the test drops them. The test's connection
(a superuser's) acts as a role with ``SET ROLE``, which PostgreSQL checks exactly as a
login of that role. tests/test_postgresql_restart.py logs in as the roles for real.
"""

from __future__ import annotations

import io
import uuid
from contextlib import contextmanager
from importlib import import_module
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from rest_framework.test import APIClient

from annotations import services
from annotations.management.database_roles import Roles, grant_app_role, setup_roles
from annotations.models import Claim, ClaimEvent, Evidence, IdempotencyKey, Verdict
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    EvidenceFactory,
    ModeratorFactory,
    ReviewerFactory,
    ready_claim,
)
from tests.test_settings import load_settings

EVENTS = ClaimEvent._meta.db_table


def quoted(name: str) -> str:
    return connection.ops.quote_name(name)


def sql(statement: str, params=None) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else []


@contextmanager
def acting_as(role: str):
    """The test's connection acts as ``role`` (privileges, ownership, superuser checks)."""
    sql(f"SET ROLE {quoted(role)}")
    try:
        yield
    finally:
        sql("RESET ROLE")


def refused(statement: str) -> str:
    """PostgreSQL's message refusing ``statement`` (which must fail), the transaction
    kept usable by a savepoint."""
    with pytest.raises(DatabaseError) as refusal, transaction.atomic():
        sql(statement)
    return str(refusal.value)


@pytest.fixture
def roles(db):
    if connection.vendor != "postgresql":
        pytest.fail("the database roles tests run on PostgreSQL only (marker: postgresql)")
    suffix = uuid.uuid4().hex[:12]
    roles = Roles(app=f"factcheck_app_{suffix}", owner=f"factcheck_owner_{suffix}")
    setup_roles(connection, roles)
    yield roles
    # Dropped by the test's rollback, with every grant and ownership change of the test.
    sql("RESET ROLE")


@pytest.fixture
def event(db):
    return ClaimEvent.objects.get(claim=ClaimFactory())


# --- TRUNCATE ---------------------------------------------------------------------------


@pytest.mark.postgresql
def test_truncate_of_the_events_is_refused_by_a_trigger_even_to_a_superuser(event):
    # The event's foreign keys are checked now, not at the commit (as TRUNCATE requires).
    sql("SET CONSTRAINTS ALL IMMEDIATE")
    message = refused(f"TRUNCATE {EVENTS} CASCADE")

    assert "append-only (TRUNCATE refused)" in message
    assert ClaimEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.postgresql
def test_the_truncate_trigger_is_a_statement_trigger_next_to_the_row_trigger(db):
    triggers = sql(
        "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal "
        "ORDER BY tgname",
        [EVENTS],
    )
    assert [name for (name,) in triggers] == [
        "annotations_claimevent_append_only",
        "annotations_claimevent_no_truncate",
    ]


def truncate_migration():
    module = import_module("annotations.migrations.0010_claimevent_no_truncate")
    return module.Migration.operations[0]


@pytest.mark.postgresql
def test_the_truncate_trigger_migration_can_be_undone_and_done_again(db):
    def triggers() -> int:
        return sql(
            "SELECT count(*) FROM pg_trigger WHERE tgname = 'annotations_claimevent_no_truncate'"
        )[0][0]

    with connection.schema_editor() as editor:
        truncate_migration().reverse_code(django_apps, editor)
    assert triggers() == 0
    with connection.schema_editor() as editor:
        truncate_migration().code(django_apps, editor)
    assert triggers() == 1


def test_the_truncate_trigger_migration_does_nothing_on_sqlite():
    class SQLiteEditor:
        connection = SimpleNamespace(vendor="sqlite")

        def execute(self, *args, **kwargs):
            raise AssertionError("no SQL on SQLite")

    truncate_migration().code(django_apps, SQLiteEditor())
    truncate_migration().reverse_code(django_apps, SQLiteEditor())


@pytest.mark.postgresql
def test_a_superuser_can_still_silence_the_triggers_which_is_why_the_app_is_not_one(event):
    """What no trigger can stop: a superuser turning triggers off. Pinned here so that
    the app role's refusals below read against it."""
    with transaction.atomic():
        sql("SET LOCAL session_replication_role = replica")
        sql("DELETE FROM annotations_claimevent WHERE id = %s", [event.pk])
        assert not ClaimEvent.objects.filter(pk=event.pk).exists()
        transaction.set_rollback(True)


# --- What the app role cannot do --------------------------------------------------------


@pytest.mark.postgresql
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE annotations_claimevent SET comment = 'rewritten'",
        "DELETE FROM annotations_claimevent",
        f"TRUNCATE {EVENTS}",
        f"TRUNCATE {EVENTS} CASCADE",
    ],
    ids=["update", "delete", "truncate", "truncate-cascade"],
)
def test_the_app_role_is_denied_any_change_to_the_events(roles, event, statement):
    with acting_as(roles.app):
        message = refused(statement)

    assert "permission denied for table annotations_claimevent" in message
    assert ClaimEvent.objects.get(pk=event.pk).comment == ""


@pytest.mark.postgresql
@pytest.mark.parametrize(
    ("statement", "refusal"),
    [
        (
            f"ALTER TABLE {EVENTS} DISABLE TRIGGER annotations_claimevent_append_only",
            "must be owner of table annotations_claimevent",
        ),
        (f"ALTER TABLE {EVENTS} DISABLE TRIGGER ALL", "must be owner of table"),
        (f"DROP TRIGGER annotations_claimevent_no_truncate ON {EVENTS}", "must be owner of"),
        (f"DROP TABLE {EVENTS} CASCADE", "must be owner of table"),
        ("DROP FUNCTION annotations_claimevent_append_only() CASCADE", "must be owner of"),
        (
            "CREATE OR REPLACE FUNCTION annotations_claimevent_append_only() RETURNS trigger "
            "AS $$ BEGIN RETURN OLD; END $$ LANGUAGE plpgsql",
            "permission denied for schema public",
        ),
    ],
    ids=["disable-trigger", "disable-all", "drop-trigger", "drop-table", "drop-fn", "replace-fn"],
)
def test_the_app_role_cannot_remove_or_disable_the_triggers(roles, statement, refusal):
    with acting_as(roles.app):
        message = refused(statement)

    assert refusal in message


@pytest.mark.postgresql
def test_the_app_role_cannot_turn_triggers_off_with_session_replication_role(roles, event):
    with acting_as(roles.app):
        message = refused("SET session_replication_role = replica")

    assert 'permission denied to set parameter "session_replication_role"' in message


@pytest.mark.postgresql
def test_the_app_role_cannot_create_tables_nor_write_the_migration_history(roles):
    with acting_as(roles.app):
        create = refused("CREATE TABLE annotations_intruder (id int)")
        record = refused(
            "INSERT INTO django_migrations (app, name, applied) VALUES ('x', 'y', now())"
        )

    assert "permission denied for schema public" in create
    assert "permission denied for table django_migrations" in record


@pytest.mark.postgresql
def test_the_app_role_owns_nothing_and_is_a_plain_login_role(roles):
    owned = sql(
        "SELECT count(*) FROM pg_class WHERE relowner = %(r)s::regrole "
        "UNION ALL SELECT count(*) FROM pg_proc WHERE proowner = %(r)s::regrole "
        "UNION ALL SELECT count(*) FROM pg_namespace WHERE nspowner = %(r)s::regrole "
        "UNION ALL SELECT count(*) FROM pg_database WHERE datdba = %(r)s::regrole",
        {"r": roles.app},
    )
    attributes = sql(
        "SELECT rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls, "
        "rolcanlogin, pg_has_role(%(r)s, %(o)s, 'MEMBER') FROM pg_roles WHERE rolname = %(r)s",
        {"r": roles.app, "o": roles.owner},
    )

    assert [count for (count,) in owned] == [0, 0, 0, 0]
    assert attributes == [(False, False, False, False, False, True, False)]


@pytest.mark.postgresql
def test_the_owner_owns_every_table_and_the_trigger_function(roles):
    others = sql(
        "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace "
        "AND relkind IN ('r', 'S', 'v', 'm') AND relowner <> %s::regrole",
        [roles.owner],
    )
    function_owner = sql(
        "SELECT proowner::regrole::text FROM pg_proc "
        "WHERE proname = 'annotations_claimevent_append_only'"
    )

    assert others == []
    assert function_owner == [(roles.owner,)]


# --- What the app role can do: the app's own writes ----------------------------------------


@pytest.mark.postgresql
def test_the_services_write_claims_evidence_verdicts_and_events_as_the_app_role(roles):
    reviewer, moderator, article = ReviewerFactory(), ModeratorFactory(), ArticleFactory()
    events_before = ClaimEvent.objects.count()

    with acting_as(roles.app):
        claim = services.claim_create(
            article=article,
            author=reviewer,
            start=0,
            end=10,
            quote=article.body[0:10],
            text="Une affirmation.",
            claimant="Quelqu'un",
        )
        claim = services.claim_update(
            claim=claim, user=reviewer, expected_version=1, text="Une autre."
        )
        data = services.EvidenceInput(
            url="https://example.org/a", title="Une source", stance=Evidence.Stance.SUPPORTS
        )
        services.evidence_add(claim=claim, user=reviewer, data=data, expected_version=2)
        removable = EvidenceFactory(claim=claim)
        claim.refresh_from_db()
        services.evidence_remove(evidence=removable, user=reviewer, expected_version=claim.version)
        claim.refresh_from_db()
        services.verdict_set(
            claim=claim,
            user=reviewer,
            expected_version=claim.version,
            rating=Verdict.Rating.FALSE,
            rationale="Faux.",
        )
        claim.refresh_from_db()
        services.claim_submit(claim=claim, user=reviewer, expected_version=claim.version)
        services.claim_approve(claim=claim, moderator=moderator, comment="Bien.")

    claim.refresh_from_db()
    assert claim.status == Claim.Status.PUBLISHED
    assert ClaimEvent.objects.count() > events_before


@pytest.mark.postgresql
def test_the_write_api_with_an_idempotency_key_works_as_the_app_role(roles):
    reviewer, article = ReviewerFactory(), ArticleFactory()
    api = APIClient()
    api.force_authenticate(reviewer)
    body = {"article": article.pk, "quote": article.body[0:10], "start": 0, "end": 10, "text": "x"}

    with acting_as(roles.app):
        first = api.post("/api/v1/claims/", body, format="json", HTTP_IDEMPOTENCY_KEY="k1")
        retry = api.post("/api/v1/claims/", body, format="json", HTTP_IDEMPOTENCY_KEY="k1")
        public = api.get("/api/v1/claims/")

    assert (first.status_code, retry.status_code, public.status_code) == (201, 201, 200)
    assert Claim.objects.count() == 1
    assert IdempotencyKey.objects.count() == 1


@pytest.mark.postgresql
def test_a_ready_claim_can_be_published_and_its_sessions_kept_as_the_app_role(roles, client):
    claim = ready_claim()
    moderator = ModeratorFactory()

    with acting_as(roles.app):
        client.force_login(moderator)  # django_session: INSERT
        services.claim_submit(claim=claim, user=claim.author, expected_version=claim.version)
        services.claim_approve(claim=claim, moderator=moderator)
        client.logout()  # django_session: DELETE

    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.PUBLISHED


# --- Grants that stay right after migrations ------------------------------------------------


@pytest.mark.postgresql
def test_a_table_that_a_later_migration_creates_is_readable_and_writable_by_the_app(roles):
    with acting_as(roles.owner):
        sql("CREATE TABLE annotations_later (id bigint GENERATED BY DEFAULT AS IDENTITY, n int)")
        sql("CREATE TABLE annotations_later_serial (id serial, n int)")

    with acting_as(roles.app):
        sql("INSERT INTO annotations_later (n) VALUES (1)")
        sql("INSERT INTO annotations_later_serial (n) VALUES (1)")
        sql("UPDATE annotations_later SET n = 2")
        sql("DELETE FROM annotations_later_serial")
        assert sql("SELECT n FROM annotations_later") == [(2,)]


@pytest.mark.postgresql
def test_the_grants_after_a_migration_take_back_what_the_events_must_not_allow(roles, event):
    with acting_as(roles.owner):
        # A migration that recreated or re-granted the table would leave this behind.
        sql(f"GRANT ALL ON {EVENTS} TO {quoted(roles.app)}")
        grant_app_role(connection, roles)

    with acting_as(roles.app):
        message = refused("DELETE FROM annotations_claimevent")
        truncate = refused(f"TRUNCATE {EVENTS}")

    assert "permission denied" in message and "permission denied" in truncate


# --- The command -------------------------------------------------------------------------------


@pytest.mark.postgresql
def test_setup_database_roles_prints_what_it_granted_and_can_run_again(db):
    suffix = uuid.uuid4().hex[:12]
    app, owner = f"factcheck_app_{suffix}", f"factcheck_owner_{suffix}"
    for _run in range(2):
        out = io.StringIO()
        call_command("setup_database_roles", app_role=app, owner_role=owner, stdout=out)
    printed = out.getvalue()

    assert f'ALTER ROLE "{app}" WITH LOGIN NOSUPERUSER' in printed
    assert f'REVOKE UPDATE, DELETE ON "annotations_claimevent" FROM "{app}";' in printed
    assert f'ALTER DEFAULT PRIVILEGES FOR ROLE "{owner}"' in printed
    assert f"{app} may SELECT, INSERT, UPDATE, DELETE rows" in printed


@pytest.mark.postgresql
def test_setup_database_roles_keeps_passwords_out_of_what_it_prints(db, monkeypatch):
    monkeypatch.setenv("DATABASE_APP_PASSWORD", "s3cret-app")
    suffix = uuid.uuid4().hex[:12]
    out = io.StringIO()

    call_command(
        "setup_database_roles",
        app_role=f"factcheck_app_{suffix}",
        owner_role=f"factcheck_owner_{suffix}",
        stdout=out,
    )

    assert "s3cret-app" not in out.getvalue()
    assert "PASSWORD '…'" in out.getvalue()
    stored = sql(
        "SELECT rolpassword IS NOT NULL FROM pg_authid WHERE rolname = %s",
        [f"factcheck_app_{suffix}"],
    )
    assert stored == [(True,)]


@pytest.mark.postgresql
@pytest.mark.parametrize(
    ("app", "owner", "reason"),
    [
        ("postgres", "factcheck_owner_x", "is a superuser"),
        ("same_name", "same_name", "must differ"),
        ("Robert'); DROP TABLE x;--", "factcheck_owner_x", "not a plain role name"),
    ],
    ids=["superuser", "same", "injection"],
)
def test_setup_database_roles_refuses_unsafe_role_names(db, app, owner, reason):
    with pytest.raises(CommandError, match=reason):
        call_command("setup_database_roles", app_role=app, owner_role=owner, stdout=io.StringIO())


@pytest.mark.django_db
def test_setup_database_roles_runs_on_postgresql_and_says_it_needs_it_elsewhere():
    suffix = uuid.uuid4().hex[:12]
    options = {"app_role": f"factcheck_app_{suffix}", "owner_role": f"factcheck_owner_{suffix}"}
    if connection.vendor == "postgresql":
        out = io.StringIO()
        call_command("setup_database_roles", **options, stdout=out)
        assert "it owns nothing" in out.getvalue()
    else:
        with pytest.raises(CommandError, match="PostgreSQL only"):
            call_command("setup_database_roles", **options, stdout=io.StringIO())


# --- DATABASE_OWNER_URL --------------------------------------------------------------------


@pytest.mark.django_db
def test_migrate_keeps_its_own_connection_on_a_database_the_owner_url_does_not_name(settings):
    """A test run migrates its own database, never as the owner of the production one."""
    settings.DATABASE_OWNER = {"NAME": "factcheck_elsewhere", "USER": "nobody", "PASSWORD": ""}
    user = connection.settings_dict["USER"]
    out = io.StringIO()

    call_command("migrate", stdout=out)

    assert "No migrations to apply" in out.getvalue()
    assert "Granted" not in out.getvalue()
    assert connection.settings_dict["USER"] == user


def test_database_owner_url_for_the_same_database_is_accepted():
    result = load_settings(
        DATABASE_URL="postgres://factcheck_app:a@db:5432/factcheck",
        DATABASE_OWNER_URL="postgres://factcheck_owner:o@db:5432/factcheck",
    )
    assert result.returncode == 0, result.stderr


def test_database_owner_url_must_name_the_same_database():
    result = load_settings(
        DATABASE_URL="postgres://factcheck_app@db:5432/factcheck",
        DATABASE_OWNER_URL="postgres://factcheck_owner@db:5432/other",
    )
    assert result.returncode != 0
    assert "DATABASE_OWNER_URL must name the same database" in result.stderr
