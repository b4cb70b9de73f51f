"""/account/tokens/: reviewers and moderators create and revoke their own API tokens."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from knox.models import AuthToken

pytestmark = pytest.mark.django_db

TOKENS = reverse("annotations:token_list")


def revoke_url(instance) -> str:
    return reverse("annotations:token_revoke", args=[instance.token_key])


def test_anonymous_users_are_sent_to_the_login_page(client):
    response = client.get(TOKENS)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert client.post(TOKENS).status_code == 302
    assert not AuthToken.objects.exists()


def test_users_without_a_role_get_403(client, no_role_user):
    client.force_login(no_role_user)
    assert client.get(TOKENS).status_code == 403
    assert client.post(TOKENS).status_code == 403
    assert not AuthToken.objects.exists()


def test_a_reviewer_sees_only_their_own_tokens(reviewer_client, reviewer, other_reviewer):
    mine, _token = AuthToken.objects.create(user=reviewer)
    theirs, _token = AuthToken.objects.create(user=other_reviewer)
    page = reviewer_client.get(TOKENS)
    assert page.status_code == 200
    assert list(page.context["tokens"]) == [mine]
    html = page.content.decode()
    assert mine.token_key[-8:] in html
    assert theirs.token_key[-8:] not in html


def test_a_new_token_is_shown_once_and_stored_hashed(reviewer_client, reviewer):
    created = reviewer_client.post(TOKENS)
    assert created.status_code == 200
    token = created.context["new_token"]
    assert token in created.content.decode()
    assert "no-store" in created["Cache-Control"]
    instance = AuthToken.objects.get(user=reviewer)
    assert instance.expiry is None
    assert instance.digest != token

    again = reviewer_client.get(TOKENS)
    assert token not in again.content.decode()
    assert instance.token_key[-8:] in again.content.decode()


def test_a_reviewer_revokes_their_own_token(reviewer_client, reviewer):
    instance, _token = AuthToken.objects.create(user=reviewer)
    response = reviewer_client.post(revoke_url(instance))
    assert response.status_code == 302
    assert response["Location"] == TOKENS
    assert not AuthToken.objects.filter(user=reviewer).exists()


def test_a_reviewer_cannot_revoke_another_users_token(reviewer_client, other_reviewer):
    theirs, _token = AuthToken.objects.create(user=other_reviewer)
    assert reviewer_client.post(revoke_url(theirs)).status_code == 404
    assert AuthToken.objects.filter(pk=theirs.pk).exists()


def test_revoking_needs_a_post(reviewer_client, reviewer):
    instance, _token = AuthToken.objects.create(user=reviewer)
    assert reviewer_client.get(revoke_url(instance)).status_code == 405
    assert AuthToken.objects.filter(pk=instance.pk).exists()


def test_revoking_needs_the_csrf_token(reviewer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    instance, _token = AuthToken.objects.create(user=reviewer)
    assert client.post(revoke_url(instance)).status_code == 403
    assert AuthToken.objects.filter(pk=instance.pk).exists()


def test_moderators_have_tokens_too(client, moderator):
    client.force_login(moderator)
    assert client.post(TOKENS).status_code == 200
    assert AuthToken.objects.filter(user=moderator).count() == 1


def test_the_navigation_links_to_the_tokens_page(reviewer_client):
    page = reviewer_client.get(reverse("annotations:my_claims"))
    assert f'href="{TOKENS}"' in page.content.decode()
