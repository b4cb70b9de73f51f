"""The admin's list of imported fact-checks and its upload form, per role."""

import json

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from annotations.models import ExternalFactCheck
from tests.factories import AdminFactory, ExternalFactCheckFactory, ReviewerFactory, UserFactory

pytestmark = pytest.mark.django_db

UPLOAD = "admin:annotations_externalfactcheck_upload"
CHANGELIST = "admin:annotations_externalfactcheck_changelist"

FEED = json.dumps(
    {
        "@type": "ItemList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "item": {
                    "@type": "ClaimReview",
                    "url": "https://checker.example/1",
                    "claimReviewed": "Vaccines cause autism.",
                    "reviewRating": {"alternateName": "False"},
                    "author": {"name": "Checker"},
                    "inLanguage": "en",
                },
            },
            {"@type": "ListItem", "item": {"@type": "ClaimReview", "url": "nope"}},
        ],
    }
)


def upload(client, content=FEED, name="feed.json"):
    file = SimpleUploadedFile(name, content.encode(), content_type="application/json")
    return client.post(reverse(UPLOAD), {"file": file})


def test_an_admin_sees_the_list_searches_it_and_is_offered_the_upload(client):
    ExternalFactCheckFactory(claim="The moon is made of cheese.")
    ExternalFactCheckFactory(claim="Vaccines cause autism.")
    client.force_login(AdminFactory())
    response = client.get(reverse(CHANGELIST), {"q": "cheese"})
    assert response.status_code == 200
    assert b"The moon is made of cheese." in response.content
    assert b"Vaccines cause autism." not in response.content
    assert reverse(UPLOAD).encode() in response.content


def test_an_upload_stores_the_good_rows_and_shows_the_refused_ones(client):
    client.force_login(AdminFactory())
    response = upload(client)
    assert response.status_code == 200
    assert ExternalFactCheck.objects.get().review_url == "https://checker.example/1"
    text = response.content.decode()
    assert "item 2: no claim (claimReviewed)" in text
    assert "1 created, 0 updated, 0 unchanged, 1 refused." in text


def test_an_upload_with_no_refused_row_goes_back_to_the_list(client):
    client.force_login(AdminFactory())
    feed = json.dumps(json.loads(FEED)["itemListElement"][0]["item"])
    response = upload(client, feed)
    assert response.status_code == 302
    assert response["Location"] == reverse(CHANGELIST)


def test_an_empty_file_is_a_form_error_and_stores_nothing(client):
    client.force_login(AdminFactory())
    response = upload(client, "")
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not ExternalFactCheck.objects.exists()


def test_staff_without_the_add_permission_may_not_upload(client):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_externalfactcheck"))
    client.force_login(staff)
    assert client.get(reverse(CHANGELIST)).status_code == 200
    assert client.get(reverse(UPLOAD)).status_code == 403
    assert upload(client).status_code == 403
    assert not ExternalFactCheck.objects.exists()


def test_staff_with_the_add_permission_may_upload(client):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_externalfactcheck", "add_externalfactcheck"])
    )
    client.force_login(staff)
    assert client.get(reverse(UPLOAD)).status_code == 200


@pytest.mark.parametrize("make_user", [ReviewerFactory, None], ids=["reviewer", "anonymous"])
def test_a_reviewer_or_a_visitor_is_sent_to_the_admin_login(client, make_user):
    if make_user:
        client.force_login(make_user())
    response = client.get(reverse(UPLOAD))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_the_upload_form_is_in_french_for_a_french_admin(client):
    client.force_login(AdminFactory())
    response = client.get(reverse(UPLOAD), headers={"accept-language": "fr"})
    assert "Importer des vérifications" in response.content.decode()
