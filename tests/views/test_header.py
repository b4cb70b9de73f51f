"""The header every page shares: the number of claims waiting (moderators only, one query),
the same word for notifications in both languages, and the favicon."""

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.test import Client
from django.urls import reverse

from annotations import selectors
from tests.factories import AdminFactory, ModeratorFactory, ReviewerFactory, submitted_claim

pytestmark = pytest.mark.django_db

INBOX_URL = reverse("annotations:inbox")
QUEUE_URL = reverse("annotations:moderation_queue")
TOKENS_URL = reverse("annotations:token_list")


def client_for(user, language="en") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def moderation_link(content: str) -> str:
    match = re.search(rf'<a href="{QUEUE_URL}">(.*?)</a>', content, re.S)
    assert match, "no link to the moderation queue"
    return match.group(1)


def test_the_moderation_link_shows_how_many_claims_wait():
    for _ in range(3):
        submitted_claim()
    content = client_for(ModeratorFactory()).get(TOKENS_URL).content.decode()
    assert moderation_link(content) == (
        'Moderation <span class="badge count">3<span class="visually-hidden"> waiting</span></span>'
    )


def test_the_moderation_link_shows_no_count_when_nothing_waits():
    content = client_for(AdminFactory()).get(TOKENS_URL).content.decode()
    assert moderation_link(content) == "Moderation"


def test_the_count_is_in_french_for_a_french_moderator():
    submitted_claim()
    content = client_for(ModeratorFactory(), "fr").get(TOKENS_URL).content.decode()
    assert moderation_link(content) == (
        'Modération <span class="badge count">1<span class="visually-hidden"> en attente</span>'
        "</span>"
    )


def test_the_count_is_the_length_of_the_queue():
    claims = [submitted_claim() for _ in range(2)]
    assert selectors.moderation_count() == 2
    assert selectors.moderation_count() == selectors.moderation_queue().count()
    assert {v.claim_id for v in selectors.moderation_queue()} == {c.pk for c in claims}


def test_the_count_costs_a_moderator_one_query_and_a_reviewer_none(django_assert_num_queries):
    """The same page for a reviewer and a moderator: one query more for the moderator
    (the count), whatever the number of claims waiting."""
    reviewer, moderator = client_for(ReviewerFactory()), client_for(ModeratorFactory())
    # Session, user, roles, tokens, unread count.
    with django_assert_num_queries(5):
        reviewer.get(TOKENS_URL)
    with django_assert_num_queries(6):
        moderator.get(TOKENS_URL)
    for _ in range(5):
        submitted_claim()
    with django_assert_num_queries(5):
        content = reviewer.get(TOKENS_URL).content.decode()
    assert "badge count" not in content
    with django_assert_num_queries(6):
        content = moderator.get(TOKENS_URL).content.decode()
    assert ">5<" in moderation_link(content)


@pytest.mark.parametrize(("language", "word"), [("en", "Notifications"), ("fr", "Notifications")])
def test_notifications_have_the_same_name_in_the_header_and_on_their_page(language, word):
    client = client_for(ReviewerFactory(), language)
    content = client.get(INBOX_URL).content.decode()
    assert f'<a href="{INBOX_URL}">{word}</a>' in content
    assert f"<h1>{word}</h1>" in content
    assert "Inbox" not in content


def test_every_page_links_the_svg_favicon_which_exists(client):
    content = client.get(reverse("annotations:public_claim_list")).content.decode()
    match = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', content)
    assert match
    assert match.group(1) == static("annotations/favicon.svg")
    assert finders.find("annotations/favicon.svg")
    response = client.get(match.group(1))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert b"".join(response.streaming_content).startswith(b"<svg xmlns=")


def test_favicon_ico_leads_to_the_svg_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == static("annotations/favicon.svg")
