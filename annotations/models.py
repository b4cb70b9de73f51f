"""The domain: articles cut into sentences (claims, evidence and verdicts build on them).

Invariants live in the database, named, so that no code path can break them:
offsets are ordered and non-negative, a sentence's position is unique within
its article, an article's content hash is unique (re-importing is a no-op).
"""

import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from annotations import anchoring
from annotations.url_safety import UnsafeURL, check_url

# Web addresses (article sources, evidence, webhook endpoints) up to this length.
URL_MAX_LENGTH = 2000
# Public notes and moderators' comments (correction and retraction notes, decisions).
NOTE_MAX_LENGTH = 2000
# The largest id a 64-bit integer column holds: a larger one is refused as bad input
# before any query (SQLite overflows past it).
MAX_ID = 2**63 - 1


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        constraints = [
            # "#politique" and "#Politique" are one tag; lookups go through iexact.
            models.UniqueConstraint(Lower("name"), name="annotations_tag_name_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Article(models.Model):
    class ImportFormat(models.TextChoices):
        TEXT = "text", _("Plain text")
        HTML = "html", _("HTML page")
        PASTED = "pasted", _("Pasted text")

    TITLE_MAX_LENGTH = 300

    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    body = models.TextField(
        _("body"),
        help_text=_(
            "Normalized text, headline first; every sentence and claim offset refers to it."
        ),
    )
    language = models.CharField(_("language"), max_length=8, help_text=_("BCP 47 tag, e.g. fr"))
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    author = models.CharField(_("author"), max_length=200, blank=True)
    source_url = models.URLField(_("source URL"), max_length=URL_MAX_LENGTH, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    tags = models.ManyToManyField(Tag, related_name="articles", blank=True, verbose_name=_("tags"))
    content_hash = models.CharField(
        _("content hash"),
        max_length=64,
        editable=False,
        help_text=_(
            "SHA-256 of the normalized title and body; importing the same text is a no-op."
        ),
    )
    import_format = models.CharField(
        _("import format"), max_length=10, choices=ImportFormat.choices
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="imported_articles",
        verbose_name=_("imported by"),
    )
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now, editable=False)
    current_version = models.PositiveIntegerField(
        _("current version"),
        default=1,
        editable=False,
        help_text=_("The number of the version whose text is the body (1 until a new one)."),
    )

    class Meta:
        ordering = ["-imported_at", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            models.UniqueConstraint(
                fields=["content_hash"], name="annotations_article_hash_unique"
            ),
            models.CheckConstraint(
                condition=~Q(title=""), name="annotations_article_title_not_empty"
            ),
            models.CheckConstraint(
                condition=~Q(body=""), name="annotations_article_body_not_empty"
            ),
            models.CheckConstraint(
                condition=Q(current_version__gte=1),
                name="annotations_article_current_version_positive",
            ),
        ]
        indexes = [
            # The article list: newest imports first.
            models.Index(fields=["-imported_at", "-id"], name="annotations_article_recent_idx"),
            # Filtering and sorting articles by publication date.
            models.Index(fields=["published_at"], name="annotations_article_pub_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("annotations:article_detail", args=[self.pk])


class ArticleVersion(models.Model):
    """One text of an article, as imported: version 1 at the first import, then one more
    each time a new version is imported. Never changed afterwards.

    The current version's text is also the article's ``body`` (with its ``Sentence``
    rows, what the annotate page reads); every version keeps its own text and its
    sentences' offsets, to be read, compared and cited (a fact-check's selectors resolve
    in the version it checked).
    """

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="versions", verbose_name=_("article")
    )
    number = models.PositiveIntegerField(_("number"), help_text=_("1 for the first import"))
    title = models.CharField(_("title"), max_length=Article.TITLE_MAX_LENGTH)
    body = models.TextField(_("body"))
    sentence_spans = models.JSONField(
        _("sentences"),
        default=list,
        help_text=_("[start, end, paragraph] of each sentence of this version's body."),
    )
    content_hash = models.CharField(_("content hash"), max_length=64, editable=False)
    import_format = models.CharField(
        _("import format"), max_length=10, choices=Article.ImportFormat.choices
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="imported_article_versions",
        verbose_name=_("imported by"),
    )
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now, editable=False)
    notes = models.TextField(_("notes"), blank=True, help_text=_("What the import noticed."))

    class Meta:
        ordering = ["article", "number"]
        verbose_name = _("article version")
        verbose_name_plural = _("article versions")
        constraints = [
            # Also the index behind "version n of an article" and "an article's versions".
            models.UniqueConstraint(
                fields=["article", "number"], name="annotations_articleversion_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="annotations_articleversion_number_positive"
            ),
            models.CheckConstraint(
                condition=~Q(body=""), name="annotations_articleversion_body_not_empty"
            ),
        ]
        indexes = [
            # Importing a text again: is it an earlier version of an article?
            models.Index(fields=["content_hash"], name="annotations_version_hash_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.article_id} v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("annotations:article_version", args=[self.article_id, self.number])


class Sentence(models.Model):
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="sentences", verbose_name=_("article")
    )
    position = models.PositiveIntegerField(_("position"), help_text=_("0 for the first sentence"))
    start = models.PositiveIntegerField(_("start"))
    end = models.PositiveIntegerField(_("end"))
    paragraph = models.PositiveIntegerField(_("paragraph"), help_text=_("0 is the headline"))
    is_headline = models.BooleanField(_("headline"), default=False)

    class Meta:
        ordering = ["article", "position"]
        verbose_name = _("sentence")
        verbose_name_plural = _("sentences")
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lt=F("end")), name="annotations_sentence_offsets_ordered"
            ),
            # Also the index behind "the sentences of an article, in order".
            models.UniqueConstraint(
                fields=["article", "position"], name="annotations_sentence_position_unique"
            ),
            models.UniqueConstraint(
                fields=["article", "start"], name="annotations_sentence_start_unique"
            ),
            # The headline is paragraph 0 and only paragraph 0.
            models.CheckConstraint(
                condition=Q(is_headline=True, paragraph=0) | Q(is_headline=False, paragraph__gt=0),
                name="annotations_sentence_headline_is_paragraph_zero",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article_id}#{self.position} [{self.start}:{self.end}]"


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    PUBLISHED = "published", pgettext_lazy("status", "Published")
    CORRECTED = "corrected", _("Corrected")
    RETRACTED = "retracted", _("Retracted")


def claim_status_label(value: str) -> str:
    """The label of a claim state's stored value, in the active language (the value
    itself for one that is not a state: the history keeps what was written)."""
    try:
        return ClaimStatus(value).label
    except ValueError:
        return value


def site_of(url: str) -> str:
    """The site of a web address: its host, lower-cased, without a leading "www." (""
    when it has none)."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


# A claim is public once published; a correction or a retraction keeps it public.
PUBLIC_STATUSES = (ClaimStatus.PUBLISHED, ClaimStatus.CORRECTED, ClaimStatus.RETRACTED)
# Before its first publication the claim itself is edited; afterwards only a new verdict
# version (a correction) can be proposed.
EDITABLE_STATUSES = (ClaimStatus.DRAFT, ClaimStatus.CHANGES_REQUESTED)
# Public and not retracted: such a claim can be corrected or retracted.
LIVE_STATUSES = (ClaimStatus.PUBLISHED, ClaimStatus.CORRECTED)


class VerdictStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    PUBLISHED = "published", pgettext_lazy("status", "Published")


# A verdict version still in its author's hands (not submitted, or sent back).
VERDICT_EDITABLE_STATUSES = (VerdictStatus.DRAFT, VerdictStatus.CHANGES_REQUESTED)


class EvidenceStance(models.TextChoices):
    SUPPORTS = "supports", _("Supports")
    REFUTES = "refutes", _("Refutes")
    CONTEXT = "context", _("Gives context")


class VerdictRating(models.TextChoices):
    TRUE = "true", _("True")
    MOSTLY_TRUE = "mostly_true", _("Mostly true")
    MIXED = "mixed", _("Mixed")
    MOSTLY_FALSE = "mostly_false", _("Mostly false")
    FALSE = "false", _("False")
    MISLEADING = "misleading", _("Misleading")
    UNVERIFIABLE = "unverifiable", _("Unverifiable")


class AnchorState(models.TextChoices):
    """Where a claim's passage stands in the current version of its article (the values
    of ``anchoring.AnchorState``)."""

    UNCHANGED = anchoring.AnchorState.UNCHANGED.value, _("Unchanged")
    CHANGED = anchoring.AnchorState.CHANGED.value, _("Changed")
    REMOVED = anchoring.AnchorState.REMOVED.value, _("Removed")


# A claim that no longer follows the text: its span stays in an older version until a
# person confirms the proposed one (changed) or picks another (changed or removed).
DETACHED_ANCHOR_STATES = (AnchorState.CHANGED, AnchorState.REMOVED)


class Claim(models.Model):
    """A checkable statement: a character range of an article's body, restated by a reviewer."""

    Status = ClaimStatus
    Anchor = AnchorState
    PUBLIC_STATUSES = PUBLIC_STATUSES

    TEXT_MAX_LENGTH = 1000
    CLAIMANT_MAX_LENGTH = 200
    # Characters kept on each side of the quote to re-anchor it if the text changes.
    CONTEXT_LENGTH = anchoring.CONTEXT_LENGTH

    article = models.ForeignKey(
        Article, on_delete=models.PROTECT, related_name="claims", verbose_name=_("article")
    )
    start = models.PositiveIntegerField(_("start"))
    end = models.PositiveIntegerField(_("end"))
    quote = models.TextField(_("quote"), help_text=_("Exactly article.body[start:end]."))
    prefix = models.CharField(_("prefix"), max_length=CONTEXT_LENGTH, blank=True)
    suffix = models.CharField(_("suffix"), max_length=CONTEXT_LENGTH, blank=True)
    text = models.CharField(
        _("claim"), max_length=TEXT_MAX_LENGTH, help_text=_("The claim, restated plainly.")
    )
    claimant = models.CharField(
        _("claimant"),
        max_length=CLAIMANT_MAX_LENGTH,
        blank=True,
        help_text=_("Who made the claim: a person or an organisation."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="claims",
        verbose_name=_("author"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        help_text=_("Incremented by every edit of the claim, its evidence or its verdict."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    published_at = models.DateTimeField(_("first published at"), null=True, blank=True)
    retracted_at = models.DateTimeField(_("retracted at"), null=True, blank=True)
    retraction_note = models.TextField(_("retraction note"), blank=True)
    # Versions of the article's text. The span (start, end, quote, prefix, suffix) is in
    # version ``anchored_version``: the current one while the claim is unchanged; an
    # older one while it is changed (a new span is proposed, in the current version,
    # until a person confirms it) or removed.
    anchored_version = models.PositiveIntegerField(
        _("anchored in version"),
        default=1,
        help_text=_("The article version that start, end and quote refer to."),
    )
    anchor_state = models.CharField(
        _("passage"), max_length=10, choices=AnchorState.choices, default=AnchorState.UNCHANGED
    )
    proposed_start = models.PositiveIntegerField(_("proposed start"), null=True, blank=True)
    proposed_end = models.PositiveIntegerField(_("proposed end"), null=True, blank=True)
    proposed_quote = models.TextField(
        _("proposed quote"), blank=True, help_text=_("The changed passage, in the current version.")
    )
    # What the published verdict checked: the span in its version, as it was then.
    checked_version = models.PositiveIntegerField(_("checked version"), null=True, blank=True)
    checked_start = models.PositiveIntegerField(_("checked start"), null=True, blank=True)
    checked_end = models.PositiveIntegerField(_("checked end"), null=True, blank=True)
    checked_quote = models.TextField(_("checked quote"), blank=True)
    checked_prefix = models.CharField(_("checked prefix"), max_length=CONTEXT_LENGTH, blank=True)
    checked_suffix = models.CharField(_("checked suffix"), max_length=CONTEXT_LENGTH, blank=True)
    passage_changed_at = models.DateTimeField(
        _("passage changed at"),
        null=True,
        blank=True,
        help_text=_("When a new version of the article last changed the public claim's passage."),
    )

    class Meta:
        ordering = ["article", "start", "end", "id"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lt=F("end")), name="annotations_claim_offsets_ordered"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="annotations_claim_text_not_empty"),
            models.CheckConstraint(
                condition=~Q(quote=""), name="annotations_claim_quote_not_empty"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ClaimStatus.values),
                name="annotations_claim_status_valid",
            ),
            # Public claims carry their first publication date; a retraction, its note.
            models.CheckConstraint(
                condition=~Q(status__in=PUBLIC_STATUSES) | Q(published_at__isnull=False),
                name="annotations_claim_public_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status=ClaimStatus.RETRACTED) | ~Q(retraction_note=""),
                name="annotations_claim_retraction_has_note",
            ),
            models.CheckConstraint(
                condition=Q(anchor_state__in=AnchorState.values),
                name="annotations_claim_anchor_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(anchored_version__gte=1),
                name="annotations_claim_anchored_version_positive",
            ),
            # A changed passage has a proposed span, ordered; no other state has one.
            models.CheckConstraint(
                condition=Q(
                    anchor_state=AnchorState.CHANGED,
                    proposed_start__isnull=False,
                    proposed_end__isnull=False,
                    proposed_start__lt=F("proposed_end"),
                )
                | Q(
                    ~Q(anchor_state=AnchorState.CHANGED),
                    proposed_start__isnull=True,
                    proposed_end__isnull=True,
                ),
                name="annotations_claim_proposal_iff_changed",
            ),
            # A public claim says which version of the text its verdict checked, and where.
            models.CheckConstraint(
                condition=~Q(status__in=PUBLIC_STATUSES)
                | Q(
                    checked_version__isnull=False,
                    checked_start__isnull=False,
                    checked_end__isnull=False,
                    checked_start__lt=F("checked_end"),
                ),
                name="annotations_claim_public_has_checked_span",
            ),
        ]
        indexes = [
            # The annotate page: an article's claims in reading order.
            models.Index(fields=["article", "start", "end"], name="annotations_claim_article_idx"),
            # "My claims": a reviewer's claims (by state), most recently changed first.
            models.Index(
                fields=["author", "status", "-updated_at"], name="annotations_claim_author_idx"
            ),
            # The public list, feeds and exports: public claims, newest publication first,
            # read in index order, so that a deep cursor page costs what the first one does.
            # Partial on the date rather than the status: SQLite only uses a partial index
            # when the query repeats its condition with constants, and the status list is
            # bound as parameters (selectors.public_claims adds the date's condition).
            models.Index(
                fields=["-published_at", "-id"],
                condition=Q(published_at__isnull=False),
                name="annotations_claim_public_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        return reverse("annotations:claim_detail", args=[self.pk])

    @property
    def is_public(self) -> bool:
        """Published, corrected or retracted: the claim has a public page."""
        return self.status in PUBLIC_STATUSES


class Evidence(models.Model):
    """A source that supports, refutes or gives context to a claim."""

    Stance = EvidenceStance

    URL_MAX_LENGTH = URL_MAX_LENGTH
    TITLE_MAX_LENGTH = 300
    # What a reviewer gives (and edits) of a source.
    FIELDS = ("url", "title", "publisher", "published_on", "quote", "stance")
    PUBLISHER_MAX_LENGTH = 200
    QUOTE_MAX_LENGTH = 2000

    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("claim")
    )
    url = models.URLField(_("URL"), max_length=URL_MAX_LENGTH)
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    publisher = models.CharField(_("publisher"), max_length=PUBLISHER_MAX_LENGTH, blank=True)
    published_on = models.DateField(_("publication date"), null=True, blank=True)
    quote = models.TextField(
        _("quoted passage"),
        max_length=QUOTE_MAX_LENGTH,
        blank=True,
        help_text=_("The passage of the source that matters."),
    )
    stance = models.CharField(_("stance"), max_length=10, choices=Stance.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="evidence_added",
        verbose_name=_("added by"),
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["claim", "added_at", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            # Only web links: never javascript:, data:, ftp: or file: URLs.
            models.CheckConstraint(
                condition=Q(url__startswith="http://") | Q(url__startswith="https://"),
                name="annotations_evidence_url_http",
            ),
            models.CheckConstraint(
                condition=~Q(title=""), name="annotations_evidence_title_not_empty"
            ),
            models.CheckConstraint(
                condition=Q(stance__in=EvidenceStance.values),
                name="annotations_evidence_stance_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def site(self) -> str:
        """The source's site (its host without "www."), shown wherever the source is."""
        return site_of(self.url)


class Verdict(models.Model):
    """A rating with its rationale. Versioned: the latest version is the claim's verdict."""

    Rating = VerdictRating

    # schema.org ClaimReview ratingValue (worst 1, best 5); the last two have none.
    RATING_VALUES = {
        Rating.TRUE: 5,
        Rating.MOSTLY_TRUE: 4,
        Rating.MIXED: 3,
        Rating.MOSTLY_FALSE: 2,
        Rating.FALSE: 1,
    }
    RATIONALE_MAX_LENGTH = 10_000

    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="verdicts", verbose_name=_("claim")
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    rating = models.CharField(_("rating"), max_length=20, choices=Rating.choices)
    rationale = models.TextField(
        _("rationale"),
        max_length=RATIONALE_MAX_LENGTH,
        help_text=_("Why this rating. Markdown: **bold**, *italic*, lists, [links](https://…)."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="verdicts",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=20, choices=VerdictStatus.choices, default=VerdictStatus.DRAFT
    )
    correction_note = models.TextField(
        _("correction note"),
        blank=True,
        help_text=_("Published with a correction: what changed and why."),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="verdicts_approved",
        verbose_name=_("approved by"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["claim", "-version"]
        verbose_name = _("verdict")
        verbose_name_plural = _("verdicts")
        constraints = [
            # Also the index behind "the claim's latest verdict".
            models.UniqueConstraint(
                fields=["claim", "version"], name="annotations_verdict_version_unique"
            ),
            models.CheckConstraint(
                condition=Q(rating__in=VerdictRating.values),
                name="annotations_verdict_rating_valid",
            ),
            # Four eyes: whoever approves a verdict is never its author.
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("author")),
                name="annotations_verdict_four_eyes",
            ),
            models.CheckConstraint(
                condition=~Q(status=VerdictStatus.PUBLISHED)
                | Q(approved_by__isnull=False, published_at__isnull=False),
                name="annotations_verdict_published_is_approved",
            ),
            # A published correction says publicly what changed.
            models.CheckConstraint(
                condition=Q(version=1)
                | ~Q(status=VerdictStatus.PUBLISHED)
                | ~Q(correction_note=""),
                name="annotations_verdict_correction_has_note",
            ),
        ]
        indexes = [
            # The moderation queue: verdicts in review, oldest first.
            models.Index(fields=["status", "updated_at"], name="annotations_verdict_queue_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_rating_display()} (v{self.version})"

    Status = VerdictStatus

    @property
    def rating_value(self) -> int | None:
        return self.RATING_VALUES.get(self.rating)


class ReviewDecision(models.TextChoices):
    OPEN = "open", _("Open")
    APPROVED = "approved", _("Approved")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")


class Review(models.Model):
    """A moderator's review of a submitted verdict version: open until decided."""

    Decision = ReviewDecision

    claim = models.ForeignKey(
        Claim, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("claim")
    )
    verdict = models.ForeignKey(
        Verdict, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("verdict")
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="reviews_submitted",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    decision = models.CharField(
        _("decision"), max_length=20, choices=Decision.choices, default=Decision.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviews_decided",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["submitted_at", "id"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            # One open review per claim (as wagtail's one in-progress workflow state).
            models.UniqueConstraint(
                fields=["claim"],
                condition=Q(decision=ReviewDecision.OPEN),
                name="annotations_review_one_open_per_claim",
            ),
            models.CheckConstraint(
                condition=Q(decision=ReviewDecision.OPEN, decided_by__isnull=True)
                | Q(decided_by__isnull=False, decided_at__isnull=False)
                & ~Q(decision=ReviewDecision.OPEN),
                name="annotations_review_decided_consistently",
            ),
            # Sending back always says why.
            models.CheckConstraint(
                condition=~Q(decision=ReviewDecision.CHANGES_REQUESTED) | ~Q(comment=""),
                name="annotations_review_changes_have_comment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.claim_id} v{self.verdict_id}: {self.decision}"


class BlindReviewStatus(models.TextChoices):
    OPEN = "open", _("Waiting for a reviewer")
    IN_PROGRESS = "in_progress", _("Being written")
    SUBMITTED = "submitted", _("In: waiting for the moderator")
    DECIDED = "decided", _("Decided")
    CANCELLED = "cancelled", _("Cancelled")


# A second verdict still to come: the claim waits for it before a moderator decides.
BLIND_PENDING_STATUSES = (BlindReviewStatus.OPEN, BlindReviewStatus.IN_PROGRESS)
# Requested and not yet decided nor cancelled: one at a time per claim.
BLIND_ACTIVE_STATUSES = (*BLIND_PENDING_STATUSES, BlindReviewStatus.SUBMITTED)


class BlindReviewOutcome(models.TextChoices):
    FIRST = "first", _("The first verdict was approved")
    SECOND = "second", _("The second verdict was approved")
    SENT_BACK = "sent_back", _("Sent back to the author")


class BlindReviewReason(models.TextChoices):
    REQUESTED = "requested", _("Asked for by a moderator")
    REQUIRED_ALL = "required_all", _("Required for every claim")
    REQUIRED_EXTREME = "required_extreme", _("Required for a rating at an end of the scale")


class BlindReview(models.Model):
    """A second, independent verdict on a claim in review: written by another reviewer
    who sees neither the first verdict nor its evidence, while its author does not see
    it either. The moderator then compares the two and decides. The two ratings, kept
    here as they were given, are the data of the agreement page (Krippendorff's alpha).
    """

    Status = BlindReviewStatus
    Outcome = BlindReviewOutcome
    Reason = BlindReviewReason

    SOURCES_MAX_LENGTH = 5000

    claim = models.ForeignKey(
        Claim, on_delete=models.PROTECT, related_name="blind_reviews", verbose_name=_("claim")
    )
    # The verdict version in review when the second verdict was asked for, and its author
    # (kept apart: the pair of reviewers of the agreement page, and the four-eyes checks).
    first_verdict = models.ForeignKey(
        Verdict, on_delete=models.PROTECT, related_name="+", verbose_name=_("first verdict")
    )
    first_author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("first verdict's author"),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="blind_reviews",
        verbose_name=_("second reviewer"),
    )
    taken_at = models.DateTimeField(_("taken at"), null=True, blank=True)
    rating = models.CharField(_("rating"), max_length=20, choices=VerdictRating.choices, blank=True)
    rationale = models.TextField(
        _("rationale"), max_length=Verdict.RATIONALE_MAX_LENGTH, blank=True
    )
    sources = models.TextField(
        _("sources"),
        max_length=SOURCES_MAX_LENGTH,
        blank=True,
        help_text=_("The sources this verdict rests on, one web address per line."),
    )
    # The first verdict's rating when the second came in (it cannot change while in review).
    first_rating = models.CharField(
        _("first rating"), max_length=20, choices=VerdictRating.choices, blank=True
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "id"]
        verbose_name = _("blind second verdict")
        verbose_name_plural = _("blind second verdicts")
        constraints = [
            # One second verdict at a time per claim.
            models.UniqueConstraint(
                fields=["claim"],
                condition=Q(status__in=BLIND_ACTIVE_STATUSES),
                name="annotations_blindreview_one_active_per_claim",
            ),
            models.CheckConstraint(
                condition=Q(status__in=BlindReviewStatus.values),
                name="annotations_blindreview_status_valid",
            ),
            # Never the first verdict's author.
            models.CheckConstraint(
                condition=Q(reviewer__isnull=True) | ~Q(reviewer=F("first_author")),
                name="annotations_blindreview_another_reviewer",
            ),
            # Taken: a reviewer; in: both ratings and a rationale; decided: by a moderator
            # who wrote neither verdict.
            models.CheckConstraint(
                condition=Q(status=BlindReviewStatus.OPEN)
                | Q(status=BlindReviewStatus.CANCELLED)
                | Q(reviewer__isnull=False, taken_at__isnull=False),
                name="annotations_blindreview_taken_has_reviewer",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[BlindReviewStatus.SUBMITTED, BlindReviewStatus.DECIDED])
                | (
                    Q(submitted_at__isnull=False)
                    & ~Q(rating="")
                    & ~Q(first_rating="")
                    & ~Q(rationale="")
                ),
                name="annotations_blindreview_submitted_is_complete",
            ),
            models.CheckConstraint(
                condition=~Q(status=BlindReviewStatus.DECIDED)
                | (Q(decided_by__isnull=False, decided_at__isnull=False) & ~Q(outcome="")),
                name="annotations_blindreview_decided_consistently",
            ),
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True)
                | (~Q(decided_by=F("first_author")) & ~Q(decided_by=F("reviewer"))),
                name="annotations_blindreview_four_eyes",
            ),
        ]
        indexes = [
            # The reviewers' queue: open slots, oldest first; a reviewer's own.
            models.Index(fields=["status", "requested_at"], name="annotations_blind_queue_idx"),
            models.Index(fields=["reviewer", "status"], name="annotations_blind_mine_idx"),
            # The agreement page: the second verdicts that came in, by date.
            models.Index(
                fields=["submitted_at"],
                condition=Q(submitted_at__isnull=False),
                name="annotations_blind_in_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.claim_id}: {self.status}"

    @property
    def is_pending(self) -> bool:
        return self.status in BLIND_PENDING_STATUSES


class EventQuerySet(models.QuerySet):
    """The audit trail is append-only: no bulk update or delete through the ORM."""

    def update(self, **kwargs):
        raise PermissionDenied("Claim events are append-only.")

    def delete(self):
        raise PermissionDenied("Claim events are append-only.")


class ClaimEvent(models.Model):
    """One line of a claim's history: who did what, when, with the values before and after.

    Append-only (like healthchecks' Flip): the app never updates or deletes a row, and on
    PostgreSQL a trigger refuses UPDATE and DELETE on the table.
    """

    class Action(models.TextChoices):
        CREATED = "created", _("created the claim")
        EDITED = "edited", _("edited the claim")
        EVIDENCE_ADDED = "evidence_added", _("added evidence")
        EVIDENCE_EDITED = "evidence_edited", _("edited evidence")
        EVIDENCE_REMOVED = "evidence_removed", _("removed evidence")
        VERDICT_SET = "verdict_set", _("set the verdict")
        SUBMITTED = "submitted", _("submitted for review")
        CHANGES_REQUESTED = "changes_requested", _("requested changes")
        PUBLISHED = "published", _("approved and published")
        CORRECTION_STARTED = "correction_started", _("started a correction")
        CORRECTED = "corrected", _("approved and published a correction")
        RETRACTED = "retracted", _("retracted the claim")
        REANCHORED = "reanchored", _("re-anchored the claim in a new version of the article")
        SPAN_CONFIRMED = "span_confirmed", _("confirmed the claim's passage in the new version")
        SAME_CLAIM_MARKED = (
            "same_claim_marked",
            _("marked it as the same claim as a published fact-check"),
        )
        SAME_CLAIM_UNMARKED = "same_claim_unmarked", _("removed a “same claim as” mark")
        BLIND_REQUESTED = "blind_requested", _("asked for a second, blind verdict")
        BLIND_SUBMITTED = "blind_submitted", _("gave the second, blind verdict")
        BLIND_CANCELLED = "blind_cancelled", _("cancelled the second, blind verdict")
        BLIND_SECOND_APPROVED = (
            "blind_second_chosen",
            _("chose the second verdict over the first"),
        )

    claim = models.ForeignKey(
        Claim, on_delete=models.PROTECT, related_name="events", verbose_name=_("claim")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="claim_events",
        verbose_name=_("actor"),
    )
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20, blank=True)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now, editable=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["claim", "created_at", "id"]
        verbose_name = _("claim event")
        verbose_name_plural = _("claim events")
        indexes = [
            # A claim's timeline, in order.
            models.Index(fields=["claim", "created_at", "id"], name="annotations_event_claim_idx"),
            # The team dashboard: submissions and decisions of a period (weekly counts,
            # time to decision), read by action and date without the rest of the history.
            models.Index(fields=["action", "created_at"], name="annotations_event_action_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.claim_id} {self.action} by {self.actor_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionDenied("Claim events are append-only.")
        # Always an INSERT: an instance made with an existing pk must not overwrite it.
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Claim events are append-only.")

    @property
    def from_status_label(self) -> str:
        return claim_status_label(self.from_status)

    @property
    def to_status_label(self) -> str:
        return claim_status_label(self.to_status)


class PublicRevision(models.Model):
    """A counter of changes to what the public sees, in one row.

    Every publication, correction and retraction adds one to it, in the transaction that
    makes the change (``services.public_changed``). The ETag of every list and feed of
    public claims is this number, read by primary key: one cheap query whatever the
    number of claims, where an aggregate over all public claims grows with them. The
    row lock of the increment orders concurrent changes, so the number seen after a
    commit is always new (a timestamp could be read before an earlier one commits).
    """

    SINGLETON = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON)
    number = models.PositiveBigIntegerField(_("number"), default=0)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("public revision")
        verbose_name_plural = _("public revisions")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="annotations_publicrevision_one_row"),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.changed_at:%Y-%m-%d %H:%M:%S})"


class Notification(models.Model):
    """Something a user should see in their inbox (their claim approved or sent back)."""

    class Kind(models.TextChoices):
        PUBLISHED = "published", _("Your claim was approved and published")
        CHANGES_REQUESTED = "changes_requested", _("Changes were requested on your claim")
        CORRECTED = "corrected", _("Your correction was approved and published")
        RETRACTED = "retracted", _("A claim of yours was retracted")
        BLIND_ASSIGNED = "blind_assigned", _("A second, blind verdict was asked of you")
        BLIND_IN = "blind_in", _("The second verdict you asked for is in")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("claim")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now, editable=False)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            # The inbox and its unread count.
            models.Index(
                fields=["recipient", "read_at", "-created_at"], name="annotations_notif_inbox_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.kind} ({self.claim_id})"


# --- Webhooks -----------------------------------------------------------------------------


def new_webhook_secret() -> str:
    """A fresh signing key for a webhook endpoint."""
    return secrets.token_urlsafe(32)


class WebhookEvent(models.TextChoices):
    """What a subscriber can be told: the values of ``claim_published``'s ``kind``, and
    a published claim's passage changed by a new version of its article."""

    PUBLISHED = "published", pgettext_lazy("event", "Published")
    CORRECTED = "corrected", _("Corrected")
    RETRACTED = "retracted", _("Retracted")
    PASSAGE_CHANGED = "passage_changed", _("Passage changed in a new version of the article")


class WebhookEndpoint(models.Model):
    """A URL that receives a signed JSON POST when a claim is published, corrected or
    retracted, or its passage changes in a new version of the article. Registered by
    admins; see ``annotations.webhooks``."""

    Event = WebhookEvent

    URL_MAX_LENGTH = URL_MAX_LENGTH

    name = models.CharField(_("name"), max_length=200, help_text=_("Who receives it."))
    url = models.URLField(
        _("URL"),
        max_length=URL_MAX_LENGTH,
        help_text=_("http(s); private and loopback addresses are refused."),
    )
    secret = models.CharField(
        _("secret"),
        max_length=100,
        default=new_webhook_secret,
        editable=False,
        help_text=_("Key of the X-Factcheck-Signature HMAC; give it to the receiver."),
    )
    active = models.BooleanField(_("active"), default=True)
    on_published = models.BooleanField(_("on publication"), default=True)
    on_corrected = models.BooleanField(_("on correction"), default=True)
    on_retracted = models.BooleanField(_("on retraction"), default=True)
    on_passage_changed = models.BooleanField(
        _("on a changed passage"),
        default=False,
        help_text=_(
            "When a new version of an article changes or removes the passage of a "
            "published claim (an event receivers may not know yet: off unless chosen)."
        ),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        constraints = [
            models.CheckConstraint(
                condition=Q(url__startswith="http://") | Q(url__startswith="https://"),
                name="annotations_webhook_url_http",
            ),
            models.CheckConstraint(
                condition=~Q(secret=""), name="annotations_webhook_secret_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.url})"

    def clean(self):
        super().clean()
        if self.url:
            try:
                check_url(self.url, allow_private=settings.WEBHOOKS_ALLOW_PRIVATE)
            except UnsafeURL as exc:
                raise ValidationError({"url": str(exc)}) from None


class WebhookDeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed (gave up)")


class WebhookDelivery(models.Model):
    """One event sent to one endpoint, with the log of its latest attempt.

    Pending while ``next_attempt_at`` is set; ``deliver_webhooks`` sends those that are
    due, with exponential backoff, until delivered or ``WEBHOOK_MAX_ATTEMPTS`` is reached.
    """

    Status = WebhookDeliveryStatus

    endpoint = models.ForeignKey(
        WebhookEndpoint,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("endpoint"),
    )
    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="webhook_deliveries", verbose_name=_("claim")
    )
    event = models.CharField(_("event"), max_length=20, choices=WebhookEvent.choices)
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(
        _("next attempt at"),
        null=True,
        blank=True,
        help_text=_("Empty once delivered or given up."),
    )
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    last_status_code = models.PositiveIntegerField(_("last HTTP status"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    last_response = models.TextField(_("response excerpt"), blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=WebhookDeliveryStatus.DELIVERED)
                | Q(delivered_at__isnull=False),
                name="annotations_webhook_delivered_has_date",
            ),
            models.CheckConstraint(
                condition=Q(status=WebhookDeliveryStatus.PENDING) | Q(next_attempt_at__isnull=True),
                name="annotations_webhook_done_not_scheduled",
            ),
        ]
        indexes = [
            # deliver_webhooks: the pending deliveries that are due, oldest first.
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(next_attempt_at__isnull=False),
                name="annotations_webhook_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} #{self.claim_id} -> {self.endpoint_id} ({self.status})"


# --- Idempotency keys of the write API ------------------------------------------------------


class IdempotencyKey(models.Model):
    """The answer to an API write sent with an ``Idempotency-Key`` header.

    Stored in the transaction of the write itself, so that a committed write always has
    its answer here: a client that retries (after a timeout, a 500, a lost connection)
    with the same key gets this answer again instead of a second write. Keys are per
    user and live ``IDEMPOTENCY_KEY_HOURS`` (24 by default).
    """

    KEY_MAX_LENGTH = 255

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
    )
    key = models.CharField(_("key"), max_length=KEY_MAX_LENGTH)
    fingerprint = models.CharField(
        _("fingerprint"),
        max_length=64,
        help_text=_("SHA-256 of the request's method, path, body and user."),
    )
    status_code = models.PositiveSmallIntegerField(_("HTTP status"))
    # The JSON text as first answered: a text column keeps the order of its keys, where
    # PostgreSQL's jsonb would sort them and the answer would not read the same again.
    body = models.TextField(_("body"))
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [
            # One answer per key and user (the lookup of a retry uses this index).
            models.UniqueConstraint(
                fields=["user", "key"], name="annotations_idempotencykey_user_key_unique"
            ),
        ]
        indexes = [
            # purge_idempotency_keys: the expired keys, oldest first.
            models.Index(fields=["created_at"], name="annotations_idem_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.key} ({self.status_code})"


# --- Other organisations' fact-checks (ClaimReview imports) ---------------------------------


class ExternalFactCheck(models.Model):
    """A fact-check published by another organisation, imported from its ClaimReview
    feed or a CSV file (``import_claimreviews``, or the admin's upload form).

    The review's URL identifies it: importing the same review again updates this row.
    """

    SOURCE_MAX_LENGTH = 500

    claim = models.TextField(_("claim"))
    rating = models.CharField(_("rating"), max_length=200)
    review_url = models.URLField(_("review URL"), max_length=2000)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    published_on = models.DateField(_("date"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=8)
    source = models.CharField(
        _("source"), max_length=SOURCE_MAX_LENGTH, help_text=_("The feed's URL or the file's name.")
    )
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("external fact-check")
        verbose_name_plural = _("external fact-checks")
        ordering = ["-published_on", "-id"]
        constraints = [
            # Imports are idempotent on the review's URL (the lookup uses this index).
            models.UniqueConstraint(
                fields=["review_url"], name="annotations_externalfactcheck_url_unique"
            ),
            models.CheckConstraint(
                condition=Q(review_url__startswith="http://")
                | Q(review_url__startswith="https://"),
                name="annotations_externalfactcheck_url_http",
            ),
        ]
        indexes = [
            # The admin's list and matching by language: newest first within a language.
            models.Index(fields=["language", "-published_on"], name="annotations_extfc_lang_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.claim[:60]}"


class FactCheckVector(models.Model):
    """The sentence vector of a published fact-check, ours (a public claim) or another
    organisation's, for claim matching: int8 bytes, one a dimension, computed by the model
    named in ``model_id`` (a vector of another model is computed again)."""

    claim = models.OneToOneField(
        Claim,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="match_vector",
        verbose_name=_("claim"),
    )
    external = models.OneToOneField(
        ExternalFactCheck,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="match_vector",
        verbose_name=_("external fact-check"),
    )
    model_id = models.CharField(_("model"), max_length=200)
    vector = models.BinaryField(_("vector"))
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)

    class Meta:
        verbose_name = _("fact-check vector")
        verbose_name_plural = _("fact-check vectors")
        constraints = [
            # Ours or theirs, never both nor neither.
            models.CheckConstraint(
                condition=Q(claim__isnull=True, external__isnull=False)
                | Q(claim__isnull=False, external__isnull=True),
                name="annotations_factcheckvector_one_owner",
            ),
        ]

    def __str__(self) -> str:
        owner = f"claim {self.claim_id}" if self.claim_id else f"external {self.external_id}"
        return f"{owner} ({self.model_id})"


class SameClaim(models.Model):
    """A claim marked by a person as the same claim as one already fact-checked: one of
    our public claims (``earlier``) or another organisation's review (``external``).

    The public page, the API and the ClaimReview of the claim point to it. Marking and
    unmarking are recorded in the claim's history (``ClaimEvent``).
    """

    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="same_claims", verbose_name=_("claim")
    )
    # PROTECT on both targets: a link shown in public is never removed silently by the
    # deletion of what it points to (it is unmarked, which the claim's history records).
    earlier = models.ForeignKey(
        Claim,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="later_same_claims",
        verbose_name=_("our fact-check"),
    )
    external = models.ForeignKey(
        ExternalFactCheck,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="same_claims",
        verbose_name=_("external fact-check"),
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("marked by"),
    )
    marked_at = models.DateTimeField(_("marked at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["claim", "marked_at", "id"]
        verbose_name = _("same claim link")
        verbose_name_plural = _("same claim links")
        constraints = [
            # Ours or theirs, never both nor neither.
            models.CheckConstraint(
                condition=Q(earlier__isnull=False, external__isnull=True)
                | Q(earlier__isnull=True, external__isnull=False),
                name="annotations_sameclaim_one_target",
            ),
            models.CheckConstraint(
                condition=~Q(earlier=F("claim")), name="annotations_sameclaim_not_itself"
            ),
            # One link per pair. Also the indexes behind "the claim's links" (claim first).
            models.UniqueConstraint(
                fields=["claim", "earlier"],
                condition=Q(earlier__isnull=False),
                name="annotations_sameclaim_earlier_unique",
            ),
            models.UniqueConstraint(
                fields=["claim", "external"],
                condition=Q(external__isnull=False),
                name="annotations_sameclaim_external_unique",
            ),
        ]

    def __str__(self) -> str:
        target = f"claim {self.earlier_id}" if self.earlier_id else f"external {self.external_id}"
        return f"{self.claim_id} = {target}"


def public_name(display_name: str, sign_as_team: bool) -> str:
    """The name a person signs public fact-checks with: their display name, or the team's
    (``PUBLISHER_NAME``) when they chose to sign with it or set no display name. Never
    the login name nor the e-mail address."""
    name = (display_name or "").strip()
    return settings.PUBLISHER_NAME if sign_as_team or not name else name


class Profile(models.Model):
    """What a person chose to be called in public: the name that signs the fact-checks
    they checked or approved (on the public page, in the API and the ClaimReview).

    Optional: a user without a profile, or with an empty display name, signs with the
    team's name. Read with ``select_related("…__profile")`` (one join, no query per row).
    """

    DISPLAY_NAME_MAX_LENGTH = 100

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="profile",
        verbose_name=_("user"),
    )
    display_name = models.CharField(
        _("display name"),
        max_length=DISPLAY_NAME_MAX_LENGTH,
        blank=True,
        help_text=_("The name shown on the public fact-checks you checked or approved."),
    )
    sign_as_team = models.BooleanField(
        _("sign with the team's name"),
        default=False,
        help_text=_("Show the team's name instead of yours on public fact-checks."),
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        return public_name(self.display_name, self.sign_as_team)

    @property
    def signs_in_person(self) -> bool:
        """True when a person's own name is shown (not the team's)."""
        return not self.sign_as_team and bool(self.display_name.strip())


def public_name_of(user) -> str:
    """``user``'s public name, the team's without a profile (the profile must have been
    selected with the user: ``select_related("…__profile")``)."""
    profile = getattr(user, "profile", None) if user is not None else None
    return profile.public_name if profile is not None else public_name("", True)
