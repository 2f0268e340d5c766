"""Creating and editing draft orders (service, page with a formset of lines, API), and
the change log they leave."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.http import Http404
from django.utils import timezone

from sourceproof.core.changelog import history_for
from sourceproof.core.models import ChangeAction
from sourceproof.core.testing import Personas, ProductFactory, PurchaseOrderFactory
from sourceproof.orders import services
from sourceproof.orders.models import OrderStatus, Product, PurchaseOrder

pytestmark = pytest.mark.django_db


def _products(personas: Personas) -> tuple[Product, Product]:
    return (
        ProductFactory.create(customer=personas.customer, sku="MUG-01", name="Mug"),
        ProductFactory.create(customer=personas.customer, sku="BTL-02", name="Bottle"),
    )


def test_it_creates_a_numbered_draft_with_its_lines(personas: Personas) -> None:
    mug, bottle = _products(personas)
    ship = timezone.localdate() + dt.timedelta(days=45)
    order = services.order_create(
        customer=personas.customer,
        facility=personas.facility,
        lines=[services.LineInput(mug, 500), (bottle, 250)],
        agreed_ship_date=ship,
        by=personas.csr_manager,
    )
    assert order.status == OrderStatus.DRAFT
    assert order.number == f"PO-{timezone.localdate().year}-00001"
    assert order.created_by == personas.csr_manager
    assert [(li.product.sku, li.quantity) for li in order.lines.order_by("id")] == [
        ("MUG-01", 500),
        ("BTL-02", 250),
    ]
    second = services.order_create(
        customer=personas.customer,
        facility=personas.facility,
        lines=[(mug, 1)],
        agreed_ship_date=ship,
        by=personas.csr_manager,
    )
    assert second.number.endswith("-00002")
    entry = history_for(order).get()
    assert entry.action == ChangeAction.CREATE
    assert entry.changes["lines"] == [None, ["MUG-01 x 500", "BTL-02 x 250"]]
    assert entry.changes["status"] == [None, "draft"]


def test_it_refuses_lines_of_another_customer_duplicates_and_no_lines(
    personas: Personas,
) -> None:
    mug, _bottle = _products(personas)
    foreign = ProductFactory.create(customer=personas.other_customer, sku="BAG-9")
    ship = timezone.localdate()

    def create(lines: list[Any]) -> PurchaseOrder:
        return services.order_create(
            customer=personas.customer,
            facility=personas.facility,
            lines=lines,
            agreed_ship_date=ship,
            by=personas.admin,
        )

    with pytest.raises(services.ValidationError, match="BAG-9 is not a product of Northwind"):
        create([(foreign, 10)])
    with pytest.raises(services.ValidationError, match="appears twice"):
        create([(mug, 10), (mug, 5)])
    with pytest.raises(services.ValidationError, match="at least one line"):
        create([])
    with pytest.raises(services.ValidationError, match="at least 1"):
        create([(mug, 0)])
    assert PurchaseOrder.objects.count() == 2  # the personas' orders only


@pytest.mark.parametrize(
    "role", ["inspector", "viewer", "customer_user", "supplier_user", "auditor"]
)
def test_it_lets_only_operator_staff_create(personas: Personas, role: str) -> None:
    mug, _ = _products(personas)
    with pytest.raises(Http404):
        services.order_create(
            customer=personas.customer,
            facility=personas.facility,
            lines=[(mug, 1)],
            agreed_ship_date=timezone.localdate(),
            by=getattr(personas, role),
        )


def test_it_updates_a_draft_and_records_the_diff(personas: Personas) -> None:
    mug, bottle = _products(personas)
    order = personas.order
    old_line = order.lines.get()
    new_date = order.agreed_ship_date + dt.timedelta(days=7)
    services.order_update(
        order=order,
        agreed_ship_date=new_date,
        facility=personas.other_facility,
        lines=[(mug, 300), (bottle, 20)],
        by=personas.quality_manager,
    )
    order.refresh_from_db()
    assert order.agreed_ship_date == new_date
    assert order.facility == personas.other_facility
    entry = history_for(order).get()
    assert entry.action == ChangeAction.UPDATE
    assert entry.changes["agreed_ship_date"] == [
        (new_date - dt.timedelta(days=7)).isoformat(),
        new_date.isoformat(),
    ]
    assert entry.changes["facility_id"] == [personas.facility.pk, personas.other_facility.pk]
    assert entry.changes["lines"] == [
        [f"{old_line.product.sku} x {old_line.quantity}"],
        ["MUG-01 x 300", "BTL-02 x 20"],
    ]


def test_it_records_nothing_when_nothing_changed(personas: Personas) -> None:
    services.order_update(order=personas.order, notes="", by=personas.admin)
    assert not history_for(personas.order).exists()


def test_it_refuses_to_edit_an_order_past_draft(personas: Personas, client_for: Any) -> None:
    order = PurchaseOrderFactory.create(facility=personas.facility, status=OrderStatus.CONFIRMED)
    with pytest.raises(services.ValidationError, match="Only a draft order can be edited"):
        services.order_update(order=order, notes="late change", by=personas.admin)
    response = client_for("admin").get(f"/orders/{order.number}/edit/")
    assert response.status_code == 302


def test_it_creates_an_order_on_the_page_with_a_formset(
    personas: Personas, client_for: Any
) -> None:
    mug, bottle = _products(personas)
    client = client_for("csr_manager")
    form = client.get("/orders/new/")
    assert form.status_code == 200
    assert "lines-TOTAL_FORMS" in form.content.decode()
    data = {
        "customer": personas.customer.pk,
        "facility": personas.facility.pk,
        "agreed_ship_date": "2031-05-01",
        "notes": "Logo in two colours",
        "lines-TOTAL_FORMS": "3",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
        "lines-0-product": mug.pk,
        "lines-0-quantity": "1200",
        "lines-1-product": bottle.pk,
        "lines-1-quantity": "300",
        "lines-2-product": "",
        "lines-2-quantity": "",
    }
    response = client.post("/orders/new/", data)
    assert response.status_code == 302
    order = PurchaseOrder.objects.get(notes="Logo in two colours")
    assert response["Location"] == f"/orders/{order.number}/"
    assert sorted(order.lines.values_list("quantity", flat=True)) == [300, 1200]


def test_it_shows_line_errors_on_the_page(personas: Personas, client_for: Any) -> None:
    foreign = ProductFactory.create(customer=personas.other_customer, sku="BAG-9")
    data = {
        "customer": personas.customer.pk,
        "facility": personas.facility.pk,
        "agreed_ship_date": "2031-05-01",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-0-product": foreign.pk,
        "lines-0-quantity": "5",
    }
    response = client_for("admin").post("/orders/new/", data)
    assert response.status_code == 400
    assert "BAG-9 is not a product of Northwind Brands." in response.content.decode()
    data["lines-0-product"] = ""
    data["lines-0-quantity"] = ""
    empty = client_for("admin").post("/orders/new/", data)
    assert "An order needs at least one line." in empty.content.decode()


def test_it_adds_blank_lines_without_javascript(personas: Personas, client_for: Any) -> None:
    data = {
        "customer": personas.customer.pk,
        "lines-TOTAL_FORMS": "3",
        "lines-INITIAL_FORMS": "0",
        "more_lines": "1",
    }
    response = client_for("admin").post("/orders/new/", data)
    assert response.status_code == 200
    assert 'name="lines-5-quantity"' in response.content.decode()
    assert PurchaseOrder.objects.count() == 2


def test_it_edits_an_order_on_the_page(personas: Personas, client_for: Any) -> None:
    order = personas.order
    line = order.lines.get()
    client = client_for("quality_manager")
    page = client.get(f"/orders/{order.number}/edit/")
    assert page.status_code == 200
    assert f'value="{line.quantity}"' in page.content.decode()
    data = {
        "customer": order.customer_id,
        "facility": order.facility_id,
        "agreed_ship_date": order.agreed_ship_date.isoformat(),
        "notes": "Now with gift box",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "1",
        "lines-0-product": line.product_id,
        "lines-0-quantity": "777",
    }
    assert client.post(f"/orders/{order.number}/edit/", data).status_code == 302
    order.refresh_from_db()
    assert order.notes == "Now with gift box"
    assert order.lines.get().quantity == 777


def test_it_creates_an_order_in_the_api(personas: Personas, client_for: Any) -> None:
    _products(personas)
    payload = {
        "customer": "northwind",
        "facility": personas.facility.code,
        "agreed_ship_date": "2031-06-30",
        "lines": [{"sku": "MUG-01", "quantity": 100}, {"sku": "BTL-02", "quantity": 5}],
    }
    client = client_for("quality_manager")
    response = client.post("/api/v1/orders", payload, content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "draft"
    assert body["total_quantity"] == 105
    assert [li["sku"] for li in body["lines"]] == ["MUG-01", "BTL-02"]

    payload["lines"] = [{"sku": "NOPE", "quantity": 1}]
    unknown = client.post("/api/v1/orders", payload, content_type="application/json")
    assert unknown.status_code == 400
    assert unknown.json()["detail"] == "NOPE is not a product of Northwind Brands."

    payload["lines"] = []
    assert (
        client.post("/api/v1/orders", payload, content_type="application/json").status_code == 422
    )
    payload["lines"] = [{"sku": "MUG-01", "quantity": 0}]
    assert (
        client.post("/api/v1/orders", payload, content_type="application/json").status_code == 422
    )
