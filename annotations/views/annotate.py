"""The annotate page: the article with its claims, and the claim panel's edits.

A new claim, its text, evidence, verdict, submission. Thin: one service call a view."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from annotations import permissions, selectors, services
from annotations.forms import (
    ClaimCreateForm,
    ClaimEditForm,
    CorrectionVerdictForm,
    EvidenceForm,
    RemoveEvidenceForm,
    SubmitForm,
    VerdictForm,
)
from annotations.markdown import render_markdown
from annotations.models import EDITABLE_STATUSES, Claim, Evidence, Verdict
from annotations.views.common import (
    HtmxHttpRequest,
    get_article_for_user,
    get_claim_for_user,
    get_evidence_for_user,
    role_required,
)
from annotations.views.panel import annotate_context, render_panel, verdict_form_class


@require_safe
@role_required(permissions.can_view_articles)
def article_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The annotate page: the article as sentences, claims as highlights, a side panel."""
    article = get_article_for_user(request.user, pk)
    context = annotate_context(article, request.user)
    context["tags"] = selectors.article_tags(article)
    return render(request, "annotations/article_detail.html", context)


def _can_edit_verdict(user, claim: Claim) -> bool:
    return permissions.can_edit_verdict(user, claim, claim.verdict)


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
    request: HtmxHttpRequest,
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
            return render_panel(request, claim, status=409, conflict=message)
        raise PermissionDenied
    if form.is_valid():
        try:
            action()
        except services.StaleEdit as exc:
            conflict = _stale_edit_context(exc, form)
            return render_panel(
                request,
                conflict.pop("claim"),
                status=200 if request.htmx else 409,
                **{form_name: form},
                **conflict,
                **extra,
            )
        except services.TransitionError as exc:
            return render_panel(request, claim, status=409, conflict=str(exc))
        except Evidence.DoesNotExist:
            claim = selectors.claim_detail(claim.pk)
            message = _("This evidence was removed in the meantime; nothing else changed.")
            return render_panel(
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
            return render_panel(request, claim, refresh_article=refresh, saved=success)
    return render_panel(request, claim, **{form_name: form}, **extra)


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(permissions.can_annotate)
def claim_new(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The form for a new claim over the selected text (GET), and its creation (POST)."""
    article = get_article_for_user(request.user, pk)
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
                return render_panel(
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


@require_safe
@role_required(permissions.can_annotate)
def claim_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return render_panel(request, get_claim_for_user(request.user, pk))


@require_POST
@role_required(permissions.can_annotate)
def claim_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    claim = get_claim_for_user(request.user, pk)
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
def evidence_add(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    claim = get_claim_for_user(request.user, pk)
    form = EvidenceForm(request.POST)

    def action():
        services.evidence_add(
            claim=claim,
            user=request.user,
            data=form.evidence_input(),
            expected_version=form.cleaned_data["version"],
        )

    return _edit(request, claim, form, "evidence_form", action)


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(permissions.can_annotate)
def evidence_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    evidence = get_evidence_for_user(request.user, pk)
    claim = selectors.claim_detail(evidence.claim_id)
    if request.method != "POST":  # GET or HEAD
        if not permissions.can_edit_claim(request.user, claim):
            raise PermissionDenied
        form = EvidenceForm(
            initial={
                "version": claim.version,
                **{name: getattr(evidence, name) for name in Evidence.FIELDS},
            },
            prefix=f"evidence-{evidence.pk}",
        )
        return render_panel(request, claim, editing_evidence=evidence.pk, evidence_edit_form=form)
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
def evidence_delete(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    evidence = get_evidence_for_user(request.user, pk)
    claim = selectors.claim_detail(evidence.claim_id)
    form = RemoveEvidenceForm(request.POST)

    def action():
        services.evidence_remove(
            evidence=evidence, user=request.user, expected_version=form.cleaned_data["version"]
        )

    return _edit(request, claim, form, "remove_form", action)


@require_POST
@role_required(permissions.can_annotate)
def verdict_set(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    claim = get_claim_for_user(request.user, pk)
    form = verdict_form_class(claim)(request.POST)

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


@require_POST
@role_required(permissions.can_annotate)
def verdict_preview(request: HtmxHttpRequest) -> HttpResponse:
    """The rationale as it will be published (sanitized Markdown), for the preview pane.

    The preview posts the whole verdict form: each field filled in since a refused save
    is rendered again out of band, with what was typed and without the error it had
    ("This field is required." would otherwise stay beside a field now filled in). A
    field still empty keeps its error. Nothing is validated or saved here."""
    text = request.POST.get("rationale", "")[: Verdict.RATIONALE_MAX_LENGTH]
    form_class = CorrectionVerdictForm if "correction_note" in request.POST else VerdictForm
    typed = {
        name: request.POST[name]
        for name in form_class.base_fields
        if name != "version" and request.POST.get(name, "").strip()
    }
    form = form_class(initial=typed)
    return render(
        request,
        "annotations/claim_detail.html#rationale-preview",
        {"html": render_markdown(text), "refreshed": [form[name] for name in typed]},
    )


@require_POST
@role_required(permissions.can_annotate)
def claim_submit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    claim = get_claim_for_user(request.user, pk)
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
