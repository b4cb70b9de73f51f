"""Exports of published claims: /api/v1/exports/claims.csv and claims.jsonl."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse

from annotations import services
from annotations.api.views.exports import COLUMNS, neutralize
from annotations.models import Claim, Verdict
from tests.factories import (
    ArticleFactory,
    ModeratorFactory,
    pending_correction,
    published_claim,
    ready_claim,
    submitted_claim,
)

pytestmark = pytest.mark.django_db

CSV_URL = reverse("api:export_claims_csv")
JSONL_URL = reverse("api:export_claims_jsonl")


def _body(response) -> bytes:
    assert response.status_code == 200, getattr(response, "content", b"")
    assert response.streaming
    return b"".join(response.streaming_content)


def _csv_rows(client, **params) -> list[dict]:
    data = _body(client.get(CSV_URL, params)).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(data)))


def _jsonl(client, **params) -> list[dict]:
    return [json.loads(line) for line in _body(client.get(JSONL_URL, params)).splitlines()]


@pytest.fixture
def one_of_each_status():
    """A claim in every status: three public, three never exported."""
    moderator = ModeratorFactory()
    article = ArticleFactory(publisher="Le Quotidien", language="fr")
    published = published_claim(article=article, text="Publiée.", moderator=moderator)
    corrected = published_claim(article=article, text="Corrigée.", moderator=moderator)
    pending_correction(corrected, submit=True)
    services.claim_approve(claim=corrected, moderator=moderator)
    retracted = published_claim(article=article, text="Retirée.", moderator=moderator)
    services.claim_retract(claim=retracted, moderator=moderator, note="Source retirée.")
    ready_claim(article=article, text="Brouillon secret.")
    submitted_claim(article=article, text="En revue secret.")
    sent_back = submitted_claim(article=article, text="Renvoyée secret.")
    services.claim_request_changes(claim=sent_back, moderator=moderator, comment="Non")
    statuses = set(Claim.objects.values_list("status", flat=True))
    assert statuses == set(Claim.Status.values)
    return {"published": published, "corrected": corrected, "retracted": retracted}


def test_the_csv_has_a_bom_a_header_and_only_public_claims(client, one_of_each_status):
    response = client.get(CSV_URL)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="factchecks-')
    assert response["Content-Disposition"].endswith('.csv"')
    body = _body(response)
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert tuple(rows[0]) == COLUMNS
    assert {row["status"] for row in rows} == {"published", "corrected", "retracted"}
    assert b"secret" not in body


def test_the_csv_row_carries_the_current_verdict_and_its_article(client, one_of_each_status):
    corrected = one_of_each_status["corrected"]
    row = next(r for r in _csv_rows(client) if r["id"] == str(corrected.pk))
    verdict = corrected.verdicts.filter(status=Verdict.Status.PUBLISHED).order_by("-version")[0]
    assert row["rating"] == verdict.rating == "false"
    assert row["rating_label_fr"] == "Faux"
    assert row["rating_label_en"] == "False"
    assert row["rationale"] == verdict.rationale
    assert row["article_title"] == corrected.article.title
    assert row["publisher"] == "Le Quotidien"
    assert row["language"] == "fr"
    assert row["updated_at"] > row["published_at"]
    assert row["public_url"] == "http://testserver" + reverse(
        "annotations:public_claim_detail", args=[corrected.pk]
    )


def test_the_jsonl_has_the_same_fields_and_the_evidence(client, one_of_each_status):
    response = client.get(JSONL_URL)
    assert response["Content-Type"] == "application/x-ndjson"
    assert response["Content-Disposition"].endswith('.jsonl"')
    records = [json.loads(line) for line in _body(response).splitlines()]
    assert {r["status"] for r in records} == {"published", "corrected", "retracted"}
    assert not any("secret" in r["text"] for r in records)
    published = next(r for r in records if r["id"] == one_of_each_status["published"].pk)
    assert set(COLUMNS) <= set(published)
    evidence = one_of_each_status["published"].evidence.get()
    assert published["evidence"] == [
        {
            "url": evidence.url,
            "title": evidence.title,
            "publisher": evidence.publisher,
            "published_on": evidence.published_on.isoformat() if evidence.published_on else None,
            "stance": evidence.stance,
            "quote": evidence.quote,
        }
    ]


@pytest.mark.parametrize("value", ["=HYPERLINK(1)", "+33 1", "-1+1", "@SUM(A1)"])
def test_csv_cells_that_look_like_formulas_are_neutralized(client, value):
    claim = published_claim(claimant=value)
    row = _csv_rows(client)[0]
    assert row["claimant"] == "'" + value
    assert _jsonl(client)[0]["claimant"] == claim.claimant == value
    assert neutralize("Plain") == "Plain"
    assert neutralize(12) == 12


def test_exports_filter_like_the_claim_list(client, one_of_each_status):
    listed = client.get(reverse("api:claim-list"), {"rating": "false"}).json()["results"]
    rated = {int(r["id"]) for r in _csv_rows(client, rating="false")}
    assert rated == {item["id"] for item in listed}
    assert one_of_each_status["corrected"].pk in rated
    for row in _csv_rows(client, rating="false"):
        assert row["rating"] == "false"
    assert _csv_rows(client, published_after="2999-01-01") == []
    assert len(_jsonl(client, published_after="2000-01-01")) == 3
    bad = client.get(CSV_URL, {"rating": "nonsense"})
    assert bad.status_code == 400
    assert "rating" in bad.json()


@pytest.mark.parametrize("count", [2, 12])
def test_export_query_count_does_not_grow_with_the_claims(client, count, django_assert_num_queries):
    article = ArticleFactory()
    moderator = ModeratorFactory()
    for n in range(count):
        published_claim(article=article, text=f"Claim {n}", moderator=moderator)
    # The validator (conditional GET), then the claims; JSONL adds the evidence.
    with django_assert_num_queries(2):
        assert len(_csv_rows(client)) == count
    with django_assert_num_queries(3):
        assert len(_jsonl(client)) == count


def test_exports_are_public_and_cacheable(client, django_assert_num_queries):
    published_claim()
    response = client.get(CSV_URL)
    _body(response)
    assert "public" in response["Cache-Control"]
    with django_assert_num_queries(1):
        again = client.get(CSV_URL, headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304
