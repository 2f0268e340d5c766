"""Reading XLSX inputs: the first worksheet, header in row 1, date cells or ISO text.

Workbooks are written in the test with openpyxl, as a payroll clerk's Excel would save them.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path

import pytest
from openpyxl import Workbook

from sourceproof.wagehours import WageHoursInputError, load, read_time, read_workers
from sourceproof.wagehours.tests.records import d

TIME_HEADER = ["worker_id", "date", "regular_hours", "overtime_hours", "day_type"]


def workbook(path: Path, rows: Sequence[Sequence[object]], *, title: str = "Sheet1") -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    book.create_sheet("notes").append(["anything", "here", "is", "ignored"])
    book.save(path)
    return path


def test_it_reads_date_cells_numbers_and_text(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "time.xlsx",
        [
            [" Worker_ID", "Date", "regular_hours", "overtime_hours", "day_type", "note"],
            [1001, dt.datetime(2024, 3, 4), 8, 2.5, "working", "night shift"],
            ["W2", dt.date(2024, 2, 29), 7.5, 0, "Holiday", None],
            ["W3", "2024-03-05", "8", "0", "rest", None],
        ],
    )
    # A whole-number worker id cell reads as "1001", not "1001.0".
    assert read_time(path).rows() == [
        ("1001", d("2024-03-04"), 8.0, 2.5, "working"),
        ("W2", d("2024-02-29"), 7.5, 0.0, "holiday"),
        ("W3", d("2024-03-05"), 8.0, 0.0, "rest"),
    ]


def test_it_names_the_row_and_column_of_bad_cells(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "time.xlsx",
        [
            TIME_HEADER,
            ["W1", dt.datetime(2024, 3, 4), 8, 0, "working"],
            ["W1", dt.datetime(2024, 3, 5), "8h", 0, "working"],
            ["W1", dt.datetime(2024, 3, 6, 8, 30), 8, 0, "working"],
            ["W1", dt.datetime(2024, 3, 7), 8, -0.5, "overtime"],
            ["W1", None, 8, 0, "working"],
        ],
    )
    with pytest.raises(WageHoursInputError) as excinfo:
        read_time(path)
    assert [str(p).replace(f"{tmp_path}/", "") for p in excinfo.value.problems] == [
        "time.xlsx, row 3, column 'regular_hours': '8h' is not a number",
        "time.xlsx, row 4, column 'date': '2024-03-06 08:30:00' is not a date (use YYYY-MM-DD)",
        "time.xlsx, row 5, column 'overtime_hours': '-0.5' is negative",
        "time.xlsx, row 5, column 'day_type': 'overtime' is not a day type "
        "(use working, rest, holiday)",
        "time.xlsx, row 6, column 'date': empty: a value is required",
    ]


def test_it_keeps_row_numbers_past_empty_rows(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "workers.xlsx",
        [
            ["worker_id", "date_of_birth", "hire_date"],
            ["W1", dt.date(1990, 1, 1), dt.date(2020, 1, 1)],
            [],
            [None, None, None],
            ["W2", "1 May 1990", dt.date(2020, 1, 1)],
        ],
    )
    with pytest.raises(WageHoursInputError) as excinfo:
        read_workers(path)
    assert [(p.row, p.column, p.message) for p in excinfo.value.problems] == [
        (5, "date_of_birth", "'1 May 1990' is not a date (use YYYY-MM-DD)")
    ]


def test_it_names_a_missing_column(tmp_path: Path) -> None:
    path = workbook(tmp_path / "workers.xlsx", [["worker_id", "born"], ["W1", "1990-01-01"]])
    with pytest.raises(WageHoursInputError) as excinfo:
        read_workers(path)
    assert [(p.row, p.column) for p in excinfo.value.problems] == [
        (1, "date_of_birth"),
        (1, "hire_date"),
    ]


def test_it_reads_an_upload_and_mixes_formats(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "time.xlsx",
        [TIME_HEADER, ["W1", dt.date(2024, 3, 4), 8, 1, "working"]],
    )
    upload = io.BytesIO(path.read_bytes())
    upload.name = "time-march.xlsx"
    (tmp_path / "workers.csv").write_text(
        "worker_id,date_of_birth,hire_date\nW1,1990-01-01,2020-01-01\n"
    )
    (tmp_path / "pay.csv").write_text(
        "worker_id,period_start,period_end,regular_pay,overtime_pay,currency\n"
        "W1,2024-03-01,2024-03-31,112,17.5,CNY\n"
    )
    (tmp_path / "rules.toml").write_text("minimum_hourly_wage = 14\n")
    inputs = load(
        workers=tmp_path / "workers.csv",
        time=upload,
        pay=tmp_path / "pay.csv",
        rules=tmp_path / "rules.toml",
    )
    assert inputs.time.rows() == [("W1", d("2024-03-04"), 8.0, 1.0, "working")]


def test_it_refuses_a_file_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "time.xlsx"
    path.write_text("worker_id,date\n")
    with pytest.raises(WageHoursInputError) as excinfo:
        read_time(path)
    [problem] = excinfo.value.problems
    assert (problem.row, problem.column) == (None, None)
    assert problem.message.startswith("cannot read as XLSX: ")


def test_it_refuses_a_worksheet_without_a_header(tmp_path: Path) -> None:
    path = workbook(tmp_path / "time.xlsx", [])
    with pytest.raises(WageHoursInputError) as excinfo:
        read_time(path)
    assert [p.message for p in excinfo.value.problems] == [
        "cannot read as XLSX: the first worksheet has no header row"
    ]
