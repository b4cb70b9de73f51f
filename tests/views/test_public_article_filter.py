"""The public fact-checks page's article filters: words of an article's title or
publisher in the form, one article chosen by following its title from a fact-check. The
page never lists every article (its size and time would grow with the archive)."""

import re

import pytest
from django.urls import reverse

from annotations.models import ClaimStatus
from tests.factories import (
    ArticleFactory,
    ModeratorFactory,
    ReviewerFactory,
    published_claim,
    submitted_claim,
)
from tests.views.test_moderation import PUBLIC_LIST_QUERIES

pytestmark = pytest.mark.django_db

URL = reverse("annotations:public_claim_list")


def shown(response) -> list[str]:
    return re.findall(r'<h2><a href="/fact-checks/(\d+)/">', response.content.decode())


@pytest.fixture
def checked():
    """Three public claims in three articles, and a claim in review in a fourth."""
    author, moderator = ReviewerFactory(), ModeratorFactory()
    articles = {
        "budget": ArticleFactory(title="Le budget des armées en hausse", publisher="Le Quotidien"),
        "wind": ArticleFactory(title="Wind farms and health", publisher="The Daily Planet"),
        "pensions": ArticleFactory(title="Retraites : le débat", publisher="Radio Nord"),
    }
    claims = {
        key: published_claim(author=author, moderator=moderator, article=article)
        for key, article in articles.items()
    }
    claims["draft"] = submitted_claim(author=author, article=ArticleFactory(title="Brouillon"))
    return claims


def test_the_page_does_not_list_the_articles(client, checked):
    content = client.get(URL).content.decode()
    assert '<select name="article"' not in content
    assert "Wind farms and health</option>" not in content
    assert 'name="article"' not in content  # no hidden field either, until one is chosen
    assert '<label for="id_source">Article or publisher</label>' in content


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("budget", ["budget"]),
        ("WIND", ["wind"]),  # case does not matter
        ("daily planet", ["wind"]),  # the publisher's name
        ("le", ["budget", "pensions"]),  # "Le Quotidien", "Retraites : le débat"
        ("le radio", ["pensions"]),  # every word must be found
        ("brouillon", []),  # an article whose claims are not public
        ("nothing like it", []),
    ],
)
def test_words_of_a_title_or_publisher_filter_the_list(client, checked, words, expected):
    response = client.get(URL, {"source": words})
    assert sorted(shown(response)) == sorted(str(checked[key].pk) for key in expected)
    assert f'value="{words}"' in response.content.decode()  # kept in the form


def test_a_fact_check_links_to_its_articles_fact_checks(client, checked):
    article = checked["wind"].article
    content = client.get(URL).content.decode()
    assert f'In “<a href="?article={article.pk}">Wind farms and health</a>”' in content
    french = client.get(URL, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert f'Dans «\u00a0<a href="?article={article.pk}">Wind farms and health</a>\u00a0»' in (
        french
    )


def test_one_article_chosen_is_named_with_a_link_that_keeps_the_other_filters(client, checked):
    article = checked["budget"].article
    response = client.get(URL, {"article": article.pk, "rating": "false", "source": "budget"})
    content = response.content.decode()
    assert "Only the fact-checks of “Le budget des armées en hausse”." in content
    assert f'<input type="hidden" name="article" value="{article.pk}"' in content
    assert '<a href="?rating=false&amp;source=budget">Every article</a>' in content
    assert shown(client.get(URL, {"article": article.pk})) == [str(checked["budget"].pk)]


@pytest.mark.parametrize("value", ["abc", "0", "-1", "99999999", "9" * 30])
def test_an_unknown_article_lists_every_article_and_says_so(client, checked, value):
    response = client.get(URL, {"article": value})
    assert response.status_code == 200
    assert len(shown(response)) == 3
    assert "That article has no published fact-check" in response.content.decode()


def test_an_article_without_public_fact_checks_is_unknown(client, checked):
    response = client.get(URL, {"article": checked["draft"].article_id})
    assert checked["draft"].status == ClaimStatus.IN_REVIEW
    assert len(shown(response)) == 3
    assert "That article has no published fact-check" in response.content.decode()


def test_an_articles_title_is_escaped_where_the_page_names_it(client):
    article = ArticleFactory(title="<script>alert(1)</script>")
    published_claim(article=article)
    content = client.get(URL, {"article": article.pk}).content.decode()
    assert "<script>alert(1)" not in content
    assert "Only the fact-checks of “&lt;script&gt;alert(1)&lt;/script&gt;”." in content


def test_the_article_filters_keep_a_fixed_number_of_queries(
    client, checked, django_assert_num_queries
):
    with django_assert_num_queries(PUBLIC_LIST_QUERIES):
        client.get(URL, {"source": "budget"})
    for _ in range(20):
        ArticleFactory()
    with django_assert_num_queries(PUBLIC_LIST_QUERIES):
        client.get(URL)
    # The chosen article is looked up (and its title read) in one more query.
    with django_assert_num_queries(PUBLIC_LIST_QUERIES + 1):
        client.get(URL, {"article": checked["wind"].article_id})
