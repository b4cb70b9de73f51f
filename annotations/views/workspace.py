"""A reviewer's workspace: their drafts and claims sent back, and their inbox."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from annotations import permissions, selectors, services
from annotations.views.common import HtmxHttpRequest, page_of, role_required

PER_PAGE = 50


@require_safe
@role_required(permissions.can_annotate)
def my_drafts(request: HtmxHttpRequest) -> HttpResponse:
    page = page_of(request, selectors.my_claims(request.user), PER_PAGE)
    return render(request, "annotations/my_drafts.html", {"page": page})


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
