"""The audits app in the sourcing gate: a recorded SMETA 4-pillar audit opens the SMETA rule,
and a suspended compliance status blocks orders until the finding's action is verified."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sourceproof.audits import services
from sourceproof.audits.gate_rules import COMPLIANCE_RULE
from sourceproof.audits.models import AuditStandard, CorrectiveAction
from sourceproof.audits.tests.helpers import (
    action_of,
    add_finding,
    answer_and_submit,
    days_ago,
    make_audit,
)
from sourceproof.core.testing import FacilityFactory, Personas, PurchaseOrderFactory
from sourceproof.orders import selectors as order_selectors
from sourceproof.orders import services as order_services
from sourceproof.orders.models import OrderStatus, PurchaseOrder

pytestmark = pytest.mark.django_db


def results(facility: object) -> dict[str, tuple[bool, str]]:
    verdict = order_selectors.facility_gate_verdict(facility=facility)  # type: ignore[arg-type]
    return {r.code: (r.passed, r.reason) for r in verdict.results}


def test_it_opens_the_smeta_rule_with_a_recorded_4_pillar_audit(personas: Personas) -> None:
    assert not results(personas.facility)["smeta_4p_audit"][0]
    audit = make_audit(personas, status="report_received", end=days_ago(30))
    passed, reason = results(personas.facility)["smeta_4p_audit"]
    assert passed
    assert f"(no. {audit.reference})" in reason


@pytest.mark.parametrize(
    ("kwargs", "counts"),
    [
        ({"status": "report_received"}, True),
        ({"status": "closed"}, True),
        ({"status": "in_progress"}, False),
        ({"status": "draft"}, False),
        ({"status": "report_received", "pillars": 2}, False),
        ({"status": "report_received", "standard": AuditStandard.SMETA_7_0}, True),
        ({"status": "report_received", "standard": "sa8000", "pillars": None}, False),
        ({"status": "report_received", "end": days_ago(25 * 31)}, False),  # too old
    ],
)
def test_it_counts_only_smeta_4_pillar_audits_with_a_report_within_the_age(
    personas: Personas, kwargs: dict[str, object], counts: bool
) -> None:
    make_audit(personas, **kwargs)  # type: ignore[arg-type]
    assert results(personas.facility)["smeta_4p_audit"][0] is counts


def test_it_blocks_an_order_while_a_critical_finding_is_open(personas: Personas) -> None:
    audit = make_audit(personas, status="report_received")
    finding = add_finding(
        audit, personas.auditor, severity="critical", clause="4", title="A 15-year-old at work"
    )
    passed, reason = results(personas.facility)[COMPLIANCE_RULE]
    assert not passed
    assert reason == (
        "The facility's compliance status is suspended. Open critical finding "
        f"{finding.reference} (ETI 4 No child labour): A 15-year-old at work."
    )
    order = PurchaseOrder.objects.get(pk=personas.order.pk)
    with pytest.raises(order_services.GateBlocked):
        order_services.order_confirm(order=order, by=personas.csr_manager)

    action = answer_and_submit(action_of(finding), personas)
    assert not results(personas.facility)[COMPLIANCE_RULE][0]  # submitted is still open
    services.action_verify(action=action, by=personas.csr_manager)
    assert results(personas.facility)[COMPLIANCE_RULE][0]
    order_services.order_confirm(order=order, by=personas.csr_manager)
    order.refresh_from_db()
    assert order.status == OrderStatus.CONFIRMED
    assert order.gate_verdict is not None
    codes = [r["code"] for r in order.gate_verdict["results"]]
    assert COMPLIANCE_RULE in codes


def test_it_blocks_once_a_major_finding_is_past_its_due_date(personas: Personas) -> None:
    audit = make_audit(personas, status="report_received")
    action = action_of(add_finding(audit, personas.auditor, severity="major"))
    verdict = order_selectors.facility_gate_verdict(facility=personas.facility)
    rule = next(r for r in verdict.results if r.code == COMPLIANCE_RULE)
    assert rule.passed and rule.warning
    assert "conditional" in rule.reason
    CorrectiveAction.objects.filter(pk=action.pk).update(due_date=days_ago(1))
    passed, reason = results(personas.facility)[COMPLIANCE_RULE]
    assert not passed
    assert "is past its due date" in reason


def test_it_ignores_draft_withdrawn_and_cancelled_audit_findings(personas: Personas) -> None:
    audit = make_audit(personas, status="report_received")
    add_finding(audit, personas.auditor, severity="critical", draft=True)
    withdrawn = add_finding(audit, personas.auditor, severity="critical")
    services.finding_withdraw(finding=withdrawn, by=personas.csr_manager, reason="Not this site")
    in_progress = make_audit(personas, status="in_progress")
    cancelled_finding = add_finding(in_progress, personas.auditor, severity="critical")
    services.audit_set_status(audit=in_progress, status="cancelled", by=personas.csr_manager)
    assert results(personas.facility)[COMPLIANCE_RULE][0]
    assert cancelled_finding.pk


def test_it_adds_a_fixed_number_of_queries_to_the_gate(personas: Personas) -> None:
    def orders(n: int) -> list[PurchaseOrder]:
        for _ in range(n):
            facility = FacilityFactory.create(supplier=personas.supplier)
            audit = make_audit(personas, facility=facility, status="report_received")
            add_finding(audit, personas.auditor, severity="minor")
            PurchaseOrderFactory.create(facility=facility)
        return list(PurchaseOrder.objects.select_related("facility"))

    few = orders(2)
    order_selectors.gate_verdicts_for_orders(few)  # warm caches (policies, content types)
    with CaptureQueriesContext(connection) as small:
        order_selectors.gate_verdicts_for_orders(few)
    many = orders(12)
    with CaptureQueriesContext(connection) as large:
        verdicts = order_selectors.gate_verdicts_for_orders(many)
    assert len(small.captured_queries) == len(large.captured_queries)
    assert len(verdicts) == len(many)


def test_it_keeps_the_gate_reasons_in_english_whatever_the_language(personas: Personas) -> None:
    from django.utils import translation

    audit = make_audit(personas, status="report_received")
    add_finding(audit, personas.auditor, severity="critical", clause="3")
    with translation.override("nl"):
        _passed, reason = results(personas.facility)[COMPLIANCE_RULE]
    assert "ETI 3 Safe and hygienic working conditions" in reason
    assert dt.date.today()  # the reason's dates are ISO, language-free
