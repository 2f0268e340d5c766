"""The whole flow through the desktop pages, without JavaScript: book, start, record
checkpoint results and measurements, count defects with +/-, record a numbered unit,
submit, review, override; then the list's filters and the calendar."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from sourceproof.core.testing import Personas
from sourceproof.evidence.tests import crafted
from sourceproof.inspections.models import Inspection, InspectionStatus
from sourceproof.inspections.tests import builders

pytestmark = pytest.mark.django_db


def test_it_books_performs_submits_reviews_and_overrides_through_the_pages(
    personas: Personas, client_for: Any
) -> None:
    qm, inspector = client_for("quality_manager"), client_for("inspector")
    builders.library(personas.quality_manager)
    builders.checklist(personas.order.lines.get().product.category, personas.quality_manager)
    builders.confirm(personas.order)
    number = personas.order.number

    form = qm.get(f"/inspections/new/?order={number}&type=psi").content.decode()
    assert "Defaults: level II, AQL major 2.5, minor 4.0 (policy)" in form
    booked = qm.post(
        "/inspections/new/",
        {
            "order": number,
            "inspection_type": "psi",
            "planned_date": timezone.localdate().isoformat(),
            "inspector": personas.inspector.pk,
        },
    )
    assert booked.status_code == 302
    inspection = Inspection.objects.get()
    rn = inspection.report_number

    refused = inspector.post(f"/inspections/{rn}/start/", {"packed_percent": "50"})
    assert refused.status_code == 400
    assert "a PSI needs at least 80 %" in refused.content.decode()
    assert inspector.post(f"/inspections/{rn}/start/", {"packed_percent": "95"}).status_code == 302

    page = inspector.get(f"/inspections/{rn}/perform/").content.decode()
    assert "Verdict so far" in page and "Matches the golden sample" in page
    for result in inspection.checkpoint_results.all():
        prefix = f"cp-{result.key}"
        data = {f"{prefix}-status": "pass", f"{prefix}-note": ""}
        if result.kind == "measurement":
            data = {
                f"{prefix}-status": "not_checked",
                f"{prefix}-measurements": "1: 95.2\n2: 97.5\n94.8",
                f"{prefix}-note": "",
            }
        response = inspector.post(f"/inspections/{rn}/perform/results/{result.key}/", data)
        assert response.status_code == 302
    height = inspection.checkpoint_results.get(title="Height")
    assert height.status == "pass" and len(height.measurements) == 3

    for delta in ("1", "1", "1", "-1"):
        inspector.post(
            f"/inspections/{rn}/perform/defects/adjust/",
            {"defect_type": "MIN-SCRATCH", "delta": delta},
        )
    inspector.post(
        f"/inspections/{rn}/perform/defects/",
        {"defect_type": "MAJ-PRINT", "unit_number": "2", "count": "1", "note": "smear"},
    )
    inspection.refresh_from_db()
    assert inspection.nonconforming == {"critical": 0, "major": 1, "minor": 2}  # unit 2 once

    # Submission waits for the photos the checklist requires, and says which and how many.
    refused = inspector.post(f"/inspections/{rn}/submit/", {"remarks": "Packed well."}, follow=True)
    text = refused.content.decode()
    assert "Not submitted" in text
    assert "&#x27;Drop test 80 cm&#x27; needs 1 more photo (0 of 1 attached)." in text
    assert "&#x27;Matches the golden sample&#x27; needs 2 more photos (0 of 2 attached)." in text
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.IN_PROGRESS
    # The one-tap photo forms of the perform page (the camera input), one per checkpoint.
    page = inspector.get(f"/inspections/{rn}/perform/").content.decode()
    assert 'capture="environment"' in page and "0 of 2 required photos" in page
    upload = f"/evidence/inspections/{rn}/upload/"
    drop = inspection.checkpoint_results.get(title="Drop test 80 cm")
    golden = inspection.checkpoint_results.get(key="golden-sample")
    perform_url = f"/inspections/{rn}/perform/"
    for seed, (result, side) in enumerate([(drop, ""), (golden, "front"), (golden, "back")]):
        sent = inspector.post(
            upload,
            {
                "camera": crafted.upload(crafted.photo(300 + seed)),
                "checkpoint": result.pk,
                "side": side,
                "next": perform_url,
            },
        )
        assert sent.status_code == 302 and sent["Location"] == perform_url
    page = inspector.get(perform_url).content.decode()
    assert "2 of 2 required photos" in page and "1 of 1 required photo" in page

    submitted = inspector.post(f"/inspections/{rn}/submit/", {"remarks": "Packed well."})
    assert submitted.status_code == 302
    detail = qm.get(f"/inspections/{rn}/").content.decode()
    assert "Review and count the lot" in detail
    assert "Major: 1 nonconforming unit in a sample of" in detail
    assert qm.post(f"/inspections/{rn}/review/", {"note": "ok"}).status_code == 302
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.REVIEWED and inspection.final_verdict == "pass"

    short = qm.post(f"/inspections/{rn}/override/", {"verdict": "fail", "reason": "no"})
    assert short.status_code == 400
    done = qm.post(
        f"/inspections/{rn}/override/",
        {"verdict": "fail", "reason": "Customer rejected the shade of the logo after all."},
    )
    assert done.status_code == 302
    final = qm.get(f"/inspections/{rn}/").content.decode()
    assert "Computed verdict: Pass." in final
    assert "Customer rejected the shade of the logo after all." in final
    assert "History" in final
    # The detail page shows the report, the photos by checkpoint and the golden sample side
    # by side (the evidence and reports apps' partials).
    assert "The report is being prepared." in final  # rendered after the test's commit
    assert final.count('class="photo-card') >= 3 + 2  # in the checkpoints, and side by side
    assert "Side by side" in final and "golden-compare" in final


def test_it_filters_the_list_and_answers_htmx_with_the_results_only(
    personas: Personas, client_for: Any
) -> None:
    reviewed = builders.reviewed(personas, inspection_type="psi")
    planned = builders.book(personas, inspection_type="clc")
    client = client_for("viewer")

    def shown(query: str, **headers: str) -> str:
        return client.get(f"/inspections/?{query}", **headers).content.decode()

    assert reviewed.report_number in shown("status=reviewed")
    assert planned.report_number not in shown("status=reviewed")
    assert planned.report_number in shown("inspection_type=clc")
    assert reviewed.report_number in shown("verdict=pass")
    assert reviewed.report_number in shown(f"facility={personas.facility.code}")
    assert reviewed.report_number not in shown(f"facility={personas.other_facility.code}")
    assert reviewed.report_number in shown("customer=northwind")
    assert reviewed.report_number not in shown("customer=contoso")
    assert reviewed.report_number in shown(f"inspector={personas.inspector.pk}")
    partial = shown("q=QC", HTTP_HX_REQUEST="true")
    assert partial.lstrip().startswith('<div id="inspection-results">')


def test_it_shows_the_month_grid_and_the_phone_list(personas: Personas, client_for: Any) -> None:
    day = timezone.localdate().replace(day=15)
    planned = builders.book(personas, planned_date=day)
    html = client_for("inspector").get(f"/inspections/calendar/?month={day:%Y-%m}").content.decode()
    assert 'class="cal-grid"' in html and 'class="cal-list"' in html
    # one link in the month grid, one in the list shown on phones
    assert html.count(f'href="/inspections/{planned.report_number}/"') == 2
    next_month = (day.replace(day=28) + dt.timedelta(days=10)).strftime("%Y-%m")
    assert f"?month={next_month}" in html
    empty = client_for("inspector").get("/inspections/calendar/?month=2001-01").content.decode()
    assert "No inspections this month." in empty
