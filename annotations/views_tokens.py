"""API tokens: each reviewer or moderator creates and revokes their own (knox tokens,
stored hashed). The full token is shown once, right after its creation; an admin can
revoke anyone's in the Django admin."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from knox.models import AuthToken

from annotations import permissions
from annotations.views import role_required


def _tokens_of(user):
    return (
        AuthToken.objects.filter(user=user)
        .order_by("-created")
        .only("token_key", "created", "expiry")
    )


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(permissions.can_annotate)
def token_list(request: HttpRequest) -> HttpResponse:
    """The user's tokens; POST creates one and shows it, once (never stored in clear)."""
    new_token = None
    if request.method == "POST":
        _instance, new_token = AuthToken.objects.create(user=request.user)
    return render(
        request,
        "annotations/tokens.html",
        {"tokens": _tokens_of(request.user), "new_token": new_token},
    )


@require_POST
@role_required(permissions.can_annotate)
def token_revoke(request: HttpRequest, key: str) -> HttpResponse:
    """Revoke one of the user's own tokens; someone else's is a 404, as if unknown."""
    deleted, _detail = AuthToken.objects.filter(user=request.user, token_key=key).delete()
    if not deleted:
        raise Http404
    messages.success(request, _("Token revoked: it no longer gives access to the API."))
    return redirect("annotations:token_list")
