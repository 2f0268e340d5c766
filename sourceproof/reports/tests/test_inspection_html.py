"""The HTML view of an inspection report: the PDF's content in the site layout, photos through
the evidence app's scoped views; the "being prepared" state that polls with htmx; the
correction form for quality managers; the link partial other pages include."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sourceproof.core.testing import Personas
from sourceproof.evidence.models import Photo
from sourceproof.inspections import services
from sourceproof.inspections.models import Inspection
from sourceproof.inspections.tests.builders import reviewed
from sourceproof.reports import inspection as reports
from sourceproof.reports.tests import inspection_flow as flow

pytestmark = pytest.mark.django_db


def _url(inspection: Inspection) -> str:
    return f"/reports/inspections/{inspection.report_number}/"


def test_it_shows_the_report_in_the_site_layout(
    personas: Personas, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    inspection = flow.reviewed_psi(personas, django_capture_on_commit_callbacks)
    report = reports.inspection_report_for(inspection=inspection)
    assert report is not None
    customer = client_for("customer_user")
    response = customer.get(_url(inspection))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="mainnav"' in page  # the site layout
    for text in (
        report.number,
        report.content_sha256,
        f"/verify/{report.number}",
        f"/reports/inspections/{inspection.report_number}/pdf/",
        inspection.report_number,
        personas.order.number,
        personas.facility.name,
        "Computed verdict: Pass.",
        "MAJ-PRINT",
        "#3: 96.4 ✗",
        "GS-0042",
        "Place ✗ 50.0 km away",
    ):
        assert text in page, text
    assert "data:image" not in page  # photos come from the scoped views, not embedded
    photos = list(Photo.objects.filter(golden_sample__order=personas.order)) + list(
        inspection.photos.all()
    )
    assert len(photos) == 7
    for photo in photos:
        thumbnail = f"/evidence/photos/{photo.pk}/thumbnail/"
        assert thumbnail in page
        assert customer.get(thumbnail).status_code == 200
    assert "Issue a correction" not in page  # customers do not correct
    assert (
        "Issue a correction" in client_for("quality_manager").get(_url(inspection)).content.decode()
    )


def test_it_says_the_report_is_being_prepared_and_polls(
    personas: Personas, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        inspection = reviewed(personas)
    client = client_for("customer_user")
    page = client.get(_url(inspection)).content.decode()
    assert "The report is being prepared." in page
    assert 'hx-trigger="every 2s"' in page and "?poll=1" in page
    fragment = client.get(f"{_url(inspection)}?poll=1", HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    assert "<html" not in fragment.content.decode()
    assert "being prepared" in fragment.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    ready = client.get(f"{_url(inspection)}?poll=1", HTTP_HX_REQUEST="true")
    assert ready["HX-Refresh"] == "true"
    page = client.get(_url(inspection)).content.decode()
    assert "being prepared" not in page and "Download the PDF" in page


def test_it_offers_to_render_again_when_the_rendering_is_overdue(
    personas: Personas, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        inspection = reviewed(personas)
    page = client_for("quality_manager").get(_url(inspection)).content.decode()
    assert "Render the report again" not in page  # just reviewed: still being prepared
    Inspection.objects.filter(pk=inspection.pk).update(
        reviewed_at=timezone.now() - reports.STALLED_AFTER - dt.timedelta(minutes=1)
    )
    page = client_for("quality_manager").get(_url(inspection)).content.decode()
    assert "Render the report again" in page
    assert (
        "Render the report again" not in client_for("viewer").get(_url(inspection)).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("quality_manager").post(f"{_url(inspection)}render/")
    assert response.status_code == 302
    assert reports.inspection_report_for(inspection=inspection) is not None


def test_it_warns_when_the_verdict_changed_after_the_issue(
    personas: Personas, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        inspection = reviewed(personas)
    client = client_for("customer_user")
    assert "was overridden on" not in client.get(_url(inspection)).content.decode()
    services.inspection_override(
        inspection=inspection,
        verdict="fail",
        reason="The customer's contract allows no printing defect at all.",
        by=personas.quality_manager,
    )
    page = client.get(_url(inspection)).content.decode()
    assert "was overridden on" in page and "the PDF as it was issued" in page
    assert "Overridden from Pass to Fail by Quinten Q" in page


def test_the_link_partial_for_other_pages(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        done = reviewed(personas)
    with django_capture_on_commit_callbacks(execute=False):
        waiting = reviewed(personas)
    running = flow.performed_psi(personas, far_photo=False)
    report = reports.inspection_report_for(inspection=done)
    assert report is not None

    def link(inspection: Inspection) -> str:
        return render_to_string("reports/inspection_report_link.html", {"inspection": inspection})

    html = link(done)
    assert report.number in html
    assert f"/reports/inspections/{done.report_number}/pdf/" in html
    assert f"/reports/inspections/{done.report_number}/" in html
    assert "being prepared" in link(waiting)
    assert link(running).strip() == ""
    # A list reads every report in one query first; the partial then reads nothing.
    rows = reports.attach_inspection_reports(list(Inspection.objects.order_by("pk")))
    with CaptureQueriesContext(connection) as queries:
        rendered = [link(i) for i in rows]
    assert len(queries) == 0
    assert sum(report.number in html for html in rendered) == 1
