"""Hand-made records for the rule tests: small builders, no logic under test.

Dates are written as ISO strings so that each test reads like the records it stands for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import polars as pl

from sourceproof.wagehours import (
    PAY_SCHEMA,
    TIME_SCHEMA,
    WORKERS_SCHEMA,
    OvertimePremium,
    Report,
    Rules,
    check,
)

ADULT_BORN = "1990-06-15"

Row = tuple[object, ...]


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def workers(*rows: tuple[str, str]) -> pl.DataFrame:
    """(worker_id, date_of_birth); everyone hired on 2020-01-01."""
    return pl.DataFrame(
        [(worker, d(born), d("2020-01-01")) for worker, born in rows],
        schema=WORKERS_SCHEMA,
        orient="row",
    )


def day(
    worker: str, date: str, regular: float, overtime: float = 0.0, day_type: str = "working"
) -> Row:
    return (worker, d(date), float(regular), float(overtime), day_type)


def days(
    worker: str,
    first: str,
    count: int,
    regular: float = 8.0,
    overtime: float = 0.0,
    day_type: str = "working",
) -> list[Row]:
    """`count` consecutive calendar days from `first`, all alike."""
    start = d(first)
    return [
        (worker, start + dt.timedelta(days=n), float(regular), float(overtime), day_type)
        for n in range(count)
    ]


def time(rows: Iterable[Row]) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=TIME_SCHEMA, orient="row")


def pay(*rows: tuple[str, str, str, float, float]) -> pl.DataFrame:
    """(worker_id, period_start, period_end, regular_pay, overtime_pay) in CNY."""
    return pl.DataFrame(
        [(w, d(start), d(end), float(r), float(o), "CNY") for w, start, end, r, o in rows],
        schema=PAY_SCHEMA,
        orient="row",
    )


def no_pay() -> pl.DataFrame:
    return pl.DataFrame(schema=PAY_SCHEMA)


def rules(**overrides: object) -> Rules:
    values: dict[str, object] = {"minimum_hourly_wage": 14.0}
    premium = overrides.pop("premium", None)
    values.update(overrides)
    if premium is not None:
        assert isinstance(premium, dict)
        values["overtime_premium"] = OvertimePremium(**premium)
    return Rules(**values)  # type: ignore[arg-type]


def run(
    worker_rows: pl.DataFrame,
    time_rows: Iterable[Row],
    pay_rows: pl.DataFrame | None = None,
    **overrides: object,
) -> Report:
    return check(
        worker_rows,
        time(time_rows),
        no_pay() if pay_rows is None else pay_rows,
        rules(**overrides),
    )


def found(report: Report, rule: str) -> list[tuple[str, str, str, float, float]]:
    """The findings of one rule as (worker_id, start, end, measured, limit), dates as text."""
    return [
        (f.worker_id, f.period_start.isoformat(), f.period_end.isoformat(), f.measured, f.limit)
        for f in report.findings
        if f.rule == rule
    ]
