"""The public verification page (is this report genuine? no login, rate-limited), and the
inspection report's pages: its HTML view, the PDF download, corrections."""

from __future__ import annotations

import hashlib
import hmac
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from sourceproof.accounts.permissions import Action, can, require
from sourceproof.core.http import acting_user, client_ip
from sourceproof.inspections.models import Inspection
from sourceproof.inspections.selectors import get_inspection_for_user
from sourceproof.reports import inspection as inspection_reports
from sourceproof.reports import selectors
from sourceproof.reports.forms import VerifyForm
from sourceproof.reports.inspection_forms import CorrectionForm
from sourceproof.reports.models import IssuedReport

if TYPE_CHECKING:
    from sourceproof.accounts.models import User


@require_http_methods(["GET", "POST"])
def verify_report(request: HttpRequest, number: str) -> HttpResponse:
    if not selectors.verification_allowed(ip_address=client_ip(request)):
        return render(request, "reports/verify_limited.html", status=429)
    report = selectors.report_by_number(number=number)
    form = VerifyForm(request.POST or None, request.FILES or None)
    outcome = None
    if report is not None and request.method == "POST" and form.is_valid():
        if form.cleaned_data.get("pdf"):
            digest = hashlib.sha256()
            for chunk in form.cleaned_data["pdf"].chunks():
                digest.update(chunk)
            claimed = digest.hexdigest()
        else:
            claimed = form.cleaned_data["sha256"]
        outcome = "match" if hmac.compare_digest(claimed, report.sha256) else "mismatch"
    return render(
        request,
        "reports/verify.html",
        {"number": number, "report": report, "form": form, "outcome": outcome},
        status=200 if report is not None else 404,
    )


# --------------------------------------------------------------------------- inspection reports


def _scoped_inspection(request: HttpRequest, report_number: str) -> tuple[User, Inspection]:
    """The inspection by its report number for the acting user, or 404 (the inspections
    app's scope: inspectors their assigned ones, customers and suppliers reviewed ones of
    their orders and facilities, operator roles all)."""
    user = acting_user(request)
    return user, get_inspection_for_user(user=user, report_number=report_number)


def _page_context(user: User, inspection: Inspection, **extra: Any) -> dict[str, Any]:
    state = inspection_reports.inspection_report_state(inspection=inspection)
    report = state.report
    context: dict[str, Any] = {
        "inspection": inspection,
        "state": state,
        "issued": report,
        "can_correct": report is not None and can(user, Action.REVIEW_INSPECTIONS),
        "can_retry": state.can_retry and can(user, Action.REVIEW_INSPECTIONS),
        "changed_since": report is not None
        and inspection.override_at is not None
        and inspection.override_at > report.issued_at,
        "correction_form": CorrectionForm(),
    }
    if report is not None:
        context["versions"] = inspection_reports.inspection_report_versions(inspection=inspection)
        context.update(
            inspection_reports.inspection_report_context(inspection=inspection, embed=False)
        )
    context.update(extra)
    return context


@login_required
def inspection_report_html(request: HttpRequest, report_number: str) -> HttpResponse:
    """The report in the site layout: the same content as the PDF, photos through the
    evidence app's scoped views; while the PDF is being prepared, a state that polls."""
    user, inspection = _scoped_inspection(request, report_number)
    if getattr(request, "htmx", False) and request.GET.get("poll"):
        state = inspection_reports.inspection_report_state(inspection=inspection)
        if state.status == inspection_reports.ReportStatus.READY:
            return HttpResponseClientRefresh()
        return render(
            request,
            "reports/inspection_report_page.html#status",
            {
                "inspection": inspection,
                "state": state,
                "can_retry": state.can_retry and can(user, Action.REVIEW_INSPECTIONS),
            },
        )
    return render(request, "reports/inspection_report_page.html", _page_context(user, inspection))


@login_required
def inspection_report_pdf(request: HttpRequest, report_number: str) -> FileResponse:
    """The PDF as issued (the current version; `?version=1` for an earlier one)."""
    _user, inspection = _scoped_inspection(request, report_number)
    version = request.GET.get("version", "")
    if version:
        if not version.isdigit():
            raise Http404("Not found.")
        report = inspection_reports.inspection_report_version(
            inspection=inspection, version=int(version)
        )
    else:
        report = inspection_reports.inspection_report_for(inspection=inspection)
    if report is None:
        raise Http404("Not found.")
    return pdf_response(report)


def pdf_response(report: IssuedReport) -> FileResponse:
    response = FileResponse(
        report.file.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"{report.number}.pdf",
    )
    response["Cache-Control"] = "private, no-cache"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def inspection_report_correct(request: HttpRequest, report_number: str) -> HttpResponse:
    """Issue a corrected version (quality managers and admins)."""
    user, inspection = _scoped_inspection(request, report_number)
    require(user, Action.REVIEW_INSPECTIONS)
    form = CorrectionForm(request.POST)
    if form.is_valid():
        try:
            report = inspection_reports.inspection_report_correct(
                inspection=inspection, reason=form.cleaned_data["reason"], by=user
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, errors in error.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                _("Report %(number)s (version %(version)s) was issued; it replaces %(old)s.")
                % {
                    "number": report.number,
                    "version": report.version,
                    "old": report.supersedes.number,
                },
            )
            return redirect("reports:inspection_html", inspection.report_number)
    return render(
        request,
        "reports/inspection_report_page.html",
        _page_context(user, inspection, correction_form=form, correction_open=True),
        status=400,
    )


@login_required
@require_POST
def inspection_report_render(request: HttpRequest, report_number: str) -> HttpResponse:
    """Queue the first rendering again after it failed or stalled (quality managers and
    admins); never replaces an issued report."""
    user, inspection = _scoped_inspection(request, report_number)
    require(user, Action.REVIEW_INSPECTIONS)
    try:
        inspection_reports.inspection_report_request(inspection=inspection, by=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The report is being prepared again."))
    return redirect("reports:inspection_html", inspection.report_number)
