from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import defaults
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from annotations import caching, permissions, selectors, services
from annotations.filters import PublicClaimFilter
from annotations.forms import (
    ApproveForm,
    ArticleImportForm,
    ClaimCreateForm,
    ClaimEditForm,
    CorrectionVerdictForm,
    EvidenceForm,
    RemoveEvidenceForm,
    RequestChangesForm,
    RetractForm,
    SubmitForm,
    VerdictForm,
)
from annotations.linked_data import claim_review
from annotations.markdown import render_markdown
from annotations.models import EDITABLE_STATUSES, Article, Claim, Evidence, Verdict

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
    """The annotate page: the article as sentences, claims as highlights, a side panel."""
    article = _get_article_for_user(request.user, pk)
    context = _annotate_context(article)
    context["tags"] = list(article.tags.all())
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
                count = result.article.sentences.count()
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


# --- Annotating ------------------------------------------------------------------------

CONTEXT_CHARS = 160  # characters of the article shown around a claim's quote


def _annotate_context(article: Article) -> dict:
    claims = selectors.article_claims(article)
    return {
        "article": article,
        "claims": claims,
        "paragraphs": selectors.article_sentences(article, claims),
        "ratings": Verdict.Rating.choices,
        "statuses": Claim.Status.choices,
    }


def _words_before(body: str, start: int) -> str:
    """Up to CONTEXT_CHARS of the body before ``start``, cut at a word boundary."""
    before = body[max(0, start - CONTEXT_CHARS) : start]
    if start > CONTEXT_CHARS and " " in before:
        before = before[before.index(" ") + 1 :]
    return before


def _words_after(body: str, end: int) -> str:
    after = body[end : end + CONTEXT_CHARS]
    if end + CONTEXT_CHARS < len(body) and " " in after:
        after = after[: after.rindex(" ")]
    return after


def _get_claim_for_user(user, pk: int) -> Claim:
    try:
        claim = selectors.claim_detail(pk)
    except Claim.DoesNotExist:
        raise Http404 from None
    if not permissions.can_view_claim(user, claim):
        raise PermissionDenied
    return claim


def _get_evidence_for_user(user, pk: int) -> Evidence:
    evidence = get_object_or_404(Evidence.objects.select_related("claim"), pk=pk)
    if not permissions.can_view_claim(user, evidence.claim):
        raise PermissionDenied
    return evidence


def _panel_forms(claim: Claim) -> dict:
    verdict = claim.verdict
    correcting = verdict is not None and verdict.version > 1
    verdict_form_class = CorrectionVerdictForm if correcting else VerdictForm
    return {
        "claim_form": ClaimEditForm(
            initial={"version": claim.version, "text": claim.text, "claimant": claim.claimant}
        ),
        "evidence_form": EvidenceForm(initial={"version": claim.version}),
        "submit_form": SubmitForm(initial={"version": claim.version}),
        "verdict_form": verdict_form_class(
            initial={
                "version": claim.version,
                "rating": verdict.rating if verdict else "",
                "rationale": verdict.rationale if verdict else "",
                "correction_note": verdict.correction_note if correcting else "",
            }
        ),
        "approve_form": ApproveForm(claim_id=claim.pk),
        "changes_form": RequestChangesForm(claim_id=claim.pk),
        "retract_form": RetractForm(),
    }


def _moderation_context(user, claim: Claim) -> dict:
    """What the panel offers beyond editing: decisions, corrections, retraction."""
    verdict = claim.verdict
    published = [v for v in getattr(claim, "verdict_versions", []) if v.status == "published"]
    in_review = verdict is not None and verdict.status == Verdict.Status.IN_REVIEW
    moderator = permissions.can_moderate(user)
    sent_back = verdict is not None and verdict.status == Verdict.Status.CHANGES_REQUESTED
    return {
        "published_verdict": published[0] if published else None,
        "pending_correction": verdict
        if verdict and verdict.version > 1 and verdict.status != Verdict.Status.PUBLISHED
        else None,
        "verdict_editable": permissions.can_edit_claim(user, claim)
        or permissions.can_edit_correction(user, claim, verdict),
        "can_decide": in_review and moderator and verdict.author_id != user.pk,
        "own_verdict_in_review": in_review and moderator and verdict.author_id == user.pk,
        "can_correct": permissions.can_start_correction(user, claim)
        and verdict is not None
        and verdict.status == Verdict.Status.PUBLISHED,
        "can_retract": moderator
        and claim.status in (Claim.Status.PUBLISHED, Claim.Status.CORRECTED),
        "reviews": selectors.claim_reviews(claim) if sent_back else [],
    }


def _render_panel(
    request: HttpRequest, claim: Claim, *, status: int = 200, refresh_article=False, **extra
) -> HttpResponse:
    """The claim's panel: alone for htmx (with the article's highlights refreshed out of
    band when they changed), or inside the claim's own page."""
    body = claim.article.body
    context = {
        "claim": claim,
        "article": claim.article,
        "editable": permissions.can_edit_claim(request.user, claim),
        "context_before": _words_before(body, claim.start),
        "context_after": _words_after(body, claim.end),
        "rationale_html": render_markdown(claim.verdict.rationale) if claim.verdict else "",
        "missing": permissions.missing_for_review(claim)
        if claim.status in (Claim.Status.DRAFT, Claim.Status.CHANGES_REQUESTED)
        else [],
        "editing_evidence": None,
        **_panel_forms(claim),
        **_moderation_context(request.user, claim),
        **extra,
    }
    if not request.htmx:
        return render(request, "annotations/claim_detail.html", context, status=status)
    response = render(request, "annotations/claim_detail.html#claim-panel", context, status=status)
    if refresh_article:
        article_context = {**_annotate_context(claim.article), "oob": True}
        for partial in ("article-text", "claim-list"):
            response.write(
                render_to_string(
                    f"annotations/article_detail.html#{partial}", article_context, request
                )
            )
    return response


def _stale_edit_context(exc: services.StaleEdit, form) -> dict:
    """What the second writer is told: what changed, with what they typed kept."""
    current = selectors.claim_detail(exc.claim.pk)
    typed = form.data.copy()
    changes = [
        (label, value)
        for name, label, value in (
            ("text", _("Claim"), current.text),
            ("claimant", _("Claimant"), current.claimant),
        )
        if form.add_prefix(name) in typed and typed.get(form.add_prefix(name), "").strip() != value
    ]
    # The next submit, made knowingly, replaces the current values. The inline evidence
    # form has a prefix: its hidden field is "evidence-<pk>-version", not "version".
    typed[form.add_prefix("version")] = str(current.version)
    form.data = typed
    return {
        "claim": current,
        "conflict": _(
            "Someone changed this claim since you opened it (you saw version %(seen)s; it is "
            "now at version %(now)s). Nothing was saved. Check the current values; submit "
            "again to replace them with yours."
        )
        % {"seen": exc.expected_version, "now": current.version},
        "changes": changes,
    }


def _edit(
    request: HttpRequest,
    claim: Claim,
    form,
    form_name: str,
    action,
    *,
    refresh=False,
    success=None,
    allowed=None,
    **extra,
):
    """Validate ``form``, run ``action()`` (a service call), re-render the panel.

    Errors keep what the user typed next to the fields; a stale version becomes a
    conflict message; a claim that is no longer a draft is a 409.
    """
    allowed = allowed or permissions.can_edit_claim
    if not allowed(request.user, claim):
        if claim.author_id == request.user.pk and claim.status not in EDITABLE_STATUSES:
            message = _("This claim is no longer a draft; it cannot be edited.")
            return _render_panel(request, claim, status=409, conflict=message)
        raise PermissionDenied
    if form.is_valid():
        try:
            action()
        except services.StaleEdit as exc:
            conflict = _stale_edit_context(exc, form)
            return _render_panel(
                request,
                conflict.pop("claim"),
                status=200 if request.htmx else 409,
                **{form_name: form},
                **conflict,
                **extra,
            )
        except services.TransitionError as exc:
            return _render_panel(request, claim, status=409, conflict=str(exc))
        except Evidence.DoesNotExist:
            claim = selectors.claim_detail(claim.pk)
            message = _("This evidence was removed in the meantime; nothing else changed.")
            return _render_panel(
                request, claim, status=200 if request.htmx else 409, conflict=message
            )
        except ValidationError as exc:
            # A service names the field (a dict), or refuses the whole action (a list,
            # e.g. what a claim still lacks before it can be submitted).
            by_field = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
            for name, errors in by_field.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            success = success or _("Saved.")
            if not request.htmx:
                messages.success(request, success)
                return redirect(claim)
            claim = selectors.claim_detail(claim.pk)
            return _render_panel(request, claim, refresh_article=refresh, saved=success)
    return _render_panel(request, claim, **{form_name: form}, **extra)


@require_http_methods(["GET", "POST"])
@role_required(permissions.can_annotate)
def claim_new(request: HttpRequest, pk: int) -> HttpResponse:
    """The form for a new claim over the selected text (GET), and its creation (POST)."""
    article = _get_article_for_user(request.user, pk)
    span_error = None
    if request.method == "POST":
        form = ClaimCreateForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                claim = services.claim_create(article=article, author=request.user, **data)
            except ValidationError as exc:
                for name, errors in exc.message_dict.items():
                    form.add_error(name if name in ("text", "claimant") else None, errors)
            else:
                if not request.htmx:
                    messages.success(request, _("Claim created as a draft."))
                    return redirect(claim)
                claim = selectors.claim_detail(claim.pk)
                return _render_panel(
                    request, claim, refresh_article=True, saved=_("Claim created as a draft.")
                )
    else:
        try:
            start, end = int(request.GET["start"]), int(request.GET["end"])
            start, end = services.check_span(article, start, end, request.GET.get("quote", ""))
        except (KeyError, ValueError):
            span_error = _("Select some text of the article first.")
            form = None
        except ValidationError as exc:
            span_error = exc.message_dict["quote"][0]
            form = None
        else:
            quote = article.body[start:end]
            form = ClaimCreateForm(
                initial={
                    "start": start,
                    "end": end,
                    "quote": quote,
                    "text": " ".join(quote.split()),
                }
            )
    context = {"article": article, "form": form, "span_error": span_error}
    template = "annotations/claim_new.html"
    return render(request, f"{template}#new-claim-panel" if request.htmx else template, context)


@require_GET
@role_required(permissions.can_annotate)
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_panel(request, _get_claim_for_user(request.user, pk))


@require_POST
@role_required(permissions.can_annotate)
def claim_edit(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _get_claim_for_user(request.user, pk)
    form = ClaimEditForm(request.POST)

    def action():
        services.claim_update(
            claim=claim,
            user=request.user,
            expected_version=form.cleaned_data["version"],
            text=form.cleaned_data["text"],
            claimant=form.cleaned_data["claimant"],
        )

    return _edit(request, claim, form, "claim_form", action, refresh=True)


@require_POST
@role_required(permissions.can_annotate)
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _get_claim_for_user(request.user, pk)
    form = EvidenceForm(request.POST)

    def action():
        services.evidence_add(
            claim=claim,
            user=request.user,
            data=form.evidence_input(),
            expected_version=form.cleaned_data["version"],
        )

    return _edit(request, claim, form, "evidence_form", action)


@require_http_methods(["GET", "POST"])
@role_required(permissions.can_annotate)
def evidence_edit(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = _get_evidence_for_user(request.user, pk)
    claim = selectors.claim_detail(evidence.claim_id)
    if request.method == "GET":
        if not permissions.can_edit_claim(request.user, claim):
            raise PermissionDenied
        form = EvidenceForm(
            initial={
                "version": claim.version,
                **{
                    name: getattr(evidence, name)
                    for name in ("url", "title", "publisher", "published_on", "quote", "stance")
                },
            },
            prefix=f"evidence-{evidence.pk}",
        )
        return _render_panel(request, claim, editing_evidence=evidence.pk, evidence_edit_form=form)
    form = EvidenceForm(request.POST, prefix=f"evidence-{evidence.pk}")

    def action():
        services.evidence_update(
            evidence=evidence,
            user=request.user,
            data=form.evidence_input(),
            expected_version=form.cleaned_data["version"],
        )

    return _edit(request, claim, form, "evidence_edit_form", action, editing_evidence=evidence.pk)


@require_POST
@role_required(permissions.can_annotate)
def evidence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = _get_evidence_for_user(request.user, pk)
    claim = selectors.claim_detail(evidence.claim_id)
    form = RemoveEvidenceForm(request.POST)

    def action():
        services.evidence_remove(
            evidence=evidence, user=request.user, expected_version=form.cleaned_data["version"]
        )

    return _edit(request, claim, form, "remove_form", action)


@require_POST
@role_required(permissions.can_annotate)
def verdict_set(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _get_claim_for_user(request.user, pk)
    correcting = claim.verdict is not None and claim.verdict.version > 1
    form = (CorrectionVerdictForm if correcting else VerdictForm)(request.POST)

    def action():
        services.verdict_set(
            claim=claim,
            user=request.user,
            expected_version=form.cleaned_data["version"],
            rating=form.cleaned_data["rating"],
            rationale=form.cleaned_data["rationale"],
            correction_note=form.cleaned_data.get("correction_note", ""),
        )

    return _edit(
        request, claim, form, "verdict_form", action, refresh=True, allowed=_can_edit_verdict
    )


def _can_edit_verdict(user, claim: Claim) -> bool:
    return permissions.can_edit_claim(user, claim) or permissions.can_edit_correction(
        user, claim, claim.verdict
    )


@require_POST
@role_required(permissions.can_annotate)
def verdict_preview(request: HttpRequest) -> HttpResponse:
    """The rationale as it will be published (sanitized Markdown), for the preview pane."""
    text = request.POST.get("rationale", "")[: Verdict.RATIONALE_MAX_LENGTH]
    return render(
        request, "annotations/claim_detail.html#rationale-preview", {"html": render_markdown(text)}
    )


@require_POST
@role_required(permissions.can_annotate)
def claim_submit(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _get_claim_for_user(request.user, pk)
    form = SubmitForm(request.POST)

    def action():
        try:
            services.claim_submit(
                claim=claim, user=request.user, expected_version=form.cleaned_data["version"]
            )
        except services.IncompleteClaim as exc:
            raise ValidationError(
                _("Before submitting for review, add: %(missing)s.")
                % {"missing": ", ".join(exc.missing)}
            ) from exc

    return _edit(
        request,
        claim,
        form,
        "submit_form",
        action,
        refresh=True,
        success=_("Submitted for review. A moderator will approve it or send it back."),
        allowed=_can_edit_verdict,
    )


@require_GET
@role_required(permissions.can_annotate)
def my_drafts(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.my_claims(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "annotations/my_drafts.html", {"page": page})


# --- Moderation ------------------------------------------------------------------------


def _next_url(request: HttpRequest, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


@require_GET
@role_required(permissions.can_moderate)
def moderation_queue(request: HttpRequest) -> HttpResponse:
    """Claims waiting for review, oldest first, each with what a moderator needs."""
    return _render_queue(request)


def _render_queue(request: HttpRequest, forms_by_claim: dict | None = None) -> HttpResponse:
    """The queue; a refused decision comes back with its form bound (what was typed)."""
    page = Paginator(selectors.moderation_queue(), 25).get_page(request.GET.get("page"))
    items = []
    forms_by_claim = forms_by_claim or {}
    for verdict in page.object_list:
        claim = verdict.claim
        items.append(
            {
                "verdict": verdict,
                "claim": claim,
                "rationale_html": render_markdown(verdict.rationale),
                "own": verdict.author_id == request.user.pk,
                "approve_form": forms_by_claim.get(("approve", claim.pk))
                or ApproveForm(claim_id=claim.pk),
                "changes_form": forms_by_claim.get(("changes", claim.pk))
                or RequestChangesForm(claim_id=claim.pk),
            }
        )
    status = 400 if forms_by_claim else 200
    return render(
        request, "annotations/moderation_queue.html", {"page": page, "items": items}, status=status
    )


def _decide(request: HttpRequest, pk: int, form_class, key: str, decide, success: str):
    """Run a moderator's decision; answer in the claim panel (htmx) or back on the queue."""
    claim = _get_claim_for_user(request.user, pk)
    form = form_class(request.POST, claim_id=claim.pk)
    back = _next_url(request, reverse("annotations:moderation_queue"))
    if form.is_valid():
        try:
            decide(claim, form.cleaned_data)
        except services.TransitionError as exc:
            if request.htmx:
                fresh = selectors.claim_detail(claim.pk)
                return _render_panel(request, fresh, conflict=str(exc), refresh_article=True)
            messages.error(request, str(exc))
            return redirect(back)
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            if request.htmx:
                fresh = selectors.claim_detail(claim.pk)
                return _render_panel(request, fresh, saved=success, refresh_article=True)
            messages.success(request, success)
            return redirect(back)
    if request.htmx:
        return _render_panel(request, claim, **{f"{key}_form": form})
    return _render_queue(request, forms_by_claim={(key, claim.pk): form})


@require_POST
@role_required(permissions.can_moderate)
def claim_approve(request: HttpRequest, pk: int) -> HttpResponse:
    def decide(claim, data):
        services.claim_approve(claim=claim, moderator=request.user, comment=data["comment"])

    return _decide(request, pk, ApproveForm, "approve", decide, _("Approved and published."))


@require_POST
@role_required(permissions.can_moderate)
def claim_request_changes(request: HttpRequest, pk: int) -> HttpResponse:
    def decide(claim, data):
        services.claim_request_changes(claim=claim, moderator=request.user, comment=data["comment"])

    return _decide(
        request,
        pk,
        RequestChangesForm,
        "changes",
        decide,
        _("Sent back to its author with your comment."),
    )


@require_POST
@role_required(permissions.can_moderate)
def claim_retract(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _get_claim_for_user(request.user, pk)
    form = RetractForm(request.POST)
    if form.is_valid():
        try:
            services.claim_retract(
                claim=claim, moderator=request.user, note=form.cleaned_data["note"]
            )
        except services.TransitionError as exc:
            return _render_panel(
                request, claim, status=200 if request.htmx else 409, conflict=str(exc)
            )
        message = _("Retracted. The public page now shows the retraction and its note.")
        if not request.htmx:
            messages.success(request, message)
            return redirect(claim)
        return _render_panel(
            request, selectors.claim_detail(pk), saved=message, refresh_article=True
        )
    return _render_panel(request, claim, retract_form=form, show_retract=True)


@require_POST
@role_required(permissions.can_annotate)
def correction_start(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _get_claim_for_user(request.user, pk)
    try:
        services.correction_start(claim=claim, user=request.user)
    except services.TransitionError as exc:
        return _render_panel(request, claim, status=200 if request.htmx else 409, conflict=str(exc))
    message = _(
        "Correction started: change the verdict, say what changed in the correction note, "
        "then submit it for review. The published verdict stays public until then."
    )
    if not request.htmx:
        messages.success(request, message)
        return redirect(claim)
    return _render_panel(request, selectors.claim_detail(pk), saved=message)


@require_GET
@role_required(permissions.can_annotate)
def claim_history(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _get_claim_for_user(request.user, pk)
    events = selectors.claim_timeline(claim)
    return render(request, "annotations/claim_history.html", {"claim": claim, "events": events})


# --- Inbox -----------------------------------------------------------------------------


@require_GET
@role_required(permissions.can_annotate)
def inbox(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.inbox(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "annotations/inbox.html", {"page": page})


@require_POST
@role_required(permissions.can_annotate)
def inbox_mark_read(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_read(user=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)d notification marked as read.",
            "%(count)d notifications marked as read.",
            count,
        )
        % {"count": count},
    )
    return redirect("annotations:inbox")


# --- Public pages ------------------------------------------------------------------------


@require_GET
@caching.conditional(caching.all_claims_state, html=True)
def public_claim_list(request: HttpRequest) -> HttpResponse:
    """Published fact-checks, for everyone, with filters (rating, article, date)."""
    filterset = PublicClaimFilter(request.GET, queryset=selectors.public_claims())
    page = Paginator(filterset.qs, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "annotations/public_list.html",
        {"filter": filterset, "page": page, "query": query.urlencode()},
    )


@require_GET
@caching.conditional(caching.claim_state, html=True)
def public_claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        claim = selectors.public_claim(pk)
    except Claim.DoesNotExist:
        raise Http404 from None
    versions = claim.published_verdicts
    body = claim.article.body
    return render(
        request,
        "annotations/public_detail.html",
        {
            "claim": claim,
            "article": claim.article,
            "verdict": versions[0],
            "rationale_html": render_markdown(versions[0].rationale),
            "earlier_versions": [
                {"verdict": v, "rationale_html": render_markdown(v.rationale)} for v in versions[1:]
            ],
            "context_before": _words_before(body, claim.start),
            "context_after": _words_after(body, claim.end),
            "claim_review": claim_review(
                claim,
                page_url=request.build_absolute_uri(
                    reverse("annotations:public_claim_detail", args=[claim.pk])
                ),
            ),
        },
    )


def page_not_found(request: HttpRequest, exception) -> HttpResponse:
    """404: JSON under /api/ (API clients parse it; the schema documents it), the
    usual page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)
