"""`sourceproof wagehours check`: the analyser on files, from the command line.

    sourceproof wagehours check --workers W --time T --pay P --rules R [--json]

Exit status: 0 when the records were checked, whether or not there are findings (findings
are the output, not a failure of the command); 2 when an input cannot be used, with one
line per problem on standard error naming the file, row and column.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from sourceproof.wagehours.engine import check
from sourceproof.wagehours.errors import WageHoursInputError
from sourceproof.wagehours.inputs import load
from sourceproof.wagehours.text import render_report

EXIT_CHECKED = 0
EXIT_BAD_INPUT = 2


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `wagehours check` to the `sourceproof` command."""
    parser = subparsers.add_parser(
        "wagehours",
        help="check payroll and time records against the ETI Base Code and local law",
        description="ETI wage and working-hours analyser.",
    )
    commands = parser.add_subparsers(dest="wagehours_command", metavar="COMMAND", required=True)
    run = commands.add_parser(
        "check",
        help="check workers, time and pay records against a rules file",
        description=(
            "Check time and pay records against the ETI Base Code and local law. "
            "Files are CSV or XLSX (by extension); the rules are TOML. "
            "Exit status 0 when checked (even with findings), 2 for unusable input."
        ),
    )
    run.add_argument(
        "--workers", required=True, metavar="FILE", help="worker_id, date_of_birth, hire_date"
    )
    run.add_argument(
        "--time",
        required=True,
        metavar="FILE",
        help="worker_id, date, regular_hours, overtime_hours, day_type",
    )
    run.add_argument(
        "--pay",
        required=True,
        metavar="FILE",
        help="worker_id, period_start, period_end, regular_pay, overtime_pay, currency",
    )
    run.add_argument("--rules", required=True, metavar="FILE", help="rules TOML")
    run.add_argument(
        "--json",
        action="store_true",
        help='print {"findings": [...], "not_checked": [...]} instead of a table',
    )
    run.set_defaults(func=run_check)


def run_check(ns: argparse.Namespace) -> int:
    try:
        inputs = load(workers=ns.workers, time=ns.time, pay=ns.pay, rules=ns.rules)
    except WageHoursInputError as exc:
        for line in exc.lines():
            print(f"sourceproof: error: {line}", file=sys.stderr)
        return EXIT_BAD_INPUT
    report = check(inputs.workers, inputs.time, inputs.pay, inputs.rules)
    if ns.json:
        output = json.dumps(report.to_dict(), indent=2) + "\n"
    else:
        output = render_report(report, inputs.rules)
    try:
        sys.stdout.write(output)
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. piped into `head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return EXIT_CHECKED
