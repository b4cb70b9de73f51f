"""The domain: articles cut into sentences (claims, evidence and verdicts build on them).

Invariants live in the database, named, so that no code path can break them:
offsets are ordered and non-negative, a sentence's position is unique within
its article, an article's content hash is unique (re-importing is a no-op).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
    source_url = models.URLField(_("source URL"), max_length=2000, blank=True)
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


class Claim(models.Model):
    """A checkable statement: a character range of an article's body, restated by a reviewer."""

    Status = ClaimStatus

    TEXT_MAX_LENGTH = 1000
    CLAIMANT_MAX_LENGTH = 200
    # Characters kept on each side of the quote to re-anchor it if the text changes
    # (as in the W3C TextQuoteSelector's prefix and suffix).
    CONTEXT_LENGTH = 32

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
        ]
        indexes = [
            # The annotate page: an article's claims in reading order.
            models.Index(fields=["article", "start", "end"], name="annotations_claim_article_idx"),
            # "My drafts": a reviewer's claims by status, most recently changed first.
            models.Index(
                fields=["author", "status", "-updated_at"], name="annotations_claim_author_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        return reverse("annotations:claim_detail", args=[self.pk])


class Evidence(models.Model):
    """A source that supports, refutes or gives context to a claim."""

    Stance = EvidenceStance

    URL_MAX_LENGTH = 2000
    TITLE_MAX_LENGTH = 300
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
        ]

    def __str__(self) -> str:
        return f"{self.get_rating_display()} (v{self.version})"

    @property
    def rating_value(self) -> int | None:
        return self.RATING_VALUES.get(self.rating)
