"""A reviewed inspection's verdict is emailed at once to the customer users of the order's
customer who want it: a failure by default, every verdict on request; never to anyone else,
and never twice."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import override_settings

from sourceproof.accounts.models import Role
from sourceproof.core.testing import Personas, UserFactory
from sourceproof.inspections import services
from sourceproof.inspections.models import Verdict
from sourceproof.inspections.services import REVIEW_HOOKS, VERDICT_CHANGE_HOOKS
from sourceproof.inspections.tests import builders
from sourceproof.notifications.models import NotificationKind, NotificationSent
from sourceproof.notifications.services import enqueue_verdict_notification
from sourceproof.notifications.tasks import send_verdict_notification
from sourceproof.notifications.tests.helpers import (
    colleague,
    other_customers_order,
    prefer,
    review_with_hooks,
    submitted,
)

pytestmark = pytest.mark.django_db


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_it_registers_the_review_hook() -> None:
    assert enqueue_verdict_notification in REVIEW_HOOKS
    assert enqueue_verdict_notification in VERDICT_CHANGE_HOOKS


def test_it_emails_again_when_an_override_turns_a_reviewed_pass_into_a_fail(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    inspection = review_with_hooks(
        personas, submitted(personas, fail=False), django_capture_on_commit_callbacks
    )
    assert inspection.final_verdict == Verdict.PASS
    assert mail.outbox == []  # a pass is not sent by default
    with django_capture_on_commit_callbacks(execute=True):
        services.inspection_override(
            inspection=inspection,
            verdict="fail",
            reason="The retained sample failed the lab's lead test afterwards.",
            by=personas.quality_manager,
        )
    assert recipients() == [personas.customer_user.email]
    assert "failed" in mail.outbox[0].subject


def test_it_emails_a_failure_at_once_to_the_customers_users_only(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    mate = colleague(personas)
    colleague(personas, email="gone@northwind.test", is_active=False)
    UserFactory.create(role=Role.VIEWER, organisation=personas.customer, email="v@northwind.test")
    # The other customer has a failure of its own reviewed too: its users hear of that one only.
    other = submitted(personas, other_customers_order(personas), fail=True)
    review_with_hooks(personas, other, django_capture_on_commit_callbacks)
    assert recipients() == [personas.other_customer_user.email]
    mail.outbox.clear()

    inspection = review_with_hooks(
        personas, submitted(personas, fail=True), django_capture_on_commit_callbacks
    )

    assert inspection.final_verdict == Verdict.FAIL
    assert recipients() == sorted([personas.customer_user.email, mate.email])
    message = mail.outbox[0]
    assert inspection.report_number in message.subject
    assert personas.order.number in message.subject
    body = message.body
    product = personas.order.lines.get().product
    for expected in (
        inspection.report_number,
        personas.order.number,
        f"{product.name} ({product.sku})",
        "Fail",
        f"https://sourceproof.test/portal/orders/{personas.order.number}/#{inspection.report_number}",
        "https://sourceproof.test/notifications/",
    ):
        assert expected in body, expected
    if personas.facility.city:
        assert personas.facility.city in body
    major = next(
        c for c in builders.js(inspection.plan_snapshot)["classes"] if c["name"] == "major"
    )
    assert f"Ac {major['accept']} / Re {major['reject']}" in body
    # What the customer may not be told: who the supplier is.
    assert personas.supplier.legal_name not in body
    assert personas.facility.name not in body
    html, mimetype = message.alternatives[0]  # type: ignore[attr-defined]
    assert mimetype == "text/html"
    assert inspection.report_number in str(html) and "<html" in str(html)


@pytest.fixture(autouse=True)
def _site_url(settings: Any) -> None:
    settings.SITE_URL = "https://sourceproof.test"


def test_it_sends_nothing_for_a_pass_unless_asked_for_every_verdict(personas: Personas) -> None:
    inspection = builders.reviewed(personas)
    assert inspection.final_verdict == Verdict.PASS
    send_verdict_notification.enqueue(inspection_id=inspection.pk)
    assert mail.outbox == []

    prefer(personas.customer_user, every_verdict_at_once=True)
    send_verdict_notification.enqueue(inspection_id=inspection.pk)
    assert recipients() == [personas.customer_user.email]
    assert "Pass" in mail.outbox[0].subject


def test_it_respects_a_user_who_wants_no_failures(personas: Personas) -> None:
    mate = colleague(personas)
    prefer(personas.customer_user, failures_at_once=False)
    inspection = builders.reviewed(personas, reject=True)
    send_verdict_notification.enqueue(inspection_id=inspection.pk)
    assert recipients() == [mate.email]


def test_it_sends_once_when_the_task_runs_twice(personas: Personas) -> None:
    inspection = builders.reviewed(personas, reject=True)
    first = send_verdict_notification.enqueue(inspection_id=inspection.pk)
    second = send_verdict_notification.enqueue(inspection_id=inspection.pk)
    assert first.return_value == [personas.customer_user.email]
    assert second.return_value == []
    assert recipients() == [personas.customer_user.email]
    sent = NotificationSent.objects.get()
    assert (sent.kind, sent.key, sent.email) == (
        NotificationKind.VERDICT,
        f"{inspection.report_number}:fail",
        personas.customer_user.email,
    )


def test_it_sends_nothing_before_the_review(personas: Personas) -> None:
    inspection = submitted(personas, fail=True)
    send_verdict_notification.enqueue(inspection_id=inspection.pk)
    assert mail.outbox == []
    assert not NotificationSent.objects.exists()


class BrokenBackend:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def send_messages(self, messages: Any) -> int:
        raise ConnectionRefusedError("the mail server is down")


def test_a_failed_send_leaves_no_record_so_a_retry_sends_it(personas: Personas) -> None:
    inspection = builders.reviewed(personas, reject=True)
    backend = f"{__name__}.BrokenBackend"
    with override_settings(EMAIL_BACKEND=backend), pytest.raises(ConnectionRefusedError):
        send_verdict_notification.call(inspection_id=inspection.pk)
    assert not NotificationSent.objects.exists()
    send_verdict_notification.call(inspection_id=inspection.pk)
    assert recipients() == [personas.customer_user.email]
