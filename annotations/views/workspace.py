"""A reviewer's workspace: where ``/`` leads each user, their claims, their notifications."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from annotations import permissions, selectors, services
from annotations.filters import MyClaimFilter
from annotations.models import EDITABLE_STATUSES
from annotations.views.common import HtmxHttpRequest, page_of, role_required

PER_PAGE = 50


@require_safe
def home(request: HtmxHttpRequest) -> HttpResponse:
    """Each user's start: moderators the moderation queue, reviewers their claims,
    everyone else (visitors first) the published fact-checks."""
    if permissions.can_moderate(request.user):
        return redirect("annotations:moderation_queue")
    if permissions.can_annotate(request.user):
        return redirect("annotations:my_claims")
    return redirect("annotations:public_claim_list")


@require_safe
@role_required(permissions.can_annotate)
def my_claims(request: HtmxHttpRequest) -> HttpResponse:
    """Every claim of the user by state, with filters, most recently changed first."""
    user = request.user
    states = selectors.my_claim_states(user)
    filterset = MyClaimFilter(
        request.GET,
        queryset=selectors.my_claims(user),
        states=states,
        articles=selectors.my_claim_articles(user),
    )
    page = page_of(request, filterset.qs, PER_PAGE)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": filterset,
        "page": page,
        "query": query.urlencode(),
        "total": sum(states.values()),
        "filtered": bool(query),
    }
    return render(request, "annotations/my_claims.html", context)


@require_safe
@role_required(permissions.can_annotate)
def my_drafts(request: HtmxHttpRequest) -> HttpResponse:
    """The former "My drafts": My claims, showing the claims still in the user's hands."""
    query = QueryDict(mutable=True)
    query.setlist("state", [status.value for status in EDITABLE_STATUSES])
    return redirect(f"{reverse('annotations:my_claims')}?{query.urlencode()}")


@require_safe
@role_required(permissions.can_annotate)
def inbox(request: HtmxHttpRequest) -> HttpResponse:
    page = page_of(request, selectors.inbox(request.user), PER_PAGE)
    return render(request, "annotations/inbox.html", {"page": page})


@require_POST
@role_required(permissions.can_annotate)
def inbox_mark_read(request: HtmxHttpRequest) -> HttpResponse:
    count = services.notifications_mark_read(user=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)d notification marked as read.",
            "%(count)d notifications marked as read.",
            count,
        )
        % {"count": count},
    )
    return redirect("annotations:inbox")
