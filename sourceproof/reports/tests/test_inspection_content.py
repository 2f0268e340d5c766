"""What the report says about its photos: each one's evidence flags, a reused photo with the
earlier photo's inspection number, the golden sample side by side, and a photo whose file
cannot be read is shown as such (the report is still issued, nothing is hidden)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.storage import default_storage

from sourceproof.core.testing import Personas
from sourceproof.evidence import services as evidence
from sourceproof.evidence.models import Photo
from sourceproof.evidence.tests import crafted
from sourceproof.inspections.models import GOLDEN_SAMPLE_CHECKPOINT
from sourceproof.reports import inspection as reports
from sourceproof.reports.tests import inspection_flow as flow
from sourceproof.reports.tests.test_inspection_issue import pdf_text

pytestmark = pytest.mark.django_db


def test_it_flags_a_reused_photo_with_the_earlier_inspection(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    ppi = flow.golden_ppi(personas)
    original = Photo.objects.filter(inspection=ppi).order_by("pk").first()
    assert original is not None
    with original.image.open("rb") as handle:
        copy = crafted.near_copy(handle.read())  # resized, recompressed, EXIF dropped
    inspection = flow.performed_psi(personas, far_photo=False)
    # A copy can only be added while the inspection runs: add it through photo_import,
    # judged at its receipt like an upload (the flow submitted the PSI already).
    assert inspection.submitted_at is not None
    reused = evidence.photo_import(
        inspection=inspection, data=copy, by=personas.inspector, received_at=inspection.submitted_at
    )
    assert reused.reused_from == original and reused.no_exif
    context = reports.inspection_report_context(inspection=inspection, embed=False)
    shown = {p.photo.pk: p for p in context["photos"]}
    assert shown[reused.pk].reused_from_number == ppi.report_number
    assert context["flag_counts"]["reused"] == 1 and context["flag_counts"]["no_exif"] == 1
    flow.review(personas, inspection, django_capture_on_commit_callbacks)
    report = reports.inspection_report_for(inspection=inspection)
    assert report is not None
    text = pdf_text(report).replace("\n", " ")
    assert f"Reused ✗ from {ppi.report_number} (distance {reused.reuse_distance})" in text
    assert "No EXIF" in text and "Time unknown" in text and "Place unknown" in text


def test_it_puts_the_golden_sample_beside_this_inspection(personas: Personas) -> None:
    flow.golden_ppi(personas)
    inspection = flow.performed_psi(personas, far_photo=False)
    context = reports.inspection_report_context(inspection=inspection, embed=False)
    rows = {row.side: row for row in context["golden_rows"]}
    assert set(rows) == {"front", "back"}
    for row in rows.values():
        assert [p.ref[0] for p in row.golden] == ["G"]  # the PPI's photo of that side
        assert [p.ref[0] for p in row.found] == ["P"]  # this inspection's photo of it
        assert row.found[0].photo.checkpoint_result.key == GOLDEN_SAMPLE_CHECKPOINT
    assert context["golden_sample"].seal_number == "GS-0042"
    # Every photo appears once in the body: defects, golden sample, checkpoints, others.
    placed = [
        p.photo.pk for g in context["defect_groups"] for r in g["records"] for p in r["photos"]
    ]
    placed += [p.photo.pk for row in context["golden_rows"] for p in row.found]
    placed += [p.photo.pk for b in context["checkpoint_photos"] for p in b["photos"]]
    placed += [p.photo.pk for p in context["general_photos"]]
    assert sorted(placed) == sorted(inspection.photos.values_list("pk", flat=True))


def test_it_shows_a_photo_whose_file_is_gone(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    inspection = flow.performed_psi(personas, far_photo=False)
    lost = inspection.photos.order_by("pk").first()
    assert lost is not None
    default_storage.delete(lost.image.name)
    flow.review(personas, inspection, django_capture_on_commit_callbacks)
    report = reports.inspection_report_for(inspection=inspection)
    assert report is not None
    assert "The photo's file could not be read." in pdf_text(report).replace("\n", " ")
