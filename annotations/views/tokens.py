"""API tokens: each reviewer or moderator creates and revokes their own.

Knox tokens, stored hashed: the full token is shown once, right after its creation; an
admin can revoke anyone's in the Django admin.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from annotations import permissions, selectors, services
from annotations.views.common import role_required


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@role_required(permissions.can_annotate)
def token_list(request: HttpRequest) -> HttpResponse:
    """The user's tokens; POST creates one and shows it, once (never stored in clear)."""
    new_token = None
    if request.method == "POST":
        new_token = services.token_create(user=request.user)
    return render(
        request,
        "annotations/tokens.html",
        {"tokens": selectors.user_tokens(request.user), "new_token": new_token},
    )


@require_POST
@role_required(permissions.can_annotate)
def token_revoke(request: HttpRequest, key: str) -> HttpResponse:
    """Revoke one of the user's own tokens; someone else's is a 404, as if unknown."""
    if not services.token_revoke(user=request.user, key=key):
        raise Http404
    messages.success(request, _("Token revoked: it no longer gives access to the API."))
    return redirect("annotations:token_list")
