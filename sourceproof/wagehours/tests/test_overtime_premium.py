"""wage.overtime_premium: overtime pay below the premium rate for each day's type.

ETI Base Code 6.3: overtime shall always be compensated at a premium rate, recommended to
be not less than 125% of the regular rate of pay; 6.1: local law applies where it is more
protective (e.g. China: 150% on working days, 200% on rest days, 300% on public holidays).
For a pay record: rate = regular_pay / regular hours in the period, required =
Σ overtime_hours x rate x premium[day_type] over the period's days; a finding when
overtime_pay < required - money_tolerance. measured = overtime_pay, limit = required.
"""

from __future__ import annotations

from sourceproof.wagehours.tests.records import (
    ADULT_BORN,
    day,
    days,
    found,
    pay,
    run,
    workers,
)

ADULT = workers(("W1", ADULT_BORN))
RULE = "wage.overtime_premium"
MARCH = ("2024-03-01", "2024-03-31")
LOCAL_LAW = {"working": 1.5, "rest": 2.0, "holiday": 3.0}

# 40 regular hours, paid 800.00: a regular rate of 20.00 an hour.
# Overtime: 2 h on a working day, 1 h on a holiday, 4 h on a rest day.
MIXED_WEEK = [
    day("W1", "2024-03-04", 8, 2, "working"),
    day("W1", "2024-03-05", 8),
    day("W1", "2024-03-06", 8),
    day("W1", "2024-03-07", 8),
    day("W1", "2024-03-08", 8, 1, "holiday"),
    day("W1", "2024-03-09", 0, 4, "rest"),
]
# Under local law: 2 x 20 x 1.5 + 1 x 20 x 3.0 + 4 x 20 x 2.0 = 60 + 60 + 160 = 280.00.
# Under the default 1.25 for every day type: 7 x 20 x 1.25 = 175.00.


def test_it_accepts_overtime_paid_at_the_local_premiums() -> None:
    report = run(ADULT, MIXED_WEEK, pay(("W1", *MARCH, 800, 280.00)), premium=LOCAL_LAW)
    assert found(report, RULE) == []


def test_it_tolerates_a_shortfall_of_exactly_the_tolerance() -> None:
    # 280.00 - 279.99 = 0.01, not more than money_tolerance 0.01.
    report = run(ADULT, MIXED_WEEK, pay(("W1", *MARCH, 800, 279.99)), premium=LOCAL_LAW)
    assert found(report, RULE) == []


def test_it_reports_a_shortfall_just_above_the_tolerance() -> None:
    # 280.00 - 279.98 = 0.02 > 0.01.
    report = run(ADULT, MIXED_WEEK, pay(("W1", *MARCH, 800, 279.98)), premium=LOCAL_LAW)
    assert found(report, RULE) == [("W1", "2024-03-01", "2024-03-31", 279.98, 280.0)]


def test_it_reports_the_eti_premium_where_local_law_asks_more() -> None:
    # Paid at 1.25 everywhere (175.00) where local law requires 280.00.
    report = run(ADULT, MIXED_WEEK, pay(("W1", *MARCH, 800, 175.00)), premium=LOCAL_LAW)
    assert found(report, RULE) == [("W1", "2024-03-01", "2024-03-31", 175.0, 280.0)]


def test_it_uses_125_percent_for_every_day_type_by_default() -> None:
    # Default premiums: 7 h x 20.00 x 1.25 = 175.00.
    assert found(run(ADULT, MIXED_WEEK, pay(("W1", *MARCH, 800, 175.00))), RULE) == []
    report = run(ADULT, MIXED_WEEK, pay(("W1", *MARCH, 800, 174.98)))
    assert found(report, RULE) == [("W1", "2024-03-01", "2024-03-31", 174.98, 175.0)]


def test_it_applies_the_rest_day_premium_to_rest_day_overtime() -> None:
    # 40 regular h at 20.00; 4 overtime h on Sat 03-09 (rest): 4 x 20 x 2.0 = 160.00.
    # Paid 4 x 20 x 1.5 = 120.00 (the working-day premium).
    rows = [*days("W1", "2024-03-04", 5, regular=8), day("W1", "2024-03-09", 0, 4, "rest")]
    report = run(ADULT, rows, pay(("W1", *MARCH, 800, 120.00)), premium=LOCAL_LAW)
    assert found(report, RULE) == [("W1", "2024-03-01", "2024-03-31", 120.0, 160.0)]


def test_it_applies_the_holiday_premium_to_holiday_overtime() -> None:
    # 1 overtime h on Fri 03-08 (holiday): 1 x 20 x 3.0 = 60.00. Paid at 2.0: 40.00.
    rows = [*days("W1", "2024-03-04", 4, regular=8), day("W1", "2024-03-08", 8, 1, "holiday")]
    report = run(ADULT, rows, pay(("W1", *MARCH, 800, 40.00)), premium=LOCAL_LAW)
    assert found(report, RULE) == [("W1", "2024-03-01", "2024-03-31", 40.0, 60.0)]


def test_it_applies_the_working_day_premium_to_working_day_overtime() -> None:
    # 2 overtime h on Mon 03-04 (working): 2 x 20 x 1.5 = 60.00. Paid at 1.25: 50.00.
    rows = [day("W1", "2024-03-04", 8, 2), *days("W1", "2024-03-05", 4, regular=8)]
    report = run(ADULT, rows, pay(("W1", *MARCH, 800, 50.00)), premium=LOCAL_LAW)
    assert found(report, RULE) == [("W1", "2024-03-01", "2024-03-31", 50.0, 60.0)]


def test_it_takes_the_rate_from_what_the_worker_is_paid_not_the_minimum() -> None:
    # Regular rate 20.00; overtime paid at the minimum wage x 1.25 = 17.50 an hour:
    # 2 h x 17.50 = 35.00, where 2 x 20.00 x 1.25 = 50.00 is due.
    rows = [day("W1", "2024-03-04", 8, 2), *days("W1", "2024-03-05", 4, regular=8)]
    report = run(ADULT, rows, pay(("W1", *MARCH, 800, 35.00)))
    assert found(report, RULE) == [("W1", "2024-03-01", "2024-03-31", 35.0, 50.0)]


def test_it_compares_against_an_unrounded_requirement() -> None:
    # Mon-Fri 03-04..08 at 6 h = 30 regular h, paid 1000.00: rate 33.333... an hour.
    # 1 overtime h on Mon at 1.25: required 41.6666... (shown as 41.666667).
    rows = [day("W1", "2024-03-04", 6, 1), *days("W1", "2024-03-05", 4, regular=6)]
    # 41.67 pays more; 41.66 is short by 0.00667 (within 0.01): both clean.
    for paid in (41.67, 41.66):
        assert found(run(ADULT, rows, pay(("W1", *MARCH, 1000, paid))), RULE) == []
    # 41.65 is short by 0.01667 > 0.01.
    report = run(ADULT, rows, pay(("W1", *MARCH, 1000, 41.65)))
    assert found(report, RULE) == [("W1", "2024-03-01", "2024-03-31", 41.65, 41.666667)]


def test_it_ignores_overtime_outside_the_pay_period() -> None:
    # March: 40 regular h, no overtime, 0.00 overtime pay. 1 April: 3 overtime h, which
    # belong to April's pay, not March's.
    rows = [*days("W1", "2024-03-04", 5, regular=8), day("W1", "2024-04-01", 8, 3)]
    report = run(ADULT, rows, pay(("W1", *MARCH, 800, 0.00)))
    assert found(report, RULE) == []


def test_it_accepts_no_overtime_pay_for_no_overtime() -> None:
    report = run(ADULT, days("W1", "2024-03-04", 5, regular=8), pay(("W1", *MARCH, 800, 0)))
    assert found(report, RULE) == []


def test_it_accepts_overtime_paid_above_the_premium() -> None:
    report = run(ADULT, MIXED_WEEK, pay(("W1", *MARCH, 800, 400.00)), premium=LOCAL_LAW)
    assert found(report, RULE) == []


def test_it_reports_both_wage_rules_for_one_pay_record() -> None:
    # 40 h paid 480.00: 12.00 an hour (< 14). Overtime 2 h on a working day at 1.25:
    # required 2 x 12.00 x 1.25 = 30.00; paid 24.00 (the regular rate only).
    rows = [day("W1", "2024-03-04", 8, 2), *days("W1", "2024-03-05", 4, regular=8)]
    report = run(ADULT, rows, pay(("W1", *MARCH, 480, 24.00)))
    assert found(report, "wage.minimum") == [("W1", "2024-03-01", "2024-03-31", 12.0, 14.0)]
    assert found(report, RULE) == [("W1", "2024-03-01", "2024-03-31", 24.0, 30.0)]
