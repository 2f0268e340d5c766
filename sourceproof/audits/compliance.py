"""A facility's compliance status, derived from its audits and open findings, with reasons.

Pure Python, no Django: plain frozen dataclasses in and out, tested cell by cell
(audits/tests/test_compliance_status.py). `audits.selectors` builds the facts from the database.

The status, in order of precedence:

- **suspended**: an open critical non-compliance, or an open major one past its corrective
  action's due date. Every such finding is a reason.
- **not audited**: no audit of the facility has a received report (status report received or
  closed), and nothing suspends it.
- **conditional**: audited, and open major non-compliances all within their due dates.
- **approved**: audited, and no open critical or major non-compliance.

Open minor non-compliances never change the status; they are listed as notes. A finding is
open while it is recorded, a non-compliance, and its corrective action is not verified.

Sentences pass through `_` (identity by default) so the caller can translate them; dates are
ISO (2026-03-31), the same in every language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

APPROVED = "approved"
CONDITIONAL = "conditional"
SUSPENDED = "suspended"
NOT_AUDITED = "not_audited"
STATUSES = (APPROVED, CONDITIONAL, SUSPENDED, NOT_AUDITED)

CRITICAL = "critical"
MAJOR = "major"
MINOR = "minor"

# Audit statuses after which an audit counts as done (its report is in).
COMPLETED = ("report_received", "closed")
UNDER_WAY = ("draft", "in_progress")

Translate = Callable[[str], str]


def _same(text: str) -> str:
    return text


@dataclass(frozen=True)
class AuditFact:
    """One audit of the facility."""

    reference: str
    status: str  # draft, in_progress, report_received, closed, cancelled
    end_date: dt.date | None = None


@dataclass(frozen=True)
class OpenFinding:
    """One open (recorded, not yet verified) non-compliance of the facility."""

    reference: str
    severity: str  # critical, major or minor
    title: str = ""
    clause: str = ""  # how the clause is named, e.g. "ETI 4 No child labour"
    due_date: dt.date | None = None  # the corrective action's due date


@dataclass(frozen=True)
class ComplianceFacts:
    audits: tuple[AuditFact, ...] = ()
    open_findings: tuple[OpenFinding, ...] = ()


@dataclass(frozen=True)
class Reason:
    """One reason for the status. `blocking` reasons are the ones that suspend."""

    code: str
    text: str
    finding: str = ""
    blocking: bool = False


@dataclass(frozen=True)
class ComplianceStatus:
    status: str
    reasons: tuple[Reason, ...]
    last_audit: AuditFact | None = None

    @property
    def blocking_reasons(self) -> tuple[Reason, ...]:
        return tuple(r for r in self.reasons if r.blocking)

    @property
    def is_suspended(self) -> bool:
        return self.status == SUSPENDED


def last_completed_audit(audits: tuple[AuditFact, ...]) -> AuditFact | None:
    """The audit with a received report and the latest last day (None if there is none)."""
    done = [a for a in audits if a.status in COMPLETED and a.end_date is not None]
    if not done:
        return None
    return max(done, key=lambda a: (a.end_date, a.reference))


def _about(finding: OpenFinding) -> dict[str, str]:
    return {
        "ref": finding.reference,
        "clause": finding.clause or "-",
        "title": finding.title.strip().rstrip(".") or "-",
        "due": finding.due_date.isoformat() if finding.due_date else "-",
    }


def derive_status(
    facts: ComplianceFacts, *, today: dt.date, _: Translate = _same
) -> ComplianceStatus:
    """The facility's status on `today`, with every reason (blocking reasons first)."""
    findings = sorted(facts.open_findings, key=lambda f: (f.due_date or dt.date.max, f.reference))
    criticals = [f for f in findings if f.severity == CRITICAL]
    majors = [f for f in findings if f.severity == MAJOR]
    minors = [f for f in findings if f.severity == MINOR]
    overdue_majors = [f for f in majors if f.due_date is not None and f.due_date < today]
    pending_majors = [f for f in majors if f not in overdue_majors]
    last = last_completed_audit(facts.audits)

    reasons: list[Reason] = []
    for f in criticals:
        reasons.append(
            Reason(
                "critical_open",
                _("Open critical finding %(ref)s (%(clause)s): %(title)s.") % _about(f),
                f.reference,
                blocking=True,
            )
        )
    for f in overdue_majors:
        reasons.append(
            Reason(
                "major_overdue",
                _("Major finding %(ref)s (%(clause)s) is past its due date of %(due)s: %(title)s.")
                % _about(f),
                f.reference,
                blocking=True,
            )
        )

    if criticals or overdue_majors:
        status = SUSPENDED
    elif last is None:
        status = NOT_AUDITED
        reasons.append(
            Reason("no_audit", _("No audit of this facility has a received report yet."))
        )
    elif pending_majors:
        status = CONDITIONAL
    else:
        status = APPROVED

    for f in pending_majors:
        reasons.append(
            Reason(
                "major_open",
                _("Open major finding %(ref)s (%(clause)s), due %(due)s: %(title)s.") % _about(f),
                f.reference,
            )
        )
    if status == APPROVED:
        reasons.append(Reason("no_open_majors", _("No open critical or major findings.")))
    if last is not None and last.end_date is not None:
        reasons.append(
            Reason(
                "last_audit",
                _("Last audit with a report: %(ref)s, ended %(date)s.")
                % {"ref": last.reference, "date": last.end_date.isoformat()},
            )
        )
    under_way = sorted(
        (a for a in facts.audits if a.status in UNDER_WAY), key=lambda a: a.reference
    )
    for audit in under_way:
        reasons.append(
            Reason(
                "audit_under_way",
                _("Audit %(ref)s has no report yet.") % {"ref": audit.reference},
            )
        )
    overdue_minors = [f for f in minors if f.due_date is not None and f.due_date < today]
    if minors:
        text = (
            _("1 open minor finding; minor findings do not change the status.")
            if len(minors) == 1
            else _("%(n)s open minor findings; minor findings do not change the status.")
            % {"n": len(minors)}
        )
        reasons.append(Reason("minor_open", text))
    for f in overdue_minors:
        reasons.append(
            Reason(
                "minor_overdue",
                _("Minor finding %(ref)s is past its due date of %(due)s.") % _about(f),
                f.reference,
            )
        )
    return ComplianceStatus(status=status, reasons=tuple(reasons), last_audit=last)
