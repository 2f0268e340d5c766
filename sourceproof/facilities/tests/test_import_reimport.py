"""Re-import is idempotent: rows match on code, OS ID or normalised name + address + country;
an unchanged row writes nothing, a changed one updates only what changed, in the change log."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from sourceproof.core.changelog import history_for, verify_chain
from sourceproof.core.models import ChangeAction, ChangeRecord
from sourceproof.core.testing import FacilityFactory, Personas, ProductCategoryFactory
from sourceproof.facilities.importing import services
from sourceproof.facilities.importing.testing import csv_bytes, template_row
from sourceproof.facilities.models import Facility, FacilityImport, ImportStatus

pytestmark = pytest.mark.django_db


def _import(personas: Personas, data: bytes) -> FacilityImport:
    facility_import = services.facility_import_upload(
        data=data, original_name="registry.csv", by=personas.csr_manager
    )
    assert facility_import.status == ImportStatus.VALID, facility_import.report["errors"]
    assert services.facility_import_apply(facility_import=facility_import, by=personas.csr_manager)
    facility_import.refresh_from_db()
    return facility_import


def _rows(personas: Personas) -> list[dict[str, str]]:
    number = personas.supplier.supplier_number
    return [
        template_row(
            supplier_number=number,
            name="Ningbo Star Cups Co., Ltd.",
            address="8 Harbour Rd",
            city="Ningbo",
            country="CN",
            latitude="29.868336",
            longitude="121.543990",
            os_id="CN2019303BQ3FZP",
            product_categories="drinkware",
            worker_count="320",
        ),
        template_row(
            supplier_number=number,
            name="Ningbo Star Lids",
            address="10 Harbour Road",
            city="Ningbo",
            country="CN",
            sedex_zs="ZS1234567",
        ),
    ]


def test_it_writes_nothing_when_the_same_file_comes_again(personas: Personas) -> None:
    ProductCategoryFactory.create()
    rows = _rows(personas)
    first = _import(personas, csv_bytes(rows))
    assert first.report["result"]["created"] == 2
    records = ChangeRecord.objects.count()
    stamps = dict(Facility.objects.values_list("pk", "updated_at"))

    again = _import(personas, csv_bytes(rows))

    assert again.report["counts"] | {"rows": 0} == {
        "rows": 0,
        "create": 0,
        "update": 0,
        "unchanged": 2,
        "duplicates": 0,
        "errors": 0,
        "warnings": 0,
    }
    assert again.report["result"] == {
        "created": 0,
        "updated": 0,
        "unchanged": 2,
        "duplicates_flagged": 0,
    }
    assert ChangeRecord.objects.count() == records
    assert dict(Facility.objects.values_list("pk", "updated_at")) == stamps


def test_it_matches_on_the_normalised_name_and_address_when_there_is_no_os_id(
    personas: Personas,
) -> None:
    rows = _rows(personas)
    _import(personas, csv_bytes(rows[1:]))
    lids = Facility.objects.get(name="Ningbo Star Lids")
    rows[1].update(
        name="NINGBO STAR LIDS CO LTD", address="10 harbour rd.", worker_count="75", city=""
    )

    again = _import(personas, csv_bytes(rows[1:]))

    assert again.report["counts"]["update"] == 1
    assert again.report["updates"] == [
        {
            "row": 2,
            "facility": lids.code,
            "changes": {
                "name": ["Ningbo Star Lids", "NINGBO STAR LIDS CO LTD"],
                "address": ["10 Harbour Road", "10 harbour rd."],
                "worker_count": [None, 75],
            },
        }
    ]
    lids.refresh_from_db()
    assert lids.worker_count == 75
    assert lids.city == "Ningbo"  # an empty cell keeps the value
    assert Facility.objects.filter(name__icontains="lids").count() == 1


def test_it_matches_on_os_id_and_records_the_field_differences(personas: Personas) -> None:
    ProductCategoryFactory.create()
    ProductCategoryFactory.create(code="bags", name="Bags")
    rows = _rows(personas)
    _import(personas, csv_bytes(rows[:1]))
    cups = Facility.objects.get(os_id="CN2019303BQ3FZP")
    rows[0].update(
        name="Star Cups Plant 2",
        address="Somewhere else 1",
        latitude="29.8683361",  # rounds to the stored six places: no change
        product_categories="drinkware;bags",
    )

    again = _import(personas, csv_bytes(rows[:1]))

    assert again.report["result"]["updated"] == 1
    cups.refresh_from_db()
    assert cups.name == "Star Cups Plant 2"
    assert cups.latitude == Decimal("29.868336")
    assert sorted(c.code for c in cups.product_categories.all()) == ["bags", "drinkware"]
    update = history_for(cups).filter(action=ChangeAction.UPDATE).get()
    assert update.changes == {
        "name": ["Ningbo Star Cups Co., Ltd.", "Star Cups Plant 2"],
        "address": ["8 Harbour Rd", "Somewhere else 1"],
        "product_categories": [["drinkware"], ["bags", "drinkware"]],
    }
    assert update.actor == personas.csr_manager
    assert "registry.csv" in update.summary
    assert cups.match_key.startswith("star cups plant 2|somewhere else 1|")
    assert verify_chain().ok


def test_it_does_not_match_a_facility_that_has_another_os_id(personas: Personas) -> None:
    existing = FacilityFactory.create(
        supplier=personas.supplier,
        name="Twin Site",
        address="1 Same Street",
        country="CN",
        os_id="CN2020001AAAAAA",
    )
    row = template_row(
        supplier_number=personas.supplier.supplier_number,
        name="Twin Site",
        address="1 Same Street",
        country="CN",
        os_id="CN2021002BBBBBB",
    )

    facility_import = _import(personas, csv_bytes([row]))

    assert facility_import.report["result"]["created"] == 1
    assert facility_import.report["duplicates"][0]["similar_to"] == existing.code


def test_it_refuses_a_row_that_matches_two_facilities(personas: Personas) -> None:
    for _ in range(2):
        FacilityFactory.create(
            supplier=personas.supplier, name="Echo Works", address="5 Echo Road", country="CN"
        )
    row = template_row(name="Echo Works", address="5 Echo Rd", country="CN")

    facility_import = services.facility_import_upload(
        data=csv_bytes([row]), original_name="echo.csv", by=personas.admin
    )

    (problem,) = facility_import.report["errors"]
    assert problem["problem"].startswith("matches more than one facility")


def test_it_keeps_the_supplier_of_a_matched_facility_and_warns(personas: Personas) -> None:
    row = template_row(
        code=personas.facility.code,
        supplier_number=personas.other_supplier.supplier_number,
        name=personas.facility.name,
        address=personas.facility.address,
        country="CN",
    )

    facility_import = _import(personas, csv_bytes([row]))

    (warning,) = facility_import.report["warnings"]
    assert warning["column"] == "supplier_number"
    assert "does not move" in warning["problem"]
    personas.facility.refresh_from_db()
    assert personas.facility.supplier == personas.supplier


def test_the_preview_lists_each_change_as_a_person_reads_it(
    personas: Personas, client_for: Any
) -> None:
    ProductCategoryFactory.create()
    ProductCategoryFactory.create(code="bags", name="Bags")
    row = template_row(
        code=personas.facility.code,
        name=personas.facility.name,
        address=personas.facility.address,
        country="CN",
        city="Ningbo",
        postal_code="",
        product_categories="bags;drinkware",
        worker_count="0",
    )
    facility_import = services.facility_import_upload(
        data=csv_bytes([row]), original_name="p.csv", by=personas.admin
    )

    page = client_for("admin").get(
        reverse("facility_data:import_detail", args=[facility_import.pk])
    )

    html = page.content.decode()
    assert '<td data-label="After import">bags; drinkware</td>' in html
    assert '<td data-label="Now">—</td>' in html
    assert '<td data-label="After import">0</td>' in html
