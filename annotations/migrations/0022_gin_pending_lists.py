"""PostgreSQL: short pending lists for the GIN indexes of the searches.

A GIN index keeps the entries of new and changed rows in a pending list (``fastupdate``,
on by default) until a vacuum, or until the list passes ``gin_pending_list_limit`` (4 MB
by default), and every search reads that list from end to end. Measured on the
benchmark's database after its own writes (1,000 claims re-anchored, an import, the
publications of the freshness run: 225 and 302 pending pages): the search index's scan
of "recrutement" took 6.2 ms instead of 0.06 ms, two thirds of the API's search. A limit
of 64 kB keeps the batching of writes that makes ``fastupdate`` worth having (a claim
re-anchored or published writes a few entries into the list, not into the tree) and
bounds what a search reads to a few pages; autovacuum still empties the lists. Turning
``fastupdate`` off would make every claim's write update the trees at once: a new version
of an article with 1,000 claims writes 3,000 index entries.

The indexes: the API's ``q=`` (migration 0007), claim matching's words (0014). The lists
kept so far are emptied into the trees here. SQLite: nothing (no GIN).
"""

from django.db import migrations

INDEXES = (
    "annotations_claim_search_fr_idx",
    "annotations_claim_search_en_idx",
    "annotations_claim_match_words_idx",
    "annotations_extfc_match_words_idx",
)
LIMIT_KB = 64


def _limit(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in INDEXES:
        schema_editor.execute(f"ALTER INDEX {index} SET (gin_pending_list_limit = {LIMIT_KB})")
        schema_editor.execute("SELECT gin_clean_pending_list(%s::regclass)", params=[index])


def _reset(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in INDEXES:
        schema_editor.execute(f"ALTER INDEX {index} RESET (gin_pending_list_limit)")


class Migration(migrations.Migration):
    dependencies = [("annotations", "0021_claim_search_trigrams")]

    operations = [migrations.RunPython(_limit, _reset, elidable=False)]
