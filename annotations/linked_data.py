"""A public claim as linked data: schema.org ClaimReview and W3C Web Annotation documents.

Pure functions: model instances in, plain dicts out (no request, no query). Each claim
must come from ``selectors.public_claims`` or ``selectors.public_claim``: ``article``
selected and ``published_verdicts`` (published versions, newest first) prefetched. URLs
are given by the caller, who knows the request.

Decisions, kept here so that the endpoints, the public page and the tests agree:

- The reviewed verdict is the latest *published* version: a correction replaces the
  rating, ``dateModified`` / ``modified`` say when; a correction still in review is
  never shown.
- A retracted claim stays public, as on its page: its ClaimReview and its annotation
  are still served, so that consumers that copied the old rating learn of the
  retraction. But the withdrawn rating is not repeated: ``reviewRating`` becomes the
  textual rating "Retracted" (no ``ratingValue``), explained by the retraction note,
  and ``dateModified`` is the retraction date.
- ``ratingValue``, ``bestRating`` (5) and ``worstRating`` (1) only for the graded
  ratings of ``Verdict.RATING_VALUES``; "misleading" and "unverifiable" are off that
  scale and carry only the textual ``alternateName``.
- Labels ("Mostly false", "Retracted") are in the article's language, as the
  ClaimReview's ``inLanguage`` is.
- Only properties schema.org defines on each ``@type`` (tests keep the allow-lists).
- Versions of the article's text: a fact-check stays tied to the version it checked.
  The Web Annotation's target names it (a ``TimeState`` whose ``sourceDate`` is when
  that version was imported, ``cached`` its text in the API) and its selectors count in
  its text; once the article has a later version, a ``commenting`` body says whether
  the passage is unchanged, changed or removed there. The ClaimReview's appearance
  gives the ``version`` checked and, for a passage since changed or removed, a
  ``correction``.
- "Same claim as": ClaimReview has no property for "this claim was already checked
  there". A claim marked as the same claim as an earlier fact-check (ours, or another
  organisation's) gets one more ``itemReviewed.appearance`` per mark: a CreativeWork
  whose ``url`` is that fact-check's page (which states the claim: the claim appeared
  there too), with its ``headline`` (the claim as it words it), ``publisher``,
  ``datePublished`` and ``inLanguage``. The appearance in the article checked stays
  first; without a mark, ``appearance`` stays one object, as before.
- Who checked and who approved: ``author`` stays the team (the ``Organization``): Google
  reads it as the publisher of the fact-check, and importers of ClaimReview feeds (ours
  too) take it as the organisation. The person who wrote the published verdict is its
  ``contributor`` and the moderator who approved it its ``editor``, each a ``Person``
  with the display name they chose; whoever signs with the team's name (or set no
  display name) is left out, the team being the author already. Login names and e-mail
  addresses never appear.
"""

from __future__ import annotations

import html
import re

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from annotations import anchoring
from annotations.markdown import render_markdown
from annotations.models import AnchorState, Claim, ClaimStatus, Verdict, public_name_of

SCHEMA_CONTEXT = "https://schema.org"
ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
ANNO_PROFILE = ANNO_CONTEXT
BEST_RATING = max(Verdict.RATING_VALUES.values())
WORST_RATING = min(Verdict.RATING_VALUES.values())
PAGE_SIZE = 100


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _compact(data: dict) -> dict:
    """Drop absent values (None, "", empty lists): JSON-LD has no null properties."""
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}


def published_verdict(claim: Claim) -> Verdict:
    """The latest published verdict (``published_verdicts`` is newest first)."""
    return claim.published_verdicts[0]


def _label(text, language: str) -> str:
    with override(language or settings.LANGUAGE_CODE):
        return str(text)


def markdown_to_text(markdown: str) -> str:
    """A Markdown rationale as plain text: rendered, sanitized, tags stripped."""
    text = html.unescape(strip_tags(render_markdown(markdown)))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _is_retracted(claim: Claim) -> bool:
    return claim.status == ClaimStatus.RETRACTED


def _modified(claim: Claim, verdict: Verdict):
    """When the public verdict last changed: the retraction, or the latest correction."""
    if _is_retracted(claim) and claim.retracted_at is not None:
        return claim.retracted_at
    if verdict.version > 1:
        return verdict.published_at
    return None


def passage_note(claim: Claim) -> str:
    """What became of the checked passage once the article has a later version, in the
    article's language; "" while the article is still in the version checked."""
    current = claim.article.current_version
    if claim.checked_version is None or claim.checked_version == current:
        return ""
    changed = claim.anchor_state == AnchorState.CHANGED
    text = claim.proposed_quote if changed else claim.quote
    state = anchoring.passage_state(claim.anchor_state, claim.checked_quote, text)
    values = {"checked": claim.checked_version, "current": current, "text": text}
    if state == AnchorState.REMOVED:
        note = _(
            "The passage checked in version %(checked)d of the article was removed from "
            "its current version (%(current)d)."
        )
    elif state == AnchorState.CHANGED:
        note = _(
            "The passage checked in version %(checked)d of the article reads otherwise in "
            "its current version (%(current)d): “%(text)s”"
        )
    else:
        note = _(
            "The passage checked in version %(checked)d of the article is unchanged in its "
            "current version (%(current)d)."
        )
    return _label(note, claim.article.language) % values


def publisher() -> dict:
    return {
        "@type": "Organization",
        "name": settings.PUBLISHER_NAME,
        "url": settings.PUBLISHER_URL,
    }


# --- schema.org ClaimReview ------------------------------------------------------------


def _signs_in_person(user) -> bool:
    profile = getattr(user, "profile", None) if user is not None else None
    return profile is not None and profile.signs_in_person


def _person(user) -> dict | None:
    """``user`` as a schema.org Person, when they sign with their own name."""
    if not _signs_in_person(user):
        return None
    return {"@type": "Person", "name": public_name_of(user)}


def _review_rating(claim: Claim, verdict: Verdict, language: str) -> dict:
    if _is_retracted(claim):
        return {
            "@type": "Rating",
            "alternateName": _label(ClaimStatus.RETRACTED.label, language),
            "ratingExplanation": claim.retraction_note,
        }
    rating = {
        "@type": "Rating",
        "alternateName": _label(Verdict.Rating(verdict.rating).label, language),
        "ratingExplanation": markdown_to_text(verdict.rationale),
    }
    value = Verdict.RATING_VALUES.get(verdict.rating)
    if value is not None:
        rating.update(ratingValue=value, bestRating=BEST_RATING, worstRating=WORST_RATING)
    return _compact(rating)


def _appearance(claim: Claim) -> dict:
    article = claim.article
    edited = article.current_version > 1
    note = passage_note(claim)
    return _compact(
        {
            "@type": "CreativeWork",
            "url": article.source_url,
            "headline": article.title,
            # Once the article has several versions: the one checked, and what changed.
            "version": claim.checked_version if edited else None,
            "correction": note if note and claim.anchor_state != AnchorState.UNCHANGED else None,
            "author": {"@type": "Person", "name": article.author} if article.author else None,
            "publisher": (
                {"@type": "Organization", "name": article.publisher} if article.publisher else None
            ),
            "datePublished": _iso(article.published_at),
            "inLanguage": article.language,
        }
    )


def same_claim_appearance(link) -> dict:
    """A fact-check the claim is marked as the same claim as (``selectors.SameAs``, its
    ``url`` absolute), as one more place where the claim appeared."""
    return _compact(
        {
            "@type": "CreativeWork",
            "url": link.url,
            "headline": link.text,
            "publisher": (
                {"@type": "Organization", "name": link.organisation} if link.organisation else None
            ),
            "datePublished": _iso(link.date),
            "inLanguage": link.language,
        }
    )


def claim_review(claim: Claim, *, page_url: str, same_as=()) -> dict:
    """The claim's schema.org ClaimReview as JSON-LD (with its ``@context``). ``same_as``:
    what the claim is marked as the same claim as (``selectors.SameAs``, absolute URLs)."""
    verdict = published_verdict(claim)
    article = claim.article
    language = article.language
    appearance = _appearance(claim)
    if same_as:
        appearance = [appearance, *(same_claim_appearance(link) for link in same_as)]
    item_reviewed = _compact(
        {
            "@type": "Claim",
            "author": {"@type": "Person", "name": claim.claimant} if claim.claimant else None,
            "datePublished": _iso(article.published_at),
            "appearance": appearance,
        }
    )
    return _compact(
        {
            "@context": SCHEMA_CONTEXT,
            "@type": "ClaimReview",
            "url": page_url,
            "claimReviewed": claim.text,
            "itemReviewed": item_reviewed,
            "reviewRating": _review_rating(claim, verdict, language),
            "author": publisher(),
            "contributor": _person(verdict.author),
            "editor": _person(verdict.approved_by),
            "datePublished": _iso(claim.published_at),
            "dateModified": _iso(_modified(claim, verdict)),
            "inLanguage": language,
        }
    )


def claim_review_feed(
    reviews: list[dict], *, page_url: str, total: int, start_index: int = 0
) -> dict:
    """A page of ClaimReviews as a schema.org ItemList (positions count from 1 across
    pages; the next and previous pages are given as HTTP Link headers by the view)."""
    elements = []
    for offset, review in enumerate(reviews):
        item = {k: v for k, v in review.items() if k != "@context"}
        elements.append({"@type": "ListItem", "position": start_index + offset + 1, "item": item})
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "ItemList",
        "url": page_url,
        "numberOfItems": total,
        "itemListOrder": "https://schema.org/ItemListOrderDescending",
        "itemListElement": elements,
    }


# --- W3C Web Annotation ------------------------------------------------------------------


def _creator() -> dict:
    return {
        "id": settings.PUBLISHER_URL,
        "type": "Organization",
        "name": settings.PUBLISHER_NAME,
        "homepage": settings.PUBLISHER_URL,
    }


def _bodies(claim: Claim, verdict: Verdict, language: str) -> list[dict]:
    described = {
        "type": "TextualBody",
        "purpose": "describing",
        "value": claim.text,
        "format": "text/plain",
        "language": language,
    }
    if _is_retracted(claim):
        assessment = {
            "type": "TextualBody",
            "purpose": "assessing",
            "value": claim.retraction_note,
            "format": "text/plain",
            "language": language,
        }
        rating = ClaimStatus.RETRACTED.label
    else:
        assessment = {
            "type": "TextualBody",
            "purpose": "assessing",
            "value": verdict.rationale,
            "format": "text/markdown",
            "language": language,
        }
        rating = Verdict.Rating(verdict.rating).label
    classified = {
        "type": "TextualBody",
        "purpose": "classifying",
        "value": _label(rating, language),
        "format": "text/plain",
        "language": language,
    }
    return [assessment, classified, described]


def _target(claim: Claim, article_url: str, version_url: str | None) -> dict:
    """The article as it was in the version the verdict checked, and the passage in it."""
    selectors = anchoring.web_annotation_selectors(
        start=claim.checked_start,
        end=claim.checked_end,
        quote=claim.checked_quote,
        prefix=claim.checked_prefix,
        suffix=claim.checked_suffix,
    )
    state = _compact(
        {
            "type": "TimeState",
            "sourceDate": _iso(getattr(claim, "checked_version_at", None)),
            "cached": version_url,
        }
    )
    target = {"source": article_url, "selector": selectors}
    if len(state) > 1:
        target["state"] = state
    return target


def web_annotation(
    claim: Claim,
    *,
    article_url: str,
    annotation_url: str,
    page_url: str,
    version_url: str | None = None,
) -> dict:
    """The claim as a W3C Web Annotation (motivation "assessing"), with its ``@context``.

    The target's selectors count Unicode code points in the normalized text of the
    version the verdict checked (``version_url`` serves it), as the Web Annotation model
    asks of TextPositionSelector. ``claim`` carries ``checked_version_at``
    (``selectors.public_claims``).
    """
    verdict = published_verdict(claim)
    language = claim.article.language
    note = passage_note(claim)
    commenting = (
        {
            "type": "TextualBody",
            "purpose": "commenting",
            "value": note,
            "format": "text/plain",
            "language": language,
        }
        if note
        else None
    )
    return _compact(
        {
            "@context": ANNO_CONTEXT,
            "id": annotation_url,
            "type": "Annotation",
            "motivation": "assessing",
            "created": _iso(claim.published_at),
            "modified": _iso(_modified(claim, verdict)),
            "creator": _creator(),
            "body": [
                *_bodies(claim, verdict, language),
                *([commenting] if commenting else []),
                # The fact-check's public page, for people.
                {"type": "SpecificResource", "source": page_url, "purpose": "linking"},
            ],
            "target": _target(claim, article_url, version_url),
        }
    )


def _page_url(collection_url: str, page: int) -> str:
    return f"{collection_url}?page={page}"


def _last_page(total: int, page_size: int) -> int:
    return max(1, -(-total // page_size))


def annotation_page(
    items: list[dict], *, collection_url: str, page: int, total: int, page_size: int = PAGE_SIZE
) -> dict:
    """Page ``page`` (from 1) of the collection, as an AnnotationPage with ``partOf``."""
    last = _last_page(total, page_size)
    return _compact(
        {
            "@context": ANNO_CONTEXT,
            "id": _page_url(collection_url, page),
            "type": "AnnotationPage",
            "partOf": {"id": collection_url, "type": "AnnotationCollection", "total": total},
            "startIndex": (page - 1) * page_size,
            "prev": _page_url(collection_url, page - 1) if page > 1 else None,
            "next": _page_url(collection_url, page + 1) if page < last else None,
            "items": [{k: v for k, v in item.items() if k != "@context"} for item in items],
        }
    )


def annotation_collection(
    first_page_items: list[dict], *, collection_url: str, total: int, page_size: int = PAGE_SIZE
) -> dict:
    """The AnnotationCollection, with its first page embedded (Web Annotation Protocol)."""
    first = annotation_page(
        first_page_items, collection_url=collection_url, page=1, total=total, page_size=page_size
    )
    first = {k: v for k, v in first.items() if k not in ("@context", "partOf")}
    first.setdefault("items", [])
    return {
        "@context": ANNO_CONTEXT,
        "id": collection_url,
        "type": "AnnotationCollection",
        "label": f"{settings.PUBLISHER_NAME}: published fact-checks",
        "total": total,
        "first": first,
        "last": _page_url(collection_url, _last_page(total, page_size)),
    }
