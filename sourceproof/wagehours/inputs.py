"""Validate the three record files row by row and turn them into typed frames.

Columns (more columns are allowed and ignored; names are matched ignoring case and spaces):

- workers: `worker_id, date_of_birth, hire_date`
- time: `worker_id, date, regular_hours, overtime_hours, day_type` (`working`, `rest`, `holiday`)
- pay: `worker_id, period_start, period_end, regular_pay, overtime_pay, currency`

Dates are ISO 8601 (`YYYY-MM-DD`; a spreadsheet date cell is fine); hours and money are
plain decimal numbers with a point (`7.5`), never negative. Every value is required. Besides
each cell, the files are checked as a whole: a worker appears once in workers; a worker has
at most one time record per date; a day has at most 24 hours; a pay period does not end
before it starts; its currency is the rules' currency; every worker in time and pay is in
workers; nobody worked before their date of birth.

All of it is done with Polars expressions, a million rows in well under a second.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import polars as pl

from sourceproof.wagehours.errors import (
    MAX_PROBLEMS_PER_FILE,
    InputProblem,
    WageHoursInputError,
)
from sourceproof.wagehours.rules import DAY_TYPES, Rules, read_rules
from sourceproof.wagehours.tables import ROW, RawTable, Source, load_table

Kind = Literal["id", "date", "number", "day_type", "currency"]

WORKERS_COLUMNS: dict[str, Kind] = {
    "worker_id": "id",
    "date_of_birth": "date",
    "hire_date": "date",
}
TIME_COLUMNS: dict[str, Kind] = {
    "worker_id": "id",
    "date": "date",
    "regular_hours": "number",
    "overtime_hours": "number",
    "day_type": "day_type",
}
PAY_COLUMNS: dict[str, Kind] = {
    "worker_id": "id",
    "period_start": "date",
    "period_end": "date",
    "regular_pay": "number",
    "overtime_pay": "number",
    "currency": "currency",
}
_DTYPES: dict[Kind, pl.DataType] = {
    "id": pl.String(),
    "date": pl.Date(),
    "number": pl.Float64(),
    "day_type": pl.String(),
    "currency": pl.String(),
}
#: The typed schemas `check` expects (what `load` and `validate` return).
WORKERS_SCHEMA = pl.Schema({c: _DTYPES[k] for c, k in WORKERS_COLUMNS.items()})
TIME_SCHEMA = pl.Schema({c: _DTYPES[k] for c, k in TIME_COLUMNS.items()})
PAY_SCHEMA = pl.Schema({c: _DTYPES[k] for c, k in PAY_COLUMNS.items()})

_VIOLATION_SCHEMA = {ROW: pl.Int64, "order": pl.Int64, "column": pl.String, "message": pl.String}


@dataclass(frozen=True)
class Inputs:
    """Validated inputs, ready for `check`."""

    workers: pl.DataFrame
    time: pl.DataFrame
    pay: pl.DataFrame
    rules: Rules


class _File:
    """One file's typed frame (invalid cells are null, `ROW` kept) and what is wrong with it."""

    def __init__(self, file: str, columns: dict[str, Kind]) -> None:
        self.file = file
        self.columns = columns
        self.frame: pl.DataFrame | None = None
        self.fatal: list[InputProblem] = []
        self.violations: list[pl.DataFrame] = []

    def add(self, frame: pl.DataFrame, condition: pl.Expr, column: str, message: pl.Expr) -> None:
        """Record `message` for every row of `frame` where `condition` holds."""
        order = list(self.columns).index(column)
        self.violations.append(
            frame.filter(condition).select(
                pl.col(ROW).cast(pl.Int64),
                pl.lit(order, pl.Int64).alias("order"),
                pl.lit(column, pl.String).alias("column"),
                message.cast(pl.String).alias("message"),
            )
        )

    def problems(self) -> tuple[list[InputProblem], int]:
        """The problems, first rows first, up to the cap; and how many more there are."""
        if self.fatal:
            return self.fatal, 0
        found = pl.concat(
            [pl.DataFrame(schema=_VIOLATION_SCHEMA), *self.violations], how="vertical"
        ).sort(ROW, "order", maintain_order=True)
        listed = [
            InputProblem(self.file, row, column, message)
            for row, column, message in found.head(MAX_PROBLEMS_PER_FILE)
            .select(ROW, "column", "message")
            .iter_rows()
        ]
        return listed, max(found.height - MAX_PROBLEMS_PER_FILE, 0)

    def typed(self) -> pl.DataFrame:
        assert self.frame is not None
        return self.frame.select(list(self.columns))


def _quoted(column: str) -> pl.Expr:
    return pl.concat_str(pl.lit("'"), pl.col(f"{column}__raw"), pl.lit("'"))


def _parse(raw: RawTable, columns: dict[str, Kind], currency: str | None) -> _File:
    """Type each column, recording every cell that does not parse."""
    checked = _File(raw.file, columns)
    if raw.problem is not None:
        checked.fatal.append(raw.problem)
        return checked
    assert raw.frame is not None
    missing = [column for column in columns if column not in raw.frame.columns]
    for column in missing:
        expected = ", ".join(columns)
        checked.fatal.append(
            InputProblem(raw.file, 1, column, f"missing column (expected columns: {expected})")
        )
    if missing:
        return checked
    frame = raw.frame.select(
        pl.col(ROW), *(pl.col(c).cast(pl.String).alias(f"{c}__raw") for c in columns)
    )
    parsed: list[pl.Expr] = []
    for column, kind in columns.items():
        text = pl.col(f"{column}__raw")
        if kind == "date":
            parsed.append(text.str.to_date("%Y-%m-%d", strict=False).alias(column))
        elif kind == "number":
            number = text.cast(pl.Float64, strict=False)
            parsed.append(pl.when(number.is_finite()).then(number).alias(column))
        elif kind == "day_type":
            parsed.append(text.str.to_lowercase().alias(column))
        elif kind == "currency":
            parsed.append(text.str.to_uppercase().alias(column))
        else:
            parsed.append(text.alias(column))
    frame = frame.with_columns(parsed)
    for column, kind in columns.items():
        text, value = pl.col(f"{column}__raw"), pl.col(column)
        checked.add(frame, text.is_null(), column, pl.lit("empty: a value is required"))
        bad = text.is_not_null() & value.is_null()
        if kind == "date":
            checked.add(
                frame, bad, column, pl.format("{} is not a date (use YYYY-MM-DD)", _quoted(column))
            )
        elif kind == "number":
            checked.add(frame, bad, column, pl.format("{} is not a number", _quoted(column)))
            checked.add(frame, value < 0, column, pl.format("{} is negative", _quoted(column)))
        elif kind == "day_type":
            checked.add(
                frame,
                ~value.is_in(DAY_TYPES),
                column,
                pl.format(
                    "{} is not a day type (use {})", _quoted(column), pl.lit(", ".join(DAY_TYPES))
                ),
            )
        elif kind == "currency" and currency is not None:
            checked.add(
                frame,
                value != currency,
                column,
                pl.format(
                    "{} does not match the rules' currency '{}'", _quoted(column), pl.lit(currency)
                ),
            )
    checked.frame = frame
    return checked


def _duplicates(checked: _File, keys: Sequence[str], what: pl.Expr, column: str) -> None:
    """Flag every record after the first with the same `keys`."""
    if checked.frame is None:
        return
    frame = checked.frame.filter(pl.all_horizontal(pl.col(k).is_not_null() for k in keys))
    frame = frame.with_columns(pl.col(ROW).min().over(keys).alias("__first"))
    checked.add(
        frame,
        pl.col(ROW) != pl.col("__first"),
        column,
        pl.format("{} already appears at row {}", what, pl.col("__first")),
    )


def _check_workers(checked: _File) -> None:
    _duplicates(checked, ["worker_id"], pl.format("worker '{}'", pl.col("worker_id")), "worker_id")


def _check_time(checked: _File) -> None:
    _duplicates(
        checked,
        ["worker_id", "date"],
        pl.format("a record for worker '{}' on {}", pl.col("worker_id"), pl.col("date")),
        "date",
    )
    if checked.frame is None:
        return
    hours = pl.col("regular_hours") + pl.col("overtime_hours")
    checked.add(
        checked.frame,
        hours > 24,
        "overtime_hours",
        pl.format("regular_hours + overtime_hours = {}, more than the 24 hours in a day", hours),
    )


def _check_pay(checked: _File) -> None:
    if checked.frame is None:
        return
    checked.add(
        checked.frame,
        pl.col("period_end") < pl.col("period_start"),
        "period_end",
        pl.format(
            "the period ends ({}) before it starts ({})",
            pl.col("period_end"),
            pl.col("period_start"),
        ),
    )


def _check_against_workers(workers: _File, others: Sequence[_File]) -> None:
    """Every worker in time and pay must be in workers; nobody works before birth."""
    if workers.frame is None:
        return
    known = workers.frame.filter(pl.col("worker_id").is_not_null()).unique(
        "worker_id", keep="first"
    )
    for other in others:
        if other.frame is None:
            continue
        rows = other.frame.filter(pl.col("worker_id").is_not_null())
        unknown = rows.join(known.select("worker_id"), on="worker_id", how="anti")
        other.add(
            unknown,
            pl.lit(True),
            "worker_id",
            pl.format("worker '{}' is not in {}", pl.col("worker_id"), pl.lit(workers.file)),
        )
        if "date" in other.columns:
            born = rows.join(known.select("worker_id", "date_of_birth"), on="worker_id")
            other.add(
                born,
                pl.col("date") < pl.col("date_of_birth"),
                "date",
                pl.format(
                    "{} is before the worker's date_of_birth {}",
                    pl.col("date"),
                    pl.col("date_of_birth"),
                ),
            )


def _finish(
    files: Sequence[_File], rules: Rules | None, rule_problems: Sequence[InputProblem] = ()
) -> Inputs:
    problems: list[InputProblem] = list(rule_problems)
    omitted = 0
    for checked in files:
        listed, more = checked.problems()
        problems.extend(listed)
        omitted += more
    if problems:
        raise WageHoursInputError(problems, omitted=omitted)
    assert rules is not None  # without rules there is at least one rule problem
    workers, time, pay = (checked.typed() for checked in files)
    return Inputs(workers=workers, time=time, pay=pay, rules=rules)


def _validate(
    raws: Sequence[RawTable], rules: Rules | None, rule_problems: Sequence[InputProblem] = ()
) -> Inputs:
    """Validate the three tables; without usable rules, all but the currency is checked."""
    workers = _parse(raws[0], WORKERS_COLUMNS, None)
    time = _parse(raws[1], TIME_COLUMNS, None)
    pay = _parse(raws[2], PAY_COLUMNS, None if rules is None else rules.currency)
    _check_workers(workers)
    _check_time(time)
    _check_pay(pay)
    _check_against_workers(workers, [time, pay])
    return _finish([workers, time, pay], rules, rule_problems)


def _in_memory(frame: pl.DataFrame, file: str) -> RawTable:
    """A frame built in memory, numbered as if exported with a header row."""
    return RawTable(file, frame.with_row_index(ROW, offset=2))


def validate(
    *,
    workers: pl.DataFrame,
    time: pl.DataFrame,
    pay: pl.DataFrame,
    rules: Rules,
    names: tuple[str, str, str] = ("workers", "time", "pay"),
) -> Inputs:
    """Validate frames built in memory (e.g. from the database) exactly as files are.

    Columns may have any type that prints as the documented text (dates as `Date`, hours as
    numbers). Row numbers in problems count the first record as row 2, as in an export.
    """
    raws = [_in_memory(f, n) for f, n in zip((workers, time, pay), names, strict=True)]
    return _validate(raws, rules)


def load(*, workers: Source, time: Source, pay: Source, rules: Source | Rules) -> Inputs:
    """Read and validate the three record files and the rules.

    Each source is a path or an open binary file with a `name` (a Django upload will do);
    the name's extension chooses CSV or XLSX. Every problem in every file, the rules
    first, is raised together in one `WageHoursInputError` (the pay file's currency is
    checked only when the rules could be read).
    """
    rule_problems: list[InputProblem] = []
    checked_rules: Rules | None = None
    if isinstance(rules, Rules):
        checked_rules = rules
    else:
        try:
            checked_rules = read_rules(rules)
        except WageHoursInputError as exc:
            rule_problems = exc.problems
    raws = [load_table(source) for source in (workers, time, pay)]
    return _validate(raws, checked_rules, rule_problems)


def _read_one(
    source: Source,
    name: str | None,
    columns: dict[str, Kind],
    currency: str | None,
    check_whole: Callable[[_File], None],
) -> pl.DataFrame:
    checked = _parse(load_table(source, name=name), columns, currency)
    check_whole(checked)
    problems, omitted = checked.problems()
    if problems:
        raise WageHoursInputError(problems, omitted=omitted)
    return checked.typed()


def read_workers(source: Source, *, name: str | None = None) -> pl.DataFrame:
    """Read and validate one workers file (without the checks that need the other files)."""
    return _read_one(source, name, WORKERS_COLUMNS, None, _check_workers)


def read_time(source: Source, *, name: str | None = None) -> pl.DataFrame:
    """Read and validate one time file (without the checks that need the workers file)."""
    return _read_one(source, name, TIME_COLUMNS, None, _check_time)


def read_pay(source: Source, *, currency: str, name: str | None = None) -> pl.DataFrame:
    """Read and validate one pay file, its currency against `currency`."""
    return _read_one(source, name, PAY_COLUMNS, currency.strip().upper(), _check_pay)


__all__ = [
    "PAY_SCHEMA",
    "TIME_SCHEMA",
    "WORKERS_SCHEMA",
    "Inputs",
    "load",
    "read_pay",
    "read_time",
    "read_workers",
    "validate",
]
