"""Who may add photos, when, and to what (checkpoints, defects, the golden sample)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from sourceproof.accounts.models import User
from sourceproof.core.changelog import history_for
from sourceproof.core.testing import Personas, UserFactory
from sourceproof.evidence import services
from sourceproof.evidence.models import Photo, PhotoSide
from sourceproof.evidence.tests import crafted
from sourceproof.inspections import services as inspection_services
from sourceproof.inspections.models import GoldenSample, Inspection, InspectionType
from sourceproof.inspections.tests.builders import book, library, order_at

pytestmark = pytest.mark.django_db


def add(
    personas: Personas,
    inspection: Inspection,
    by: User | None = None,
    seed: int = 1,
    **kwargs: Any,
) -> Photo:
    return services.photo_add(
        inspection=inspection,
        file=crafted.upload(crafted.photo(seed, taken=timezone.now())),
        by=by or personas.inspector,
        **kwargs,
    )


@pytest.mark.parametrize("name", ["quality_manager", "admin"])
def test_quality_managers_and_admins_may_add_photos(personas: Personas, name: str) -> None:
    photo = add(personas, crafted.running(personas), by=getattr(personas, name))
    assert photo.uploaded_by == getattr(personas, name)


@pytest.mark.parametrize(
    "name",
    [
        "viewer",
        "csr_manager",
        "customer_user",
        "supplier_user",
        "other_customer_user",
        "other_supplier_user",
        "auditor",
    ],
)
def test_other_roles_get_404(personas: Personas, name: str) -> None:
    with pytest.raises(Http404):
        add(personas, crafted.running(personas), by=getattr(personas, name))
    assert Photo.objects.count() == 0


def test_an_inspector_not_assigned_gets_404(personas: Personas) -> None:
    other = UserFactory.create(role="inspector", organisation=personas.operator)
    with pytest.raises(Http404):
        add(personas, crafted.running(personas), by=other)


def test_a_planned_inspection_takes_no_photos(personas: Personas) -> None:
    inspection = book(personas)
    with pytest.raises(ValidationError, match="is planned; photos are added while"):
        add(personas, inspection)


def test_it_records_the_addition_in_the_change_log(personas: Personas) -> None:
    inspection = crafted.running(personas)
    photo = add(personas, inspection)
    entry = history_for(photo).get()
    assert entry.action == "create"
    assert entry.changes["sha256"] == [None, photo.sha256]
    assert history_for(inspection).filter(summary__startswith="Photo ").exists()


def test_it_attaches_a_photo_to_a_checkpoint_and_a_defect(personas: Personas) -> None:
    inspection = crafted.running(personas, inspection_type=InspectionType.PSI)
    result = inspection.checkpoint_results.get(key="golden-sample")
    record = inspection_services.inspection_record_defect(
        inspection=inspection,
        defect_type=library(personas.quality_manager)["MIN-SCRATCH"],
        by=personas.inspector,
    )
    photo = add(personas, inspection, checkpoint_result=result, defect_record=record, side="front")
    assert photo.checkpoint_result == result
    assert photo.defect_record == record
    assert photo.side == PhotoSide.FRONT


def test_it_refuses_a_checkpoint_of_another_inspection(personas: Personas) -> None:
    mine = crafted.running(personas)
    other = crafted.running(personas, order_at(personas), InspectionType.PSI)
    with pytest.raises(ValidationError) as caught:
        add(personas, mine, checkpoint_result=other.checkpoint_results.first())
    assert "checkpoint" in caught.value.message_dict


def test_it_refuses_an_unknown_side(personas: Personas) -> None:
    with pytest.raises(ValidationError) as caught:
        add(personas, crafted.running(personas), side="inside")
    assert "side" in caught.value.message_dict


class TestGoldenSample:
    def ppi_with_golden(self, personas: Personas) -> tuple[Inspection, GoldenSample]:
        ppi = crafted.running(personas, inspection_type=InspectionType.PPI)
        golden = inspection_services.golden_sample_approve(
            inspection=ppi, seal_number="GS-1", by=personas.inspector
        )
        return ppi, golden

    def test_it_adds_golden_sample_photos_by_side(self, personas: Personas) -> None:
        ppi, golden = self.ppi_with_golden(personas)
        photo = add(personas, ppi, golden_sample=golden, side="front")
        assert photo.is_golden
        assert photo.side == "front"

    def test_a_golden_sample_photo_needs_a_side(self, personas: Personas) -> None:
        ppi, golden = self.ppi_with_golden(personas)
        with pytest.raises(ValidationError) as caught:
            add(personas, ppi, golden_sample=golden)
        assert "side" in caught.value.message_dict

    def test_golden_photos_may_follow_while_the_ppi_is_submitted(self, personas: Personas) -> None:
        ppi, golden = self.ppi_with_golden(personas)
        for result in ppi.checkpoint_results.all():
            inspection_services.inspection_record_result(
                inspection=ppi, key=result.key, status="pass", by=personas.inspector
            )
        inspection_services.inspection_submit(inspection=ppi, by=personas.inspector)
        ppi.refresh_from_db()
        assert add(personas, ppi, golden_sample=golden, side="back", seed=2).pk
        with pytest.raises(ValidationError, match="is submitted"):
            add(personas, ppi, seed=3)

    def test_it_refuses_the_golden_sample_of_another_order(self, personas: Personas) -> None:
        _ppi, golden = self.ppi_with_golden(personas)
        other = crafted.running(personas, order_at(personas))
        with pytest.raises(ValidationError) as caught:
            add(personas, other, golden_sample=golden, side="front")
        assert "golden_sample" in caught.value.message_dict
