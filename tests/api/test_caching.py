"""Conditional GET on the public reads: a 304 costs the validator query only."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.http import http_date
from rest_framework.test import APIClient

from annotations import services
from tests.factories import ModeratorFactory, pending_correction, published_claim, ready_claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim():
    return published_claim()


def _urls(claim) -> dict[str, str]:
    return {
        "claim-list": reverse("api:claim-list"),
        "claim-detail": reverse("api:claim-detail", args=[claim.pk]),
        "article-list": reverse("api:article-list"),
        "article-detail": reverse("api:article-detail", args=[claim.article_id]),
        "claimreview": reverse("api:claim_claimreview", args=[claim.pk]),
        "feed": reverse("api:claimreview_feed"),
        "annotation": reverse("api:annotation_detail", args=[claim.pk]),
        "collection": reverse("api:annotation_collection"),
        "export-csv": reverse("api:export_claims_csv"),
        "export-jsonl": reverse("api:export_claims_jsonl"),
        "public-list": reverse("annotations:public_claim_list"),
        "public-detail": reverse("annotations:public_claim_detail", args=[claim.pk]),
    }


ENDPOINTS = [
    "claim-list",
    "claim-detail",
    "article-list",
    "article-detail",
    "claimreview",
    "feed",
    "annotation",
    "collection",
    "export-csv",
    "export-jsonl",
    "public-list",
    "public-detail",
]


def _consume(response) -> None:
    if response.streaming:
        b"".join(response.streaming_content)


@pytest.mark.parametrize("name", ENDPOINTS)
def test_a_matching_etag_gets_a_304_after_only_the_validator_query(
    name, claim, client, django_assert_num_queries, django_assert_max_num_queries
):
    url = _urls(claim)[name]
    first = client.get(url)
    _consume(first)
    assert first.status_code == 200
    etag = first["ETag"]
    assert first["Last-Modified"]
    assert "max-age=60" in first["Cache-Control"]
    expected = "private" if name.startswith("public-") else "public"
    assert expected in first["Cache-Control"]
    assert "Accept-Language" in first["Vary"]

    with django_assert_num_queries(1):
        again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again["ETag"] == etag
    assert again.content == b""
    assert "max-age=60" in again["Cache-Control"]


@pytest.mark.parametrize("name", ["claim-detail", "claim-list", "claimreview"])
def test_the_200_does_more_than_the_validator_query(name, claim, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(_urls(claim)[name]).status_code == 200
    assert len(queries) > 1


def test_a_later_if_modified_since_gets_a_304(claim, client, django_assert_num_queries):
    url = reverse("api:claim-detail", args=[claim.pk])
    first = client.get(url)
    later = http_date(claim.published_at.timestamp() + 3600)
    with django_assert_num_queries(1):
        response = client.get(url, headers={"If-Modified-Since": later})
    assert response.status_code == 304
    earlier = http_date(claim.published_at.timestamp() - 3600)
    assert client.get(url, headers={"If-Modified-Since": earlier}).status_code == 200
    assert first["Last-Modified"] == http_date(int(claim.published_at.timestamp()))


def test_a_correction_changes_the_etag_and_last_modified(claim, client):
    url = reverse("api:claim-detail", args=[claim.pk])
    list_url = reverse("api:claim-list")
    before, before_list = client.get(url), client.get(list_url)
    pending_correction(claim, submit=True)
    services.claim_approve(claim=claim, moderator=ModeratorFactory())
    after = client.get(url, headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert after.json()["status"] == "corrected"
    assert after["Last-Modified"] >= before["Last-Modified"]
    assert client.get(list_url, headers={"If-None-Match": before_list["ETag"]}).status_code == 200


def test_a_retraction_changes_the_etag(claim, client):
    url = reverse("annotations:public_claim_detail", args=[claim.pk])
    api_url = reverse("api:annotation_detail", args=[claim.pk])
    before, before_api = client.get(url), client.get(api_url)
    services.claim_retract(claim=claim, moderator=ModeratorFactory(), note="Source retirée.")
    assert client.get(url, headers={"If-None-Match": before["ETag"]}).status_code == 200
    assert client.get(api_url, headers={"If-None-Match": before_api["ETag"]}).status_code == 200


def test_the_etag_depends_on_the_representation(claim):
    api = APIClient()
    url = reverse("api:claim_claimreview", args=[claim.pk])
    ld = api.get(url, headers={"Accept": "application/ld+json"})
    plain = api.get(url, headers={"Accept": "application/json"})
    french = api.get(url, headers={"Accept": "application/json", "Accept-Language": "fr"})
    assert len({ld["ETag"], plain["ETag"], french["ETag"]}) == 3
    assert "Accept" in ld["Vary"]
    filtered = api.get(reverse("api:claim-list"), {"rating": "false"})
    assert filtered["ETag"] != api.get(reverse("api:claim-list"))["ETag"]


def test_a_draft_is_still_a_404_and_carries_no_validators(client):
    draft = ready_claim()
    response = client.get(reverse("api:claim-detail", args=[draft.pk]))
    assert response.status_code == 404
    assert not response.has_header("ETag")
    page = client.get(reverse("annotations:public_claim_detail", args=[draft.pk]))
    assert page.status_code == 404


def test_an_empty_list_is_cacheable_too(client, django_assert_num_queries):
    first = client.get(reverse("api:claim-list"))
    assert first.status_code == 200
    with django_assert_num_queries(1):
        again = client.get(reverse("api:claim-list"), headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304


def test_the_html_page_etag_differs_per_user(claim, client, reviewer):
    url = reverse("annotations:public_claim_detail", args=[claim.pk])
    anonymous = client.get(url)
    client.force_login(reviewer)
    logged_in = client.get(url, headers={"If-None-Match": anonymous["ETag"]})
    assert logged_in.status_code == 200
    assert logged_in["ETag"] != anonymous["ETag"]
    assert "private" in logged_in["Cache-Control"]


def _revision() -> int:
    from annotations.models import PublicRevision

    return PublicRevision.objects.get(pk=PublicRevision.SINGLETON).number


def test_publication_correction_and_retraction_each_move_the_public_revision_once():
    moderator = ModeratorFactory()
    start = _revision()
    claim = published_claim(moderator=moderator)
    assert _revision() == start + 1
    pending_correction(claim, submit=True)
    assert _revision() == start + 1  # a correction under review is not public yet
    services.claim_approve(claim=claim, moderator=moderator)
    assert _revision() == start + 2
    services.claim_retract(claim=claim, moderator=moderator, note="Source retirée.")
    assert _revision() == start + 3


def test_a_failed_transition_leaves_the_public_revision_alone(claim):
    start = _revision()
    with pytest.raises(services.TransitionError):
        services.claim_retract(claim=ready_claim(), moderator=ModeratorFactory(), note="Non.")
    assert _revision() == start


def test_a_lost_revision_row_is_made_again_at_the_next_change(client):
    from annotations.models import PublicRevision

    PublicRevision.objects.all().delete()
    empty = client.get(reverse("api:claim-list"))
    assert empty.status_code == 200
    published_claim()
    assert _revision() == 1
    assert (
        client.get(reverse("api:claim-list"), headers={"If-None-Match": empty["ETag"]}).status_code
        == 200
    )


def _admin_edit_article(client, article, **changes) -> None:
    from tests.factories import AdminFactory

    client.force_login(AdminFactory())
    fields = {
        "title": article.title,
        "language": article.language,
        "publisher": article.publisher,
        "author": article.author,
        "source_url": article.source_url,
        "published_at_0": "",
        "published_at_1": "",
        "sentences-TOTAL_FORMS": "0",
        "sentences-INITIAL_FORMS": "0",
        "sentences-MIN_NUM_FORMS": "0",
        "sentences-MAX_NUM_FORMS": "0",
    }
    response = client.post(
        reverse("admin:annotations_article_change", args=[article.pk]), fields | changes
    )
    assert response.status_code == 302, response.content[:2000]
    client.logout()


def test_editing_an_article_in_the_admin_changes_the_etags_of_what_shows_it(claim, client):
    urls = [reverse("api:claim-list"), reverse("api:claim-detail", args=[claim.pk])]
    before = [client.get(url)["ETag"] for url in urls]
    _admin_edit_article(client, claim.article, title="Un autre titre")
    for url, etag in zip(urls, before, strict=True):
        again = client.get(url, headers={"If-None-Match": etag})
        assert again.status_code == 200, url
    assert client.get(urls[1]).json()["article"]["title"] == "Un autre titre"


def test_editing_an_article_in_the_admin_moves_last_modified_too(claim, client):
    from datetime import timedelta

    from annotations.models import Claim

    # Published an hour ago, so that the edit falls in a later second.
    hour = timedelta(hours=1)
    Claim.objects.filter(pk=claim.pk).update(
        published_at=claim.published_at - hour, updated_at=claim.updated_at - hour
    )
    url = reverse("api:claim-detail", args=[claim.pk])
    seen = client.get(url)["Last-Modified"]
    _admin_edit_article(client, claim.article, title="Un autre titre")
    assert client.get(url, headers={"If-Modified-Since": seen}).status_code == 200


def test_saving_an_article_unchanged_in_the_admin_keeps_the_etags(claim, client):
    url = reverse("api:claim-detail", args=[claim.pk])
    before, revision = client.get(url)["ETag"], _revision()
    _admin_edit_article(client, claim.article)
    assert client.get(url, headers={"If-None-Match": before}).status_code == 304
    assert _revision() == revision


@pytest.mark.parametrize("ordering", ["", "?ordering=published_at"])
def test_the_public_feed_is_read_in_the_order_of_its_index(ordering):
    """The first page and a deep cursor page cost the same: no sort of all public claims."""
    from django.db import connection

    from annotations.selectors import public_claim_rows

    published_claim()
    order = ("published_at", "id") if ordering else ("-published_at", "-id")
    rows = public_claim_rows().order_by(*order)[:21]
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        explain = "EXPLAIN" if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN"
        if connection.vendor == "postgresql":
            # A plan that needs no sort, if there is one: a table this small would
            # otherwise be read whole and sorted. (Reset at the test's rollback.)
            cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"{explain} {sql}", params)
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "annotations_claim_public_idx" in plan, plan


# --- 304s and kept answers before DRF's dispatch ------------------------------------------

API_ENDPOINTS = [name for name in ENDPOINTS if not name.startswith("public-")]
# Set on every response by the layers around the view, not by the 304's path.
_SAME_EITHER_WAY = ("ETag", "Last-Modified", "Cache-Control", "Vary", "Allow")


@pytest.mark.parametrize("name", API_ENDPOINTS)
def test_the_early_304_carries_the_headers_of_drfs(name, claim, client, monkeypatch):
    """``If-None-Match`` is answered before DRF's dispatch; ``If-Modified-Since`` alone
    goes through DRF: the two 304s are the same."""
    from rest_framework.views import APIView

    url = _urls(claim)[name]
    first = client.get(url)
    _consume(first)
    through_drf = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
    with monkeypatch.context() as patched:
        patched.setattr(APIView, "initial", lambda *a, **k: pytest.fail("DRF's dispatch ran"))
        early = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert early.status_code == through_drf.status_code == 304
    for header in _SAME_EITHER_WAY:
        assert early.get(header) == through_drf.get(header), header
    assert "Content-Security-Policy" not in early


def test_a_stale_etag_costs_the_queries_of_no_etag(claim, client):
    """The validator read before DRF's dispatch is kept for the handler: not read twice."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("api:claim-detail", args=[claim.pk])
    client.get(url)  # the response cache holds it now: a hit is the validator alone
    with CaptureQueriesContext(connection) as plain:
        client.get(url)
    with CaptureQueriesContext(connection) as stale:
        response = client.get(url, headers={"If-None-Match": '"stale"'})
    assert response.status_code == 200
    assert len(stale) == len(plain) == 1


def test_a_bad_token_is_refused_even_with_a_current_etag(claim, client):
    url = reverse("api:claim-detail", args=[claim.pk])
    etag = client.get(url)["ETag"]
    response = client.get(
        url, headers={"If-None-Match": etag, "Authorization": "Token not-a-token"}
    )
    assert response.status_code == 401


def test_a_logged_in_reader_gets_a_private_304(claim, client, reviewer):
    client.force_login(reviewer)
    url = reverse("api:claim-detail", args=[claim.pk])
    etag = client.get(url, headers={"Accept": "application/json"})["ETag"]
    again = client.get(url, headers={"Accept": "application/json", "If-None-Match": etag})
    assert again.status_code == 304
    assert again["Cache-Control"] == "private, no-store"


def test_a_draft_is_a_404_with_an_etag_sent_too(client):
    draft = ready_claim()
    response = client.get(
        reverse("api:claim-detail", args=[draft.pk]), headers={"If-None-Match": '"x"'}
    )
    assert response.status_code == 404


KEPT = [name for name in API_ENDPOINTS if not name.startswith("export-")]  # streamed: not kept


@pytest.mark.parametrize("name", KEPT)
def test_a_kept_answer_is_served_before_drfs_dispatch(name, claim, client, monkeypatch):
    from rest_framework.views import APIView

    url = _urls(claim)[name]
    first = client.get(url)
    assert first.status_code == 200
    with monkeypatch.context() as patched:
        patched.setattr(APIView, "initial", lambda *a, **k: pytest.fail("DRF's dispatch ran"))
        kept = client.get(url)
    assert kept.status_code == 200
    assert kept.content == first.content
    for header in (*_SAME_EITHER_WAY, "Content-Type"):
        assert kept.get(header) == first.get(header), header


def test_a_logged_in_reader_is_not_served_a_kept_answer_early(claim, client, reviewer, monkeypatch):
    from rest_framework.views import APIView

    url = reverse("api:claim-detail", args=[claim.pk])
    client.get(url)
    client.force_login(reviewer)
    ran = []
    original = APIView.initial
    monkeypatch.setattr(APIView, "initial", lambda *a, **k: ran.append(1) or original(*a, **k))
    response = client.get(url)
    assert response.status_code == 200
    assert ran
    assert response["Cache-Control"] == "private, no-store"
