"""The command line: import_facilities and export_facilities wrap the same services."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connections

from sourceproof.cli import main
from sourceproof.core.testing import Personas
from sourceproof.facilities.importing.testing import csv_bytes, template_row
from sourceproof.facilities.models import Facility, FacilityImport, ImportStatus

pytestmark = pytest.mark.django_db


def _file(tmp_path: Path, personas: Personas, **bad: str) -> Path:
    rows = [
        template_row(name="CLI Works", address="1 Shell Road"),
        template_row(name="CLI Works 2", address="2 Shell Road", **bad),
    ]
    path = tmp_path / "facilities.csv"
    path.write_bytes(csv_bytes(rows))
    return path


def test_it_imports_a_file_for_a_supplier(personas: Personas, tmp_path: Path) -> None:
    out = io.StringIO()
    call_command(
        "import_facilities",
        str(_file(tmp_path, personas)),
        "--supplier",
        personas.other_supplier.supplier_number,
        stdout=out,
    )

    assert "applied: 2 created, 0 changed, 0 unchanged" in out.getvalue()
    facility_import = FacilityImport.objects.get()
    assert (facility_import.status, facility_import.created_by) == (
        ImportStatus.APPLIED,
        personas.admin,
    )
    assert Facility.objects.filter(supplier=personas.other_supplier).count() == 3


def test_a_dry_run_writes_nothing_and_a_bad_file_fails(personas: Personas, tmp_path: Path) -> None:
    out = io.StringIO()
    call_command(
        "import_facilities",
        str(_file(tmp_path, personas)),
        "--supplier",
        personas.other_supplier.supplier_number,
        "--dry-run",
        stdout=out,
    )
    assert "2 rows: 2 to create" in out.getvalue()
    assert not FacilityImport.objects.exists()

    out = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command(
            "import_facilities",
            str(_file(tmp_path, personas, country="ZZ")),
            "--supplier",
            personas.other_supplier.supplier_number,
            "--user",
            personas.csr_manager.email,
            stdout=out,
        )
    assert "row 3, country, ZZ: country 'ZZ' is not an ISO 3166-1 alpha-2 code" in out.getvalue()
    assert FacilityImport.objects.get().status == ImportStatus.INVALID
    assert not Facility.objects.filter(name__startswith="CLI").exists()


def test_it_works_through_the_console_script(
    personas: Personas, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # run_from_argv closes the database connections when done: keep the test's transaction.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    path = _file(tmp_path, personas)
    code = main(
        [
            "manage",
            "import_facilities",
            str(path),
            "--supplier",
            personas.other_supplier.supplier_number,
        ]
    )
    assert code == 0
    assert Facility.objects.filter(name__startswith="CLI Works").count() == 2


def test_it_exports_csv_and_xlsx(personas: Personas, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    call_command("export_facilities", "--format", "csv", "-o", str(target))
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert rows[0][0] == "code"
    assert {r[0] for r in rows[1:]} == {personas.facility.code, personas.other_facility.code}

    xlsx = tmp_path / "out.xlsx"
    call_command("export_facilities", "--format", "xlsx", "-o", str(xlsx))
    assert xlsx.read_bytes()[:2] == b"PK"

    out = io.StringIO()
    call_command("export_facilities", stdout=out)
    assert out.getvalue().startswith("code,supplier_number,name")
