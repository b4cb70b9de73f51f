"""Public claims as plain dicts built from ``.values()`` rows, and the shape of a rating.

What the claim list and the claim detail send. The serializers of ``serializers/read.py``
describe the same documents for the OpenAPI schema and remain the reference:
``tests/api/test_representations.py`` checks that both give the same JSON for every
kind of public claim. They are not used to build the documents because, for a page of
20 claims, DRF's per-field machinery (deep copies of the fields, ``to_representation``
on each) and model instances cost several times what the database takes to answer
(measured by ``make bench``, see bench/results/).

A rating is ``{"code", "value", "label": {"fr", "en"}}`` (:func:`rating_dict`) wherever
the API sends one; the exports write its labels (:func:`rating_labels`).
"""

from __future__ import annotations

import datetime
from functools import lru_cache, partial

from django.urls import get_script_prefix, reverse
from django.utils import timezone, translation

from annotations import anchoring
from annotations.markdown import render_markdown
from annotations.models import Verdict, public_name

LABEL_LANGUAGES = ("fr", "en")

# Columns of a claim in a list (``article__*`` through the join; ``current_rating``,
# ``last_change``, ``checked_version_at`` and ``current_version`` are annotations of
# ``selectors.public_claim_rows``).
ANCHOR_FIELDS = (
    "anchor_state",
    "checked_version",
    "checked_version_at",
    "checked_quote",
    "current_version",
    "start",
    "end",
    "quote",
    "proposed_start",
    "proposed_end",
    "proposed_quote",
)
LIST_FIELDS = (
    "id",
    "text",
    "claimant",
    *ANCHOR_FIELDS,
    "status",
    "current_rating",
    "published_at",
    "last_change",
    "retracted_at",
    "article_id",
    "article__title",
    "article__publisher",
    "article__language",
    "article__published_at",
    "article__source_url",
    "has_same_as",  # whether to read its marks (``selectors.same_claim_links``)
)
DETAIL_FIELDS = (
    *(f for f in LIST_FIELDS if f != "current_rating"),
    "checked_start",
    "checked_end",
    "checked_prefix",
    "checked_suffix",
    "retraction_note",
)
# Who checked (wrote the verdict) and who approved it, by the name they sign with
# (``models.public_name``): joined to the verdicts' query.
SIGNATURE_FIELDS = (
    "author__profile__display_name",
    "author__profile__sign_as_team",
    "approved_by__profile__display_name",
    "approved_by__profile__sign_as_team",
)
VERDICT_FIELDS = (
    "version",
    "rating",
    "correction_note",
    "published_at",
    "rationale",
    *SIGNATURE_FIELDS,
)
EVIDENCE_FIELDS = ("url", "title", "publisher", "published_on", "quote", "stance")


@lru_cache(maxsize=64)
def rating_labels(rating: str) -> dict[str, str]:
    """The rating's label in each of ``LABEL_LANGUAGES``: ``{"fr": …, "en": …}``."""
    label = Verdict.Rating(rating).label
    labels = {}
    for language in LABEL_LANGUAGES:
        with translation.override(language):
            labels[language] = str(label)
    return labels


def rating_dict(rating: str | None) -> dict | None:
    """``{"code", "value", "label": {"fr", "en"}}``; ``value`` (schema.org ratingValue,
    worst 1, best 5) is null for ratings outside the scale (misleading, unverifiable)."""
    if not rating:
        return None
    return {
        "code": rating,
        "value": Verdict.RATING_VALUES.get(rating),
        "label": rating_labels(rating),
    }


def iso(value: datetime.datetime | None, zone=None) -> str | None:
    """As DRF's DateTimeField writes it: ISO 8601 in the current time zone, ``Z`` for UTC.
    ``zone``: the current time zone, when the caller has already looked it up (a page of
    rows: looking it up costs more than the conversion)."""
    if value is None:
        return None
    text = value.astimezone(zone or timezone.get_current_timezone()).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


# Africa/Monrovia's offset had seconds (−0:44:30) until 1972; no zone's has had since.
# orjson writes an offset to the minute, Python (and so DRF) with its seconds.
_OFFSETS_IN_MINUTES_FROM = 1973


def moment(value: datetime.datetime | None, zone) -> datetime.datetime | str | None:
    """``iso(value, zone)`` left for the renderer to write: the aware datetime in
    ``zone``, which the API's JSON renderer (orjson, with ``OPT_UTC_Z``) and the browsable
    API's encoder write as DRF's DateTimeField does. For a page of the list: writing a
    hundred dates in Python was a tenth of its time, and orjson writes them in a quarter
    of it. An older date whose zone's offset may have had seconds is written by ``iso``."""
    if value is None:
        return None
    local = value.astimezone(zone)
    return local if local.year >= _OFFSETS_IN_MINUTES_FROM else iso(value, zone)


@lru_cache(maxsize=8)
def _list_paths(script_prefix: str) -> tuple[str, str]:
    """The paths of the claims and articles lists under ``script_prefix`` (``reverse``
    reads the same prefix): reversing them was a tenth of a claims list's time."""
    return reverse("api:claim-list"), reverse("api:article-list")


# An id in no URL of the site, to find where a claim's id goes in its public page's path.
_PATH_MARKER = 987_654_321


@lru_cache(maxsize=8)
def _public_page_parts(script_prefix: str) -> tuple[str, str]:
    """A claim's public page path under ``script_prefix``, around its id."""
    before, after = reverse("annotations:public_claim_detail", args=[_PATH_MARKER]).split(
        str(_PATH_MARKER)
    )
    return before, after


def public_page_path(pk: int) -> str:
    """``reverse("annotations:public_claim_detail", args=[pk])``, reversed once per script
    prefix (claim matching writes one per fact-check found)."""
    before, after = _public_page_parts(get_script_prefix())
    return f"{before}{int(pk)}{after}"


class Urls:
    """The API's absolute URLs for one request, reversed once rather than per item."""

    def __init__(self, request):
        def absolute(path: str) -> str:
            return request.build_absolute_uri(path) if request is not None else path

        claims, articles = _list_paths(get_script_prefix())
        self.claims = absolute(claims)  # .../api/v1/claims/
        self.articles = absolute(articles)
        self.api = self.claims.removesuffix("claims/")
        self._absolute = absolute
        self.absolute = absolute

    def claim(self, pk: int) -> str:
        return f"{self.claims}{pk}/"

    def article(self, pk: int) -> str:
        return f"{self.articles}{pk}/"

    def public_page(self, pk: int) -> str:
        return self._absolute(public_page_path(pk))


def _article(row: dict, urls: Urls, date=iso) -> dict:
    """``date``: how a date is written (``iso``, or ``moment`` with the zone)."""
    return {
        "id": row["article_id"],
        "title": row["article__title"],
        "publisher": row["article__publisher"],
        "language": row["article__language"],
        "published_at": date(row["article__published_at"]),
        "source_url": row["article__source_url"],
        "url": urls.article(row["article_id"]),
    }


def anchor(row: dict, date=iso) -> dict:
    """The claim's ``anchor``: the version its verdict checked and how its passage stands
    in the current one (``anchoring.public_anchor``), from a row of ``ANCHOR_FIELDS``."""
    return anchoring.public_anchor(
        state=row["anchor_state"],
        checked_version=row["checked_version"],
        checked_quote=row["checked_quote"],
        current_version=row["current_version"],
        start=row["start"],
        end=row["end"],
        quote=row["quote"],
        proposed_start=row["proposed_start"],
        proposed_end=row["proposed_end"],
        proposed_quote=row["proposed_quote"],
        checked_at=date(row["checked_version_at"]),
    )


def claim_list_items(rows, *, request, same_as=None) -> list[dict]:
    """The claims of a page of the list (``ClaimListSerializer``'s shape). ``same_as``:
    what each is marked as the same claim as, by id (``selectors.same_claim_links``)."""
    urls, zone = Urls(request), timezone.get_current_timezone()
    date = partial(moment, zone=zone)
    same_as = same_as or {}
    return [
        {
            "id": row["id"],
            "text": row["text"],
            "claimant": row["claimant"],
            "quote": row["checked_quote"],
            "status": row["status"],
            "rating": rating_dict(row["current_rating"]),
            "published_at": date(row["published_at"]),
            "updated_at": date(row["last_change"]),
            "retracted_at": date(row["retracted_at"]),
            "url": urls.claim(row["id"]),
            "anchor": anchor(row, date),
            "article": _article(row, urls, date),
            "same_as": [same_as_item(link, urls) for link in same_as.get(row["id"], ())],
        }
        for row in rows
    ]


def same_as_item(link, urls: Urls) -> dict:
    """A fact-check the claim is marked as the same claim as (``selectors.SameAs``), as
    ``SameAsSerializer`` describes it."""
    ours = not link.external
    return {
        "kind": link.kind,
        "id": link.id,
        "text": link.text,
        "rating": link.rating,
        "date": link.date.isoformat() if link.date else None,
        "organisation": link.organisation,
        "url": urls.absolute(link.url),
        "api_url": urls.claim(link.id) if ours else None,
        "language": link.language,
    }


def signatures(verdict: dict | None) -> dict[str, str | None]:
    """``checked_by`` and ``approved_by``: the public names of a verdict row's author and
    approver (the team's name for whoever chose it or set no display name)."""
    if verdict is None:
        return {"checked_by": None, "approved_by": None}
    return {
        "checked_by": public_name(
            verdict["author__profile__display_name"], verdict["author__profile__sign_as_team"]
        ),
        "approved_by": public_name(
            verdict["approved_by__profile__display_name"],
            verdict["approved_by__profile__sign_as_team"],
        ),
    }


def claim_detail(
    row: dict, verdicts: list[dict], evidence: list[dict], same_as=(), *, request
) -> dict:
    """One public claim (``ClaimDetailSerializer``'s shape). ``verdicts``: its published
    versions, newest first; ``same_as``: what it is marked as the same claim as
    (``selectors.same_claim_links``)."""
    urls = Urls(request)
    pk = row["id"]
    current = verdicts[0] if verdicts else None
    return {
        "id": pk,
        "text": row["text"],
        "claimant": row["claimant"],
        "quote": row["checked_quote"],
        "status": row["status"],
        "rating": rating_dict(current["rating"] if current else None),
        "published_at": iso(row["published_at"]),
        "updated_at": iso(row["last_change"]),
        "retracted_at": iso(row["retracted_at"]),
        "url": urls.claim(pk),
        "anchor": anchor(row),
        "article": _article(row, urls),
        # In the version the verdict checked (``anchor.checked_revision``).
        "selectors": anchoring.span_selectors(
            start=row["checked_start"],
            end=row["checked_end"],
            quote=row["checked_quote"],
            prefix=row["checked_prefix"],
            suffix=row["checked_suffix"],
        ),
        "version": current["version"] if current else None,
        **signatures(current),
        "rationale": (
            {"markdown": current["rationale"], "html": render_markdown(current["rationale"])}
            if current
            else None
        ),
        "evidence": [
            {
                **item,
                "published_on": item["published_on"].isoformat() if item["published_on"] else None,
            }
            for item in evidence
        ],
        "retraction_note": row["retraction_note"],
        "corrections": [
            {
                "version": v["version"],
                "rating": rating_dict(v["rating"]),
                "correction_note": v["correction_note"],
                "published_at": iso(v["published_at"]),
                "rationale": v["rationale"],
                **signatures(v),
            }
            for v in verdicts
        ],
        "same_as": [same_as_item(link, urls) for link in same_as],
        "public_url": urls.public_page(pk),
        "claimreview_url": f"{urls.api}claims/{pk}/claimreview",
        "annotation_url": f"{urls.api}annotations/{pk}",
    }
