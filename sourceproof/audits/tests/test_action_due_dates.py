"""The corrective action's default due date: per severity from the configurable policy,
counted from the audit's last day; a new severity moves it unless the operator set it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sourceproof.audits import services
from sourceproof.audits.models import AuditPolicy, StepKind
from sourceproof.audits.tests.helpers import action_of, add_finding, days_ago, make_audit
from sourceproof.core.changelog import history_for
from sourceproof.core.testing import Personas

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("severity", "days"), [("critical", 30), ("major", 60), ("minor", 90)])
def test_it_defaults_the_due_date_per_severity(
    personas: Personas, severity: str, days: int
) -> None:
    audit = make_audit(personas, end=days_ago(10))
    action = action_of(add_finding(audit, personas.csr_manager, severity=severity))
    assert action.due_date == days_ago(10) + dt.timedelta(days=days)
    assert not action.due_date_overridden


def test_it_follows_the_configured_policy(personas: Personas) -> None:
    AuditPolicy.objects.update_or_create(
        pk=1, defaults={"ca_days_critical": 7, "ca_days_major": 21, "ca_days_minor": 45}
    )
    audit = make_audit(personas, end=days_ago(1))
    due = [
        action_of(add_finding(audit, personas.csr_manager, severity=s)).due_date
        for s in ("critical", "major", "minor")
    ]
    assert due == [days_ago(1) + dt.timedelta(days=d) for d in (7, 21, 45)]


def test_it_counts_from_today_when_the_audit_has_no_past_last_day(personas: Personas) -> None:
    today = timezone.localdate()
    audit = make_audit(personas, end=today + dt.timedelta(days=5), start_date=today)
    assert services.action_default_due_date(severity="major", audit=audit) == (
        today + dt.timedelta(days=60)
    )
    audit.end_date = None
    assert services.action_default_due_date(severity="minor", audit=audit, today=today) == (
        today + dt.timedelta(days=90)
    )


def test_it_moves_the_default_due_date_with_a_new_severity(personas: Personas) -> None:
    audit = make_audit(personas, end=days_ago(10))
    finding = add_finding(audit, personas.csr_manager, severity="minor")
    services.finding_update(finding=finding, by=personas.csr_manager, severity="critical")
    action = action_of(finding)
    assert action.due_date == days_ago(10) + dt.timedelta(days=30)
    step = action.steps.last()
    assert step is not None and step.kind == StepKind.DUE_DATE_CHANGED
    assert history_for(action).first().changes["due_date"][1] == action.due_date.isoformat()  # type: ignore[union-attr]


def test_it_keeps_a_due_date_the_operator_set(personas: Personas) -> None:
    audit = make_audit(personas)
    finding = add_finding(audit, personas.csr_manager, severity="minor")
    chosen = timezone.localdate() + dt.timedelta(days=100)
    services.action_set_due_date(
        action=action_of(finding),
        by=personas.csr_manager,
        due_date=chosen,
        reason="Machine guard parts on order",
    )
    services.finding_update(finding=finding, by=personas.csr_manager, severity="major")
    action = action_of(finding)
    assert (action.due_date, action.due_date_overridden) == (chosen, True)
    override = history_for(action).filter(summary__startswith="Override").get()
    assert override.changes["due_date_overridden"] == [False, True]
