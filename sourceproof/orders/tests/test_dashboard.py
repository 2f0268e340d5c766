"""The orders' dashboard panels: blocked orders, open exceptions, exceptions expiring this
week; each scoped to the user."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from sourceproof.core.testing import (
    FacilityFactory,
    OrderLineFactory,
    Personas,
    ProductCategoryFactory,
    PurchaseOrderFactory,
)
from sourceproof.orders import gate
from sourceproof.orders.models import GateException, PurchaseOrder
from sourceproof.orders.selectors import blocked_drafts, blocked_orders, dashboard_panels
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


def _no_mugs(facts: gate.GateFacts, policy: gate.GatePolicy) -> gate.RuleResult:
    """A rule that reads the order's categories, like the inspections app's."""
    if "mugs" in facts.order_categories:
        return gate.RuleResult("no_mugs", False, "No mugs from here.")
    return gate.RuleResult("no_mugs", True, "Anything but mugs.")


def test_it_judges_the_categories_of_drafts_when_a_rule_reads_them(
    personas: Personas,
) -> None:
    facility = FacilityFactory.create()
    open_gate(facility)
    mugs = ProductCategoryFactory.create(code="mugs", name="Mugs")
    bags = ProductCategoryFactory.create(code="bags", name="Bags")
    mug_order = OrderLineFactory.create(order__facility=facility, product__category=mugs).order
    bag_order = OrderLineFactory.create(order__facility=facility, product__category=bags).order
    gate.register_rule(_no_mugs)
    try:
        found = blocked_drafts(PurchaseOrder.objects.filter(facility=facility))
        blocked, _verdicts = blocked_orders(PurchaseOrder.objects.filter(facility=facility))
        blocked_numbers = set(blocked.values_list("number", flat=True))
        panels = _panels(personas.quality_manager)
    finally:
        gate.unregister_rule(_no_mugs)
    assert found.order_ids == [mug_order.pk]
    assert blocked_numbers == {mug_order.number}
    items = {i["label"].split(" · ")[0]: i["note"] for i in panels["orders-blocked"]["items"]}
    assert bag_order.number not in items
    assert panels["orders-blocked"]["count"] == 3  # the personas' two orders and the mug order
    assert items[mug_order.number] == "No mugs from here."


def test_it_counts_the_same_blocked_drafts_with_and_without_watching_categories(
    personas: Personas,
) -> None:
    """Every facility's verdict is one evaluation; a rule that does not read the categories
    never causes an evaluation per category."""
    calls: list[tuple[str, ...]] = []

    def counting(facts: gate.GateFacts, policy: gate.GatePolicy) -> gate.RuleResult:
        calls.append(("x",))
        return gate.RuleResult("counting", True, "Counted.")

    for _ in range(3):
        facility = FacilityFactory.create()
        open_gate(facility)
        for _line in range(2):
            OrderLineFactory.create(order__facility=facility)
    gate.register_rule(counting)
    try:
        found = blocked_drafts(PurchaseOrder.objects.all())
    finally:
        gate.unregister_rule(counting)
    drafts_facilities = set(PurchaseOrder.objects.values_list("facility_id", flat=True))
    assert len(calls) == len(drafts_facilities)
    assert set(found.order_ids) == {personas.order.pk, personas.other_order.pk}
