"""The seven rules, checked on whole columns with Polars.

Each rule names the ETI Base Code clause or convention it comes from:

- `hours.weekly_regular` (ETI 6.2: regular hours not over 48 a week): for each worker and
  ISO week (Monday to Sunday; a week that spans 31 December and 1 January is one week), the
  sum of `regular_hours`. measured = that sum, limit = `weekly_regular_hours_max`.
- `hours.weekly_total` (ETI 6.4: regular plus overtime not over 60 a week): the same with
  `regular_hours + overtime_hours`. limit = `weekly_total_hours_max`.
- `hours.rest_day` (ETI 6.6: at least one day off in every seven): a run of consecutive
  calendar days on each of which the worker has `regular_hours + overtime_hours > 0` (a
  date with no record, or with 0 hours, ends a run, whatever its `day_type`). Runs cross
  week boundaries. One finding per run longer than the limit. measured = the run's length
  in days, limit = `consecutive_working_days_max`; period = first to last day of the run.
- `wage.minimum` (ETI 5.1: wages meet at least the legal minimum): for each pay record, H =
  the worker's `regular_hours` on the dates `period_start` to `period_end` inclusive and
  rate = `regular_pay / H`. A finding when `regular_pay` falls short of
  `minimum_hourly_wage * H` by more than `money_tolerance` (so a rate that is below the
  minimum only through rounding the pay to cents is not reported). measured = rate,
  limit = `minimum_hourly_wage`; period = the pay period.
- `wage.overtime_premium` (ETI 6.3: overtime compensated at a premium rate): for each pay
  record, required = Σ over the period's days of `overtime_hours * rate * premium[day_type]`.
  A finding when `overtime_pay < required - money_tolerance`. measured = `overtime_pay`,
  limit = required; period = the pay period.
- `age.minimum` (ETI 4, ILO C138): a worker with hours > 0 on any day before reaching
  `minimum_age`. One finding per worker; period = first to last such day; measured = the
  worker's age in whole years on the first such day, limit = `minimum_age`.
- `age.young_worker_overtime` (ETI 4.3, ILO C138 art. 3: no hazardous or excessive work for
  under-18s): per ISO week, the overtime hours worked on days on which the worker was under
  `adult_age` (age is taken day by day, so in the week of an 18th birthday only the days
  before the birthday count). A finding when that is > 0. measured = those hours, limit = 0.

Ages: a person reaches age N on the N-th anniversary of their birth; someone born on
29 February reaches it on 1 March in a year that is not a leap year (as most labour law
reads it, e.g. the Chinese and UK approach of counting the day after 28 February).

Hour sums are compared after rounding to 6 decimal places, and money shortfalls likewise,
so that binary floating-point noise (0.1 + 0.2) never decides a case.

Nothing unchecked is passed as clean: `not_checked` lists every worker for whom something
could not be checked, and `not_checked_details` says what (no time records; a pay record
with no regular hours in its period; days worked that no pay record covers).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import polars as pl

from sourceproof.wagehours.errors import InputProblem, WageHoursInputError
from sourceproof.wagehours.inputs import PAY_SCHEMA, TIME_SCHEMA, WORKERS_SCHEMA
from sourceproof.wagehours.rules import DAY_TYPES, Rules

#: The rules, in the order findings are reported.
RULES: tuple[str, ...] = (
    "hours.weekly_regular",
    "hours.weekly_total",
    "hours.rest_day",
    "wage.minimum",
    "wage.overtime_premium",
    "age.minimum",
    "age.young_worker_overtime",
)
#: Rules whose measured value and limit are whole numbers (days, years).
_WHOLE_NUMBER_RULES = frozenset({"hours.rest_day", "age.minimum"})

NO_TIME_RECORDS = "no time records"
NO_REGULAR_HOURS = "no regular hours in the pay period"
NOT_IN_PAY_PERIOD = "worked days outside every pay period"

_PLACES = 6
#: The integer stand-in for worker_id inside the engine.
KEY = "wid"


@dataclass(frozen=True, slots=True)
class Finding:
    """One breach of one rule by one worker over one period (dates inclusive)."""

    rule: str
    worker_id: str
    period_start: dt.date
    period_end: dt.date
    measured: float
    limit: float

    def to_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "worker_id": self.worker_id,
            "period_start": self.period_start.isoformat(),
            "period_end": self.period_end.isoformat(),
            "measured": self.measured,
            "limit": self.limit,
        }


@dataclass(frozen=True, slots=True)
class NotChecked:
    """Something about a worker that could not be checked, and over which dates."""

    worker_id: str
    reason: str
    period_start: dt.date | None = None
    period_end: dt.date | None = None


@dataclass
class Report:
    """What `check` found. `not_checked` are worker ids, sorted; details say why."""

    findings: list[Finding]
    not_checked: list[str]
    not_checked_details: list[NotChecked] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        """The documented JSON shape: `{"findings": [...], "not_checked": [...]}`."""
        return {
            "findings": [finding.to_dict() for finding in self.findings],
            "not_checked": list(self.not_checked),
        }

    def counts_by_rule(self) -> dict[str, int]:
        """Findings per rule, every rule listed (0 when clean), in `RULES` order."""
        counts = dict.fromkeys(RULES, 0)
        for finding in self.findings:
            counts[finding.rule] += 1
        return counts


def _conform(frame: pl.DataFrame, schema: pl.Schema, name: str) -> pl.DataFrame:
    """The frame's documented columns, typed; refuse missing columns and empty values."""
    missing = [column for column in schema if column not in frame.columns]
    if missing:
        raise WageHoursInputError(
            [InputProblem(name, None, column, "missing column") for column in missing]
        )
    try:
        frame = frame.select(pl.col(c).cast(t) for c, t in schema.items())
    except pl.exceptions.PolarsError:
        wrong = [c for c, t in schema.items() if frame.schema[c] != t]
        raise WageHoursInputError(
            [InputProblem(name, None, c, f"must be {schema[c]}, use validate()") for c in wrong]
        ) from None
    nulls = frame.null_count().row(0, named=True)
    empty = [column for column, count in nulls.items() if count]
    if empty:
        raise WageHoursInputError(
            [InputProblem(name, None, column, "has empty values") for column in empty]
        )
    return frame


def _prepare(
    workers: pl.DataFrame, time: pl.DataFrame, pay: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Replace `worker_id` by a small integer key (`wid`, in worker_id order) and sort the
    time records by worker and date, refusing what `validate` would have refused."""
    problems: list[InputProblem] = []
    workers = workers.sort("worker_id").with_row_index(KEY)
    if workers["worker_id"].is_duplicated().any():
        problems.append(InputProblem("workers", None, "worker_id", "a worker appears twice"))
    keyed = []
    for name, frame in (("time", time), ("pay", pay)):
        frame = frame.join(workers.select("worker_id", KEY), on="worker_id", how="left")
        if frame[KEY].null_count():
            problems.append(InputProblem(name, None, "worker_id", "a worker not in workers"))
        keyed.append(frame.drop("worker_id"))
    days, pay = keyed
    days = days.sort(KEY, "date")
    same_day = (pl.col(KEY) == pl.col(KEY).shift()) & (pl.col("date") == pl.col("date").shift())
    if days.select(same_day.any()).item():
        problems.append(InputProblem("time", None, "date", "two records for a worker and date"))
    if not days["day_type"].is_in(DAY_TYPES).all():
        problems.append(
            InputProblem("time", None, "day_type", f"not one of {', '.join(DAY_TYPES)}")
        )
    if problems:
        raise WageHoursInputError(problems)
    return workers, days, pay


def _anniversary(born: pl.Expr, year: pl.Expr) -> pl.Expr:
    """The birthday in `year`: 29 February falls on 1 March when `year` is not a leap year."""
    return pl.date(year, born.dt.month(), 1) + pl.duration(days=born.dt.day() - 1)


def _reaches(born: pl.Expr, years: int) -> pl.Expr:
    """The date a person born on `born` reaches `years` of age."""
    return _anniversary(born, born.dt.year() + years)


def _age_on(born: pl.Expr, day: pl.Expr) -> pl.Expr:
    """Whole years of age on `day` (which is on or after `born`)."""
    before_birthday = (day < _anniversary(born, day.dt.year())).cast(pl.Int32)
    return day.dt.year().cast(pl.Int32) - born.dt.year().cast(pl.Int32) - before_birthday


def _findings(rule: str, frame: pl.DataFrame, start: str, end: str | pl.Expr) -> pl.DataFrame:
    """`frame` (with `measured` and `limit`) in the shape shared by all findings."""
    return frame.select(
        pl.lit(RULES.index(rule), pl.Int32).alias("rule_order"),
        pl.lit(rule).alias("rule"),
        pl.col(KEY),
        pl.col(start).alias("period_start"),
        (pl.col(end) if isinstance(end, str) else end).alias("period_end"),
        pl.col("measured").cast(pl.Float64),
        pl.col("limit").cast(pl.Float64),
    )


def _hour_rules(days: pl.DataFrame, rules: Rules) -> list[pl.DataFrame]:
    """The three hour rules. `days`, here as everywhere, is sorted by worker and date, so
    each worker-week is one block of rows and a run of days is a run of rows."""
    weekly = (
        days.with_columns(pl.struct(KEY, "week_start").rle_id().alias("block"))
        .group_by("block")
        .agg(
            pl.col(KEY).first(),
            pl.col("week_start").first(),
            pl.col("regular_hours").sum().round(_PLACES).alias("regular"),
            pl.col("total_hours").sum().round(_PLACES).alias("total"),
        )
    )
    week_end = pl.col("week_start") + pl.duration(days=6)
    regular = weekly.filter(pl.col("regular") > rules.weekly_regular_hours_max).with_columns(
        pl.col("regular").alias("measured"), pl.lit(rules.weekly_regular_hours_max).alias("limit")
    )
    total = weekly.filter(pl.col("total") > rules.weekly_total_hours_max).with_columns(
        pl.col("total").alias("measured"), pl.lit(rules.weekly_total_hours_max).alias("limit")
    )
    day_number = pl.col("date").cast(pl.Int32)
    new_run = (day_number.diff() != 1) | (pl.col(KEY) != pl.col(KEY).shift())
    runs = (
        days.filter(pl.col("total_hours") > 0)
        .select(KEY, "date")
        .with_columns(new_run.fill_null(True).cum_sum().alias("run"))
        .group_by("run")
        .agg(
            pl.col(KEY).first(),
            pl.col("date").min().alias("first"),
            pl.col("date").max().alias("last"),
            pl.len().alias("measured"),
        )
        .filter(pl.col("measured") > rules.consecutive_working_days_max)
        .with_columns(pl.lit(rules.consecutive_working_days_max).alias("limit"))
    )
    return [
        _findings("hours.weekly_regular", regular, "week_start", week_end),
        _findings("hours.weekly_total", total, "week_start", week_end),
        _findings("hours.rest_day", runs, "first", "last"),
    ]


def _pay_periods(days: pl.DataFrame, pay: pl.DataFrame, rules: Rules) -> pl.DataFrame:
    """Each pay record with `hours` (regular hours in its period) and `weighted_overtime`
    (Σ overtime_hours * premium for the day's type), from running sums per worker: the sum
    over a period is the running sum at its end minus the running sum the day before it."""
    premium = pl.col("day_type").replace_strict(
        rules.overtime_premium.as_dict(), return_dtype=pl.Float64
    )
    running = days.select(
        KEY,
        "date",
        pl.col("regular_hours").alias("hours"),
        (pl.col("overtime_hours") * premium).alias("weighted_overtime"),
    ).with_columns(pl.col("hours", "weighted_overtime").cum_sum().over(KEY))
    periods = pay.with_row_index("pay_index").with_columns(
        (pl.col("period_start") - pl.duration(days=1)).alias("day_before")
    )

    def running_at(on: str, suffix: str) -> pl.DataFrame:
        return (
            periods.select("pay_index", KEY, on)
            .sort(KEY, on)
            .join_asof(
                running,
                left_on=on,
                right_on="date",
                by=KEY,
                check_sortedness=False,  # both sides are sorted by date within each worker
            )
            .select(
                "pay_index",
                pl.col("hours").fill_null(0.0).alias(f"hours_{suffix}"),
                pl.col("weighted_overtime").fill_null(0.0).alias(f"weighted_{suffix}"),
            )
        )

    return (
        periods.join(running_at("period_end", "end"), on="pay_index")
        .join(running_at("day_before", "start"), on="pay_index")
        .with_columns(
            (pl.col("hours_end") - pl.col("hours_start")).round(_PLACES).alias("hours"),
            (pl.col("weighted_end") - pl.col("weighted_start")).alias("weighted_overtime"),
        )
    )


def _wage_rules(periods: pl.DataFrame, rules: Rules) -> list[pl.DataFrame]:
    checked = periods.filter(pl.col("hours") > 0).with_columns(
        (pl.col("regular_pay") / pl.col("hours")).alias("rate")
    )
    required = pl.col("rate") * pl.col("weighted_overtime")
    minimum_short = rules.minimum_hourly_wage * pl.col("hours") - pl.col("regular_pay")
    below_minimum = checked.filter(
        minimum_short.round(_PLACES) > rules.money_tolerance
    ).with_columns(
        pl.col("rate").round(_PLACES).alias("measured"),
        pl.lit(rules.minimum_hourly_wage).alias("limit"),
    )
    premium_short = required - pl.col("overtime_pay")
    below_premium = checked.filter(
        premium_short.round(_PLACES) > rules.money_tolerance
    ).with_columns(pl.col("overtime_pay").alias("measured"), required.round(_PLACES).alias("limit"))
    return [
        _findings("wage.minimum", below_minimum, "period_start", "period_end"),
        _findings("wage.overtime_premium", below_premium, "period_start", "period_end"),
    ]


def _age_rules(days: pl.DataFrame, workers: pl.DataFrame, rules: Rules) -> list[pl.DataFrame]:
    born = pl.col("date_of_birth")
    ages = workers.select(
        KEY,
        "date_of_birth",
        _reaches(born, rules.minimum_age).alias("reaches_minimum"),
        _reaches(born, rules.adult_age).alias("reaches_adult"),
    )
    too_young = (
        days.filter(pl.col("total_hours") > 0)
        .join(ages, on=KEY)
        .filter(pl.col("date") < pl.col("reaches_minimum"))
        .group_by(KEY)
        .agg(
            pl.col("date").min().alias("first"),
            pl.col("date").max().alias("last"),
            pl.col("date_of_birth").first(),
        )
        .with_columns(
            _age_on(born, pl.col("first")).alias("measured"),
            pl.lit(rules.minimum_age).alias("limit"),
        )
    )
    young_overtime = (
        days.filter(pl.col("overtime_hours") > 0)
        .join(ages, on=KEY)
        .filter(pl.col("date") < pl.col("reaches_adult"))
        .group_by(KEY, "week_start")
        .agg(pl.col("overtime_hours").sum().round(_PLACES).alias("measured"))
        .filter(pl.col("measured") > 0)
        .with_columns(pl.lit(0.0).alias("limit"))
    )
    return [
        _findings("age.minimum", too_young, "first", "last"),
        _findings(
            "age.young_worker_overtime",
            young_overtime,
            "week_start",
            pl.col("week_start") + pl.duration(days=6),
        ),
    ]


def _not_checked(
    days: pl.DataFrame, workers: pl.DataFrame, pay: pl.DataFrame, periods: pl.DataFrame
) -> pl.DataFrame:
    """worker_id, reason, period_start, period_end for everything left unchecked."""
    shape = (KEY, "reason", "period_start", "period_end")
    no_time = workers.join(days.select(KEY).unique(), on=KEY, how="anti").select(
        KEY,
        pl.lit(NO_TIME_RECORDS).alias("reason"),
        pl.lit(None, pl.Date).alias("period_start"),
        pl.lit(None, pl.Date).alias("period_end"),
    )
    no_hours = periods.filter(pl.col("hours") <= 0).select(
        KEY, pl.lit(NO_REGULAR_HOURS).alias("reason"), "period_start", "period_end"
    )
    # A worked day is covered when some pay period of the worker contains it: the latest
    # period starting on or before the day, by furthest end so far, must reach the day.
    reach = (
        pay.select(KEY, "period_start", "period_end")
        .sort(KEY, "period_start")
        .with_columns(pl.col("period_end").cum_max().over(KEY).alias("reach"))
    )
    uncovered = (
        days.filter(pl.col("total_hours") > 0)
        .select(KEY, "date")
        .join_asof(
            reach,
            left_on="date",
            right_on="period_start",
            by=KEY,
            check_sortedness=False,  # both sides are sorted by date within each worker
        )
        .filter(pl.col("reach").is_null() | (pl.col("date") > pl.col("reach")))
        .group_by(KEY)
        .agg(pl.col("date").min().alias("period_start"), pl.col("date").max().alias("period_end"))
        .select(KEY, pl.lit(NOT_IN_PAY_PERIOD).alias("reason"), "period_start", "period_end")
    )
    return pl.concat([no_time.select(shape), no_hours.select(shape), uncovered.select(shape)])


def check(workers: pl.DataFrame, time: pl.DataFrame, pay: pl.DataFrame, rules: Rules) -> Report:
    """Check time and pay records against `rules`; see the module docstring for each rule.

    The frames have the columns of `WORKERS_SCHEMA`, `TIME_SCHEMA` and `PAY_SCHEMA` (as
    `load` and `validate` return them; extra columns are ignored). Findings are ordered by
    rule (in `RULES` order), worker_id, period_start, period_end.
    """
    workers, days_frame, pay = _prepare(
        _conform(workers, WORKERS_SCHEMA, "workers"),
        _conform(time, TIME_SCHEMA, "time"),
        _conform(pay, PAY_SCHEMA, "pay"),
    )
    days = days_frame.with_columns(
        (pl.col("regular_hours") + pl.col("overtime_hours")).alias("total_hours"),
        pl.col("date").dt.truncate("1w").alias("week_start"),  # the ISO week's Monday
    )
    periods = _pay_periods(days, pay, rules)
    found = [
        *_hour_rules(days, rules),
        *_wage_rules(periods, rules),
        *_age_rules(days, workers, rules),
    ]
    skipped = _not_checked(days, workers, pay, periods)
    # wid follows worker_id order, so sorting by wid sorts by worker_id.
    findings = pl.concat(found).sort(
        "rule_order", KEY, "period_start", "period_end", "measured", "limit"
    )
    skipped = skipped.sort(KEY, "reason", "period_start", nulls_last=False)
    names = workers["worker_id"]
    return Report(
        findings=[
            _finding(rule, names[wid], start, end, measured, limit)
            for _, rule, wid, start, end, measured, limit in findings.iter_rows()
        ],
        not_checked=sorted({names[wid] for wid in skipped[KEY]}),
        not_checked_details=[
            NotChecked(names[wid], reason, start, end)
            for wid, reason, start, end in skipped.iter_rows()
        ],
    )


def _finding(
    rule: str, worker_id: str, start: dt.date, end: dt.date, measured: float, limit: float
) -> Finding:
    if rule in _WHOLE_NUMBER_RULES:
        return Finding(rule, worker_id, start, end, int(measured), int(limit))
    return Finding(rule, worker_id, start, end, measured, limit)


def weekly_hours(time: pl.DataFrame) -> pl.DataFrame:
    """Hours per worker per ISO week, for charts against the weekly limits.

    Columns: worker_id, week_start (Monday), week_end (Sunday), regular_hours, total_hours.
    """
    time = _conform(time, TIME_SCHEMA, "time")
    return (
        time.group_by("worker_id", pl.col("date").dt.truncate("1w").alias("week_start"))
        .agg(
            pl.col("regular_hours").sum().round(_PLACES),
            (pl.col("regular_hours") + pl.col("overtime_hours"))
            .sum()
            .round(_PLACES)
            .alias("total_hours"),
        )
        .with_columns((pl.col("week_start") + pl.duration(days=6)).alias("week_end"))
        .select("worker_id", "week_start", "week_end", "regular_hours", "total_hours")
        .sort("worker_id", "week_start")
    )
