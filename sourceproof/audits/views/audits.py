"""Pages for audits: list, detail, record, edit, status, report upload and download."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sourceproof.accounts.models import Role
from sourceproof.accounts.permissions import Action, can
from sourceproof.audits import selectors, services
from sourceproof.audits.access import AuditAction, can_audit, require_audit
from sourceproof.audits.forms import (
    ACTION_STATUS_TONES,
    AuditFilterForm,
    AuditForm,
    AuditStatusForm,
    ReportForm,
)
from sourceproof.audits.models import Audit, AuditStatus
from sourceproof.audits.services.audits import FINISHED
from sourceproof.audits.views.common import (
    add_errors,
    file_response,
    is_htmx,
    page_of,
    query_without_page,
)
from sourceproof.core.http import acting_user


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    require_audit(user, AuditAction.VIEW_AUDITS)
    form = AuditFilterForm(request.GET or None, choices=selectors.audit_filter_choices(user=user))
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    filters = selectors.AuditFilters(
        q=data.get("q") or "",
        status=data.get("status") or "",
        standard=data.get("standard") or "",
        facility=data.get("facility") or "",
        audit_firm=data.get("audit_firm") or "",
        supplier=data.get("supplier") or None,
    )
    page = page_of(request, selectors.audit_list(user=user, filters=filters))
    context = {
        "form": form,
        "page": page,
        "query": query_without_page(request),
        "can_create": can_audit(user, AuditAction.EDIT_AUDITS),
        "can_see_due": can_audit(user, AuditAction.VIEW_RISK),
        "is_supplier": user.role == Role.SUPPLIER_USER,
    }
    template = "audits/audit_list.html#results" if is_htmx(request) else "audits/audit_list.html"
    return render(request, template, context)


def _may_edit_findings(user: Any, audit: Audit) -> bool:
    if not can_audit(user, AuditAction.EDIT_FINDINGS) or audit.status in FINISHED:
        return False
    return user.role != Role.AUDITOR or audit.audit_firm_id == user.organisation_id


def _may_upload_report(user: Any, audit: Audit) -> bool:
    if not can_audit(user, AuditAction.UPLOAD_AUDIT_REPORT) or audit.status in FINISHED:
        return False
    return user.role != Role.AUDITOR or audit.audit_firm_id == user.organisation_id


def audit_detail_context(request: HttpRequest, audit: Audit, **extra: Any) -> dict[str, Any]:
    user = acting_user(request)
    findings = selectors.audit_findings(user=user, audit=audit)
    rows = []
    for finding in findings:
        action = getattr(finding, "corrective_action", None)
        rows.append(
            {
                "finding": finding,
                "action": action,
                "flags": selectors.action_flags(action) if action is not None else None,
                "action_tone": ACTION_STATUS_TONES.get(action.status, "") if action else "",
            }
        )
    can_edit = can_audit(user, AuditAction.EDIT_AUDITS)
    next_statuses = [(s, AuditStatus(s).label) for s in services.TRANSITIONS.get(audit.status, ())]
    return {
        "audit": audit,
        "rows": rows,
        "history": selectors.audit_history(user=user, audit=audit),
        "can_view_history": can(user, Action.VIEW_HISTORY),
        "can_edit": can_edit and audit.status not in FINISHED,
        "can_move": can_edit and bool(next_statuses),
        "next_statuses": next_statuses,
        "can_edit_findings": _may_edit_findings(user, audit),
        "can_upload_report": _may_upload_report(user, audit),
        "can_see_compliance": can_audit(user, AuditAction.VIEW_COMPLIANCE),
        "report_form": extra.pop("report_form", None) or ReportForm(),
        "status_form": extra.pop("status_form", None) or AuditStatusForm(),
        **extra,
    }


@login_required
def audit_detail(request: HttpRequest, reference: str) -> HttpResponse:
    user = acting_user(request)
    audit = selectors.get_audit_for_user(user=user, reference=reference)
    return render(request, "audits/audit_detail.html", audit_detail_context(request, audit))


def _audit_fields(user: Any, form: AuditForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    try:
        data["facility"] = selectors.facility_for_new_audit(user=user, code=data["facility"])
    except Http404:
        form.add_error("facility", _("No facility has this code."))
        raise
    for name in ("lead_auditor_name", "lead_auditor_apsca", "sedex_audit_reference", "summary"):
        data[name] = data.get(name) or ""
    data["bsci_grade"] = data.get("bsci_grade") or ""
    return data


@login_required
def audit_create(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    require_audit(user, AuditAction.EDIT_AUDITS)
    initial = {"facility": request.GET.get("facility", "")}
    form = AuditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            audit = services.audit_create(by=user, **_audit_fields(user, form))
        except Http404:
            pass
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("Audit %(reference)s recorded.") % {"reference": audit.reference}
            )
            return redirect("audits:audit_detail", reference=audit.reference)
    status = 400 if request.method == "POST" else 200
    return render(request, "audits/audit_form.html", {"form": form, "audit": None}, status=status)


@login_required
def audit_edit(request: HttpRequest, reference: str) -> HttpResponse:
    user = acting_user(request)
    audit = selectors.get_audit_for_user(user=user, reference=reference)
    require_audit(user, AuditAction.EDIT_AUDITS)
    if audit.status in FINISHED:
        messages.error(request, _("A closed or cancelled audit cannot be edited."))
        return redirect("audits:audit_detail", reference=audit.reference)
    initial = {name: getattr(audit, name) for name in services.AUDIT_FIELDS}
    initial["facility"] = audit.facility.code
    initial["audit_firm"] = audit.audit_firm_id
    form = AuditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.audit_update(audit=audit, by=user, **_audit_fields(user, form))
        except Http404:
            pass
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Audit saved."))
            return redirect("audits:audit_detail", reference=audit.reference)
    status = 400 if request.method == "POST" else 200
    return render(request, "audits/audit_form.html", {"form": form, "audit": audit}, status=status)


@require_POST
@login_required
def audit_status(request: HttpRequest, reference: str) -> HttpResponse:
    user = acting_user(request)
    audit = selectors.get_audit_for_user(user=user, reference=reference)
    require_audit(user, AuditAction.EDIT_AUDITS)
    form = AuditStatusForm(request.POST)
    if form.is_valid():
        try:
            services.audit_set_status(
                audit=audit,
                status=form.cleaned_data["status"],
                comment=form.cleaned_data["comment"],
                by=user,
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                _("Audit %(reference)s is now %(status)s.")
                % {"reference": audit.reference, "status": audit.get_status_display()},
            )
            return redirect("audits:audit_detail", reference=audit.reference)
    return render(
        request,
        "audits/audit_detail.html",
        audit_detail_context(request, audit, status_form=form),
        status=400,
    )


@login_required
def audit_report(request: HttpRequest, reference: str) -> HttpResponse:
    """Upload the report (POST); GET shows the detail page with the upload form."""
    user = acting_user(request)
    audit = selectors.get_audit_for_user(user=user, reference=reference)
    require_audit(user, AuditAction.UPLOAD_AUDIT_REPORT)
    if request.method != "POST":
        return redirect("audits:audit_detail", reference=audit.reference)
    form = ReportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.audit_report_upload(audit=audit, document=form.cleaned_data["report"], by=user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Report uploaded."))
            return redirect("audits:audit_detail", reference=audit.reference)
    return render(
        request,
        "audits/audit_detail.html",
        audit_detail_context(request, audit, report_form=form),
        status=400,
    )


@login_required
def audit_report_download(request: HttpRequest, reference: str) -> FileResponse:
    document = selectors.audit_report_for_user(user=acting_user(request), reference=reference)
    return file_response(document)
