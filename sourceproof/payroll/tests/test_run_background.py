"""Uploading starts a background task (after commit) that analyses the files; the page shows
its progress (htmx polling) until done, then the results. The report is exactly the
command line's JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from sourceproof.core.models import ChangeRecord
from sourceproof.core.testing import Personas
from sourceproof.payroll.models import RunStage, RunStatus, RunWeek, WageHoursRun
from sourceproof.payroll.services import run_execute
from sourceproof.payroll.tests.helpers import (
    ETI_OVERRIDES,
    EXPECTED_RULES,
    cli_json,
    files,
    make_run,
    rules_toml,
)

pytestmark = pytest.mark.django_db


def test_it_analyses_the_files_after_commit(
    personas: Personas, django_capture_on_commit_callbacks: Any, tmp_path: Path
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run = make_run(personas)
    assert run.status == RunStatus.QUEUED
    assert len(callbacks) == 1

    callbacks[0]()  # the immediate backend runs the task at once

    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert run.stage == RunStage.FINISHED
    assert run.report == cli_json(tmp_path, run.rules)
    assert run.counts == EXPECTED_RULES
    assert run.report["not_checked"] == ["N1"]
    assert run.started_at is not None and run.finished_at is not None
    assert run.summary["workers"] == 3
    assert run.summary["time_records"] == 8
    assert run.summary["worker_ids"] == ["W1", "Y1"]
    assert run.summary["top_workers"][0]["worker_id"] == "W1"
    weeks = {(w.worker_id, w.week_start.isoformat()): w for w in RunWeek.objects.filter(run=run)}
    assert weeks[("W1", "2024-03-04")].regular_hours == 56
    assert weeks[("W1", "2024-03-04")].total_hours == 58
    assert set(
        ChangeRecord.objects.filter(
            object_id=str(run.pk), object_repr__startswith="Wage-hours"
        ).values_list("action", flat=True)
    ) == {"create", "event"}


def test_the_rules_are_a_snapshot_of_table_and_overrides(personas: Personas) -> None:
    run = make_run(personas)

    assert run.rules == ETI_OVERRIDES  # the seeded Zhejiang row, every key overridden
    assert run.overrides == ETI_OVERRIDES
    assert run.legal_wage is not None and run.legal_wage.region == "Zhejiang Class I"
    assert "[overtime_premium]" in rules_toml(run.rules)


def test_a_run_is_analysed_once(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        run = make_run(personas)

    assert run_execute(run_id=run.pk) == RunStatus.DONE  # already done: left alone
    assert RunWeek.objects.filter(run=run).count() == 2


def test_the_page_shows_progress_until_the_results(
    personas: Personas, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for("csr_manager")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("payroll:run_create"),
            {
                "facility": personas.facility.code,
                "overrides": "minimum_hourly_wage = 14.0",
                **files(),
            },
        )
    run = WageHoursRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("payroll:run_detail", args=[run.pk])

    page = client.get(response["Location"]).content.decode()
    assert 'id="run-progress"' in page
    assert 'hx-trigger="load delay:1s"' in page
    assert '<meta http-equiv="refresh" content="3">' in page  # without JavaScript
    fragment = client.get(
        reverse("payroll:run_detail", args=[run.pk]) + "?progress=1", HTTP_HX_REQUEST="true"
    )
    assert "<h1>" not in fragment.content.decode()
    assert "Waiting for a worker" in fragment.content.decode()

    WageHoursRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, stage=RunStage.CHECKING)
    fragment = client.get(
        reverse("payroll:run_detail", args=[run.pk]) + "?progress=1", HTTP_HX_REQUEST="true"
    )
    assert "Checking the rules" in fragment.content.decode()
    WageHoursRun.objects.filter(pk=run.pk).update(status=RunStatus.QUEUED, stage=RunStage.WAITING)

    callbacks[0]()

    fragment = client.get(
        reverse("payroll:run_detail", args=[run.pk]) + "?progress=1", HTTP_HX_REQUEST="true"
    )
    assert fragment["HX-Refresh"] == "true"
    page = client.get(reverse("payroll:run_detail", args=[run.pk])).content.decode()
    assert 'id="run-progress"' not in page
    assert "Findings by rule" in page


def test_a_run_for_an_audit_takes_its_facility_and_last_day(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    from sourceproof.payroll.tests.helpers import make_audit

    audit = make_audit(personas)
    with django_capture_on_commit_callbacks(execute=True):
        run = make_run(personas, audit=audit)

    run.refresh_from_db()
    assert run.facility == personas.facility
    assert run.audit == audit
    assert run.wage_date == audit.end_date
    assert run.status == RunStatus.DONE
