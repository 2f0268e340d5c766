"""Export: the import's columns plus code, supplier and SMETA 4-pillar end; an export imported
again changes nothing; filters like the facility list; a constant number of queries."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from sourceproof.core.models import ChangeRecord
from sourceproof.core.testing import (
    CertificateFactory,
    FacilityFactory,
    Personas,
    ProductCategoryFactory,
)
from sourceproof.facilities.importing import services
from sourceproof.facilities.importing.columns import EXPORT_COLUMNS
from sourceproof.facilities.models import CertificateScheme, ImportStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(personas: Personas) -> None:
    drinkware = ProductCategoryFactory.create()
    bags = ProductCategoryFactory.create(code="bags", name="Bags")
    personas.facility.product_categories.set([drinkware, bags])
    FacilityFactory.create(
        supplier=personas.supplier,
        name="Ningbo Précision Lids",
        address='8 "Harbour" Road, Beilun',
        city="Ningbo",
        region="Zhejiang",
        postal_code="0315800",
        latitude="29.868336",
        longitude="-121.500000",
        os_id="CN2019303BQ3FZP",
        sedex_zs="ZS1234567",
        amfori_id="156-000001",
        worker_count=120,
    )
    CertificateFactory.create(
        facility=personas.facility,
        scheme=CertificateScheme.SMETA_4P,
        valid_from=dt.date(2025, 1, 10),
        valid_until=dt.date(2027, 1, 9),
    )


def _export(client: Any, fmt: str, query: str = "") -> bytes:
    response = client.get(reverse("facility_data:export") + f"?format={fmt}{query}")
    assert response.status_code == 200
    if response.streaming:
        return b"".join(response.streaming_content)
    return bytes(response.content)


def _csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_imported_again_changes_nothing(
    registry: None, personas: Personas, client_for: Any, fmt: str
) -> None:
    client = client_for("quality_manager")
    data = _export(client, fmt)
    records = ChangeRecord.objects.count()

    facility_import = services.facility_import_upload(
        data=data, original_name=f"export.{fmt}", by=personas.quality_manager
    )

    assert facility_import.status == ImportStatus.VALID, facility_import.report["errors"]
    counts = facility_import.report["counts"]
    assert (counts["create"], counts["update"], counts["unchanged"]) == (0, 0, 3)
    assert facility_import.report["warnings"] == []
    assert facility_import.report["columns"]["ignored"] == ["supplier_name", "smeta_4p_valid_until"]
    result = services.facility_import_apply(facility_import=facility_import, by=personas.admin)
    assert result.facility_import.report["result"]["updated"] == 0
    assert ChangeRecord.objects.count() == records


def test_the_csv_has_the_template_columns_and_more(
    registry: None, personas: Personas, client_for: Any
) -> None:
    header, *rows = _csv(_export(client_for("viewer"), "csv"))

    assert header == list(EXPORT_COLUMNS)
    by_code = {r[0]: dict(zip(header, r, strict=True)) for r in rows}
    mine = by_code[personas.facility.code]
    assert mine["product_categories"] == "bags;drinkware"
    assert mine["supplier_number"] == personas.supplier.supplier_number
    assert mine["supplier_name"] == personas.supplier.legal_name
    assert mine["smeta_4p_valid_until"] == "2027-01-09"
    lids = next(r for r in by_code.values() if r["os_id"])
    assert (lids["latitude"], lids["longitude"], lids["worker_count"]) == (
        "29.868336",
        "-121.500000",
        "120",
    )


def test_the_xlsx_has_numbers_as_numbers(registry: None, client_for: Any) -> None:
    workbook = load_workbook(io.BytesIO(_export(client_for("admin"), "xlsx")), read_only=True)
    header, *rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert list(header) == list(EXPORT_COLUMNS)
    lids = next(dict(zip(header, r, strict=False)) for r in rows if r[header.index("os_id")])
    assert lids["latitude"] == pytest.approx(29.868336)
    assert lids["worker_count"] == 120


def test_it_filters_like_the_facility_list(
    registry: None, personas: Personas, client_for: Any
) -> None:
    client = client_for("admin")
    _header, *rows = _csv(_export(client, "csv", "&country=BD"))
    assert [r[0] for r in rows] == [personas.other_facility.code]
    _header, *rows = _csv(_export(client, "csv", "&q=Précision"))
    assert len(rows) == 1


def test_an_unknown_format_is_refused(client_for: Any) -> None:
    response = client_for("admin").get(reverse("facility_data:export") + "?format=pdf")
    assert response.status_code == 400


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_runs_the_same_queries_for_10_or_100_facilities(
    personas: Personas, client_for: Any, fmt: str
) -> None:
    client = client_for("admin")
    category = ProductCategoryFactory.create()

    def count(n: int) -> int:
        for facility in FacilityFactory.create_batch(n, supplier=personas.supplier):
            facility.product_categories.add(category)
        with CaptureQueriesContext(connection) as queries:
            _export(client, fmt)
        return len(queries)

    _export(client, fmt)  # the first request also creates the session and the policy row
    assert count(10) == count(90)
