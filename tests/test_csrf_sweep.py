"""Every URL pattern, sent every unsafe method without a CSRF token, refuses and writes nothing.

A logged-in browser session is what a cross-site request rides on: each pattern of the
role matrix gets POST, PUT, PATCH and DELETE from an administrator's session (who may do
everything) with CSRF checks on, as a forged form or fetch would send them. The answer
is a refusal (403 for a missing token, 405 where the method is not served) and no row
of the domain changes.
"""

import pytest
from django.apps import apps
from django.test import Client

from tests.factories import AdminFactory, ReviewerFactory
from tests.test_url_matrix import ADMIN_NAMESPACE, MATRIX, url_for, url_objects

pytestmark = pytest.mark.django_db

UNSAFE_METHODS = ("post", "put", "patch", "delete")
REFUSED = {403, 405}


def _row_counts() -> dict[str, int]:
    """Rows of every model of the app, of users and of API tokens."""
    models = [*apps.get_app_config("annotations").get_models()]
    models += [apps.get_model("auth", "User"), apps.get_model("knox", "AuthToken")]
    return {model._meta.label: model._default_manager.count() for model in models}


@pytest.mark.parametrize("method", UNSAFE_METHODS)
@pytest.mark.parametrize("name", sorted(n for n in MATRIX if not n.startswith(ADMIN_NAMESPACE)))
def test_an_unsafe_request_without_a_csrf_token_is_refused_and_changes_nothing(name, method):
    objects = url_objects(ReviewerFactory())
    client = Client(enforce_csrf_checks=True)
    client.force_login(AdminFactory())
    before = _row_counts()
    response = getattr(client, method)(
        url_for(name, objects),
        data={"text": "Forged", "comment": "Forged", "note": "Forged", "version": 1},
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in REFUSED, (name, method, response.status_code)
    assert _row_counts() == before, (name, method)


def test_the_sweep_would_see_a_write_made_without_a_token():
    """The same request with the token goes through: the sweep is not refusing by accident."""
    objects = url_objects(ReviewerFactory())
    client = Client(enforce_csrf_checks=True)
    client.force_login(AdminFactory())
    client.get("/fact-checks/")  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    before = _row_counts()
    response = client.post(url_for("annotations:inbox_mark_read", objects), HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 302
    response = client.post(url_for("annotations:token_list", objects), HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200
    assert _row_counts()["knox.AuthToken"] == before["knox.AuthToken"] + 1
