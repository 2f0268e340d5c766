"""Reading CSV inputs: documented columns, row-by-row validation, every problem at once.

A problem names the file, the row as a person counts it in a spreadsheet (the header is
row 1) and the column.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import polars as pl
import pytest

from sourceproof.wagehours import (
    InputProblem,
    Inputs,
    WageHoursInputError,
    load,
    read_pay,
    read_time,
    read_workers,
    validate,
)
from sourceproof.wagehours.errors import MAX_PROBLEMS_PER_FILE
from sourceproof.wagehours.tests.records import d, rules

WORKERS = """Worker_ID , Date_of_Birth,hire_date,name
W1,1990-06-15,2020-01-01,Ann
W2,2008-02-29,2023-03-01,Bo
"""
TIME = """worker_id,date,regular_hours,overtime_hours,day_type,shift
W1,2024-03-04,8,2,working,A
W1,2024-03-05, 7.5 ,0,Working,A
W2,2024-03-09,0,4,REST,B
"""
PAY = """worker_id,period_start,period_end,regular_pay,overtime_pay,currency
W1,2024-03-01,2024-03-31,217.00,37.50,cny
"""
RULES_TOML = "minimum_hourly_wage = 14.0\n"


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def load_texts(
    directory: Path, *, workers: str = WORKERS, time: str = TIME, pay: str = PAY
) -> Inputs:
    return load(
        workers=write(directory, "workers.csv", workers),
        time=write(directory, "time.csv", time),
        pay=write(directory, "pay.csv", pay),
        rules=write(directory, "rules.toml", RULES_TOML),
    )


def problems_of(directory: Path, **texts: str) -> list[str]:
    with pytest.raises(WageHoursInputError) as excinfo:
        load_texts(directory, **texts)
    return [str(problem).replace(str(directory) + "/", "") for problem in excinfo.value.problems]


def test_it_reads_the_documented_columns_and_ignores_the_rest(tmp_path: Path) -> None:
    inputs = load_texts(tmp_path)
    assert inputs.workers.rows() == [
        ("W1", d("1990-06-15"), d("2020-01-01")),
        ("W2", d("2008-02-29"), d("2023-03-01")),
    ]
    # Spaces trimmed, day types and currencies in any case.
    assert inputs.time.rows() == [
        ("W1", d("2024-03-04"), 8.0, 2.0, "working"),
        ("W1", d("2024-03-05"), 7.5, 0.0, "working"),
        ("W2", d("2024-03-09"), 0.0, 4.0, "rest"),
    ]
    assert inputs.pay.rows() == [
        ("W1", d("2024-03-01"), d("2024-03-31"), 217.0, 37.5, "CNY"),
    ]
    assert inputs.rules.minimum_hourly_wage == 14.0


def test_it_reads_a_file_excel_saved_with_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "workers.csv"
    path.write_bytes(b"\xef\xbb\xbf" + WORKERS.replace("\n", "\r\n").encode())
    assert read_workers(path)["worker_id"].to_list() == ["W1", "W2"]


def test_it_reads_uploads_by_their_name(tmp_path: Path) -> None:
    upload = io.BytesIO(TIME.encode())
    upload.name = "march.csv"
    assert read_time(upload).height == 3
    assert read_pay(io.BytesIO(PAY.encode()), currency="CNY", name="pay.csv").height == 1


def test_it_names_a_missing_column(tmp_path: Path) -> None:
    text = "worker_id,date,regular_hours,overtime_hours\nW1,2024-03-04,8,0\n"
    assert problems_of(tmp_path, time=text) == [
        "time.csv, row 1, column 'day_type': missing column (expected columns: "
        "worker_id, date, regular_hours, overtime_hours, day_type)"
    ]


def test_it_names_the_file_row_and_column_of_each_bad_value(tmp_path: Path) -> None:
    time = """worker_id,date,regular_hours,overtime_hours,day_type
W1,2024-02-30,8,0,working
W1,2024-03-05,8h,0,working
W1,2024-03-06,8,-1,working
W1,2024-03-07,8,0,sunday
W1,,8,0,working
"""
    assert problems_of(tmp_path, time=time) == [
        "time.csv, row 2, column 'date': '2024-02-30' is not a date (use YYYY-MM-DD)",
        "time.csv, row 3, column 'regular_hours': '8h' is not a number",
        "time.csv, row 4, column 'overtime_hours': '-1' is negative",
        "time.csv, row 5, column 'day_type': 'sunday' is not a day type "
        "(use working, rest, holiday)",
        "time.csv, row 6, column 'date': empty: a value is required",
    ]


def test_it_refuses_not_a_number_and_infinity(tmp_path: Path) -> None:
    time = TIME.replace("W1,2024-03-04,8,2", "W1,2024-03-04,nan,inf")
    assert problems_of(tmp_path, time=time) == [
        "time.csv, row 2, column 'regular_hours': 'nan' is not a number",
        "time.csv, row 2, column 'overtime_hours': 'inf' is not a number",
    ]


def test_it_counts_rows_as_a_person_does_even_past_blank_lines(tmp_path: Path) -> None:
    # Line 3 is blank and skipped; the bad date is on line 4, row 4.
    time = TIME.replace("W1,2024-03-05, 7.5 ,0,Working,A", "\nW1,2024-3-32,8,0,working,A")
    assert problems_of(tmp_path, time=time) == [
        "time.csv, row 4, column 'date': '2024-3-32' is not a date (use YYYY-MM-DD)"
    ]


def test_it_checks_the_currency_against_the_rules(tmp_path: Path) -> None:
    pay = PAY + "W2,2024-03-01,2024-03-31,0,0,USD\n"
    assert problems_of(tmp_path, pay=pay) == [
        "pay.csv, row 3, column 'currency': 'USD' does not match the rules' currency 'CNY'"
    ]


def test_it_refuses_a_period_that_ends_before_it_starts(tmp_path: Path) -> None:
    pay = PAY + "W2,2024-03-31,2024-03-01,0,0,CNY\n"
    assert problems_of(tmp_path, pay=pay) == [
        "pay.csv, row 3, column 'period_end': the period ends (2024-03-01) before it "
        "starts (2024-03-31)"
    ]


def test_it_refuses_a_worker_listed_twice(tmp_path: Path) -> None:
    workers = WORKERS + "W1,1991-01-01,2020-01-01,Ann again\n"
    assert problems_of(tmp_path, workers=workers) == [
        "workers.csv, row 4, column 'worker_id': worker 'W1' already appears at row 2"
    ]


def test_it_refuses_two_records_for_one_worker_and_day(tmp_path: Path) -> None:
    time = TIME + "W1,2024-03-04,2,0,working,B\n"
    assert problems_of(tmp_path, time=time) == [
        "time.csv, row 5, column 'date': a record for worker 'W1' on 2024-03-04 already "
        "appears at row 2"
    ]


def test_it_refuses_more_than_24_hours_in_a_day(tmp_path: Path) -> None:
    time = TIME.replace("W1,2024-03-04,8,2", "W1,2024-03-04,20,4.5")
    assert problems_of(tmp_path, time=time) == [
        "time.csv, row 2, column 'overtime_hours': regular_hours + overtime_hours = 24.5, "
        "more than the 24 hours in a day"
    ]


def test_it_refuses_records_of_workers_not_in_the_workers_file(tmp_path: Path) -> None:
    time = TIME + "W3,2024-03-04,8,0,working,A\n"
    pay = PAY + "W4,2024-03-01,2024-03-31,0,0,CNY\n"
    assert problems_of(tmp_path, time=time, pay=pay) == [
        "time.csv, row 5, column 'worker_id': worker 'W3' is not in workers.csv",
        "pay.csv, row 3, column 'worker_id': worker 'W4' is not in workers.csv",
    ]


def test_it_refuses_work_before_birth(tmp_path: Path) -> None:
    time = TIME + "W2,2008-02-28,8,0,working,A\n"
    assert problems_of(tmp_path, time=time) == [
        "time.csv, row 5, column 'date': 2008-02-28 is before the worker's date_of_birth 2008-02-29"
    ]


def test_it_reports_every_problem_in_every_file_at_once(tmp_path: Path) -> None:
    workers = WORKERS + "W3,someday,2020-01-01,Cy\n"
    time = TIME + "W1,2024-03-10,x,0,working,A\n"
    pay = PAY + "W1,2024-04-01,2024-04-30,lots,0,CNY\n"
    assert problems_of(tmp_path, workers=workers, time=time, pay=pay) == [
        "workers.csv, row 4, column 'date_of_birth': 'someday' is not a date (use YYYY-MM-DD)",
        "time.csv, row 5, column 'regular_hours': 'x' is not a number",
        "pay.csv, row 3, column 'regular_pay': 'lots' is not a number",
    ]


def test_it_lists_the_first_hundred_problems_of_a_file_and_counts_the_rest(
    tmp_path: Path,
) -> None:
    # 125 records on 125 different days, each with one bad value: rows 2 to 126.
    first = d("2024-01-01")
    time = "worker_id,date,regular_hours,overtime_hours,day_type\n" + "".join(
        f"W1,{first + dt.timedelta(days=n)},x,0,working\n" for n in range(125)
    )
    with pytest.raises(WageHoursInputError) as excinfo:
        load_texts(tmp_path, time=time)
    # 100 listed (rows 2 to 101, in order), 125 - 100 = 25 counted.
    assert len(excinfo.value.problems) == MAX_PROBLEMS_PER_FILE == 100
    assert [p.row for p in excinfo.value.problems] == list(range(2, 102))
    assert excinfo.value.omitted == 25
    assert excinfo.value.lines()[-1] == "... and 25 more problems not listed"


def test_it_names_a_row_with_too_many_values(tmp_path: Path) -> None:
    time = TIME + "W1,2024-03-11,8,0,working,A,extra\n"
    assert problems_of(tmp_path, time=time) == [
        "time.csv, row 5: 7 values but the header names 6 columns"
    ]


def test_it_names_a_row_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "workers.csv"
    path.write_bytes(WORKERS.encode() + "W3,1990-01-01,2020-01-01,Zoë\n".encode("latin-1"))
    with pytest.raises(WageHoursInputError) as excinfo:
        read_workers(path)
    assert excinfo.value.problems == [
        InputProblem(str(path), 4, None, "not UTF-8 text: save the file as 'CSV UTF-8'")
    ]


def test_it_refuses_an_empty_file_a_missing_file_and_another_format(tmp_path: Path) -> None:
    write(tmp_path, "time.csv", "")
    with pytest.raises(WageHoursInputError) as excinfo:
        load(
            workers=tmp_path / "nowhere.csv",
            time=tmp_path / "time.csv",
            pay=write(tmp_path, "pay.json", "{}"),
            rules=write(tmp_path, "rules.toml", RULES_TOML),
        )
    assert [(p.file.replace(f"{tmp_path}/", ""), p.message) for p in excinfo.value.problems] == [
        ("nowhere.csv", "file not found"),
        ("time.csv", "the file is empty"),
        ("pay.json", "unsupported file type: use .csv or .xlsx"),
    ]


def test_it_reads_rules_given_as_an_object(tmp_path: Path) -> None:
    inputs = load(
        workers=write(tmp_path, "w.csv", WORKERS),
        time=write(tmp_path, "t.csv", TIME),
        pay=write(tmp_path, "p.csv", PAY.replace("cny", "EUR")),
        rules=rules(currency="EUR"),
    )
    assert inputs.pay["currency"].to_list() == ["EUR"]


def test_it_validates_frames_built_in_memory_the_same_way() -> None:
    time = pl.DataFrame(
        {
            "worker_id": ["W1", "W1"],
            "date": [d("2024-03-04"), d("2024-03-05")],
            "regular_hours": [8, -2],
            "overtime_hours": [0.0, 0.0],
            "day_type": ["working", "rest"],
        }
    )
    workers = pl.DataFrame(
        {"worker_id": ["W1"], "date_of_birth": [d("1990-01-01")], "hire_date": [d("2020-01-01")]}
    )
    pay = pl.DataFrame(
        schema={
            "worker_id": pl.String,
            "period_start": pl.Date,
            "period_end": pl.Date,
            "regular_pay": pl.Float64,
            "overtime_pay": pl.Float64,
            "currency": pl.String,
        }
    )
    with pytest.raises(WageHoursInputError) as excinfo:
        validate(workers=workers, time=time, pay=pay, rules=rules())
    # The second record is row 3, as in a spreadsheet export with a header.
    assert [str(p) for p in excinfo.value.problems] == [
        "time, row 3, column 'regular_hours': '-2' is negative"
    ]
