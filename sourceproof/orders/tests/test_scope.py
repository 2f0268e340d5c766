"""Who sees what: every orders page and endpoint, for every persona. Outsiders get 404.

The personas' `order` is Northwind's (customer_user), made at the supplier_user's facility.
other_customer_user and other_supplier_user are outsiders to it; the auditor sees no orders.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from sourceproof.core.testing import Personas, ProductFactory
from sourceproof.orders.models import GateException

pytestmark = pytest.mark.django_db

OPERATORS = {"admin", "csr_manager", "quality_manager", "inspector", "viewer"}
STAFF = {"admin", "csr_manager", "quality_manager"}
GRANTERS = {"admin", "quality_manager"}
OWN = {"customer_user", "supplier_user"}
OUTSIDERS = {"other_customer_user", "other_supplier_user", "auditor"}
EVERYONE = OPERATORS | OWN | OUTSIDERS

# (url template, the personas that get 200; everyone else gets 404)
PAGES: list[tuple[str, set[str]]] = [
    ("/orders/", OPERATORS | OWN | {"other_customer_user", "other_supplier_user"}),
    ("/orders/{order}/", OPERATORS | OWN),
    ("/orders/{order}/edit/", STAFF),
    ("/orders/{order}/confirm/", STAFF),
    ("/orders/{order}/exceptions/new/", GRANTERS),
    ("/orders/new/", STAFF),
    ("/orders/exceptions/", OPERATORS),
    ("/orders/products/", OPERATORS | OWN | {"other_customer_user", "other_supplier_user"}),
    ("/orders/products/new/", STAFF),
    ("/orders/products/{product}/edit/", STAFF),
]
ENDPOINTS: list[tuple[str, set[str]]] = [
    ("/api/v1/orders", OPERATORS | OWN | {"other_customer_user", "other_supplier_user"}),
    ("/api/v1/orders/{order}", OPERATORS | OWN),
    ("/api/v1/orders/{order}/gate", OPERATORS | OWN),
    ("/api/v1/orders/exceptions", OPERATORS),
    ("/api/v1/orders/products", OPERATORS | OWN | {"other_customer_user", "other_supplier_user"}),
]


def _url(template: str, personas: Personas) -> str:
    product = personas.order.lines.get().product
    return template.format(order=personas.order.number, product=product.pk)


@pytest.mark.parametrize("persona", sorted(EVERYONE))
@pytest.mark.parametrize(("template", "allowed"), PAGES, ids=[p for p, _ in PAGES])
def test_it_scopes_every_page(
    personas: Personas, client_for: Any, persona: str, template: str, allowed: set[str]
) -> None:
    response = client_for(persona).get(_url(template, personas))
    assert response.status_code == (200 if persona in allowed else 404)


@pytest.mark.parametrize("persona", sorted(EVERYONE))
@pytest.mark.parametrize(("template", "allowed"), ENDPOINTS, ids=[p for p, _ in ENDPOINTS])
def test_it_scopes_every_read_endpoint(
    personas: Personas, client_for: Any, persona: str, template: str, allowed: set[str]
) -> None:
    response = client_for(persona).get(_url(template, personas))
    assert response.status_code == (200 if persona in allowed else 404)


@pytest.mark.parametrize("persona", sorted(OUTSIDERS))
def test_it_refuses_every_write_endpoint_and_form_to_an_outsider(
    personas: Personas, client_for: Any, persona: str
) -> None:
    client: Client = client_for(persona)
    number = personas.order.number
    json = "application/json"
    expires = (timezone.now() + dt.timedelta(days=3)).isoformat()
    attempts = [
        client.post(f"/api/v1/orders/{number}/confirm"),
        client.post(f"/api/v1/orders/{number}/status", {"status": "cancelled"}, content_type=json),
        client.post(
            f"/api/v1/orders/{number}/exceptions",
            {"reason": "x" * 30, "expires_at": expires},
            content_type=json,
        ),
        client.post(
            "/api/v1/orders",
            {
                "customer": "northwind",
                "facility": personas.facility.code,
                "agreed_ship_date": "2031-01-01",
                "lines": [{"sku": "X", "quantity": 1}],
            },
            content_type=json,
        ),
        client.post(
            "/api/v1/orders/products",
            {"customer": "northwind", "sku": "S", "name": "N", "category": "drinkware"},
            content_type=json,
        ),
        client.post(f"/orders/{number}/confirm/"),
        client.post(f"/orders/{number}/status/", {"status": "cancelled"}),
        client.post(f"/orders/{number}/edit/", {}),
        client.post(f"/orders/{number}/exceptions/new/", {"reason": "x" * 30}),
    ]
    assert [r.status_code for r in attempts] == [404] * len(attempts)


def test_it_keeps_each_customer_to_its_own_orders_in_the_list(
    personas: Personas, client_for: Any
) -> None:
    own = client_for("customer_user").get("/orders/").content.decode()
    assert personas.order.number in own
    assert personas.other_order.number not in own
    other = client_for("other_customer_user").get("/api/v1/orders").json()
    assert [o["number"] for o in other["items"]] == [personas.other_order.number]


def test_it_keeps_each_supplier_to_orders_at_its_facilities(
    personas: Personas, client_for: Any
) -> None:
    listed = client_for("supplier_user").get("/api/v1/orders").json()
    assert [o["number"] for o in listed["items"]] == [personas.order.number]
    other = client_for("other_supplier_user").get("/orders/").content.decode()
    assert personas.order.number not in other
    assert personas.other_order.number in other


def test_it_keeps_products_to_the_customer_and_the_supplier_that_makes_them(
    personas: Personas, client_for: Any
) -> None:
    mine = personas.order.lines.get().product
    unordered = ProductFactory.create(customer=personas.customer, sku="NOT-ORDERED")
    theirs = personas.other_order.lines.get().product

    def skus(persona: str) -> set[str]:
        items = client_for(persona).get("/api/v1/orders/products").json()["items"]
        return {p["sku"] for p in items}

    assert skus("customer_user") == {mine.sku, unordered.sku}
    assert skus("supplier_user") == {mine.sku}
    assert skus("other_customer_user") == {theirs.sku}
    assert {mine.sku, unordered.sku, theirs.sku} <= skus("viewer")


def test_it_shows_exceptions_and_history_only_to_operator_roles(
    personas: Personas, client_for: Any
) -> None:
    GateException.objects.create(
        order=personas.order,
        reason="Waiting for the re-audit report from the audit firm.",
        granted_by=personas.quality_manager,
        expires_at=timezone.now() + dt.timedelta(days=5),
    )
    url = f"/orders/{personas.order.number}/"
    operator = client_for("viewer").get(url).content.decode()
    assert "Waiting for the re-audit report" in operator
    for persona in ("customer_user", "supplier_user"):
        page = client_for(persona).get(url).content.decode()
        assert "Waiting for the re-audit report" not in page


def test_it_asks_an_anonymous_visitor_to_log_in_and_refuses_the_api(personas: Personas) -> None:
    client = Client()
    page = client.get(f"/orders/{personas.order.number}/")
    assert page.status_code == 302
    assert "/accounts/login/" in page["Location"]
    assert client.get(f"/api/v1/orders/{personas.order.number}").status_code == 401
