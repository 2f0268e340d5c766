"""Reviewing an inspection issues its report in the background, once: the review hook queues
the task after the commit, the task renders the PDF, and nothing renders it again."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from sourceproof.core.changelog import history_for
from sourceproof.core.testing import Personas
from sourceproof.inspections import services
from sourceproof.inspections.services import REVIEW_HOOKS
from sourceproof.inspections.tests.builders import reviewed
from sourceproof.reports import inspection as reports
from sourceproof.reports.models import IssuedReport
from sourceproof.reports.tasks import render_inspection_report
from sourceproof.reports.tests import inspection_flow as flow

pytestmark = pytest.mark.django_db


def pdf_text(report: IssuedReport) -> str:
    with report.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_it_registers_the_review_hook() -> None:
    assert reports.enqueue_inspection_report in REVIEW_HOOKS


def test_it_issues_the_pdf_when_the_inspection_is_reviewed(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    inspection = flow.reviewed_psi(personas, django_capture_on_commit_callbacks)
    report = reports.inspection_report_for(inspection=inspection)
    assert report is not None
    assert (report.kind, report.version, report.number[:7]) == ("inspection", 1, "SP-INS-")
    assert report.issued_by == personas.quality_manager
    text = pdf_text(report)
    flat = text.replace("\n", " ")
    assert report.number in text
    assert inspection.report_number in text
    assert "Pass" in text and "Computed verdict: Pass." in flat
    plan = inspection.plan_snapshot
    assert isinstance(plan, dict)
    major = next(c for c in plan["classes"] if c["name"] == "major")
    assert f"code letter {plan['code_letter']}" in flat
    assert f"sample size {plan['sample_size']}" in flat
    assert (
        f"Major 2.5 {major['plan_code_letter']} {major['sample_size']} {major['accept']} {major['reject']} 1"
        in flat
    )
    assert personas.order.number in text
    assert personas.facility.name in text
    assert personas.customer.name in text
    assert "Li Wei" in text  # the inspector
    assert "95 ± 1 mm" in flat and "#3: 96.4 ✗" in flat  # the measurement out of tolerance
    assert "MAJ-PRINT" in text and "Smear across the logo" in flat
    assert "GS-0042" in text and "Pantone 186 C" in flat  # the golden sample
    assert "Place ✗ 50.0 km away" in flat  # the photo taken far from the facility
    assert report.content_sha256 in flat.replace(" ", "")
    assert history_for(report).exists()
    assert any(
        r.summary.startswith(f"Report {report.number} issued") for r in history_for(inspection)
    )


def test_it_embeds_every_photo_downscaled(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    inspection = flow.reviewed_psi(personas, django_capture_on_commit_callbacks)
    report = reports.inspection_report_for(inspection=inspection)
    assert report is not None
    with report.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    # Pages may share one resource dictionary: count distinct images.
    images = {image.data: image for page in reader.pages for image in page.images}
    assert len(images) == inspection.photos.count() + 2  # and the golden sample's two
    sizes = [image.image.size for image in images.values() if image.image is not None]
    assert len(sizes) == len(images) and all(max(size) <= reports.PDF_PHOTO_SIDE for size in sizes)


def test_it_queues_the_rendering_only_after_the_commit(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        inspection = reviewed(personas)
    assert reports.inspection_report_for(inspection=inspection) is None
    assert reports.inspection_report_state(inspection=inspection).status == "preparing"
    # The hook runs after the commit and queues the task on commit too (at once in
    # production, where no transaction is open then; here the test's own is).
    with django_capture_on_commit_callbacks(execute=True) as queued:
        for callback in callbacks:
            callback()
    # One queued rendering (other review hooks, e.g. notifications, queue their own work).
    rendering = [c for c in queued if "enqueue_inspection_report" in c.__qualname__]
    assert len(rendering) == 1
    report = reports.inspection_report_for(inspection=inspection)
    assert report is not None
    assert reports.inspection_report_state(inspection=inspection).status == "ready"


def test_it_never_renders_again_without_a_correction(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        inspection = reviewed(personas)
    first = reports.inspection_report_for(inspection=inspection)
    assert first is not None
    # The task runs again (a retry, a second worker), the hook fires again: a no-op.
    render_inspection_report.enqueue(inspection_id=inspection.pk)
    with django_capture_on_commit_callbacks(execute=True):
        reports.enqueue_inspection_report(inspection.pk)
    assert reports.inspection_report_issue(inspection_id=inspection.pk) == first
    # A second review is refused by the inspections app; nothing is issued either.
    with pytest.raises(ValidationError), django_capture_on_commit_callbacks(execute=True):
        services.inspection_review(inspection=inspection, by=personas.quality_manager)
    assert IssuedReport.objects.count() == 1
    # Asking for the first rendering again is refused once it exists.
    with pytest.raises(ValidationError, match="correction"):
        reports.inspection_report_request(inspection=inspection, by=personas.quality_manager)


def test_it_issues_nothing_for_an_inspection_not_reviewed(personas: Personas) -> None:
    inspection = flow.performed_psi(personas, far_photo=False)
    assert reports.inspection_report_issue(inspection_id=inspection.pk) is None
    assert reports.inspection_report_issue(inspection_id=999_999) is None
    assert reports.inspection_report_state(inspection=inspection).status == "not_reviewed"
    assert not IssuedReport.objects.exists()


def test_it_queues_a_failed_or_missing_rendering_again(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False):  # the hook's task never runs
        inspection = reviewed(personas)
    with pytest.raises(Exception, match="Not found"):
        reports.inspection_report_request(inspection=inspection, by=personas.inspector)
    with django_capture_on_commit_callbacks(execute=True):
        reports.inspection_report_request(inspection=inspection, by=personas.quality_manager)
    assert reports.inspection_report_for(inspection=inspection) is not None
