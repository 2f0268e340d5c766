"""Pages for corrective actions: the operator's list, the supplier's own screen, one action
with its steps and evidence, and the forms of each side (answer, evidence, submit; verify,
send back, progress made, due date, verification method)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sourceproof.accounts.models import Role
from sourceproof.accounts.permissions import Action, can
from sourceproof.audits import selectors, services
from sourceproof.audits.access import AuditAction, can_audit, require_audit
from sourceproof.audits.forms import (
    ACTION_STATUS_TONES,
    ActionFilterForm,
    DueDateForm,
    EvidenceForm,
    MethodForm,
    ResponseForm,
    ReviewForm,
    SubmitForm,
)
from sourceproof.audits.models import (
    ACTION_OPEN_STATUSES,
    ACTION_TODO_STATUSES,
    ActionStatus,
    CorrectiveAction,
    FindingStatus,
    VerificationMethod,
)
from sourceproof.audits.views.common import (
    add_errors,
    file_response,
    is_htmx,
    page_of,
    query_without_page,
)
from sourceproof.core.http import acting_user


@login_required
def action_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    require_audit(user, AuditAction.VIEW_AUDITS)
    form = ActionFilterForm(request.GET or None)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    filters = selectors.ActionFilters(
        state=data.get("state") or selectors.ActionState.OPEN,
        severity=data.get("severity") or "",
        facility=data.get("facility") or "",
        q=data.get("q") or "",
    )
    today = timezone.localdate()
    page = page_of(request, selectors.action_list(user=user, filters=filters, today=today))
    context = {
        "form": form,
        "page": page,
        "rows": [
            {**selectors.action_flags(a, today), "tone": ACTION_STATUS_TONES.get(a.status, "")}
            for a in page.object_list
        ],
        "query": query_without_page(request),
    }
    template = "audits/action_list.html#results" if is_htmx(request) else "audits/action_list.html"
    return render(request, template, context)


@login_required
def supplier_actions(request: HttpRequest) -> HttpResponse:
    """The supplier's own screen: its open corrective actions, overdue ones first."""
    user = acting_user(request)
    rows = selectors.supplier_actions(user=user)
    for row in rows:
        row["tone"] = ACTION_STATUS_TONES.get(row["action"].status, "")
    context = {
        "todo": [r for r in rows if r["supplier_turn"]],
        "waiting": [r for r in rows if not r["supplier_turn"]],
        "overdue": sum(1 for r in rows if r["overdue"] and r["supplier_turn"]),
    }
    return render(request, "audits/supplier_actions.html", context)


def _can_respond(user: Any, action: CorrectiveAction) -> bool:
    return (
        can_audit(user, AuditAction.RESPOND_ACTIONS)
        and user.role == Role.SUPPLIER_USER
        and action.finding.audit.facility.supplier.organisation_id == user.organisation_id
        and action.finding.status == FindingStatus.RECORDED
        and action.status in ACTION_TODO_STATUSES
    )


def _can_review(user: Any, action: CorrectiveAction) -> bool:
    if not can_audit(user, AuditAction.REVIEW_ACTIONS):
        return False
    if action.finding.status != FindingStatus.RECORDED:
        return False
    return action.status == ActionStatus.SUBMITTED or (
        action.verification_method == VerificationMethod.FOLLOW_UP_AUDIT
        and action.status in ACTION_TODO_STATUSES
    )


_VERDICTS = {"sent_back", "progress_made", "verified"}


def _render_action(
    request: HttpRequest, action: CorrectiveAction, *, status: int = 200, **forms: Any
) -> HttpResponse:
    user = acting_user(request)
    is_open = action.status in ACTION_OPEN_STATUSES
    can_manage = (
        can_audit(user, AuditAction.REVIEW_ACTIONS)
        and is_open
        and action.finding.status == FindingStatus.RECORDED
    )
    steps = selectors.action_steps(action=action)
    context = {
        "action": action,
        "finding": action.finding,
        "audit": action.finding.audit,
        "flags": selectors.action_flags(action),
        "tone": ACTION_STATUS_TONES.get(action.status, ""),
        "steps": steps,
        "evidence": selectors.action_evidence(action=action),
        "history": selectors.action_history(user=user, action=action),
        "can_view_history": can(user, Action.VIEW_HISTORY),
        "can_respond": _can_respond(user, action),
        "can_review": _can_review(user, action),
        "can_manage": can_manage,
        "is_supplier": user.role == Role.SUPPLIER_USER,
        "response_form": forms.get("response_form")
        or ResponseForm(
            initial={
                "root_cause": action.root_cause,
                "action": action.action,
                "owner_name": action.owner_name,
            }
        ),
        "evidence_form": forms.get("evidence_form") or EvidenceForm(),
        "submit_form": forms.get("submit_form") or SubmitForm(),
        "review_form": forms.get("review_form") or ReviewForm(),
        "due_form": forms.get("due_form") or DueDateForm(initial={"due_date": action.due_date}),
        "method_form": forms.get("method_form")
        or MethodForm(initial={"verification_method": action.verification_method}),
        "last_verdict": next(
            (s for s in reversed(steps) if s.comment and s.kind in _VERDICTS), None
        ),
    }
    return render(request, "audits/action_detail.html", context, status=status)


@login_required
def action_detail(request: HttpRequest, reference: str) -> HttpResponse:
    user = acting_user(request)
    action = selectors.get_action_for_user(user=user, reference=reference)
    return _render_action(request, action)


def _done(request: HttpRequest, action: CorrectiveAction, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("audits:action_detail", reference=action.finding.reference)


@require_POST
@login_required
def action_respond(request: HttpRequest, reference: str) -> HttpResponse:
    user = acting_user(request)
    action = selectors.get_action_for_user(user=user, reference=reference)
    require_audit(user, AuditAction.RESPOND_ACTIONS)
    form = ResponseForm(request.POST)
    if form.is_valid():
        try:
            services.action_respond(
                action=action,
                by=user,
                root_cause=form.cleaned_data["root_cause"],
                action_text=form.cleaned_data["action"],
                owner_name=form.cleaned_data["owner_name"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return _done(request, action, _("Your answer is saved."))
    return _render_action(request, action, status=400, response_form=form)


@require_POST
@login_required
def action_evidence(request: HttpRequest, reference: str) -> HttpResponse:
    user = acting_user(request)
    action = selectors.get_action_for_user(user=user, reference=reference)
    require_audit(user, AuditAction.RESPOND_ACTIONS)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.action_evidence_add(
                action=action,
                by=user,
                upload=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return _done(request, action, _("Evidence uploaded."))
    return _render_action(request, action, status=400, evidence_form=form)


@require_POST
@login_required
def action_submit(request: HttpRequest, reference: str) -> HttpResponse:
    user = acting_user(request)
    action = selectors.get_action_for_user(user=user, reference=reference)
    require_audit(user, AuditAction.RESPOND_ACTIONS)
    form = SubmitForm(request.POST)
    if form.is_valid():
        try:
            services.action_submit(action=action, by=user, comment=form.cleaned_data["comment"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            return _done(request, action, _("Submitted for verification."))
    return _render_action(request, action, status=400, submit_form=form)


@require_POST
@login_required
def action_review(request: HttpRequest, reference: str) -> HttpResponse:
    user = acting_user(request)
    action = selectors.get_action_for_user(user=user, reference=reference)
    require_audit(user, AuditAction.REVIEW_ACTIONS)
    form = ReviewForm(request.POST)
    if form.is_valid():
        decision = form.cleaned_data["decision"]
        comment = form.cleaned_data["comment"]
        try:
            if decision == ReviewForm.VERIFY:
                services.action_verify(action=action, by=user, comment=comment)
                message = _("Corrective action verified; the finding is closed.")
            elif decision == ReviewForm.SEND_BACK:
                services.action_send_back(action=action, by=user, comment=comment)
                message = _("Sent back to the supplier.")
            else:
                services.action_progress_made(
                    action=action,
                    by=user,
                    comment=comment,
                    due_date=form.cleaned_data.get("due_date"),
                )
                message = _("Progress noted.")
        except ValidationError as error:
            add_errors(form, error)
        else:
            return _done(request, action, message)
    return _render_action(request, action, status=400, review_form=form)


@require_POST
@login_required
def action_due_date(request: HttpRequest, reference: str) -> HttpResponse:
    user = acting_user(request)
    action = selectors.get_action_for_user(user=user, reference=reference)
    require_audit(user, AuditAction.REVIEW_ACTIONS)
    form = DueDateForm(request.POST)
    if form.is_valid():
        try:
            services.action_set_due_date(
                action=action,
                by=user,
                due_date=form.cleaned_data["due_date"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "comment" in error.error_dict:
                form.add_error("reason", error.error_dict.pop("comment"))
            add_errors(form, error)
        else:
            return _done(request, action, _("Due date changed."))
    return _render_action(request, action, status=400, due_form=form)


@require_POST
@login_required
def action_method(request: HttpRequest, reference: str) -> HttpResponse:
    user = acting_user(request)
    action = selectors.get_action_for_user(user=user, reference=reference)
    require_audit(user, AuditAction.REVIEW_ACTIONS)
    form = MethodForm(request.POST)
    if form.is_valid():
        try:
            services.action_set_method(
                action=action, by=user, method=form.cleaned_data["verification_method"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return _done(request, action, _("Verification method changed."))
    return _render_action(request, action, status=400, method_form=form)


@login_required
def evidence_download(request: HttpRequest, reference: str, pk: int) -> FileResponse:
    document = selectors.evidence_document_for_user(
        user=acting_user(request), reference=reference, pk=pk
    )
    return file_response(document)
