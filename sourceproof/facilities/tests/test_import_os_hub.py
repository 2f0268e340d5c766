"""Open Supply Hub downloads: their columns are mapped, the rest is listed as ignored, and the
import screen names the supplier the rows belong to."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from sourceproof.core.testing import Personas, ProductCategoryFactory
from sourceproof.facilities.importing import services
from sourceproof.facilities.importing.testing import csv_bytes, upload
from sourceproof.facilities.models import Facility, FacilityImport, ImportStatus

pytestmark = pytest.mark.django_db

# The columns of an OS Hub facility download (FacilityDownloadSerializer), in its order.
OS_HUB_COLUMNS = [
    "os_id",
    "contribution_date",
    "name",
    "address",
    "country_code",
    "country_name",
    "lat",
    "lng",
    "sector",
    "contributor (list)",
    "number_of_workers",
    "parent_company",
    "processing_type_facility_type_raw",
    "facility_type",
    "processing_type",
    "product_type",
    "claim_created_at",
    "is_closed",
]


def _os_hub_rows() -> list[dict[str, Any]]:
    return [
        {
            "os_id": "VN2021145R7K2QD",
            "contribution_date": "2023-04-02",
            "name": "Saigon Promo Textiles",
            "address": "45 Tan Thuan Street, District 7, Ho Chi Minh City",
            "country_code": "VN",
            "country_name": "Vietnam",
            "lat": "10.7553461",
            "lng": "106.7211829",
            "sector": "Apparel",
            "contributor (list)": "A Brand (List)",
            "number_of_workers": "501-1000",
            "parent_company": "Saigon Group",
            "processing_type_facility_type_raw": "Cut & Sew",
            "facility_type": "Final Product Assembly",
            "processing_type": "Cutting|Sewing",
            "product_type": "Bags|T-shirts",
            "claim_created_at": "",
            "is_closed": "False",
        },
        {
            "os_id": "VN2020011ZX9M1A",
            "contribution_date": "2022-01-11",
            "name": "Hanoi Lanyard Works",
            "address": "9 Kim Chung, Dong Anh, Hanoi",
            "country_code": "vn",
            "country_name": "Vietnam",
            "lat": "21.1401",
            "lng": "105.7711",
            "sector": "Accessories",
            "contributor (list)": "",
            "number_of_workers": "150",
            "parent_company": "",
            "processing_type_facility_type_raw": "",
            "facility_type": "",
            "processing_type": "",
            "product_type": "",
            "claim_created_at": "",
            "is_closed": "True",
        },
    ]


def test_it_maps_the_os_hub_columns(personas: Personas) -> None:
    ProductCategoryFactory.create(code="bags", name="Bags")

    facility_import = services.facility_import_upload(
        data=csv_bytes(_os_hub_rows(), OS_HUB_COLUMNS),
        original_name="osh.csv",
        by=personas.admin,
        supplier=personas.other_supplier,
    )
    assert facility_import.status == ImportStatus.VALID, facility_import.report["errors"]
    report = facility_import.report
    assert report["columns"]["mapped"] == {
        "os_id": "os_id",
        "name": "name",
        "address": "address",
        "country_code": "country",
        "lat": "latitude",
        "lng": "longitude",
        "number_of_workers": "worker_count",
        "product_type": "product_categories",
        "is_closed": "is_closed (warning only)",
    }
    assert report["columns"]["ignored"] == [
        "contribution_date",
        "country_name",
        "sector",
        "contributor (list)",
        "parent_company",
        "processing_type_facility_type_raw",
        "facility_type",
        "processing_type",
        "claim_created_at",
    ]
    assert [(w["row"], w["column"], w["value"]) for w in report["warnings"]] == [
        (2, "product_type", "T-shirts"),
        (3, "is_closed", "True"),
    ]
    assert services.facility_import_apply(facility_import=facility_import, by=personas.admin)

    saigon = Facility.objects.get(os_id="VN2021145R7K2QD")
    assert saigon.supplier == personas.other_supplier
    assert saigon.country == "VN"
    assert saigon.latitude == Decimal("10.755346")
    assert saigon.longitude == Decimal("106.721183")
    assert saigon.worker_count == 1000  # a range counts by its upper bound
    assert [c.code for c in saigon.product_categories.all()] == ["bags"]
    hanoi = Facility.objects.get(os_id="VN2020011ZX9M1A")
    assert (hanoi.country, hanoi.worker_count) == ("VN", 150)


def test_it_asks_for_the_supplier_on_the_import_screen(personas: Personas, client_for: Any) -> None:
    client = client_for("csr_manager")
    page = client.get(reverse("facility_data:import")).content.decode()
    assert 'name="supplier"' in page
    assert personas.other_supplier.supplier_number in page

    response = client.post(
        reverse("facility_data:import"),
        {
            "file": upload(csv_bytes(_os_hub_rows(), OS_HUB_COLUMNS), "osh.csv"),
            "supplier": personas.other_supplier.supplier_number,
        },
    )

    facility_import = FacilityImport.objects.get()
    assert response.status_code == 302
    assert facility_import.status == ImportStatus.VALID
    assert facility_import.report["supplier_number"] == personas.other_supplier.supplier_number


def test_without_a_supplier_new_rows_are_refused(personas: Personas) -> None:
    facility_import = services.facility_import_upload(
        data=csv_bytes(_os_hub_rows(), OS_HUB_COLUMNS), original_name="osh.csv", by=personas.admin
    )

    assert facility_import.status == ImportStatus.INVALID
    assert {e["column"] for e in facility_import.report["errors"]} == {"supplier_number"}


def test_a_supplier_number_column_in_the_file_wins(personas: Personas) -> None:
    rows = _os_hub_rows()
    for row in rows:
        row["supplier_number"] = personas.supplier.supplier_number

    facility_import = services.facility_import_upload(
        data=csv_bytes(rows, [*OS_HUB_COLUMNS, "supplier_number"]),
        original_name="osh.csv",
        by=personas.admin,
        supplier=personas.other_supplier,
    )

    assert services.facility_import_apply(facility_import=facility_import, by=personas.admin)
    assert set(
        Facility.objects.filter(os_id__startswith="VN").values_list("supplier_id", flat=True)
    ) == {personas.supplier.pk}
