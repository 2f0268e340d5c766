"""The report is rendered by a real database-backed worker (django_tasks_db's db_worker), as in
production; a rendering that fails shows as failed and can be queued again."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings

from sourceproof.core.testing import Personas
from sourceproof.inspections import services
from sourceproof.inspections.tests.builders import reviewed
from sourceproof.reports import inspection as reports
from sourceproof.reports.tests import inspection_flow as flow
from sourceproof.reports.tests.test_inspection_issue import pdf_text

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def work() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0")


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_renders_the_report(personas: Personas) -> None:
    from django_tasks_db.models import DBTaskResult

    with override_settings(TASKS=DATABASE_TASKS):
        ppi = flow.golden_ppi(personas)  # its review commits: its report is queued too
        inspection = flow.performed_psi(personas)
        services.inspection_review(inspection=inspection, by=personas.quality_manager)
        queued = DBTaskResult.objects.filter(task_path=reports.TASK_PATH).order_by("enqueued_at")
        assert [q.args_kwargs["kwargs"] for q in queued] == [
            {"inspection_id": ppi.pk},
            {"inspection_id": inspection.pk},
        ]
        assert reports.inspection_report_state(inspection=inspection).status == "preparing"
        work()
        state = reports.inspection_report_state(inspection=inspection)
    assert state.status == "ready" and state.report is not None
    assert personas.facility.name in pdf_text(state.report)
    assert reports.inspection_report_for(inspection=ppi) is not None
    statuses = set(DBTaskResult.objects.values_list("status", flat=True))
    assert statuses == {"SUCCESSFUL"}  # the thumbnails' tasks ran first, then the reports'
    assert all(p.thumbnail for p in inspection.photos.all())


@pytest.mark.django_db(transaction=True)
def test_a_failed_rendering_shows_and_can_be_queued_again(
    personas: Personas, client_for: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*, inspection_id: int) -> None:
        raise RuntimeError("renderer crashed")

    # The worker closes its database connection: the test commits for real (transaction=True).
    with override_settings(TASKS=DATABASE_TASKS):
        inspection = reviewed(personas)  # commits: the rendering is queued
        with monkeypatch.context() as patched:
            patched.setattr(reports, "inspection_report_issue", broken)
            work()
        state = reports.inspection_report_state(inspection=inspection)
        assert (state.status, state.can_retry) == ("failed", True)
        url = f"/reports/inspections/{inspection.report_number}/"
        page = client_for("quality_manager").get(url).content.decode()
        assert "could not be rendered" in page and "Render the report again" in page
        customer_page = client_for("customer_user").get(url).content.decode()
        assert "could not be rendered" in customer_page
        assert "Render the report again" not in customer_page
        again = client_for("quality_manager").post(f"{url}render/")  # queued at once
        assert again.status_code == 302
        work()
        assert reports.inspection_report_state(inspection=inspection).status == "ready"
