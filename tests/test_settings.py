"""The settings fail loudly on bad values. Each case starts a fresh interpreter."""

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

BASE_ENV = {
    "PATH": os.environ.get("PATH", ""),
    "DJANGO_SETTINGS_MODULE": "factcheck.settings",
    "SECRET_KEY": "a-test-key",
}


def load_settings(**env: str) -> subprocess.CompletedProcess:
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.SECURE_SSL_REDIRECT, "
        "s.SESSION_COOKIE_SECURE, s.IMPORT_MAX_BYTES, s.DATABASES['default']['CONN_MAX_AGE'])"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**BASE_ENV, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_defaults_are_secure_sqlite_and_5_mb_imports():
    result = load_settings()
    assert result.returncode == 0, result.stderr
    debug, engine, ssl_redirect, secure_cookie, max_bytes, age = result.stdout.split()
    assert debug == "False"
    assert engine == "django.db.backends.sqlite3"
    assert int(age) == 600  # kept between requests, as on PostgreSQL
    assert ssl_redirect == secure_cookie == "True"
    assert int(max_bytes) == 5 * 1024 * 1024


def test_database_url_selects_postgresql_with_persistent_connections():
    result = load_settings(DATABASE_URL="postgres://u@127.0.0.1:5432/factcheck")
    assert result.returncode == 0, result.stderr
    _debug, engine, *_rest, conn_max_age = result.stdout.split()
    # Django's backend, with a health check that asks the socket first.
    assert engine == "factcheck.postgresql"
    assert int(conn_max_age) == 600


def test_missing_secret_key_is_refused_when_debug_is_off():
    result = load_settings(SECRET_KEY="")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY must be set" in result.stderr


def test_debug_runs_without_a_secret_key():
    result = load_settings(SECRET_KEY="", DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "True"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DEBUG", "maybe", "DEBUG must be a boolean"),
        ("IMPORT_MAX_BYTES", "5MB", "IMPORT_MAX_BYTES must be a whole number"),
        ("IMPORT_MAX_BYTES", "0", "IMPORT_MAX_BYTES must be at least 1"),
        ("TIME_ZONE", "Mars/Olympus", "is not a known IANA time zone"),
        ("LANGUAGE_CODE", "de", "LANGUAGE_CODE must be one of"),
        ("DATABASE_URL", "nosuchdb://x", "DATABASE_URL is not a valid database URL"),
        ("LOG_LEVEL", "loud", "LOG_LEVEL must be"),
        ("HTTPS", "perhaps", "HTTPS must be a boolean"),
        # Replicas of the embedded SQLite file make no sense.
        ("DATABASE_REPLICA_URLS", "postgres://u@replica/factcheck", "needs PostgreSQL"),
        ("WEBHOOK_DELIVERY", "cron", "WEBHOOK_DELIVERY must be worker, thread or sync"),
    ],
)
def test_bad_values_raise_improperly_configured(name, value, message):
    result = load_settings(**{name: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_replicas_are_databases_that_mirror_the_primary_in_tests_and_are_routed():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "r = s.DATABASES['replica_1']; "
        "print(sorted(s.DATABASES), r['HOST'], r['TEST']['MIRROR'], "
        "r['OPTIONS']['connect_timeout'], s.DATABASE_ROUTERS[0])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **BASE_ENV,
            "DATABASE_URL": "postgres://u@primary:5432/factcheck",
            "DATABASE_REPLICA_URLS": "postgres://u@one/factcheck, postgres://u@two/factcheck",
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "['default',",
        "'replica_0',",
        "'replica_1']",
        "two",
        "default",
        "2",
        "factcheck.replicas.ReplicaRouter",
    ]


def test_a_bad_replica_url_is_named():
    result = load_settings(
        DATABASE_URL="postgres://u@primary:5432/factcheck",
        DATABASE_REPLICA_URLS="postgres://u@one/factcheck,nosuchdb://x",
    )
    assert result.returncode != 0
    assert "DATABASE_REPLICA_URLS: entry 2 is not a valid database URL" in result.stderr


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "worker worker"),  # production: web processes leave the work to the worker
        ({"DEBUG": "true"}, "thread thread"),  # make run: nothing else to start
        ({"WEBHOOK_DELIVERY": "command", "MATCHING_EMBED": "sync"}, "worker sync"),
    ],
)
def test_background_work_goes_to_the_worker_unless_debug(env, expected):
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.WEBHOOK_DELIVERY, s.MATCHING_EMBED)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**BASE_ENV, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected
