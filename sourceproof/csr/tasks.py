"""Background work of the CSR app (django-tasks): thin wrappers over services, ids in."""

from __future__ import annotations

from django_tasks import task


@task()
def render_csr_report(report_id: int) -> None:
    """Render the annual CSR report PDF, noting progress for the polling page."""
    from sourceproof.csr.services.reports import csr_report_render

    csr_report_render(report_id=report_id)
