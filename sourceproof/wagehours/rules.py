"""The limits the analyser checks against, read from a TOML table.

Every key but `minimum_hourly_wage` has a default. The defaults are the ETI Base Code's
(6.2: 48 regular hours a week; 6.4: 60 in total; 6.6: one day off in seven; 6.3: overtime
compensated at a premium rate, at least 125% recommended) and ILO C138 (minimum age 15,
article 2.3; 18 for hazardous work, article 3). ETI 6.1 makes national law apply where it
gives workers greater protection, and local law often sets stricter numbers (a minimum age
of 16, a premium of 1.5 / 2.0 / 3.0 on working days / rest days / public holidays); the
rules file is where those go. There is no
sensible default for the legal minimum wage: it belongs to the facility's region.
"""

from __future__ import annotations

import math
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import IO

from sourceproof.wagehours.errors import InputProblem, WageHoursInputError

#: The values of the time file's `day_type` column.
DAY_TYPES: tuple[str, ...] = ("working", "rest", "holiday")

_CURRENCY = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True, slots=True, kw_only=True)
class OvertimePremium:
    """Overtime pay as a multiple of the regular hourly rate, by the day's type (ETI 6.3)."""

    working: float = 1.25
    rest: float = 1.25
    holiday: float = 1.25

    def for_day_type(self, day_type: str) -> float:
        value: float = getattr(self, day_type)
        return value

    def as_dict(self) -> dict[str, float]:
        return {day_type: self.for_day_type(day_type) for day_type in DAY_TYPES}


@dataclass(frozen=True, slots=True, kw_only=True)
class Rules:
    """The limits for one facility. Construct it directly or with `read_rules`.

    A bad value raises `WageHoursInputError` naming the key.
    """

    minimum_hourly_wage: float
    weekly_regular_hours_max: float = 48
    weekly_total_hours_max: float = 60
    consecutive_working_days_max: int = 6
    currency: str = "CNY"
    minimum_age: int = 15
    adult_age: int = 18
    money_tolerance: float = 0.01
    overtime_premium: OvertimePremium = field(default_factory=OvertimePremium)

    def __post_init__(self) -> None:
        problems = [
            InputProblem("rules", None, key, message) for key, message in _value_problems(self)
        ]
        if problems:
            raise WageHoursInputError(problems)


_NUMBER_KEYS = (
    "minimum_hourly_wage",
    "weekly_regular_hours_max",
    "weekly_total_hours_max",
    "money_tolerance",
)
_INTEGER_KEYS = ("consecutive_working_days_max", "minimum_age", "adult_age")
_TOP_LEVEL_KEYS = tuple(f.name for f in fields(Rules))


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _value_problems(rules: Rules) -> list[tuple[str, str]]:
    """(key, message) for every value out of its range; types are checked too, for callers
    that build `Rules` from something other than TOML."""
    problems: list[tuple[str, str]] = []
    positive = ("minimum_hourly_wage", "weekly_regular_hours_max", "weekly_total_hours_max")
    for key in _NUMBER_KEYS:
        value = getattr(rules, key)
        if not _is_number(value) or not math.isfinite(value):
            problems.append((key, f"must be a number, not {value!r}"))
        elif key in positive and value <= 0:
            problems.append((key, f"must be more than 0, not {value!r}"))
        elif value < 0:
            problems.append((key, f"must not be negative, not {value!r}"))
    for key in _INTEGER_KEYS:
        value = getattr(rules, key)
        least = 1 if key == "consecutive_working_days_max" else 0
        if not isinstance(value, int) or isinstance(value, bool):
            problems.append((key, f"must be a whole number, not {value!r}"))
        elif value < least:
            problems.append((key, f"must be at least {least}, not {value!r}"))
    if (
        isinstance(rules.minimum_age, int)
        and isinstance(rules.adult_age, int)
        and rules.adult_age < rules.minimum_age
    ):
        problems.append(
            (
                "adult_age",
                f"must not be below minimum_age ({rules.minimum_age}), not {rules.adult_age}",
            )
        )
    if not isinstance(rules.currency, str) or not _CURRENCY.match(rules.currency):
        problems.append(
            (
                "currency",
                f"must be a three-letter ISO 4217 code in capitals, not {rules.currency!r}",
            )
        )
    premium = rules.overtime_premium
    if not isinstance(premium, OvertimePremium):
        problems.append(("overtime_premium", f"must be an OvertimePremium, not {premium!r}"))
    else:
        for day_type in DAY_TYPES:
            value = premium.for_day_type(day_type)
            key = f"overtime_premium.{day_type}"
            if not _is_number(value) or not math.isfinite(value):
                problems.append((key, f"must be a number, not {value!r}"))
            elif value < 1:
                problems.append(
                    (
                        key,
                        f"must be at least 1 (overtime is never paid below the regular rate), not {value!r}",
                    )
                )
    return problems


def rules_from_mapping(data: Mapping[str, object], *, file: str = "rules") -> Rules:
    """Build `Rules` from a parsed table (TOML, or a dict the web screen assembles).

    Unknown keys, a missing `minimum_hourly_wage`, a wrong type or an out-of-range value
    each give one problem; all are raised together.
    """
    problems: list[InputProblem] = []
    for key in data:
        if key not in _TOP_LEVEL_KEYS:
            problems.append(
                InputProblem(
                    file, None, key, f"unknown key (known keys: {', '.join(_TOP_LEVEL_KEYS)})"
                )
            )
    if "minimum_hourly_wage" not in data:
        problems.append(
            InputProblem(
                file,
                None,
                "minimum_hourly_wage",
                "missing: the legal minimum hourly wage for the facility's region has no default",
            )
        )
    kwargs: dict[str, object] = {}
    for key in _TOP_LEVEL_KEYS:
        if key in data and key != "overtime_premium":
            value = data[key]
            if key == "currency" and isinstance(value, str):
                value = value.strip().upper()
            kwargs[key] = value
    premium = data.get("overtime_premium", {})
    if not isinstance(premium, Mapping):
        problems.append(
            InputProblem(file, None, "overtime_premium", "must be a table: [overtime_premium]")
        )
    else:
        for key in premium:
            if key not in DAY_TYPES:
                problems.append(
                    InputProblem(
                        file,
                        None,
                        f"overtime_premium.{key}",
                        f"unknown day type (known: {', '.join(DAY_TYPES)})",
                    )
                )
        kwargs["overtime_premium"] = OvertimePremium(
            **{str(k): v for k, v in premium.items() if k in DAY_TYPES}
        )
    if problems:
        raise WageHoursInputError(problems)
    try:
        return Rules(**kwargs)  # type: ignore[arg-type]  # values are checked in __post_init__
    except WageHoursInputError as exc:
        relabelled = [InputProblem(file, p.row, p.column, p.message) for p in exc.problems]
        raise WageHoursInputError(relabelled) from None


def read_rules(source: str | os.PathLike[str] | IO[bytes], *, name: str | None = None) -> Rules:
    """Read rules from a TOML file (a path, or an open binary file with `name` for messages)."""
    if isinstance(source, str | os.PathLike):
        file = name or os.fspath(source)
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            raise WageHoursInputError(
                [InputProblem(file, None, None, f"cannot read: {exc.strerror or exc}")]
            ) from None
    else:
        file = name or str(getattr(source, "name", "rules"))
        data = source.read()
    try:
        table = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise WageHoursInputError([InputProblem(file, None, None, "not UTF-8 text")]) from None
    except tomllib.TOMLDecodeError as exc:
        raise WageHoursInputError(
            [InputProblem(file, None, None, f"not valid TOML: {exc}")]
        ) from None
    return rules_from_mapping(table, file=file)
