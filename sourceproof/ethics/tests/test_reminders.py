"""Reminders: the management command and the button email the users of suppliers that have
not signed the current version, and nobody else."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from sourceproof.core.changelog import history_for
from sourceproof.core.testing import Personas, UserFactory
from sourceproof.ethics.tests.helpers import publish, sign

pytestmark = pytest.mark.django_db


def test_the_command_emails_only_users_of_suppliers_that_have_not_signed(
    personas: Personas,
) -> None:
    code = publish(personas.csr_manager, "1")
    sign(code, personas.supplier_user)
    UserFactory.create(
        role="supplier_user",
        organisation=personas.other_supplier.organisation,
        email="boss@canvas.test",
        language="nl",
    )
    UserFactory.create(
        role="supplier_user",
        organisation=personas.other_supplier.organisation,
        email="gone@canvas.test",
        is_active=False,
    )
    mail.outbox.clear()
    out = StringIO()
    call_command("ethics_reminders", stdout=out)
    assert sorted(m.to[0] for m in mail.outbox) == ["boss@canvas.test", "sales@canvas.test"]
    english = next(m for m in mail.outbox if m.to == ["sales@canvas.test"])
    assert english.subject == "Reminder: please sign the code of ethics v1"
    assert "Dhaka Canvas Bags Ltd. has not signed it yet" in english.body
    assert "new orders at your facilities cannot be confirmed" in english.body
    assert "http" in english.body and "/ethics/sign/" in english.body
    assert "2 reminder(s) sent." in out.getvalue()
    assert any(r.summary.startswith("Reminders emailed to 2 user(s)") for r in history_for(code))


def test_a_pending_supplier_is_told_its_deadline(personas: Personas) -> None:
    v1 = publish(personas.csr_manager, "1", days_ago=300)
    sign(v1, personas.other_supplier_user, days_ago=290)
    publish(personas.csr_manager, "2", grace_days=60, days_ago=5)
    mail.outbox.clear()
    call_command("ethics_reminders", stdout=StringIO())
    canvas = next(m for m in mail.outbox if m.to == ["sales@canvas.test"])
    assert "Please sign it before" in canvas.body
    assert "your signature of the previous version still counts" in canvas.body


def test_a_dry_run_sends_nothing(personas: Personas) -> None:
    publish(personas.csr_manager, "1")
    mail.outbox.clear()
    out = StringIO()
    call_command("ethics_reminders", "--dry-run", stdout=out)
    assert mail.outbox == []
    assert "2 reminder(s) would be sent." in out.getvalue()


def test_nothing_is_sent_without_a_published_code(personas: Personas) -> None:
    out = StringIO()
    call_command("ethics_reminders", stdout=out)
    assert mail.outbox == []
    assert "0 reminder(s) sent." in out.getvalue()


def test_the_csr_team_sends_reminders_with_a_button(personas: Personas, client_for: Any) -> None:
    code = publish(personas.csr_manager, "1")
    sign(code, personas.supplier_user)
    mail.outbox.clear()
    assert client_for("viewer").post("/ethics/signatures/remind/").status_code == 404
    assert mail.outbox == []
    response = client_for("csr_manager").post("/ethics/signatures/remind/", follow=True)
    assert [m.to for m in mail.outbox] == [["sales@canvas.test"]]
    assert "Reminders emailed to 1 user(s) of 1 supplier(s)." in response.content.decode()
    assert any(r.actor_id == personas.csr_manager.pk for r in history_for(code))
