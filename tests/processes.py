"""Helpers for tests that run the app in other processes (gunicorn, the worker) against
the test database: its URL for them, and waiting for a condition."""

from __future__ import annotations

import os
import time

from django.db import connection


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
