"""Products: created and edited by operator staff (service, page, API), SKU unique per
customer, and the change log."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from sourceproof.core.changelog import history_for
from sourceproof.core.models import ChangeAction
from sourceproof.core.testing import Personas, ProductCategoryFactory, ProductFactory
from sourceproof.orders import services
from sourceproof.orders.models import Product

pytestmark = pytest.mark.django_db


def test_it_creates_and_updates_a_product_with_its_history(personas: Personas) -> None:
    category = ProductCategoryFactory.create()
    product = services.product_create(
        customer=personas.customer,
        sku=" MUG-350 ",
        name="Enamel mug 350 ml",
        category=category,
        materials="steel, enamel",
        by=personas.csr_manager,
    )
    assert product.sku == "MUG-350"
    created = history_for(product).get()
    assert created.action == ChangeAction.CREATE
    assert created.changes["sku"] == [None, "MUG-350"]

    services.product_update(product=product, name="Enamel mug 400 ml", by=personas.admin)
    updated = history_for(product).filter(action=ChangeAction.UPDATE).get()
    assert updated.changes == {"name": ["Enamel mug 350 ml", "Enamel mug 400 ml"]}


def test_it_keeps_skus_unique_per_customer(personas: Personas) -> None:
    category = ProductCategoryFactory.create()
    kwargs: dict[str, Any] = {"sku": "BAG-1", "name": "Tote", "category": category}
    services.product_create(customer=personas.customer, by=personas.admin, **kwargs)
    with pytest.raises(services.ValidationError):
        services.product_create(customer=personas.customer, by=personas.admin, **kwargs)
    services.product_create(customer=personas.other_customer, by=personas.admin, **kwargs)
    assert Product.objects.filter(sku="BAG-1").count() == 2


def test_it_refuses_products_for_a_non_customer_or_by_a_non_staff_role(
    personas: Personas,
) -> None:
    category = ProductCategoryFactory.create()
    with pytest.raises(services.ValidationError):
        services.product_create(
            customer=personas.operator, sku="X", name="X", category=category, by=personas.admin
        )
    with pytest.raises(Http404):
        services.product_create(
            customer=personas.customer, sku="X", name="X", category=category, by=personas.viewer
        )


def test_it_creates_and_edits_on_the_pages(personas: Personas, client_for: Any) -> None:
    category = ProductCategoryFactory.create()
    client = client_for("quality_manager")
    response = client.post(
        "/orders/products/new/",
        {
            "customer": personas.customer.pk,
            "sku": "PEN-7",
            "name": "Bamboo pen",
            "category": category.pk,
            "materials": "bamboo",
        },
    )
    assert response.status_code == 302
    product = Product.objects.get(sku="PEN-7")
    duplicate = client.post(
        "/orders/products/new/",
        {"customer": personas.customer.pk, "sku": "PEN-7", "name": "x", "category": category.pk},
    )
    assert duplicate.status_code == 400
    edit = client.post(
        f"/orders/products/{product.pk}/edit/",
        {
            "customer": personas.other_customer.pk,  # ignored: the customer cannot change
            "sku": "PEN-7",
            "name": "Bamboo pen, blue ink",
            "category": category.pk,
            "materials": "bamboo",
        },
    )
    assert edit.status_code == 302
    product.refresh_from_db()
    assert product.name == "Bamboo pen, blue ink"
    assert product.customer == personas.customer
    listing = client.get("/orders/products/?q=bamboo").content.decode()
    assert "Bamboo pen, blue ink" in listing


def test_it_creates_in_the_api(personas: Personas, client_for: Any) -> None:
    ProductCategoryFactory.create()
    client = client_for("admin")
    payload = {"customer": "northwind", "sku": "CAP-1", "name": "Cap", "category": "drinkware"}
    response = client.post("/api/v1/orders/products", payload, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["customer"] == "northwind"
    again = client.post("/api/v1/orders/products", payload, content_type="application/json")
    assert again.status_code == 400
    payload["category"] = "nope"
    bad = client.post("/api/v1/orders/products", payload, content_type="application/json")
    assert bad.status_code == 400
    assert "Unknown product category" in bad.json()["detail"]


def test_it_lists_products_at_a_constant_number_of_queries(
    personas: Personas, client_for: Any
) -> None:
    client = client_for("viewer")

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/orders/products/").status_code == 200
        return len(captured.captured_queries)

    ProductFactory.create_batch(10, customer=personas.customer)
    client.get("/orders/products/")
    few = count()
    ProductFactory.create_batch(90, customer=personas.other_customer)
    assert count() == few
