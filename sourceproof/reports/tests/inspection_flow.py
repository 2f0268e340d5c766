"""Inspections for the report tests, made through the real flow: a PPI approves the golden
sample with photos of its sides, then a PSI of the same order is booked, started, performed
(results, a measurement out of tolerance, a major defect with its photo, golden-sample
photos, checkpoint photos), submitted and reviewed, all through the services. Photos are
drawn with Pillow at run time (evidence/tests/crafted.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone

from sourceproof.core.testing import Personas
from sourceproof.evidence import services as evidence
from sourceproof.evidence.models import Photo
from sourceproof.evidence.tests import crafted
from sourceproof.inspections import services
from sourceproof.inspections.models import (
    GOLDEN_SAMPLE_CHECKPOINT,
    CheckpointKind,
    Inspection,
    InspectionType,
)
from sourceproof.inspections.tests.builders import book, check_everything, checklist, library, start

SIDES = ("front", "back")


def _photo(seed: int, *, size: tuple[int, int] = (800, 600), **extra: Any) -> bytes:
    extra.setdefault("taken", timezone.now())
    extra.setdefault("gps", crafted.NINGBO)
    return crafted.photo(seed, size=size, **extra)


def _add(personas: Personas, inspection: Inspection, data: bytes, **links: Any) -> Photo:
    return evidence.photo_add(
        inspection=inspection, file=crafted.upload(data), by=personas.inspector, **links
    )


def golden_ppi(personas: Personas, *, seed: int = 9000) -> Inspection:
    """A reviewed PPI of the personas' order with an approved golden sample and a photo of
    its front and back."""
    crafted.place(personas.facility)
    inspection = start(personas, book(personas, inspection_type=InspectionType.PPI))
    sample = services.golden_sample_approve(
        inspection=inspection,
        by=personas.inspector,
        seal_number="GS-0042",
        colours=[services.Colour(name="logo red", pantone="186 C")],
        logo_position="front centre, 30 mm down",
        logo_size="60 x 25 mm",
        dimensions="H 95 mm",
        materials="stoneware",
    )
    for i, side in enumerate(SIDES):
        _add(personas, inspection, _photo(seed + i), golden_sample=sample, side=side)
    check_everything(personas, inspection)
    services.inspection_submit(inspection=inspection, by=personas.inspector)
    services.inspection_review(inspection=inspection, by=personas.quality_manager)
    inspection.refresh_from_db()
    return inspection


def performed_psi(
    personas: Personas,
    *,
    extra_photos: int = 0,
    seed: int = 100,
    photo_size: tuple[int, int] = (800, 600),
    far_photo: bool = True,
) -> Inspection:
    """A submitted PSI of the personas' order: every checkpoint checked, the height measured
    once out of tolerance (96.4 mm against 95 ± 1), one major defect on unit 3 with a photo,
    golden-sample photos of the front and back, a photo of the drop test, optionally one
    photo taken 50 km away, and `extra_photos` more on the visual checkpoint."""
    crafted.place(personas.facility)
    category = personas.order.lines.get().product.category
    lib = library(personas.quality_manager)
    if not category.checklist_templates.exists():
        checklist(category, personas.quality_manager)
    inspection = start(personas, book(personas, inspection_type=InspectionType.PSI))
    results = {r.key: r for r in inspection.checkpoint_results.all()}
    by_kind = {r.kind: r for r in results.values()}
    height = by_kind[CheckpointKind.MEASUREMENT]
    services.inspection_record_result(
        inspection=inspection,
        key=height.key,
        measurements=[{"unit": 1, "value": "95.2"}, {"unit": 3, "value": "96.4"}],
        by=personas.inspector,
    )
    record = services.inspection_record_defect(
        inspection=inspection,
        defect_type=lib["MAJ-PRINT"],
        unit_number=3,
        note="Smear across the logo",
        by=personas.inspector,
    )
    n = seed
    _add(personas, inspection, _photo(n, size=photo_size), defect_record=record)
    golden = results[GOLDEN_SAMPLE_CHECKPOINT]
    for side in SIDES:
        n += 1
        _add(personas, inspection, _photo(n, size=photo_size), checkpoint_result=golden, side=side)
    n += 1
    _add(
        personas,
        inspection,
        _photo(n, size=photo_size),
        checkpoint_result=by_kind[CheckpointKind.ONSITE_TEST],
    )
    if far_photo:
        n += 1
        far = crafted.near(crafted.NINGBO, 50)
        _add(personas, inspection, _photo(n, size=photo_size, gps=far))
    visual = by_kind[CheckpointKind.VISUAL]
    for _ in range(extra_photos):
        n += 1
        _add(personas, inspection, _photo(n, size=photo_size), checkpoint_result=visual)
    check_everything(personas, inspection)  # after the photos: it adds only what is missing
    services.inspection_submit(inspection=inspection, by=personas.inspector)
    inspection.refresh_from_db()
    return inspection


def review(personas: Personas, inspection: Inspection, capture: Callable[..., Any]) -> None:
    """Review, running the callbacks that wait for the commit (the report's hook)."""
    with capture(execute=True):
        services.inspection_review(inspection=inspection, by=personas.quality_manager)
    inspection.refresh_from_db()


def reviewed_psi(personas: Personas, capture: Callable[..., Any], **extra: Any) -> Inspection:
    """The golden PPI (its report hook not run) and a PSI reviewed with the hook run."""
    golden_ppi(personas)
    inspection = performed_psi(personas, **extra)
    review(personas, inspection, capture)
    return inspection
