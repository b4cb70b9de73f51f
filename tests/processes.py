"""Helpers for tests that run the app in other processes (gunicorn, the worker) against
the test database: its URL for them, and waiting for a condition."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def database_url() -> str:
    """The test database, as a URL for another process (the data it must see has to be
    committed: ``transactional_db``)."""
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    return (
        f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST']}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )


def base_env(**env: str) -> dict[str, str]:
    """A production-like environment for another process of the app."""
    return {
        "PATH": os.environ.get("PATH", ""),
        "SECRET_KEY": "a-key-for-a-test-process",
        "DEBUG": "false",
        "HTTPS": "false",
        "STATIC_MANIFEST": "false",
        "LANGUAGE_CODE": "en",
        "LOG_LEVEL": "INFO",
        "DATABASE_URL": database_url(),
        **env,
    }


def wait_for(condition, message: str, process=None, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert process is None or process.poll() is None, f"{message}: it exited"
        assert time.monotonic() < deadline, message
        time.sleep(0.05)


def manage_command(*args: str, env: dict[str, str]) -> str:
    """``manage.py args`` in another process with ``env``; its output (it must succeed)."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def wait_until_serving(url: str, server: subprocess.Popen, log: Path) -> None:
    """Until gunicorn (``server``, logging to ``log``) answers the API's articles."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(log.read_text()[-3000:])
        try:
            with urllib.request.urlopen(f"{url}/api/v1/articles/", timeout=5):  # noqa: S310
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError("gunicorn did not start")
