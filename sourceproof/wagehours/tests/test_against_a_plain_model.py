"""The Polars engine against a plain, day-by-day Python reading of the same rules.

Hypothesis draws small random records around the turn of a year (ISO weeks 52, 1 ...),
29 February 2024 and several birthdays; the plain model below walks them one day at a time,
with exact fractions for money. Both must find the same breaches and leave the same things
unchecked. The model is written from the rules' wording (ETI Base Code 5.1, 6.2-6.6, ILO C138),
not from the engine.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from fractions import Fraction

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sourceproof.wagehours import NotChecked, OvertimePremium, Rules, check
from sourceproof.wagehours.tests.records import pay, time, workers

FIRST = dt.date(2023, 12, 25)  # a Monday; the draws run to early March 2024
SPAN = 72
BIRTHS = {
    "A": "1990-05-05",  # an adult throughout
    "B": "2008-02-29",  # 16 on 29 February 2024
    "C": "2006-01-10",  # 18 on 10 January 2024
    "D": "2008-01-03",  # 16 on 3 January 2024
}
RULES = Rules(
    minimum_hourly_wage=14.0,
    weekly_regular_hours_max=40,
    weekly_total_hours_max=50,
    consecutive_working_days_max=5,
    minimum_age=16,
    adult_age=18,
    overtime_premium=OvertimePremium(working=1.5, rest=2.0, holiday=3.0),
)
PREMIUM = {"working": Fraction(3, 2), "rest": Fraction(2), "holiday": Fraction(3)}

Day = tuple[str, dt.date, Fraction, Fraction, str]
Pay = tuple[str, dt.date, dt.date, Fraction, Fraction]


def birthday(born: dt.date, year: int) -> dt.date:
    if (born.month, born.day) == (2, 29) and not (
        year % 4 == 0 and (year % 100 or year % 400 == 0)
    ):
        return dt.date(year, 3, 1)
    return dt.date(year, born.month, born.day)


def age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - (1 if on < birthday(born, on.year) else 0)


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def model(
    records: list[Day], payslips: list[Pay]
) -> tuple[list[tuple[object, ...]], set[NotChecked]]:
    """(rule, worker_id, period_start, period_end, measured) for each breach; what is unchecked."""
    found: list[tuple[object, ...]] = []
    week_regular: dict[tuple[str, dt.date], Fraction] = defaultdict(Fraction)
    week_total: dict[tuple[str, dt.date], Fraction] = defaultdict(Fraction)
    young_overtime: dict[tuple[str, dt.date], Fraction] = defaultdict(Fraction)
    too_young: dict[str, list[dt.date]] = defaultdict(list)
    worked: dict[str, list[dt.date]] = defaultdict(list)
    for worker, day, regular, overtime, _ in records:
        born = dt.date.fromisoformat(BIRTHS[worker])
        week_regular[worker, monday(day)] += regular
        week_total[worker, monday(day)] += regular + overtime
        if regular + overtime > 0:
            worked[worker].append(day)
            if age(born, day) < RULES.minimum_age:
                too_young[worker].append(day)
        if overtime > 0 and age(born, day) < RULES.adult_age:
            young_overtime[worker, monday(day)] += overtime
    sunday = dt.timedelta(days=6)
    for (worker, start), hours in week_regular.items():
        if hours > RULES.weekly_regular_hours_max:
            found.append(("hours.weekly_regular", worker, start, start + sunday, float(hours)))
    for (worker, start), hours in week_total.items():
        if hours > RULES.weekly_total_hours_max:
            found.append(("hours.weekly_total", worker, start, start + sunday, float(hours)))
    for (worker, start), hours in young_overtime.items():
        found.append(("age.young_worker_overtime", worker, start, start + sunday, float(hours)))
    for worker, dates in too_young.items():
        born = dt.date.fromisoformat(BIRTHS[worker])
        first, last = min(dates), max(dates)
        found.append(("age.minimum", worker, first, last, age(born, first)))
    for worker, dates in worked.items():
        runs: list[list[dt.date]] = []
        for day in sorted(dates):
            if runs and day - runs[-1][-1] == dt.timedelta(days=1):
                runs[-1].append(day)
            else:
                runs.append([day])
        for run in runs:
            if len(run) > RULES.consecutive_working_days_max:
                found.append(("hours.rest_day", worker, run[0], run[-1], len(run)))

    skipped: set[NotChecked] = set()
    tolerance = Fraction(RULES.money_tolerance)
    minimum = Fraction(RULES.minimum_hourly_wage)
    for worker, start, end, regular_pay, overtime_pay in payslips:
        days = [r for r in records if r[0] == worker and start <= r[1] <= end]
        hours = sum((r[2] for r in days), Fraction(0))
        if hours == 0:
            skipped.add(NotChecked(worker, "no regular hours in the pay period", start, end))
            continue
        rate = regular_pay / hours
        if minimum * hours - regular_pay > tolerance:
            found.append(("wage.minimum", worker, start, end, float(rate)))
        required = sum((r[3] * rate * PREMIUM[r[4]] for r in days), Fraction(0))
        if required - overtime_pay > tolerance:
            found.append(("wage.overtime_premium", worker, start, end, float(overtime_pay)))
    for worker in BIRTHS:
        if not any(r[0] == worker for r in records):
            skipped.add(NotChecked(worker, "no time records"))
        outside = [
            day
            for day in worked.get(worker, [])
            if not any(p[0] == worker and p[1] <= day <= p[2] for p in payslips)
        ]
        if outside:
            skipped.add(
                NotChecked(
                    worker, "worked days outside every pay period", min(outside), max(outside)
                )
            )
    return found, skipped


hours = st.sampled_from([0, 4, 7.5, 8, 8, 9, 10.25, 12]).map(Fraction)
overtime = st.sampled_from([0, 0, 0.5, 1, 2, 3.75]).map(Fraction)
day_types = st.sampled_from(["working", "working", "working", "rest", "holiday"])
# Blocks of consecutive days (first day, length), so that runs, weeks and birthdays are hit.
blocks = st.lists(st.tuples(st.integers(0, SPAN - 1), st.integers(1, 12)), max_size=4)
payslip = st.tuples(
    st.sampled_from(sorted(BIRTHS)),
    st.integers(-3, SPAN),
    st.integers(0, 35),
    st.integers(0, 3000),
    st.integers(0, 800),
)


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[list[Day], list[Pay]]:
    keys = sorted(
        {
            (worker, offset)
            for worker in sorted(BIRTHS)
            for start, length in draw(blocks)
            for offset in range(start, min(start + length, SPAN))
        }
    )
    records = [
        (worker, FIRST + dt.timedelta(days=offset), draw(hours), draw(overtime), draw(day_types))
        for worker, offset in keys
    ]
    payslips = [
        (
            worker,
            FIRST + dt.timedelta(days=start),
            FIRST + dt.timedelta(days=start + length),
            Fraction(regular),
            Fraction(extra),
        )
        for worker, start, length, regular, extra in draw(st.lists(payslip, max_size=10))
    ]
    return records, payslips


def measured_by_period(
    findings: Sequence[tuple[object, ...]],
) -> dict[tuple[object, ...], list[float]]:
    """{(rule, worker_id, start, end): sorted measured values}."""
    grouped: dict[tuple[object, ...], list[float]] = defaultdict(list)
    for finding in findings:
        measured = finding[4]
        assert isinstance(measured, int | float)
        grouped[finding[:4]].append(float(measured))
    return {period: sorted(values) for period, values in grouped.items()}


@settings(
    max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(scenarios())
def test_it_agrees_with_the_plain_model(scenario: tuple[list[Day], list[Pay]]) -> None:
    records, payslips = scenario
    report = check(
        workers(*BIRTHS.items()),
        time((w, d, float(r), float(o), t) for w, d, r, o, t in records),
        pay(*((w, s.isoformat(), e.isoformat(), float(r), float(o)) for w, s, e, r, o in payslips))
        if payslips
        else pl.DataFrame(schema=pay().schema),
        RULES,
    )
    expected, skipped = model(records, payslips)
    # Identical pay records give identical findings, so compare as multisets; measured
    # values to a millionth (the engine rounds them to 6 decimal places).
    got = [(f.rule, f.worker_id, f.period_start, f.period_end, f.measured) for f in report.findings]
    assert measured_by_period(got).keys() == measured_by_period(expected).keys()
    for period, values in measured_by_period(got).items():
        assert values == pytest.approx(measured_by_period(expected)[period], abs=1e-6)
    assert set(report.not_checked_details) == skipped
    assert report.not_checked == sorted({item.worker_id for item in skipped})
