"""Recording an audit: its fields and constraints, the report document, the status moves,
and the change log."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sourceproof.audits import services
from sourceproof.audits.models import Audit, AuditStandard, AuditStatus
from sourceproof.audits.tests.helpers import (
    action_of,
    add_finding,
    answer_and_submit,
    days_ago,
    make_audit,
    not_a_pdf,
    pdf,
)
from sourceproof.core.changelog import history_for, verify_chain
from sourceproof.core.models import ChangeAction
from sourceproof.core.testing import Personas

pytestmark = pytest.mark.django_db


def errors(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


def test_it_records_an_audit_with_a_public_reference_and_history(personas: Personas) -> None:
    first = make_audit(personas)
    second = make_audit(personas)
    assert (first.reference, second.reference) == ("AUD-00001", "AUD-00002")
    assert first.status == AuditStatus.DRAFT
    assert first.lead_auditor_apsca == "CSCA 21701234"
    entry = history_for(first).get()
    assert entry.action == ChangeAction.CREATE
    assert entry.actor == personas.csr_manager
    assert entry.changes["reference"] == [None, "AUD-00001"]
    assert entry.changes["standard"] == [None, "smeta_6_1"]
    assert verify_chain().ok


@pytest.mark.parametrize(
    "number",
    ["CSCA 21701234", "csca21701234", "RA 2170123", "ASCA-123456", "21701234", "ASR/21700001"],
)
def test_it_accepts_apsca_numbers_with_or_without_a_level(personas: Personas, number: str) -> None:
    assert make_audit(personas, lead_auditor_apsca=number).lead_auditor_apsca == number.upper()


@pytest.mark.parametrize("number", ["CSCA", "12345", "XYZ 21701234", "CSCA 2170-1234"])
def test_it_refuses_a_malformed_apsca_number(personas: Personas, number: str) -> None:
    with pytest.raises(ValidationError) as exc:
        make_audit(personas, lead_auditor_apsca=number)
    assert "lead_auditor_apsca" in errors(exc)


def test_it_needs_pillars_for_a_smeta_audit(personas: Personas) -> None:
    with pytest.raises(ValidationError) as exc:
        make_audit(personas, pillars=None)
    assert errors(exc)["pillars"] == ["A SMETA audit covers 2 or 4 pillars."]


def test_it_allows_a_grade_only_on_an_amfori_bsci_audit(personas: Personas) -> None:
    with pytest.raises(ValidationError) as exc:
        make_audit(personas, bsci_grade="C")
    assert errors(exc)["bsci_grade"] == ["Only an amfori BSCI audit has a grade (A to E)."]
    bsci = make_audit(personas, standard=AuditStandard.AMFORI_BSCI, pillars=None, bsci_grade="c")
    assert bsci.bsci_grade == "C"


def test_it_keeps_the_grade_rule_in_the_database(personas: Personas) -> None:
    audit = make_audit(personas)
    with pytest.raises(IntegrityError), transaction.atomic():
        Audit.objects.filter(pk=audit.pk).update(bsci_grade="A")


def test_it_needs_an_audit_firm_except_for_an_internal_audit(personas: Personas) -> None:
    with pytest.raises(ValidationError) as exc:
        make_audit(personas, audit_firm=None)
    assert "audit_firm" in errors(exc)
    internal = make_audit(personas, standard=AuditStandard.INTERNAL, pillars=None, audit_firm=None)
    assert internal.audit_firm is None


def test_it_refuses_an_organisation_that_is_not_an_audit_firm(personas: Personas) -> None:
    with pytest.raises(ValidationError) as exc:
        make_audit(personas, audit_firm=personas.customer)
    assert errors(exc)["audit_firm"] == ["Choose an organisation that is an audit firm."]


def test_it_refuses_a_last_day_before_the_first(personas: Personas) -> None:
    with pytest.raises(ValidationError) as exc:
        make_audit(personas, start_date=days_ago(1), end=days_ago(3))
    assert "end_date" in errors(exc)


def test_it_refuses_a_malformed_sedex_reference(personas: Personas) -> None:
    with pytest.raises(ValidationError) as exc:
        make_audit(personas, sedex_audit_reference="ZS123456")
    assert "sedex_audit_reference" in errors(exc)
    assert make_audit(personas, sedex_audit_reference="zaa600123456").sedex_audit_reference == (
        "ZAA600123456"
    )


def test_it_lets_only_operator_staff_record_audits(personas: Personas) -> None:
    from django.http import Http404

    for name in ("viewer", "inspector", "auditor", "supplier_user", "customer_user"):
        with pytest.raises(Http404):
            make_audit(personas, by=getattr(personas, name))


# --------------------------------------------------------------------------- report


def test_it_stores_the_report_with_its_sha256(personas: Personas) -> None:
    audit = make_audit(personas)
    services.audit_report_upload(audit=audit, document=pdf("SMETA report.pdf"), by=personas.auditor)
    audit.refresh_from_db()
    assert audit.report.name.endswith(".pdf")
    assert audit.report.name.split("/")[-1].startswith("AUD-00001-smeta-report")
    assert len(audit.report_sha256) == 64
    entry = history_for(audit).first()
    assert entry is not None
    assert entry.summary == "Audit report uploaded."
    assert entry.actor == personas.auditor


def test_it_refuses_a_report_that_is_not_a_pdf_by_content(personas: Personas) -> None:
    audit = make_audit(personas)
    with pytest.raises(ValidationError) as exc:
        services.audit_report_upload(audit=audit, document=not_a_pdf(), by=personas.csr_manager)
    assert errors(exc)["report"] == ["The report must be a PDF document (judged by its content)."]


def test_it_refuses_a_report_over_the_size_limit(personas: Personas, settings: Any) -> None:
    settings.UPLOAD_MAX_BYTES = 50
    audit = make_audit(personas)
    with pytest.raises(ValidationError) as exc:
        services.audit_report_upload(audit=audit, document=pdf(), by=personas.csr_manager)
    assert "most allowed" in errors(exc)["report"][0]


def test_it_lets_only_the_audits_own_firm_upload_its_report(personas: Personas) -> None:
    from sourceproof.core.testing import OrganisationFactory, UserFactory

    other_firm = OrganisationFactory.create(kind="audit_firm")
    stranger = UserFactory.create(role="auditor", organisation=other_firm)
    audit = make_audit(personas)
    with pytest.raises(ValidationError):
        services.audit_report_upload(audit=audit, document=pdf(), by=stranger)


# --------------------------------------------------------------------------- status


def test_it_needs_the_report_before_report_received(personas: Personas) -> None:
    audit = make_audit(personas)
    with pytest.raises(ValidationError) as exc:
        services.audit_set_status(
            audit=audit, status=AuditStatus.REPORT_RECEIVED, by=personas.csr_manager
        )
    assert exc.value.messages == ["Upload the audit report first."]


def test_it_needs_a_past_last_day_before_report_received(personas: Personas) -> None:
    audit = make_audit(personas, end=dt.date.today() + dt.timedelta(days=30))
    services.audit_report_upload(audit=audit, document=pdf(), by=personas.csr_manager)
    with pytest.raises(ValidationError) as exc:
        services.audit_set_status(
            audit=audit, status=AuditStatus.REPORT_RECEIVED, by=personas.csr_manager
        )
    assert exc.value.messages == ["The audit's last day is in the future."]


def test_it_moves_through_the_statuses_and_records_each_move(personas: Personas) -> None:
    audit = make_audit(personas, status=AuditStatus.IN_PROGRESS)
    services.audit_report_upload(audit=audit, document=pdf(), by=personas.csr_manager)
    services.audit_set_status(
        audit=audit, status=AuditStatus.REPORT_RECEIVED, by=personas.csr_manager, comment="In."
    )
    services.audit_set_status(audit=audit, status=AuditStatus.CLOSED, by=personas.csr_manager)
    moves = [r.changes["status"] for r in history_for(audit).filter(action=ChangeAction.EVENT)]
    assert moves == [
        ["report_received", "closed"],
        ["in_progress", "report_received"],
        ["draft", "in_progress"],
    ]


def test_it_refuses_a_move_the_workflow_does_not_allow(personas: Personas) -> None:
    audit = make_audit(personas)
    with pytest.raises(ValidationError) as exc:
        services.audit_set_status(audit=audit, status=AuditStatus.CLOSED, by=personas.csr_manager)
    assert exc.value.messages == ["An audit cannot go from Draft to Closed."]


def test_it_closes_an_audit_only_when_every_action_is_verified(personas: Personas) -> None:
    audit = make_audit(personas, status=AuditStatus.REPORT_RECEIVED)
    finding = add_finding(audit, personas.auditor)
    add_finding(audit, personas.auditor, draft=True, title="Draft")
    with pytest.raises(ValidationError) as exc:
        services.audit_set_status(audit=audit, status=AuditStatus.CLOSED, by=personas.csr_manager)
    assert exc.value.messages == [
        "1 draft finding(s) must be confirmed or withdrawn first.",
        "1 corrective action(s) are not verified yet.",
    ]
    action = answer_and_submit(action_of(finding), personas)
    services.action_verify(action=action, by=personas.csr_manager)
    draft = audit.findings.get(title="Draft")
    services.finding_withdraw(finding=draft, by=personas.csr_manager, reason="Entered twice.")
    services.audit_set_status(audit=audit, status=AuditStatus.CLOSED, by=personas.csr_manager)
    assert Audit.objects.get(pk=audit.pk).status == AuditStatus.CLOSED


def test_it_freezes_a_closed_audit(personas: Personas) -> None:
    audit = make_audit(personas, status=AuditStatus.CLOSED)
    with pytest.raises(ValidationError):
        services.audit_update(audit=audit, by=personas.csr_manager, summary="Late note")
    with pytest.raises(ValidationError):
        add_finding(audit, personas.csr_manager)
    with pytest.raises(ValidationError):
        services.audit_report_upload(audit=audit, document=pdf(), by=personas.csr_manager)


def test_it_records_only_what_an_edit_changed(personas: Personas) -> None:
    audit = make_audit(personas)
    services.audit_update(audit=audit, by=personas.quality_manager, summary="Good cooperation.")
    services.audit_update(audit=audit, by=personas.quality_manager, summary="Good cooperation.")
    updates = history_for(audit).filter(action=ChangeAction.UPDATE)
    assert [r.changes for r in updates] == [{"summary": ["", "Good cooperation."]}]


def test_it_keeps_the_facility_of_an_audit_with_findings(personas: Personas) -> None:
    audit = make_audit(personas)
    add_finding(audit, personas.csr_manager)
    with pytest.raises(ValidationError) as exc:
        services.audit_update(
            audit=audit, by=personas.csr_manager, facility=personas.other_facility
        )
    assert "facility" in errors(exc)


def test_it_keeps_smeta_7_findings_on_a_smeta_7_audit(personas: Personas) -> None:
    audit = make_audit(personas, standard=AuditStandard.SMETA_7_0)
    add_finding(audit, personas.csr_manager, finding_type="collaborative_action", severity="")
    with pytest.raises(ValidationError) as exc:
        services.audit_update(audit=audit, by=personas.csr_manager, standard="smeta_6_1")
    assert "standard" in errors(exc)
