from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from annotations.models import Article, Sentence, Tag


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


@admin.register(Sentence)
class SentenceAdmin(admin.ModelAdmin):
    list_display = ("article", "position", "paragraph", "is_headline", "start", "end")
    list_filter = ("is_headline",)
    list_select_related = ("article",)
    search_fields = ("article__title",)
    readonly_fields = ("article", "position", "paragraph", "is_headline", "start", "end")

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ("name",)
