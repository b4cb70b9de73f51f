"""Sources without a title (their site stands for it, and is shown wherever a source is),
the claim history in words, and the articles table."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from annotations import services
from annotations.models import Claim, Evidence
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    EvidenceFactory,
    ModeratorFactory,
    VerdictFactory,
    published_claim,
    submitted_claim,
)

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "claim-panel"}


def client_for(user, language="en") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def add_evidence(client, claim, **fields):
    data = {"version": claim.version, "url": "", "title": "", "stance": "supports", **fields}
    return client.post(reverse("annotations:evidence_add", args=[claim.pk]), data, **HTMX)


# --- Sources ---------------------------------------------------------------------------------


def test_a_source_added_without_a_title_is_titled_with_its_site():
    claim = ClaimFactory()
    client = client_for(claim.author)

    response = add_evidence(client, claim, url="https://www.insee.fr/fr/statistiques/1")

    assert response.status_code == 200
    evidence = Evidence.objects.get(claim=claim)
    assert evidence.title == "insee.fr"
    assert ">insee.fr</a>" in response.content.decode()


def test_a_refused_source_keeps_what_was_typed_and_says_why():
    claim = ClaimFactory()
    client = client_for(claim.author)

    response = add_evidence(
        client, claim, url="javascript:alert(1)", title="Mon titre", publisher="Insee"
    )

    content = response.content.decode()
    assert 'value="Mon titre"' in content
    assert 'value="Insee"' in content
    assert 'value="javascript:alert(1)"' in content
    assert "errorlist" in content
    assert not Evidence.objects.exists()


def test_the_title_field_says_it_is_optional():
    claim = ClaimFactory()
    content = client_for(claim.author).get(claim.get_absolute_url()).content.decode()
    assert "the source’s site stands for it" in content
    assert not re.search(r'<input[^>]*name="title"[^>]*required', content)


def test_every_page_that_shows_a_source_shows_its_site():
    claim = ClaimFactory()
    EvidenceFactory(claim=claim, url="https://www.lemonde.fr/a", title="Le Monde, l’article")
    VerdictFactory(claim=claim)
    services.claim_submit(claim=claim, user=claim.author)
    site = '<span class="site">lemonde.fr</span>'
    moderator = client_for(ModeratorFactory())
    assert site in moderator.get(claim.get_absolute_url()).content.decode()
    assert site in moderator.get(reverse("annotations:moderation_queue")).content.decode()
    services.claim_approve(claim=claim, moderator=ModeratorFactory())
    public = Client().get(reverse("annotations:public_claim_detail", args=[claim.pk]))
    assert site in public.content.decode()


def test_a_source_titled_with_its_site_does_not_show_it_twice():
    claim = ClaimFactory()
    EvidenceFactory(claim=claim, url="https://insee.fr/x", title="insee.fr")
    content = client_for(claim.author).get(claim.get_absolute_url()).content.decode()
    assert '<span class="site">' not in content


# --- History -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "(Draft → In review)"), ("fr", "(Brouillon → En relecture)")],
)
def test_the_history_names_states_in_the_users_language(language, expected):
    claim = submitted_claim()
    client = client_for(claim.author, language)

    content = client.get(reverse("annotations:claim_history", args=[claim.pk])).content.decode()

    assert expected in content
    assert f"{Claim.Status.DRAFT} → {Claim.Status.IN_REVIEW}" not in content


# --- Approval ------------------------------------------------------------------------------


def test_the_approval_message_links_to_the_public_page():
    claim = submitted_claim()
    client = client_for(ModeratorFactory(), "fr")

    response = client.post(
        reverse("annotations:claim_approve", args=[claim.pk]), {"comment": ""}, follow=True
    )

    public_page = reverse("annotations:public_claim_detail", args=[claim.pk])
    assert (
        f'Approuvée et publiée. <a href="{public_page}">Voir sa page publique</a>'
        in response.content.decode()
    )


# --- The articles table ----------------------------------------------------------------------


def test_the_articles_table_has_no_two_columns_of_the_same_name_and_one_date_format():
    published_claim()
    client = client_for(ModeratorFactory())
    for language in ("en", "fr"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        content = client.get(reverse("annotations:article_list")).content.decode()
        headers = re.findall(r"<th [^>]*>([^<]+)</th>", content)
        assert len(headers) == len(set(headers)), headers
        dates = re.findall(r"<time [^>]*>([^<]+)</time>", content)
        assert dates
        # DATE_FORMAT everywhere: "2 décembre 2026", "Dec. 2, 2026"; no time of day.
        for date in dates:
            assert re.fullmatch(r"\d{1,2} \w+ \d{4}|\w+\.? \d{1,2}, \d{4}", date), date
    assert "Article date" not in content  # the last page was French
    assert "Date de l’article" in content


def test_the_articles_table_counts_public_claims_under_claims():
    article = ArticleFactory()
    published_claim(article=article)
    content = client_for(ModeratorFactory()).get(reverse("annotations:article_list"))
    text = content.content.decode()
    assert '<th scope="colgroup" colspan="4" class="group">Claims</th>' in text
    assert '<th scope="col" class="num">Public</th>' in text
