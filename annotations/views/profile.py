"""Your account: how you sign the public fact-checks you checked or approved."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from annotations import selectors, services
from annotations.forms import ProfileForm


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def account(request: HttpRequest) -> HttpResponse:
    """The display name and the choice to sign with the team's name (any logged-in user:
    only what they checked or approved is signed with it)."""
    profile = selectors.profile_of(request.user)
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            services.profile_update(user=request.user, **form.cleaned_data)
            messages.success(request, _("Saved. Your public fact-checks show the new name."))
            return redirect("annotations:account")
    else:
        form = ProfileForm(
            initial={"display_name": profile.display_name, "sign_as_team": profile.sign_as_team}
        )
    return render(
        request,
        "annotations/account.html",
        {"form": form, "profile": profile, "team_name": settings.PUBLISHER_NAME},
    )
