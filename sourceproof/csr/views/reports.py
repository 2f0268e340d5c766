"""Pages of the annual CSR report: request one for a year, watch it render, download it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sourceproof.csr.access import CsrAction, can_csr, require_csr
from sourceproof.csr.forms import ReportRequestForm
from sourceproof.csr.models import CsrReportStatus
from sourceproof.csr.selectors import reports as selectors
from sourceproof.csr.services.reports import csr_report_request
from sourceproof.csr.views.common import add_errors, file_response, is_htmx, page_of, viewer


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    user = viewer(request)
    form = ReportRequestForm(request.POST or None)
    if request.method == "POST":
        require_csr(user, CsrAction.GENERATE_CSR_REPORT)
        if form.is_valid():
            try:
                report = csr_report_request(by=user, **form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request, _("The %(year)s report is being rendered.") % {"year": report.year}
                )
                return redirect("csr:report_detail", pk=report.pk)
    context = {
        "form": form,
        "page": page_of(request, selectors.report_list(user=user)),
        "query": "",
        "can_generate": can_csr(user, CsrAction.GENERATE_CSR_REPORT),
    }
    return render(
        request, "csr/report_list.html", context, status=400 if request.method == "POST" else 200
    )


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = viewer(request)
    report = selectors.get_report_for_user(user=user, pk=pk)
    context = {
        "report": report,
        "working": report.status in (CsrReportStatus.QUEUED, CsrReportStatus.RENDERING),
    }
    template = "csr/report_detail.html#progress" if is_htmx(request) else "csr/report_detail.html"
    return render(request, template, context)


@login_required
def report_download(request: HttpRequest, pk: int) -> FileResponse:
    user = viewer(request)
    report = selectors.get_report_for_user(user=user, pk=pk)
    name = f"{report.report_number or f'csr-report-{report.year}'}.pdf"
    return file_response(report.file if report.status == CsrReportStatus.DONE else None, name)
