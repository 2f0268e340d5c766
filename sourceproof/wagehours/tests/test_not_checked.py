"""Nothing is reported as compliant that was not checked.

A worker without time records, a pay record without regular hours in its period, and days
worked that no pay record covers are listed under not_checked (worker ids) with the reason
in not_checked_details, never passed over as clean.
"""

from __future__ import annotations

from sourceproof.wagehours import NotChecked
from sourceproof.wagehours.tests.records import (
    ADULT_BORN,
    d,
    day,
    days,
    no_pay,
    pay,
    run,
    workers,
)

MARCH = ("2024-03-01", "2024-03-31")


def test_it_lists_a_worker_without_time_records() -> None:
    staff = workers(("W1", ADULT_BORN), ("W2", ADULT_BORN))
    rows = days("W1", "2024-03-04", 5)
    report = run(staff, rows, pay(("W1", *MARCH, 560, 0)))
    assert report.findings == []
    assert report.not_checked == ["W2"]
    assert report.not_checked_details == [NotChecked("W2", "no time records")]


def test_it_lists_a_worker_without_time_records_even_with_pay() -> None:
    # W2 has a pay record but no time records: both the worker and the record are unchecked.
    staff = workers(("W1", ADULT_BORN), ("W2", ADULT_BORN))
    records = pay(("W1", *MARCH, 560, 0), ("W2", *MARCH, 100, 0))
    report = run(staff, days("W1", "2024-03-04", 5), records)
    assert report.not_checked == ["W2"]
    assert report.not_checked_details == [
        NotChecked("W2", "no regular hours in the pay period", d("2024-03-01"), d("2024-03-31")),
        NotChecked("W2", "no time records"),
    ]


def test_it_checks_a_worker_whose_records_show_no_hours() -> None:
    # Records with 0 hours are records: the worker was checked and did not work.
    rows = [day("W1", "2024-03-04", 0, 0, "rest"), day("W1", "2024-03-05", 0, 0, "holiday")]
    report = run(workers(("W1", ADULT_BORN)), rows, no_pay())
    assert report.findings == []
    assert report.not_checked == []


def test_it_lists_days_worked_outside_every_pay_period() -> None:
    # Worked Fri 2024-03-29 to Tue 2024-04-02; pay only for March: 29-31 March, 3 x 8 =
    # 24 h, 336.00 = 24 x 14. 1 and 2 April are in no pay period, so unchecked.
    rows = days("W1", "2024-03-29", 5)
    report = run(workers(("W1", ADULT_BORN)), rows, pay(("W1", *MARCH, 336, 0)))
    assert report.findings == []
    assert report.not_checked == ["W1"]
    assert report.not_checked_details == [
        NotChecked("W1", "worked days outside every pay period", d("2024-04-01"), d("2024-04-02"))
    ]


def test_it_lists_a_worker_without_pay_records() -> None:
    report = run(workers(("W1", ADULT_BORN)), days("W1", "2024-03-04", 5), no_pay())
    assert report.not_checked_details == [
        NotChecked("W1", "worked days outside every pay period", d("2024-03-04"), d("2024-03-08"))
    ]


def test_it_sees_days_covered_by_a_longer_period_around_a_shorter_one() -> None:
    # March (03-01..31) and a correction inside it (03-05..06), listed after it. Work on
    # 03-04..08 and 03-20: all covered by March, whatever the order of the records.
    rows = [*days("W1", "2024-03-04", 5), day("W1", "2024-03-20", 8)]
    for records in (
        pay(("W1", *MARCH, 672, 0), ("W1", "2024-03-05", "2024-03-06", 224, 0)),
        pay(("W1", "2024-03-05", "2024-03-06", 224, 0), ("W1", *MARCH, 672, 0)),
    ):
        # March: 6 x 8 = 48 h x 14 = 672.00; the correction 2 x 8 = 16 h x 14 = 224.00.
        report = run(workers(("W1", ADULT_BORN)), rows, records)
        assert report.findings == []
        assert report.not_checked == []


def test_it_sees_back_to_back_periods_as_covering_every_day() -> None:
    # 1-15 and 16-31 March; work on 15 and 16 March (the seam): 8 h each, 112.00 each.
    rows = [day("W1", "2024-03-15", 8), day("W1", "2024-03-16", 8)]
    records = pay(
        ("W1", "2024-03-01", "2024-03-15", 112, 0), ("W1", "2024-03-16", "2024-03-31", 112, 0)
    )
    report = run(workers(("W1", ADULT_BORN)), rows, records)
    assert report.findings == []
    assert report.not_checked == []


def test_it_lists_each_unchecked_worker_once_in_worker_id_order() -> None:
    # W2 and W10 have no time records; W1 has no pay. Ids sort as text: W1, W10, W2.
    staff = workers(("W2", ADULT_BORN), ("W10", ADULT_BORN), ("W1", ADULT_BORN))
    report = run(staff, days("W1", "2024-03-04", 2), no_pay())
    assert report.not_checked == ["W1", "W10", "W2"]
    assert [item.worker_id for item in report.not_checked_details] == ["W1", "W10", "W2"]


def test_it_lists_everyone_when_there_are_no_time_records() -> None:
    staff = workers(("W1", ADULT_BORN), ("W2", ADULT_BORN))
    report = run(staff, [], no_pay())
    assert report.findings == []
    assert report.not_checked == ["W1", "W2"]
