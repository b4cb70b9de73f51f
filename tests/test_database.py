"""CI runs the suite on PostgreSQL and on SQLite; make sure each run is on the one it claims."""

import os

import pytest
from django.db import connection


@pytest.mark.django_db
def test_suite_runs_on_the_expected_database():
    expected = os.environ.get("EXPECT_DB_VENDOR")
    if expected is None:
        if os.environ.get("CI"):
            pytest.fail("EXPECT_DB_VENDOR must be set in CI (postgresql or sqlite).")
        expected = "postgresql" if os.environ.get("DATABASE_URL") else "sqlite"
    assert connection.vendor == expected
