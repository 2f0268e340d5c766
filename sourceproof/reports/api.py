"""Reports in the API at /api/v1/reports: an inspection's report (metadata and the PDF).

Read through the inspections app's scoped selector, as the pages: an inspection outside the
caller's scope is a 404, whether or not it has a report.
"""

from __future__ import annotations

import datetime as dt

from django.http import FileResponse, Http404, HttpRequest
from django.urls import reverse
from ninja import Router, Schema

from sourceproof.core.http import acting_user
from sourceproof.inspections.selectors import get_inspection_for_user
from sourceproof.reports import inspection as inspection_reports
from sourceproof.reports.services import verify_url
from sourceproof.reports.views import pdf_response

router = Router(tags=["reports"])


class ReportVersionOut(Schema):
    number: str
    version: int
    sha256: str
    issued_at: dt.datetime
    correction_reason: str
    superseded_by: str | None
    verify_url: str


class InspectionReportOut(Schema):
    inspection: str  # the inspection's report number (QC-…)
    status: str  # ready, preparing, failed, not_reviewed
    number: str | None  # the issued report's number (SP-INS-…), None before it is issued
    version: int | None
    sha256: str | None  # of the PDF file, as issued
    content_sha256: str | None  # printed on the report
    issued_at: dt.datetime | None
    verify_url: str | None
    pdf_url: str | None
    html_url: str
    correction_reason: str
    versions: list[ReportVersionOut]


@router.get(
    "/inspections/{report_number}",
    response=InspectionReportOut,
    url_name="reports_inspection_report",
    summary="An inspection's report: status, number, version, SHA-256, verification URL",
)
def inspection_report(request: HttpRequest, report_number: str) -> InspectionReportOut:
    inspection = get_inspection_for_user(user=acting_user(request), report_number=report_number)
    state = inspection_reports.inspection_report_state(inspection=inspection)
    report = state.report
    versions = (
        inspection_reports.inspection_report_versions(inspection=inspection) if report else []
    )
    return InspectionReportOut(
        inspection=inspection.report_number,
        status=state.status,
        number=report.number if report else None,
        version=report.version if report else None,
        sha256=report.sha256 if report else None,
        content_sha256=report.content_sha256 if report else None,
        issued_at=report.issued_at if report else None,
        verify_url=verify_url(report.number) if report else None,
        pdf_url=reverse("api:reports_inspection_pdf", args=[inspection.report_number])
        if report
        else None,
        html_url=reverse("reports:inspection_html", args=[inspection.report_number]),
        correction_reason=report.correction_reason if report else "",
        versions=[
            ReportVersionOut(
                number=v.number,
                version=v.version,
                sha256=v.sha256,
                issued_at=v.issued_at,
                correction_reason=v.correction_reason,
                superseded_by=v.superseded_by.number if v.superseded_by else None,
                verify_url=verify_url(v.number),
            )
            for v in versions
        ],
    )


@router.get(
    "/inspections/{report_number}/pdf",
    url_name="reports_inspection_pdf",
    response={200: None},
    summary="The report's PDF as issued (the current version, or ?version=N)",
)
def inspection_report_pdf(
    request: HttpRequest, report_number: str, version: int | None = None
) -> FileResponse:
    inspection = get_inspection_for_user(user=acting_user(request), report_number=report_number)
    if version is not None:
        report = inspection_reports.inspection_report_version(
            inspection=inspection, version=version
        )
    else:
        report = inspection_reports.inspection_report_for(inspection=inspection)
    if report is None:
        raise Http404("Not found.")
    return pdf_response(report)
