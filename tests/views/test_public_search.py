"""The search box of the public fact-checks page: claim matching (words and meaning) over
our published claims, with the list's filters, without JavaScript."""

import re

import pytest
from django.core.cache import caches
from django.urls import reverse

from annotations import selectors, services
from tests.factories import ArticleFactory, ModeratorFactory, ReviewerFactory, published_claim

pytestmark = pytest.mark.django_db

URL = reverse("annotations:public_claim_list")


def shown(response) -> list[str]:
    return re.findall(r'<h2><a href="[^"]+">([^<]+)</a></h2>', response.content.decode())


@pytest.fixture
def claims(embedder):
    english = ArticleFactory(language="en")
    made = {
        "insects": published_claim(
            article=english, text="The EU will force people to eat insects."
        ),
        "wind": published_claim(text="Les éoliennes donnent le cancer aux riverains."),
        "budget": published_claim(text="Le budget de la défense augmente de 3,5 % en 2025."),
    }
    services.vectors_compute(model=embedder)
    selectors.candidate_cache.clear()
    return made


def test_the_search_box_is_a_labelled_field_of_the_get_form(client):
    content = client.get(URL).content.decode()
    form = re.search(r'<form method="get"[^>]*role="search".*?</form>', content, re.S).group()
    assert re.search(r'<label for="id_q">Search</label>', form)
    assert re.search(r'<input type="search" name="q"[^>]*id="id_q"', form)
    assert '<button type="submit">' in form


def test_a_search_finds_a_fact_check_by_its_words(client, claims):
    response = client.get(URL, {"q": "éolienne"})
    assert shown(response)[0] == "Les éoliennes donnent le cancer aux riverains."
    assert "best first" in response.content.decode()


@pytest.mark.model
def test_a_search_finds_a_fact_check_by_its_meaning_in_the_other_language(client, claims):
    # No word in common: the meaning finds it.
    response = client.get(URL, {"q": "Bruxelles va nous obliger à manger des grillons."})
    assert shown(response)[0] == "The EU will force people to eat insects."


def test_the_filters_still_narrow_a_search(client, claims):
    wind, budget = claims["wind"].text, claims["budget"].text
    assert shown(client.get(URL, {"q": "cancer éoliennes"}))[0] == wind
    assert shown(client.get(URL, {"q": "cancer éoliennes", "rating": "false"})) == []
    rated = shown(client.get(URL, {"q": "cancer éoliennes", "rating": "mostly_false"}))
    assert rated[0] == wind
    article = claims["budget"].article_id
    assert shown(client.get(URL, {"q": "cancer éoliennes", "article": article})) == [budget]


def test_a_too_long_search_is_an_error_on_the_field_not_a_failure(client, claims):
    response = client.get(URL, {"q": "x" * 1001})
    assert response.status_code == 200
    assert 'id="id_q_error"' in response.content.decode()


def test_the_search_text_is_escaped(client, claims):
    content = client.get(URL, {"q": "<script>alert(1)</script>"}).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "<script>alert(1)" not in content


# The conditional-GET validator (with the last vector), the
# cache's key of the stored vectors, the words (full-text search), the count, the claims,
# their published verdicts, the counts by month and rating (the search is not run again).
PUBLIC_SEARCH_QUERIES = 7


def test_a_search_of_the_list_takes_a_fixed_number_of_queries(
    client, claims, embedder, django_assert_num_queries
):
    client.get(URL, {"q": "budget"})  # the model and the vectors loaded
    caches["responses"].clear()  # the page itself, not the answer the cache kept
    with django_assert_num_queries(PUBLIC_SEARCH_QUERIES):
        few = client.get(URL, {"q": "budget"})
    assert len(shown(few)) == 3
    author, moderator = ReviewerFactory(), ModeratorFactory()
    for number in range(30):
        published_claim(
            author=author, moderator=moderator, text=f"Le budget de l'armée n°{number} augmente."
        )
    services.vectors_compute(model=embedder)
    client.get(URL, {"q": "budget"})
    caches["responses"].clear()
    with django_assert_num_queries(PUBLIC_SEARCH_QUERIES):
        many = client.get(URL, {"q": "budget"})
    assert len(shown(many)) == 25
    assert "q=budget&amp;page=2" in many.content.decode()  # the next page keeps the search
