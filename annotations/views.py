from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from annotations import permissions, selectors, services
from annotations.forms import ArticleImportForm
from annotations.models import Article

ARTICLES_PER_PAGE = 50


def role_required(check):
    """Anonymous users go to the login page; logged-in users without the role get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return redirect("annotations:article_list")


@require_GET
@role_required(permissions.can_view_articles)
def article_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.article_list(), ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "annotations/article_list.html", {"page": page})


def _get_article_for_user(user, pk: int) -> Article:
    if not permissions.can_view_articles(user):
        raise PermissionDenied
    return get_object_or_404(Article.objects.select_related("imported_by"), pk=pk)


@require_GET
@role_required(permissions.can_view_articles)
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = _get_article_for_user(request.user, pk)
    context = {
        "article": article,
        "tags": list(article.tags.all()),
        "paragraphs": selectors.article_sentences(article),
    }
    return render(request, "annotations/article_detail.html", context)


@require_http_methods(["GET", "POST"])
@role_required(permissions.can_import_articles)
def article_import(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = ArticleImportForm(request.POST, request.FILES)
        if form.is_valid():
            result = services.article_import(
                parsed=form.parsed, import_format=form.import_format, imported_by=request.user
            )
            for note in result.notes:
                messages.info(request, note)
            if result.created:
                messages.success(
                    request,
                    _("Imported “%(title)s”: %(count)d sentences.")
                    % {"title": result.article.title, "count": result.article.sentences.count()},
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
