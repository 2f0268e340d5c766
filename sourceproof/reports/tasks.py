"""Background work of the reports app (django-tasks): thin wrappers over services, ids in."""

from __future__ import annotations

from django_tasks import task


@task()
def render_inspection_report(inspection_id: int) -> str | None:
    """Render and issue the first version of a reviewed inspection's report (a no-op when it
    was issued already). Returns the report number."""
    from sourceproof.reports.inspection import inspection_report_issue

    report = inspection_report_issue(inspection_id=inspection_id)
    return report.number if report is not None else None
