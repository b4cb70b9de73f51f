"""PostgreSQL: the GIN indexes of the searches keep short pending lists (migration 0022):
what a search reads of entries not yet in the tree stays a few pages."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]

BEFORE = ("annotations", "0021_claim_search_trigrams")


def _options() -> dict[str, list[str] | None]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, c.reloptions FROM pg_class c JOIN pg_am a ON a.oid = c.relam "
            "WHERE a.amname = 'gin' AND c.relname LIKE 'annotations_%%'"
        )
        return dict(cursor.fetchall())


def _migrate(target=None) -> None:
    """To ``target``, or every migration applied (later ones too: other tests expect them)."""
    executor = MigrationExecutor(connection)
    executor.migrate([target] if target else executor.loader.graph.leaf_nodes())


def test_every_search_index_has_a_short_pending_list_and_the_migration_reverses():
    migration = importlib.import_module("annotations.migrations.0022_gin_pending_lists")
    limit = f"gin_pending_list_limit={migration.LIMIT_KB}"
    options = _options()
    assert set(migration.INDEXES) == set(options), "a GIN index the migration does not name"
    assert all(options[index] == [limit] for index in migration.INDEXES), options
    try:
        _migrate(BEFORE)
        assert all(not options for options in _options().values())
    finally:
        _migrate()
    assert all(_options()[index] == [limit] for index in migration.INDEXES)
