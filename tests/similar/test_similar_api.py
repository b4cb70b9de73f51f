"""``/api/v1/similar``: ranked fact-checks for a text, errors, batches, per role."""

import pytest
from django.urls import reverse

from annotations import selectors, services
from tests.factories import ExternalFactCheckFactory, published_claim

pytestmark = pytest.mark.django_db

URL = "/api/v1/similar"


@pytest.fixture
def fact_checks():
    made = {
        "vaccines": ExternalFactCheckFactory(
            claim="Vaccines cause autism in children.",
            language="en",
            rating="False",
            organisation="Checker",
            review_url="https://checker.example/vaccines",
        ),
        "not_vaccines": ExternalFactCheckFactory(
            claim="Vaccines do not cause autism in children.", language="en"
        ),
        "ours": published_claim(),
    }
    selectors.candidate_cache.clear()
    services.vectors_compute()
    return made


def test_the_url_is_named():
    assert reverse("api:similar") == URL


def test_a_french_text_finds_the_english_fact_check_with_its_details(client, fact_checks):
    response = client.get(URL, {"text": "Les vaccins provoquent l'autisme chez les enfants."})
    assert response.status_code == 200
    first = response.json()[0]
    assert first["kind"] == "external"
    assert first["url"] == "https://checker.example/vaccines"
    assert first["rating"] == "False"
    assert first["organisation"] == "Checker"
    assert first["reason"] in ("similar meaning", "words in common")
    assert isinstance(first["score"], float)


def test_a_negated_fact_check_ranks_below_the_paraphrase(client, fact_checks):
    found = client.get(URL, {"text": "Vaccines lead to autism in kids.", "language": "en"}).json()
    urls = [match["url"] for match in found]
    assert urls.index("https://checker.example/vaccines") < urls.index(
        fact_checks["not_vaccines"].review_url
    )


def test_our_claims_link_to_their_public_page(client, fact_checks):
    claim = fact_checks["ours"]
    found = client.get(URL, {"text": claim.text, "limit": 20}).json()
    ours = [match for match in found if match["kind"] == "ours"]
    assert ours[0]["id"] == claim.pk
    assert ours[0]["url"].endswith(f"/fact-checks/{claim.pk}/")


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"text": ""},
        {"text": "x" * 1001},
        {"text": "ok", "limit": 21},
        {"text": "ok", "limit": 0},
        {"text": "ok", "limit": "many"},
        {"text": "ok", "language": "de"},
    ],
    ids=[
        "no text",
        "empty",
        "too long",
        "limit over 20",
        "limit 0",
        "limit not a number",
        "language",
    ],
)
def test_bad_queries_are_400(client, params):
    assert client.get(URL, params).status_code == 400


def test_a_batch_gives_one_list_per_text(client, fact_checks):
    response = client.post(
        URL,
        {"texts": ["Vaccines cause autism.", "Les vaccins causent l'autisme."], "limit": 1},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert [len(matches) for matches in response.json()] == [1, 1]


def test_a_batch_of_more_than_100_texts_is_400(client):
    response = client.post(URL, {"texts": ["a"] * 101}, content_type="application/json")
    assert response.status_code == 400


def test_a_browser_session_must_send_its_csrf_token_to_post(fact_checks, reviewer):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    response = client.post(URL, {"texts": ["vaccines"]}, content_type="application/json")
    assert response.status_code == 403


def test_an_anonymous_client_posts_without_a_token(fact_checks):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(URL, {"texts": ["vaccines"]}, content_type="application/json")
    assert response.status_code == 200


def test_a_warm_search_takes_a_fixed_number_of_queries(
    client, fact_checks, django_assert_num_queries
):
    client.get(URL, {"text": "vaccines autism", "language": "en"})
    # the cache's key, the words (full-text search), our claims found, the external ones
    with django_assert_num_queries(4):
        assert client.get(URL, {"text": "vaccines autism", "language": "en"}).status_code == 200


def test_a_batch_takes_as_many_queries_as_one_text(client, fact_checks, django_assert_num_queries):
    texts = ["vaccines autism", "Les vaccins provoquent l'autisme.", "moon landing", "budget"]
    client.post(URL, {"texts": texts[:1]}, content_type="application/json")
    with django_assert_num_queries(4):
        response = client.post(URL, {"texts": texts}, content_type="application/json")
    assert response.status_code == 200
    assert len(response.json()) == len(texts)


def test_a_bad_text_in_a_batch_is_named_by_its_position(client):
    response = client.post(URL, {"texts": ["fine", ""]}, content_type="application/json")
    assert response.status_code == 400
    assert "1" in response.json()["texts"]
