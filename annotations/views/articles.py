"""The articles: the list and the import form (the annotate page is in ``annotate``)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from annotations import permissions, selectors, services
from annotations.forms import ArticleImportForm
from annotations.views.common import body_size_checked, page_of, role_required
from annotations.views.versions import offer_new_version

ARTICLES_PER_PAGE = 50


@require_safe
@role_required(permissions.can_view_articles)
def article_list(request: HttpRequest) -> HttpResponse:
    page = page_of(request, selectors.article_list(), ARTICLES_PER_PAGE)
    return render(request, "annotations/article_list.html", {"page": page})


def _import_too_large(request: HttpRequest) -> HttpResponse:
    try:
        size = int(request.META.get("CONTENT_LENGTH") or "")
    except ValueError:
        size = None
    form = ArticleImportForm.for_unreadable_request(size=size)
    return render(request, "annotations/article_import.html", {"form": form}, status=413)


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(permissions.can_import_articles)
@body_size_checked(_import_too_large)
def article_import(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = ArticleImportForm(request.POST, request.FILES)
        if form.is_valid():
            # Like an article already here: offered as its new version first.
            offer = offer_new_version(request, form)
            if offer is not None:
                return offer
            result = services.article_import(
                parsed=form.parsed, import_format=form.import_format, imported_by=request.user
            )
            for note in result.notes:
                messages.info(request, note)
            if result.created:
                count = result.sentence_count
                messages.success(
                    request,
                    ngettext(
                        "Imported “%(title)s”: %(count)d sentence.",
                        "Imported “%(title)s”: %(count)d sentences.",
                        count,
                    )
                    % {"title": result.article.title, "count": count},
                )
            else:
                messages.info(
                    request,
                    _("This article was already imported; here it is. Nothing was changed."),
                )
            return redirect(result.article)
    else:
        form = ArticleImportForm()
    return render(request, "annotations/article_import.html", {"form": form})
