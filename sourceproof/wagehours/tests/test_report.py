"""The report: deterministic order, the JSON shape, the sentences, and what check refuses."""

from __future__ import annotations

import datetime as dt
import json

import polars as pl
import pytest

from sourceproof.wagehours import (
    RULES,
    Finding,
    Report,
    WageHoursInputError,
    check,
    weekly_hours,
)
from sourceproof.wagehours.tests.records import (
    ADULT_BORN,
    d,
    day,
    days,
    no_pay,
    pay,
    rules,
    run,
    time,
    workers,
)
from sourceproof.wagehours.text import describe, iso_week, render_report

STAFF = workers(("W2", ADULT_BORN), ("W1", ADULT_BORN))
# W1: 14 days x 7 h from Mon 2024-03-04: 49 h in each of two weeks, a 14-day run.
# W2: 7 days x 10 h from Mon 2024-03-04: 70 h regular and total, a 7-day run.
ROWS = [*days("W2", "2024-03-04", 7, regular=10), *days("W1", "2024-03-04", 14, regular=7)]
EXPECTED_ORDER = [
    ("hours.weekly_regular", "W1", "2024-03-04"),
    ("hours.weekly_regular", "W1", "2024-03-11"),
    ("hours.weekly_regular", "W2", "2024-03-04"),
    ("hours.weekly_total", "W2", "2024-03-04"),
    ("hours.rest_day", "W1", "2024-03-04"),
    ("hours.rest_day", "W2", "2024-03-04"),
]


def _order(report: Report) -> list[tuple[str, str, str]]:
    return [(f.rule, f.worker_id, f.period_start.isoformat()) for f in report.findings]


def test_it_orders_findings_by_rule_then_worker_then_period() -> None:
    assert _order(run(STAFF, ROWS)) == EXPECTED_ORDER


def test_it_gives_the_same_report_whatever_the_order_of_the_records() -> None:
    forward = run(STAFF, ROWS)
    backward = run(STAFF, list(reversed(ROWS)))
    assert backward == forward


def test_it_lists_the_rules_in_the_documented_order() -> None:
    assert RULES == (
        "hours.weekly_regular",
        "hours.weekly_total",
        "hours.rest_day",
        "wage.minimum",
        "wage.overtime_premium",
        "age.minimum",
        "age.young_worker_overtime",
    )


def test_it_counts_findings_by_rule_including_the_clean_ones() -> None:
    counts = run(STAFF, ROWS).counts_by_rule()
    assert counts == {
        "hours.weekly_regular": 3,
        "hours.weekly_total": 1,
        "hours.rest_day": 2,
        "wage.minimum": 0,
        "wage.overtime_premium": 0,
        "age.minimum": 0,
        "age.young_worker_overtime": 0,
    }


def test_it_gives_the_documented_json_shape() -> None:
    # Mon-Sat 2024-03-04..09 at 8.5 h = 51 h; March pay 51 x 14 = 714.00.
    report = run(
        workers(("W1", ADULT_BORN), ("W9", ADULT_BORN)),
        days("W1", "2024-03-04", 6, regular=8.5),
        pay(("W1", "2024-03-01", "2024-03-31", 714, 0)),
    )
    document = json.loads(json.dumps(report.to_dict()))
    assert document == {
        "findings": [
            {
                "rule": "hours.weekly_regular",
                "worker_id": "W1",
                "period_start": "2024-03-04",
                "period_end": "2024-03-10",
                "measured": 51.0,
                "limit": 48.0,
            }
        ],
        "not_checked": ["W9"],
    }


def test_it_writes_whole_numbers_for_days_and_ages() -> None:
    report = run(workers(("W1", "2009-03-10")), days("W1", "2024-03-01", 7, regular=4))
    text = json.dumps(report.to_dict())
    # A 7-day run against 6, aged 14 against 15: JSON integers, not 7.0 or 14.0.
    assert '"measured": 7, "limit": 6' in text
    assert '"measured": 14, "limit": 15' in text


def test_it_describes_each_finding_in_a_sentence() -> None:
    r = rules(currency="CNY")
    week = (d("2020-12-28"), d("2021-01-03"))
    march = (d("2024-03-01"), d("2024-03-31"))
    assert describe(Finding("hours.weekly_regular", "W1", *week, 49.5, 48), r) == (
        "49.5 regular hours in ISO week 2020-W53, above the limit of 48."
    )
    assert describe(Finding("hours.weekly_total", "W1", *week, 61.25, 60), r) == (
        "61.25 hours including overtime in ISO week 2020-W53, above the limit of 60."
    )
    assert describe(Finding("hours.rest_day", "W1", *week, 7, 6), r) == (
        "7 consecutive days worked without a day off (2020-12-28 to 2021-01-03), "
        "above the limit of 6."
    )
    assert describe(Finding("wage.minimum", "W1", *march, 13.9995, 14), r) == (
        "Paid 13.9995 CNY per regular hour for 2024-03-01 to 2024-03-31, "
        "below the legal minimum of 14.00 CNY."
    )
    assert describe(Finding("wage.overtime_premium", "W1", *march, 175, 280), r) == (
        "Overtime pay of 175.00 CNY for 2024-03-01 to 2024-03-31, below the 280.00 CNY "
        "due at the overtime premium rates."
    )
    assert describe(Finding("age.minimum", "W1", *march, 14, 15), r) == (
        "Worked from 2024-03-01 to 2024-03-31 aged 14, below the minimum age of 15."
    )
    assert describe(Finding("age.young_worker_overtime", "W1", *week, 2.5, 0), r) == (
        "2.5 overtime hours in ISO week 2020-W53 while under 18."
    )


def test_it_names_iso_weeks_by_their_iso_year() -> None:
    # 2021-01-03 (a Sunday) belongs to 2020-W53; 2024-12-30 (a Monday) to 2025-W01.
    assert iso_week(dt.date(2021, 1, 3)) == "2020-W53"
    assert iso_week(dt.date(2024, 12, 30)) == "2025-W01"


def test_it_renders_a_plain_text_report() -> None:
    report = run(workers(("W1", ADULT_BORN), ("W9", ADULT_BORN)), days("W1", "2020-12-28", 7, 7))
    # Columns are padded to their widest cell; compare with single spaces.
    lines = [" ".join(line.split()) for line in render_report(report, rules()).splitlines()]
    assert "RULE WORKER PERIOD MEASURED LIMIT" in lines
    assert "hours.weekly_regular W1 2020-12-28 to 2021-01-03 (2020-W53) 49 48" in lines
    assert "hours.rest_day W1 2020-12-28 to 2021-01-03 7 6" in lines
    assert (
        "hours.rest_day 1 consecutive days worked without a day off above the limit (ETI 6.6)"
        in lines
    )
    assert "Not checked (2 workers; not reported as compliant):" in lines
    assert "W1 worked days outside every pay period 2020-12-28 to 2021-01-03" in lines
    assert "W9 no time records" in lines


def test_it_renders_a_clean_report() -> None:
    report = run(
        workers(("W1", ADULT_BORN)),
        days("W1", "2024-03-04", 5),
        pay(("W1", "2024-03-01", "2024-03-31", 560, 0)),
    )
    text = render_report(report, rules())
    assert text.startswith("No findings.\n")
    assert text.endswith("Every worker was checked.\n")


def test_it_sums_hours_per_iso_week_for_charts() -> None:
    rows = [day("W1", "2024-12-29", 8, 1, "rest"), *days("W1", "2024-12-30", 6, 8, 2)]
    frame = weekly_hours(time(rows))
    # Sun 2024-12-29 closes the week of Mon 2024-12-23: 8 regular, 9 in total.
    # Mon 2024-12-30..Sat 2025-01-04: 6 x 8 = 48 regular, 6 x 10 = 60 in total.
    assert frame.rows() == [
        ("W1", d("2024-12-23"), d("2024-12-29"), 8.0, 9.0),
        ("W1", d("2024-12-30"), d("2025-01-05"), 48.0, 60.0),
    ]


# check() takes frames from any source; it refuses what validation would have refused.


def _problems(excinfo: pytest.ExceptionInfo[WageHoursInputError]) -> list[tuple[str, str | None]]:
    return [(p.file, p.column) for p in excinfo.value.problems]


def test_it_refuses_a_frame_without_a_column() -> None:
    with pytest.raises(WageHoursInputError) as excinfo:
        check(STAFF, time(ROWS).drop("day_type"), no_pay(), rules())
    assert _problems(excinfo) == [("time", "day_type")]


def test_it_refuses_empty_values() -> None:
    frame = time(ROWS).with_columns(pl.lit(None, pl.Float64).alias("overtime_hours"))
    with pytest.raises(WageHoursInputError) as excinfo:
        check(STAFF, frame, no_pay(), rules())
    assert _problems(excinfo) == [("time", "overtime_hours")]


def test_it_refuses_two_records_for_one_day() -> None:
    rows = [day("W1", "2024-03-04", 8), day("W1", "2024-03-04", 2)]
    with pytest.raises(WageHoursInputError) as excinfo:
        check(STAFF, time(rows), no_pay(), rules())
    assert _problems(excinfo) == [("time", "date")]


def test_it_refuses_records_of_a_worker_it_does_not_know() -> None:
    with pytest.raises(WageHoursInputError) as excinfo:
        check(
            STAFF,
            time([day("W3", "2024-03-04", 8)]),
            pay(("W4", "2024-03-01", "2024-03-31", 1, 0)),
            rules(),
        )
    assert _problems(excinfo) == [("time", "worker_id"), ("pay", "worker_id")]


def test_it_refuses_a_worker_listed_twice_and_an_unknown_day_type() -> None:
    twice = workers(("W1", ADULT_BORN), ("W1", "1991-01-01"))
    with pytest.raises(WageHoursInputError) as excinfo:
        check(twice, time([day("W1", "2024-03-04", 8, 0, "Sunday")]), no_pay(), rules())
    assert _problems(excinfo) == [("workers", "worker_id"), ("time", "day_type")]


def test_it_refuses_text_where_it_expects_dates() -> None:
    frame = time(ROWS).with_columns(pl.lit("4 March").alias("date"))
    with pytest.raises(WageHoursInputError) as excinfo:
        check(STAFF, frame, no_pay(), rules())
    assert _problems(excinfo) == [("time", "date")]


def test_it_ignores_extra_columns() -> None:
    extra = time(ROWS).with_columns(pl.lit("line 3").alias("department"))
    assert check(STAFF, extra, no_pay(), rules()) == run(STAFF, ROWS)
