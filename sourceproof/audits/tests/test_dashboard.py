"""The audits' dashboard panels: what needs attention, for each role."""

from __future__ import annotations

import pytest

from sourceproof.audits.models import CorrectiveAction
from sourceproof.audits.selectors import dashboard_panels
from sourceproof.audits.tests.helpers import (
    action_of,
    add_finding,
    answer_and_submit,
    days_ago,
    make_audit,
)
from sourceproof.core.testing import Personas

pytestmark = pytest.mark.django_db


def panels_of(user: object) -> dict[str, dict[str, object]]:
    return {p["key"]: p for p in dashboard_panels(user=user)}  # type: ignore[arg-type]


def test_it_shows_operators_suspended_facilities_overdue_actions_and_those_to_verify(
    personas: Personas,
) -> None:
    audit = make_audit(personas, status="report_received")
    critical = add_finding(audit, personas.auditor, severity="critical", title="Child at work")
    late = add_finding(audit, personas.auditor, severity="minor")
    CorrectiveAction.objects.filter(finding=late).update(due_date=days_ago(2))
    answer_and_submit(action_of(critical), personas)
    panels = panels_of(personas.viewer)
    assert set(panels) == {
        "facilities-suspended-by-findings",
        "actions-overdue",
        "actions-to-verify",
    }
    suspended = panels["facilities-suspended-by-findings"]
    assert suspended["count"] == 1
    assert suspended["tone"] == "bad"
    assert suspended["items"] == [
        {
            "label": f"{personas.facility.name} ({personas.facility.code})",
            "url": f"/audits/facilities/{personas.facility.code}/",
            "note": f"open critical finding {critical.reference}",
        }
    ]
    assert panels["actions-overdue"]["count"] == 1
    assert panels["actions-to-verify"]["count"] == 1
    assert panels["actions-to-verify"]["url"] == "/audits/actions/?state=submitted"


def test_it_shows_a_supplier_its_own_actions_to_answer(personas: Personas) -> None:
    mine = make_audit(personas, status="report_received")
    theirs = make_audit(personas, facility=personas.other_facility, status="report_received")
    add_finding(mine, personas.auditor)
    add_finding(theirs, personas.auditor)
    add_finding(theirs, personas.auditor)
    assert panels_of(personas.supplier_user)["my-corrective-actions"]["count"] == 1
    assert panels_of(personas.other_supplier_user)["my-corrective-actions"]["count"] == 2


def test_it_shows_an_auditor_the_firms_open_audits(personas: Personas) -> None:
    make_audit(personas, status="in_progress")
    make_audit(personas, status="closed")
    assert panels_of(personas.auditor)["firm-audits-open"]["count"] == 1


def test_it_shows_customers_nothing(personas: Personas) -> None:
    assert dashboard_panels(user=personas.customer_user) == []
