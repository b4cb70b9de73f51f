"""Public pages, for everyone: the published fact-checks and each one's page."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from annotations import anchoring, caching, selectors, services
from annotations.filters import PublicClaimFilter
from annotations.linked_data import claim_review
from annotations.markdown import render_markdown
from annotations.models import Claim, Verdict, public_name_of
from annotations.views.common import page_of

PUBLIC_PER_PAGE = 25


@require_safe
@caching.conditional(caching.public_list_state, html=True)
def public_claim_list(request: HttpRequest) -> HttpResponse:
    """Published fact-checks, for everyone, with a search (claim matching: words and
    meaning) and filters (rating, article, date)."""
    filterset = PublicClaimFilter(request.GET, queryset=selectors.public_claims())
    page = page_of(request, filterset.qs, PUBLIC_PER_PAGE)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "annotations/public_list.html",
        {"filter": filterset, "page": page, "query": query.urlencode()},
    )


def _checked_context(claim: Claim) -> tuple[str, str]:
    """The words around the passage the verdict checked: from the body while the article
    is still in that version, else from the context stored with it."""
    if claim.checked_version == claim.article.current_version:
        return anchoring.words_around(claim.article.body, claim.checked_start, claim.checked_end)
    text = f"{claim.checked_prefix}{claim.checked_quote}{claim.checked_suffix}"
    start = len(claim.checked_prefix)
    return anchoring.words_around(text, start, start + len(claim.checked_quote))


def _passage(claim: Claim) -> dict | None:
    """What became of the checked passage, once the article has a later version."""
    if claim.checked_version == claim.article.current_version:
        return None
    state, text = services.current_passage(claim)
    return {
        "state": state,
        "text": text,
        "checked_version": claim.checked_version,
        "checked_at": claim.checked_version_at,
        "current_version": claim.article.current_version,
    }


def signatures(verdict: Verdict) -> dict[str, str]:
    """Who checked the verdict (its author) and who approved it, by their public names."""
    return {
        "checked_by": public_name_of(verdict.author),
        "approved_by": public_name_of(verdict.approved_by),
    }


@require_safe
@caching.conditional(caching.claim_state, html=True)
def public_claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        claim = selectors.public_claim(pk)
    except Claim.DoesNotExist:
        raise Http404 from None
    versions = claim.published_verdicts
    before, after = _checked_context(claim)
    same_as = selectors.same_claim_links([claim.pk])[claim.pk]
    return render(
        request,
        "annotations/public_detail.html",
        {
            "claim": claim,
            "article": claim.article,
            "verdict": versions[0],
            "rationale_html": render_markdown(versions[0].rationale),
            "signed": signatures(versions[0]),
            "earlier_versions": [
                {
                    "verdict": v,
                    "rationale_html": render_markdown(v.rationale),
                    "signed": signatures(v),
                }
                for v in versions[1:]
            ],
            "context_before": before,
            "context_after": after,
            "passage": _passage(claim),
            "same_as": same_as,
            "claim_review": claim_review(
                claim,
                page_url=request.build_absolute_uri(
                    reverse("annotations:public_claim_detail", args=[claim.pk])
                ),
                same_as=[link.absolute(request.build_absolute_uri) for link in same_as],
            ),
        },
    )
