"""Pages for findings: enter, edit, confirm a draft, withdraw, import from a file, and the
import template."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sourceproof.audits import importing, selectors, services
from sourceproof.audits.access import AuditAction, require_audit
from sourceproof.audits.forms import FindingForm, FindingImportForm, WithdrawForm
from sourceproof.audits.models import Audit, Finding
from sourceproof.audits.views.common import add_errors
from sourceproof.core.http import acting_user


def _audit_url(audit: Audit) -> str:
    return reverse("audits:audit_detail", args=[audit.reference]) + "#findings"


@login_required
def finding_create(request: HttpRequest, reference: str) -> HttpResponse:
    user = acting_user(request)
    audit = selectors.get_audit_for_user(user=user, reference=reference)
    require_audit(user, AuditAction.EDIT_FINDINGS)
    form = FindingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            finding = services.finding_create(
                audit=audit,
                by=user,
                draft=bool(form.cleaned_data.get("draft")),
                **form.finding_fields(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("Finding %(reference)s saved.") % {"reference": finding.reference}
            )
            if "another" in request.POST:
                return redirect("audits:finding_create", reference=audit.reference)
            return redirect(_audit_url(audit))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "audits/finding_form.html",
        {"form": form, "audit": audit, "finding": None},
        status=status,
    )


def _initial(finding: Finding) -> dict[str, Any]:
    return {name: getattr(finding, name) for name in services.FINDING_FIELDS}


@login_required
def finding_edit(request: HttpRequest, reference: str) -> HttpResponse:
    user = acting_user(request)
    finding = selectors.get_finding_for_user(user=user, reference=reference)
    require_audit(user, AuditAction.EDIT_FINDINGS)
    form = FindingForm(request.POST or None, editing=True, initial=_initial(finding))
    if request.method == "POST" and form.is_valid():
        try:
            services.finding_update(finding=finding, by=user, **form.finding_fields())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Finding saved."))
            return redirect(_audit_url(finding.audit))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "audits/finding_form.html",
        {"form": form, "audit": finding.audit, "finding": finding},
        status=status,
    )


@require_POST
@login_required
def finding_confirm(request: HttpRequest, reference: str) -> HttpResponse:
    user = acting_user(request)
    finding = selectors.get_finding_for_user(user=user, reference=reference)
    require_audit(user, AuditAction.EDIT_FINDINGS)
    try:
        services.finding_confirm(finding=finding, by=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Finding %(reference)s recorded.") % {"reference": finding.reference}
        )
    return redirect(_audit_url(finding.audit))


@login_required
def finding_withdraw(request: HttpRequest, reference: str) -> HttpResponse:
    user = acting_user(request)
    finding = selectors.get_finding_for_user(user=user, reference=reference)
    require_audit(user, AuditAction.EDIT_FINDINGS)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.finding_withdraw(finding=finding, by=user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Finding withdrawn."))
            return redirect(_audit_url(finding.audit))
    status = 400 if request.method == "POST" else 200
    return render(
        request, "audits/finding_withdraw.html", {"form": form, "finding": finding}, status=status
    )


@login_required
def finding_import(request: HttpRequest, reference: str) -> HttpResponse:
    """Upload a CSV/XLSX of findings: every row is checked; all are entered, or none."""
    user = acting_user(request)
    audit = selectors.get_audit_for_user(user=user, reference=reference)
    require_audit(user, AuditAction.EDIT_FINDINGS)
    form = FindingImportForm(request.POST or None, request.FILES or None)
    report = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = importing.findings_import(
                    audit=audit,
                    data=upload.read(),
                    by=user,
                    as_drafts=bool(form.cleaned_data.get("as_drafts")),
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                if report.ok:
                    messages.success(
                        request,
                        _("%(n)s finding(s) imported.") % {"n": len(report.created)},
                    )
                    return redirect(_audit_url(audit))
    context = {
        "form": form,
        "audit": audit,
        "report": report,
        "columns": [
            {
                "name": column,
                "required": column in importing.REQUIRED_COLUMNS,
                "help": importing.HELP[column],
            }
            for column in importing.COLUMNS
        ],
    }
    return render(request, "audits/finding_import.html", context, status=status)


@login_required
def finding_template(request: HttpRequest, fmt: str) -> HttpResponse:
    """The empty import template, as CSV or XLSX (the XLSX explains every column)."""
    user = acting_user(request)
    require_audit(user, AuditAction.EDIT_FINDINGS)
    if fmt == "csv":
        response = HttpResponse(importing.template_csv(), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            importing.template_xlsx(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        return HttpResponse(status=404)
    response["Content-Disposition"] = f'attachment; filename="findings-template.{fmt}"'
    return response
