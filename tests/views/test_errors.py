"""The error pages (400, 403, CSRF failure, 404, 500): the site's layout, the user's
language, a way on; JSON under /api/; the 400 and 500 pages without a query."""

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client
from django.urls import path, reverse

from tests.factories import ReviewerFactory, UserFactory


def _refused(request):
    raise PermissionDenied


def _broken(request):
    raise RuntimeError("a bug")


def _suspicious(request):
    raise SuspiciousOperation("a bad request")


# The site's URLs, plus views that fail in each way (under /api/ too).
urlpatterns = [
    path("fails/refused/", _refused),
    path("fails/broken/", _broken),
    path("fails/suspicious/", _suspicious),
    path("api/v1/fails/refused/", _refused),
    path("api/v1/fails/broken/", _broken),
    path("api/v1/fails/suspicious/", _suspicious),
]
urlpatterns += __import__("factcheck.urls", fromlist=["urlpatterns"]).urlpatterns
handler400 = "annotations.views.bad_request"
handler403 = "annotations.views.permission_denied"
handler404 = "annotations.views.page_not_found"
handler500 = "annotations.views.server_error"

pytestmark = pytest.mark.urls(__name__)

LANGUAGES = {
    "en": {
        400: "Bad request",
        403: "Access refused",
        "csrf": "This form has expired",
        404: "Page not found",
        500: "Server error",
        "home": "Go to the home page",
        "login": "Log in",
        "list": "Read the published fact-checks",
    },
    "fr": {
        400: "Requête invalide",
        403: "Accès refusé",
        "csrf": "Ce formulaire a expiré",
        404: "Page introuvable",
        500: "Erreur du serveur",
        "home": "Aller à l’accueil",
        "login": "Se connecter",
        "list": "Lire les vérifications publiées",
    },
}


def client_in(language, *, user=None, **kwargs) -> Client:
    client = Client(raise_request_exception=False, **kwargs)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    if user is not None:
        client.force_login(user)
    return client


def assert_site_page(response, language):
    """A page of the site: its header and navigation, in the user's language."""
    content = response.content.decode()
    assert f'<html lang="{language}">' in content
    assert 'class="site-header"' in content
    assert 'href="/static/annotations/app.css"' in content
    assert response["Content-Type"].startswith("text/html")
    return content


def test_debug_is_off_in_these_tests():
    assert settings.DEBUG is False


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_missing_page_gets_the_sites_404_with_ways_on(language):
    words = LANGUAGES[language]
    response = client_in(language).get("/no/such/page/")
    assert response.status_code == 404
    content = assert_site_page(response, language)
    assert f"<h1>{words[404]}</h1>" in content
    assert f'href="{reverse("annotations:home")}">{words["home"]}</a>' in content
    assert f'href="{reverse("annotations:public_claim_list")}">{words["list"]}</a>' in content


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_refused_page_offers_a_visitor_to_log_in_and_come_back(language):
    words = LANGUAGES[language]
    response = client_in(language).get("/fails/refused/?x=1")
    assert response.status_code == 403
    content = assert_site_page(response, language)
    assert f"<h1>{words[403]}</h1>" in content
    assert f'href="/accounts/login/?next=%2Ffails%2Frefused%2F%3Fx%3D1">{words["login"]}</a>' in (
        content
    )
    assert "403 Forbidden" not in content


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_page_refused_to_a_logged_in_user_leads_back_to_their_workspace(language):
    words = LANGUAGES[language]
    user = UserFactory(username="sans_role")
    # A logged-in user without a role, on a reviewers' page (a real refusal).
    response = client_in(language, user=user).get(reverse("annotations:article_list"))
    assert response.status_code == 403
    content = assert_site_page(response, language)
    assert f"<h1>{words[403]}</h1>" in content
    assert "(sans_role)" in content
    assert f'href="{reverse("annotations:home")}"' in content


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_form_without_its_csrf_token_gets_the_sites_page_and_changes_nothing(language):
    words = LANGUAGES[language]
    reviewer = ReviewerFactory()
    client = client_in(language, user=reviewer, enforce_csrf_checks=True)
    response = client.post(
        reverse("annotations:article_import"),
        {"title": "Sans jeton", "text": "Une phrase."},
        headers={"referer": "http://testserver/articles/import/"},
    )
    assert response.status_code == 403
    content = assert_site_page(response, language)
    assert f"<h1>{words['csrf']}</h1>" in content
    assert 'href="http://testserver/articles/import/"' in content  # back where it was
    assert 'name="csrfmiddlewaretoken"' in content  # the language switch still works
    from annotations.models import Article

    assert not Article.objects.exists()


@pytest.mark.django_db
def test_the_csrf_page_never_links_back_to_another_site():
    client = client_in("en", user=ReviewerFactory(), enforce_csrf_checks=True)
    response = client.post(
        reverse("annotations:article_import"), headers={"referer": "https://evil.example/"}
    )
    assert response.status_code == 403
    assert "evil.example" not in response.content.decode()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_bad_request_gets_the_sites_400_without_the_database(language):
    words = LANGUAGES[language]
    # No database access allowed here: the page must not need one.
    response = client_in(language).get("/fails/suspicious/")
    assert response.status_code == 400
    content = assert_site_page(response, language)
    assert f"<h1>{words[400]}</h1>" in content
    assert f'href="{reverse("annotations:home")}">{words["home"]}</a>' in content


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_server_error_gets_the_sites_500_without_the_database(language):
    words = LANGUAGES[language]
    # This test has no database access: any query would fail it (pytest-django blocks
    # them), as a database that is down would.
    response = client_in(language).get("/fails/broken/")
    assert response.status_code == 500
    content = assert_site_page(response, language)
    assert f"<h1>{words[500]}</h1>" in content
    assert f'href="{reverse("annotations:home")}">{words["home"]}</a>' in content
    assert f'href="{reverse("login")}">{words["login"]}</a>' in content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "status", "detail"),
    [
        ("/api/v1/no/such/", 404, "Not found."),
        ("/api/v1/fails/refused/", 403, "You do not have permission to perform this action."),
        ("/api/v1/fails/suspicious/", 400, "Bad request."),
        ("/api/v1/fails/broken/", 500, "Server error."),
    ],
)
def test_errors_under_the_api_are_json(url, status, detail):
    response = client_in("en").get(url)
    assert response.status_code == status
    assert response.json() == {"detail": detail}
