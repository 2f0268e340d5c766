"""The stakeholder register and dialogue log with follow-ups, and the controls calendar with
results, next due dates and overdue checks highlighted."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sourceproof.core.testing import Personas
from sourceproof.csr.selectors.dialogue import control_list, control_rows
from sourceproof.csr.services import dialogue as services
from sourceproof.csr.tests.helpers import today

pytestmark = pytest.mark.django_db


def test_it_logs_a_dialogue_with_follow_ups(personas: Personas, client_for: Any) -> None:
    by = personas.csr_manager
    ngo = services.stakeholder_create(by=by, name="Clean Clothes NL", stakeholder_type="ngos")
    client = client_for("csr_manager")
    response = client.post(
        reverse("csr:dialogue_create"),
        {
            "stakeholder": ngo.pk,
            "topic": "Living wages in Bangladesh",
            "held_on": today().isoformat(),
            "channel": "video_call",
            "summary": "Shared the wage-gap analysis.",
        },
    )
    assert response.status_code == 302
    dialogue = ngo.dialogues.get()
    client.post(
        reverse("csr:follow_up_add", args=[dialogue.pk]),
        {"description": "Send audit summary", "owner": by.pk, "due_date": today().isoformat()},
    )
    follow_up = dialogue.follow_ups.get()
    assert follow_up.owner == by and follow_up.status == "open"
    client.post(reverse("csr:follow_up_status", args=[follow_up.pk]), {"status": "done"})
    follow_up.refresh_from_db()
    assert follow_up.status == "done" and follow_up.completed_at is not None


def test_it_filters_dialogues_by_stakeholder_type(personas: Personas, client_for: Any) -> None:
    by = personas.csr_manager
    for name, kind, topic in (
        ("Works council", "employees", "Bike plan"),
        ("City", "government", "Permit"),
    ):
        stakeholder = services.stakeholder_create(by=by, name=name, stakeholder_type=kind)
        services.dialogue_create(
            by=by,
            stakeholder=stakeholder,
            topic=topic,
            held_on=today(),
            channel="meeting",
            summary=".",
        )
    page = client_for("viewer").get(reverse("csr:dialogue_list"), {"stakeholder_type": "employees"})
    assert b"Bike plan" in page.content and b"Permit" not in page.content


def test_it_refuses_a_dialogue_in_the_future(personas: Personas) -> None:
    stakeholder = services.stakeholder_create(by=None, name="x", stakeholder_type="community")
    with pytest.raises(ValidationError):
        services.dialogue_create(
            by=None,
            stakeholder=stakeholder,
            topic="x",
            held_on=today() + dt.timedelta(days=1),
            channel="email",
            summary="x",
        )


def test_the_calendar_schedules_controls_and_flags_overdue_ones(
    personas: Personas, client_for: Any
) -> None:
    by = personas.csr_manager
    t = today()
    late = services.control_create(
        by=by, title="Supplier code signatures", method="", owner=by, frequency_months=3,
        first_due=t - dt.timedelta(days=5),
    )  # fmt: skip
    done = services.control_create(
        by=by, title="Meter readings", method="", owner=by, frequency_months=1,
        first_due=t - dt.timedelta(days=40),
    )  # fmt: skip
    services.control_result_record(control=done, performed_on=t, outcome="passed", by=by)
    rows = {r.control.pk: r for r in control_rows(control_list(user=by), t)}
    assert rows[late.pk].overdue and rows[late.pk].next_due == t - dt.timedelta(days=5)
    assert not rows[done.pk].overdue
    assert rows[done.pk].last_outcome == "passed"
    page = client_for("viewer").get(reverse("csr:control_list"))
    content = page.content.decode()
    assert "1 control is overdue." in content
    assert content.index("Supplier code signatures") < content.index("Meter readings")
    assert 'class="overdue"' in content


def test_it_refuses_a_control_owned_by_a_supplier(personas: Personas) -> None:
    with pytest.raises(ValidationError):
        services.control_create(
            by=None, title="x", method="", owner=personas.supplier_user, frequency_months=12,
            first_due=today(),
        )  # fmt: skip
