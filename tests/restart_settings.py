"""Settings of the server that tests/test_postgresql_restart.py runs: the app's own, plus
a middleware that lets the test hold a write at a chosen point while it restarts
PostgreSQL.

A request with ``X-Pause-At`` and ``X-Pause-Dir`` headers pauses once, after its claim's
first history row is written: ``in-transaction`` pauses there, before the commit;
``after-commit`` pauses just after the commit. While paused, the file ``paused`` exists
in the folder; the request goes on once the test creates ``go`` there. After an
``after-commit`` pause the server reads from the database, as a write's answer does
(``claim_response``), so a restart during the pause makes a committed write fail with a
500: the incident this suite reproduces.
"""

import time
from pathlib import Path

from django.db import connection, transaction

from factcheck.settings import *  # noqa: F403
from factcheck.settings import MIDDLEWARE

MIDDLEWARE = [*MIDDLEWARE, "tests.restart_settings.pause_middleware"]

HISTORY_INSERT = 'INSERT INTO "annotations_claimevent"'


def wait_for_go(folder: Path) -> None:
    (folder / "paused").touch()
    deadline = time.monotonic() + 30
    while not (folder / "go").exists():
        if time.monotonic() > deadline:
            raise TimeoutError("the test never said go")
        time.sleep(0.02)


def read_after_commit(folder: Path) -> None:
    wait_for_go(folder)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def pause_middleware(get_response):
    def middleware(request):
        where = request.headers.get("X-Pause-At")
        if where not in {"in-transaction", "after-commit"}:
            return get_response(request)
        folder = Path(request.headers["X-Pause-Dir"])
        paused = False

        def pause_once(execute, sql, params, many, context):
            nonlocal paused
            result = execute(sql, params, many, context)
            if not paused and sql.startswith(HISTORY_INSERT):
                paused = True
                if where == "in-transaction":
                    wait_for_go(folder)
                else:
                    transaction.on_commit(lambda: read_after_commit(folder))
            return result

        with connection.execute_wrapper(pause_once):
            return get_response(request)

    return middleware
