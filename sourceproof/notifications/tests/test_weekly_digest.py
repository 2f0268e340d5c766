"""The weekly digest: each opted-in customer user gets what the seven days brought to their
own organisation (inspections reviewed with verdicts, new photos, orders confirmed and
shipped); a user with nothing to report gets nothing; a week is sent once."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from sourceproof.core.testing import OrganisationFactory, Personas, UserFactory
from sourceproof.evidence import services as evidence
from sourceproof.evidence.tests import crafted
from sourceproof.inspections import services as inspections
from sourceproof.inspections.models import Inspection
from sourceproof.inspections.tests import builders
from sourceproof.notifications.models import NotificationKind, NotificationSent
from sourceproof.notifications.selectors import DigestWindow
from sourceproof.notifications.services import weekly_digest_send
from sourceproof.notifications.tasks import send_weekly_digest
from sourceproof.notifications.tests.helpers import colleague, other_customers_order, prefer
from sourceproof.orders.models import OrderStatus, PurchaseOrder
from sourceproof.orders.services import order_set_status

pytestmark = pytest.mark.django_db


def with_photos(personas: Personas, count: int) -> Inspection:
    """A passed inspection of the customer's order with `count` photos, reviewed now."""
    inspection = crafted.running(personas, builders.order_at(personas))
    for seed in range(count):
        evidence.photo_add(
            inspection=inspection,
            file=crafted.upload(crafted.photo(seed + 10, taken=timezone.now())),
            by=personas.inspector,
        )
    builders.check_everything(personas, inspection)
    inspections.inspection_submit(inspection=inspection, by=personas.inspector)
    inspections.inspection_review(inspection=inspection, by=personas.quality_manager)
    inspection.refresh_from_db()
    return inspection


def ship(personas: Personas, order: PurchaseOrder) -> None:
    order_set_status(order=order, status=OrderStatus.SHIPPED, by=personas.quality_manager)


def by_address() -> dict[str, Any]:
    return {m.to[0]: m for m in mail.outbox}


@pytest.fixture
def week(personas: Personas) -> dict[str, Any]:
    """This week for both customers: the customer had a failure, a passed inspection with two
    photos, an order confirmed and one shipped; the other customer a failure and a shipment."""
    failed = builders.reviewed(personas, reject=True)
    photographed = with_photos(personas, 2)
    confirmed = builders.order_at(personas)
    PurchaseOrder.objects.filter(pk=confirmed.pk).update(confirmed_at=timezone.now())
    ship(personas, photographed.order)
    other_order = other_customers_order(personas)
    other = builders.reviewed(personas, other_order, reject=True)
    ship(personas, other_order)
    return {
        "failed": failed,
        "photographed": photographed,
        "confirmed": confirmed,
        "other": other,
        "other_order": other_order,
    }


def test_it_tells_each_customer_only_about_its_own_week(
    personas: Personas, week: dict[str, Any]
) -> None:
    sent = weekly_digest_send(week_ending=timezone.localdate())

    assert sorted(sent) == sorted(
        [personas.customer_user.email, personas.other_customer_user.email]
    )
    mine = by_address()[personas.customer_user.email].body
    for expected in (
        week["failed"].report_number,
        week["photographed"].report_number,
        "2 inspections reviewed",
        "2 new photos",
        f"Orders confirmed: {week['confirmed'].number}",
        f"Orders shipped: {week['photographed'].order.number}",
    ):
        assert expected in mine, expected
    assert week["other"].report_number not in mine
    assert week["other_order"].number not in mine

    theirs = by_address()[personas.other_customer_user.email].body
    assert week["other"].report_number in theirs
    assert f"Orders shipped: {week['other_order'].number}" in theirs
    for absent in (
        week["failed"].report_number,
        week["photographed"].report_number,
        week["confirmed"].number,
        week["photographed"].order.number,
        "photo",
        "Orders confirmed",
    ):
        assert absent not in theirs, absent
    html = str(by_address()[personas.customer_user.email].alternatives[0][0])
    assert week["failed"].report_number in html


def test_it_skips_users_who_opted_out_and_users_with_nothing_to_report(
    personas: Personas, week: dict[str, Any]
) -> None:
    prefer(personas.other_customer_user, weekly_digest=False)
    mate = colleague(personas)
    quiet = OrganisationFactory.create(name="Quiet Brands", code="quiet")
    UserFactory.create(role="customer_user", organisation=quiet, email="q@quiet.test")

    sent = weekly_digest_send(week_ending=timezone.localdate())

    assert sorted(sent) == sorted([personas.customer_user.email, mate.email])
    assert not {"q@quiet.test", personas.other_customer_user.email} & set(by_address())
    # Suppliers, inspectors and operators never get the digest.
    assert set(by_address()) == {personas.customer_user.email, mate.email}


def test_it_reports_only_the_seven_days_ending_with_the_date(
    personas: Personas, week: dict[str, Any]
) -> None:
    today = timezone.localdate()
    assert weekly_digest_send(week_ending=today - dt.timedelta(days=7)) == []
    assert weekly_digest_send(week_ending=today + dt.timedelta(days=6)) != []
    mail.outbox.clear()
    assert weekly_digest_send(week_ending=today + dt.timedelta(days=7)) == []


def test_it_sends_a_week_once(personas: Personas, week: dict[str, Any]) -> None:
    today = timezone.localdate()
    result = send_weekly_digest.enqueue(week_ending=today.isoformat())
    assert sorted(result.return_value or []) == sorted(
        [personas.customer_user.email, personas.other_customer_user.email]
    )
    assert send_weekly_digest.enqueue(week_ending=today.isoformat()).return_value == []
    assert len(mail.outbox) == 2
    keys = set(NotificationSent.objects.values_list("kind", "key"))
    assert keys == {(NotificationKind.WEEKLY_DIGEST, DigestWindow(week_ending=today).key)}


def test_the_command_sends_the_digest_for_the_given_date(
    personas: Personas, week: dict[str, Any]
) -> None:
    out = io.StringIO()
    call_command("send_weekly_digest", "--date", timezone.localdate().isoformat(), stdout=out)
    assert "2 email(s) sent" in out.getvalue()
    assert len(mail.outbox) == 2


def test_the_command_refuses_a_bad_date() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("send_weekly_digest", "--date", "last monday")


def test_the_window_is_seven_local_days_keyed_by_iso_week() -> None:
    window = DigestWindow(week_ending=dt.date(2026, 2, 15))  # a Sunday
    assert window.first_day == dt.date(2026, 2, 9)
    assert timezone.localtime(window.start).replace(tzinfo=None) == dt.datetime(2026, 2, 9)
    assert timezone.localtime(window.end).replace(tzinfo=None) == dt.datetime(2026, 2, 16)
    assert window.key == "2026-W07"
