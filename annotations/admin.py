"""The Django admin: articles editable, everything a claim went through read-only.

Deleting is refused where it would break what the claims rest on: a sentence (the claims
on it would lose their highlight), an article that has claims (they quote it), and a
claim or anything of its workflow (evidence, verdicts, reviews, history), which change only
through the app's services. The delete page answers 403, and the delete action is not
offered, or refuses with a message.
"""

from django.contrib import admin, messages
from django.contrib.admin import actions as admin_actions
from django.db import models
from django.http import HttpResponseRedirect
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from annotations import services
from annotations.models import (
    Article,
    ArticleVersion,
    Claim,
    ClaimEvent,
    Evidence,
    Notification,
    Review,
    Sentence,
    Tag,
    Verdict,
)


class UndeletableAdmin(admin.ModelAdmin):
    """Never deleted from the admin: no delete page (403), no delete action, and a delete
    action posted all the same is refused with a message."""

    deletion_refused = _(
        "%(objects)s are never deleted here: they change only through the app, which keeps "
        "their history."
    )

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def changelist_view(self, request, extra_context=None):
        # Without a delete action Django would just show the list again, saying nothing.
        if request.method == "POST" and request.POST.get("action") == "delete_selected":
            objects = capfirst(self.model._meta.verbose_name_plural)
            self.message_user(request, self.deletion_refused % {"objects": objects}, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
        return super().changelist_view(request, extra_context)


class SentenceInline(admin.TabularInline):
    model = Sentence
    fields = ("position", "paragraph", "is_headline", "start", "end", "text")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    @admin.display(description=_("text"))
    def text(self, obj: Sentence) -> str:
        return obj.article.body[obj.start : obj.end]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "publisher", "language", "published_at", "imported_by", "imported_at")
    list_filter = ("language", "import_format", "tags")
    search_fields = ("title", "publisher", "author")
    date_hierarchy = "published_at"
    list_select_related = ("imported_by",)
    # Offsets of sentences (and later claims) refer to the body: it is read-only here.
    readonly_fields = ("body", "content_hash", "import_format", "imported_by", "imported_at")
    filter_horizontal = ("tags",)
    inlines = [SentenceInline]
    # A source URL typed without a scheme is taken as https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    actions = ["delete_selected"]

    def save_model(self, request, obj, form, change):
        # Inside the admin's own transaction: the ETags move with the edit, or not at all.
        super().save_model(request, obj, form, change)
        if change and form.has_changed():
            services.article_metadata_changed(article=obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        # An article that has claims stays: they quote it, and their history refers to it.
        if obj is not None and obj.claims.exists():
            return False
        return super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        # Its sentences go with it (they cannot be deleted one by one).
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        perms_needed.discard(Sentence._meta.verbose_name)
        return deleted, counts, perms_needed, protected

    @admin.action(
        permissions=["delete"], description=admin_actions.delete_selected.short_description
    )
    def delete_selected(self, request, queryset):
        """Django's action, refused as a whole when the selection has an article with claims."""
        claimed = list(
            queryset.filter(claims__isnull=False).distinct().values_list("title", flat=True)
        )
        if claimed:
            self.message_user(
                request,
                _(
                    "Nothing was deleted. These articles have claims, which quote them, and "
                    "cannot be deleted: %(titles)s"
                )
                % {"titles": "; ".join(claimed)},
                messages.ERROR,
            )
            return None
        return admin_actions.delete_selected(self, request, queryset)


@admin.register(Sentence)
class SentenceAdmin(UndeletableAdmin):
    list_display = ("article", "position", "paragraph", "is_headline", "start", "end")
    list_filter = ("is_headline",)
    list_select_related = ("article",)
    search_fields = ("article__title",)
    readonly_fields = ("article", "position", "paragraph", "is_headline", "start", "end")
    deletion_refused = _(
        "%(objects)s are not deleted one by one: the claims on them would lose their "
        "highlight. An article without claims can be deleted, with its sentences."
    )

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ("name",)


class ReadOnlyAdmin(UndeletableAdmin):
    """Claims and their workflow change only through the app's services, which check
    permissions and states and write the audit trail: the admin shows, never edits."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ArticleVersion)
class ArticleVersionAdmin(ReadOnlyAdmin):
    """An article's earlier texts: claims were checked in them, so they are kept as they
    were imported."""

    list_display = ("article", "number", "title", "imported_by", "imported_at")
    list_select_related = ("article", "imported_by")
    search_fields = ("title",)

    def has_delete_permission(self, request, obj=None) -> bool:
        # Never on their own; with their article, when it may go (it has no claims).
        return obj is not None and not obj.article.claims.exists()


@admin.register(Claim)
class ClaimAdmin(ReadOnlyAdmin):
    list_display = ("text", "status", "author", "article", "updated_at", "version")
    list_filter = ("status",)
    list_select_related = ("author", "article")
    search_fields = ("text", "claimant", "quote")
    date_hierarchy = "created_at"


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ("title", "stance", "claim", "added_by", "added_at")
    list_filter = ("stance",)
    list_select_related = ("claim", "added_by")
    search_fields = ("title", "url", "publisher")


@admin.register(Verdict)
class VerdictAdmin(ReadOnlyAdmin):
    list_display = ("claim", "version", "rating", "status", "author", "approved_by")
    list_filter = ("status", "rating")
    list_select_related = ("claim", "author", "approved_by")


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ("claim", "decision", "submitted_by", "submitted_at", "decided_by")
    list_filter = ("decision",)
    list_select_related = ("claim", "submitted_by", "decided_by")


@admin.register(ClaimEvent)
class ClaimEventAdmin(ReadOnlyAdmin):
    list_display = ("claim", "action", "actor", "created_at", "from_status", "to_status")
    list_filter = ("action",)
    list_select_related = ("claim", "actor")


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("recipient", "kind", "claim", "created_at", "read_at")
    list_filter = ("kind",)
    list_select_related = ("recipient", "claim")


# --- Webhooks -------------------------------------------------------------------------

from django.db import models  # noqa: E402

from annotations.models import WebhookDelivery, WebhookEndpoint  # noqa: E402


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    """URL checks (http(s), public addresses only) run in the model's ``clean``."""

    list_display = (
        "name",
        "url",
        "active",
        "on_published",
        "on_corrected",
        "on_retracted",
        "on_passage_changed",
    )
    list_filter = ("active",)
    search_fields = ("name", "url")
    fields = (
        "name",
        "url",
        "active",
        ("on_published", "on_corrected", "on_retracted", "on_passage_changed"),
        "secret",
        "created_at",
    )
    readonly_fields = ("secret", "created_at")
    actions = ["rotate_secret"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.action(description=_("Generate a new secret (receivers must be given it)"))
    def rotate_secret(self, request, queryset):
        services.webhook_secrets_rotate(endpoints=queryset)
        self.message_user(request, _("New secrets generated: give them to the receivers."))


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "endpoint",
        "event",
        "claim",
        "status",
        "attempts",
        "last_status_code",
        "next_attempt_at",
        "delivered_at",
    )
    list_filter = ("status", "event", "endpoint")
    list_select_related = ("endpoint", "claim")
    date_hierarchy = "created_at"


# --- Other organisations' fact-checks -------------------------------------------------------

from django import forms  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.exceptions import PermissionDenied  # noqa: E402
from django.template.response import TemplateResponse  # noqa: E402
from django.urls import path, reverse  # noqa: E402

from annotations import importing, permissions  # noqa: E402
from annotations.importing import claimreview  # noqa: E402
from annotations.models import ExternalFactCheck  # noqa: E402


class ClaimReviewUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "ClaimReview JSON-LD (a feed, JSON Lines or a web page) or CSV with the columns "
            "claim, rating, url, organisation, date, language."
        ),
    )


@admin.register(ExternalFactCheck)
class ExternalFactCheckAdmin(admin.ModelAdmin):
    """Imported, never typed in: the list, a search, and an upload form (``upload/``) that
    runs the same import as ``manage.py import_claimreviews``."""

    list_display = ("claim", "rating", "organisation", "published_on", "language", "source")
    list_filter = ("language", "organisation")
    search_fields = ("claim", "organisation", "review_url")
    date_hierarchy = "published_on"
    readonly_fields = (
        "claim",
        "rating",
        "review_url",
        "organisation",
        "published_on",
        "language",
        "source",
        "imported_at",
    )
    change_list_template = "admin/annotations/externalfactcheck/change_list.html"

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def get_urls(self):
        upload = path(
            "upload/",
            self.admin_site.admin_view(self.upload_view),
            name="annotations_externalfactcheck_upload",
        )
        return [upload, *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_upload": permissions.can_import_external_factchecks(request.user),
        }
        return super().changelist_view(request, extra_context)

    def upload_view(self, request):
        if not permissions.can_import_external_factchecks(request.user):
            raise PermissionDenied
        result = None
        form = ClaimReviewUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                importing.check_size(upload.size, max_bytes=settings.IMPORT_MAX_BYTES)
                content, _notes = importing.decode_bytes(
                    upload.read(), max_bytes=settings.IMPORT_MAX_BYTES
                )
            except importing.ArticleParseError as exc:
                form.add_error("file", str(exc))
            else:
                parsed = claimreview.parse(content, filename=upload.name)
                result = services.external_factchecks_import(
                    rows=parsed.rows, source=upload.name, refused=parsed.errors
                )
                level = messages.WARNING if result.refused else messages.SUCCESS
                self.message_user(
                    request,
                    _(
                        "%(created)d created, %(updated)d updated, %(unchanged)d unchanged, "
                        "%(refused)d refused."
                    )
                    % {
                        "created": result.created,
                        "updated": result.updated,
                        "unchanged": result.unchanged,
                        "refused": len(result.refused),
                    },
                    level,
                )
                if not result.refused:
                    changelist = "admin:annotations_externalfactcheck_changelist"
                    return HttpResponseRedirect(reverse(changelist))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import fact-checks (ClaimReview or CSV)"),
            "form": form,
            "result": result,
        }
        return TemplateResponse(request, "admin/annotations/externalfactcheck/upload.html", context)
