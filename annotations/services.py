"""Every write to the domain goes through one of these functions.

Each takes keyword-only arguments, runs in one transaction (all or nothing)
and returns what it wrote. Views, the API and management commands call them;
they never write models directly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from annotations import permissions
from annotations.importing import ParsedArticle, content_hash
from annotations.models import Article, Claim, Evidence, Sentence, Tag, Verdict
from annotations.segmentation import split_sentences


@dataclass(frozen=True)
class ImportResult:
    article: Article
    created: bool
    notes: tuple[str, ...] = ()


def _sentences_for(parsed: ParsedArticle) -> list[tuple[int, int, int]]:
    """(start, end, paragraph) of every sentence; a sentence never crosses a paragraph."""
    sentences = []
    for paragraph, (p_start, p_end) in enumerate(parsed.paragraph_spans):
        for start, end in split_sentences(parsed.body[p_start:p_end], parsed.language):
            sentences.append((p_start + start, p_start + end, paragraph))
    return sentences


def _tags_for(names) -> list[Tag]:
    tags = []
    for name in dict.fromkeys(n.strip() for n in names if n.strip()):
        tag = Tag.objects.filter(name__iexact=name).first()
        if tag is None:
            tag = Tag.objects.create(name=name)
        tags.append(tag)
    return tags


def article_import(*, parsed: ParsedArticle, import_format: str, imported_by=None) -> ImportResult:
    """Store a parsed article and its sentences, or find the identical one already stored.

    Importing the same title and body again (whatever the metadata) is a no-op
    that returns the existing article with ``created=False``.
    """
    digest = content_hash(parsed.title, parsed.body)
    existing = Article.objects.filter(content_hash=digest).first()
    if existing is not None:
        return ImportResult(article=existing, created=False, notes=parsed.notes)
    try:
        with transaction.atomic():
            article = Article.objects.create(
                title=parsed.title,
                body=parsed.body,
                language=parsed.language,
                publisher=parsed.publisher,
                author=parsed.author,
                source_url=parsed.source_url,
                published_at=parsed.published_at,
                content_hash=digest,
                import_format=import_format,
                imported_by=imported_by,
            )
            Sentence.objects.bulk_create(
                Sentence(
                    article=article,
                    position=position,
                    start=start,
                    end=end,
                    paragraph=paragraph,
                    is_headline=paragraph == 0,
                )
                for position, (start, end, paragraph) in enumerate(_sentences_for(parsed))
            )
            article.tags.set(_tags_for(parsed.tags))
    except IntegrityError:
        # Two imports of the same text at once: the other one won; ours left nothing.
        existing = Article.objects.filter(content_hash=digest).first()
        if existing is None:
            raise
        return ImportResult(article=existing, created=False, notes=parsed.notes)
    return ImportResult(article=article, created=True, notes=parsed.notes)


# --- Claims, evidence, verdicts ---------------------------------------------------------


class StaleEdit(Exception):
    """The claim changed since the editor loaded it (its version moved on)."""

    def __init__(self, claim: Claim, expected_version: int):
        super().__init__(f"claim {claim.pk} is at version {claim.version}, not {expected_version}")
        self.claim = claim
        self.expected_version = expected_version


class IncompleteClaim(Exception):
    """Submitting for review needs evidence, a rating and a rationale."""

    def __init__(self, missing: list[str]):
        super().__init__("; ".join(missing))
        self.missing = missing


class TransitionError(Exception):
    """The claim is not in a state that allows this action any more."""


_WS = re.compile(r"\s+")


def _same_text(a: str, b: str) -> bool:
    """Equal but for white space: a browser's selection renders paragraph breaks and
    the gaps between sentences in its own way (or not at all); every other character
    must match."""
    return _WS.sub("", a) == _WS.sub("", b)


def _required_text(errors: dict, name: str, value: str, max_length: int, *, required=True) -> str:
    value = (value or "").strip()
    if required and not value:
        errors.setdefault(name, []).append(_("This field is required."))
    elif len(value) > max_length:
        errors.setdefault(name, []).append(
            _("At most %(limit)d characters (it has %(count)d).")
            % {"limit": max_length, "count": len(value)}
        )
    return value


def check_span(article: Article, start: int, end: int, quote: str) -> tuple[int, int]:
    """The selection, trimmed of surrounding white space, checked against the quote."""
    body = article.body
    offsets_are_ints = type(start) is int and type(end) is int  # not bool, not str
    if not offsets_are_ints or not 0 <= start < end <= len(body):
        raise ValidationError(
            {"quote": _("The selection falls outside the article; select the text again.")}
        )
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    if start == end:
        raise ValidationError({"quote": _("The selection is empty; select some text.")})
    if not _same_text(body[start:end], quote or ""):
        raise ValidationError(
            {
                "quote": _(
                    "The selected text does not match the article at that place "
                    "(the page may be out of date); reload it and select the text again."
                )
            }
        )
    return start, end


def claim_create(
    *, article: Article, author, start: int, end: int, quote: str, text: str, claimant: str = ""
) -> Claim:
    """A new draft claim over ``article.body[start:end]``, which must read as ``quote``."""
    if not permissions.can_annotate(author):
        raise PermissionDenied(_("Only reviewers and moderators can create claims."))
    start, end = check_span(article, start, end, quote)
    errors: dict[str, list[str]] = {}
    text = _required_text(errors, "text", text, Claim.TEXT_MAX_LENGTH)
    claimant = _required_text(
        errors, "claimant", claimant, Claim.CLAIMANT_MAX_LENGTH, required=False
    )
    if errors:
        raise ValidationError(errors)
    body, context = article.body, Claim.CONTEXT_LENGTH
    return Claim.objects.create(
        article=article,
        start=start,
        end=end,
        quote=body[start:end],
        prefix=body[max(0, start - context) : start],
        suffix=body[end : end + context],
        text=text,
        claimant=claimant,
        author=author,
    )


def _lock_for_edit(claim: Claim, user, expected_version: int | None) -> Claim:
    """Lock the claim row (inside a transaction) and check the user may still edit it."""
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    if not permissions.can_edit_claim(user, locked):
        if locked.status != Claim.Status.DRAFT:
            raise TransitionError(_("This claim is no longer a draft; it cannot be edited."))
        raise PermissionDenied(_("Only the claim's author can edit it while it is a draft."))
    if expected_version is not None and locked.version != expected_version:
        raise StaleEdit(locked, expected_version)
    return locked


def _bump(claim: Claim) -> Claim:
    claim.version += 1
    claim.updated_at = timezone.now()
    claim.save(update_fields=["version", "updated_at"])
    return claim


def claim_update(
    *, claim: Claim, user, expected_version: int, text: str, claimant: str = ""
) -> Claim:
    errors: dict[str, list[str]] = {}
    text = _required_text(errors, "text", text, Claim.TEXT_MAX_LENGTH)
    claimant = _required_text(
        errors, "claimant", claimant, Claim.CLAIMANT_MAX_LENGTH, required=False
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _lock_for_edit(claim, user, expected_version)
        locked.text, locked.claimant = text, claimant
        locked.save(update_fields=["text", "claimant"])
        return _bump(locked)


@dataclass
class EvidenceInput:
    url: str
    title: str
    stance: str
    publisher: str = ""
    published_on: date | None = None
    quote: str = ""

    def cleaned(self) -> dict:
        errors: dict[str, list[str]] = {}
        url = (self.url or "").strip()
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            errors["url"] = [
                _("Enter a web address starting with http:// or https://, with a host.")
            ]
        else:
            scheme, rest = url.split(":", 1)
            url = f"{scheme.lower()}:{rest}"
            if len(url) > Evidence.URL_MAX_LENGTH:
                errors["url"] = [_("At most %(limit)d characters.") % {"limit": 2000}]
        title = _required_text(errors, "title", self.title, Evidence.TITLE_MAX_LENGTH)
        publisher = _required_text(
            errors, "publisher", self.publisher, Evidence.PUBLISHER_MAX_LENGTH, required=False
        )
        quote = _required_text(
            errors, "quote", self.quote, Evidence.QUOTE_MAX_LENGTH, required=False
        )
        if self.stance not in Evidence.Stance.values:
            errors["stance"] = [_("Choose whether the source supports, refutes or gives context.")]
        if errors:
            raise ValidationError(errors)
        return {
            "url": url,
            "title": title,
            "publisher": publisher,
            "published_on": self.published_on,
            "quote": quote,
            "stance": self.stance,
        }


def evidence_add(
    *, claim: Claim, user, data: EvidenceInput, expected_version: int | None = None
) -> Evidence:
    values = data.cleaned()
    with transaction.atomic():
        locked = _lock_for_edit(claim, user, expected_version)
        evidence = Evidence.objects.create(claim=locked, added_by=user, **values)
        _bump(locked)
    return evidence


def evidence_update(
    *, evidence: Evidence, user, data: EvidenceInput, expected_version: int
) -> Evidence:
    values = data.cleaned()
    with transaction.atomic():
        locked = _lock_for_edit(evidence.claim, user, expected_version)
        evidence = Evidence.objects.select_for_update().get(pk=evidence.pk, claim=locked)
        for name, value in values.items():
            setattr(evidence, name, value)
        evidence.save()
        _bump(locked)
    return evidence


def evidence_remove(*, evidence: Evidence, user, expected_version: int) -> Claim:
    with transaction.atomic():
        locked = _lock_for_edit(evidence.claim, user, expected_version)
        deleted = Evidence.objects.filter(pk=evidence.pk, claim=locked).delete()[0]
        if not deleted:
            # Already removed, or not this claim's: nothing changed, so no new version.
            raise Evidence.DoesNotExist(f"evidence {evidence.pk} is not on claim {locked.pk}")
        return _bump(locked)


def verdict_set(
    *, claim: Claim, user, expected_version: int, rating: str, rationale: str
) -> Verdict:
    """Create or replace the draft's verdict (rating and Markdown rationale)."""
    errors: dict[str, list[str]] = {}
    if rating not in Verdict.Rating.values:
        errors["rating"] = [_("Choose a rating.")]
    rationale = _required_text(errors, "rationale", rationale, Verdict.RATIONALE_MAX_LENGTH)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _lock_for_edit(claim, user, expected_version)
        verdict = locked.verdicts.order_by("-version").first()
        if verdict is None:
            verdict = Verdict(claim=locked, version=1)
        verdict.rating, verdict.rationale, verdict.author = rating, rationale, user
        verdict.updated_at = timezone.now()
        verdict.save()
        _bump(locked)
    return verdict


def claim_missing_for_review(claim: Claim) -> list[str]:
    """What a draft still lacks before it can be submitted (empty when ready)."""
    missing = []
    # Use what a selector already fetched (the claim panel), else ask the database.
    prefetched = getattr(claim, "_prefetched_objects_cache", {})
    if "evidence" in prefetched:
        has_evidence = bool(prefetched["evidence"])
    else:
        has_evidence = claim.evidence.exists()
    if not has_evidence:
        missing.append(_("at least one piece of evidence"))
    versions = getattr(claim, "verdict_versions", None)
    if versions is not None:
        verdict = versions[0] if versions else None
    else:
        verdict = claim.verdicts.order_by("-version").first()
    if verdict is None or not verdict.rating:
        missing.append(_("a rating"))
    if verdict is None or not verdict.rationale.strip():
        missing.append(_("a rationale"))
    return missing


def claim_submit(*, claim: Claim, user, expected_version: int | None = None) -> Claim:
    """Draft -> in review, once it has evidence, a rating and a rationale."""
    with transaction.atomic():
        locked = _lock_for_edit(claim, user, expected_version)
        missing = claim_missing_for_review(locked)
        if missing:
            raise IncompleteClaim(missing)
        locked.status = Claim.Status.IN_REVIEW
        locked.save(update_fields=["status"])
        return _bump(locked)
