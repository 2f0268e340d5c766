"""The demo photos: drawn at run time, flags as designed (one reused, one far away, one
without EXIF, the rest clean), and a second run adds nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sourceproof.core.demo import demo_load
from sourceproof.evidence.demo import load_evidence_demo
from sourceproof.evidence.models import Photo
from sourceproof.evidence.services import photos_missing
from sourceproof.inspections.demo import load_inspection_demo
from sourceproof.inspections.models import Inspection

pytestmark = pytest.mark.django_db


def test_the_demo_photos_carry_the_designed_flags() -> None:
    demo_load()
    # The inspections demo has the photos the checklists require taken before it submits
    # (the evidence app's submit check); the evidence demo adds the rest.
    before_submission = load_inspection_demo().created["photos"]
    assert before_submission == Photo.objects.count() > 0
    result = load_evidence_demo()
    photos = list(Photo.objects.select_related("inspection"))
    assert before_submission + result.created["photos"] == len(photos) > 40
    assert not [
        (i.report_number, photos_missing(i))
        for i in Inspection.objects.filter(status__in=["submitted", "reviewed"])
        if photos_missing(i)
    ]
    reused = [p for p in photos if p.reused_from_id]
    assert len(reused) == 1
    assert reused[0].no_exif
    assert reused[0].reused_from is not None
    assert reused[0].reused_from.inspection_id != reused[0].inspection_id
    far = [p for p in photos if p.place_ok is False]
    assert len(far) == 1
    assert far[0].distance_km is not None
    assert Decimal("45") < far[0].distance_km < Decimal("55")
    assert sorted(p.original_name for p in photos if p.no_exif) == ["reused.jpg", "screenshot.png"]
    with_exif = [p for p in photos if not p.no_exif]
    assert all(p.time_ok for p in with_exif), [
        (p.inspection.report_number, p.taken_at, p.window_start, p.window_end)
        for p in with_exif
        if not p.time_ok
    ]
    assert all(p.thumbnail for p in photos)
    assert any(p.golden_sample_id for p in photos)
    assert any(p.side and not p.golden_sample_id for p in photos)
    again = load_evidence_demo()
    assert again.created == {}
    assert Photo.objects.count() == len(photos)
