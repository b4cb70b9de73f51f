"""`manage.py check --deploy` with production settings: no warning at all.

HSTS preloading is the operator's choice (SECURE_HSTS_PRELOAD): off by default, with the
one reminder that it is off silenced; on, with nothing silenced. Each case starts a
fresh interpreter with production-like variables only.
"""

from __future__ import annotations

import json
import secrets
import subprocess
import sys

import pytest

from tests.conftest import ROOT

PRODUCTION = {
    "PATH": "/usr/bin:/bin",
    "DEBUG": "false",
    "ALLOWED_HOSTS": "example.org",
    "HTTPS": "true",
}


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**PRODUCTION, "SECRET_KEY": secrets.token_urlsafe(50), **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def deploy_check(**env: str) -> subprocess.CompletedProcess:
    return _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **env)


@pytest.mark.parametrize("preload", ["false", "true"])
def test_the_deploy_checks_find_no_issue_with_production_settings(preload):
    result = deploy_check(SECURE_HSTS_PRELOAD=preload)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_without_the_environment_s_secret_key_the_checks_do_not_start():
    result = _run(["manage.py", "check", "--deploy"], SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def _hsts(**env: str) -> dict:
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'preload': s.SECURE_HSTS_PRELOAD, 'seconds': s.SECURE_HSTS_SECONDS,"
        " 'subdomains': s.SECURE_HSTS_INCLUDE_SUBDOMAINS, 'silenced': s.SILENCED_SYSTEM_CHECKS}))"
    )
    result = _run(["-c", code], DJANGO_SETTINGS_MODULE="factcheck.settings", **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_hsts_preload_is_off_by_default_and_only_its_reminder_is_silenced():
    assert _hsts() == {
        "preload": False,
        "seconds": 31536000,
        "subdomains": True,
        "silenced": ["security.W021"],
    }


def test_hsts_preload_on_silences_nothing():
    assert _hsts(SECURE_HSTS_PRELOAD="true") == {
        "preload": True,
        "seconds": 31536000,
        "subdomains": True,
        "silenced": [],
    }


@pytest.mark.parametrize(
    "env", [{"HTTPS": "false"}, {"SECURE_HSTS_SECONDS": "86400"}], ids=["no HTTPS", "one day"]
)
def test_hsts_preload_without_a_year_of_https_stops_the_start_up(env):
    result = _run(["manage.py", "check"], SECURE_HSTS_PRELOAD="true", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECURE_HSTS_PRELOAD needs HTTPS" in result.stderr


def test_the_hsts_header_says_preload_only_when_asked():
    code = (
        "import django; django.setup(); from django.test import Client; "
        "r = Client().get('/accounts/login/', secure=True, headers={'host': 'example.org'}); "
        "print(r.status_code, r['Strict-Transport-Security'])"
    )
    for preload, expected in (
        ("false", "200 max-age=31536000; includeSubDomains\n"),
        ("true", "200 max-age=31536000; includeSubDomains; preload\n"),
    ):
        result = _run(
            ["-c", code],
            DJANGO_SETTINGS_MODULE="factcheck.settings",
            STATIC_MANIFEST="false",
            SECURE_HSTS_PRELOAD=preload,
        )
        assert result.stdout == expected, result.stderr
