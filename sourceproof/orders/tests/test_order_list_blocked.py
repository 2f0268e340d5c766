"""The order list's "blocked by the gate" filter (page and API) reads the stored gate states,
as the dashboard panel does: the same orders for every scope, its time shown, a constant
number of queries, one refresh enqueued when stale, "being computed" instead of an empty list
for a large database without states."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sourceproof.core.testing import (
    CertificateFactory,
    FacilityFactory,
    OrderLineFactory,
    Personas,
    ProductCategoryFactory,
)
from sourceproof.facilities.models import CertificateScheme, Facility
from sourceproof.orders import gate
from sourceproof.orders.gate_states import gate_states_refresh
from sourceproof.orders.models import GateException, GateStateSnapshot, OrderStatus, PurchaseOrder
from sourceproof.orders.selectors import (
    blocked_by_stored_states,
    dashboard_panels,
    order_queryset,
)
from sourceproof.orders.tests.gates import block_country, expired_audit, open_gate, suspend

pytestmark = pytest.mark.django_db

SCOPED = [
    "quality_manager",
    "customer_user",
    "other_customer_user",
    "supplier_user",
    "other_supplier_user",
]


def _panel(user: Any) -> dict[str, Any]:
    return next(p for p in dashboard_panels(user=user) if p["key"] == "orders-blocked")


def _page_numbers(client: Client) -> set[str]:
    response = client.get("/orders/?blocked=1")
    assert response.status_code == 200
    return set(re.findall(r">(PO-\d+)</a>", response.content.decode()))


def _api_numbers(client: Client) -> set[str]:
    response = client.get("/api/v1/orders?blocked=true")
    assert response.status_code == 200, response.content
    return {o["number"] for o in response.json()["items"]}


def _no_mugs(facts: gate.GateFacts, policy: gate.GatePolicy) -> gate.RuleResult:
    """A rule that reads the order's categories, like the inspections app's."""
    if "mugs" in facts.order_categories:
        return gate.RuleResult("no_mugs", False, "No mugs from here.")
    return gate.RuleResult("no_mugs", True, "Anything but mugs.")


@pytest.fixture
def category_rule() -> Iterator[None]:
    gate.register_rule(_no_mugs)
    yield
    gate.unregister_rule(_no_mugs)


def _draft(facility: Facility, *, customer: Any, category: Any = None) -> PurchaseOrder:
    extra = {"product__category": category} if category is not None else {}
    return OrderLineFactory.create(
        order__facility=facility, order__customer=customer, **extra
    ).order


def _exception(order: PurchaseOrder, by: Any, *, days: float) -> None:
    GateException.objects.create(
        order=order,
        reason="The re-audit is booked and the customer agreed.",
        granted_by=by,
        expires_at=timezone.now() + dt.timedelta(days=days),
    )


@pytest.fixture
def reasons(personas: Personas, category_rule: None) -> dict[str, PurchaseOrder]:
    """Drafts blocked for several reasons (at both suppliers, for both customers), an active
    and a lapsed exception, a confirmed order and passing drafts."""
    customer, other = personas.customer, personas.other_customer
    passing = FacilityFactory.create(supplier=personas.supplier)
    open_gate(passing)
    expired = FacilityFactory.create(supplier=personas.supplier)
    open_gate(expired).delete()
    expired_audit(expired)
    two_pillar = FacilityFactory.create(supplier=personas.other_supplier)
    open_gate(two_pillar).delete()
    CertificateFactory.create(facility=two_pillar, scheme=CertificateScheme.SMETA_2P)
    suspended = FacilityFactory.create(supplier=personas.other_supplier)
    open_gate(suspended)
    suspend(suspended)
    no_sourcing = FacilityFactory.create(supplier=personas.supplier, country="KP")
    open_gate(no_sourcing)
    block_country("KP")
    mugs = ProductCategoryFactory.create(code="mugs", name="Mugs")
    bags = ProductCategoryFactory.create(code="bags", name="Bags")
    excepted = _draft(expired, customer=customer)
    _exception(excepted, personas.quality_manager, days=3)
    lapsed = _draft(expired, customer=other)
    _exception(lapsed, personas.quality_manager, days=-1)
    confirmed = _draft(suspended, customer=customer)
    PurchaseOrder.objects.filter(pk=confirmed.pk).update(status=OrderStatus.CONFIRMED)
    return {
        "passing": _draft(passing, customer=customer, category=bags),
        "mugs": _draft(passing, customer=other, category=mugs),
        "expired": _draft(expired, customer=customer),
        "excepted": excepted,
        "lapsed": lapsed,
        "two_pillar": _draft(two_pillar, customer=customer),
        "suspended": _draft(suspended, customer=other),
        "no_sourcing": _draft(no_sourcing, customer=customer),
        "confirmed": confirmed,
    }


def test_it_lists_the_orders_the_dashboard_panel_counts_for_every_scope(
    personas: Personas, reasons: dict[str, PurchaseOrder], client_for: Any
) -> None:
    gate_states_refresh()
    # Changes after the refresh: the facility's suspension waits for the next refresh (like
    # the panel); a new exception counts at once (like the panel).
    suspend(reasons["passing"].facility, "Strike")
    _exception(reasons["two_pillar"], personas.quality_manager, days=2)
    snapshot = GateStateSnapshot.objects.get()
    seen: dict[str, set[str]] = {}
    for name in SCOPED:
        user = getattr(personas, name)
        client = client_for(name)
        panel = _panel(user)
        stored = blocked_by_stored_states(order_queryset(user=user), gate_states=snapshot)
        expected = set(stored.values_list("number", flat=True))
        listed = _page_numbers(client)
        assert listed == expected, name
        assert _api_numbers(client) == expected, name
        assert panel["count"] == len(listed), name
        assert {i["label"].split(" · ")[0] for i in panel["items"]} <= listed, name
        seen[name] = listed

    names = {n for n, o in reasons.items() if o.number in seen["quality_manager"]}
    assert names == {"mugs", "expired", "lapsed", "suspended", "no_sourcing"}
    own = {personas.order.number, personas.other_order.number}  # no audit: blocked too
    assert seen["quality_manager"] - own == {reasons[n].number for n in names}
    assert seen["customer_user"] == {
        personas.order.number, reasons["expired"].number, reasons["no_sourcing"].number
    }  # fmt: skip
    assert seen["other_customer_user"] == {
        personas.other_order.number,
        reasons["mugs"].number,
        reasons["lapsed"].number,
        reasons["suspended"].number,
    }
    assert seen["supplier_user"] == {
        personas.order.number,
        reasons["mugs"].number,
        reasons["expired"].number,
        reasons["lapsed"].number,
        reasons["no_sourcing"].number,
    }
    assert seen["other_supplier_user"] == {personas.other_order.number, reasons["suspended"].number}

    # After the next refresh the suspension counts, on the list as on the panel.
    gate_states_refresh()
    user = personas.customer_user
    listed = _page_numbers(client_for("customer_user"))
    assert reasons["passing"].number in listed
    assert _panel(user)["count"] == len(listed) == 4


def test_it_shows_when_the_states_were_computed(personas: Personas, client_for: Any) -> None:
    snapshot = gate_states_refresh()
    assert snapshot.computed_at is not None
    expected = timezone.localtime(snapshot.computed_at).strftime("%H:%M")
    client = client_for("quality_manager")
    html = client.get("/orders/?blocked=1").content.decode()
    assert f"as of {expected}" in html
    assert "as of" not in client.get("/orders/").content.decode()
    body = client.get("/api/v1/orders?blocked=true").json()
    sent = dt.datetime.fromisoformat(body["gate_states_computed_at"])
    assert abs(sent - snapshot.computed_at) < dt.timedelta(milliseconds=1)  # JSON keeps ms
    assert client.get("/api/v1/orders").json()["gate_states_computed_at"] is None
    html = client.get("/orders/?blocked=1", HTTP_HX_REQUEST="true").content.decode()
    assert f"as of {expected}" in html  # the htmx fragment too


@pytest.mark.parametrize("persona", ["quality_manager", "customer_user", "supplier_user"])
def test_it_runs_the_same_queries_for_2_and_many_blocked_drafts(
    personas: Personas, client_for: Any, persona: str
) -> None:
    client = client_for(persona)

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured.captured_queries)

    def measure() -> tuple[int, int, int]:
        gate_states_refresh()
        client.get("/orders/?blocked=1")  # warm caches (session, content types)
        return (
            queries("/orders/?blocked=1"),
            queries("/api/v1/orders?blocked=true"),
            len(_page_numbers(client)),
        )

    page_few, api_few, rows_few = measure()
    assert rows_few == (2 if persona == "quality_manager" else 1)
    for _ in range(8):
        facility = FacilityFactory.create(supplier=personas.supplier)
        for _order in range(3):
            _draft(facility, customer=personas.customer)
    page_many, api_many, rows_many = measure()
    assert rows_many == rows_few + 24
    assert (page_many, api_many) == (page_few, api_few)


def test_it_enqueues_one_refresh_when_stale_and_lists_the_old_states_meanwhile(
    personas: Personas, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    gate_states_refresh()
    GateStateSnapshot.objects.update(computed_at=timezone.now() - dt.timedelta(minutes=11))
    late = _draft(FacilityFactory.create(), customer=personas.customer)  # no state yet
    client = client_for("quality_manager")
    with django_capture_on_commit_callbacks() as callbacks:
        listed = _page_numbers(client)
        api = _api_numbers(client)
        _panel(personas.quality_manager)
    assert listed == api == {personas.order.number, personas.other_order.number}
    assert len(callbacks) == 1  # one refresh, not one per request
    callbacks[0]()  # the immediate task backend runs it
    assert late.number in _page_numbers(client)
    assert _panel(personas.quality_manager)["count"] == 3


def test_it_judges_a_small_database_at_once_without_states(
    personas: Personas, client_for: Any
) -> None:
    assert not GateStateSnapshot.objects.exists()
    listed = _page_numbers(client_for("quality_manager"))
    assert listed == {personas.order.number, personas.other_order.number}
    assert GateStateSnapshot.objects.get().computed_at is not None


def test_it_says_being_computed_for_a_large_database_without_states(
    personas: Personas,
    client_for: Any,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.SOURCEPROOF_GATE_STATE_SYNC_LIMIT = 1  # the personas have drafts at 2 facilities
    client = client_for("quality_manager")
    with django_capture_on_commit_callbacks() as callbacks:
        html = client.get("/orders/?blocked=1").content.decode()
        api = client.get("/api/v1/orders?blocked=true")
    assert "Being computed; shown within a few minutes." in html
    assert "No orders match." not in html
    assert "0 orders" not in html
    assert personas.order.number not in html
    assert api.status_code == 503
    assert api.json()["detail"].startswith("Being computed")
    assert len(callbacks) == 1
    callbacks[0]()
    assert _page_numbers(client) == {personas.order.number, personas.other_order.number}
    # the unfiltered list does not wait for the states
    assert personas.order.number in client.get("/orders/").content.decode()


def test_it_refuses_outsiders(personas: Personas, client_for: Any) -> None:
    client = client_for("auditor")  # sees no orders at all
    assert client.get("/orders/?blocked=1").status_code == 404
    assert client.get("/api/v1/orders?blocked=true").status_code == 404
    anonymous = Client()
    assert anonymous.get("/orders/?blocked=1").status_code == 302  # to the login page
    assert anonymous.get("/api/v1/orders?blocked=true").status_code == 401
    assert not GateStateSnapshot.objects.exists()  # nothing computed for them
    # Another customer's user sees only her own blocked orders (scopes: the test above).
    other = _page_numbers(client_for("other_customer_user"))
    assert personas.order.number not in other
    assert personas.other_order.number in other
