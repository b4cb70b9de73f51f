"""What every page shares: roles, htmx requests, objects for a user, pagination.

The role decorator, the answer to a form too large to read, typed htmx requests, objects
fetched for a user (or 404/403), pagination, safe redirects, and /favicon.ico (the error
pages are in ``errors``)."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest
from django.shortcuts import redirect
from django.templatetags.static import static
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_safe
from django_htmx.middleware import HtmxDetails

from annotations import permissions, selectors
from annotations.models import Article, Claim, Evidence


class HtmxHttpRequest(HttpRequest):
    """A request that went through django-htmx's middleware (``request.htmx``)."""

    htmx: HtmxDetails


def role_required(check):
    """Anonymous users go to the login page; logged-in users without the role get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def body_size_checked(too_large):
    """For a form's view: a POST whose body Django refuses to read gets ``too_large(request)``
    (the page again, with a message, status 413), not Django's bare "Bad Request (400)".

    Django refuses a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (``RequestDataTooBig``) on
    the first read of ``request.POST`` or ``request.FILES``, and the CSRF middleware makes
    that first read before any view runs. So the view is exempted from the middleware's
    check and makes the same check itself (``csrf_protect``) once the body has been read:
    every request whose body can be read is checked exactly as before; one whose body
    cannot is refused, changes nothing, and only gets the empty form back.
    ``too_large`` must not read ``request.POST`` again.
    """

    def decorator(view):
        protected = csrf_protect(view)

        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            if request.method == "POST":
                try:
                    request.POST  # noqa: B018 -- reading the body is what may fail
                except RequestDataTooBig:
                    return too_large(request)
            return protected(request, *args, **kwargs)

        return csrf_exempt(wrapped)

    return decorator


def page_of(request: HttpRequest, items, per_page: int) -> Page:
    """The page of ``items`` that ``?page=`` asks for (the last one past the end)."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def get_article_for_user(user, pk: int) -> Article:
    if not permissions.can_view_articles(user):
        raise PermissionDenied
    try:
        return selectors.article_detail(pk)
    except Article.DoesNotExist:
        raise Http404 from None


def get_claim_for_user(user, pk: int) -> Claim:
    """The claim as its panel shows it (``selectors.claim_detail``), or 404/403."""
    try:
        claim = selectors.claim_detail(pk)
    except Claim.DoesNotExist:
        raise Http404 from None
    if not permissions.can_view_claim(user, claim):
        raise PermissionDenied
    return claim


def get_evidence_for_user(user, pk: int) -> Evidence:
    try:
        evidence = selectors.evidence_detail(pk)
    except Evidence.DoesNotExist:
        raise Http404 from None
    if not permissions.can_view_claim(user, evidence.claim):
        raise PermissionDenied
    return evidence


def next_url(request: HttpRequest, default: str) -> str:
    """``next`` from the form or the query string when it stays on this site."""
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


@require_safe
def favicon(request: HttpRequest):
    """/favicon.ico, which browsers ask for on pages that name no icon (the API's
    documentation, the admin): the site's SVG icon. Not permanent: the icon's static
    name changes with its content."""
    return redirect(static("annotations/favicon.svg"))


def chart_column_title() -> str:
    """The title of a chart's column (``annotations.charts``), in the page's language:
    what a screen reader reads and a pointer shows."""
    return _("%(category)s, %(series)s: %(value)s")


def chart_bar_title() -> str:
    """The title of a chart's horizontal bar, in the page's language."""
    return _("%(label)s: %(value)s")
