"""The Django admin lists products, orders and gate exceptions for operator admins only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from sourceproof.core.testing import Personas
from sourceproof.orders.models import GateException

pytestmark = pytest.mark.django_db

PAGES = [
    "/admin/orders/product/",
    "/admin/orders/purchaseorder/",
    "/admin/orders/gateexception/",
]


def test_it_shows_the_orders_models_to_an_admin(personas: Personas, client_for: Any) -> None:
    exception = GateException.objects.create(
        order=personas.order,
        reason="The re-audit is booked and the customer agreed.",
        granted_by=personas.quality_manager,
        expires_at=timezone.now() + dt.timedelta(days=2),
    )
    client = client_for("admin")
    for url in PAGES:
        assert client.get(url).status_code == 200
    assert client.get(f"/admin/orders/purchaseorder/{personas.order.pk}/change/").status_code == 200
    assert client.get(f"/admin/orders/gateexception/{exception.pk}/change/").status_code == 200
    assert client.get("/admin/orders/gateexception/add/").status_code == 403


@pytest.mark.parametrize("role", ["quality_manager", "customer_user"])
def test_it_keeps_other_roles_out_of_the_admin(
    personas: Personas, client_for: Any, role: str
) -> None:
    for url in PAGES:
        assert client_for(role).get(url).status_code == 302  # to the admin login
