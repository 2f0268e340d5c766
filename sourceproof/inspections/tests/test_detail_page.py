"""The inspection's detail page with what the other capabilities add to it: the photos by
checkpoint and defect (with the one-tap upload while it runs), the golden sample side by
side on every later inspection of the order, the report link, and the inspector's phone
screen; in a constant number of queries however many photos, defects and checkpoints."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sourceproof.core.testing import Personas
from sourceproof.evidence import services as evidence
from sourceproof.evidence.tests import crafted
from sourceproof.inspections import services
from sourceproof.inspections.models import GOLDEN_SAMPLE_CHECKPOINT, Inspection, InspectionType
from sourceproof.inspections.tests import builders

pytestmark = pytest.mark.django_db


def _photo(personas: Personas, inspection: Inspection, seed: int, **links: Any) -> None:
    evidence.photo_add(
        inspection=inspection,
        file=crafted.upload(crafted.photo(seed, size=(320, 240), taken=timezone.now())),
        by=personas.inspector,
        **links,
    )


def _golden_ppi(personas: Personas) -> Inspection:
    """A reviewed PPI of the personas' order whose golden sample has a photo of its front."""
    ppi = builders.start(personas, builders.book(personas, inspection_type=InspectionType.PPI))
    sample = services.golden_sample_approve(
        inspection=ppi, seal_number="GS-0042", materials="stoneware", by=personas.inspector
    )
    _photo(personas, ppi, 500, golden_sample=sample, side="front")
    builders.check_everything(personas, ppi)
    services.inspection_submit(inspection=ppi, by=personas.inspector)
    services.inspection_review(inspection=ppi, by=personas.quality_manager)
    return ppi


@pytest.fixture
def psi(personas: Personas) -> Inspection:
    """A PSI in progress of the order whose PPI approved the golden sample."""
    builders.library(personas.quality_manager)
    builders.checklist(personas.order.lines.get().product.category, personas.quality_manager)
    _golden_ppi(personas)
    return builders.start(personas, builders.book(personas, inspection_type=InspectionType.PSI))


def _get(client: Any, inspection: Inspection) -> str:
    response = client.get(f"/inspections/{inspection.report_number}/")
    assert response.status_code == 200
    return str(response.content.decode())


def test_it_offers_the_photo_uploads_and_the_phone_screen_to_the_inspector(
    personas: Personas, client_for: Any, psi: Inspection
) -> None:
    html = _get(client_for("inspector"), psi)
    assert f'href="/field/{psi.report_number}/"' in html
    # One-tap upload (camera) per checkpoint and defect, and what each still needs.
    assert html.count('capture="environment"') >= psi.checkpoint_results.count()
    assert "0 of 1 required photo" in html and "0 of 2 required photos" in html
    # The golden sample approved at the PPI, beside this inspection.
    assert "GS-0042" in html and "golden-compare" in html
    assert 'class="photo-card' in html  # the golden sample's photo of its front
    # Not reviewed yet: no report.
    assert "report-link" not in html


def test_it_shows_the_reviewed_inspection_with_its_photos_and_report_to_the_customer(
    personas: Personas, client_for: Any, psi: Inspection
) -> None:
    golden = psi.checkpoint_results.get(key=GOLDEN_SAMPLE_CHECKPOINT)
    _photo(personas, psi, 600, checkpoint_result=golden, side="front")
    builders.check_everything(personas, psi)
    services.inspection_submit(inspection=psi, by=personas.inspector)
    services.inspection_review(inspection=psi, by=personas.quality_manager)
    html = _get(client_for("customer_user"), psi)
    assert "The report is being prepared." in html  # the rendering runs after the commit
    assert 'capture="environment"' not in html  # no uploads once submitted
    assert f"/field/{psi.report_number}/" not in html  # the phone screen is the inspector's
    assert html.count('class="photo-card') >= 4  # checkpoints' photos and side by side
    assert "golden-compare" in html
    # The inspector sees the reviewed one without the phone screen's link.
    assert f"/field/{psi.report_number}/" not in _get(client_for("inspector"), psi)


@pytest.mark.parametrize("persona", ["quality_manager", "inspector"])
def test_it_renders_the_page_in_a_constant_number_of_queries(
    personas: Personas, client_for: Any, psi: Inspection, persona: str
) -> None:
    client = client_for(persona)
    client.get(f"/inspections/{psi.report_number}/")  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as few:
        _get(client, psi)
    lib = builders.library(personas.quality_manager)
    results = list(psi.checkpoint_results.all())
    for i, code in enumerate(("MAJ-PRINT", "MAJ-CRACK", "MIN-SCRATCH")):
        record = services.inspection_record_defect(
            inspection=psi, defect_type=lib[code], unit_number=i + 1, by=personas.inspector
        )
        _photo(personas, psi, 700 + i, defect_record=record)
    for i, result in enumerate(results):
        _photo(personas, psi, 800 + i, checkpoint_result=result)
        _photo(personas, psi, 900 + i, checkpoint_result=result)
    with CaptureQueriesContext(connection) as many:
        html = _get(client, psi)
    assert html.count('class="photo-card') >= 3 + 2 * len(results)
    assert len(many.captured_queries) == len(few.captured_queries), [
        q["sql"][:120] for q in many.captured_queries
    ]
