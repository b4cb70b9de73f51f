"""Claim matching in the workspace: "Already checked?" and the mark "same claim as".

The published fact-checks that say the same as a claim are shown in the claim panel and
the moderation queue; a claim can be marked as the same claim as one of them."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from annotations import permissions, selectors, services
from annotations.forms import SameClaimForm
from annotations.models import Claim, Verdict
from annotations.views.common import (
    HtmxHttpRequest,
    get_article_for_user,
    get_claim_for_user,
    next_url,
    role_required,
)

# Fact-checks shown per claim.
MATCH_LIMIT = 5
TEMPLATE = "annotations/claim_matches.html"
# The reasons ``annotations.matching`` gives, as the page says them.
REASONS = {
    "words in common": gettext_lazy("words in common"),
    "similar meaning": gettext_lazy("similar meaning"),
}


@dataclass(frozen=True)
class Match:
    """A published fact-check found for a claim, as the page shows it."""

    found: selectors.SimilarFactCheck
    url: str
    rating_label: str
    organisation: str
    reason: str
    marked: bool

    @property
    def kind(self) -> str:
        return self.found.kind

    @property
    def external(self) -> bool:
        return self.found.kind == selectors.EXTERNAL

    @property
    def retracted(self) -> bool:
        return self.found.status == Claim.Status.RETRACTED

    @property
    def offered(self) -> bool:
        """Whether the page offers to mark the claim as the same claim as this one."""
        return permissions.is_same_claim_target(ours=not self.external, status=self.found.status)


def _match(found: selectors.SimilarFactCheck, marked: set) -> Match:
    ours = found.kind == selectors.OURS
    if ours:
        url = reverse("annotations:public_claim_detail", args=[found.id])
        label = Verdict.Rating(found.rating).label if found.rating else ""
        organisation = ""
    else:
        url, label, organisation = found.url, found.rating, found.organisation
    return Match(
        found,
        url,
        label,
        organisation,
        REASONS.get(found.reason, found.reason),
        (found.kind, found.id) in marked,
    )


def matches_for(texts: list[str], claim_ids: list[int | None], links: dict) -> list[list[Match]]:
    """Up to ``MATCH_LIMIT`` published fact-checks for each text, the claim itself left
    out (one of ours is found by its own words): one call of
    ``selectors.similar_factchecks_many`` for all, so its few queries whatever the
    number of texts. ``links``: ``selectors.same_claim_links`` of the claims."""
    wanted = [(i, text.strip()) for i, text in enumerate(texts) if text.strip()]
    results: list[list[Match]] = [[] for _ in texts]
    if not wanted:
        return results
    found_lists = selectors.similar_factchecks_many(
        [text for _, text in wanted], limit=MATCH_LIMIT + 1
    )
    for (i, _text), found in zip(wanted, found_lists, strict=True):
        pk = claim_ids[i]
        marked = {(link.kind, link.id) for link in links.get(pk, [])}
        kept = [f for f in found if not (f.kind == selectors.OURS and f.id == pk)]
        results[i] = [_match(f, marked) for f in kept[:MATCH_LIMIT]]
    return results


def _typed_text(request: HtmxHttpRequest, default: str) -> str:
    """The claim's text as typed in the panel (sent along by htmx), else ``default``."""
    data = request.POST if request.method == "POST" else request.GET
    return data.get("text", default)[: Claim.TEXT_MAX_LENGTH]


def render_matches(
    request: HtmxHttpRequest, claim: Claim, text: str, *, status: int = 200, **extra
) -> HttpResponse:
    """The claim's "Already checked?" region: alone for htmx (with the claim's "same
    claim as" links out of band), or as a page of its own."""
    links = selectors.same_claim_links([claim.pk])
    context = {
        "claim": claim,
        "same_as": links[claim.pk],
        "matches": matches_for([text], [claim.pk], links)[0],
        "text": text,
        "can_mark": permissions.can_mark_same_claim(request.user, claim),
        **extra,
    }
    if request.htmx:
        return render(request, f"{TEMPLATE}#matches-update", context, status=status)
    return render(request, TEMPLATE, context, status=status)


@require_safe
@role_required(permissions.can_see_matches)
def claim_matches(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Published fact-checks that say the same as the claim (its text as typed, when the
    panel sends it), each offered to be marked "same claim as"."""
    claim = get_claim_for_user(request.user, pk)
    return render_matches(request, claim, _typed_text(request, claim.text))


@require_safe
@role_required(permissions.can_see_matches)
def claim_new_matches(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The same, for a claim being written over a passage of article ``pk``."""
    article = get_article_for_user(request.user, pk)
    text = _typed_text(request, "")
    context = {"article": article, "matches": matches_for([text], [None], {})[0], "text": text}
    template = f"{TEMPLATE}#new-matches" if request.htmx else TEMPLATE
    return render(request, template, context)


def _change_mark(request: HtmxHttpRequest, pk: int, change, success: str) -> HttpResponse:
    claim = get_claim_for_user(request.user, pk)
    if not permissions.can_mark_same_claim(request.user, claim):
        raise PermissionDenied
    form = SameClaimForm(request.POST)
    text = _typed_text(request, claim.text)
    error = None
    if not form.is_valid():
        error = _("Choose a fact-check among those shown.")
    else:
        try:
            change(claim, form.cleaned_data["kind"], form.cleaned_data["target"])
        except ValidationError as exc:
            error = " ".join(exc.messages)
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.success(request, success)
        return redirect(next_url(request, claim.get_absolute_url()))
    if error:  # htmx swaps a 200 only: the message shows in the region
        return render_matches(request, claim, text, error=error)
    return render_matches(request, claim, text, saved=success)


@require_POST
@role_required(permissions.can_annotate)
def claim_same_mark(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    def change(claim, kind, target):
        services.same_claim_mark(claim=claim, user=request.user, kind=kind, target_id=target)

    return _change_mark(request, pk, change, _("Marked as the same claim."))


@require_POST
@role_required(permissions.can_annotate)
def claim_same_unmark(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    def change(claim, kind, target):
        services.same_claim_unmark(claim=claim, user=request.user, kind=kind, target_id=target)

    return _change_mark(request, pk, change, _("Mark removed."))
