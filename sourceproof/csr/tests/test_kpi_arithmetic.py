"""KPI arithmetic: periods, a year's figure, derived shares, targets, control due dates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from sourceproof.csr import kpis
from sourceproof.csr.kpis import PeriodValue


def test_it_knows_the_bounds_of_each_period() -> None:
    assert kpis.period_bounds(2024, "year") == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert kpis.period_bounds(2024, "q1") == (dt.date(2024, 1, 1), dt.date(2024, 3, 31))
    assert kpis.period_bounds(2024, "m02") == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    with pytest.raises(ValueError):
        kpis.period_bounds(2024, "m13")


def test_it_labels_periods() -> None:
    assert kpis.period_label(*kpis.period_bounds(2025, "q3")) == "2025 Q3"
    assert kpis.period_label(*kpis.period_bounds(2025, "m11")) == "2025-11"
    assert kpis.period_label(*kpis.period_bounds(2025, "year")) == "2025"


def test_it_makes_a_year_figure_by_sum_average_or_latest() -> None:
    values = [
        PeriodValue(dt.date(2025, 1, 1), dt.date(2025, 3, 31), D("10")),
        PeriodValue(dt.date(2025, 4, 1), dt.date(2025, 6, 30), D("30")),
    ]
    assert kpis.year_figure(values, "sum") == D("40")
    assert kpis.year_figure(values, "average") == D("20")
    assert kpis.year_figure(values, "last") == D("30")
    assert kpis.year_figure([], "sum") is None


def test_it_derives_a_share_from_the_parts() -> None:
    roles = {
        "grid": "other_electricity",
        "green": "renewable_electricity",
        "solar": "renewable_electricity",
    }
    # (30000 green + 5000 solar) / (10000 + 30000 + 5000) = 35000 / 45000 = 77.8 %
    figures = {"grid": D("10000"), "green": D("30000"), "solar": D("5000")}
    assert kpis.share(figures, roles, "renewable_electricity", "other_electricity") == D("77.8")
    # nothing entered: no share (not 0 %)
    assert kpis.share({"grid": None}, roles, "renewable_electricity", "other_electricity") is None
    # only grid electricity: 0 %
    assert kpis.share({"grid": D("5")}, roles, "renewable_electricity", "other_electricity") == D(
        "0.0"
    )


def test_it_judges_a_target_by_direction() -> None:
    assert kpis.target_met(D("0"), D("0"), "lower") is True
    assert kpis.target_met(D("1"), D("0"), "lower") is False
    assert kpis.target_met(D("80"), D("75"), "higher") is True
    assert kpis.target_met(None, D("75"), "higher") is None


def test_it_schedules_a_control_after_its_last_run() -> None:
    first = dt.date(2026, 1, 31)
    assert kpis.next_due(first, 3, None) == first
    # last run 30 Nov → three months later, clamped to the month's end: 28 Feb
    assert kpis.next_due(first, 3, dt.date(2026, 11, 30)) == dt.date(2027, 2, 28)
