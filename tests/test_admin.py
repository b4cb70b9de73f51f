"""What the admin refuses to delete: what the claims rest on, and their workflow."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.messages import get_messages
from django.test import Client, RequestFactory
from django.urls import reverse

from annotations.models import Article, Claim, ClaimEvent, Evidence, Review, Sentence, Verdict
from tests.factories import AdminFactory, ArticleFactory, published_claim

pytestmark = pytest.mark.django_db

NEVER_DELETED = [Sentence, Claim, Evidence, Verdict, Review, ClaimEvent]


@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(AdminFactory())
    return client


@pytest.fixture
def claim():
    """A published claim: a sentence under it, evidence, a verdict, a review, events."""
    return published_claim()


def _instance(model, claim):
    if model is Claim:
        return claim
    if model is Sentence:
        return claim.article.sentences.first()
    return model.objects.filter(claim=claim).first()


def _url(model, view: str, *args) -> str:
    return reverse(f"admin:annotations_{model._meta.model_name}_{view}", args=args)


def _delete_action(client: Client, model, objects) -> tuple:
    """POST the changelist's delete action, confirmed, as the confirmation page would."""
    response = client.post(
        _url(model, "changelist"),
        {
            "action": "delete_selected",
            helpers.ACTION_CHECKBOX_NAME: [str(obj.pk) for obj in objects],
            "post": "yes",
        },
        follow=True,
    )
    return response, [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("model", NEVER_DELETED, ids=lambda m: m.__name__)
def test_the_delete_page_is_forbidden(admin_client, claim, model):
    obj = _instance(model, claim)
    assert obj is not None
    assert admin_client.get(_url(model, "delete", obj.pk)).status_code == 403
    assert admin_client.post(_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("model", NEVER_DELETED, ids=lambda m: m.__name__)
def test_the_delete_action_is_not_offered_and_refused_with_a_message(admin_client, claim, model):
    request = RequestFactory().get("/")
    request.user = AdminFactory()
    assert "delete_selected" not in admin.site.get_model_admin(model).get_actions(request)
    obj = _instance(model, claim)
    response, messages = _delete_action(admin_client, model, [obj])
    assert response.status_code == 200
    assert model.objects.filter(pk=obj.pk).exists()
    assert any("deleted" in message for message in messages), messages


def test_deleting_a_sentence_is_refused_because_its_claims_would_lose_their_highlight(
    admin_client, claim
):
    sentences = list(claim.article.sentences.all())
    _response, messages = _delete_action(admin_client, Sentence, sentences)
    assert Sentence.objects.filter(article=claim.article).count() == len(sentences)
    assert any("would lose their highlight" in message for message in messages)


def test_an_article_with_claims_cannot_be_deleted_from_its_page(admin_client, claim):
    url = _url(Article, "delete", claim.article_id)
    assert admin_client.get(url).status_code == 403
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert Article.objects.filter(pk=claim.article_id).exists()


def test_the_delete_action_refuses_a_selection_with_an_article_that_has_claims(admin_client, claim):
    unclaimed = ArticleFactory()
    response, messages = _delete_action(admin_client, Article, [claim.article, unclaimed])
    assert response.status_code == 200
    # All or nothing: the article without claims stays too.
    assert Article.objects.filter(pk__in=[claim.article_id, unclaimed.pk]).count() == 2
    assert any(
        "Nothing was deleted" in message and claim.article.title in message for message in messages
    ), messages


def test_an_article_without_claims_is_deleted_with_its_sentences(admin_client):
    article = ArticleFactory()
    url = _url(Article, "delete", article.pk)
    page = admin_client.get(url)
    assert page.status_code == 200
    assert "Cannot delete" not in page.content.decode()
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()
    assert not Sentence.objects.filter(article_id=article.pk).exists()


def test_the_delete_action_deletes_articles_without_claims(admin_client):
    articles = ArticleFactory.create_batch(2)
    _response, messages = _delete_action(admin_client, Article, articles)
    assert not Article.objects.filter(pk__in=[a.pk for a in articles]).exists()
    assert any("Successfully deleted 2" in message for message in messages), messages


def test_the_refusal_is_in_french(admin_client, claim):
    admin_client.cookies["django_language"] = "fr"
    _response, messages = _delete_action(admin_client, Sentence, [_instance(Sentence, claim)])
    assert any("perdraient leur surlignage" in message for message in messages), messages


def test_a_version_of_an_article_with_claims_cannot_be_deleted(admin_client, claim):
    from annotations.models import ArticleVersion

    version = ArticleVersion.objects.get(article=claim.article, number=1)
    url = reverse("admin:annotations_articleversion_delete", args=[version.pk])
    assert admin_client.get(url).status_code == 403
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert ArticleVersion.objects.filter(pk=version.pk).exists()
