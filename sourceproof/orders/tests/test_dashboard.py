"""The orders' dashboard panels: blocked orders, open exceptions, exceptions expiring this
week; each scoped to the user."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from sourceproof.core.testing import FacilityFactory, Personas, PurchaseOrderFactory
from sourceproof.orders.models import GateException
from sourceproof.orders.selectors import dashboard_panels
from sourceproof.orders.tests.gates import open_gate

pytestmark = pytest.mark.django_db


def _panels(user: Any) -> dict[str, dict[str, Any]]:
    return {p["key"]: p for p in dashboard_panels(user=user)}


def _exception(order: Any, by: Any, days: float) -> GateException:
    return GateException.objects.create(
        order=order,
        reason="The re-audit is booked and the customer agreed.",
        granted_by=by,
        expires_at=timezone.now() + dt.timedelta(days=days),
    )


def test_it_shows_operators_blocked_orders_and_open_exceptions(personas: Personas) -> None:
    passing = FacilityFactory.create()
    open_gate(passing)
    PurchaseOrderFactory.create(facility=passing)
    excepted = PurchaseOrderFactory.create(facility=personas.facility)
    _exception(excepted, personas.quality_manager, days=3)
    later = PurchaseOrderFactory.create(facility=personas.facility)
    _exception(later, personas.quality_manager, days=30)
    gone = PurchaseOrderFactory.create(facility=personas.facility)
    _exception(gone, personas.quality_manager, days=-1)

    panels = _panels(personas.quality_manager)
    assert set(panels) == {"orders-blocked", "exceptions-open", "exceptions-expiring"}
    blocked = panels["orders-blocked"]
    # the two personas' orders and the one whose exception expired
    assert blocked["count"] == 3
    assert blocked["tone"] == "bad"
    assert blocked["url"] == "/orders/?blocked=1"
    assert {i["label"].split(" · ")[0] for i in blocked["items"]} == {
        personas.order.number,
        personas.other_order.number,
        gone.number,
    }
    assert all(i["note"].startswith("No valid SMETA 4-pillar audit") for i in blocked["items"])
    assert panels["exceptions-open"]["count"] == 2
    assert [i["label"] for i in panels["exceptions-expiring"]["items"]] == [excepted.number]


def test_it_scopes_the_panels_to_a_customer(personas: Personas) -> None:
    panels = _panels(personas.customer_user)
    assert set(panels) == {"orders-blocked"}
    assert [i["label"].split(" · ")[0] for i in panels["orders-blocked"]["items"]] == [
        personas.order.number
    ]


def test_it_shows_a_supplier_the_orders_its_facilities_block(personas: Personas) -> None:
    panels = _panels(personas.other_supplier_user)
    assert panels["orders-blocked"]["count"] == 1
    assert personas.other_order.number in panels["orders-blocked"]["items"][0]["label"]


def test_it_shows_nothing_to_a_role_without_orders(personas: Personas) -> None:
    assert dashboard_panels(user=personas.auditor) == []


def test_it_renders_on_the_dashboard(personas: Personas, client_for: Any) -> None:
    html = client_for("admin").get("/").content.decode()
    assert "Orders blocked by the gate" in html
    assert "Exceptions expiring this week" in html
