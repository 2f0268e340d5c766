"""All or nothing: apply validates the stored file again inside its transaction, and a row the
database refuses (a race on OS ID uniqueness) leaves nothing behind."""

from __future__ import annotations

from typing import Any

import pytest

from sourceproof.core.models import ChangeRecord
from sourceproof.core.testing import FacilityFactory, Personas
from sourceproof.facilities.importing import services
from sourceproof.facilities.importing.testing import csv_bytes, template_row
from sourceproof.facilities.models import Facility, ImportStatus, PossibleDuplicate

pytestmark = pytest.mark.django_db

OS_ID = "BD2022100ABCDEF"


def _rows(personas: Personas) -> list[dict[str, Any]]:
    number = personas.other_supplier.supplier_number
    changed = personas.other_facility
    return [
        # an update of an existing facility, written before the creates
        template_row(
            code=changed.code,
            name="Canvas Bags Unit 2 (renamed)",
            address=changed.address,
            country=changed.country,
        ),
        template_row(supplier_number=number, name="Bag Maker", address="1 Road"),
        template_row(supplier_number=number, name="Bag Maker", address="2 Road"),
        template_row(supplier_number=number, name="Raced Site", address="3 Road", os_id=OS_ID),
    ]


def _state() -> tuple[Any, ...]:
    return (
        sorted(Facility.objects.values_list("pk", "name", "os_id", "updated_at")),
        ChangeRecord.objects.count(),
        PossibleDuplicate.objects.count(),
    )


def test_a_row_the_database_refuses_leaves_nothing_behind(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    facility_import = services.facility_import_upload(
        data=csv_bytes(_rows(personas)), original_name="race.csv", by=personas.admin
    )
    assert facility_import.status == ImportStatus.VALID
    before = _state()
    write = services._write_plan

    def racing_write(plan: Any, **kwargs: Any) -> Any:
        # Another request takes the OS ID after this apply has validated the file.
        FacilityFactory.create(supplier=personas.supplier, name="Faster", os_id=OS_ID)
        return write(plan, **kwargs)

    monkeypatch.setattr(services, "_write_plan", racing_write)

    result = services.facility_import_apply(facility_import=facility_import, by=personas.admin)

    assert not result.applied
    assert "nothing was imported" in result.message
    assert _state() == before
    facility_import.refresh_from_db()
    assert facility_import.status == ImportStatus.VALID
    assert facility_import.applied_at is None
    assert "nothing was imported" in facility_import.report["apply_error"]

    monkeypatch.setattr(services, "_write_plan", write)
    assert services.facility_import_apply(
        facility_import=facility_import, by=personas.admin
    ).applied
    assert Facility.objects.filter(name="Bag Maker").count() == 2
    facility_import.refresh_from_db()
    assert facility_import.status == ImportStatus.APPLIED
    assert "apply_error" not in facility_import.report


def test_a_registry_change_between_check_and_apply_is_caught_by_the_second_check(
    personas: Personas,
) -> None:
    rows = _rows(personas)
    rows[3]["code"] = ""
    facility_import = services.facility_import_upload(
        data=csv_bytes(rows), original_name="late.csv", by=personas.admin
    )
    assert facility_import.status == ImportStatus.VALID
    # The facility the first row updates now shares the OS ID the last row brings.
    Facility.objects.filter(pk=personas.other_facility.pk).update(os_id=OS_ID)
    rows_before = _state()

    result = services.facility_import_apply(facility_import=facility_import, by=personas.admin)

    assert not result.applied
    facility_import.refresh_from_db()
    assert facility_import.status == ImportStatus.INVALID
    assert "registry changed" in facility_import.report["apply_error"]
    assert any("update the same facility" in e["problem"] for e in facility_import.report["errors"])
    assert _state() == rows_before
