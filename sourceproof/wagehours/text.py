"""Findings in words: one sentence per finding, and the command's plain-text report.

The web screen uses `describe` to draft an audit finding's text; the command line prints
`render_report`.
"""

from __future__ import annotations

import datetime as dt

from sourceproof.wagehours.engine import RULES, Finding, Report
from sourceproof.wagehours.rules import Rules

#: What each rule checks, in a line.
RULE_TITLES: dict[str, str] = {
    "hours.weekly_regular": "regular hours in an ISO week above the limit (ETI 6.2)",
    "hours.weekly_total": "regular + overtime hours in an ISO week above the limit (ETI 6.4)",
    "hours.rest_day": "consecutive days worked without a day off above the limit (ETI 6.6)",
    "wage.minimum": "regular pay per regular hour below the legal minimum wage (ETI 5.1)",
    "wage.overtime_premium": "overtime pay below the premium rates (ETI 6.3)",
    "age.minimum": "worked before reaching the minimum age (ETI 4, ILO C138)",
    "age.young_worker_overtime": "overtime while under the adult age (ETI 4.3, ILO C138 art. 3)",
}


def _number(value: float) -> str:
    """A number without float noise or trailing zeros: 49.5, 48, 0.25."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def iso_week(day: dt.date) -> str:
    """The ISO week of `day` as 2021-W01."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def describe(finding: Finding, rules: Rules) -> str:
    """One sentence a CSR manager can paste into an audit finding."""
    m, limit = finding.measured, finding.limit
    week = f"ISO week {iso_week(finding.period_start)}"
    dates = f"{finding.period_start.isoformat()} to {finding.period_end.isoformat()}"
    money = rules.currency
    sentences = {
        "hours.weekly_regular": f"{_number(m)} regular hours in {week}, above the limit of {_number(limit)}.",
        "hours.weekly_total": (
            f"{_number(m)} hours including overtime in {week}, above the limit of {_number(limit)}."
        ),
        "hours.rest_day": (
            f"{_number(m)} consecutive days worked without a day off ({dates}), "
            f"above the limit of {_number(limit)}."
        ),
        "wage.minimum": (
            f"Paid {m:.4f} {money} per regular hour for {dates}, below the legal minimum "
            f"of {limit:.2f} {money}."
        ),
        "wage.overtime_premium": (
            f"Overtime pay of {m:.2f} {money} for {dates}, below the {limit:.2f} {money} "
            "due at the overtime premium rates."
        ),
        "age.minimum": (
            f"Worked from {dates} aged {_number(m)}, below the minimum age of {_number(limit)}."
        ),
        "age.young_worker_overtime": (
            f"{_number(m)} overtime hours in {week} while under {rules.adult_age}."
        ),
    }
    return sentences[finding.rule]


def _measure(finding: Finding) -> tuple[str, str]:
    if finding.rule == "wage.minimum":
        return f"{finding.measured:.4f}", f"{finding.limit:.2f}"
    if finding.rule == "wage.overtime_premium":
        return f"{finding.measured:.2f}", f"{finding.limit:.2f}"
    return _number(finding.measured), _number(finding.limit)


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in [header, *rows]
    ]


def render_report(report: Report, rules: Rules) -> str:
    """The plain-text report: every finding, a summary by rule, and what was not checked."""
    lines: list[str] = []
    if report.findings:
        rows = []
        for finding in report.findings:
            period = f"{finding.period_start.isoformat()} to {finding.period_end.isoformat()}"
            if finding.rule in (
                "hours.weekly_regular",
                "hours.weekly_total",
                "age.young_worker_overtime",
            ):
                period += f" ({iso_week(finding.period_start)})"
            rows.append([finding.rule, finding.worker_id, period, *_measure(finding)])
        lines += _table(["RULE", "WORKER", "PERIOD", "MEASURED", "LIMIT"], rows)
    else:
        lines.append("No findings.")
    lines += ["", "Findings by rule:"]
    counts = report.counts_by_rule()
    lines += _table(
        ["RULE", "FINDINGS", "CHECKS"],
        [[rule, str(counts[rule]), RULE_TITLES[rule]] for rule in RULES],
    )
    lines.append("")
    if report.not_checked:
        count = len(report.not_checked)
        workers = "worker" if count == 1 else "workers"
        lines.append(f"Not checked ({count} {workers}; not reported as compliant):")
        rows = []
        for item in report.not_checked_details:
            period = ""
            if item.period_start is not None and item.period_end is not None:
                period = f"{item.period_start.isoformat()} to {item.period_end.isoformat()}"
            rows.append([item.worker_id, item.reason, period])
        lines += _table(["WORKER", "WHAT WAS NOT CHECKED", "PERIOD"], rows)
    else:
        lines.append("Every worker was checked.")
    return "\n".join(lines) + "\n"
