"""Versions of an article's text: import, read, compare; confirm a claim's new passage.

The annotate page shows the current version; a claim whose passage changed or went
keeps its quote until a person confirms the proposed passage or picks another one
(``claim_passage``, from the claim panel).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from annotations import importing, permissions, selectors, services
from annotations.forms import ArticleVersionForm, PassageForm
from annotations.models import AnchorState, ArticleVersion
from annotations.views.common import (
    HtmxHttpRequest,
    get_article_for_user,
    get_claim_for_user,
    role_required,
)
from annotations.views.panel import render_panel

# What the import form sends that is not the article (a form resent as hidden fields).
NOT_THE_ARTICLE = {"csrfmiddlewaretoken", "as_new_article", "force"}


def _typed_fields(request, form) -> list[tuple[str, str]]:
    """What the import form received, as (name, value) pairs to send again; an uploaded
    file becomes its decoded text (a browser cannot send a file again by itself)."""
    fields = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in NOT_THE_ARTICLE and name != "text"
        for value in values
    ]
    upload = form.cleaned_data.get("file")
    if upload:
        upload.seek(0)
        text, _notes = importing.decode_bytes(upload.read(), max_bytes=settings.IMPORT_MAX_BYTES)
    else:
        text = request.POST.get("text", "")
    return [*fields, ("text", text)]


def offer_new_version(request: HtmxHttpRequest, form) -> HttpResponse | None:
    """Before an import (the form is valid): when the text looks like a new version of
    an article already here (same source URL, else same publisher and title), a page
    that offers to import it as such, or as a separate article; else None."""
    if request.POST.get("as_new_article") or not permissions.can_import_versions(request.user):
        return None
    article = selectors.matching_article(form.parsed)
    if article is None or selectors.version_of_text(article, form.parsed) is not None:
        return None  # nothing like it, or a text already here: the import says so
    context = {"article": article, "fields": _typed_fields(request, form)}
    return render(request, "annotations/article_import_match.html", context)


def _summary(result) -> str:
    states = result.states
    return (
        ngettext(
            "Imported version %(number)d of “%(title)s”: %(count)d sentence.",
            "Imported version %(number)d of “%(title)s”: %(count)d sentences.",
            result.sentence_count,
        )
        % {
            "number": result.version.number,
            "title": result.article.title,
            "count": result.sentence_count,
        }
        + " "
        + _("Claims: %(unchanged)d follow the text, %(changed)d changed, %(removed)d removed.")
        % {
            "unchanged": states.get(AnchorState.UNCHANGED, 0),
            "changed": states.get(AnchorState.CHANGED, 0),
            "removed": states.get(AnchorState.REMOVED, 0),
        }
    )


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(permissions.can_import_versions)
def article_version_new(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Import a new version of the article: a file or pasted text, as an import."""
    article = get_article_for_user(request.user, pk)
    asks_force = False
    if request.method == "POST":
        form = ArticleVersionForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                result = services.article_new_version(
                    article=article,
                    parsed=form.parsed,
                    import_format=form.import_format,
                    imported_by=request.user,
                    force=form.cleaned_data["force"],
                )
            except services.VersionRefused as exc:
                asks_force = exc.code == "unrelated"
                form.add_error("force" if asks_force else None, str(exc))
                if asks_force:  # asked again with the text, which the browser drops
                    typed = form.data.copy()
                    for name, value in _typed_fields(request, form):
                        typed[name] = value
                    form.data, form.files = typed, {}
            else:
                for note in result.notes:
                    messages.info(request, note)
                if result.created:
                    messages.success(request, _summary(result))
                else:
                    messages.info(
                        request, _("This text is already the current version; nothing changed.")
                    )
                return redirect(result.article)
    else:
        form = ArticleVersionForm()
    context = {"article": article, "form": form, "asks_force": asks_force}
    return render(request, "annotations/article_version_new.html", context)


def _versions_page_numbers(request, latest: int) -> tuple[int, int] | None:
    """``?from=&to=`` of the comparison (the two latest versions by default)."""
    try:
        old = int(request.GET.get("from", latest - 1))
        new = int(request.GET.get("to", latest))
    except ValueError:
        return None
    return (old, new) if 1 <= old <= latest and 1 <= new <= latest and old != new else None


@require_safe
@role_required(permissions.can_view_articles)
def article_versions(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The article's versions, with their dates and importers, and a comparison of two."""
    article = get_article_for_user(request.user, pk)
    versions = selectors.article_versions(article)
    latest = versions[-1].number if versions else 1
    compared = _versions_page_numbers(request, latest) if len(versions) > 1 else None
    changes = []
    if compared is not None:
        try:
            changes = selectors.versions_compared(article, *compared)
        except ArticleVersion.DoesNotExist:
            raise Http404 from None
    context = {
        "article": article,
        "versions": versions,
        "compared": compared,
        "changes": changes,
        "can_import_versions": permissions.can_import_versions(request.user),
    }
    return render(request, "annotations/article_versions.html", context)


@require_safe
@role_required(permissions.can_view_articles)
def article_version(request: HtmxHttpRequest, pk: int, number: int) -> HttpResponse:
    """One version's text, read only."""
    article = get_article_for_user(request.user, pk)
    try:
        version = selectors.article_version(article, number)
    except ArticleVersion.DoesNotExist:
        raise Http404 from None
    context = {
        "article": article,
        "version": version,
        "paragraphs": selectors.version_paragraphs(version),
    }
    return render(request, "annotations/article_version.html", context)


def _picked_span(request, claim) -> tuple[dict | None, str | None]:
    """The span the reviewer selected in the current text (``?start&end&quote``), checked
    as a new claim's; or a message saying what is wrong."""
    try:
        start, end = int(request.GET["start"]), int(request.GET["end"])
        start, end = services.check_span(claim.article, start, end, request.GET.get("quote", ""))
    except (KeyError, ValueError):
        return None, _("Select the passage in the article first.")
    except ValidationError as exc:
        return None, exc.message_dict["quote"][0]
    return {"start": start, "end": end, "quote": claim.article.body[start:end]}, None


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(permissions.can_annotate)
def claim_passage(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """A changed or removed claim's passage in the current version: GET shows the span
    the reviewer picked (``?start&end&quote``) with a form to confirm it; POST confirms
    a span (the proposed one, or the picked one)."""
    claim = get_claim_for_user(request.user, pk)
    if not permissions.can_confirm_passage(request.user, claim):
        raise PermissionDenied
    if not permissions.needs_passage(claim):
        message = _("This claim already follows the current version of the article.")
        return render_panel(request, claim, status=200 if request.htmx else 409, conflict=message)
    if request.method != "POST":
        picked, error = _picked_span(request, claim)
        if picked is None:
            return render_panel(request, claim, passage_error=error)
        form = PassageForm(initial={"version": claim.version, **picked})
        return render_panel(request, claim, picked=picked, passage_form=form)
    form = PassageForm(request.POST)
    if form.is_valid():
        try:
            services.claim_confirm_span(
                claim=claim,
                user=request.user,
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
                quote=form.cleaned_data["quote"],
                expected_version=form.cleaned_data["version"],
            )
        except services.StaleEdit as exc:
            message = _(
                "This claim changed since you opened it (it is now at version %(now)s). "
                "Nothing was saved: check its passage again."
            ) % {"now": exc.claim.version}
            fresh = selectors.claim_detail(claim.pk)
            return render_panel(
                request, fresh, status=200 if request.htmx else 409, conflict=message
            )
        except services.TransitionError as exc:
            return render_panel(
                request, claim, status=200 if request.htmx else 409, conflict=str(exc)
            )
        except ValidationError as exc:
            for errors in exc.message_dict.values():
                form.add_error(None, errors)
        else:
            message = _("The claim now quotes the current version of the article.")
            if not request.htmx:
                messages.success(request, message)
                return redirect(claim)
            fresh = selectors.claim_detail(claim.pk)
            return render_panel(request, fresh, refresh_article=True, saved=message)
    return render_panel(request, claim, passage_form=form)
