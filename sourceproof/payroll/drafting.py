"""How an analyser finding becomes a draft audit finding: clause, severity, title, evidence.

The mapping (documented in docs/payroll.md):

| rule | ETI clause | suggested severity |
|---|---|---|
| `hours.weekly_regular` | 6 | minor; major when more than 12 hours over the limit |
| `hours.weekly_total` | 6 | major; critical at 72 hours or more in the week |
| `hours.rest_day` | 6 | major; critical at 14 or more days in a row |
| `wage.minimum` | 5 | major; critical below 80 % of the legal minimum |
| `wage.overtime_premium` | 5 | major |
| `age.minimum` | 4 | critical (child labour) |
| `age.young_worker_overtime` | 4 | major |

Every draft is a non-compliance of the labour-standards pillar, with the period of the
breach, `rule_code` = the rule, and evidence = the analyser's sentence, the measured value
and the limit, and where the rules came from. Where the rules were stricter than the ETI Base
Code because of local law (a weekly limit below 48/60, a premium above 1.25, a minimum age
above 15), the finding says local law applied and names the legal-wage row's source; a
minimum-wage finding names the source too (the code defers to the legal minimum).
The CSR manager can choose one severity for the whole selection instead, and edits or
confirms each draft on the audit's page.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sourceproof.audits.models import AppliedStandard, Clause, Severity
from sourceproof.wagehours import Finding as AnalyserFinding

ETI_WEEKLY_REGULAR = 48.0
ETI_WEEKLY_TOTAL = 60.0
ETI_PREMIUM = 1.25
ILO_MINIMUM_AGE = 15

RULE_TITLES = {
    "hours.weekly_regular": gettext_lazy("Regular hours in a week above the limit"),
    "hours.weekly_total": gettext_lazy("Total hours in a week above the limit"),
    "hours.rest_day": gettext_lazy("Too many days in a row without a day off"),
    "wage.minimum": gettext_lazy("Paid below the legal minimum wage"),
    "wage.overtime_premium": gettext_lazy("Overtime paid below the premium rate"),
    "age.minimum": gettext_lazy("Worked below the minimum age"),
    "age.young_worker_overtime": gettext_lazy("Overtime by a worker under 18"),
}

_CLAUSES = {"hours": Clause.ETI_6, "wage": Clause.ETI_5, "age": Clause.ETI_4}


def rule_title(rule: str) -> str:
    return str(RULE_TITLES.get(rule, rule))


def clause_for(rule: str) -> str:
    """The ETI Base Code clause a rule's finding breaks: 6 hours, 5 wages, 4 age."""
    return str(_CLAUSES[rule.split(".", 1)[0]])


def suggested_severity(finding: AnalyserFinding) -> str:
    m, limit = float(finding.measured), float(finding.limit)
    rule = finding.rule
    if rule == "age.minimum":
        return Severity.CRITICAL
    if rule == "hours.weekly_regular":
        return Severity.MAJOR if m > limit + 12 else Severity.MINOR
    if rule == "hours.weekly_total":
        return Severity.CRITICAL if m >= 72 else Severity.MAJOR
    if rule == "hours.rest_day":
        return Severity.CRITICAL if m >= 14 else Severity.MAJOR
    if rule == "wage.minimum":
        return Severity.CRITICAL if m < 0.8 * limit else Severity.MAJOR
    return Severity.MAJOR


def applied_standard(rule: str, rules: Mapping[str, Any]) -> str:
    """Which standard the rule's limit came from (local law where it was stricter)."""
    premium = rules.get("overtime_premium") or {}
    stricter = {
        "hours.weekly_regular": float(rules.get("weekly_regular_hours_max", ETI_WEEKLY_REGULAR))
        < ETI_WEEKLY_REGULAR,
        "hours.weekly_total": float(rules.get("weekly_total_hours_max", ETI_WEEKLY_TOTAL))
        < ETI_WEEKLY_TOTAL,
        "wage.overtime_premium": any(float(v) > ETI_PREMIUM for v in premium.values()),
        "age.minimum": int(rules.get("minimum_age", ILO_MINIMUM_AGE)) > ILO_MINIMUM_AGE,
    }
    if stricter.get(rule):
        return AppliedStandard.LOCAL_LAW
    if rule == "wage.minimum":
        return AppliedStandard.BOTH
    return AppliedStandard.ETI_BASE_CODE


def period_label(finding: AnalyserFinding) -> str:
    start, end = finding.period_start, finding.period_end
    if finding.rule in ("hours.weekly_regular", "hours.weekly_total", "age.young_worker_overtime"):
        year, week, _day = start.isocalendar()
        return f"{year}-W{week:02d}"
    if start == end:
        return start.isoformat()
    return f"{start.isoformat()} to {end.isoformat()}"


def title(finding: AnalyserFinding) -> str:
    text = _("%(title)s: worker %(worker)s, %(period)s") % {
        "title": rule_title(finding.rule),
        "worker": finding.worker_id,
        "period": period_label(finding),
    }
    return text[:200]


def _number(value: float) -> str:
    text = f"{float(value):.4f}".rstrip("0").rstrip(".")
    return text or "0"


def evidence(finding: AnalyserFinding, *, sentence: str, run_label: str, rules_source: str) -> str:
    lines = [
        sentence,
        _("Measured: %(measured)s; limit: %(limit)s.")
        % {"measured": _number(finding.measured), "limit": _number(finding.limit)},
        _("Period: %(start)s to %(end)s.")
        % {"start": finding.period_start.isoformat(), "end": finding.period_end.isoformat()},
        _("Source: %(run)s; rules from %(rules)s.") % {"run": run_label, "rules": rules_source},
    ]
    return "\n".join(lines)
