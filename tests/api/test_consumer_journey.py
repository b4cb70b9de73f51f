"""What an API consumer does with nothing but HTTP: list, filter, search, read one
claim, take its ClaimReview, and come back later with a conditional request."""

import pytest
from django.core.cache import cache
from django.db import connection

from tests.factories import ArticleFactory, ClaimFactory, published_claim

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_throttling():
    cache.clear()


def test_a_consumer_finds_reads_and_revalidates_a_published_fact_check(client):
    article = ArticleFactory(publisher="Ouest Matin", language="fr")
    defense = published_claim(
        article=article, sentence=1, text="Le budget de la défense augmente de 3,5 %."
    )
    unemployment = published_claim(article=ArticleFactory(), text="Le chômage a baissé en un an.")
    ClaimFactory(article=article, sentence=2, text="Un brouillon sur la défense.")

    # The list: only published claims, newest first, with a cursor link.
    listing = client.get("/api/v1/claims/").json()
    assert {c["id"] for c in listing["results"]} == {defense.pk, unemployment.pk}
    assert "next" in listing

    # Filters: by publisher and rating.
    filtered = client.get(
        "/api/v1/claims/", {"publisher": "ouest matin", "rating": "mostly_false"}
    ).json()
    assert [c["id"] for c in filtered["results"]] == [defense.pk]

    # Search: PostgreSQL stems and ignores accents; SQLite matches the text as typed.
    word = "chomage" if connection.vendor == "postgresql" else "chômage"
    found = client.get("/api/v1/claims/", {"q": word}).json()
    assert [c["id"] for c in found["results"]] == [unemployment.pk]

    # The detail: the claim, its quote and where it is, its rating in two languages.
    detail = client.get(f"/api/v1/claims/{defense.pk}/")
    assert detail.status_code == 200
    body = detail.json()
    assert body["text"] == "Le budget de la défense augmente de 3,5 %."
    assert (
        article.body[body["selectors"]["position"]["start"] : body["selectors"]["position"]["end"]]
        == body["quote"]
    )

    # The ClaimReview, as JSON-LD.
    review = client.get(f"/api/v1/claims/{defense.pk}/claimreview")
    assert review["Content-Type"].startswith("application/ld+json")
    assert review.json()["claimReviewed"] == body["text"]

    # Coming back: the same ETag is answered 304 Not Modified, with no body.
    etag = detail["ETag"]
    again = client.get(f"/api/v1/claims/{defense.pk}/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
