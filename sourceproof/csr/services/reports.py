"""Annual CSR reports: a request queues a background task (django-tasks) that renders the PDF.

When the shared reports app is installed, the PDF is issued through
`sourceproof.reports.services.report_issue` (report number, SHA-256, QR verification); a second
report for the same year is then a correction of the first and needs a reason. Without it the
PDF is rendered here with WeasyPrint and stored on the `CsrReport` with its SHA-256.
"""

from __future__ import annotations

import hashlib
import logging
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from sourceproof.csr.models import CsrReport, CsrReportStatus
from sourceproof.csr.services.common import ChangeAction, record_change

if TYPE_CHECKING:
    from sourceproof.accounts.models import User

logger = logging.getLogger(__name__)
TEMPLATE = "csr/annual_report_pdf.html"


@transaction.atomic
def csr_report_request(*, year: int, by: User | None, correction_reason: str = "") -> CsrReport:
    """Queue the annual report for a year; it renders in the background after commit."""
    today = timezone.localdate()
    if year < 2000 or year > today.year:
        raise ValidationError({"year": [_("Choose a year from 2000 to this year.")]})
    reason = correction_reason.strip()
    if not reason and CsrReport.objects.filter(year=year, status=CsrReportStatus.DONE).exists():
        raise ValidationError(
            {
                "correction_reason": [
                    _("A report for %(year)s was already issued; say why it is issued again.")
                    % {"year": year}
                ]
            }
        )
    report = CsrReport.objects.create(year=year, requested_by=by, correction_reason=reason[:300])
    record_change(
        obj=report,
        actor=by,
        action=ChangeAction.CREATE,
        summary=f"Annual CSR report {year} requested",
    )
    from sourceproof.csr.tasks import render_csr_report

    pk = report.pk
    transaction.on_commit(lambda: render_csr_report.enqueue(report_id=pk))
    return report


def _progress(report: CsrReport, percent: int, status: str = CsrReportStatus.RENDERING) -> None:
    """Saved at once (outside any transaction) so the polling page sees it."""
    report.progress = percent
    report.status = status
    CsrReport.objects.filter(pk=report.pk).update(
        progress=percent, status=status, updated_at=timezone.now()
    )


def report_context(year: int) -> dict[str, Any]:
    """The report's data plus its charts."""
    from sourceproof.csr.presentation import emissions_chart, kpi_chart, maturity_chart
    from sourceproof.csr.selectors.reports import annual_report_data

    data = annual_report_data(year=year)
    years = data["years"]
    data["kpi_items"] = [
        {**row.summary(year), "chart": kpi_chart(row, years, chart_id=f"r-kpi-{row.kpi.code}")}
        for row in data["kpi_rows"]
    ]
    data["emissions_chart"] = emissions_chart(data["emissions"], chart_id="r-emissions")
    data["maturity_chart"] = maturity_chart(
        data["subjects"], data["maturity"], chart_id="r-maturity"
    )
    data["gap_rows"] = data["scorecard"].gap_rows(limit=15)
    return data


def _reports_app() -> Any:
    """`report_issue` from the shared reports app, or None when it is not there."""
    if not apps.is_installed("sourceproof.reports"):
        return None
    try:
        from sourceproof.reports.services import report_issue
    except ImportError:
        return None
    return report_issue


def _render_here(report: CsrReport, context: dict[str, Any]) -> None:
    import weasyprint

    header = {
        "number": "",
        "title": _("Annual CSR report %(year)s") % {"year": report.year},
        "issued_at": timezone.now(),
    }
    html = render_to_string(TEMPLATE, {**context, "report": header})
    pdf = bytes(weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf())
    report.sha256 = hashlib.sha256(pdf).hexdigest()
    report.file.save(f"csr-report-{report.year}-{report.pk}.pdf", ContentFile(pdf), save=False)


def _issue(report: CsrReport, context: dict[str, Any], report_issue: Any) -> None:
    anchor = CsrReport.objects.filter(year=report.year).order_by("pk").first() or report
    issued = report_issue(
        kind="csr_annual",
        subject=anchor,
        title=_("Annual CSR report %(year)s") % {"year": report.year},
        template=TEMPLATE,
        context=context,
        by=report.requested_by,
        correction_reason=report.correction_reason,
    )
    report.report_number = issued.number
    report.issued_report_id = issued.pk
    report.sha256 = issued.sha256
    report.file.name = issued.file.name


def csr_report_render(*, report_id: int) -> CsrReport | None:
    """Render a queued report (the background task's work). Not one transaction on purpose:
    the progress it notes must be visible to the page polling it."""
    report = CsrReport.objects.select_related("requested_by").filter(pk=report_id).first()
    if report is None or report.status not in (CsrReportStatus.QUEUED, CsrReportStatus.FAILED):
        return report
    try:
        _progress(report, 10)
        context = report_context(report.year)
        _progress(report, 60)
        report_issue = _reports_app()
        if report_issue is not None:
            _issue(report, context, report_issue)
        else:
            _render_here(report, context)
        report.status = CsrReportStatus.DONE
        report.progress = 100
        report.error = ""
        report.finished_at = timezone.now()
        report.save()
    except Exception as exc:
        logger.exception("Annual CSR report %s failed", report_id)
        report.status = CsrReportStatus.FAILED
        message = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        report.error = message[:500] or exc.__class__.__name__
        report.save(update_fields=["status", "error", "updated_at"])
        return report
    record_change(
        obj=report,
        actor=None,
        action=ChangeAction.EVENT,
        summary=f"Annual CSR report {report.year} rendered ({report.sha256[:12]}…)",
    )
    return report
