"""A facility's social-compliance risk score, each part explained, and its next audit date.

Pure Python, no Django, tested cell by cell (audits/tests/test_risk_score.py). The score is
the sum of five parts (0-100 in all):

| part               | max | points                                                              |
|--------------------|-----|---------------------------------------------------------------------|
| country            | 25  | low 0 · risk 15 · no sourcing 25 · not in the table 10              |
| audit age          | 20  | under 12 months 0 · under 24 months 10 · older or never audited 20  |
| audit outcome      | 20  | last audit's non-compliances: critical 20 · major 12 · minor 4 ·    |
|                    |     | none 0; amfori BSCI grade A 0 · B 4 · C 10 · D 16 · E 20; the       |
|                    |     | higher of the two; never audited 10                                 |
| open findings      | 25  | 15 per critical + 6 per major + 1 per minor, at most 25             |
| inspection failures| 10  | failed / total inspections * 10, rounded; not counted (0) when no   |
|                    |     | inspection data exist                                               |

The class: high at or above `high_threshold` (default 50), medium at or above
`medium_threshold` (25), else low. The next audit is due that many months after the last
audit's last day (high 12, medium 24, low 36 by default); a facility never audited is due now.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sourceproof.orders.gate import add_months, whole_months_between

HIGH = "high"
MEDIUM = "medium"
LOW = "low"

COUNTRY_POINTS = {"low": 0, "risk": 15, "no_sourcing": 25}
COUNTRY_UNKNOWN_POINTS = 10
GRADE_POINTS = {"A": 0, "B": 4, "C": 10, "D": 16, "E": 20}
OPEN_POINTS = {"critical": 15, "major": 6, "minor": 1}
OPEN_MAX = 25

Translate = Callable[[str], str]


def _same(text: str) -> str:
    return text


@dataclass(frozen=True)
class RiskFacts:
    country: str
    country_name: str = ""
    country_risk_class: str | None = None  # low, risk, no_sourcing; None: not in the table
    last_audit_reference: str = ""
    last_audit_date: dt.date | None = None  # last day of the latest audit with a report
    last_audit_grade: str = ""  # amfori BSCI A-E, if the latest audit has one
    last_audit_critical: int = 0  # recorded non-compliances of the latest audit, open or not
    last_audit_major: int = 0
    last_audit_minor: int = 0
    open_critical: int = 0  # open non-compliances of every audit
    open_major: int = 0
    open_minor: int = 0
    inspections_total: int | None = None  # None: no inspection data
    inspections_failed: int = 0


@dataclass(frozen=True)
class RiskPolicy:
    today: dt.date
    high_threshold: int = 50
    medium_threshold: int = 25
    months_high: int = 12
    months_medium: int = 24
    months_low: int = 36


@dataclass(frozen=True)
class RiskPart:
    key: str
    label: str
    points: int
    max_points: int
    explanation: str
    counted: bool = True


@dataclass(frozen=True)
class RiskScore:
    score: int
    risk_class: str
    parts: tuple[RiskPart, ...]
    next_audit_due: dt.date
    next_audit_reason: str

    def due_in_days(self, today: dt.date) -> int:
        return (self.next_audit_due - today).days


def _country(facts: RiskFacts, _: Translate) -> RiskPart:
    name = facts.country_name or facts.country
    risk = facts.country_risk_class
    if risk is None or risk not in COUNTRY_POINTS:
        return RiskPart(
            "country",
            _("Country"),
            COUNTRY_UNKNOWN_POINTS,
            25,
            _("%(name)s has no risk class in the country table; counted as in between.")
            % {"name": name},
        )
    text = {
        "low": _("%(name)s is a low-risk country."),
        "risk": _("%(name)s is a risk country."),
        "no_sourcing": _("%(name)s is on the no-sourcing list."),
    }[risk] % {"name": name}
    return RiskPart("country", _("Country"), COUNTRY_POINTS[risk], 25, text)


def _age(facts: RiskFacts, today: dt.date, _: Translate) -> RiskPart:
    if facts.last_audit_date is None:
        return RiskPart(
            "audit_age", _("Audit age"), 20, 20, _("No audit with a report is recorded.")
        )
    months = max(0, whole_months_between(facts.last_audit_date, today))
    points = 0 if months < 12 else 10 if months < 24 else 20
    return RiskPart(
        "audit_age",
        _("Audit age"),
        points,
        20,
        _("The last audit (%(ref)s) ended %(date)s, %(months)s months ago.")
        % {
            "ref": facts.last_audit_reference or "-",
            "date": facts.last_audit_date.isoformat(),
            "months": months,
        },
    )


def _outcome(facts: RiskFacts, _: Translate) -> RiskPart:
    if facts.last_audit_date is None:
        return RiskPart(
            "audit_outcome",
            _("Audit outcome"),
            10,
            20,
            _("Unknown: never audited; counted as in between."),
        )
    if facts.last_audit_critical:
        by_findings = 20
        text = _("The last audit found %(n)s critical non-compliance(s).") % {
            "n": facts.last_audit_critical
        }
    elif facts.last_audit_major:
        by_findings = 12
        text = _("The last audit found %(n)s major non-compliance(s), no critical ones.") % {
            "n": facts.last_audit_major
        }
    elif facts.last_audit_minor:
        by_findings = 4
        text = _("The last audit found only minor non-compliances (%(n)s).") % {
            "n": facts.last_audit_minor
        }
    else:
        by_findings = 0
        text = _("The last audit found no non-compliances.")
    grade = facts.last_audit_grade.upper()
    if grade in GRADE_POINTS:
        text += " " + _("amfori BSCI grade %(grade)s.") % {"grade": grade}
        points = max(by_findings, GRADE_POINTS[grade])
    else:
        points = by_findings
    return RiskPart("audit_outcome", _("Audit outcome"), points, 20, text)


def _open(facts: RiskFacts, _: Translate) -> RiskPart:
    raw = (
        OPEN_POINTS["critical"] * facts.open_critical
        + OPEN_POINTS["major"] * facts.open_major
        + OPEN_POINTS["minor"] * facts.open_minor
    )
    points = min(OPEN_MAX, raw)
    if not (facts.open_critical or facts.open_major or facts.open_minor):
        text = _("No open findings.")
    else:
        text = _("Open findings: %(c)s critical, %(M)s major, %(m)s minor.") % {
            "c": facts.open_critical,
            "M": facts.open_major,
            "m": facts.open_minor,
        }
        if raw > OPEN_MAX:
            text += " " + _("Capped at %(max)s points.") % {"max": OPEN_MAX}
    return RiskPart("open_findings", _("Open findings"), points, OPEN_MAX, text)


def _inspections(facts: RiskFacts, _: Translate) -> RiskPart:
    total = facts.inspections_total
    if not total:
        return RiskPart(
            "inspections",
            _("Inspection failures"),
            0,
            10,
            _("No inspection results are available; not counted."),
            counted=False,
        )
    failed = min(max(facts.inspections_failed, 0), total)
    points = round(failed / total * 10)
    return RiskPart(
        "inspections",
        _("Inspection failures"),
        points,
        10,
        _("%(failed)s of %(total)s inspections failed.") % {"failed": failed, "total": total},
    )


def risk_class_for(score: int, policy: RiskPolicy) -> str:
    if score >= policy.high_threshold:
        return HIGH
    if score >= policy.medium_threshold:
        return MEDIUM
    return LOW


def months_for(risk_class: str, policy: RiskPolicy) -> int:
    return {HIGH: policy.months_high, MEDIUM: policy.months_medium, LOW: policy.months_low}[
        risk_class
    ]


def risk_score(facts: RiskFacts, policy: RiskPolicy, *, _: Translate = _same) -> RiskScore:
    """Score the facility, explain every part, and set the next audit's due date."""
    parts = (
        _country(facts, _),
        _age(facts, policy.today, _),
        _outcome(facts, _),
        _open(facts, _),
        _inspections(facts, _),
    )
    score = sum(p.points for p in parts)
    risk_class = risk_class_for(score, policy)
    if facts.last_audit_date is None:
        due = policy.today
        reason = _("Never audited: an audit is due now.")
    else:
        months = months_for(risk_class, policy)
        due = add_months(facts.last_audit_date, months)
        reason = _(
            "%(months)s months after the last audit (%(date)s), the interval for %(cls)s risk."
        ) % {
            "months": months,
            "date": facts.last_audit_date.isoformat(),
            "cls": {HIGH: _("high"), MEDIUM: _("medium"), LOW: _("low")}[risk_class],
        }
    return RiskScore(
        score=score,
        risk_class=risk_class,
        parts=parts,
        next_audit_due=due,
        next_audit_reason=reason,
    )
