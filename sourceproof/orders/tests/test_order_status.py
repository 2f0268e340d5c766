"""Order status: draft → confirmed (only through the gate) → in production → shipped →
delivered; cancel from draft, confirmed or in production; nothing else."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import Http404

from sourceproof.core.changelog import history_for
from sourceproof.core.models import ChangeAction
from sourceproof.core.testing import Personas, PurchaseOrderFactory
from sourceproof.orders import services
from sourceproof.orders.models import OrderStatus

pytestmark = pytest.mark.django_db

S = OrderStatus
ALLOWED = {
    (S.DRAFT, S.CANCELLED),
    (S.CONFIRMED, S.IN_PRODUCTION),
    (S.CONFIRMED, S.CANCELLED),
    (S.IN_PRODUCTION, S.SHIPPED),
    (S.IN_PRODUCTION, S.CANCELLED),
    (S.SHIPPED, S.DELIVERED),
}
EVERY_PAIR = [(a, b) for a in S for b in S if a != b]


@pytest.mark.parametrize(("start", "target"), sorted(ALLOWED))
def test_it_allows_the_forward_moves_and_cancelling(
    personas: Personas, start: str, target: str
) -> None:
    order = PurchaseOrderFactory.create(facility=personas.facility, status=start)
    services.order_set_status(order=order, status=target, by=personas.csr_manager)
    order.refresh_from_db()
    assert order.status == target
    entry = history_for(order).get()
    assert entry.action == ChangeAction.EVENT
    assert entry.changes == {"status": [start, target]}
    assert entry.actor == personas.csr_manager


@pytest.mark.parametrize(("start", "target"), [pair for pair in EVERY_PAIR if pair not in ALLOWED])
def test_it_refuses_every_other_move(personas: Personas, start: str, target: str) -> None:
    order = PurchaseOrderFactory.create(facility=personas.facility, status=start)
    with pytest.raises(services.ValidationError):
        services.order_set_status(order=order, status=target, by=personas.csr_manager)
    order.refresh_from_db()
    assert order.status == start
    assert not history_for(order).exists()


def test_it_sends_confirmation_through_the_gate(personas: Personas) -> None:
    with pytest.raises(services.ValidationError, match="through the sourcing gate"):
        services.order_set_status(
            order=personas.order, status=OrderStatus.CONFIRMED, by=personas.admin
        )


def test_it_explains_a_refused_move(personas: Personas) -> None:
    order = PurchaseOrderFactory.create(facility=personas.facility, status=S.SHIPPED)
    with pytest.raises(services.ValidationError) as error:
        services.order_set_status(order=order, status=S.CANCELLED, by=personas.admin)
    assert error.value.messages == [
        "An order that is Shipped cannot become Cancelled; it can become: Delivered."
    ]
    final = PurchaseOrderFactory.create(facility=personas.facility, status=S.DELIVERED)
    with pytest.raises(services.ValidationError, match="it is final"):
        services.order_set_status(order=final, status=S.SHIPPED, by=personas.admin)


def test_it_moves_the_status_in_the_api(personas: Personas, client_for: Any) -> None:
    order = PurchaseOrderFactory.create(facility=personas.facility, status=S.CONFIRMED)
    client = client_for("quality_manager")
    url = f"/api/v1/orders/{order.number}/status"
    ok = client.post(url, {"status": "in_production"}, content_type="application/json")
    assert ok.status_code == 200
    assert ok.json()["status"] == "in_production"
    refused = client.post(url, {"status": "delivered"}, content_type="application/json")
    assert refused.status_code == 400
    assert "cannot become Delivered" in refused.json()["detail"]
    unknown = client.post(url, {"status": "lost"}, content_type="application/json")
    assert unknown.status_code == 422


def test_it_moves_the_status_on_the_page_and_shows_the_timeline(
    personas: Personas, client_for: Any
) -> None:
    order = PurchaseOrderFactory.create(facility=personas.facility, status=S.CONFIRMED)
    client = client_for("csr_manager")
    detail = client.get(f"/orders/{order.number}/").content.decode()
    assert 'value="in_production"' in detail
    assert 'value="cancelled"' in detail
    response = client.post(f"/orders/{order.number}/status/", {"status": "in_production"})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == S.IN_PRODUCTION
    timeline = client.get(f"/orders/{order.number}/").content.decode()
    assert "In production" in timeline
    refused = client.post(f"/orders/{order.number}/status/", {"status": "draft"}, follow=True)
    assert "cannot become Draft" in refused.content.decode()


@pytest.mark.parametrize("role", ["inspector", "viewer", "customer_user", "supplier_user"])
def test_it_refuses_status_moves_to_roles_that_may_not_edit(
    personas: Personas, client_for: Any, role: str
) -> None:
    with pytest.raises(Http404):
        services.order_set_status(
            order=personas.order, status=S.CANCELLED, by=getattr(personas, role)
        )
    client = client_for(role)
    number = personas.order.number
    assert client.post(f"/orders/{number}/status/", {"status": "cancelled"}).status_code == 404
    api = client.post(
        f"/api/v1/orders/{number}/status", {"status": "cancelled"}, content_type="application/json"
    )
    assert api.status_code == 404
    personas.order.refresh_from_db()
    assert personas.order.status == S.DRAFT
