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
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from annotations import permissions
from annotations.importing import ParsedArticle, content_hash
from annotations.models import (
    EDITABLE_STATUSES,
    Article,
    Claim,
    ClaimEvent,
    Evidence,
    Notification,
    PublicRevision,
    Review,
    Sentence,
    Tag,
    Verdict,
)
from annotations.segmentation import split_sentences
from annotations.signals import claim_published


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


Action = ClaimEvent.Action


def _jsonable(values: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}


def _record(
    claim: Claim,
    actor,
    action: str,
    *,
    before: dict | None = None,
    after: dict | None = None,
    comment: str = "",
    from_status: str = "",
    to_status: str = "",
) -> ClaimEvent:
    """Append a line to the claim's history (inside the caller's transaction)."""
    return ClaimEvent.objects.create(
        claim=claim,
        actor=actor,
        action=action,
        before=_jsonable(before or {}),
        after=_jsonable(after or {}),
        comment=comment,
        from_status=from_status,
        to_status=to_status,
    )


def _evidence_values(evidence: Evidence) -> dict:
    return {
        "id": evidence.pk,
        **{
            name: getattr(evidence, name)
            for name in ("url", "title", "publisher", "published_on", "quote", "stance")
        },
    }


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


def _claim_fields(text: str, claimant: str) -> tuple[str, str]:
    """The claim's restatement (required) and claimant, stripped and checked."""
    errors: dict[str, list[str]] = {}
    text = _required_text(errors, "text", text, Claim.TEXT_MAX_LENGTH)
    claimant = _required_text(
        errors, "claimant", claimant, Claim.CLAIMANT_MAX_LENGTH, required=False
    )
    if errors:
        raise ValidationError(errors)
    return text, claimant


def claim_create(
    *, article: Article, author, start: int, end: int, quote: str, text: str, claimant: str = ""
) -> Claim:
    """A new draft claim over ``article.body[start:end]``, which must read as ``quote``."""
    if not permissions.can_annotate(author):
        raise PermissionDenied(_("Only reviewers and moderators can create claims."))
    start, end = check_span(article, start, end, quote)
    text, claimant = _claim_fields(text, claimant)
    body, context = article.body, Claim.CONTEXT_LENGTH
    with transaction.atomic():
        claim = Claim.objects.create(
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
        _record(
            claim,
            author,
            Action.CREATED,
            after={
                "start": start,
                "end": end,
                "quote": claim.quote,
                "text": text,
                "claimant": claimant,
            },
            to_status=claim.status,
        )
    return claim


def _lock_for_edit(claim: Claim, user, expected_version: int | None) -> Claim:
    """Lock the claim row (inside a transaction) and check the user may still edit it."""
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    if not permissions.can_edit_claim(user, locked):
        if locked.status not in EDITABLE_STATUSES:
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
    text, claimant = _claim_fields(text, claimant)
    with transaction.atomic():
        locked = _lock_for_edit(claim, user, expected_version)
        before = {"text": locked.text, "claimant": locked.claimant}
        locked.text, locked.claimant = text, claimant
        locked.save(update_fields=["text", "claimant"])
        _record(
            locked, user, Action.EDITED, before=before, after={"text": text, "claimant": claimant}
        )
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
        _record(locked, user, Action.EVIDENCE_ADDED, after=_evidence_values(evidence))
        _bump(locked)
    return evidence


def evidence_update(
    *, evidence: Evidence, user, data: EvidenceInput, expected_version: int
) -> Evidence:
    values = data.cleaned()
    with transaction.atomic():
        locked = _lock_for_edit(evidence.claim, user, expected_version)
        evidence = Evidence.objects.select_for_update().get(pk=evidence.pk, claim=locked)
        before = _evidence_values(evidence)
        for name, value in values.items():
            setattr(evidence, name, value)
        evidence.save()
        _record(
            locked, user, Action.EVIDENCE_EDITED, before=before, after=_evidence_values(evidence)
        )
        _bump(locked)
    return evidence


def evidence_remove(*, evidence: Evidence, user, expected_version: int) -> Claim:
    with transaction.atomic():
        locked = _lock_for_edit(evidence.claim, user, expected_version)
        current = Evidence.objects.filter(pk=evidence.pk, claim=locked).first()
        if current is None:
            # Already removed, or not this claim's: nothing changed, so no new version.
            raise Evidence.DoesNotExist(f"evidence {evidence.pk} is not on claim {locked.pk}")
        before = _evidence_values(current)
        current.delete()
        _record(locked, user, Action.EVIDENCE_REMOVED, before=before)
        return _bump(locked)


def _lock_for_verdict(claim: Claim, user, expected_version: int | None) -> tuple[Claim, Verdict]:
    """Lock the claim and return the verdict version the user may edit: the draft's
    verdict before publication, or the user's pending correction afterwards."""
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    latest = locked.verdicts.order_by("-version").first()
    if permissions.can_edit_correction(user, locked, latest):
        if expected_version is not None and locked.version != expected_version:
            raise StaleEdit(locked, expected_version)
        return locked, latest
    if (
        latest is not None
        and latest.version > 1
        and latest.status in (Verdict.Status.DRAFT, Verdict.Status.CHANGES_REQUESTED)
        and locked.status in (Claim.Status.PUBLISHED, Claim.Status.CORRECTED)
        and latest.author_id != user.pk
    ):
        # Someone else's pending correction: not "no longer a draft", just not theirs.
        raise PermissionDenied(_("Only the author of this correction can change it."))
    locked = _lock_for_edit(locked, user, expected_version)
    return locked, latest or Verdict(claim=locked, version=1, author=user)


def verdict_set(
    *,
    claim: Claim,
    user,
    expected_version: int,
    rating: str,
    rationale: str,
    correction_note: str = "",
) -> Verdict:
    """Create or replace the draft's verdict (rating and Markdown rationale), or the
    user's pending correction of a published one (with its public correction note)."""
    errors: dict[str, list[str]] = {}
    if rating not in Verdict.Rating.values:
        errors["rating"] = [_("Choose a rating.")]
    rationale = _required_text(errors, "rationale", rationale, Verdict.RATIONALE_MAX_LENGTH)
    correction_note = _required_text(
        errors, "correction_note", correction_note, 2000, required=False
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked, verdict = _lock_for_verdict(claim, user, expected_version)
        before = {"rating": verdict.rating, "rationale": verdict.rationale} if verdict.pk else {}
        if verdict.version > 1:
            if not correction_note:
                raise ValidationError(
                    {"correction_note": [_("Say publicly what this correction changes.")]}
                )
            before["correction_note"] = verdict.correction_note
            verdict.correction_note = correction_note
        verdict.rating, verdict.rationale, verdict.author = rating, rationale, user
        verdict.updated_at = timezone.now()
        verdict.save()
        after = {"rating": rating, "rationale": rationale}
        if verdict.version > 1:
            after["correction_note"] = correction_note
        _record(
            locked,
            user,
            Action.VERDICT_SET,
            before=before,
            after={"version": verdict.version, **after},
        )
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
    """Draft (or changes requested) -> in review, once it has evidence, a rating and a
    rationale; or a pending correction of a published claim -> in review."""
    with transaction.atomic():
        locked, verdict = _lock_for_verdict(claim, user, expected_version)
        if verdict.version == 1:
            missing = claim_missing_for_review(locked)
            if missing:
                raise IncompleteClaim(missing)
            from_status = locked.status
            locked.status = Claim.Status.IN_REVIEW
            locked.save(update_fields=["status"])
        else:
            if not verdict.correction_note.strip():
                raise IncompleteClaim([_("a public correction note")])
            from_status = locked.status
        verdict.status = Verdict.Status.IN_REVIEW
        verdict.updated_at = timezone.now()
        verdict.save(update_fields=["status", "updated_at"])
        Review.objects.create(claim=locked, verdict=verdict, submitted_by=user)
        _record(
            locked,
            user,
            Action.SUBMITTED,
            after={"verdict_version": verdict.version},
            from_status=from_status,
            to_status=locked.status,
        )
        return _bump(locked)


class FourEyesError(PermissionDenied):
    """A moderator may not decide on a verdict they wrote."""


def _open_review(locked: Claim) -> Review:
    """The claim's open review, locked; or a TransitionError saying what happened."""
    review = (
        Review.objects.select_for_update()
        .select_related("verdict")
        .filter(claim=locked, decision=Review.Decision.OPEN)
        .first()
    )
    if review is not None:
        return review
    last = (
        Review.objects.filter(claim=locked)
        .exclude(decision=Review.Decision.OPEN)
        .select_related("decided_by")
        .order_by("-decided_at", "-id")
        .first()
    )
    if last is None:
        raise TransitionError(_("This claim is not waiting for review."))
    raise TransitionError(
        _("This claim is no longer waiting for review: %(who)s already decided (%(decision)s).")
        % {"who": last.decided_by.get_username(), "decision": last.get_decision_display()}
    )


def _lock_for_decision(claim: Claim) -> Claim:
    """Lock the claim for a moderator's decision; a retracted claim is final."""
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    if locked.status == Claim.Status.RETRACTED:
        raise TransitionError(_("This claim was retracted; it can no longer be decided on."))
    return locked


def _require_moderator(user) -> None:
    """The role, checked before any state: a reviewer gets a 403, never a 409."""
    if not permissions.is_moderator(user):
        raise PermissionDenied(_("Only moderators can approve or send back a claim."))


def _check_moderator(moderator, verdict: Verdict) -> None:
    _require_moderator(moderator)
    if verdict.author_id == moderator.pk:
        raise FourEyesError(
            _("You wrote this verdict: another moderator must review it (four-eyes rule).")
        )


def _notify(claim: Claim, verdict: Verdict, kind: str, actor, comment: str = "") -> None:
    recipients = {claim.author_id, verdict.author_id} - {actor.pk}
    Notification.objects.bulk_create(
        Notification(recipient_id=pk, claim=claim, kind=kind, actor=actor, comment=comment)
        for pk in sorted(recipients)
    )


def public_changed() -> None:
    """Count one change to what the public sees (the ETag of every public list).

    Called inside the transaction that makes the change: the row lock orders concurrent
    changes, and a rollback takes the increment back with the change.
    """
    with transaction.atomic():
        updated = PublicRevision.objects.filter(pk=PublicRevision.SINGLETON).update(
            number=F("number") + 1, changed_at=timezone.now()
        )
        if not updated:  # a database emptied by hand (or by a test runner's flush)
            PublicRevision.objects.get_or_create(
                pk=PublicRevision.SINGLETON, defaults={"number": 1}
            )


def article_metadata_changed(*, article: Article) -> None:
    """An article's title, publisher, date or links were edited (in the admin): its
    public claims show them, so their ETags and Last-Modified, and those of the lists,
    must change."""
    with transaction.atomic():
        Claim.objects.filter(article=article, status__in=Claim.PUBLIC_STATUSES).update(
            version=F("version") + 1, updated_at=timezone.now()
        )
        public_changed()


def claim_approve(*, claim: Claim, moderator, comment: str = "") -> Claim:
    """In review -> published (or corrected, for a new verdict version). Four eyes."""
    _require_moderator(moderator)
    with transaction.atomic():
        locked = _lock_for_decision(claim)
        review = _open_review(locked)
        verdict = review.verdict
        _check_moderator(moderator, verdict)
        now = timezone.now()
        verdict.status = Verdict.Status.PUBLISHED
        verdict.approved_by = moderator
        verdict.published_at = now
        verdict.save(update_fields=["status", "approved_by", "published_at"])
        review.decision = Review.Decision.APPROVED
        review.decided_by, review.decided_at, review.comment = moderator, now, comment.strip()
        review.save(update_fields=["decision", "decided_by", "decided_at", "comment"])
        from_status = locked.status
        if verdict.version == 1:
            locked.status, locked.published_at = Claim.Status.PUBLISHED, now
            action, kind = Action.PUBLISHED, Notification.Kind.PUBLISHED
        else:
            locked.status = Claim.Status.CORRECTED
            action, kind = Action.CORRECTED, Notification.Kind.CORRECTED
        locked.save(update_fields=["status", "published_at"])
        _record(
            locked,
            moderator,
            action,
            after={"verdict_version": verdict.version, "rating": verdict.rating},
            comment=review.comment,
            from_status=from_status,
            to_status=locked.status,
        )
        _notify(locked, verdict, kind, moderator, review.comment)
        _bump(locked)
        public_changed()
    transaction.on_commit(lambda: claim_published.send(sender=Claim, claim=locked, kind=str(kind)))
    return locked


def claim_request_changes(*, claim: Claim, moderator, comment: str) -> Claim:
    """In review -> changes requested, with a comment for the author. Four eyes."""
    _require_moderator(moderator)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": [_("Say what should change.")]})
    with transaction.atomic():
        locked = _lock_for_decision(claim)
        review = _open_review(locked)
        verdict = review.verdict
        _check_moderator(moderator, verdict)
        now = timezone.now()
        verdict.status = Verdict.Status.CHANGES_REQUESTED
        verdict.save(update_fields=["status"])
        review.decision = Review.Decision.CHANGES_REQUESTED
        review.decided_by, review.decided_at, review.comment = moderator, now, comment
        review.save(update_fields=["decision", "decided_by", "decided_at", "comment"])
        from_status = locked.status
        if verdict.version == 1:
            locked.status = Claim.Status.CHANGES_REQUESTED
            locked.save(update_fields=["status"])
        _record(
            locked,
            moderator,
            Action.CHANGES_REQUESTED,
            after={"verdict_version": verdict.version},
            comment=comment,
            from_status=from_status,
            to_status=locked.status,
        )
        _notify(locked, verdict, Notification.Kind.CHANGES_REQUESTED, moderator, comment)
        return _bump(locked)


def correction_start(*, claim: Claim, user) -> Verdict:
    """Published -> a new draft verdict version, to be reviewed like the first."""
    if not permissions.can_annotate(user):
        raise PermissionDenied(_("Only reviewers and moderators can correct a verdict."))
    with transaction.atomic():
        locked = Claim.objects.select_for_update().get(pk=claim.pk)
        if locked.status not in (Claim.Status.PUBLISHED, Claim.Status.CORRECTED):
            raise TransitionError(_("Only a published claim can be corrected."))
        latest = locked.verdicts.order_by("-version").first()
        if latest.status != Verdict.Status.PUBLISHED:
            raise TransitionError(
                _("A correction of this claim is already under way, by %(who)s.")
                % {"who": latest.author.get_username()}
            )
        verdict = Verdict.objects.create(
            claim=locked,
            version=latest.version + 1,
            rating=latest.rating,
            rationale=latest.rationale,
            author=user,
        )
        _record(
            locked,
            user,
            Action.CORRECTION_STARTED,
            after={"verdict_version": verdict.version},
        )
        _bump(locked)
    return verdict


def claim_retract(*, claim: Claim, moderator, note: str) -> Claim:
    """Published -> retracted, with a public note; the claim stays visible, marked so."""
    note = (note or "").strip()
    if not permissions.is_moderator(moderator):
        raise PermissionDenied(_("Only moderators can retract a claim."))
    if not note:
        raise ValidationError({"note": [_("Say publicly why the claim is retracted.")]})
    with transaction.atomic():
        locked = Claim.objects.select_for_update().get(pk=claim.pk)
        if locked.status not in (Claim.Status.PUBLISHED, Claim.Status.CORRECTED):
            raise TransitionError(_("Only a published claim can be retracted."))
        from_status = locked.status
        locked.status = Claim.Status.RETRACTED
        locked.retracted_at = timezone.now()
        locked.retraction_note = note
        locked.save(update_fields=["status", "retracted_at", "retraction_note"])
        # A correction waiting for review can no longer be published: send it back, with
        # the retraction note as the reason, so that it leaves the moderation queue.
        pending = (
            Review.objects.select_for_update()
            .select_related("verdict")
            .filter(claim=locked, decision=Review.Decision.OPEN)
            .first()
        )
        if pending is not None:
            pending.verdict.status = Verdict.Status.CHANGES_REQUESTED
            pending.verdict.save(update_fields=["status"])
            pending.decision = Review.Decision.CHANGES_REQUESTED
            pending.decided_by, pending.decided_at = moderator, locked.retracted_at
            pending.comment = note
            pending.save(update_fields=["decision", "decided_by", "decided_at", "comment"])
        verdict = locked.verdicts.filter(status=Verdict.Status.PUBLISHED).order_by("-version")[0]
        _record(
            locked,
            moderator,
            Action.RETRACTED,
            comment=note,
            from_status=from_status,
            to_status=locked.status,
        )
        _notify(locked, verdict, Notification.Kind.RETRACTED, moderator, note)
        _bump(locked)
        public_changed()
    transaction.on_commit(
        lambda: claim_published.send(
            sender=Claim, claim=locked, kind=str(Notification.Kind.RETRACTED)
        )
    )
    return locked


def notifications_mark_read(*, user, ids=None) -> int:
    """Mark the user's notifications (all, or those ids) as read; returns how many."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
