"""wage.minimum: regular_pay / regular hours in the pay period below the legal minimum.

ETI Base Code 5.1: wages and benefits paid for a standard working week meet, at a minimum,
national legal standards. Regular hours are the worker's regular_hours on the dates from
period_start to period_end inclusive. A shortfall of no more than money_tolerance (pay
rounded to cents) is not reported. measured = regular_pay / hours, limit = the minimum.
"""

from __future__ import annotations

from sourceproof.wagehours import NotChecked
from sourceproof.wagehours.tests.records import (
    ADULT_BORN,
    d,
    day,
    days,
    found,
    pay,
    run,
    workers,
)

ADULT = workers(("W1", ADULT_BORN))
RULE = "wage.minimum"
# Mon 2024-03-04 to Fri 2024-03-08: 5 days x 8 h = 40 regular hours.
WEEK = days("W1", "2024-03-04", 5, regular=8)
MARCH = ("2024-03-01", "2024-03-31")


def test_it_accepts_pay_at_exactly_the_minimum() -> None:
    # 40 h x 14.00 = 560.00.
    report = run(ADULT, WEEK, pay(("W1", *MARCH, 560.00, 0)))
    assert found(report, RULE) == []
    assert report.not_checked == []


def test_it_reports_pay_below_the_minimum() -> None:
    # 480.00 / 40 h = 12.00 an hour < 14.00.
    report = run(ADULT, WEEK, pay(("W1", *MARCH, 480.00, 0)))
    assert found(report, RULE) == [("W1", "2024-03-01", "2024-03-31", 12.0, 14.0)]


def test_it_tolerates_a_shortfall_of_one_cent() -> None:
    # 560.00 due, 559.99 paid: short by 0.01 = money_tolerance, not more.
    report = run(ADULT, WEEK, pay(("W1", *MARCH, 559.99, 0)))
    assert found(report, RULE) == []


def test_it_reports_a_shortfall_of_two_cents() -> None:
    # 560.00 due, 559.98 paid: short by 0.02 > 0.01. Rate 559.98 / 40 = 13.9995.
    report = run(ADULT, WEEK, pay(("W1", *MARCH, 559.98, 0)))
    assert found(report, RULE) == [("W1", "2024-03-01", "2024-03-31", 13.9995, 14.0)]


def test_it_reports_one_cent_when_there_is_no_tolerance() -> None:
    # money_tolerance = 0: 559.99 / 40 = 13.99975.
    report = run(ADULT, WEEK, pay(("W1", *MARCH, 559.99, 0)), money_tolerance=0)
    assert found(report, RULE) == [("W1", "2024-03-01", "2024-03-31", 13.99975, 14.0)]


def test_it_accepts_pay_rounded_to_the_cent() -> None:
    # 3 days x 7.77 h = 23.31 h; 23.31 x 14 = 326.34 exactly, though 326.34 / 23.31 in
    # binary floating point need not come out as exactly 14.
    rows = days("W1", "2024-03-04", 3, regular=7.77)
    report = run(ADULT, rows, pay(("W1", *MARCH, 326.34, 0)))
    assert found(report, RULE) == []


def test_it_counts_the_first_and_last_day_of_the_period_and_nothing_outside() -> None:
    # Records on 2024-02-29 and 2024-04-01 (outside) and on 2024-03-01 and 2024-03-31
    # (the first and last day): H = 8 + 8 = 16 h. 208.00 / 16 = 13.00 < 14.
    # (Were the ends left out H would be 0; were the outside days counted, 208 / 32 = 6.5.)
    rows = [
        day("W1", "2024-02-29", 8),
        day("W1", "2024-03-01", 8),
        day("W1", "2024-03-31", 8, day_type="rest"),
        day("W1", "2024-04-01", 8),
    ]
    report = run(ADULT, rows, pay(("W1", *MARCH, 208.00, 0)))
    assert found(report, RULE) == [("W1", "2024-03-01", "2024-03-31", 13.0, 14.0)]


def test_it_counts_29_february_in_a_february_pay_period() -> None:
    # Mon 26 to Thu 29 Feb 2024: 4 x 8 = 32 h. 416.00 / 32 = 13.00 < 14.
    # (Without 29 February: 416 / 24 = 17.33, no finding.)
    rows = days("W1", "2024-02-26", 4, regular=8)
    report = run(ADULT, rows, pay(("W1", "2024-02-01", "2024-02-29", 416.00, 0)))
    assert found(report, RULE) == [("W1", "2024-02-01", "2024-02-29", 13.0, 14.0)]


def test_it_checks_each_pay_record_on_its_own() -> None:
    # Weekly pay records. Week 1 (03-04..03-10): 5 x 8 = 40 h, 560.00 -> 14.00, clean.
    # Week 2 (03-11..03-17): 5 x 8 = 40 h, 500.00 -> 12.50, reported.
    rows = [*WEEK, *days("W1", "2024-03-11", 5, regular=8)]
    records = pay(
        ("W1", "2024-03-04", "2024-03-10", 560.00, 0),
        ("W1", "2024-03-11", "2024-03-17", 500.00, 0),
    )
    report = run(ADULT, rows, records)
    assert found(report, RULE) == [("W1", "2024-03-11", "2024-03-17", 12.5, 14.0)]


def test_it_checks_overlapping_pay_records_each_over_its_own_dates() -> None:
    # Whole March: 40 h, 560.00 -> 14.00 (clean). A correction for 03-04..03-05: 2 x 8 =
    # 16 h, 200.00 -> 12.50 (reported).
    records = pay(("W1", *MARCH, 560.00, 0), ("W1", "2024-03-04", "2024-03-05", 200.00, 0))
    report = run(ADULT, WEEK, records)
    assert found(report, RULE) == [("W1", "2024-03-04", "2024-03-05", 12.5, 14.0)]


def test_it_uses_the_regional_minimum_from_the_rules() -> None:
    # Minimum 15.50: 600.00 / 40 = 15.00 < 15.50.
    report = run(ADULT, WEEK, pay(("W1", *MARCH, 600.00, 0)), minimum_hourly_wage=15.5)
    assert found(report, RULE) == [("W1", "2024-03-01", "2024-03-31", 15.0, 15.5)]


def test_it_does_not_check_a_pay_record_without_regular_hours() -> None:
    # In March only 4 overtime hours on 03-09: no regular hours, no hourly rate to check.
    rows = [day("W1", "2024-03-09", 0, 4)]
    report = run(ADULT, rows, pay(("W1", *MARCH, 0.00, 100.00)))
    assert found(report, RULE) == []
    assert found(report, "wage.overtime_premium") == []
    assert report.not_checked == ["W1"]
    assert report.not_checked_details == [
        NotChecked("W1", "no regular hours in the pay period", d("2024-03-01"), d("2024-03-31"))
    ]
