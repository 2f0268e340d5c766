"""The corrective-action digest: each supplier hears only of its own overdue and near-due
actions; the CSR team gets a summary; nobody with nothing to report gets mail."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from sourceproof.audits import services
from sourceproof.audits.models import CorrectiveAction
from sourceproof.audits.tests.helpers import (
    action_of,
    add_finding,
    answer_and_submit,
    days_ago,
    make_audit,
)
from sourceproof.core.testing import Personas

pytestmark = pytest.mark.django_db


def _set_due(action: CorrectiveAction, days_from_today: int) -> None:
    CorrectiveAction.objects.filter(pk=action.pk).update(
        due_date=timezone.localdate() + dt.timedelta(days=days_from_today)
    )


@pytest.fixture
def actions(personas: Personas) -> dict[str, CorrectiveAction]:
    mine = make_audit(personas, status="report_received", end=days_ago(100))
    theirs = make_audit(
        personas, facility=personas.other_facility, status="report_received", end=days_ago(100)
    )
    found = {
        "overdue": action_of(add_finding(mine, personas.csr_manager, title="Overdue one")),
        "soon": action_of(add_finding(mine, personas.csr_manager, title="Due soon one")),
        "later": action_of(add_finding(mine, personas.csr_manager, title="Due later one")),
        "submitted": action_of(add_finding(mine, personas.csr_manager, title="Submitted one")),
        "theirs": action_of(add_finding(theirs, personas.csr_manager, title="Their overdue")),
    }
    _set_due(found["overdue"], -3)
    _set_due(found["soon"], 5)
    _set_due(found["later"], 40)
    _set_due(found["theirs"], -1)
    answer_and_submit(found["submitted"], personas)
    _set_due(found["submitted"], -10)
    return found


def test_it_reminds_each_supplier_of_its_own_actions_only(
    personas: Personas, actions: dict[str, CorrectiveAction]
) -> None:
    services.corrective_action_digest_send()
    by_recipient = {m.to[0]: m for m in mail.outbox}
    mine = by_recipient[personas.supplier_user.email]
    assert mine.subject == "1 corrective action overdue · sourceproof"
    assert "Overdue one" in mine.body
    assert "Due soon one" in mine.body
    assert "Due later one" not in mine.body  # beyond the 14 reminder days
    assert "Submitted one" not in mine.body  # waiting for the operator, not the supplier
    assert "Their overdue" not in mine.body
    assert f"/audits/actions/{actions['overdue'].finding.reference}/" in mine.body
    theirs = by_recipient[personas.other_supplier_user.email]
    assert "Their overdue" in theirs.body
    assert "Overdue one" not in theirs.body


def test_it_sends_the_csr_team_a_summary(
    personas: Personas, actions: dict[str, CorrectiveAction]
) -> None:
    services.corrective_action_digest_send()
    summary = next(m for m in mail.outbox if m.to == [personas.csr_manager.email])
    assert summary.subject == "Corrective actions: 3 overdue, 1 to verify · sourceproof"
    assert "3 corrective actions are overdue." in summary.body
    assert personas.supplier.legal_name in summary.body
    assert personas.other_supplier.legal_name in summary.body
    assert "1 more is due within 14 days." in summary.body
    assert "1 is waiting for your verification." in summary.body
    recipients = {m.to[0] for m in mail.outbox}
    assert personas.quality_manager.email not in recipients
    assert personas.customer_user.email not in recipients


def test_it_sends_nothing_when_nothing_is_due(personas: Personas) -> None:
    finding = add_finding(make_audit(personas), personas.csr_manager)
    _set_due(action_of(finding), 60)
    assert services.corrective_action_digest_send() == []
    assert mail.outbox == []


def test_it_runs_as_a_command_with_a_dry_run(
    personas: Personas, actions: dict[str, CorrectiveAction]
) -> None:
    out = StringIO()
    call_command("corrective_action_digest", "--dry-run", stdout=out)
    assert mail.outbox == []
    assert f"{personas.supplier_user.email} (supplier): 1 overdue, 1 due soon" in out.getvalue()
    assert out.getvalue().strip().endswith("3 digest email(s) would be sent.")
    call_command("corrective_action_digest", stdout=StringIO())
    assert len(mail.outbox) == 3


def test_it_can_run_as_of_another_day(
    personas: Personas, actions: dict[str, CorrectiveAction]
) -> None:
    later = timezone.localdate() + dt.timedelta(days=30)
    call_command("corrective_action_digest", "--today", later.isoformat(), stdout=StringIO())
    mine = next(m for m in mail.outbox if m.to == [personas.supplier_user.email])
    assert "Due later one" in mine.body
    assert mine.subject == "2 corrective actions overdue · sourceproof"
