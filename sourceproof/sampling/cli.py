"""``sourceproof aql plan|oc|stream``: the sampling engine on the command line.

The command names, options and JSON fields are a contract (issue 3). Every bad argument
(lot size below 2, an AQL not in the standard, an unknown level...) is one line on
stderr and exit status 2, through ``sourceproof.cli.UsageError``.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from sourceproof.cli import UsageError
from sourceproof.sampling.aql import SamplingError
from sourceproof.sampling.oc import summarize
from sourceproof.sampling.plans import EDITIONS, INSPECTIONS, LEVELS, Plan, plan
from sourceproof.sampling.switching import Lot, LotOutcome, run_stream

_EDITION_TITLES = {"iso2859-1": "ISO 2859-1:1999", "z1.4": "ANSI/ASQ Z1.4 (MIL-STD-105E)"}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``aql`` and its sub-commands to the ``sourceproof`` console script."""
    parser = subparsers.add_parser(
        "aql",
        help="ISO 2859-1 sampling plans, OC curves and switching rules",
        description="ISO 2859-1 / ANSI/ASQ Z1.4 single sampling by attributes.",
    )
    parser.set_defaults(func=lambda ns: _missing_subcommand(parser))
    commands = parser.add_subparsers(dest="aql_command", metavar="SUBCOMMAND")

    plan_parser = commands.add_parser("plan", help="the sampling plan for a lot")
    _add_plan_options(plan_parser)
    plan_parser.set_defaults(func=_guarded(_plan_command))

    oc_parser = commands.add_parser("oc", help="operating characteristic of the plan")
    _add_plan_options(oc_parser)
    oc_parser.add_argument(
        "--at",
        metavar="P1,P2,...",
        help="qualities (percent nonconforming, or nonconformities per 100 items above AQL 10)",
    )
    oc_parser.set_defaults(func=_guarded(_oc_command))

    stream_parser = commands.add_parser(
        "stream", help="run the ISO 2859-1:1999 switching rules over a CSV of lots"
    )
    stream_parser.add_argument("--aql", required=True, help="AQL as in the standard, e.g. 2.5")
    stream_parser.add_argument("--level", default="II", help=f"one of {' '.join(LEVELS)}")
    stream_parser.add_argument(
        "--reduced-allowed",
        action="store_true",
        help="production is steady and the responsible authority approves reduced inspection",
    )
    stream_parser.add_argument("lots", metavar="LOTS.csv", help="columns lot_size,nonconforming")
    stream_parser.add_argument("--json", action="store_true", help="print JSON")
    stream_parser.set_defaults(func=_guarded(_stream_command))


def _add_plan_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lot-size", required=True, metavar="N", help="items in the lot (2 or more)"
    )
    parser.add_argument(
        "--aql", required=True, metavar="A", help="AQL as in the standard, e.g. 0.65"
    )
    parser.add_argument("--level", default="II", help=f"one of {' '.join(LEVELS)} (default II)")
    parser.add_argument(
        "--inspection", default="normal", help=f"one of {' '.join(INSPECTIONS)} (default normal)"
    )
    parser.add_argument(
        "--edition", default="iso2859-1", help=f"one of {' '.join(EDITIONS)} (default iso2859-1)"
    )
    parser.add_argument("--json", action="store_true", help="print JSON")


def _missing_subcommand(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _guarded(command: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Turn the engine's errors into the console script's one-line usage errors."""

    def run(ns: argparse.Namespace) -> int:
        try:
            return command(ns)
        except SamplingError as exc:
            raise UsageError(str(exc)) from None

    return run


def _lot_size(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise UsageError(f"--lot-size must be a whole number of items, got {text!r}") from None


def _plan_from(ns: argparse.Namespace) -> Plan:
    return plan(_lot_size(ns.lot_size), ns.aql, ns.level, ns.inspection, ns.edition)


def _print_json(data: object) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


def _table(rows: Sequence[Sequence[str]], out: TextIO) -> None:
    """Print rows as aligned columns, the first row a header; numeric columns right-aligned."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    numeric = [
        all(row[i] == "-" or row[i].replace(".", "").replace("-", "").isdigit() for row in rows[1:])
        for i in range(len(widths))
    ]
    for number, row in enumerate(rows):
        cells = [
            cell.rjust(widths[i]) if numeric[i] else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        print("  ".join(cells).rstrip(), file=out)
        if number == 0:
            print("  ".join("-" * w for w in widths), file=out)


def _plan_title(found: Plan) -> str:
    return (
        f"{_EDITION_TITLES[found.edition]}, {found.inspection} inspection, "
        f"level {found.level}, AQL {found.aql}"
    )


def _plan_rows(found: Plan) -> list[list[str]]:
    sample = str(found.sample_size)
    if found.full_inspection:
        sample += " (100 % inspection: the sample would be the whole lot)"
    return [
        ["", ""],
        ["lot size", str(found.lot_size)],
        ["code letter (Table I)", found.code_letter],
        ["plan code letter", found.plan_code_letter],
        ["sample size", sample],
        ["accept (Ac)", str(found.accept)],
        ["reject (Re)", str(found.reject)],
    ]


def _print_plan(found: Plan) -> None:
    print(_plan_title(found))
    for label, value in _plan_rows(found)[1:]:
        print(f"  {label:<22} {value}")
    if found.has_gap:
        print(
            f"  a count from {found.accept + 1} to {found.reject - 1} accepts the lot "
            "but reinstates normal inspection"
        )


def _plan_command(ns: argparse.Namespace) -> int:
    found = _plan_from(ns)
    if ns.json:
        _print_json(found.as_dict())
    else:
        _print_plan(found)
    return 0


def _qualities(text: str | None) -> tuple[float, ...] | None:
    if text is None:
        return None
    values = []
    for part in text.split(","):
        try:
            value = float(part.strip())
        except ValueError:
            raise UsageError(
                f"--at takes numbers separated by commas, got {part.strip()!r}"
            ) from None
        if not value >= 0 or value == float("inf"):
            raise UsageError(f"--at qualities must be numbers >= 0, got {part.strip()!r}")
        values.append(value)
    return tuple(values)


def _oc_command(ns: argparse.Namespace) -> int:
    found = _plan_from(ns)
    summary = summarize(found, _qualities(ns.at))
    if ns.json:
        _print_json(summary.as_dict())
        return 0
    unit = "nonconformities per 100 items" if summary.model == "poisson" else "% nonconforming"
    _print_plan(found)
    print(f"\nProbability of acceptance ({summary.model}; p in {unit}):")
    rows = [["p", "Pa"]] + [[f"{pt.p:g}", f"{pt.pa:.4f}"] for pt in summary.points]
    _table(rows, sys.stdout)
    print(f"\nproducer's risk at AQL {found.aql}: {summary.producer_risk:.4f}")
    print(f"LQ10 (accepted 10 % of the time):  {summary.lq10:.4g}")
    print(f"AOQL:                              {summary.aoql:.4g}")
    return 0


def _read_lots(path: str) -> list[Lot]:
    if path == "-":
        return _parse_lots(sys.stdin, "stdin")
    try:
        with Path(path).open(newline="", encoding="utf-8-sig") as handle:
            return _parse_lots(handle, path)
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None


def _parse_lots(handle: TextIO, name: str) -> list[Lot]:
    reader = csv.DictReader(handle)
    columns = [c.strip() for c in reader.fieldnames or []]
    missing = [c for c in ("lot_size", "nonconforming") if c not in columns]
    if missing:
        raise UsageError(f"{name}: the header must name the columns lot_size,nonconforming")
    reader.fieldnames = columns
    lots = []
    for row in reader:
        line = reader.line_num
        values = {key: (value or "").strip() for key, value in row.items() if key is not None}
        if not any(values.values()):
            continue
        try:
            lot_size = int(values["lot_size"])
            nonconforming = int(values["nonconforming"])
        except ValueError:
            raise UsageError(
                f"{name} line {line}: lot_size and nonconforming must be whole numbers, "
                f"got {values['lot_size']!r},{values['nonconforming']!r}"
            ) from None
        if lot_size < 2:
            raise UsageError(f"{name} line {line}: lot size must be at least 2, got {lot_size}")
        if nonconforming < 0:
            raise UsageError(f"{name} line {line}: nonconforming cannot be negative")
        resume = values.get("resume", "").lower() in ("1", "true", "yes")
        lots.append(Lot(lot_size, nonconforming, resume))
    return lots


def _stream_command(ns: argparse.Namespace) -> int:
    lots = _read_lots(ns.lots)
    outcomes = run_stream(lots, ns.aql, ns.level, reduced_allowed=ns.reduced_allowed)
    if ns.json:
        _print_json({"lots": [o.as_dict() for o in outcomes]})
        return 0
    _table(_stream_rows(outcomes), sys.stdout)
    return 0


def _verdict(outcome: LotOutcome) -> str:
    if outcome.accepted is None:
        return "-"
    return "accepted" if outcome.accepted else "not accepted"


def _stream_rows(outcomes: Sequence[LotOutcome]) -> list[list[str]]:
    rows = [["lot", "inspection", "letter", "n", "Ac", "Re", "d", "verdict", "score", "next"]]
    for o in outcomes:
        rows.append(
            [
                str(o.index),
                o.inspection,
                o.plan_code_letter or o.code_letter,
                "-" if o.sample_size is None else str(o.sample_size),
                "-" if o.accept is None else str(o.accept),
                "-" if o.reject is None else str(o.reject),
                str(o.nonconforming),
                _verdict(o),
                str(o.switching_score),
                o.next_inspection,
            ]
        )
    return rows
