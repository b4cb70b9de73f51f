"""Moderation: the queue, decisions, retraction, a correction's start, a claim's history."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from annotations import permissions, selectors, services
from annotations.forms import ApproveForm, RequestChangesForm, RetractForm
from annotations.markdown import render_markdown
from annotations.views.common import (
    HtmxHttpRequest,
    get_claim_for_user,
    next_url,
    page_of,
    role_required,
)
from annotations.views.matches import matches_for
from annotations.views.panel import render_panel

QUEUE_PER_PAGE = 25


@require_safe
@role_required(permissions.can_moderate)
def moderation_queue(request: HtmxHttpRequest) -> HttpResponse:
    """Claims waiting for review, oldest first, each with what a moderator needs."""
    return _render_queue(request)


def _render_queue(request: HtmxHttpRequest, forms_by_claim: dict | None = None) -> HttpResponse:
    """The queue; a refused decision comes back with its form bound (what was typed)."""
    page = page_of(request, selectors.moderation_queue(), QUEUE_PER_PAGE)
    items = []
    forms_by_claim = forms_by_claim or {}
    claims = [verdict.claim for verdict in page.object_list]
    # "Already checked?" for the whole page at once: a fixed number of queries.
    links = selectors.same_claim_links(claim.pk for claim in claims)
    matches = matches_for([c.text for c in claims], [c.pk for c in claims], links)
    blinds = selectors.active_blind_reviews(claim.pk for claim in claims)
    for verdict, claim_matches in zip(page.object_list, matches, strict=True):
        claim = verdict.claim
        blind = blinds.get(claim.pk)
        items.append(
            {
                # A second, blind verdict: decided on its comparison page; hidden from
                # a moderator who is writing it.
                "blind": blind,
                "blind_hidden": permissions.blind_hides_first_verdict(request.user, claim, blind),
                "same_as": links[claim.pk],
                "matches": claim_matches,
                "can_mark": permissions.can_mark_same_claim(request.user, claim),
                "verdict": verdict,
                "claim": claim,
                "rationale_html": render_markdown(verdict.rationale),
                "own": not permissions.four_eyes_allow(request.user, verdict),
                "approve_form": forms_by_claim.get(("approve", claim.pk))
                or ApproveForm(claim_id=claim.pk),
                "changes_form": forms_by_claim.get(("changes", claim.pk))
                or RequestChangesForm(claim_id=claim.pk),
            }
        )
    status = 400 if forms_by_claim else 200
    return render(
        request, "annotations/moderation_queue.html", {"page": page, "items": items}, status=status
    )


def _decide(request: HtmxHttpRequest, pk: int, form_class, key: str, decide, success: str):
    """Run a moderator's decision; answer in the claim panel (htmx) or back on the queue."""
    claim = get_claim_for_user(request.user, pk)
    form = form_class(request.POST, claim_id=claim.pk)
    back = next_url(request, reverse("annotations:moderation_queue"))
    if form.is_valid():
        try:
            decide(claim, form.cleaned_data)
        except services.TransitionError as exc:
            if request.htmx:
                fresh = selectors.claim_detail(claim.pk)
                return render_panel(request, fresh, conflict=str(exc), refresh_article=True)
            messages.error(request, str(exc))
            return redirect(back)
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            if request.htmx:
                fresh = selectors.claim_detail(claim.pk)
                return render_panel(request, fresh, saved=success, refresh_article=True)
            messages.success(request, success)
            return redirect(back)
    if request.htmx:
        return render_panel(request, claim, **{f"{key}_form": form})
    return _render_queue(request, forms_by_claim={(key, claim.pk): form})


@require_POST
@role_required(permissions.can_moderate)
def claim_approve(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    def decide(claim, data):
        services.claim_approve(claim=claim, moderator=request.user, comment=data["comment"])

    # Marked safe for the message and the panel: the link is ours, the words translated.
    success = format_html(
        '{} <a href="{}">{}</a>',
        _("Approved and published."),
        reverse("annotations:public_claim_detail", args=[pk]),
        _("See its public page"),
    )
    return _decide(request, pk, ApproveForm, "approve", decide, success)


@require_POST
@role_required(permissions.can_moderate)
def claim_request_changes(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    def decide(claim, data):
        services.claim_request_changes(claim=claim, moderator=request.user, comment=data["comment"])

    return _decide(
        request,
        pk,
        RequestChangesForm,
        "changes",
        decide,
        _("Sent back to its author with your comment."),
    )


@require_POST
@role_required(permissions.can_moderate)
def claim_retract(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    claim = get_claim_for_user(request.user, pk)
    form = RetractForm(request.POST)
    if form.is_valid():
        try:
            services.claim_retract(
                claim=claim, moderator=request.user, note=form.cleaned_data["note"]
            )
        except services.TransitionError as exc:
            return render_panel(
                request, claim, status=200 if request.htmx else 409, conflict=str(exc)
            )
        message = _("Retracted. The public page now shows the retraction and its note.")
        if not request.htmx:
            messages.success(request, message)
            return redirect(claim)
        return render_panel(
            request, selectors.claim_detail(pk), saved=message, refresh_article=True
        )
    return render_panel(request, claim, retract_form=form, show_retract=True)


@require_POST
@role_required(permissions.can_annotate)
def correction_start(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    claim = get_claim_for_user(request.user, pk)
    try:
        services.correction_start(claim=claim, user=request.user)
    except services.TransitionError as exc:
        return render_panel(request, claim, status=200 if request.htmx else 409, conflict=str(exc))
    message = _(
        "Correction started: change the verdict, say what changed in the correction note, "
        "then submit it for review. The published verdict stays public until then."
    )
    if not request.htmx:
        messages.success(request, message)
        return redirect(claim)
    return render_panel(request, selectors.claim_detail(pk), saved=message)


@require_safe
@role_required(permissions.can_annotate)
def claim_history(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    claim = get_claim_for_user(request.user, pk)
    blind = selectors.active_blind_reviews([claim.pk]).get(claim.pk)
    if permissions.blind_hides_first_verdict(request.user, claim, blind):
        raise PermissionDenied  # the history tells the first verdict's story
    events = selectors.claim_timeline(claim)
    return render(request, "annotations/claim_history.html", {"claim": claim, "events": events})
