"""Files are judged by content (CSV text or an XLSX workbook). A refused upload leaves no run
and no stored file; a file with bad rows ends the run as failed, listing every problem by
file, row and column, and reports nothing else."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from sourceproof.core.testing import Personas
from sourceproof.payroll import services
from sourceproof.payroll.files import detect_format
from sourceproof.payroll.models import RunStatus, WageHoursRun
from sourceproof.payroll.tests.helpers import (
    ETI_OVERRIDES,
    PAY,
    TIME,
    WORKERS,
    files,
    make_run,
    upload,
    xlsx,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n%%EOF\n"


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_it_tells_csv_from_xlsx_by_content() -> None:
    assert detect_format(b"worker_id,date_of_birth\nW1,1990-01-01\n") == "csv"
    assert detect_format(b"\xef\xbb\xbfworker_id\n") == "csv"
    assert detect_format(xlsx(WORKERS)) == "xlsx"
    for data, words in [
        (PDF, "PDF"),
        (b"", "empty"),
        (b"\xd0\xcf\x11\xe0rest", ".xls"),
        (b"caf\xe9,bar\n", "UTF-8"),
        (b"PK\x03\x04not really a zip", "damaged"),
    ]:
        with pytest.raises(ValidationError) as refused:
            detect_format(data)
        assert words in " ".join(refused.value.messages)


def test_a_refused_upload_leaves_nothing_behind(personas: Personas) -> None:
    with pytest.raises(ValidationError) as refused:
        services.run_create(
            by=personas.csr_manager,
            facility=personas.facility,
            overrides=ETI_OVERRIDES,
            workers=upload(WORKERS, "workers.csv"),
            time=upload(PDF, "time.csv"),
            pay=upload(b"", "pay.csv"),
        )

    errors = refused.value.message_dict
    assert set(errors) == {"time", "pay"}
    assert "PDF" in errors["time"][0]
    assert not WageHoursRun.objects.exists()
    assert stored_files() == []


def test_no_rules_is_refused_before_anything_is_stored(personas: Personas) -> None:
    personas.facility.country = "KH"
    personas.facility.save()

    with pytest.raises(ValidationError) as refused:
        services.run_create(
            by=personas.csr_manager, facility=personas.facility, overrides={}, **files()
        )

    assert "No legal minimum wage for KH" in refused.value.message_dict["rules"][0]
    assert not WageHoursRun.objects.exists()
    assert stored_files() == []


def test_a_failed_save_removes_the_stored_files(personas: Personas, monkeypatch: Any) -> None:
    def broken_save(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(WageHoursRun, "save", broken_save)

    with pytest.raises(RuntimeError):
        make_run(personas)

    monkeypatch.undo()
    assert not WageHoursRun.objects.exists()
    assert stored_files() == []


def test_the_page_shows_each_refused_file_beside_its_field(
    personas: Personas, client_for: Any
) -> None:
    response = client_for("csr_manager").post(
        reverse("payroll:run_create"),
        {
            "facility": personas.facility.code,
            "workers": upload(PDF, "workers.csv"),
            "time": upload(TIME, "time.csv"),
            "pay": upload(PAY, "pay.csv"),
        },
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_workers_errors"' in html
    assert "The file is a PDF document, not CSV or XLSX." in html
    assert not WageHoursRun.objects.exists()


def test_bad_rows_fail_the_run_with_file_row_and_column(
    personas: Personas, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    time = TIME.replace("W1,2024-03-05,8,0,working", "W1,2024-02-30,8h,0,sunday")
    pay = PAY.replace("784.00,30.00,CNY", "784.00,30.00,USD")
    with django_capture_on_commit_callbacks(execute=True):
        run = make_run(personas, time=time, pay=pay)

    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.report == {} and run.counts == {}
    problems = {(p["file"], p["row"], p["column"]) for p in run.problems}
    assert ("time.csv", 3, "date") in problems
    assert ("time.csv", 3, "regular_hours") in problems
    assert ("time.csv", 3, "day_type") in problems
    assert ("pay.csv", 2, "currency") in problems

    html = client_for("viewer").get(reverse("payroll:run_detail", args=[run.pk])).content.decode()
    assert "The files could not be used" in html
    assert '<td data-label="File">time.csv</td>' in html
    assert "&#x27;2024-02-30&#x27; is not a date" in html
    assert "<code>day_type</code>" in html
    assert "Findings by rule" not in html  # nothing else is reported
    assert "Not checked" not in html


def test_a_missing_column_is_reported_on_row_one(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        run = make_run(personas, workers=WORKERS.replace("hire_date", "started"))

    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.problems[0] == {
        "file": "workers.csv",
        "row": 1,
        "column": "hire_date",
        "message": "missing column (expected columns: worker_id, date_of_birth, hire_date)",
    }


def test_xlsx_files_and_misnamed_files_are_read_by_content(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_create(
            by=personas.csr_manager,
            facility=personas.facility,
            overrides=ETI_OVERRIDES,
            workers=upload(xlsx(WORKERS), "workers.xlsx"),
            time=upload(xlsx(TIME), "time-sheet.csv"),  # an XLSX with a CSV name
            pay=upload(PAY, "pay.txt"),
        )

    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.problems
    assert run.files["time"]["format"] == "xlsx"
    assert run.files["time"]["name"] == "time-sheet.csv.xlsx"
    assert run.files["pay"]["name"] == "pay.txt.csv"
    assert run.time_file.name.endswith(".xlsx")
    assert sum(run.counts.values()) == 6


def test_a_file_over_the_limit_is_refused(personas: Personas, settings: Any) -> None:
    settings.UPLOAD_MAX_BYTES = 100

    with pytest.raises(ValidationError) as refused:
        make_run(personas)

    assert "most allowed" in refused.value.message_dict["time"][0]
    assert not WageHoursRun.objects.exists()
