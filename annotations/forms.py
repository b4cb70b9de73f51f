"""The web pages' forms: article import, the claim panel's edits, moderators' decisions."""

from __future__ import annotations

import dataclasses
from zoneinfo import ZoneInfo, available_timezones

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.validators import URLValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from annotations import importing
from annotations.models import (
    MAX_ID,
    NOTE_MAX_LENGTH,
    URL_MAX_LENGTH,
    Article,
    Claim,
    Evidence,
    Profile,
    Verdict,
)
from annotations.permissions import ROLE_GROUPS
from annotations.selectors import EXTERNAL, OURS
from annotations.services import EvidenceInput

# Parsing (annotations.importing) knows nothing of Django and speaks English;
# the interface explains each failure in the user's language, by error code.
PARSE_ERROR_MESSAGES = {
    "empty": _("The file or text is empty."),
    "binary": _("This is not a text file (it looks like an image, a PDF or another binary file)."),
    "encoding": _("The text is neither UTF-8 nor unambiguous Windows-1252; save it as UTF-8."),
    "too_large": _("The file is larger than the import limit."),
    "no_article_text": _("No article text could be found in this HTML page."),
    "no_body": _("There is a headline but no article text under it."),
    "bad_date": _("The date in the byline is not a real date."),
    "title_too_long": _("The first line is too long to be a headline."),
    "bad_url": _("The source URL must start with http:// or https:// and name a host."),
    "no_title": _("The article has text but no title."),
    "bad_language": _("The language must be a two-letter code such as fr or en."),
    "unsupported_format": _("This file format is not supported; save it as plain text."),
    "too_many_tags": _("An article may have at most %(max_tags)d tags."),
    "tag_too_long": _("A tag may be at most %(max_tag_length)d characters long."),
    "too_deeply_nested": _(
        "This web page is nested too deeply to be read; save the article as plain text or "
        "paste its text."
    ),
}


def too_large_message(size: int | None) -> str:
    """What the form says of an import of ``size`` bytes over the limit (None: unknown)."""
    try:
        importing.check_size(size or 0, max_bytes=settings.IMPORT_MAX_BYTES)
    except importing.ArticleParseError as exc:
        return parse_error_message(exc)
    return str(PARSE_ERROR_MESSAGES["too_large"])


# The limits some of the messages above name.
_LIMITS = {"max_tags": importing.MAX_TAGS, "max_tag_length": importing.MAX_TAG_LENGTH}


def parse_error_message(exc: importing.ArticleParseError) -> str:
    summary = PARSE_ERROR_MESSAGES.get(exc.code)
    if summary is None:
        return str(exc)
    return f"{summary % _LIMITS} ({exc})"


class WebURLField(forms.URLField):
    """An http or https URL with a host; one error message, not Django's two."""

    default_validators = [URLValidator(schemes=["http", "https"])]


def _timezone_choices():
    return [(name, name) for name in sorted(available_timezones())]


class ArticleImportForm(forms.Form):
    """Upload a file (plain text or HTML) or paste text; optional metadata overrides."""

    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("A .txt article (headline, byline, paragraphs) or a saved .html page."),
    )
    text = forms.CharField(
        label=_("Or paste the text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Plain text in the same layout as a .txt file, the HTML of a page, or just the "
            "paragraphs if you give a title below."
        ),
    )
    title = forms.CharField(
        label=_("Title"),
        required=False,
        max_length=Article.TITLE_MAX_LENGTH,
        help_text=_("For pasted paragraphs that do not start with a headline."),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("Detect automatically")), ("fr", _("French")), ("en", _("English"))],
    )
    publisher = forms.CharField(label=_("Publisher"), required=False, max_length=200)
    author = forms.CharField(label=_("Author"), required=False, max_length=200)
    source_url = WebURLField(
        label=_("Source URL"), required=False, max_length=URL_MAX_LENGTH, assume_scheme="https"
    )
    published_at = forms.DateTimeField(
        label=_("Published at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Local time in the time zone below."),
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        # Room for the longest list the limits allow: the limits give the error, not this.
        max_length=importing.MAX_TAGS * (importing.MAX_TAG_LENGTH + 2),
        help_text=_("Separated by commas."),
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        help_text=_("Used for the byline's time and the publication time above."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = _timezone_choices()
        self.fields["time_zone"].initial = settings.TIME_ZONE
        self.parsed: importing.ParsedArticle | None = None
        self.import_format: str | None = None

    @classmethod
    def for_unreadable_request(cls, *, size: int | None) -> ArticleImportForm:
        """The form, empty, saying that a request of ``size`` bytes was too large to read.

        Django refuses such a body before any field can be read (``RequestDataTooBig``),
        so nothing of what was typed can be shown again: the message says so.
        """
        form = cls()
        form.cleaned_data = {}  # add_error wants it, even on an empty form
        form.add_error(None, too_large_message(size))
        form.add_error(
            None,
            _(
                "Nothing was imported, and none of the other fields could be read from a "
                "request this large: fill them in again. A long article can be uploaded "
                "as a file instead."
            ),
        )
        return form

    def clean_tags(self) -> tuple[str, ...]:
        raw = self.cleaned_data.get("tags", "")
        try:
            return importing.checked_tags(raw.split(","), where="the Tags field")
        except importing.ArticleParseError as exc:
            raise forms.ValidationError(parse_error_message(exc), code=exc.code) from None

    def clean_published_at(self):
        published_at = self.cleaned_data.get("published_at")
        try:
            importing.check_publication_date(published_at, where="the Published at field")
        except importing.ArticleParseError as exc:
            raise forms.ValidationError(
                _("The publication date must fall between the years %(first)d and %(last)d."),
                code=exc.code,
                params={"first": importing.EARLIEST_YEAR, "last": importing.latest_year()},
            ) from None
        return published_at

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        upload = cleaned.get("file")
        text = cleaned.get("text") or ""
        title = (cleaned.get("title") or "").strip()
        if upload and text.strip():
            raise forms.ValidationError(
                _("Give either a file or pasted text, not both."), code="both"
            )
        if not upload and not text.strip():
            raise forms.ValidationError(
                _("Choose a file to upload or paste the article's text."), code="nothing"
            )
        tz = ZoneInfo(cleaned["time_zone"])
        language = cleaned.get("language") or None
        published_at = cleaned.get("published_at")
        if published_at is not None:
            # The widget's value is a wall-clock time in the chosen zone.
            naive = timezone.make_naive(published_at, timezone.get_current_timezone())
            published_at = naive.replace(tzinfo=tz)
        max_bytes = settings.IMPORT_MAX_BYTES
        field = "file" if upload else "text"
        reading = {"default_timezone": tz, "max_bytes": max_bytes, "language": language}
        try:
            if upload:
                fmt, parsed = importing.read_upload(
                    upload, filename=upload.name, size=upload.size, **reading
                )
            elif title:
                fmt = Article.ImportFormat.PASTED
                # Same size limit as a file, with the same message.
                importing.check_size(len(text.encode()), max_bytes=max_bytes)
                parsed = importing.parse_pasted(
                    title=title,
                    text=text,
                    language=language,
                    publisher=cleaned.get("publisher", ""),
                    author=cleaned.get("author", ""),
                    source_url=cleaned.get("source_url", ""),
                    published_at=published_at,
                    tags=cleaned.get("tags", []),
                )
            else:
                fmt, parsed = importing.read_upload(text.encode(), **reading)
        except importing.ArticleParseError as exc:
            self.add_error(field, parse_error_message(exc))
            return cleaned
        # Metadata typed in the form wins over what the file says.
        overrides = {
            key: cleaned[key] for key in ("publisher", "author", "source_url") if cleaned.get(key)
        }
        if published_at is not None:
            overrides["published_at"] = published_at
        if cleaned.get("tags"):
            try:
                overrides["tags"] = importing.checked_tags(
                    (*parsed.tags, *cleaned["tags"]), where="the file's tags and the Tags field"
                )
            except importing.ArticleParseError as exc:
                self.add_error("tags", parse_error_message(exc))
                return cleaned
        self.parsed = dataclasses.replace(parsed, **overrides)
        self.import_format = str(fmt)
        return cleaned


# --- Claims ----------------------------------------------------------------------------


def note_field(label, *, rows: int = 3, required: bool = True, help_text="") -> forms.CharField:
    """A public note or a moderator's comment (correction, retraction, decision)."""
    return forms.CharField(
        label=label,
        required=required,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )


class VersionedForm(forms.Form):
    """Carries the version of the claim the user saw, to refuse stale edits.

    Several of these forms share the claim panel: ``id_prefix`` keeps their ids apart.
    """

    id_prefix = "claim"
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"id_{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class ClaimCreateForm(forms.Form):
    """A new claim over ``article.body[start:end]``; ``quote`` is what the browser selected."""

    start = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    end = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    quote = forms.CharField(widget=forms.HiddenInput, strip=False)
    text = forms.CharField(
        label=_("Claim"),
        max_length=Claim.TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Restate the claim plainly, as it can be checked."),
    )
    claimant = forms.CharField(
        label=_("Claimant"),
        required=False,
        max_length=Claim.CLAIMANT_MAX_LENGTH,
        help_text=_("Who made the claim: a person or an organisation."),
    )


class ClaimEditForm(VersionedForm):
    text = ClaimCreateForm.base_fields["text"]
    claimant = ClaimCreateForm.base_fields["claimant"]


class SameClaimForm(forms.Form):
    """Mark a claim as the same claim as a published fact-check, or remove the mark: which
    one (ours, or another organisation's) and its id."""

    kind = forms.ChoiceField(choices=[(OURS, _("ours")), (EXTERNAL, _("external"))])
    target = forms.IntegerField(min_value=1, max_value=MAX_ID)


class EvidenceForm(VersionedForm):
    id_prefix = "evidence"
    url = WebURLField(
        label=_("Source URL"), max_length=Evidence.URL_MAX_LENGTH, assume_scheme="https"
    )
    title = forms.CharField(
        label=_("Title"),
        required=False,
        max_length=Evidence.TITLE_MAX_LENGTH,
        help_text=_("Optional: without one, the source’s site stands for it (example.org)."),
    )
    publisher = forms.CharField(
        label=_("Publisher"), required=False, max_length=Evidence.PUBLISHER_MAX_LENGTH
    )
    published_on = forms.DateField(
        label=_("Publication date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    quote = forms.CharField(
        label=_("Quoted passage"),
        required=False,
        max_length=Evidence.QUOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The passage of the source that matters."),
    )
    stance = forms.ChoiceField(label=_("Stance"), choices=Evidence.Stance.choices)

    def evidence_input(self) -> EvidenceInput:
        data = self.cleaned_data
        return EvidenceInput(
            url=data["url"],
            title=data.get("title", ""),
            stance=data["stance"],
            publisher=data.get("publisher", ""),
            published_on=data.get("published_on"),
            quote=data.get("quote", ""),
        )


class RatingFields(forms.Form):
    """A verdict's rating and rationale: the claim's verdict, and a second, blind one."""

    rating = forms.ChoiceField(label=_("Rating"), choices=[("", "—"), *Verdict.Rating.choices])
    rationale = forms.CharField(
        label=_("Rationale"),
        max_length=Verdict.RATIONALE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown: **bold**, *italic*, lists, [links](https://example.org)."),
    )


class VerdictForm(VersionedForm, RatingFields):
    id_prefix = "verdict"


class SubmitForm(VersionedForm):
    id_prefix = "submit"


class RemoveEvidenceForm(VersionedForm):
    id_prefix = "remove"


class CorrectionVerdictForm(VerdictForm):
    """The verdict form of a correction: the public note is required."""

    correction_note = note_field(
        _("Correction note"), help_text=_("Published with the correction: what changed and why.")
    )


class DecisionForm(forms.Form):
    """A moderator's form; one per claim on the queue page, so ids carry the claim."""

    id_prefix = "decision"

    def __init__(self, *args, claim_id=None, **kwargs):
        suffix = f"_{claim_id}" if claim_id else ""
        kwargs.setdefault("auto_id", f"id_{self.id_prefix}{suffix}_%s")
        super().__init__(*args, **kwargs)


class ApproveForm(DecisionForm):
    id_prefix = "approve"
    comment = note_field(_("Comment (optional)"), rows=2, required=False)


class RequestChangesForm(DecisionForm):
    id_prefix = "changes"
    comment = note_field(
        _("What should change"),
        help_text=_("The author sees this comment on the claim and in their drafts."),
    )


# --- Blind double review ----------------------------------------------------------------------


class BlindRequestForm(forms.Form):
    """Ask for a second, blind verdict: for anyone to take, or for one reviewer."""

    reviewer = forms.ModelChoiceField(
        label=_("Second reviewer"),
        queryset=None,
        required=False,
        empty_label=_("Anyone (the reviewers’ queue)"),
        help_text=_("Never the first verdict’s author. They will not see the first verdict."),
    )

    def __init__(self, *args, claim: Claim, **kwargs):
        kwargs.setdefault("auto_id", f"id_blind_{claim.pk}_%s")
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(Q(groups__name__in=ROLE_GROUPS) | Q(is_superuser=True))
            .exclude(pk=claim.author_id)
            .distinct()
            .order_by("username")
        )


class BlindVerdictForm(RatingFields):
    """The second, blind verdict: a rating, a rationale, the sources it rests on."""

    sources = forms.CharField(
        label=_("Sources"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The sources your verdict rests on, one web address per line."),
    )

    def clean_sources(self):
        validate = URLValidator(schemes=["http", "https"])
        lines = [line.strip() for line in self.cleaned_data["sources"].splitlines()]
        lines = [line for line in lines if line]
        for line in lines:
            try:
                validate(line)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("“%(line)s” is not a web address (http:// or https://)."),
                    params={"line": line[:80]},
                ) from None
        return "\n".join(lines)


class RetractForm(forms.Form):
    note = note_field(
        _("Public retraction note"),
        help_text=_("Shown on the public page: why this fact-check is withdrawn."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_retract_%s")
        super().__init__(*args, **kwargs)


# --- New versions of an article ----------------------------------------------------------


class ArticleVersionForm(ArticleImportForm):
    """A new version of an article's text: the import form, plus the importer's word that
    a text with almost nothing in common with the current one is this article's."""

    force = forms.BooleanField(
        label=_("Import it anyway: this is a new version of this article"),
        required=False,
    )


class PassageForm(VersionedForm):
    """The passage of a changed or removed claim in the current version: the proposed
    span, or one the reviewer selected (``quote`` is what the browser selected)."""

    id_prefix = "passage"
    start = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    end = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    quote = forms.CharField(widget=forms.HiddenInput, strip=False)


class ProfileForm(forms.Form):
    """How a person signs the public fact-checks they checked or approved."""

    display_name = forms.CharField(
        label=_("Display name"),
        required=False,
        max_length=Profile.DISPLAY_NAME_MAX_LENGTH,
        help_text=_(
            "Shown on the public fact-checks you checked or approved, e.g. your first and "
            "last name. Left empty, the team's name is shown."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    sign_as_team = forms.BooleanField(
        label=_("Sign with the team's name instead"),
        required=False,
        help_text=_("Your fact-checks show the team's name, not yours."),
    )
