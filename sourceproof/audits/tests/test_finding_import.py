"""Importing findings from CSV or XLSX: every row checked, all or nothing, problems by row and
column; the template downloads and round-trips."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from sourceproof.audits import importing
from sourceproof.audits.models import CorrectiveAction, Finding, FindingSource, FindingStatus
from sourceproof.audits.tests.helpers import make_audit
from sourceproof.core.testing import Personas

pytestmark = pytest.mark.django_db

HEADER = "type,pillar,clause,severity,title,evidence,local_law_reference,applied_standard"
GOOD = [
    "non_compliance,labour_standards,6,major,72 hours in week 12,Time cards,,",
    "Non-compliance,Health & safety,ETI 3,Critical,Fire exit locked,Photo 4,,",
    "observation,labour_standards,5,,Wage slips hard to read,,,",
    "non_compliance,labour_standards,local_law,minor,No social insurance for 3,,"
    "PRC Social Insurance Law art. 58,local_law",
]


def csv_bytes(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def test_it_imports_every_row_when_all_are_good(personas: Personas) -> None:
    audit = make_audit(personas)
    report = importing.findings_import(audit=audit, data=csv_bytes(*GOOD), by=personas.auditor)
    assert report.ok
    assert [f.reference for f in report.created] == [f"AUD-00001-F0{n}" for n in (1, 2, 3, 4)]
    second = Finding.objects.get(reference="AUD-00001-F02")
    assert (second.pillar, second.clause, second.severity) == ("health_safety", "3", "critical")
    assert {f.source for f in Finding.objects.all()} == {FindingSource.IMPORT}
    assert CorrectiveAction.objects.count() == 3  # the observation has none


def test_it_imports_nothing_when_one_row_is_bad_and_names_row_and_column(
    personas: Personas,
) -> None:
    audit = make_audit(personas, pillars=2)
    rows = [
        *GOOD[:2],
        "non_compliance,environment,environment,minor,Waste stored outside,,,",  # 2 pillars
        "non_compliance,labour_standards,12,urgent,,,,",
        "observation,labour_standards,1,minor,Passports held?,,,law",
        "non_compliance,labour_standards,1,major,Deposit,,,local_law",
    ]
    report = importing.findings_import(audit=audit, data=csv_bytes(*rows), by=personas.csr_manager)
    assert not report.ok
    assert report.created == []
    assert Finding.objects.count() == 0
    found = {(p.row, p.column) for p in report.problems}
    assert found == {
        (4, "pillar"),
        (5, "clause"),
        (5, "severity"),
        (5, "title"),
        (6, "severity"),
        (6, "applied_standard"),
        (7, "local_law_reference"),
    }
    texts = {(p.row, p.column): p.problem for p in report.problems}
    assert texts[(4, "pillar")] == (
        "A 2-pillar audit covers labour standards and health & safety only."
    )
    assert texts[(5, "clause")].startswith("“12” is not one of: 1, 2, 3")
    assert texts[(6, "severity")] == "Only a non-compliance has a severity."


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "The file is empty."),
        (b"%PDF-1.4 not a table", "The file is not CSV or XLSX. Upload a CSV or XLSX file."),
        (b"title,evidence\nx,y\n", "The header row lacks the column(s): type, pillar, clause."),
        (csv_bytes(), "The file has a header but no findings."),
        (
            b"type,pillar\xff",
            "The CSV file is not UTF-8 text. Save it as “CSV UTF-8” or upload XLSX.",
        ),
    ],
)
def test_it_refuses_a_file_it_cannot_read(personas: Personas, data: bytes, problem: str) -> None:
    report = importing.findings_import(
        audit=make_audit(personas), data=data, by=personas.csr_manager
    )
    assert [p.to_dict() for p in report.problems] == [{"row": 1, "column": "", "problem": problem}]


def test_it_reads_semicolon_csv_and_ignores_extra_columns_and_blank_rows(
    personas: Personas,
) -> None:
    data = (
        b"Type;Pillar;Clause;Severity;Title;Auditor note\n"
        b"non_compliance;labour_standards;8A;minor;Homeworkers not listed;ignored\n"
        b";;;;;\n"
    )
    report = importing.findings_import(
        audit=make_audit(personas), data=data, by=personas.csr_manager
    )
    assert report.ok
    assert report.created[0].clause == "8A"


def test_it_imports_xlsx_with_dates_as_drafts(personas: Personas) -> None:
    import datetime as dt

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "findings"
    sheet.append(
        ["type", "pillar", "clause", "severity", "title", "rule_code", "period_start", "period_end"]
    )
    sheet.append(
        [
            "non_compliance",
            "labour_standards",
            6,
            "major",
            "Worker W042 worked 66.5 hours (limit 60)",
            "hours.weekly_total",
            dt.datetime(2026, 3, 2),
            dt.datetime(2026, 3, 8),
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = importing.findings_import(
        audit=make_audit(personas), data=buffer.getvalue(), by=personas.csr_manager, as_drafts=True
    )
    assert report.ok, report.problems
    finding = report.created[0]
    assert (finding.status, finding.clause, finding.period_start) == (
        FindingStatus.DRAFT,
        "6",
        dt.date(2026, 3, 2),
    )
    assert not CorrectiveAction.objects.filter(finding=finding).exists()


def test_it_offers_the_template_in_both_formats(personas: Personas, client_for: Any) -> None:
    client = client_for("auditor")
    csv_response = client.get("/audits/findings/template.csv")
    assert csv_response.status_code == 200
    assert csv_response.content.decode().strip() == ",".join(importing.COLUMNS)
    xlsx = client.get("/audits/findings/template.xlsx")
    assert xlsx["Content-Disposition"] == 'attachment; filename="findings-template.xlsx"'
    workbook = load_workbook(io.BytesIO(xlsx.content))
    assert workbook.sheetnames == ["findings", "columns"]
    assert [c.value for c in workbook["findings"][1]] == list(importing.COLUMNS)
    assert client.get("/audits/findings/template.pdf").status_code == 404


def test_it_shows_the_problems_on_the_import_page_and_imports_nothing(
    personas: Personas, client_for: Any
) -> None:
    audit = make_audit(personas)
    upload = SimpleUploadedFile("f.csv", csv_bytes(GOOD[0], "bad,labour_standards,1,,x,,,"))
    response = client_for("csr_manager").post(
        f"/audits/{audit.reference}/findings/import/", {"file": upload}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="import-problems"' in html
    assert "nothing was imported" in html
    assert Finding.objects.count() == 0
    upload = SimpleUploadedFile("f.csv", csv_bytes(*GOOD))
    response = client_for("csr_manager").post(
        f"/audits/{audit.reference}/findings/import/", {"file": upload}
    )
    assert response.status_code == 302
    assert Finding.objects.count() == 4


def test_it_imports_through_the_api_all_or_nothing(personas: Personas, client_for: Any) -> None:
    audit = make_audit(personas)
    url = f"/api/v1/audits/{audit.reference}/findings/import"
    bad = client_for("auditor").post(
        url, {"file": SimpleUploadedFile("f.csv", csv_bytes(GOOD[0], "x,y,z,,t,,,"))}
    )
    assert bad.status_code == 400
    assert {(p["row"], p["column"]) for p in bad.json()["problems"]} == {
        (3, "type"),
        (3, "pillar"),
        (3, "clause"),
    }
    good = client_for("auditor").post(url, {"file": SimpleUploadedFile("f.csv", csv_bytes(*GOOD))})
    assert good.status_code == 201
    assert good.json()["imported"] == 4
