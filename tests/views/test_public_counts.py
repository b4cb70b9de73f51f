"""The public fact-checks page: counts per rating (links that filter), the chart of
verdicts by month and rating with its table, the filters' empty choices named, and a
query count that does not grow with the fact-checks."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from annotations.models import Verdict
from tests.factories import ArticleFactory, ModeratorFactory, ReviewerFactory, published_claim
from tests.views.test_moderation import PUBLIC_LIST_QUERIES

pytestmark = pytest.mark.django_db

URL = reverse("annotations:public_claim_list")


def publish(count: int, rating: str, *, article=None) -> None:
    author, moderator = ReviewerFactory(), ModeratorFactory()
    for _ in range(count):
        claim = published_claim(
            author=author, moderator=moderator, **({"article": article} if article else {})
        )
        Verdict.objects.filter(claim=claim).update(rating=rating)


def counts(content: str) -> dict[str, str]:
    nav = re.search(r'<nav class="rating-counts".*?</nav>', content, re.S).group()
    return dict(
        re.findall(r'class="rating-name">([^<]+)</span> <span class="count">(\d+)</span>', nav)
    )


def test_each_rating_shows_its_count_and_links_to_the_list_filtered_on_it(client):
    publish(2, Verdict.Rating.FALSE)
    publish(1, Verdict.Rating.TRUE)
    content = client.get(URL).content.decode()
    shown = counts(content)
    assert shown["False"] == "2"
    assert shown["True"] == "1"
    assert shown["Misleading"] == "0"
    assert f'<a href="{URL}?rating=false"><span class="rating-name">False</span>' in content
    assert re.search(r'aria-current="true">Any rating <span class="count">3</span>', content)


def test_the_counts_follow_the_other_filters_and_keep_them_in_their_links(client):
    article = ArticleFactory()
    publish(2, Verdict.Rating.FALSE, article=article)
    publish(3, Verdict.Rating.FALSE)
    response = client.get(URL, {"article": article.pk, "rating": "true"})
    content = response.content.decode()
    # The other filters apply; the chosen rating does not hide the others' counts.
    assert counts(content)["False"] == "2"
    assert f'href="{URL}?article={article.pk}&amp;rating=false"' in content
    assert 'aria-current="true"><span class="rating-name">True</span>' in content


def test_the_chart_of_verdicts_by_month_is_an_image_with_its_text_and_table(client):
    publish(2, Verdict.Rating.FALSE)
    publish(1, Verdict.Rating.TRUE)
    content = client.get(URL).content.decode()
    svg = re.search(r'<svg class="chart-image".*?</svg>', content, re.S).group()
    assert 'role="img"' in svg
    assert 'aria-labelledby="verdicts-by-month-title verdicts-by-month-desc"' in svg
    assert (
        '<title id="verdicts-by-month-title">Fact-checks published each month, by rating</title>'
        in svg
    )
    assert re.search(r"<title>[\w.]+ \d{4}, False: 2</title>", svg)
    # Patterns as well as colours; the legend is text.
    assert svg.count("<pattern ") == 2
    legend = re.search(r'<ul class="chart-legend".*?</ul>', content, re.S).group()
    assert ">True</li>" in legend and ">False</li>" in legend
    table = re.search(r'<table class="figures">.*?</table>', content, re.S).group()
    assert re.search(r'<td class="num">1</td><td class="num">2</td><td class="num">3</td>', table)


def test_nothing_published_means_no_chart(client):
    content = client.get(URL).content.decode()
    assert "chart-image" not in content
    assert 'aria-current="true">Any rating <span class="count">0</span>' in content


def test_the_filters_empty_choices_are_named_in_both_languages(client):
    content = client.get(URL).content.decode()
    assert "---------" not in content
    assert '<option value="" selected>Any rating</option>' in content
    french = client.get(URL, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<option value="" selected>Toutes les évaluations</option>' in french
    assert "Par évaluation\u00a0:" in french


def test_the_list_with_its_counts_takes_a_fixed_number_of_queries(
    client, django_assert_num_queries
):
    publish(2, Verdict.Rating.FALSE)
    with django_assert_num_queries(PUBLIC_LIST_QUERIES):
        client.get(URL)
    publish(30, Verdict.Rating.TRUE)
    publish(5, Verdict.Rating.MIXED)
    with django_assert_num_queries(PUBLIC_LIST_QUERIES):
        response = client.get(URL)
    assert counts(response.content.decode())["True"] == "30"
    # A rating chosen: the same counts (by month and rating, of the other filters), kept
    # since the last publication (caching.derived); the page reads its own claims.
    with django_assert_num_queries(PUBLIC_LIST_QUERIES - 1):
        response = client.get(URL, {"rating": "mixed"})
    assert counts(response.content.decode())["Mixed"] == "5"


def test_the_counts_are_kept_until_the_next_publication_for_every_visitor(
    reviewer_client, django_assert_num_queries
):
    client = Client()  # anonymous (``reviewer_client`` is the ``client`` fixture, logged in)
    publish(2, Verdict.Rating.FALSE)
    client.get(URL)
    # Another page of the list, another rating, a logged-in reviewer: the counts kept.
    for visitor, params in ((client, {"page": "2"}), (client, {"rating": "false"})):
        with django_assert_num_queries(PUBLIC_LIST_QUERIES - 1):
            visitor.get(URL, params)
    page = reviewer_client.get(URL).content.decode()
    assert counts(page)["False"] == "2"
    # Other filters: other counts.
    article = ArticleFactory(title="Une autre affaire")
    publish(3, Verdict.Rating.TRUE, article=article)
    filtered = client.get(URL, {"article": article.pk}).content.decode()
    assert counts(filtered)["True"] == "3"
    assert counts(filtered).get("False", "0") == "0"
    # A publication moves the validator on: the next visitor counts anew.
    publish(1, Verdict.Rating.FALSE)
    with django_assert_num_queries(PUBLIC_LIST_QUERIES):
        page = client.get(URL, {"rating": "true"}).content.decode()
    assert (counts(page)["False"], counts(page)["True"]) == ("3", "3")


def test_the_counts_are_computed_every_time_with_the_response_cache_off(
    client, settings, django_assert_num_queries
):
    settings.CACHES = {
        **settings.CACHES,
        "responses": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    publish(2, Verdict.Rating.FALSE)
    for params in ({}, {"rating": "false"}):
        with django_assert_num_queries(PUBLIC_LIST_QUERIES):
            page = client.get(URL, params).content.decode()
        assert counts(page)["False"] == "2"
