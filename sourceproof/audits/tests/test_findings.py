"""Entering findings: type, severity, pillar and clause rules, SMETA 7.0 types, local law,
drafts, withdrawal, and the corrective action each recorded non-compliance gets."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from sourceproof.audits import services
from sourceproof.audits.models import (
    ActionStatus,
    AuditStandard,
    AuditStatus,
    CorrectiveAction,
    Finding,
    FindingStatus,
    FindingType,
    StepKind,
)
from sourceproof.audits.tests.helpers import action_of, add_finding, make_audit
from sourceproof.core.changelog import history_for
from sourceproof.core.models import ChangeAction
from sourceproof.core.testing import Personas

pytestmark = pytest.mark.django_db


def test_it_numbers_findings_per_audit_and_records_them(personas: Personas) -> None:
    audit = make_audit(personas)
    first = add_finding(audit, personas.auditor)
    second = add_finding(audit, personas.auditor, finding_type=FindingType.OBSERVATION)
    assert [first.reference, second.reference] == ["AUD-00001-F01", "AUD-00001-F02"]
    entry = history_for(first).get(action=ChangeAction.CREATE)
    assert entry.actor == personas.auditor
    assert entry.changes["audit"] == [None, "AUD-00001"]
    assert entry.changes["severity"] == [None, "major"]


def test_it_gives_a_recorded_non_compliance_a_corrective_action(personas: Personas) -> None:
    audit = make_audit(personas)
    finding = add_finding(audit, personas.csr_manager)
    action = action_of(finding)
    assert action.status == ActionStatus.OPEN
    assert [s.kind for s in action.steps.all()] == [StepKind.CREATED]
    assert history_for(action).get().action == ChangeAction.CREATE
    observation = add_finding(audit, personas.csr_manager, finding_type=FindingType.GOOD_EXAMPLE)
    assert not CorrectiveAction.objects.filter(finding=observation).exists()


def test_it_needs_a_severity_for_a_non_compliance_and_none_otherwise(personas: Personas) -> None:
    audit = make_audit(personas)
    with pytest.raises(ValidationError) as exc:
        add_finding(audit, personas.csr_manager, severity="")
    assert exc.value.message_dict["severity"] == [
        "A non-compliance needs a severity: critical, major or minor."
    ]
    with pytest.raises(ValidationError) as exc:
        services.finding_create(
            audit=audit,
            by=personas.csr_manager,
            finding_type=FindingType.OBSERVATION,
            pillar="labour_standards",
            clause="6",
            severity="minor",
            title="Overtime is voluntary but not recorded as such",
        )
    assert exc.value.message_dict["severity"] == ["Only a non-compliance has a severity."]


def test_it_keeps_the_severity_rule_in_the_database(personas: Personas) -> None:
    finding = add_finding(make_audit(personas), personas.csr_manager)
    with pytest.raises(IntegrityError), transaction.atomic():
        Finding.objects.filter(pk=finding.pk).update(severity="")


@pytest.mark.parametrize("finding_type", ["collaborative_action", "management_system"])
def test_it_allows_smeta_7_types_only_in_smeta_7_audits(
    personas: Personas, finding_type: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        add_finding(make_audit(personas), personas.csr_manager, finding_type=finding_type)
    assert "only in SMETA 7.0 audits" in exc.value.message_dict["finding_type"][0]
    audit = make_audit(personas, standard=AuditStandard.SMETA_7_0)
    finding = add_finding(audit, personas.csr_manager, finding_type=finding_type)
    assert finding.finding_type == finding_type
    assert not CorrectiveAction.objects.filter(finding=finding).exists()


@pytest.mark.parametrize(
    ("pillar", "allowed"),
    [
        ("labour_standards", True),
        ("health_safety", True),
        ("environment", False),
        ("business_ethics", False),
    ],
)
def test_it_keeps_a_2_pillar_audit_to_its_pillars(
    personas: Personas, pillar: str, allowed: bool
) -> None:
    audit = make_audit(personas, pillars=2)
    if allowed:
        assert add_finding(audit, personas.csr_manager, pillar=pillar).pillar == pillar
    else:
        with pytest.raises(ValidationError) as exc:
            add_finding(audit, personas.csr_manager, pillar=pillar)
        assert "pillar" in exc.value.message_dict


def test_it_needs_the_law_when_local_law_was_the_stricter(personas: Personas) -> None:
    audit = make_audit(personas)
    with pytest.raises(ValidationError) as exc:
        add_finding(audit, personas.csr_manager, applied_standard="local_law")
    assert exc.value.message_dict["local_law_reference"] == [
        "Name the local law that applied (it was stricter)."
    ]
    finding = add_finding(
        audit,
        personas.csr_manager,
        applied_standard="local_law",
        local_law_reference="PRC Labour Law art. 41: at most 36 overtime hours a month",
    )
    assert finding.applied_standard == "local_law"


def test_it_keeps_a_tool_findings_rule_and_period(personas: Personas) -> None:
    """How a wage-hours result becomes a draft finding."""
    audit = make_audit(personas)
    finding = add_finding(
        audit,
        personas.csr_manager,
        draft=True,
        source="wagehours",
        rule_code="hours.weekly_total",
        period_start=dt.date(2026, 3, 2),
        period_end=dt.date(2026, 3, 8),
        evidence="Worker W042: measured 66.5 hours, limit 60.",
    )
    assert (finding.status, finding.rule_code, finding.source) == (
        FindingStatus.DRAFT,
        "hours.weekly_total",
        "wagehours",
    )
    with pytest.raises(ValidationError) as exc:
        add_finding(audit, personas.csr_manager, period_start=dt.date(2026, 3, 2))
    assert "period_end" in exc.value.message_dict
    with pytest.raises(ValidationError):
        add_finding(
            audit,
            personas.csr_manager,
            period_start=dt.date(2026, 3, 8),
            period_end=dt.date(2026, 3, 2),
        )


def test_it_gives_a_draft_its_action_only_when_confirmed(personas: Personas) -> None:
    finding = add_finding(make_audit(personas), personas.csr_manager, draft=True)
    assert not CorrectiveAction.objects.filter(finding=finding).exists()
    services.finding_confirm(finding=finding, by=personas.csr_manager)
    finding.refresh_from_db()
    assert finding.status == FindingStatus.RECORDED
    assert action_of(finding).status == ActionStatus.OPEN
    assert history_for(finding).first().summary == "Draft finding confirmed."  # type: ignore[union-attr]
    with pytest.raises(ValidationError):
        services.finding_confirm(finding=finding, by=personas.csr_manager)


def test_it_cancels_the_open_action_of_a_withdrawn_finding(personas: Personas) -> None:
    finding = add_finding(make_audit(personas), personas.csr_manager)
    services.finding_withdraw(
        finding=finding, by=personas.quality_manager, reason="Duplicate of F02"
    )
    action = action_of(finding)
    assert action.status == ActionStatus.CANCELLED
    step = action.steps.last()
    assert step is not None
    assert (step.kind, step.comment, step.by) == (
        StepKind.CANCELLED,
        "Duplicate of F02",
        personas.quality_manager,
    )
    assert history_for(finding).first().summary == "Withdrawn: Duplicate of F02"  # type: ignore[union-attr]
    with pytest.raises(ValidationError):
        services.finding_update(finding=finding, by=personas.csr_manager, title="New")


def test_it_keeps_a_non_compliance_with_an_action_a_non_compliance(personas: Personas) -> None:
    finding = add_finding(make_audit(personas), personas.csr_manager)
    with pytest.raises(ValidationError) as exc:
        services.finding_update(
            finding=finding, by=personas.csr_manager, finding_type="observation", severity=""
        )
    assert "finding_type" in exc.value.message_dict


def test_it_gives_an_observation_turned_non_compliance_an_action(personas: Personas) -> None:
    finding = add_finding(
        make_audit(personas), personas.csr_manager, finding_type=FindingType.OBSERVATION
    )
    services.finding_update(
        finding=finding, by=personas.csr_manager, finding_type="non_compliance", severity="minor"
    )
    assert action_of(finding).status == ActionStatus.OPEN


def test_it_lets_an_auditor_enter_findings_only_for_the_firms_audits(personas: Personas) -> None:
    from sourceproof.core.testing import OrganisationFactory, UserFactory

    stranger = UserFactory.create(
        role="auditor", organisation=OrganisationFactory.create(kind="audit_firm")
    )
    audit = make_audit(personas)
    with pytest.raises(ValidationError):
        add_finding(audit, stranger)
    for name in ("supplier_user", "customer_user", "viewer", "inspector"):
        with pytest.raises(Http404):
            add_finding(audit, getattr(personas, name))


def test_it_lets_the_auditor_enter_findings_until_the_audit_is_closed(personas: Personas) -> None:
    audit = make_audit(personas, status=AuditStatus.REPORT_RECEIVED)
    assert add_finding(audit, personas.auditor, finding_type="observation").status == "recorded"
    services.audit_set_status(audit=audit, status=AuditStatus.CLOSED, by=personas.csr_manager)
    with pytest.raises(ValidationError):
        add_finding(audit, personas.auditor, finding_type="observation")
