"""Ids beyond what a 64-bit column holds are refused as bad input, never sent to the
database (SQLite raises OverflowError on them). Found by the schema fuzzer."""

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"


@pytest.fixture(autouse=True)
def _no_throttling():
    cache.clear()


@pytest.mark.parametrize("value", [HUGE, "-1.39e+283", "1e300", "0", "abc"])
def test_api_article_filter_refuses_ids_out_of_range_with_a_400(client, value):
    response = client.get("/api/v1/claims/", {"article": value, "q": "+"})
    assert response.status_code == 400
    assert "article" in response.json()


@pytest.mark.parametrize("value", [HUGE, "-5", "1e300"])
def test_public_list_ignores_an_article_filter_out_of_range(client, value):
    response = client.get("/fact-checks/", {"article": value})
    assert response.status_code == 200
    assert response.context["filter"].form.has_error("article")


@pytest.mark.parametrize(
    "url", [f"/fact-checks/{HUGE}/", f"/api/v1/claims/{HUGE}/", f"/api/v1/annotations/{HUGE}"]
)
def test_urls_with_an_id_out_of_range_are_404(client, url):
    assert client.get(url).status_code == 404


def test_write_api_refuses_an_article_id_out_of_range_with_a_400(client):
    from tests.factories import ReviewerFactory

    client.force_login(ReviewerFactory())
    response = client.post(
        "/api/v1/claims/",
        {"article": int(HUGE), "quote": "x", "text": "x"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "article" in response.json()
