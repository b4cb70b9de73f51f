"""Where ``/`` leads each user, and "My claims": every claim of a reviewer, by state."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from annotations import services
from annotations.models import Claim, Verdict
from tests.factories import (
    PASSWORD,
    AdminFactory,
    ArticleFactory,
    ClaimFactory,
    EvidenceFactory,
    ModeratorFactory,
    ReviewerFactory,
    UserFactory,
    VerdictFactory,
    published_claim,
    ready_claim,
    submitted_claim,
)

pytestmark = pytest.mark.django_db

HOME_URL = reverse("annotations:home")
MY_CLAIMS_URL = reverse("annotations:my_claims")
QUEUE_URL = reverse("annotations:moderation_queue")
PUBLIC_URL = reverse("annotations:public_claim_list")

# Pinned: session, user, roles, the counts by state, the user's articles (filter choices),
# the page's count, the claims (+article), their verdicts, their sendings back, unread.
MY_CLAIMS_QUERIES = 10


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def rows_of(response) -> list[tuple[str, str]]:
    """(claim text, state label) of each row of the table, in order."""
    content = response.content.decode()
    return re.findall(
        r'<tr>\s*<td><a href="/claims/\d+/">([^<]+)</a>.*?'
        r'<span class="badge status-[a-z_]+">([^<]+)</span>',
        content,
        re.S,
    )


def send_back(claim, comment="Citez la source officielle."):
    return services.claim_request_changes(
        claim=claim, moderator=ModeratorFactory(), comment=comment
    )


# --- / -----------------------------------------------------------------------------------


def test_an_anonymous_visitor_lands_on_the_public_fact_checks(client):
    response = client.get(HOME_URL)
    assert response.status_code == 302
    assert response["Location"] == PUBLIC_URL


@pytest.mark.parametrize(
    ("factory", "expected"),
    [
        (ReviewerFactory, MY_CLAIMS_URL),
        (ModeratorFactory, QUEUE_URL),
        (AdminFactory, QUEUE_URL),
        (UserFactory, PUBLIC_URL),  # logged in, but in no role
    ],
)
def test_a_logged_in_user_lands_on_their_own_workspace(factory, expected):
    response = client_for(factory()).get(HOME_URL)
    assert response.status_code == 302
    assert response["Location"] == expected


@pytest.mark.parametrize(
    ("factory", "expected"), [(ModeratorFactory, QUEUE_URL), (ReviewerFactory, MY_CLAIMS_URL)]
)
def test_logging_in_leads_to_the_users_workspace(client, factory, expected):
    user = factory()
    response = client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == expected
    assert response.status_code == 200


# --- My claims -----------------------------------------------------------------------------


def test_my_claims_lists_every_claim_of_mine_in_every_state_most_recent_first(reviewer):
    article = ArticleFactory(paragraphs=["Une. Deux. Trois. Quatre. Cinq. Six. Sept."])
    draft = ClaimFactory(article=article, author=reviewer, sentence=1, text="Brouillon")
    in_review = submitted_claim(article=article, author=reviewer, sentence=2, text="Relue")
    sent_back = send_back(submitted_claim(article=article, author=reviewer, sentence=3))
    published = published_claim(article=article, author=reviewer, sentence=4, text="Publiée")
    retracted = services.claim_retract(
        claim=published_claim(article=article, author=reviewer, sentence=5, text="Retirée"),
        moderator=ModeratorFactory(),
        note="Source fausse.",
    )
    ClaimFactory(article=article, sentence=6, text="Celle d’un autre")
    for claim in (draft, in_review, sent_back, published, retracted):
        claim.refresh_from_db()

    response = client_for(reviewer).get(MY_CLAIMS_URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert rows_of(response) == [
        (retracted.text, "Retracted"),
        (published.text, "Published"),
        (sent_back.text, "Changes requested"),
        (in_review.text, "In review"),
        (draft.text, "Draft"),
    ]
    assert "Celle d’un autre" not in content
    # The moderator's comment on the claim sent back; the public page of public ones.
    assert "Citez la source officielle." in content
    for claim in (published, retracted):
        assert f'href="{reverse("annotations:public_claim_detail", args=[claim.pk])}"' in content
    # Each state with its count, to filter on.
    assert "Draft (1)" in content
    assert "In review (1)" in content
    assert "Corrected (0)" in content


def test_a_claim_submitted_for_review_is_found_in_my_claims_in_review(reviewer):
    claim = ready_claim(author=reviewer, text="À relire")
    client = client_for(reviewer)
    claim.refresh_from_db()

    response = client.post(
        reverse("annotations:claim_submit", args=[claim.pk]), {"version": claim.version}
    )
    assert response.status_code in (200, 302)

    in_review = client.get(MY_CLAIMS_URL, {"state": Claim.Status.IN_REVIEW})
    assert rows_of(in_review) == [("À relire", "In review")]
    drafts = client.get(MY_CLAIMS_URL, {"state": Claim.Status.DRAFT})
    assert rows_of(drafts) == []
    assert "None of your claims matches these filters." in drafts.content.decode()


def test_my_claims_filters_by_states_article_and_language(reviewer):
    french = ArticleFactory(language="fr", paragraphs=["Une. Deux."])
    english = ArticleFactory(language="en", paragraphs=["One. Two."])
    ClaimFactory(article=french, author=reviewer, sentence=1, text="Brouillon FR")
    submitted_claim(article=french, author=reviewer, sentence=2, text="Relue FR")
    ClaimFactory(article=english, author=reviewer, sentence=1, text="Draft EN")
    client = client_for(reviewer)

    def texts(**query):
        return [text for text, _state in rows_of(client.get(MY_CLAIMS_URL, query))]

    assert texts(state=[Claim.Status.DRAFT]) == ["Draft EN", "Brouillon FR"]
    assert texts(state=[Claim.Status.DRAFT, Claim.Status.IN_REVIEW]) == [
        "Draft EN",
        "Relue FR",
        "Brouillon FR",
    ]
    assert texts(article=french.pk) == ["Relue FR", "Brouillon FR"]
    assert texts(language="en") == ["Draft EN"]
    assert texts(language="fr", state=[Claim.Status.DRAFT]) == ["Brouillon FR"]
    # The article filter offers my articles only, the language filter their languages.
    content = client.get(MY_CLAIMS_URL).content.decode()
    assert f'<option value="{french.pk}">' in content
    assert '<option value="en">English</option>' in content


def test_my_claims_refuses_an_unknown_filter_value_with_a_message_and_lists_the_rest(reviewer):
    ClaimFactory(author=reviewer, text="Brouillon")
    client = client_for(reviewer)

    response = client.get(MY_CLAIMS_URL, {"state": "archived", "article": "999999999"})

    assert response.status_code == 200
    content = response.content.decode()
    assert "Select a valid choice." in content
    assert rows_of(response) == [("Brouillon", "Draft")]


def test_my_claims_is_paginated(reviewer, monkeypatch):
    monkeypatch.setattr("annotations.views.workspace.PER_PAGE", 2)
    article = ArticleFactory(paragraphs=["Une. Deux. Trois."])
    for position in (1, 2, 3):
        ClaimFactory(article=article, author=reviewer, sentence=position, text=f"N{position}")
    client = client_for(reviewer)

    first = client.get(MY_CLAIMS_URL, {"state": Claim.Status.DRAFT})
    second = client.get(MY_CLAIMS_URL, {"state": Claim.Status.DRAFT, "page": 2})

    assert [text for text, _ in rows_of(first)] == ["N3", "N2"]
    assert [text for text, _ in rows_of(second)] == ["N1"]
    assert f"?state={Claim.Status.DRAFT}&amp;page=2" in first.content.decode()


def test_my_claims_says_when_there_is_none(reviewer):
    content = client_for(reviewer).get(MY_CLAIMS_URL).content.decode()
    assert "You have no claim yet." in content


def make_claims(author, count):
    """``count`` claims of ``author`` in several states, each with evidence and a verdict."""
    article = ArticleFactory(paragraphs=["Une phrase. Une autre."] * count)
    for position in range(1, count + 1):
        claim = ClaimFactory(article=article, author=author, sentence=position)
        EvidenceFactory(claim=claim)
        VerdictFactory(claim=claim, rating=Verdict.Rating.FALSE)
        if position % 3 == 1:
            services.claim_submit(claim=claim, user=author)
        if position % 3 == 2:
            services.claim_submit(claim=claim, user=author)
            send_back(claim)


def test_my_claims_query_count_does_not_grow_with_claims(reviewer, django_assert_num_queries):
    client = client_for(reviewer)
    make_claims(reviewer, 3)
    with django_assert_num_queries(MY_CLAIMS_QUERIES):
        response = client.get(MY_CLAIMS_URL)
    assert len(response.context["page"].object_list) == 3
    make_claims(reviewer, 30)
    with django_assert_num_queries(MY_CLAIMS_QUERIES):
        response = client.get(MY_CLAIMS_URL)
    assert len(response.context["page"].object_list) == 33
    with django_assert_num_queries(MY_CLAIMS_QUERIES):
        response = client.get(MY_CLAIMS_URL, {"state": Claim.Status.CHANGES_REQUESTED})
    assert len(response.context["page"].object_list) == 11


def test_the_former_my_drafts_shows_my_claims_still_in_my_hands(reviewer):
    ClaimFactory(author=reviewer, text="Brouillon")
    send_back(submitted_claim(author=reviewer, text="Renvoyée"))
    submitted_claim(author=reviewer, text="Relue")
    client = client_for(reviewer)

    response = client.get(reverse("annotations:my_drafts"), follow=True)

    assert response.redirect_chain[0][0].startswith(MY_CLAIMS_URL)
    assert sorted(text for text, _ in rows_of(response)) == ["Brouillon", "Renvoyée"]


def test_my_claims_is_in_french_for_a_french_user(reviewer):
    published_claim(author=reviewer, text="Publiée")
    client = client_for(reviewer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    response = client.get(MY_CLAIMS_URL)

    content = response.content.decode()
    assert "<h1>Mes affirmations</h1>" in content
    assert rows_of(response) == [("Publiée", "Publié")]
    assert "Brouillon (0)" in content
