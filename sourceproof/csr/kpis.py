"""KPI arithmetic: periods, a year's figure, derived shares, target status, control due dates.
Pure Python, no Django."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sourceproof.orders.gate import add_months

# Period codes offered by the value form: the whole year, a quarter or a month.
PERIODS: tuple[str, ...] = (
    "year",
    "q1",
    "q2",
    "q3",
    "q4",
    *(f"m{m:02d}" for m in range(1, 13)),
)


def period_bounds(year: int, period: str) -> tuple[dt.date, dt.date]:
    """First and last day of a period code in a year: 'year', 'q1'..'q4', 'm01'..'m12'."""
    if period == "year":
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if len(period) == 2 and period[0] == "q" and period[1] in "1234":
        first = (int(period[1]) - 1) * 3 + 1
        last = first + 2
        return dt.date(year, first, 1), dt.date(year, last, calendar.monthrange(year, last)[1])
    if (
        len(period) == 3
        and period[0] == "m"
        and period[1:].isdigit()
        and 1 <= int(period[1:]) <= 12
    ):
        month = int(period[1:])
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    raise ValueError(f"unknown period {period!r}")


def period_label(start: dt.date, end: dt.date) -> str:
    """'2026', '2026 Q2', '2026-03' or 'start..end' for an irregular period."""
    for code in PERIODS:
        if period_bounds(start.year, code) == (start, end):
            if code == "year":
                return str(start.year)
            if code.startswith("q"):
                return f"{start.year} {code.upper()}"
            return f"{start.year}-{code[1:]}"
    return f"{start.isoformat()}..{end.isoformat()}"


def overlaps(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


@dataclass(frozen=True)
class PeriodValue:
    start: dt.date
    end: dt.date
    value: Decimal


def year_figure(values: Sequence[PeriodValue], aggregation: str) -> Decimal | None:
    """A year's figure from its period values: their sum, average or the latest one."""
    if not values:
        return None
    if aggregation == "sum":
        return sum((v.value for v in values), Decimal(0))
    if aggregation == "average":
        return sum((v.value for v in values), Decimal(0)) / len(values)
    if aggregation == "last":
        return max(values, key=lambda v: (v.end, v.start)).value
    raise ValueError(f"unknown aggregation {aggregation!r}")


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """part ÷ whole as a percentage with one decimal; None when the whole is zero."""
    if whole == 0:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), ROUND_HALF_UP)


def share(
    figures: Mapping[str, Decimal | None], roles: Mapping[str, str], part_role: str, rest_role: str
) -> Decimal | None:
    """A derived share for one year: the KPIs in `part_role` over those in both roles.

    `figures` holds each entered KPI's figure for the year (None: no value), `roles` each KPI's
    share role. None when nothing of either role was entered.
    """
    part = rest = Decimal(0)
    seen = False
    for code, figure in figures.items():
        if figure is None:
            continue
        if roles.get(code) == part_role:
            part += figure
            seen = True
        elif roles.get(code) == rest_role:
            rest += figure
            seen = True
    if not seen:
        return None
    return percent(part, part + rest)


def target_met(value: Decimal | None, target: Decimal | None, direction: str) -> bool | None:
    """Whether a year's figure meets its target (None when either is missing)."""
    if value is None or target is None:
        return None
    return value >= target if direction == "higher" else value <= target


def next_due(first_due: dt.date, frequency_months: int, last_done: dt.date | None) -> dt.date:
    """A control is due first on `first_due`, then `frequency_months` after its last run."""
    if last_done is None:
        return first_due
    return add_months(last_done, frequency_months)


def years_between(first: int, last: int) -> list[int]:
    return list(range(first, last + 1))


def sorted_years(values: Iterable[int]) -> list[int]:
    return sorted(set(values))
