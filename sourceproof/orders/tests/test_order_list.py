"""The order list: filters, the gate badge per draft, "blocked by the gate", live search,
pagination, and a constant number of queries whatever the row count."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sourceproof.core.models import OperatorPolicy
from sourceproof.core.testing import (
    FacilityFactory,
    OrderLineFactory,
    Personas,
    PurchaseOrderFactory,
)
from sourceproof.orders.gate_states import gate_states_refresh
from sourceproof.orders.models import GateException, OrderStatus
from sourceproof.orders.tests.gates import expired_audit, open_gate, suspend

pytestmark = pytest.mark.django_db


def _fill(personas: Personas, count: int) -> None:
    """`count` more orders, over several facilities (half passing the gate), in every status."""
    facilities = [FacilityFactory.create(supplier=personas.supplier) for _ in range(4)]
    open_gate(facilities[0])
    open_gate(facilities[1])
    expired_audit(facilities[2])
    statuses = list(OrderStatus)
    for i in range(count):
        OrderLineFactory.create(
            order__customer=personas.customer,
            order__facility=facilities[i % 4],
            order__status=statuses[i % len(statuses)],
        )


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    "url", ["/orders/", "/orders/?blocked=on", "/orders/?status=draft&q=PO", "/api/v1/orders"]
)
@pytest.mark.parametrize("persona", ["quality_manager", "customer_user", "supplier_user"])
def test_it_runs_the_same_number_of_queries_for_10_and_100_rows(
    personas: Personas, client_for: Any, url: str, persona: str
) -> None:
    OperatorPolicy.current()
    client = client_for(persona)
    _fill(personas, 10)
    client.get(url)  # warm caches (content types, session)
    few = _queries(client, url)
    _fill(personas, 90)
    many = _queries(client, url)
    assert few == many


def test_it_shows_a_gate_badge_for_each_draft(personas: Personas, client_for: Any) -> None:
    blocked = personas.order  # its facility has no SMETA audit
    passing_facility = FacilityFactory.create(supplier=personas.supplier)
    open_gate(passing_facility)
    passing = PurchaseOrderFactory.create(customer=personas.customer, facility=passing_facility)
    excepted = PurchaseOrderFactory.create(customer=personas.customer, facility=personas.facility)
    GateException.objects.create(
        order=excepted,
        reason="Re-audit is booked; the customer agreed.",
        granted_by=personas.quality_manager,
        expires_at=timezone.now() + dt.timedelta(days=3),
    )
    html = client_for("viewer").get("/orders/").content.decode()
    rows = {
        number: html.split(f">{number}</a>")[1].split("</tr>")[0]
        for number in (blocked.number, passing.number, excepted.number)
    }
    assert "Blocked: 1 rule" in rows[blocked.number]
    assert "Gate passes" in rows[passing.number]
    assert "Gate exception" in rows[excepted.number]


def test_it_filters_orders_blocked_by_the_gate(personas: Personas, client_for: Any) -> None:
    passing_facility = FacilityFactory.create(supplier=personas.supplier)
    open_gate(passing_facility)
    passing = PurchaseOrderFactory.create(customer=personas.customer, facility=passing_facility)
    confirmed = PurchaseOrderFactory.create(
        customer=personas.customer, facility=personas.facility, status=OrderStatus.CONFIRMED
    )
    excepted = PurchaseOrderFactory.create(customer=personas.customer, facility=personas.facility)
    GateException.objects.create(
        order=excepted,
        reason="Re-audit is booked; the customer agreed.",
        granted_by=personas.quality_manager,
        expires_at=timezone.now() + dt.timedelta(days=3),
    )
    client = client_for("quality_manager")
    numbers = {o["number"] for o in client.get("/api/v1/orders?blocked=true").json()["items"]}
    assert numbers == {personas.order.number, personas.other_order.number}
    page = client.get("/orders/?blocked=on").content.decode()
    for number in (passing.number, confirmed.number, excepted.number):
        assert number not in page
    suspend(passing_facility, "Strike")
    # The filter reads the stored gate states (as the dashboard does): the suspension counts
    # from their next refresh on.
    numbers = {o["number"] for o in client.get("/api/v1/orders?blocked=true").json()["items"]}
    assert passing.number not in numbers
    gate_states_refresh()
    numbers = {o["number"] for o in client.get("/api/v1/orders?blocked=true").json()["items"]}
    assert passing.number in numbers


def test_it_filters_by_status_customer_facility_supplier_and_number(
    personas: Personas, client_for: Any
) -> None:
    confirmed = PurchaseOrderFactory.create(
        customer=personas.customer, facility=personas.facility, status=OrderStatus.CONFIRMED
    )
    client = client_for("admin")

    def numbers(query: str) -> set[str]:
        return {o["number"] for o in client.get(f"/api/v1/orders?{query}").json()["items"]}

    assert numbers("status=confirmed") == {confirmed.number}
    assert numbers("customer=contoso") == {personas.other_order.number}
    assert numbers(f"facility={personas.other_facility.code}") == {personas.other_order.number}
    assert numbers(f"supplier={personas.supplier.supplier_number}") == {
        personas.order.number,
        confirmed.number,
    }
    assert numbers(f"q={personas.order.number[-3:]}") >= {personas.order.number}

    def page(query: str) -> str:
        return client.get(f"/orders/?{query}").content.decode()

    assert personas.other_order.number not in page(f"customer={personas.customer.pk}")
    assert personas.order.number not in page(f"supplier={personas.other_supplier.pk}")
    assert personas.order.number not in page("status=confirmed")
    assert personas.order.number in page(f"q={personas.order.number}")


def test_it_returns_only_the_results_to_htmx(personas: Personas, client_for: Any) -> None:
    response = client_for("viewer").get(
        f"/orders/?q={personas.order.number}", HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="order-results">')
    assert "<html" not in html
    assert personas.order.number in html


def test_it_paginates_by_fifty(personas: Personas, client_for: Any) -> None:
    _fill(personas, 60)
    client = client_for("viewer")
    first = client.get("/orders/").content.decode()
    assert "Page 1 of 2" in first
    assert "62 orders" in first
    api = client.get("/api/v1/orders?page=2").json()
    assert api["count"] == 62
    assert api["pages"] == 2
    assert len(api["items"]) == 12


def test_it_shows_operator_filters_only_to_operators(personas: Personas, client_for: Any) -> None:
    assert 'name="supplier"' in client_for("viewer").get("/orders/").content.decode()
    customer_page = client_for("customer_user").get("/orders/").content.decode()
    assert 'name="supplier"' not in customer_page
    assert 'name="customer"' not in customer_page
    assert personas.other_customer.name not in customer_page
