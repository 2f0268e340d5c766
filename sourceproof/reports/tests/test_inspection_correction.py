"""Correcting an inspection report: the only way to render it again. A quality manager gives a
reason; version 2 gets a new number and the reason printed on it; version 1 stays verifiable
and shows as replaced; both changes are in the change log."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import Client

from sourceproof.core.changelog import history_for
from sourceproof.core.testing import Personas
from sourceproof.inspections import services
from sourceproof.inspections.models import Inspection
from sourceproof.inspections.tests.builders import reviewed
from sourceproof.reports import inspection as reports
from sourceproof.reports.models import IssuedReport
from sourceproof.reports.tests.test_inspection_issue import pdf_text

pytestmark = pytest.mark.django_db

REASON = "The verdict was overridden after the review; the report must show it."


def _issued(personas: Personas, capture: Any) -> tuple[Inspection, IssuedReport]:
    with capture(execute=True):
        inspection = reviewed(personas, majors=1)
    first = reports.inspection_report_for(inspection=inspection)
    assert first is not None
    return inspection, first


def test_it_issues_version_2_and_marks_version_1_replaced(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    inspection, first = _issued(personas, django_capture_on_commit_callbacks)
    services.inspection_override(
        inspection=inspection,
        verdict="fail",
        reason="The customer's contract allows no printing defect at all.",
        by=personas.quality_manager,
    )
    second = reports.inspection_report_correct(
        inspection=inspection, reason=REASON, by=personas.quality_manager
    )
    first.refresh_from_db()
    assert (second.version, first.superseded_by) == (2, second)
    assert second.number != first.number and second.correction_reason == REASON
    assert reports.inspection_report_for(inspection=inspection) == second
    text = pdf_text(second).replace("\n", " ")
    assert REASON in text and first.number in text  # "version 2, corrects SP-INS-…: reason"
    assert "Fail" in text and "Computed verdict: Pass." in text
    assert "Overridden from Pass to Fail by Quinten Q" in text
    assert "The customer's contract allows no printing defect at all." in text
    assert "Overridden" not in pdf_text(first)  # version 1 is the file as first issued
    summaries = [r.summary for r in history_for(inspection)]
    assert any(s.startswith(f"Report corrected: {second.number} (version 2)") for s in summaries)
    assert history_for(second).get().actor == personas.quality_manager
    # The public page of version 1 says it was replaced, by which number.
    page = Client().get(f"/verify/{first.number}").content.decode()
    assert "replaced by a correction" in page and second.number in page
    page = Client().get(f"/verify/{second.number}").content.decode()
    assert "replaced by a correction" not in page


def test_it_needs_a_reason(personas: Personas, django_capture_on_commit_callbacks: Any) -> None:
    inspection, _first = _issued(personas, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError, match="at least 10 characters"):
        reports.inspection_report_correct(
            inspection=inspection, reason="  typo  ", by=personas.quality_manager
        )
    assert IssuedReport.objects.count() == 1


def test_it_lets_only_quality_managers_and_admins_correct(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    inspection, _first = _issued(personas, django_capture_on_commit_callbacks)
    for role in ("inspector", "viewer", "csr_manager", "customer_user", "supplier_user"):
        with pytest.raises(Http404):
            reports.inspection_report_correct(
                inspection=inspection, reason=REASON, by=getattr(personas, role)
            )
    assert (
        reports.inspection_report_correct(
            inspection=inspection, reason=REASON, by=personas.admin
        ).version
        == 2
    )


def test_it_has_nothing_to_correct_before_the_first_issue(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        inspection = reviewed(personas)
    with pytest.raises(ValidationError, match="nothing to correct"):
        reports.inspection_report_correct(
            inspection=inspection, reason=REASON, by=personas.quality_manager
        )


def test_the_page_corrects_and_explains_errors(
    personas: Personas, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    inspection, first = _issued(personas, django_capture_on_commit_callbacks)
    url = f"/reports/inspections/{inspection.report_number}/correct/"
    qm = client_for("quality_manager")
    short = qm.post(url, {"reason": "typo"})
    assert short.status_code == 400
    assert "at least 10 characters" in short.content.decode()
    done = qm.post(url, {"reason": REASON})
    assert done.status_code == 302
    assert done["Location"] == f"/reports/inspections/{inspection.report_number}/"
    page = qm.get(done["Location"]).content.decode()
    assert first.number in page and "replaced by" in page and REASON in page
    assert client_for("inspector").post(url, {"reason": REASON}).status_code == 404
    assert client_for("customer_user").post(url, {"reason": REASON}).status_code == 404
    assert IssuedReport.objects.count() == 2
