"""age.minimum and age.young_worker_overtime: birthdays, leap days, age day by day.

ETI Base Code 4 (child labour shall not be used; 4.3: under-18s not in night work or
hazardous conditions; 4.4: policies conform to the ILO standards) and ILO C138 (minimum
age for employment 15, article 2.3; 18 for work likely to jeopardise health, article 3).
A person reaches age N on the N-th anniversary of birth; born on 29 February, on 1 March
in a year that is not a leap year. Age is taken on each day worked.
"""

from __future__ import annotations

from sourceproof.wagehours.tests.records import ADULT_BORN, day, days, found, run, workers

MINIMUM = "age.minimum"
YOUNG = "age.young_worker_overtime"


def test_it_reports_work_the_day_before_the_15th_birthday() -> None:
    # Born 2009-03-10: 15 on 2024-03-10. Worked Sat 2024-03-09, aged 14.
    report = run(workers(("Y1", "2009-03-10")), [day("Y1", "2024-03-09", 4)])
    assert found(report, MINIMUM) == [("Y1", "2024-03-09", "2024-03-09", 14, 15)]


def test_it_allows_work_on_the_15th_birthday() -> None:
    report = run(workers(("Y1", "2009-03-10")), [day("Y1", "2024-03-10", 4)])
    assert found(report, MINIMUM) == []


def test_it_reports_one_finding_from_the_first_to_the_last_day_too_young() -> None:
    # Born 2009-03-10; worked 2024-03-04..2024-03-12. Too young 03-04..03-09 (6 days).
    report = run(workers(("Y1", "2009-03-10")), days("Y1", "2024-03-04", 9))
    assert found(report, MINIMUM) == [("Y1", "2024-03-04", "2024-03-09", 14, 15)]


def test_it_measures_the_age_on_the_first_day_too_young() -> None:
    # Born 2010-01-01; worked Sat 2023-12-30 (aged 13) to Tue 2024-01-02 (14 since 1 Jan).
    report = run(workers(("Y1", "2010-01-01")), days("Y1", "2023-12-30", 4))
    assert found(report, MINIMUM) == [("Y1", "2023-12-30", "2024-01-02", 13, 15)]


def test_it_does_not_count_a_day_with_no_hours() -> None:
    # Born 2009-03-10: a 0-hour record on 03-09, work from the birthday on.
    rows = [day("Y1", "2024-03-09", 0, 0, "rest"), *days("Y1", "2024-03-10", 3)]
    assert found(run(workers(("Y1", "2009-03-10")), rows), MINIMUM) == []


def test_it_counts_a_day_of_overtime_only() -> None:
    report = run(workers(("Y1", "2009-03-10")), [day("Y1", "2024-03-09", 0, 2, "rest")])
    assert found(report, MINIMUM) == [("Y1", "2024-03-09", "2024-03-09", 14, 15)]


def test_it_puts_a_29_february_birthday_on_1_march_in_a_common_year() -> None:
    # Born 2008-02-29. 2023 is not a leap year: 15 on 1 March 2023.
    born = workers(("Y1", "2008-02-29"))
    report = run(born, [day("Y1", "2023-02-28", 8)])
    assert found(report, MINIMUM) == [("Y1", "2023-02-28", "2023-02-28", 14, 15)]
    assert found(run(born, [day("Y1", "2023-03-01", 8)]), MINIMUM) == []


def test_it_puts_a_29_february_birthday_on_29_february_in_a_leap_year() -> None:
    # Born 2008-02-29; local law sets 16. 2024 is a leap year: 16 on 29 February 2024.
    born = workers(("Y1", "2008-02-29"))
    report = run(born, [day("Y1", "2024-02-28", 8)], minimum_age=16)
    assert found(report, MINIMUM) == [("Y1", "2024-02-28", "2024-02-28", 15, 16)]
    assert found(run(born, [day("Y1", "2024-02-29", 8)], minimum_age=16), MINIMUM) == []


def test_it_uses_the_local_minimum_age() -> None:
    # Local law 16. Born 2008-06-01, worked Fri 2024-05-31 aged 15.
    report = run(workers(("Y1", "2008-06-01")), [day("Y1", "2024-05-31", 8)], minimum_age=16)
    assert found(report, MINIMUM) == [("Y1", "2024-05-31", "2024-05-31", 15, 16)]
    # The same day under the default minimum of 15 is fine.
    assert found(run(workers(("Y1", "2008-06-01")), [day("Y1", "2024-05-31", 8)]), MINIMUM) == []


def test_it_reports_each_young_worker_once() -> None:
    two = workers(("Y1", "2009-03-10"), ("Y2", "2010-01-01"), ("A1", ADULT_BORN))
    rows = [
        *days("A1", "2024-03-04", 2),
        *days("Y1", "2024-03-04", 2),
        *days("Y2", "2024-03-04", 2),
    ]
    # Y1 aged 14 (15 on 2024-03-10); Y2 aged 14 (14 on 2024-01-01).
    assert found(run(two, rows), MINIMUM) == [
        ("Y1", "2024-03-04", "2024-03-05", 14, 15),
        ("Y2", "2024-03-04", "2024-03-05", 14, 15),
    ]


def test_it_reports_overtime_by_a_17_year_old_per_iso_week() -> None:
    # Born 2007-01-15 (17 in March 2024). 1 h overtime in week 03-04..10 (Tue 03-05) and
    # 2 + 0.5 h in week 03-11..17 (Mon 03-11, Sun 03-17).
    rows = [
        day("Y1", "2024-03-05", 8, 1),
        day("Y1", "2024-03-11", 8, 2),
        day("Y1", "2024-03-17", 0, 0.5, "rest"),
    ]
    report = run(workers(("Y1", "2007-01-15")), rows)
    assert found(report, YOUNG) == [
        ("Y1", "2024-03-04", "2024-03-10", 1.0, 0.0),
        ("Y1", "2024-03-11", "2024-03-17", 2.5, 0.0),
    ]


def test_it_takes_age_day_by_day_in_the_week_of_the_18th_birthday() -> None:
    # Born 2006-03-07: 18 on Thu 2024-03-07. Overtime 1 h on Wed 03-06 (17) and 2 h on
    # Fri 03-08 (18): only the hour before the birthday counts, in week 03-04..10.
    rows = [day("Y1", "2024-03-06", 8, 1), day("Y1", "2024-03-08", 8, 2)]
    report = run(workers(("Y1", "2006-03-07")), rows)
    assert found(report, YOUNG) == [("Y1", "2024-03-04", "2024-03-10", 1.0, 0.0)]


def test_it_allows_overtime_from_the_18th_birthday() -> None:
    rows = [day("Y1", "2024-03-07", 8, 2), day("Y1", "2024-03-08", 8, 2)]
    assert found(run(workers(("Y1", "2006-03-07")), rows), YOUNG) == []


def test_it_allows_a_17_year_old_regular_hours_without_overtime() -> None:
    rows = days("Y1", "2024-03-04", 5, regular=8, overtime=0)
    assert found(run(workers(("Y1", "2007-01-15")), rows), YOUNG) == []


def test_it_moves_an_18th_birthday_on_29_february_to_1_march() -> None:
    # Born 2004-02-29; 2022 is not a leap year: 18 on Tue 1 March 2022. Week 2022-02-28..
    # 03-06: 1.5 h overtime on Mon 28 Feb (17) counts; 2 h on Tue 1 Mar (18) does not.
    rows = [day("Y1", "2022-02-28", 8, 1.5), day("Y1", "2022-03-01", 8, 2)]
    report = run(workers(("Y1", "2004-02-29")), rows)
    assert found(report, YOUNG) == [("Y1", "2022-02-28", "2022-03-06", 1.5, 0.0)]


def test_it_uses_the_adult_age_from_the_rules() -> None:
    # adult_age 17: born 2007-01-15 is 17 in March 2024, so overtime is allowed.
    rows = [day("Y1", "2024-03-05", 8, 1)]
    assert found(run(workers(("Y1", "2007-01-15")), rows, adult_age=17), YOUNG) == []


def test_it_reports_a_child_working_overtime_under_both_rules() -> None:
    # Born 2009-03-10, aged 14 on Mon 2024-03-04 with 2 h overtime.
    report = run(workers(("Y1", "2009-03-10")), [day("Y1", "2024-03-04", 8, 2)])
    assert found(report, MINIMUM) == [("Y1", "2024-03-04", "2024-03-04", 14, 15)]
    assert found(report, YOUNG) == [("Y1", "2024-03-04", "2024-03-10", 2.0, 0.0)]


def test_it_finds_nothing_for_an_adult() -> None:
    rows = days("A1", "2024-03-04", 5, regular=8, overtime=2)
    report = run(workers(("A1", ADULT_BORN)), rows)
    assert found(report, MINIMUM) == []
    assert found(report, YOUNG) == []
