"""New versions of an article's text: the version, its sentences, every claim re-anchored.

An article is edited after publication; its new text is imported as version n + 1 and
becomes the article's body. Each claim follows its passage (``anchoring.reanchor``)
and gets a state: *unchanged* (its span moves to the new text), *changed* (its span
stays in its version; a span in the new text is proposed, for a person to confirm with
:func:`claim_confirm_span`) or *removed*. A claim's span is only ever overwritten when
unchanged or confirmed: never silently moved to text that says something else.

Everything in one transaction, in a number of queries that does not grow with the
number of claims (the claims, and their history, are written by one statement each:
``services.bulk``). Only the paragraphs the edit changed are cut into sentences again.
A published claim whose passage changes bumps its version (its ETag), the public
revision, and sends the ``passage_changed`` webhook after the commit.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from types import SimpleNamespace

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from annotations import anchoring, permissions
from annotations.importing import ParsedArticle, content_hash
from annotations.models import (
    DETACHED_ANCHOR_STATES,
    PUBLIC_STATUSES,
    AnchorState,
    Article,
    ArticleVersion,
    Claim,
    ClaimEvent,
    Sentence,
)
from annotations.services.articles import (
    insert_sentences,
    segmented_paragraphs,
    sentence_spans,
    store_version,
)
from annotations.services.bulk import insert_rows, update_rows
from annotations.services.claims import check_span
from annotations.services.common import (
    Action,
    StaleEdit,
    TransitionError,
    bump_version,
    record_event,
)
from annotations.services.public import public_changed
from annotations.signals import passage_changed

# A new version must keep at least this share of the current text (the characters the
# diff finds unchanged, over the longer text): a version of the same article, however
# edited, keeps most of it (a corrected figure keeps 99 %, a rewritten half 50 %);
# another article keeps the spaces and the common words, under 10 %. Below it the text is
# taken for another article imported by mistake, unless the importer insists (``force``).
SAME_ARTICLE_MIN = 0.2

# The metadata a new version may fill in or change (an empty value keeps the article's).
METADATA = ("publisher", "author", "source_url")

# What a re-anchoring writes on each claim.
REANCHORED_FIELDS = [
    "start",
    "end",
    "quote",
    "prefix",
    "suffix",
    "anchored_version",
    "anchor_state",
    "proposed_start",
    "proposed_end",
    "proposed_quote",
    "passage_changed_at",
    "version",
    "updated_at",
]

# What a re-anchoring reads of each claim: what it writes (but the date, set anew), and
# what says where its passage stands for the public (``current_passage``).
READ_FIELDS = [
    "id",
    "status",
    "checked_quote",
    *(name for name in REANCHORED_FIELDS if name != "updated_at"),
]


class VersionRefused(Exception):
    """The text cannot become a new version of this article; nothing was written.

    ``code``: ``other_article`` (it is the text of ``other``, another article),
    ``unrelated`` (it keeps only ``kept`` of the current text: another article, most
    likely; ``force`` imports it all the same).
    """

    def __init__(self, code: str, message: str, *, kept: float = 1.0, other: int | None = None):
        super().__init__(message)
        self.code = code
        self.kept = kept
        self.other = other


@dataclass(frozen=True)
class VersionResult:
    article: Article
    version: ArticleVersion | None  # None when the text was already the current one
    created: bool
    kept: float = 1.0
    sentence_count: int = 0
    states: Counter = field(default_factory=Counter)  # claims by anchor state
    notes: tuple[str, ...] = ()


def unrelated_message(kept: float) -> str:
    return _(
        "This text keeps only %(kept)d %% of the current version: it looks like another "
        "article. Nothing was imported."
    ) % {"kept": round(kept * 100)}


# --- The public passage of a claim ------------------------------------------------------

CHECKED_FIELDS = [
    "checked_version",
    "checked_start",
    "checked_end",
    "checked_quote",
    "checked_prefix",
    "checked_suffix",
]


def record_checked_span(claim: Claim) -> list[str]:
    """A verdict of the claim is published: it checked the claim's passage as it stands
    now, in its version. Sets the fields (the caller saves them) and returns their names."""
    claim.checked_version = claim.anchored_version
    claim.checked_start, claim.checked_end = claim.start, claim.end
    claim.checked_quote = claim.quote
    claim.checked_prefix, claim.checked_suffix = claim.prefix, claim.suffix
    return CHECKED_FIELDS


def current_passage(claim: Claim) -> tuple[str, str]:
    """``(state, text)`` of the claim's passage in the current version, as the public
    sees it: the state against what the verdict checked, and the text it reads now."""
    if claim.anchor_state == AnchorState.REMOVED:
        text = ""
    elif claim.anchor_state == AnchorState.CHANGED:
        text = claim.proposed_quote
    else:
        text = claim.quote
    state = anchoring.passage_state(claim.anchor_state, claim.checked_quote, text)
    return str(state), text


def _passage_moved(before: tuple[str, str], after: tuple[str, str]) -> bool:
    return before[0] != after[0] or not anchoring.same_passage(before[1], after[1])


def _announce(claim_ids: list[int]) -> None:
    """After the commit: the webhook of the published claims whose passage changed."""
    if claim_ids:
        transaction.on_commit(
            lambda: passage_changed.send(sender=Claim, claim_ids=tuple(claim_ids))
        )


# --- Re-anchoring every claim of an article -----------------------------------------------


def _anchor_values(claim: Claim) -> dict:
    """Where the claim stands, as its history records it."""
    values = {"version": claim.anchored_version, "state": claim.anchor_state}
    if claim.anchor_state == AnchorState.CHANGED:
        values["proposed"] = [claim.proposed_start, claim.proposed_end, claim.proposed_quote]
    return {**values, "start": claim.start, "end": claim.end, "quote": claim.quote}


def _follow(claim: Claim, body: str, start: int, end: int, number: int) -> None:
    """The claim's span becomes ``body[start:end]`` of version ``number``."""
    claim.start, claim.end, claim.quote = start, end, body[start:end]
    claim.prefix, claim.suffix = anchoring.context(body, start, end)
    claim.anchored_version = number
    claim.anchor_state = AnchorState.UNCHANGED
    claim.proposed_start = claim.proposed_end = None
    claim.proposed_quote = ""


def _reanchor_claims(
    *, article: Article, old_body: str, offsets, number: int, actor, now
) -> tuple[Counter, list[int]]:
    """Re-anchor every claim of ``article`` (its rows locked) in its new body, version
    ``number``; the states' counts and the public claims whose passage changed."""
    # The fields it needs, as plain objects with the model's attribute names: building
    # 1,000 model instances took longer than the re-anchoring of their spans.
    claims = [
        SimpleNamespace(**dict(zip(READ_FIELDS, row, strict=True)))
        for row in Claim.objects.select_for_update()
        .filter(article=article)
        .order_by("id")
        .values_list(*READ_FIELDS)
    ]
    if not claims:
        return Counter(), []
    new_body = article.body
    bodies = {number - 1: old_body}
    older = {c.anchored_version for c in claims} - set(bodies)
    if older:
        bodies.update(
            ArticleVersion.objects.filter(article=article, number__in=older).values_list(
                "number", "body"
            )
        )
    by_version: dict[int, list[Claim]] = {}
    for claim in claims:
        by_version.setdefault(claim.anchored_version, []).append(claim)
    states: Counter = Counter()
    announced, events = [], []
    for version, group in by_version.items():
        results = anchoring.reanchor(
            bodies[version],
            new_body,
            [anchoring.Span(c.start, c.end, c.quote, c.prefix, c.suffix) for c in group],
            offsets=offsets if version == number - 1 else None,
        )
        for claim, result in zip(group, results, strict=True):
            before = _anchor_values(claim)
            public = claim.status in PUBLIC_STATUSES
            passage_before = current_passage(claim) if public else None
            if result.state == anchoring.AnchorState.UNCHANGED:
                _follow(claim, new_body, result.start, result.end, number)
            elif result.state == anchoring.AnchorState.CHANGED:
                claim.anchor_state = AnchorState.CHANGED
                claim.proposed_start, claim.proposed_end = result.start, result.end
                claim.proposed_quote = new_body[result.start : result.end]
            else:
                claim.anchor_state = AnchorState.REMOVED
                claim.proposed_start = claim.proposed_end = None
                claim.proposed_quote = ""
            if public and _passage_moved(passage_before, current_passage(claim)):
                claim.passage_changed_at = now
                announced.append(claim.id)
            claim.version += 1
            claim.updated_at = now
            states[claim.anchor_state] += 1
            events.append(
                {
                    "claim_id": claim.id,
                    "actor_id": actor.pk if actor is not None else None,
                    "action": Action.REANCHORED,
                    "from_status": "",
                    "to_status": "",
                    "before": before,
                    "after": {**_anchor_values(claim), "similarity": round(result.similarity, 3)},
                    "comment": "",
                    "created_at": now,
                }
            )
    update_rows(Claim, claims, REANCHORED_FIELDS)
    insert_rows(ClaimEvent, events)
    return states, announced


def _refuse_another_article(locked: Article, digest: str) -> None:
    other = (
        Article.objects.filter(content_hash=digest)
        .exclude(pk=locked.pk)
        .values_list("pk", flat=True)
        .first()
    )
    if other is not None:
        raise VersionRefused(
            "other_article",
            _("This text is already article %(other)d, not a version of this one.")
            % {"other": other},
            other=other,
        )


def article_new_version(
    *,
    article: Article,
    parsed: ParsedArticle,
    import_format: str,
    imported_by,
    force: bool = False,
) -> VersionResult:
    """Import ``parsed`` as the next version of ``article`` and re-anchor its claims.

    The same text as the current version changes nothing (``created=False``). Refused
    (:class:`VersionRefused`, nothing written): the text of another article, or a text
    that keeps less than ``SAME_ARTICLE_MIN`` of the current one unless ``force``.
    """
    if imported_by is None or not permissions.can_import_articles(imported_by):
        raise PermissionDenied(_("Only reviewers and moderators can import a new version."))
    digest = content_hash(parsed.title, parsed.body)
    with transaction.atomic():
        locked = Article.objects.select_for_update(no_key=True).get(pk=article.pk)
        if locked.content_hash == digest:
            return VersionResult(article=locked, version=None, created=False, notes=parsed.notes)
        _refuse_another_article(locked, digest)
        old_body = locked.body
        offsets = anchoring.OffsetMap(old_body, parsed.body)
        kept = offsets.kept()
        if kept < SAME_ARTICLE_MIN and not force:
            raise VersionRefused("unrelated", unrelated_message(kept), kept=kept)
        # A new version of an article is in the article's language; its paragraphs that
        # the current version has word for word keep their sentences (not segmented again).
        current_spans = (
            ArticleVersion.objects.filter(article=locked, number=locked.current_version)
            .values_list("sentence_spans", flat=True)
            .first()
        )
        spans = sentence_spans(
            replace(parsed, language=locked.language),
            known=segmented_paragraphs(old_body, current_spans or ()),
        )
        now = timezone.now()
        locked.current_version += 1
        locked.title, locked.body, locked.content_hash = parsed.title, parsed.body, digest
        locked.import_format = import_format
        for name in METADATA:
            if getattr(parsed, name):
                setattr(locked, name, getattr(parsed, name))
        if locked.published_at is None:
            locked.published_at = parsed.published_at
        locked.save(
            update_fields=[
                "current_version",
                "title",
                "body",
                "content_hash",
                "import_format",
                "published_at",
                *METADATA,
            ]
        )
        version = store_version(
            article=locked, spans=spans, notes=parsed.notes, imported_by=imported_by
        )
        Sentence.objects.filter(article=locked).delete()
        insert_sentences(locked, spans)  # as an import writes them
        states, announced = _reanchor_claims(
            article=locked,
            old_body=old_body,
            offsets=offsets,
            number=locked.current_version,
            actor=imported_by,
            now=now,
        )
        if Claim.objects.filter(article=locked, status__in=PUBLIC_STATUSES).exists():
            public_changed()  # every public claim of the article now names a new version
        _announce(announced)
    return VersionResult(
        article=locked,
        version=version,
        created=True,
        kept=kept,
        sentence_count=len(spans),
        states=states,
        notes=parsed.notes,
    )


# --- A person confirms a claim's passage ------------------------------------------------------


def claim_confirm_span(
    *, claim: Claim, user, start: int, end: int, quote: str, expected_version: int | None
) -> Claim:
    """Anchor a changed or removed claim in the current version: the proposed span, or
    another that ``user`` selected (``quote``, as for a new claim). A reviewer may do it
    for an unpublished claim, a moderator for a public one."""
    if not permissions.can_annotate(user):
        raise PermissionDenied(_("Only reviewers and moderators can confirm a passage."))
    with transaction.atomic():
        locked = (
            Claim.objects.select_for_update(of=("self",)).select_related("article").get(pk=claim.pk)
        )
        if not permissions.can_confirm_passage(user, locked):
            raise PermissionDenied(
                _("Only a moderator can move the passage of a published fact-check.")
            )
        if expected_version is not None and locked.version != expected_version:
            raise StaleEdit(locked, expected_version)
        if locked.anchor_state not in DETACHED_ANCHOR_STATES:
            raise TransitionError(
                _("This claim already follows the current version of the article.")
            )
        article = locked.article
        start, end = check_span(article, start, end, quote)
        public = locked.status in PUBLIC_STATUSES
        passage_before = current_passage(locked) if public else None
        before = _anchor_values(locked)
        _follow(locked, article.body, start, end, article.current_version)
        announced = []
        if public and _passage_moved(passage_before, current_passage(locked)):
            locked.passage_changed_at = timezone.now()
            announced.append(locked.pk)
        locked.save(update_fields=REANCHORED_FIELDS[:-2])  # version and date: bump_version
        record_event(
            locked, user, Action.SPAN_CONFIRMED, before=before, after=_anchor_values(locked)
        )
        bump_version(locked)
        if public:
            public_changed()
        _announce(announced)
    return locked
