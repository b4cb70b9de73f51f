"""The error pages: 400, 403 (refused, or a form whose CSRF check failed), 404 and 500.

Each is a page of the site (its header, the user's language) that says what happened and
offers a way on; under /api/ the answer is JSON, as the API's own errors are. The 400 and
500 pages are rendered without context processors: they must not query the database
(a 500 may be the database being down), so they know nothing of the user.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.csrf import requires_csrf_token

API_PREFIX = "/api/"


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def _plain(request: HttpRequest, template_name: str, status: int) -> HttpResponse:
    """The page rendered from the template alone: no context processor, so no query.

    The language switch in the header still works: its CSRF token comes from the
    cookie, not from the database."""
    template = loader.get_template(template_name)
    context = {"request": request, "csrf_token": get_token(request)}
    return HttpResponse(template.render(context), status=status)


def _login_url(request: HttpRequest) -> str:
    """The login page, back here afterwards when here is a page (a GET)."""
    if request.method not in ("GET", "HEAD"):
        return reverse("login")
    return f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}"


def _back_url(request: HttpRequest) -> str:
    """The page the user came from, when it is on this site (else none)."""
    referer = request.headers.get("referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return ""


@requires_csrf_token
def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": "Bad request."}, status=400)
    return _plain(request, "400.html", 400)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    if _is_api(request):
        detail = "You do not have permission to perform this action."
        return JsonResponse({"detail": detail}, status=403)
    return render(request, "403.html", {"login_url": _login_url(request)}, status=403)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    """404: JSON under /api/ (API clients parse it; the schema documents it), the
    site's page elsewhere."""
    if _is_api(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": "Server error."}, status=500)
    return _plain(request, "500.html", 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without a valid CSRF token (CSRF_FAILURE_VIEW): usually a page left
    open past a log-out or a new log-in. Nothing was done; the page says how to go on."""
    context = {"login_url": _login_url(request), "back_url": _back_url(request)}
    return render(request, "403_csrf.html", context, status=403)
