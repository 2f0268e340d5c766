"""Background work of the payroll app (django-tasks): thin wrappers over services, ids in."""

from __future__ import annotations

from django_tasks import task

from sourceproof.payroll.services import run_execute


@task()
def analyse_wage_hours(run_id: int) -> str:
    """Analyse a queued wage-hours run; returns its final status (done or failed)."""
    return run_execute(run_id=run_id)
