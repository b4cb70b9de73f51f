"""A claim in its author's hands: creation, edits, evidence, verdict, submission, correction.

A correction starts once the claim is published; moderators' decisions are in
``moderation``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from annotations import anchoring, permissions
from annotations.models import (
    EDITABLE_STATUSES,
    NOTE_MAX_LENGTH,
    Article,
    Claim,
    Evidence,
    Review,
    Verdict,
    site_of,
)
from annotations.services.blind import blind_review_required
from annotations.services.common import (
    Action,
    IncompleteClaim,
    StaleEdit,
    TransitionError,
    bump_version,
    checked_text,
    record_event,
)


def _span_messages() -> dict[str, str]:
    return {
        "outside": _("The selection falls outside the article; select the text again."),
        "empty": _("The selection is empty; select some text."),
        "mismatch": _(
            "The selected text does not match the article at that place "
            "(the page may be out of date); reload it and select the text again."
        ),
    }


def check_span(article: Article, start: int, end: int, quote: str) -> tuple[int, int]:
    """The selection, trimmed of surrounding white space, checked against the quote; a
    ``ValidationError`` on ``quote`` saying what is wrong."""
    try:
        return anchoring.check_span(article.body, start, end, quote)
    except anchoring.SpanError as exc:
        raise ValidationError({"quote": _span_messages()[exc.code]}) from None


def evidence_values(evidence: Evidence) -> dict:
    """The evidence's fields as its history records them."""
    return {"id": evidence.pk, **{name: getattr(evidence, name) for name in Evidence.FIELDS}}


def _claim_fields(text: str, claimant: str) -> tuple[str, str]:
    """The claim's restatement (required) and claimant, stripped and checked."""
    errors: dict[str, list[str]] = {}
    text = checked_text(errors, "text", text, Claim.TEXT_MAX_LENGTH)
    claimant = checked_text(errors, "claimant", claimant, Claim.CLAIMANT_MAX_LENGTH, required=False)
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
    prefix, suffix = anchoring.context(article.body, start, end)
    with transaction.atomic():
        # The text may have got a new version since ``article`` was read: the span would
        # then be in the wrong one. The row lock orders this against a new version.
        current = (
            Article.objects.select_for_update(no_key=True)
            .values_list("current_version", flat=True)
            .get(pk=article.pk)
        )
        if current != article.current_version:
            raise ValidationError({"quote": _span_messages()["mismatch"]})
        claim = Claim.objects.create(
            article=article,
            anchored_version=current,
            start=start,
            end=end,
            quote=article.body[start:end],
            prefix=prefix,
            suffix=suffix,
            text=text,
            claimant=claimant,
            author=author,
        )
        record_event(
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


def claim_update(
    *, claim: Claim, user, expected_version: int, text: str, claimant: str = ""
) -> Claim:
    text, claimant = _claim_fields(text, claimant)
    with transaction.atomic():
        locked = _lock_for_edit(claim, user, expected_version)
        before = {"text": locked.text, "claimant": locked.claimant}
        locked.text, locked.claimant = text, claimant
        locked.save(update_fields=["text", "claimant"])
        record_event(
            locked, user, Action.EDITED, before=before, after={"text": text, "claimant": claimant}
        )
        return bump_version(locked)


@dataclass
class EvidenceInput:
    """A source as a reviewer gives it. The title may be left out: the source's site
    (the URL's host, without "www.") stands for it."""

    url: str
    stance: str
    title: str = ""
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
                errors["url"] = [
                    _("At most %(limit)d characters.") % {"limit": Evidence.URL_MAX_LENGTH}
                ]
        title = checked_text(errors, "title", self.title, Evidence.TITLE_MAX_LENGTH, required=False)
        if not title and "url" not in errors:
            title = site_of(url)
        publisher = checked_text(
            errors, "publisher", self.publisher, Evidence.PUBLISHER_MAX_LENGTH, required=False
        )
        quote = checked_text(errors, "quote", self.quote, Evidence.QUOTE_MAX_LENGTH, required=False)
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
        record_event(locked, user, Action.EVIDENCE_ADDED, after=evidence_values(evidence))
        bump_version(locked)
    return evidence


def evidence_update(
    *, evidence: Evidence, user, data: EvidenceInput, expected_version: int
) -> Evidence:
    values = data.cleaned()
    with transaction.atomic():
        locked = _lock_for_edit(evidence.claim, user, expected_version)
        evidence = Evidence.objects.select_for_update().get(pk=evidence.pk, claim=locked)
        before = evidence_values(evidence)
        for name, value in values.items():
            setattr(evidence, name, value)
        evidence.save()
        record_event(
            locked, user, Action.EVIDENCE_EDITED, before=before, after=evidence_values(evidence)
        )
        bump_version(locked)
    return evidence


def evidence_remove(*, evidence: Evidence, user, expected_version: int) -> Claim:
    with transaction.atomic():
        locked = _lock_for_edit(evidence.claim, user, expected_version)
        current = Evidence.objects.filter(pk=evidence.pk, claim=locked).first()
        if current is None:
            # Already removed, or not this claim's: nothing changed, so no new version.
            raise Evidence.DoesNotExist(f"evidence {evidence.pk} is not on claim {locked.pk}")
        before = evidence_values(current)
        current.delete()
        record_event(locked, user, Action.EVIDENCE_REMOVED, before=before)
        return bump_version(locked)


def _lock_for_verdict(claim: Claim, user, expected_version: int | None) -> tuple[Claim, Verdict]:
    """Lock the claim and return the verdict version the user may edit: the draft's
    verdict before publication, or the user's pending correction afterwards."""
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    latest = locked.verdicts.order_by("-version").first()
    if permissions.can_edit_correction(user, locked, latest):
        if expected_version is not None and locked.version != expected_version:
            raise StaleEdit(locked, expected_version)
        return locked, latest
    if permissions.is_pending_correction(locked, latest) and latest.author_id != user.pk:
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
    rationale = checked_text(errors, "rationale", rationale, Verdict.RATIONALE_MAX_LENGTH)
    correction_note = checked_text(
        errors, "correction_note", correction_note, NOTE_MAX_LENGTH, required=False
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
        record_event(
            locked,
            user,
            Action.VERDICT_SET,
            before=before,
            after={"version": verdict.version, **after},
        )
        bump_version(locked)
    return verdict


def claim_submit(*, claim: Claim, user, expected_version: int | None = None) -> Claim:
    """Draft (or changes requested) -> in review, once it has evidence, a rating and a
    rationale; or a pending correction of a published claim -> in review."""
    with transaction.atomic():
        locked, verdict = _lock_for_verdict(claim, user, expected_version)
        if verdict.version == 1:
            missing = permissions.missing_for_review(locked)
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
        blind_review_required(locked, verdict)  # the team may want a second verdict
        record_event(
            locked,
            user,
            Action.SUBMITTED,
            after={"verdict_version": verdict.version},
            from_status=from_status,
            to_status=locked.status,
        )
        return bump_version(locked)


def correction_start(*, claim: Claim, user) -> Verdict:
    """Published -> a new draft verdict version, to be reviewed like the first."""
    if not permissions.can_annotate(user):
        raise PermissionDenied(_("Only reviewers and moderators can correct a verdict."))
    with transaction.atomic():
        locked = Claim.objects.select_for_update().get(pk=claim.pk)
        if not permissions.can_start_correction(user, locked):
            raise TransitionError(_("Only a published claim can be corrected."))
        latest = locked.verdicts.order_by("-version").first()
        if not permissions.can_correct(user, locked, latest):
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
        record_event(
            locked,
            user,
            Action.CORRECTION_STARTED,
            after={"verdict_version": verdict.version},
        )
        bump_version(locked)
    return verdict
