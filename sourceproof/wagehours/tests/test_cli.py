"""`sourceproof wagehours check`: the documented JSON, the table, and exit statuses.

Exit status 0 when checked (findings or not), 2 when an input cannot be used.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from sourceproof.cli import main
from sourceproof.wagehours.cli import register

WORKERS = """worker_id,date_of_birth,hire_date
W1,1990-06-15,2020-01-01
Y1,2009-03-10,2024-03-01
N1,1985-01-01,2015-01-01
"""
# W1: Mon 2024-03-04 to Sun 2024-03-10, 8 regular hours a day (56 in the week, 7 days in a
# row), 2 overtime hours on Sat 03-09: 58 in total (not above 60).
# Y1: 14 years old (15 on 2024-03-10); 4 regular + 1 overtime hour on Mon 03-04.
TIME = """worker_id,date,regular_hours,overtime_hours,day_type
W1,2024-03-04,8,0,working
W1,2024-03-05,8,0,working
W1,2024-03-06,8,0,working
W1,2024-03-07,8,0,working
W1,2024-03-08,8,0,working
W1,2024-03-09,8,2,working
W1,2024-03-10,8,0,rest
Y1,2024-03-04,4,1,working
"""
# W1: 56 h x 14.00 = 784.00 regular pay (the minimum); overtime due 2 x 14 x 1.25 = 35.00,
# paid 30.00. Y1: 48.00 / 4 h = 12.00 an hour; overtime due 1 x 12 x 1.25 = 15.00, paid.
PAY = """worker_id,period_start,period_end,regular_pay,overtime_pay,currency
W1,2024-03-01,2024-03-31,784.00,30.00,CNY
Y1,2024-03-01,2024-03-31,48.00,15.00,CNY
"""
EXPECTED = {
    "findings": [
        {
            "rule": "hours.weekly_regular",
            "worker_id": "W1",
            "period_start": "2024-03-04",
            "period_end": "2024-03-10",
            "measured": 56.0,
            "limit": 48.0,
        },
        {
            "rule": "hours.rest_day",
            "worker_id": "W1",
            "period_start": "2024-03-04",
            "period_end": "2024-03-10",
            "measured": 7,
            "limit": 6,
        },
        {
            "rule": "wage.minimum",
            "worker_id": "Y1",
            "period_start": "2024-03-01",
            "period_end": "2024-03-31",
            "measured": 12.0,
            "limit": 14.0,
        },
        {
            "rule": "wage.overtime_premium",
            "worker_id": "W1",
            "period_start": "2024-03-01",
            "period_end": "2024-03-31",
            "measured": 30.0,
            "limit": 35.0,
        },
        {
            "rule": "age.minimum",
            "worker_id": "Y1",
            "period_start": "2024-03-04",
            "period_end": "2024-03-04",
            "measured": 14,
            "limit": 15,
        },
        {
            "rule": "age.young_worker_overtime",
            "worker_id": "Y1",
            "period_start": "2024-03-04",
            "period_end": "2024-03-10",
            "measured": 1.0,
            "limit": 0.0,
        },
    ],
    "not_checked": ["N1"],
}


@pytest.fixture
def files(tmp_path: Path) -> list[str]:
    for name, text in (
        ("workers.csv", WORKERS),
        ("time.csv", TIME),
        ("pay.csv", PAY),
        ("rules.toml", "minimum_hourly_wage = 14.0\n"),
    ):
        (tmp_path / name).write_text(text)
    return [
        "--workers",
        str(tmp_path / "workers.csv"),
        "--time",
        str(tmp_path / "time.csv"),
        "--pay",
        str(tmp_path / "pay.csv"),
        "--rules",
        str(tmp_path / "rules.toml"),
    ]


def test_it_prints_the_documented_json(
    files: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["wagehours", "check", *files, "--json"])
    out = capsys.readouterr().out
    assert status == 0
    assert json.loads(out) == EXPECTED
    # Whole numbers for days and ages; decimals for hours and money.
    assert '"measured": 7,' in out
    assert '"measured": 56.0,' in out


def test_it_prints_a_table_and_a_summary_by_rule(
    files: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["wagehours", "check", *files]) == 0
    lines = [" ".join(line.split()) for line in capsys.readouterr().out.splitlines()]
    assert lines[0] == "RULE WORKER PERIOD MEASURED LIMIT"
    assert lines[1] == "hours.weekly_regular W1 2024-03-04 to 2024-03-10 (2024-W10) 56 48"
    assert "wage.minimum Y1 2024-03-01 to 2024-03-31 12.0000 14.00" in lines
    assert "wage.overtime_premium W1 2024-03-01 to 2024-03-31 30.00 35.00" in lines
    assert "Findings by rule:" in lines
    assert (
        "hours.weekly_total 0 regular + overtime hours in an ISO week above the limit (ETI 6.4)"
        in lines
    )
    assert "N1 no time records" in lines


def test_it_exits_2_naming_each_problem_on_its_own_line(
    tmp_path: Path, files: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "time.csv").write_text(
        TIME + "W1,2024-03-11,eight,0,working\nW9,2024-03-11,8,0,working\n"
    )
    status = main(["wagehours", "check", *files, "--json"])
    captured = capsys.readouterr()
    assert status == 2
    assert captured.out == ""
    assert captured.err.replace(f"{tmp_path}/", "").splitlines() == [
        "sourceproof: error: time.csv, row 10, column 'regular_hours': 'eight' is not a number",
        "sourceproof: error: time.csv, row 11, column 'worker_id': worker 'W9' is not in workers.csv",
    ]


def test_it_exits_2_for_bad_rules_and_still_checks_the_files(
    tmp_path: Path, files: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "rules.toml").write_text("currency = 'CNY'\n")
    (tmp_path / "workers.csv").write_text(WORKERS + "X1,1990-13-01,2020-01-01\n")
    assert main(["wagehours", "check", *files]) == 2
    assert capsys.readouterr().err.replace(f"{tmp_path}/", "") == (
        "sourceproof: error: rules.toml, column 'minimum_hourly_wage': missing: the legal "
        "minimum hourly wage for the facility's region has no default\n"
        "sourceproof: error: workers.csv, row 5, column 'date_of_birth': '1990-13-01' is not "
        "a date (use YYYY-MM-DD)\n"
    )


def test_it_requires_every_file(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as excinfo:
        main(["wagehours", "check", "--workers", "w.csv"])
    assert excinfo.value.code == 2
    assert "the following arguments are required: --time, --pay, --rules" in capsys.readouterr().err


def test_it_registers_on_any_parser(files: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser(prog="sourceproof")
    register(parser.add_subparsers())
    ns = parser.parse_args(["wagehours", "check", *files, "--json"])
    assert ns.func(ns) == 0
    assert json.loads(capsys.readouterr().out) == EXPECTED


def test_it_runs_as_the_installed_command(files: list[str]) -> None:
    command = Path(sys.executable).parent / "sourceproof"
    if not command.exists():  # pragma: no cover - only without the project's venv
        pytest.skip("the sourceproof console script is not installed")
    done = subprocess.run(
        [str(command), "wagehours", "check", *files, "--json"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert json.loads(done.stdout) == EXPECTED


def test_it_exits_2_from_the_installed_command(tmp_path: Path, files: list[str]) -> None:
    command = Path(sys.executable).parent / "sourceproof"
    if not command.exists():  # pragma: no cover - only without the project's venv
        pytest.skip("the sourceproof console script is not installed")
    (tmp_path / "pay.csv").write_text(PAY.replace("CNY\nY1", "USD\nY1"))
    done = subprocess.run(
        [str(command), "wagehours", "check", *files],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.replace(f"{tmp_path}/", "") == (
        "sourceproof: error: pay.csv, row 2, column 'currency': 'USD' does not match the "
        "rules' currency 'CNY'\n"
    )
