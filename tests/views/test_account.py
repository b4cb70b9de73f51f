"""/account/: the name that signs the public fact-checks one checked or approved, and
who checked and approved each fact-check on its public page, in the API and ClaimReview."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from annotations import services
from annotations.models import Claim, Profile
from tests.factories import ModeratorFactory, ReviewerFactory, pending_correction, published_claim

pytestmark = pytest.mark.django_db

ACCOUNT = reverse("annotations:account")
TEAM = "Factcheck"  # PUBLISHER_NAME in the test settings
# The validator (ETag), the claim with its article, its published verdicts with their
# authors' and approvers' profiles (one join), its evidence, its "same claim as" marks.
PUBLIC_DETAIL_QUERIES = 5


def public_page(client, claim) -> str:
    response = client.get(reverse("annotations:public_claim_detail", args=[claim.pk]))
    assert response.status_code == 200
    return response.content.decode()


def sign(user, display_name="", sign_as_team=False):
    return services.profile_update(user=user, display_name=display_name, sign_as_team=sign_as_team)


# --- The page, per role ----------------------------------------------------------------


def test_anonymous_users_are_sent_to_the_login_page(client):
    for response in (client.get(ACCOUNT), client.post(ACCOUNT, {"display_name": "X"})):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert not Profile.objects.exists()


@pytest.mark.parametrize(
    "factory", [ReviewerFactory, ModeratorFactory], ids=["reviewer", "moderator"]
)
def test_a_reviewer_or_moderator_sets_their_display_name(client, factory):
    user = factory(username="jdupont", email="j.dupont@example.org")
    client.force_login(user)
    page = client.get(ACCOUNT)
    assert page.status_code == 200
    assert page["Cache-Control"].startswith("max-age=0")
    html = page.content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    assert f'<strong class="public-name">{TEAM}</strong>' in html  # none set yet

    response = client.post(ACCOUNT, {"display_name": "  Jeanne Dupont "})
    assert response.status_code == 302
    assert response["Location"] == ACCOUNT
    profile = Profile.objects.get(user=user)
    assert (profile.display_name, profile.sign_as_team) == ("Jeanne Dupont", False)
    assert (
        '<strong class="public-name">Jeanne Dupont</strong>' in client.get(ACCOUNT).content.decode()
    )


def test_a_user_without_a_role_may_set_a_name_too(client, no_role_user):
    client.force_login(no_role_user)
    assert client.get(ACCOUNT).status_code == 200
    assert client.post(ACCOUNT, {"display_name": "Invité", "sign_as_team": "on"}).status_code == 302
    assert Profile.objects.get(user=no_role_user).sign_as_team


def test_a_too_long_name_is_refused_and_kept(reviewer_client, reviewer):
    name = "N" * (Profile.DISPLAY_NAME_MAX_LENGTH + 1)
    response = reviewer_client.post(ACCOUNT, {"display_name": name})
    assert response.status_code == 200
    assert "Ensure this value has at most" in response.content.decode()
    assert f'value="{name}"' in response.content.decode()
    assert not Profile.objects.filter(user=reviewer).exists()


def test_the_form_refuses_a_post_without_a_csrf_token(reviewer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    assert client.post(ACCOUNT, {"display_name": "Forged"}).status_code == 403
    assert not Profile.objects.exists()


def test_the_display_name_is_escaped(reviewer_client, reviewer):
    reviewer_client.post(ACCOUNT, {"display_name": "<b>Jo</b>"})
    html = reviewer_client.get(ACCOUNT).content.decode()
    assert "&lt;b&gt;Jo&lt;/b&gt;" in html
    assert "<b>Jo</b>" not in html


def test_the_account_menu_links_to_the_page(reviewer_client):
    html = reviewer_client.get(reverse("annotations:my_claims")).content.decode()
    assert f'href="{ACCOUNT}"' in html.split('class="account-menu"')[1]


# --- Who checked, who approved: the public page ----------------------------------------


def test_the_public_page_names_who_checked_and_who_approved(client):
    author = ReviewerFactory(username="jdupont", email="jd@example.org")
    moderator = ModeratorFactory(username="mod-login", email="mod@example.org")
    sign(author, "Jeanne Dupont")
    sign(moderator, "Marc Lenoir")
    claim = published_claim(author=author, moderator=moderator)
    html = public_page(client, claim)
    assert "Checked by Jeanne Dupont, approved by Marc Lenoir." in html
    for secret in ("jdupont", "jd@example.org", "mod-login", "mod@example.org"):
        assert secret not in html


def test_without_a_display_name_or_signing_as_the_team_the_team_name_is_shown(client):
    author = ReviewerFactory(username="jdupont")
    moderator = ModeratorFactory(username="mod-login")
    sign(moderator, "Marc Lenoir", sign_as_team=True)  # a name, but signs as the team
    claim = published_claim(author=author, moderator=moderator)  # the author set none
    html = public_page(client, claim)
    assert f"Checked and approved by {TEAM}." in html
    assert "jdupont" not in html and "mod-login" not in html and "Marc Lenoir" not in html


def test_the_public_page_is_in_french_too(client):
    author, moderator = ReviewerFactory(), ModeratorFactory()
    sign(author, "Jeanne Dupont")
    claim = published_claim(author=author, moderator=moderator)
    client.cookies["django_language"] = "fr"
    html = public_page(client, claim)
    assert f"Vérifié par Jeanne Dupont, approuvé par {TEAM}." in html


def test_a_correction_is_signed_by_its_own_author_and_approver(client):
    first_moderator, second_moderator = ModeratorFactory(), ModeratorFactory()
    claim = published_claim(moderator=first_moderator)
    sign(first_moderator, "Première Modératrice")
    corrector = ReviewerFactory()
    sign(corrector, "Paul Correcteur")
    sign(second_moderator, "Second Modérateur")
    pending_correction(claim, author=corrector, submit=True)
    services.claim_approve(claim=claim, moderator=second_moderator)
    html = public_page(client, claim)
    current, earlier = html.split("Earlier verdicts")
    assert "Checked by Paul Correcteur, approved by Second Modérateur." in current
    assert f"Checked by {TEAM}, approved by Première Modératrice." in earlier


def test_renaming_oneself_changes_the_public_pages_etag(client):
    author = ReviewerFactory()
    claim = published_claim(author=author)
    url = reverse("annotations:public_claim_detail", args=[claim.pk])
    etag = client.get(url)["ETag"]
    version = Claim.objects.get(pk=claim.pk).version
    sign(author, "Jeanne Dupont")
    assert Claim.objects.get(pk=claim.pk).version == version + 1
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "Jeanne Dupont" in response.content.decode()


def test_saving_the_same_public_name_changes_no_claim(client):
    author = ReviewerFactory()
    claim = published_claim(author=author)
    version = Claim.objects.get(pk=claim.pk).version
    sign(author, "", sign_as_team=True)  # the team's name before and after
    assert Claim.objects.get(pk=claim.pk).version == version


def test_the_public_page_costs_the_same_queries_with_signatures(client, django_assert_num_queries):
    claim = published_claim()
    with django_assert_num_queries(PUBLIC_DETAIL_QUERIES):
        public_page(client, claim)
    moderator = ModeratorFactory()
    sign(moderator, "Marc Lenoir")
    for index in range(3):
        corrector = ReviewerFactory()
        sign(corrector, f"Correcteur {index}")
        pending_correction(claim, author=corrector, note=f"Correction {index}.", submit=True)
        services.claim_approve(claim=claim, moderator=moderator)
    with django_assert_num_queries(PUBLIC_DETAIL_QUERIES):
        html = public_page(client, claim)
    assert html.count("approved by Marc Lenoir.") == 3


# --- The API and the ClaimReview ----------------------------------------------------------


def test_the_api_names_who_checked_and_approved_each_version(client):
    author, moderator = ReviewerFactory(username="jdupont"), ModeratorFactory()
    sign(author, "Jeanne Dupont")
    claim = published_claim(author=author, moderator=moderator)
    data = client.get(reverse("api:claim-detail", args=[claim.pk])).json()
    assert (data["checked_by"], data["approved_by"]) == ("Jeanne Dupont", TEAM)
    assert data["corrections"][0]["checked_by"] == "Jeanne Dupont"
    assert data["corrections"][0]["approved_by"] == TEAM
    assert "jdupont" not in json.dumps(data)


def test_the_claim_review_names_the_checker_as_contributor_and_the_approver_as_editor(client):
    author, moderator = ReviewerFactory(), ModeratorFactory()
    sign(author, "Jeanne Dupont")
    sign(moderator, "Marc Lenoir")
    claim = published_claim(author=author, moderator=moderator)
    data = client.get(reverse("api:claim_claimreview", args=[claim.pk])).json()
    assert data["author"]["@type"] == "Organization"  # the publisher of the fact-check
    assert data["contributor"] == {"@type": "Person", "name": "Jeanne Dupont"}
    assert data["editor"] == {"@type": "Person", "name": "Marc Lenoir"}

    sign(author, "Jeanne Dupont", sign_as_team=True)
    data = client.get(reverse("api:claim_claimreview", args=[claim.pk])).json()
    assert "contributor" not in data
    assert data["editor"]["name"] == "Marc Lenoir"


def test_the_claim_review_feed_costs_the_same_queries_whoever_signed(
    client, django_assert_num_queries
):
    """The validator, the count, the page of claims, their published verdicts with their
    authors' and approvers' profiles (joined), their "same claim as" marks."""
    feed = reverse("api:claimreview_feed")
    for count in (2, 8):
        while Claim.objects.count() < count:
            author, moderator = ReviewerFactory(), ModeratorFactory()
            sign(author, f"Auteur {author.pk}")
            sign(moderator, f"Modérateur {moderator.pk}")
            published_claim(author=author, moderator=moderator)
        with django_assert_num_queries(5):
            data = client.get(feed).json()
        editors = {item["item"]["editor"]["name"] for item in data["itemListElement"]}
        assert len(editors) == count
