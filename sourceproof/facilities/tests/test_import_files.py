"""File types: XLSX and CSV are recognised by content; anything else gets a clear message."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.urls import reverse
from PIL import Image

from sourceproof.core.testing import Personas
from sourceproof.facilities.importing import services
from sourceproof.facilities.importing.testing import csv_bytes, template_row, upload, xlsx_bytes
from sourceproof.facilities.models import Facility, FacilityImport, ImportStatus

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def test_it_imports_an_xlsx_workbook_with_numbers_as_cells(personas: Personas) -> None:
    rows = [
        template_row(
            supplier_number=personas.other_supplier.supplier_number,
            name="Chittagong Totes",
            postal_code=4000,  # a number cell: read as "4000"
            latitude=22.3569,
            longitude=91.7832,
            worker_count=250.0,
        )
    ]
    facility_import = services.facility_import_upload(
        data=xlsx_bytes(rows), original_name="totes.xlsx", by=personas.admin
    )

    assert facility_import.status == ImportStatus.VALID, facility_import.report["errors"]
    assert facility_import.report["format"] == "xlsx"
    assert services.facility_import_apply(facility_import=facility_import, by=personas.admin)
    totes = Facility.objects.get(name="Chittagong Totes")
    assert (totes.postal_code, totes.worker_count, str(totes.latitude)) == (
        "4000",
        250,
        "22.356900",
    )


def test_it_reports_rows_of_an_xlsx_as_the_sheet_numbers_them(personas: Personas) -> None:
    rows = [
        template_row(supplier_number=personas.other_supplier.supplier_number, name=f"Site {n}")
        for n in range(3)
    ]
    rows[2]["country"] = "Bangladesh"

    facility_import = services.facility_import_upload(
        data=xlsx_bytes(rows), original_name="sites.xlsx", by=personas.admin
    )

    assert [(e["row"], e["column"]) for e in facility_import.report["errors"]] == [(4, "country")]


def test_it_reads_a_csv_with_a_byte_order_mark_and_semicolons(personas: Personas) -> None:
    text = (
        "\ufeffsupplier_number;name;address;country\n"
        f'{personas.other_supplier.supplier_number};Café Crème Bags;"1; Rue Haute";BD\n'
    )

    facility_import = services.facility_import_upload(
        data=text.encode("utf-8"), original_name="semi.csv", by=personas.admin
    )

    assert facility_import.status == ImportStatus.VALID, facility_import.report["errors"]
    assert facility_import.report["counts"]["create"] == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_png(), "The file is a PNG image, not CSV or XLSX."),
        (b"%PDF-1.4 fake", "The file is a PDF document, not CSV or XLSX."),
        ("name,address,country\nCafé,1 Rue,FR\n".encode("latin-1"), "not UTF-8"),
        (b"", "The file is empty."),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Excel 97-2003 (.xls)"),
    ],
)
def test_it_refuses_a_file_that_is_not_csv_or_xlsx(
    personas: Personas, data: bytes, message: str
) -> None:
    with pytest.raises(Exception, match=message.replace("(", r"\(").replace(")", r"\)")):
        services.facility_import_upload(data=data, original_name="x.csv", by=personas.admin)
    assert not FacilityImport.objects.exists()


def test_it_refuses_a_zip_that_is_not_a_workbook() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(Exception, match="not an XLSX workbook"):
        services.read_upload(buffer.getvalue())


def test_the_page_says_so_for_a_png_renamed_csv(client_for: Any) -> None:
    client = client_for("admin")

    response = client.post(reverse("facility_data:import"), {"file": upload(_png(), "list.csv")})

    assert response.status_code == 400
    assert "The file is a PNG image, not CSV or XLSX." in response.content.decode()
    assert not FacilityImport.objects.exists()


def test_the_template_is_a_csv_with_the_template_columns(client_for: Any) -> None:
    response = client_for("quality_manager").get(reverse("facility_data:template"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    header = response.content.decode("utf-8-sig").strip()
    assert header == (
        "supplier_number,name,address,city,region,postal_code,country,latitude,longitude,"
        "os_id,sedex_zs,amfori_id,product_categories,worker_count"
    )
    assert csv_bytes([], None).decode().strip() == header
