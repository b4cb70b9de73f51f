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
