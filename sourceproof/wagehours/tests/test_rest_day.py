"""hours.rest_day: a run of consecutive calendar days worked, longer than the maximum.

ETI Base Code 6.6: workers shall be provided with at least one day off in every seven-day
period. A day is worked when regular + overtime hours > 0, whatever its day_type; a date
with no record, or a record with 0 hours, ends the run. Runs cross week boundaries; one
finding per run; period = the run; measured = its length in days, limit = the maximum.
"""

from __future__ import annotations

from sourceproof.wagehours.tests.records import ADULT_BORN, day, days, found, run, workers

ADULT = workers(("W1", ADULT_BORN))
RULE = "hours.rest_day"


def test_it_allows_six_days_in_a_row() -> None:
    # Mon 2024-03-04 to Sat 2024-03-09: 6 days, the maximum.
    assert found(run(ADULT, days("W1", "2024-03-04", 6)), RULE) == []


def test_it_reports_seven_days_in_a_row() -> None:
    # Mon 2024-03-04 to Sun 2024-03-10: 7 days > 6.
    report = run(ADULT, days("W1", "2024-03-04", 7))
    assert found(report, RULE) == [("W1", "2024-03-04", "2024-03-10", 7, 6)]


def test_it_follows_a_run_across_the_week_boundary() -> None:
    # Thu 2024-03-07 to Wed 2024-03-13: 4 days in one ISO week and 3 in the next, but 7 in
    # a row. The period is the run itself, not a week.
    report = run(ADULT, days("W1", "2024-03-07", 7))
    assert found(report, RULE) == [("W1", "2024-03-07", "2024-03-13", 7, 6)]


def test_it_reports_a_long_run_once() -> None:
    # Mon 2024-03-04 to Sat 2024-03-16: 13 days, one run, one finding.
    report = run(ADULT, days("W1", "2024-03-04", 13))
    assert found(report, RULE) == [("W1", "2024-03-04", "2024-03-16", 13, 6)]


def test_it_reports_each_run_separately() -> None:
    # 2024-03-01..07 (7 days), 03-08 off (no record), 03-09..16 (8 days).
    rows = [*days("W1", "2024-03-01", 7), *days("W1", "2024-03-09", 8)]
    assert found(run(ADULT, rows), RULE) == [
        ("W1", "2024-03-01", "2024-03-07", 7, 6),
        ("W1", "2024-03-09", "2024-03-16", 8, 6),
    ]


def test_it_counts_a_zero_hour_record_as_a_day_off() -> None:
    # 03-04..06 worked (3), 03-07 recorded with 0 hours, 03-08..11 worked (4): no run of 7.
    rows = [
        *days("W1", "2024-03-04", 3),
        day("W1", "2024-03-07", 0, 0, "rest"),
        *days("W1", "2024-03-08", 4),
    ]
    assert found(run(ADULT, rows), RULE) == []


def test_it_counts_a_missing_date_as_a_day_off() -> None:
    # 03-04..06 (3 days), nothing on 03-07, 03-08..11 (4 days).
    rows = [*days("W1", "2024-03-04", 3), *days("W1", "2024-03-08", 4)]
    assert found(run(ADULT, rows), RULE) == []


def test_it_counts_work_on_a_rest_day_as_work() -> None:
    # Mon-Sat 03-04..09 working, Sun 03-10 day_type "rest" but 4 hours worked: 7 in a row.
    rows = [*days("W1", "2024-03-04", 6), day("W1", "2024-03-10", 4, 0, "rest")]
    assert found(run(ADULT, rows), RULE) == [("W1", "2024-03-04", "2024-03-10", 7, 6)]


def test_it_counts_a_day_of_overtime_only_as_work() -> None:
    # Sun 03-10: 0 regular + 3 overtime hours > 0, so 03-04..10 is 7 days in a row.
    rows = [*days("W1", "2024-03-04", 6), day("W1", "2024-03-10", 0, 3, "rest")]
    assert found(run(ADULT, rows), RULE) == [("W1", "2024-03-04", "2024-03-10", 7, 6)]


def test_it_counts_29_february_in_a_leap_year() -> None:
    # 2024-02-26..2024-03-03 is 26, 27, 28, 29 Feb, 1, 2, 3 Mar: 7 days.
    report = run(ADULT, days("W1", "2024-02-26", 7))
    assert found(report, RULE) == [("W1", "2024-02-26", "2024-03-03", 7, 6)]


def test_it_goes_straight_from_28_february_to_1_march_in_other_years() -> None:
    # 2023-02-26..2023-03-03 is 26, 27, 28 Feb, 1, 2, 3 Mar: 6 days, clean; and there is
    # no gap between 28 February and 1 March.
    assert found(run(ADULT, days("W1", "2023-02-26", 6)), RULE) == []
    report = run(ADULT, days("W1", "2023-02-26", 7))
    assert found(report, RULE) == [("W1", "2023-02-26", "2023-03-04", 7, 6)]


def test_it_follows_a_run_across_new_year() -> None:
    # 2024-12-28..2025-01-03: 28, 29, 30, 31 Dec, 1, 2, 3 Jan = 7 days.
    report = run(ADULT, days("W1", "2024-12-28", 7))
    assert found(report, RULE) == [("W1", "2024-12-28", "2025-01-03", 7, 6)]


def test_it_does_not_join_one_workers_run_to_the_next_workers() -> None:
    # W1 works 03-01..04 (4 days), W2 03-05..07 (3 days): dates follow on, workers differ.
    two = workers(("W1", ADULT_BORN), ("W2", ADULT_BORN))
    rows = [*days("W1", "2024-03-01", 4), *days("W2", "2024-03-05", 3)]
    assert found(run(two, rows), RULE) == []


def test_it_uses_the_local_maximum_from_the_rules() -> None:
    # A maximum of 5: Mon..Sat 03-04..09 is 6 days > 5.
    report = run(ADULT, days("W1", "2024-03-04", 6), consecutive_working_days_max=5)
    assert found(report, RULE) == [("W1", "2024-03-04", "2024-03-09", 6, 5)]


def test_it_reports_days_and_limits_as_whole_numbers() -> None:
    report = run(ADULT, days("W1", "2024-03-04", 7))
    [finding] = [f for f in report.findings if f.rule == RULE]
    assert isinstance(finding.measured, int)
    assert isinstance(finding.limit, int)
