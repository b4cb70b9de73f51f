"""The full-text search's hand-written SQL (annotations/fulltext.py, used by the API's filters) against the GIN
indexes it must use (migration 0007), and its answers."""

from __future__ import annotations

import importlib

import pytest
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from annotations import fulltext
from annotations.api import filters
from annotations.api.views import ClaimList
from tests.factories import published_claim

pytestmark = pytest.mark.django_db


def test_the_searched_text_is_the_expression_of_the_indexes():
    migration = importlib.import_module("annotations.migrations.0007_claim_search")
    assert fulltext.SEARCH_DOCUMENT == migration.DOCUMENT
    assert set(migration.CONFIGS) == set(fulltext.SEARCH_CONFIGS)


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table is read whole
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return " ".join(str(row) for row in cursor.fetchall())


def test_a_search_reads_the_text_indexes_where_there_are_some():
    published_claim()
    searched = filters.PublicClaimApiFilter({"q": "défense"}, queryset=ClaimList().get_queryset())
    plan = _plan(searched.qs.order_by("-published_at", "-id")[:21])
    if connection.vendor == "postgresql":
        assert "annotations_claim_search_fr_idx" in plan, plan
        assert "annotations_claim_search_en_idx" in plan, plan
    else:  # SQLite has no text index: a substring search
        assert "LIKE" in str(searched.qs.query), searched.qs.query


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("défense", True),
        ("DEFENSE", True),  # accents and case ignored on PostgreSQL, case on SQLite
        ("budget de la défense", True),  # all the words (PostgreSQL), the substring (SQLite)
        ("'; DROP TABLE annotations_claim; --", False),  # a parameter, never SQL
        ('"phrase that is nowhere"', False),
    ],
)
def test_search_terms_are_parameters_and_find_what_they_should(query, found):
    claim = published_claim()
    expect_accent_folding = connection.vendor == "postgresql" or query != "DEFENSE"
    response = APIClient().get(reverse("api:claim-list"), {"q": query})
    assert response.status_code == 200
    ids = [item["id"] for item in response.json()["results"]]
    assert (claim.pk in ids) is (found and expect_accent_folding)
