"""hours.weekly_regular and hours.weekly_total: hours in an ISO week (Monday to Sunday).

ETI Base Code 6.2: regular hours shall not exceed 48 a week. 6.4: regular plus overtime
shall not exceed 60 in any seven-day period. 6.1: national law applies where it protects
workers better (the limits come from the rules). Weeks are ISO 8601 weeks: a week that
spans 31 December and 1 January is one week, and some years have a week 53.
"""

from __future__ import annotations

from sourceproof.wagehours.tests.records import ADULT_BORN, day, days, found, run, workers

ADULT = workers(("W1", ADULT_BORN))
REGULAR = "hours.weekly_regular"
TOTAL = "hours.weekly_total"


def test_it_allows_exactly_48_regular_hours() -> None:
    # Mon 2024-03-04 to Sat 2024-03-09: 6 days x 8 h = 48 h, not above 48.
    report = run(ADULT, days("W1", "2024-03-04", 6, regular=8))
    assert found(report, REGULAR) == []


def test_it_reports_a_quarter_hour_above_48() -> None:
    # 5 x 8 + 8.25 = 48.25 h in the week Mon 2024-03-04 to Sun 2024-03-10.
    rows = [*days("W1", "2024-03-04", 5, regular=8), day("W1", "2024-03-09", 8.25)]
    report = run(ADULT, rows)
    assert found(report, REGULAR) == [("W1", "2024-03-04", "2024-03-10", 48.25, 48.0)]


def test_it_counts_sunday_in_the_week_that_began_on_monday() -> None:
    # Mon-Sat 2024-03-04..09: 6 x 8 = 48; Sun 2024-03-10: 1 h -> that week has 49 h.
    # Mon 2024-03-11: 8 h starts the next week (8 h, clean). Were weeks Sunday to Saturday,
    # the Sunday hour would fall into the next week and nothing would be found.
    rows = [
        *days("W1", "2024-03-04", 6, regular=8),
        day("W1", "2024-03-10", 1, day_type="rest"),
        day("W1", "2024-03-11", 8),
    ]
    report = run(ADULT, rows)
    assert found(report, REGULAR) == [("W1", "2024-03-04", "2024-03-10", 49.0, 48.0)]


def test_it_does_not_add_monday_to_the_week_before() -> None:
    # Tue 2024-03-05..Sun 2024-03-10: 6 x 8 = 48 (clean); Mon 2024-03-11: 8 h, a new week.
    rows = [*days("W1", "2024-03-05", 6, regular=8), day("W1", "2024-03-11", 8)]
    assert found(run(ADULT, rows), REGULAR) == []


def test_it_treats_a_week_across_new_year_as_one_week() -> None:
    # ISO week 2025-W01 runs Mon 2024-12-30 to Sun 2025-01-05.
    # Mon 30 Dec..Sat 4 Jan: 6 days x 8.5 h = 51 h, one week, one finding.
    report = run(ADULT, days("W1", "2024-12-30", 6, regular=8.5))
    assert found(report, REGULAR) == [("W1", "2024-12-30", "2025-01-05", 51.0, 48.0)]


def test_it_would_miss_nothing_by_splitting_the_new_year_week() -> None:
    # Tue 31 Dec 2024 to Sat 4 Jan 2025: 2 days in 2024 + 3 in 2025, 5 x 10 = 50 h.
    # Split by calendar year it would be 20 + 30, both clean; as one ISO week it is 50.
    report = run(ADULT, days("W1", "2024-12-31", 5, regular=10))
    assert found(report, REGULAR) == [("W1", "2024-12-30", "2025-01-05", 50.0, 48.0)]


def test_it_handles_iso_week_53() -> None:
    # 2020 has 53 ISO weeks; 2020-W53 is Mon 2020-12-28 to Sun 2021-01-03.
    # 7 days x 7 h = 49 h.
    report = run(ADULT, days("W1", "2020-12-28", 7, regular=7))
    assert found(report, REGULAR) == [("W1", "2020-12-28", "2021-01-03", 49.0, 48.0)]


def test_it_includes_29_february_in_its_week() -> None:
    # 2024-W09: Mon 2024-02-26 to Sun 2024-03-03, Thursday is 29 February. 7 x 7 = 49 h.
    report = run(ADULT, days("W1", "2024-02-26", 7, regular=7))
    assert found(report, REGULAR) == [("W1", "2024-02-26", "2024-03-03", 49.0, 48.0)]


def test_it_reports_the_whole_week_as_the_period() -> None:
    # Records only Wed 2024-03-06..Fri 2024-03-08: 3 x 16.5 = 49.5 h; period is Mon..Sun.
    report = run(ADULT, days("W1", "2024-03-06", 3, regular=16.5))
    assert found(report, REGULAR) == [("W1", "2024-03-04", "2024-03-10", 49.5, 48.0)]


def test_it_reports_each_week_separately() -> None:
    # Two weeks of 7 x 7 = 49 h each: Mon 2024-03-04..Sun 2024-03-17.
    report = run(ADULT, days("W1", "2024-03-04", 14, regular=7))
    assert found(report, REGULAR) == [
        ("W1", "2024-03-04", "2024-03-10", 49.0, 48.0),
        ("W1", "2024-03-11", "2024-03-17", 49.0, 48.0),
    ]


def test_it_keeps_workers_apart() -> None:
    # W1: 6 x 8 = 48 (clean). W2: 6 x 8.5 = 51. Same week.
    two = workers(("W1", ADULT_BORN), ("W2", ADULT_BORN))
    rows = [*days("W1", "2024-03-04", 6, regular=8), *days("W2", "2024-03-04", 6, regular=8.5)]
    assert found(run(two, rows), REGULAR) == [("W2", "2024-03-04", "2024-03-10", 51.0, 48.0)]


def test_it_uses_the_local_limit_from_the_rules() -> None:
    # Local law: 44 regular hours. 5 x 9 = 45 h > 44.
    report = run(ADULT, days("W1", "2024-03-04", 5, regular=9), weekly_regular_hours_max=44)
    assert found(report, REGULAR) == [("W1", "2024-03-04", "2024-03-10", 45.0, 44.0)]


def test_it_does_not_count_overtime_as_regular_hours() -> None:
    # 6 x (8 regular + 2 overtime): regular 48 (clean), total 60 (clean, not above 60).
    report = run(ADULT, days("W1", "2024-03-04", 6, regular=8, overtime=2))
    assert found(report, REGULAR) == []
    assert found(report, TOTAL) == []


def test_it_reports_half_an_hour_above_60_in_total() -> None:
    # 5 x (8 + 2) + (8 + 2.5) = 60.5 h.
    rows = [*days("W1", "2024-03-04", 5, regular=8, overtime=2), day("W1", "2024-03-09", 8, 2.5)]
    report = run(ADULT, rows)
    assert found(report, TOTAL) == [("W1", "2024-03-04", "2024-03-10", 60.5, 60.0)]
    assert found(report, REGULAR) == []


def test_it_counts_a_new_year_week_53_in_total_hours() -> None:
    # 2026-W53: Mon 2026-12-28..Sun 2027-01-03. 7 x (8 + 1) = 63 h; regular 56 h.
    report = run(ADULT, days("W1", "2026-12-28", 7, regular=8, overtime=1))
    assert found(report, TOTAL) == [("W1", "2026-12-28", "2027-01-03", 63.0, 60.0)]
    assert found(report, REGULAR) == [("W1", "2026-12-28", "2027-01-03", 56.0, 48.0)]


def test_it_does_not_let_float_noise_decide() -> None:
    # 0.1 + 0.2 is 0.30000000000000004 in binary floating point; against a limit of 0.3
    # (artificially small, to make the noise visible) it is not above the limit.
    rows = [day("W1", "2024-03-04", 0.1, 0.1), day("W1", "2024-03-05", 0.2, 0.2)]
    report = run(ADULT, rows, weekly_regular_hours_max=0.3, weekly_total_hours_max=0.6)
    assert found(report, REGULAR) == []
    assert found(report, TOTAL) == []
