"""The linked-data formats: schema.org ClaimReview, W3C Web Annotation, and their feeds."""

import json
import re
from datetime import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from annotations import linked_data, selectors, services
from annotations.models import Claim, Verdict
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    ModeratorFactory,
    pending_correction,
    published_claim,
    ready_claim,
    submitted_claim,
)

pytestmark = pytest.mark.django_db

JSON_LD = "application/ld+json"
ANNOTATION_TYPE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'

# Properties schema.org defines on each type (the type's own and those it inherits from
# Review / CreativeWork / Thing), limited to those a fact-check could use.
THING = {"@type", "@context", "name", "alternateName", "description", "url", "sameAs"}
CREATIVE_WORK = THING | {
    "author",
    "publisher",
    "datePublished",
    "dateModified",
    "dateCreated",
    "headline",
    "inLanguage",
    "text",
    "version",
    "correction",
}
SCHEMA_ORG_PROPERTIES = {
    "ClaimReview": CREATIVE_WORK
    | {"claimReviewed", "itemReviewed", "reviewRating", "reviewBody", "reviewAspect"},
    "Rating": THING
    | {"ratingValue", "bestRating", "worstRating", "ratingExplanation", "reviewAspect"},
    "Claim": CREATIVE_WORK | {"appearance", "firstAppearance", "claimInterpreter"},
    "CreativeWork": CREATIVE_WORK,
    "Organization": THING | {"logo"},
    "Person": THING,
    "ItemList": THING | {"itemListElement", "numberOfItems", "itemListOrder"},
    "ListItem": THING | {"position", "item"},
}
WA_MOTIVATIONS = {
    "assessing",
    "bookmarking",
    "classifying",
    "commenting",
    "describing",
    "editing",
    "highlighting",
    "identifying",
    "linking",
    "moderating",
    "questioning",
    "replying",
    "tagging",
}


@pytest.fixture(autouse=True)
def _no_throttling():
    """Throttle counters live in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


def _claimreview_url(claim):
    return reverse("api:claim_claimreview", args=[claim.pk])


def _annotation_url(claim):
    return reverse("api:annotation_detail", args=[claim.pk])


def _get_json(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def _walk_typed(node):
    """Every dict with an @type in a JSON-LD tree."""
    if isinstance(node, dict):
        if "@type" in node:
            yield node
        for value in node.values():
            yield from _walk_typed(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk_typed(value)


def _assert_schema_org_only(data):
    for node in _walk_typed(data):
        allowed = SCHEMA_ORG_PROPERTIES[node["@type"]]
        unknown = set(node) - allowed
        assert not unknown, f"{node['@type']} has non-schema.org properties {unknown}"


def _is_iri(value):
    return isinstance(value, str) and re.match(r"^[a-z][a-z0-9+.-]*:\S+$", value) is not None


def _correct(claim, *, rating=Verdict.Rating.FALSE):
    pending_correction(claim, rating=rating, submit=True)
    return services.claim_approve(claim=claim, moderator=ModeratorFactory())


# --- ClaimReview ---------------------------------------------------------------------------


def test_claim_review_has_googles_required_properties(client):
    claim = published_claim()
    data = _get_json(client, _claimreview_url(claim))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "ClaimReview"
    assert data["claimReviewed"] == claim.text
    assert data["reviewRating"]["alternateName"] == "Plutôt faux"  # the article is French
    assert data["url"] == "http://testserver" + reverse(
        "annotations:public_claim_detail", args=[claim.pk]
    )
    assert data["author"] == {
        "@type": "Organization",
        "name": "Factcheck",
        "url": "https://factcheck.example.org",
    }
    assert data["inLanguage"] == "fr"
    assert datetime.fromisoformat(data["datePublished"]) == Claim.objects.get().published_at
    assert "dateModified" not in data


def test_claim_review_uses_only_properties_schema_org_defines(client):
    article = ArticleFactory(
        source_url="https://www.example.org/budget",
        author="Jeanne Martin",
        published_at=datetime.fromisoformat("2025-03-04T08:00:00+00:00"),
    )
    claim = published_claim(article=article)
    data = _get_json(client, _claimreview_url(claim))
    _assert_schema_org_only(data)
    item = data["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {"@type": "Person", "name": "Le gouvernement"}
    assert item["datePublished"] == "2025-03-04T08:00:00+00:00"
    assert item["appearance"]["url"] == "https://www.example.org/budget"
    assert item["appearance"]["headline"] == article.title
    assert item["appearance"]["publisher"] == {"@type": "Organization", "name": "Le Quotidien"}


def test_claim_without_claimant_has_no_claim_author(client):
    claim = published_claim(claimant="")
    data = _get_json(client, _claimreview_url(claim))
    assert "author" not in data["itemReviewed"]
    _assert_schema_org_only(data)


@pytest.mark.parametrize("rating", Verdict.Rating.values)
def test_rating_value_only_for_graded_ratings(rating):
    claim = ready_claim()
    Verdict.objects.filter(claim=claim).update(rating=rating)
    services.claim_submit(claim=claim, user=claim.author)
    services.claim_approve(claim=claim, moderator=ModeratorFactory())
    review = linked_data.claim_review(selectors.public_claim(claim.pk), page_url="https://x.test/1")
    rating_node = review["reviewRating"]
    if rating in Verdict.RATING_VALUES:
        assert rating_node["ratingValue"] == Verdict.RATING_VALUES[rating]
        assert (rating_node["bestRating"], rating_node["worstRating"]) == (5, 1)
    else:
        assert not {"ratingValue", "bestRating", "worstRating"} & set(rating_node)
    assert rating_node["alternateName"]
    _assert_schema_org_only(review)


def test_rating_explanation_is_the_rationale_as_plain_text(client):
    claim = published_claim()
    rating = _get_json(client, _claimreview_url(claim))["reviewRating"]
    assert rating["ratingExplanation"] == "La hausse est de 3,1 % selon le projet de loi."


def test_corrected_claim_gives_the_latest_verdict_and_date_modified(client):
    claim = _correct(published_claim())
    latest = Verdict.objects.get(claim=claim, version=2)
    data = _get_json(client, _claimreview_url(claim))
    assert data["reviewRating"]["alternateName"] == "Faux"
    assert data["reviewRating"]["ratingValue"] == 1
    assert datetime.fromisoformat(data["dateModified"]) == latest.published_at
    assert data["datePublished"] < data["dateModified"]


def test_correction_in_review_is_not_shown(client):
    claim = published_claim()
    pending_correction(claim, rating=Verdict.Rating.TRUE, submit=True)
    data = _get_json(client, _claimreview_url(claim))
    assert data["reviewRating"]["ratingValue"] == 2
    assert "dateModified" not in data


def test_retracted_claim_review_says_retracted_without_the_withdrawn_rating(client):
    claim = published_claim()
    claim = services.claim_retract(claim=claim, moderator=ModeratorFactory(), note="Erreur.")
    data = _get_json(client, _claimreview_url(claim))
    assert data["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Retiré",
        "ratingExplanation": "Erreur.",
    }
    assert datetime.fromisoformat(data["dateModified"]) == claim.retracted_at
    annotation = _get_json(client, _annotation_url(claim))
    values = {b.get("purpose"): b.get("value") for b in annotation["body"]}
    assert values["classifying"] == "Retiré"
    assert values["assessing"] == "Erreur."


# --- Web Annotation ------------------------------------------------------------------------


def _spans(article):
    sentences = list(article.sentences.order_by("position"))
    first, second = sentences[1], sentences[2]
    return [
        (first.start, first.end),  # one sentence
        (first.start + 3, first.start + 15),  # inside a sentence
        (first.start, second.end),  # across sentences
        (0, 10),  # the headline's start: no prefix
        (len(article.body) - 8, len(article.body)),  # the very end: no suffix
    ]


def test_every_annotation_selector_resolves_to_the_quote(client):
    article = ArticleFactory()
    for start, end in _spans(article):
        published_claim(article=article, start=start, end=end)
    body = article.body
    items = _get_json(client, reverse("api:annotation_collection"))["first"]["items"]
    assert len(items) == 5
    for item in items:
        quote, position = item["target"]["selector"]
        start, end = position["start"], position["end"]
        assert body[start:end] == quote["exact"]
        prefix, suffix = quote.get("prefix", ""), quote.get("suffix", "")
        assert body[start - len(prefix) : start] == prefix
        assert body[end : end + len(suffix)] == suffix
        assert body.count(prefix + quote["exact"] + suffix) == 1  # anchors uniquely


def test_web_annotation_follows_the_data_model_must_rules(client):
    claim = published_claim(article=ArticleFactory(source_url="https://www.example.org/a"))
    data = _get_json(client, _annotation_url(claim))
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert _is_iri(data["id"])
    assert data["id"] == "http://testserver" + _annotation_url(claim)
    assert data["type"] == "Annotation"
    assert data["motivation"] in WA_MOTIVATIONS
    assert data["motivation"] == "assessing"
    for key in ("created", "modified"):
        if key in data:
            assert datetime.fromisoformat(data[key]).tzinfo is not None  # xsd:dateTime, tz
    assert data["creator"]["type"] in {"Person", "Organization", "Software"}
    assert _is_iri(data["creator"]["id"])
    # Bodies: every TextualBody has a value; every purpose is a Motivation.
    for body in data["body"]:
        assert body["type"] in {"TextualBody", "SpecificResource"}
        assert body["purpose"] in WA_MOTIVATIONS
        if body["type"] == "TextualBody":
            assert isinstance(body["value"], str) and body["value"]
        else:
            assert _is_iri(body["source"])
    purposes = {b["purpose"]: b for b in data["body"]}
    assert purposes["assessing"]["value"] == Verdict.objects.get(claim=claim).rationale
    assert purposes["assessing"]["format"] == "text/markdown"
    assert purposes["assessing"]["language"] == "fr"
    assert purposes["classifying"]["value"] == "Plutôt faux"
    assert purposes["linking"]["source"].endswith(
        reverse("annotations:public_claim_detail", args=[claim.pk])
    )
    # At least one target, with a source IRI and typed selectors.
    target = data["target"]
    assert _is_iri(target["source"]) and target["source"] == "https://www.example.org/a"
    types = [s["type"] for s in target["selector"]]
    assert types == ["TextQuoteSelector", "TextPositionSelector"]
    quote, position = target["selector"]
    assert quote["exact"]
    assert isinstance(position["start"], int) and isinstance(position["end"], int)
    assert 0 <= position["start"] <= position["end"]


def test_annotation_without_source_url_targets_the_article_here(client):
    claim = published_claim()
    data = _get_json(client, _annotation_url(claim))
    assert data["target"]["source"] == "http://testserver" + reverse(
        "annotations:article_detail", args=[claim.article_id]
    )


def test_corrected_annotation_is_modified_with_the_latest_verdict(client):
    claim = _correct(published_claim())
    data = _get_json(client, _annotation_url(claim))
    latest = Verdict.objects.get(claim=claim, version=2)
    assert datetime.fromisoformat(data["modified"]) == latest.published_at
    assert {b["purpose"]: b.get("value") for b in data["body"]}["classifying"] == "Faux"


def test_annotation_collection_and_pages(client, monkeypatch):
    monkeypatch.setattr(linked_data, "PAGE_SIZE", 2)
    article = ArticleFactory()
    claims = [published_claim(article=article) for _ in range(5)]
    url = reverse("api:annotation_collection")
    collection_url = "http://testserver" + url
    data = _get_json(client, url)
    assert data["type"] == "AnnotationCollection"
    assert data["id"] == collection_url
    assert data["total"] == 5
    assert data["last"] == f"{collection_url}?page=3"
    first = data["first"]
    assert first["type"] == "AnnotationPage"
    assert first["next"] == f"{collection_url}?page=2"
    assert "prev" not in first
    seen = [item["id"] for item in first["items"]]
    assert all("@context" not in item for item in first["items"])
    page = _get_json(client, url, data={"page": 3})
    assert page["type"] == "AnnotationPage"
    assert page["partOf"] == {"id": collection_url, "type": "AnnotationCollection", "total": 5}
    assert page["startIndex"] == 4
    assert page["prev"] == f"{collection_url}?page=2"
    assert "next" not in page
    seen += [item["id"] for item in _get_json(client, url, data={"page": 2})["items"]]
    seen += [item["id"] for item in page["items"]]
    # Newest publication first, each claim once.
    assert seen == ["http://testserver" + _annotation_url(c) for c in reversed(claims)]
    for bad in ("0", "4", "x", "-1"):
        assert client.get(url, {"page": bad}).status_code == 404


def test_empty_collection_has_an_empty_first_page(client):
    data = _get_json(client, reverse("api:annotation_collection"))
    assert data["total"] == 0
    assert data["first"]["items"] == []
    assert _get_json(client, reverse("api:claimreview_feed"))["itemListElement"] == []


# --- The ClaimReview feed ------------------------------------------------------------------


def test_claim_review_feed_lists_every_public_claim_as_item_list(client, monkeypatch):
    monkeypatch.setattr(linked_data, "PAGE_SIZE", 2)
    article = ArticleFactory()
    claims = [published_claim(article=article) for _ in range(3)]
    services.claim_retract(claim=claims[0], moderator=ModeratorFactory(), note="Erreur.")
    url = reverse("api:claimreview_feed")
    response = client.get(url)
    data = json.loads(response.content)
    _assert_schema_org_only(data)
    assert data["@type"] == "ItemList"
    assert data["numberOfItems"] == 3
    assert [e["position"] for e in data["itemListElement"]] == [1, 2]
    assert response["Link"] == f'<http://testserver{url}?page=2>; rel="next"'
    second = client.get(url, {"page": 2})
    assert second["Link"] == f'<http://testserver{url}?page=1>; rel="prev"'
    elements = data["itemListElement"] + json.loads(second.content)["itemListElement"]
    assert [e["position"] for e in elements] == [1, 2, 3]
    for element, claim in zip(elements, reversed(claims), strict=True):
        expected = _get_json(client, _claimreview_url(claim))
        del expected["@context"]
        assert element["item"] == expected


# --- Only public claims ------------------------------------------------------------------


def _unpublished_claims():
    changes_requested = submitted_claim()
    services.claim_request_changes(
        claim=changes_requested, moderator=ModeratorFactory(), comment="Sources ?"
    )
    return [ClaimFactory(), ready_claim(), submitted_claim(), changes_requested]


def test_unpublished_claims_are_404_everywhere_and_never_listed(client, moderator):
    public = published_claim()
    hidden = _unpublished_claims()
    assert {c.status for c in Claim.objects.filter(pk__in=[c.pk for c in hidden])} == {
        Claim.Status.DRAFT,
        Claim.Status.IN_REVIEW,
        Claim.Status.CHANGES_REQUESTED,
    }
    client.force_login(moderator)  # even a moderator sees only public data here
    for claim in hidden:
        for url in (_claimreview_url(claim), _annotation_url(claim)):
            assert client.get(url).status_code == 404, url
    assert client.get(reverse("api:claim_claimreview", args=[999_999])).status_code == 404
    feed = _get_json(client, reverse("api:claimreview_feed"))
    assert [e["item"]["claimReviewed"] for e in feed["itemListElement"]] == [public.text]
    collection = _get_json(client, reverse("api:annotation_collection"))
    assert collection["total"] == 1
    assert [i["id"] for i in collection["first"]["items"]] == [
        "http://testserver" + _annotation_url(public)
    ]


def test_content_types_are_exact(client):
    claim = published_claim()
    expected = {
        _claimreview_url(claim): JSON_LD,
        reverse("api:claimreview_feed"): JSON_LD,
        _annotation_url(claim): ANNOTATION_TYPE,
        reverse("api:annotation_collection"): ANNOTATION_TYPE,
    }
    for url, content_type in expected.items():
        assert client.get(url)["Content-Type"] == content_type, url
        asked = client.get(url, HTTP_ACCEPT=JSON_LD)
        assert asked["Content-Type"] == content_type, url
        assert client.get(url, HTTP_ACCEPT="application/json")["Content-Type"] == (
            "application/json"
        )
    annotation = client.get(_annotation_url(claim), HTTP_ACCEPT=ANNOTATION_TYPE)
    assert annotation["Content-Type"] == ANNOTATION_TYPE


def test_format_endpoints_are_read_only(client):
    claim = published_claim()
    for url in (_claimreview_url(claim), _annotation_url(claim)):
        assert client.post(url).status_code in (403, 405)


# --- Embedded in the public page --------------------------------------------------------


def _embedded_json_ld(html):
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert len(found) == 1
    return json.loads(found[0])


def test_public_page_embeds_the_claim_review(client):
    claim = _correct(published_claim())
    page = client.get(reverse("annotations:public_claim_detail", args=[claim.pk]))
    assert page.status_code == 200
    embedded = _embedded_json_ld(page.content.decode())
    assert embedded == _get_json(client, _claimreview_url(claim))


def test_claim_text_cannot_break_out_of_the_json_ld_script(client):
    evil = "</script><script>alert(1)</script> & <!--"
    claim = published_claim(text=evil, claimant="<b>x</b>")
    html = client.get(reverse("annotations:public_claim_detail", args=[claim.pk])).content
    html = html.decode()
    assert "<script>alert(1)" not in html
    assert html.count("</script>") == html.count("<script")
    embedded = _embedded_json_ld(html)
    assert embedded["claimReviewed"] == evil
    assert embedded["itemReviewed"]["author"]["name"] == "<b>x</b>"


# --- Query counts --------------------------------------------------------------------------


@pytest.mark.parametrize("count", [3, 30])
def test_feed_and_collection_query_counts_do_not_grow(client, django_assert_num_queries, count):
    article = ArticleFactory()
    moderator = ModeratorFactory()
    for _ in range(count):
        published_claim(article=article, moderator=moderator)
    claim = Claim.objects.first()
    # The validator (ETag), the count, the page of claims with their articles, their
    # published verdicts (and, as ClaimReview, their "same claim as" marks).
    with django_assert_num_queries(5):
        feed = _get_json(client, reverse("api:claimreview_feed"))
    with django_assert_num_queries(4):
        collection = _get_json(client, reverse("api:annotation_collection"))
    with django_assert_num_queries(4):
        _get_json(client, reverse("api:annotation_collection"), data={"page": 1})
    assert len(feed["itemListElement"]) == len(collection["first"]["items"]) == count
    # One claim: the validator, the claim with its article, its published verdicts (and
    # its marks, as ClaimReview).
    with django_assert_num_queries(4):
        _get_json(client, _claimreview_url(claim))
    with django_assert_num_queries(3):
        _get_json(client, _annotation_url(claim))


def test_openapi_schema_documents_the_format_endpoints():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    paths = schema["paths"]
    assert JSON_LD in paths["/api/v1/claims/{id}/claimreview"]["get"]["responses"]["200"]["content"]
    assert JSON_LD in paths["/api/v1/claimreviews"]["get"]["responses"]["200"]["content"]
    assert (
        ANNOTATION_TYPE in (paths["/api/v1/annotations/{id}"]["get"]["responses"]["200"]["content"])
    )
    assert "/api/v1/annotations/" in paths
