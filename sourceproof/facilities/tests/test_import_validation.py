"""Validation: one bad row imports nothing; the report says row, column, value and problem;
the corrected file imports every row."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sourceproof.core.models import ChangeRecord
from sourceproof.core.testing import FacilityFactory, Personas, ProductCategoryFactory
from sourceproof.facilities.importing import services
from sourceproof.facilities.importing.testing import csv_bytes, template_row, upload
from sourceproof.facilities.models import Facility, FacilityImport, ImportStatus

pytestmark = pytest.mark.django_db


def _good_rows(personas: Personas) -> list[dict[str, Any]]:
    number = personas.other_supplier.supplier_number
    return [
        template_row(supplier_number=number, name=f"Jute Works {n}", address=f"{n} Mill Lane")
        for n in range(1, 6)
    ]


def _problems(facility_import: FacilityImport) -> list[tuple[int, str, str, str]]:
    return [
        (e["row"], e["column"], e["value"], e["problem"]) for e in facility_import.report["errors"]
    ]


def test_it_imports_nothing_when_one_row_is_bad_and_says_where(personas: Personas) -> None:
    rows = _good_rows(personas)
    rows[2]["country"] = "XX"  # the fourth line of the file: row 4
    before = Facility.objects.count()

    facility_import = services.facility_import_upload(
        data=csv_bytes(rows), original_name="suppliers.csv", by=personas.quality_manager
    )

    assert facility_import.status == ImportStatus.INVALID
    assert _problems(facility_import) == [
        (4, "country", "XX", "country 'XX' is not an ISO 3166-1 alpha-2 code")
    ]
    assert Facility.objects.count() == before
    with pytest.raises(Exception, match="validated import"):
        services.facility_import_apply(facility_import=facility_import, by=personas.admin)
    assert Facility.objects.count() == before


@pytest.mark.parametrize(
    ("overrides", "column", "value", "problem"),
    [
        ({"latitude": "23.81"}, "longitude", "", "latitude without longitude"),
        ({"longitude": "90.41"}, "latitude", "", "longitude without latitude"),
        (
            {"latitude": "95", "longitude": "90"},
            "latitude",
            "95",
            "latitude 95 is not between -90 and 90",
        ),
        (
            {"latitude": "north", "longitude": "90"},
            "latitude",
            "north",
            "latitude 'north' is not a number",
        ),
        (
            {"os_id": "CN123"},
            "os_id",
            "CN123",
            "OS ID 'CN123' does not look like CN2019303BQ3FZP",
        ),
        (
            {"sedex_zs": "ZS12"},
            "sedex_zs",
            "ZS12",
            "Sedex site reference 'ZS12' does not look like ZS followed by 6 to 12 digits",
        ),
        (
            {"supplier_number": "S999"},
            "supplier_number",
            "S999",
            "supplier number S999 is unknown",
        ),
        (
            {"product_categories": "bags;foo"},
            "product_categories",
            "foo",
            "product category 'foo' is unknown",
        ),
        ({"name": ""}, "name", "", "name is required"),
        ({"country": ""}, "country", "", "country is required"),
        (
            {"worker_count": "many"},
            "worker_count",
            "many",
            "worker_count 'many' is not a whole number",
        ),
        ({"name": "x" * 201}, "name", "x" * 60, "name is longer than 200 characters"),
        (
            {"code": "FAC-99999"},
            "code",
            "FAC-99999",
            "facility code 'FAC-99999' is unknown",
        ),
    ],
)
def test_it_reports_each_kind_of_problem(
    personas: Personas, overrides: dict[str, Any], column: str, value: str, problem: str
) -> None:
    ProductCategoryFactory.create(code="bags", name="Bags")
    row = template_row(supplier_number=personas.other_supplier.supplier_number, code="")
    row.update(overrides)

    facility_import = services.facility_import_upload(
        data=csv_bytes([row]), original_name="one.csv", by=personas.admin
    )

    assert _problems(facility_import) == [(2, column, value, problem)]


def test_it_names_repeated_os_ids_on_the_first_row(personas: Personas) -> None:
    rows = _good_rows(personas)
    for n in (0, 3, 4):
        rows[n]["os_id"] = "BD2019303BQ3FZP"

    facility_import = services.facility_import_upload(
        data=csv_bytes(rows), original_name="dup.csv", by=personas.admin
    )

    assert _problems(facility_import) == [
        (2, "os_id", "", "the same OS ID appears again in rows 5, 6")
    ]


def test_it_refuses_a_row_without_a_supplier_and_a_file_without_required_columns(
    personas: Personas,
) -> None:
    row = template_row()
    facility_import = services.facility_import_upload(
        data=csv_bytes([row]), original_name="nosupplier.csv", by=personas.admin
    )
    assert _problems(facility_import) == [
        (
            2,
            "supplier_number",
            "",
            "no supplier: fill supplier_number or choose the supplier on the import screen",
        )
    ]

    facility_import = services.facility_import_upload(
        data=b"name,city\nA,B\n", original_name="short.csv", by=personas.admin
    )
    assert [(e["row"], e["column"]) for e in facility_import.report["errors"]] == [
        (1, "address"),
        (1, "country"),
    ]


def test_it_refuses_an_os_id_that_belongs_to_another_facility(personas: Personas) -> None:
    FacilityFactory.create(supplier=personas.other_supplier, os_id="BD2019303BQ3FZP")
    row = template_row(code=personas.other_facility.code, os_id="BD2019303BQ3FZP")
    row.update(name=personas.other_facility.name, address=personas.other_facility.address)

    facility_import = services.facility_import_upload(
        data=csv_bytes([row]), original_name="steal.csv", by=personas.admin
    )

    (problem,) = facility_import.report["errors"]
    assert problem["column"] == "os_id"
    assert problem["problem"].startswith("OS ID BD2019303BQ3FZP already belongs to facility FAC-")


def test_it_shows_the_report_and_imports_the_corrected_file(
    personas: Personas, client_for: Any
) -> None:
    client = client_for("quality_manager")
    rows = _good_rows(personas)
    rows[1]["latitude"] = "23.8"
    records_before = ChangeRecord.objects.count()

    response = client.post(
        reverse("facility_data:import"), {"file": upload(csv_bytes(rows), "jute.csv")}
    )
    bad = FacilityImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("facility_data:import_detail", args=[bad.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Nothing was imported" in page
    assert "latitude without longitude" in page
    assert 'data-label="Row">3</td>' in page
    assert "Upload the corrected file" in page
    assert not Facility.objects.filter(name__startswith="Jute Works").exists()

    rows[1]["longitude"] = "90.4"
    response = client.post(
        reverse("facility_data:import"), {"file": upload(csv_bytes(rows), "jute-fixed.csv")}
    )
    good = FacilityImport.objects.exclude(pk=bad.pk).get()
    assert good.status == ImportStatus.VALID
    page = client.get(response["Location"]).content.decode()
    assert "Apply" in page and "new facilities" in page
    assert good.report["counts"]["create"] == 5

    response = client.post(reverse("facility_data:import_apply", args=[good.pk]))
    assert response.status_code == 302
    good.refresh_from_db()
    assert good.status == ImportStatus.APPLIED
    assert good.applied_at is not None
    created = Facility.objects.filter(name__startswith="Jute Works")
    assert created.count() == 5
    assert {f.supplier_id for f in created} == {personas.other_supplier.pk}
    assert all(f.code.startswith("FAC-") for f in created)
    assert ChangeRecord.objects.count() == records_before + 5
    assert "Applied: 5 created" in client.get(response["Location"]).content.decode()


def test_it_refuses_to_apply_twice(personas: Personas) -> None:
    facility_import = services.facility_import_upload(
        data=csv_bytes(_good_rows(personas)), original_name="x.csv", by=personas.admin
    )
    assert services.facility_import_apply(
        facility_import=facility_import, by=personas.admin
    ).applied
    with pytest.raises(Exception, match="validated import"):
        services.facility_import_apply(facility_import=facility_import, by=personas.admin)
    assert Facility.objects.filter(name__startswith="Jute Works").count() == 5
