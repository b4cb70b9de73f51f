"""The claim list and detail are built from rows by plain functions
(annotations/api/representations.py); the serializers, which document them in the OpenAPI
schema, must describe exactly what is sent."""

from __future__ import annotations

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.request import Request
from rest_framework.test import APIClient, APIRequestFactory

from annotations import selectors, services
from annotations.api import serializers
from annotations.api.renderers import JSONRenderer
from annotations.api.representations import iso
from annotations.models import Article
from annotations.selectors import public_claim_rows
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    EvidenceFactory,
    ExternalFactCheckFactory,
    ModeratorFactory,
    VerdictFactory,
    new_version,
    pending_correction,
    published_claim,
    submitted_claim,
)

pytestmark = pytest.mark.django_db

FIGURE = "Le gouvernement a présenté mardi un budget en hausse de 3,5 % pour la défense."


@pytest.fixture
def claims():
    moderator = ModeratorFactory()
    article = ArticleFactory(
        published_at=datetime.datetime(2025, 8, 20, 1, 35, tzinfo=datetime.UTC),
        source_url="https://www.example.org/article",
    )
    plain = published_claim(moderator=moderator)
    draft = ClaimFactory(article=article, sentence=2, claimant="")
    EvidenceFactory(claim=draft, published_on=datetime.date(2025, 8, 1), quote="« Extrait »")
    EvidenceFactory(claim=draft, stance="supports", publisher="")
    VerdictFactory(claim=draft, rating="misleading")
    services.claim_submit(claim=draft, user=draft.author)
    with_sources = services.claim_approve(claim=draft, moderator=moderator)
    corrected = published_claim(moderator=moderator)
    pending_correction(corrected, submit=True)
    services.claim_approve(claim=corrected, moderator=moderator)
    retracted = published_claim(moderator=moderator)
    services.claim_retract(claim=retracted, moderator=moderator, note="Source retirée.")
    correcting = published_claim(moderator=moderator)
    pending_correction(correcting, submit=True)  # in review: the public sees version 1
    submitted_claim()  # never public
    # Articles edited after publication: a figure corrected, a sentence removed.
    edited = published_claim(moderator=moderator)
    new_version(edited.article, {FIGURE: FIGURE.replace("3,5", "3,1")})
    gone = published_claim(moderator=moderator)
    new_version(gone.article, {FIGURE + " ": ""})
    # Marked as the same claim as one of ours and another organisation's.
    external = ExternalFactCheckFactory(published_on=datetime.date(2025, 6, 1))
    for kind, target in (("external", external.pk), ("ours", plain.pk)):
        services.same_claim_mark(claim=corrected, user=moderator, kind=kind, target_id=target)
    return [plain, with_sources, corrected, retracted, correcting, edited, gone]


def _request(path: str):
    return Request(APIRequestFactory().get(path))


def _json(data) -> object:
    return json.loads(JSONRenderer().render(data))


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_claim_detail_is_what_its_serializer_describes(claims, language):
    for claim in claims:
        url = reverse("api:claim-detail", args=[claim.pk])
        sent = APIClient().get(url, HTTP_ACCEPT_LANGUAGE=language).json()
        with translation.override(language):
            described = serializers.ClaimDetailSerializer(
                selectors.public_claim(claim.pk), context={"request": _request(url)}
            ).data
        assert sent == _json(described), claim.status
    marked = APIClient().get(reverse("api:claim-detail", args=[claims[2].pk])).json()
    assert [link["kind"] for link in marked["same_as"]] == ["external", "ours"]
    assert marked["same_as"][1]["api_url"].endswith(f"/api/v1/claims/{claims[0].pk}/")


def test_the_claim_list_is_what_its_serializer_describes(claims):
    url = reverse("api:claim-list")
    sent = APIClient().get(url, HTTP_ACCEPT_LANGUAGE="fr").json()["results"]
    with translation.override("fr"):
        described = serializers.ClaimListSerializer(
            public_claim_rows().select_related("article").order_by("-published_at", "-id"),
            many=True,
            context={"request": _request(url)},
        ).data
    assert len(sent) == len(claims)
    assert sent == _json(described)
    marked = next(item for item in sent if item["id"] == claims[2].pk)
    assert [link["kind"] for link in marked["same_as"]] == ["external", "ours"]
    assert marked["same_as"][1]["api_url"].endswith(f"/api/v1/claims/{claims[0].pk}/")
    assert all(item["same_as"] == [] for item in sent if item["id"] != claims[2].pk)


def test_dates_are_written_as_drf_writes_them():
    from rest_framework import fields

    moment = datetime.datetime(2025, 1, 2, 3, 4, 5, 678, tzinfo=datetime.UTC)
    for zone in ("Europe/Paris", "UTC", "America/New_York"):
        with timezone.override(zone):
            assert iso(moment) == fields.DateTimeField().to_representation(moment)
    assert iso(None) is None


def test_the_article_summary_is_what_its_serializer_describes(claims):
    article = Article.objects.get(pk=claims[1].article_id)
    item = next(
        c
        for c in APIClient().get(reverse("api:claim-list")).json()["results"]
        if c["id"] == claims[1].pk
    )
    described = serializers.ArticleSummarySerializer(
        article, context={"request": _request("/")}
    ).data
    assert item["article"] == _json(described)
    assert item["article"]["published_at"].startswith("2025-08-20T03:35:00")


def test_a_public_page_path_is_the_reversed_one_under_any_script_prefix():
    from django.urls import reverse, set_script_prefix

    from annotations.api.representations import public_page_path

    try:
        for prefix in ("/", "/factcheck/"):
            set_script_prefix(prefix)
            for pk in (1, 42, 987_654_321, 10**17):
                assert public_page_path(pk) == reverse("annotations:public_claim_detail", args=[pk])
    finally:
        set_script_prefix("/")


def test_dates_left_to_the_renderer_are_written_as_drf_writes_them():
    from rest_framework import fields
    from rest_framework.renderers import JSONRenderer as DRFJSONRenderer

    from annotations.api.representations import moment

    moments = [
        datetime.datetime(2025, 1, 2, 3, 4, 5, 678, tzinfo=datetime.UTC),
        datetime.datetime(2025, 7, 2, 3, 4, 5, tzinfo=datetime.UTC),  # no microseconds
        datetime.datetime(1973, 1, 1, tzinfo=datetime.UTC),
        datetime.datetime(1972, 1, 1, tzinfo=datetime.UTC),  # Monrovia: −0:44:30
        datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC),  # Paris: +0:09:21
    ]
    zones = ("Europe/Paris", "UTC", "Europe/London", "America/New_York", "Africa/Monrovia")
    for zone in zones:
        with timezone.override(zone):
            drf = [fields.DateTimeField().to_representation(m) for m in moments]
            local = [moment(m, timezone.get_current_timezone()) for m in moments]
        assert json.loads(JSONRenderer().render(local)) == drf, zone
        # The browsable API writes the same.
        assert json.loads(DRFJSONRenderer().render(local)) == drf, zone
    assert moment(None, datetime.UTC) is None
