"""The rules TOML: documented keys, defaults from the ETI Base Code and ILO C138.

Defaults: 48 regular hours (ETI 6.2), 60 in total (ETI 6.4), 6 days in a row (ETI 6.6),
premium 1.25 for every day type (ETI 6.3), minimum age 15 and adult age 18 (ILO C138).
The legal minimum wage has no default.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from sourceproof.wagehours import (
    OvertimePremium,
    Rules,
    WageHoursInputError,
    read_rules,
    rules_from_mapping,
)

FULL = """
weekly_regular_hours_max = 44
weekly_total_hours_max = 56.5
consecutive_working_days_max = 6
minimum_hourly_wage = 14.0
currency = "cny"
minimum_age = 16
adult_age = 18
money_tolerance = 0.05

[overtime_premium]
working = 1.5
rest = 2.0
holiday = 3
"""


def problems(text: str) -> list[tuple[str | None, str]]:
    with pytest.raises(WageHoursInputError) as excinfo:
        read_rules(io.BytesIO(text.encode()), name="rules.toml")
    assert all(p.file == "rules.toml" for p in excinfo.value.problems)
    return [(p.column, p.message) for p in excinfo.value.problems]


def test_it_reads_every_key(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text(FULL)
    assert read_rules(path) == Rules(
        weekly_regular_hours_max=44,
        weekly_total_hours_max=56.5,
        consecutive_working_days_max=6,
        minimum_hourly_wage=14.0,
        currency="CNY",
        minimum_age=16,
        adult_age=18,
        money_tolerance=0.05,
        overtime_premium=OvertimePremium(working=1.5, rest=2.0, holiday=3),
    )


def test_it_defaults_everything_but_the_minimum_wage() -> None:
    rules = read_rules(io.BytesIO(b"minimum_hourly_wage = 2.5\n"), name="rules.toml")
    assert rules == Rules(minimum_hourly_wage=2.5)
    assert (
        rules.weekly_regular_hours_max,
        rules.weekly_total_hours_max,
        rules.consecutive_working_days_max,
        rules.currency,
        rules.minimum_age,
        rules.adult_age,
        rules.money_tolerance,
        rules.overtime_premium.as_dict(),
    ) == (48, 60, 6, "CNY", 15, 18, 0.01, {"working": 1.25, "rest": 1.25, "holiday": 1.25})


def test_it_defaults_the_day_types_left_out_of_the_premium_table() -> None:
    rules = read_rules(io.BytesIO(b"minimum_hourly_wage = 14\n[overtime_premium]\nholiday = 3.0\n"))
    assert rules.overtime_premium == OvertimePremium(working=1.25, rest=1.25, holiday=3.0)


def test_it_requires_the_minimum_wage() -> None:
    assert problems("currency = 'CNY'\n") == [
        (
            "minimum_hourly_wage",
            "missing: the legal minimum hourly wage for the facility's region has no default",
        )
    ]


def test_it_refuses_unknown_keys() -> None:
    text = "minimum_hourly_wage = 14\nweekly_hours_max = 40\n[overtime_premium]\nsunday = 2.0\n"
    assert problems(text) == [
        (
            "weekly_hours_max",
            "unknown key (known keys: minimum_hourly_wage, weekly_regular_hours_max, "
            "weekly_total_hours_max, consecutive_working_days_max, currency, minimum_age, "
            "adult_age, money_tolerance, overtime_premium)",
        ),
        ("overtime_premium.sunday", "unknown day type (known: working, rest, holiday)"),
    ]


def test_it_refuses_values_of_the_wrong_type() -> None:
    text = """
minimum_hourly_wage = "14"
consecutive_working_days_max = 6.5
minimum_age = true
currency = 156
overtime_premium = 1.5
"""
    assert problems(text) == [("overtime_premium", "must be a table: [overtime_premium]")]
    text = text.replace("overtime_premium = 1.5\n", "")
    assert problems(text) == [
        ("minimum_hourly_wage", "must be a number, not '14'"),
        ("consecutive_working_days_max", "must be a whole number, not 6.5"),
        ("minimum_age", "must be a whole number, not True"),
        ("currency", "must be a three-letter ISO 4217 code in capitals, not 156"),
    ]


def test_it_refuses_values_out_of_range() -> None:
    text = """
minimum_hourly_wage = 0
weekly_regular_hours_max = -48
consecutive_working_days_max = 0
minimum_age = 16
adult_age = 15
money_tolerance = -0.01
currency = "YUAN"
[overtime_premium]
rest = 0.9
"""
    assert problems(text) == [
        ("minimum_hourly_wage", "must be more than 0, not 0"),
        ("weekly_regular_hours_max", "must be more than 0, not -48"),
        ("money_tolerance", "must not be negative, not -0.01"),
        ("consecutive_working_days_max", "must be at least 1, not 0"),
        ("adult_age", "must not be below minimum_age (16), not 15"),
        ("currency", "must be a three-letter ISO 4217 code in capitals, not 'YUAN'"),
        (
            "overtime_premium.rest",
            "must be at least 1 (overtime is never paid below the regular rate), not 0.9",
        ),
    ]


def test_it_refuses_a_file_that_is_not_toml() -> None:
    [(column, message)] = problems("minimum_hourly_wage = \n")
    assert column is None
    assert message.startswith("not valid TOML: ")
    assert "line 1" in message


def test_it_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(WageHoursInputError) as excinfo:
        read_rules(tmp_path / "rules.toml")
    [problem] = excinfo.value.problems
    assert problem.file == f"{tmp_path}/rules.toml"
    assert problem.message == "cannot read: No such file or directory"


def test_it_checks_rules_built_in_code_too() -> None:
    with pytest.raises(WageHoursInputError) as excinfo:
        Rules(minimum_hourly_wage=14, weekly_total_hours_max=float("inf"))
    assert [(p.file, p.column) for p in excinfo.value.problems] == [
        ("rules", "weekly_total_hours_max")
    ]


def test_it_builds_rules_from_a_mapping_for_the_web_screen() -> None:
    rules = rules_from_mapping(
        {"minimum_hourly_wage": 21.5, "overtime_premium": {"rest": 2.0}}, file="Shenzhen 2024"
    )
    assert rules.minimum_hourly_wage == 21.5
    assert rules.overtime_premium.for_day_type("rest") == 2.0
