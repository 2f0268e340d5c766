"""The facility compliance status, cell by cell: every status, every boundary, every reason.
Pure: no database."""

from __future__ import annotations

import datetime as dt

import pytest

from sourceproof.audits.compliance import (
    APPROVED,
    CONDITIONAL,
    NOT_AUDITED,
    SUSPENDED,
    AuditFact,
    ComplianceFacts,
    OpenFinding,
    derive_status,
    last_completed_audit,
)

TODAY = dt.date(2026, 3, 1)
DONE = AuditFact("AUD-00001", "report_received", dt.date(2026, 1, 20))


def finding(severity: str, due: dt.date | None = TODAY, ref: str = "AUD-00001-F01") -> OpenFinding:
    return OpenFinding(
        reference=ref,
        severity=severity,
        title="Fire exit locked.",
        clause="ETI 3 Safe and hygienic working conditions",
        due_date=due,
    )


def status_of(*findings: OpenFinding, audits: tuple[AuditFact, ...] = (DONE,)) -> str:
    return derive_status(ComplianceFacts(audits=audits, open_findings=findings), today=TODAY).status


# --------------------------------------------------------------------------- the table
#   audited? | open critical | open major (due)        | → status
@pytest.mark.parametrize(
    ("audited", "findings", "expected"),
    [
        (False, (), NOT_AUDITED),
        (True, (), APPROVED),
        (True, (finding("minor"),), APPROVED),
        (True, (finding("minor", due=TODAY - dt.timedelta(days=30)),), APPROVED),
        (True, (finding("major", due=TODAY),), CONDITIONAL),  # due today: still within
        (True, (finding("major", due=TODAY + dt.timedelta(days=59)),), CONDITIONAL),
        (True, (finding("major", due=TODAY - dt.timedelta(days=1)),), SUSPENDED),  # a day late
        (True, (finding("major", due=None),), CONDITIONAL),  # no due date: not overdue
        (True, (finding("critical", due=TODAY + dt.timedelta(days=30)),), SUSPENDED),
        (True, (finding("critical"), finding("major", ref="F02")), SUSPENDED),
        (False, (finding("critical"),), SUSPENDED),  # critical beats "not audited"
        (False, (finding("major", due=TODAY - dt.timedelta(days=1)),), SUSPENDED),
        (False, (finding("major", due=TODAY + dt.timedelta(days=5)),), NOT_AUDITED),
        (False, (finding("minor"),), NOT_AUDITED),
    ],
)
def test_it_derives_the_status_cell_by_cell(
    audited: bool, findings: tuple[OpenFinding, ...], expected: str
) -> None:
    audits = (DONE,) if audited else ()
    assert status_of(*findings, audits=audits) == expected


@pytest.mark.parametrize(
    ("status", "counts"),
    [
        ("report_received", True),
        ("closed", True),
        ("draft", False),
        ("in_progress", False),
        ("cancelled", False),
    ],
)
def test_it_counts_only_audits_with_a_received_report(status: str, counts: bool) -> None:
    audit = AuditFact("AUD-00002", status, dt.date(2026, 1, 1))
    assert status_of(audits=(audit,)) == (APPROVED if counts else NOT_AUDITED)


def test_it_ignores_an_audit_with_a_report_but_no_last_day() -> None:
    assert status_of(audits=(AuditFact("AUD-00003", "closed", None),)) == NOT_AUDITED


# --------------------------------------------------------------------------- the reasons


def test_it_names_every_critical_and_overdue_major_as_a_blocking_reason() -> None:
    late = finding("major", due=dt.date(2026, 2, 27), ref="AUD-00001-F02")
    result = derive_status(
        ComplianceFacts(audits=(DONE,), open_findings=(finding("critical"), late)), today=TODAY
    )
    assert result.status == SUSPENDED
    assert [r.text for r in result.blocking_reasons] == [
        "Open critical finding AUD-00001-F01 (ETI 3 Safe and hygienic working conditions): "
        "Fire exit locked.",
        "Major finding AUD-00001-F02 (ETI 3 Safe and hygienic working conditions) is past its "
        "due date of 2026-02-27: Fire exit locked.",
    ]
    assert [r.finding for r in result.blocking_reasons] == ["AUD-00001-F01", "AUD-00001-F02"]
    assert result.is_suspended


def test_it_lists_the_open_majors_of_a_conditional_facility_with_their_due_dates() -> None:
    result = derive_status(
        ComplianceFacts(audits=(DONE,), open_findings=(finding("major", dt.date(2026, 4, 1)),)),
        today=TODAY,
    )
    assert result.status == CONDITIONAL
    assert result.blocking_reasons == ()
    assert [r.text for r in result.reasons] == [
        "Open major finding AUD-00001-F01 (ETI 3 Safe and hygienic working conditions), "
        "due 2026-04-01: Fire exit locked.",
        "Last audit with a report: AUD-00001, ended 2026-01-20.",
    ]


def test_it_explains_an_approved_facility_and_notes_minor_findings() -> None:
    result = derive_status(
        ComplianceFacts(
            audits=(DONE,),
            open_findings=(
                finding("minor", due=TODAY + dt.timedelta(days=10), ref="F1"),
                finding("minor", due=TODAY - dt.timedelta(days=2), ref="F2"),
            ),
        ),
        today=TODAY,
    )
    assert result.status == APPROVED
    assert [r.code for r in result.reasons] == [
        "no_open_majors",
        "last_audit",
        "minor_open",
        "minor_overdue",
    ]
    assert result.reasons[2].text == (
        "2 open minor findings; minor findings do not change the status."
    )
    assert result.reasons[3].text == "Minor finding F2 is past its due date of 2026-02-27."


def test_it_says_one_minor_finding_in_the_singular() -> None:
    result = derive_status(
        ComplianceFacts(audits=(DONE,), open_findings=(finding("minor"),)), today=TODAY
    )
    assert (
        result.reasons[-1].text == "1 open minor finding; minor findings do not change the status."
    )


def test_it_explains_not_audited_and_mentions_audits_under_way() -> None:
    result = derive_status(
        ComplianceFacts(
            audits=(
                AuditFact("AUD-00009", "in_progress", None),
                AuditFact("AUD-00008", "draft", None),
                AuditFact("AUD-00007", "cancelled", dt.date(2025, 1, 1)),
            )
        ),
        today=TODAY,
    )
    assert result.status == NOT_AUDITED
    assert [r.text for r in result.reasons] == [
        "No audit of this facility has a received report yet.",
        "Audit AUD-00008 has no report yet.",
        "Audit AUD-00009 has no report yet.",
    ]
    assert result.last_audit is None


def test_it_takes_the_latest_audit_with_a_report_as_the_last_audit() -> None:
    audits = (
        AuditFact("AUD-00001", "closed", dt.date(2025, 1, 1)),
        AuditFact("AUD-00002", "report_received", dt.date(2026, 1, 1)),
        AuditFact("AUD-00003", "in_progress", dt.date(2026, 2, 1)),
    )
    last = last_completed_audit(audits)
    assert last is not None
    assert last.reference == "AUD-00002"


def test_it_orders_blocking_reasons_by_due_date() -> None:
    result = derive_status(
        ComplianceFacts(
            audits=(DONE,),
            open_findings=(
                finding("critical", due=dt.date(2026, 3, 20), ref="B"),
                finding("critical", due=dt.date(2026, 3, 10), ref="A"),
            ),
        ),
        today=TODAY,
    )
    assert [r.finding for r in result.blocking_reasons] == ["A", "B"]


def test_it_translates_through_the_given_function() -> None:
    result = derive_status(ComplianceFacts(), today=TODAY, _=lambda text: text.upper())
    assert result.reasons[0].text == "NO AUDIT OF THIS FACILITY HAS A RECEIVED REPORT YET."
