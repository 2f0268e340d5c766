"""What the operator shares with each customer: the defaults, the sharing page and its change
log, and the effect on what the customer sees (pages, API and export): the audit's findings
only when audit details are shared, the supplier's name only when it is shared."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.http import Http404
from django.urls import reverse

from sourceproof.core.changelog import history_for
from sourceproof.core.testing import Personas
from sourceproof.portal import services
from sourceproof.portal.models import CustomerSharing
from sourceproof.portal.selectors import sharing_for
from sourceproof.portal.tests.builders import audited

pytestmark = pytest.mark.django_db

SUPPLIER = "Ningbo Bright Drinkware Co., Ltd."


def _share(personas: Personas, *, audit: bool = False, supplier: bool = False) -> None:
    services.customer_sharing_update(
        customer=personas.customer,
        by=personas.csr_manager,
        share_audit_details=audit,
        share_supplier_name=supplier,
    )


def _csv(client: Any) -> list[dict[str, str]]:
    response = client.get(reverse("portal:export", args=["csv"]) + "?what=orders")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_it_shares_nothing_beyond_the_baseline_by_default(personas: Personas) -> None:
    sharing = sharing_for(customer=personas.customer)
    assert sharing.share_audit_details is False
    assert sharing.share_supplier_name is False
    assert not CustomerSharing.objects.exists()


def test_it_records_every_change_in_the_change_log(personas: Personas) -> None:
    _share(personas, audit=True)
    _share(personas, audit=True, supplier=True)
    row = CustomerSharing.objects.get(customer=personas.customer)
    records = list(history_for(row))
    assert len(records) == 2
    assert records[0].changes == {"share_supplier_name": [False, True]}
    assert records[0].actor == personas.csr_manager


@pytest.mark.parametrize("role", ["quality_manager", "viewer", "customer_user", "supplier_user"])
def test_it_refuses_roles_that_may_not_manage_sharing(personas: Personas, role: str) -> None:
    with pytest.raises(Http404):
        services.customer_sharing_update(
            customer=personas.customer,
            by=getattr(personas, role),
            share_audit_details=True,
            share_supplier_name=True,
        )


def test_it_saves_the_settings_on_the_sharing_page(personas: Personas, client_for: Any) -> None:
    client = client_for("csr_manager")
    page = client.get(reverse("portal:sharing")).content.decode()
    assert personas.customer.name in page and personas.other_customer.name in page
    response = client.post(
        reverse("portal:sharing_update", args=[personas.customer.code]),
        {f"{personas.customer.code}-share_audit_details": "on"},
    )
    assert response.status_code == 302
    sharing = sharing_for(customer=personas.customer)
    assert sharing.share_audit_details is True and sharing.share_supplier_name is False
    assert sharing_for(customer=personas.other_customer).share_audit_details is False


def test_it_shows_the_settings_read_only_to_a_viewer(personas: Personas, client_for: Any) -> None:
    client = client_for("viewer")
    page = client.get(reverse("portal:sharing")).content.decode()
    assert '<form method="post" action="/portal/sharing/' not in page
    response = client.post(
        reverse("portal:sharing_update", args=[personas.customer.code]),
        {f"{personas.customer.code}-share_audit_details": "on"},
    )
    assert response.status_code == 404
    assert sharing_for(customer=personas.customer).share_audit_details is False


def test_it_refuses_a_sharing_change_for_a_code_that_is_not_a_customer(
    personas: Personas, client_for: Any
) -> None:
    url = reverse("portal:sharing_update", args=[personas.supplier.organisation.code])
    assert client_for("csr_manager").post(url, {}).status_code == 404


def test_it_shows_audit_findings_only_when_shared(personas: Personas, client_for: Any) -> None:
    audited(personas, findings=2)
    client = client_for("customer_user")
    page = reverse("portal:order_detail", args=[personas.order.number])
    api = f"/api/v1/portal/orders/{personas.order.number}"

    body = client.get(page).content.decode()
    assert "Critical: 1" in body  # the summary is always there
    assert "fire exit locked" not in body and 'id="audit-details-not-shared"' in body
    data = client.get(api).json()
    assert data["latest_audit"]["open_findings"] == {"critical": 1, "major": 1, "minor": 0}
    assert data["latest_audit"]["findings"] is None

    _share(personas, audit=True)
    body = client.get(page).content.decode()
    assert "fire exit locked" in body and 'id="audit-findings"' in body
    findings = client.get(api).json()["latest_audit"]["findings"]
    assert [f["severity"] for f in findings] == ["critical", "major"]


def test_it_shows_the_supplier_name_only_when_shared(personas: Personas, client_for: Any) -> None:
    client = client_for("customer_user")
    urls = [
        reverse("portal:order_list"),
        reverse("portal:order_detail", args=[personas.order.number]),
    ]
    for url in urls:
        assert SUPPLIER not in client.get(url).content.decode()
    assert client.get("/api/v1/portal/orders").json()["items"][0]["supplier_name"] is None
    assert _csv(client)[0]["supplier_name"] == ""

    _share(personas, supplier=True)
    for url in urls:
        assert SUPPLIER in client.get(url).content.decode()
    assert client.get("/api/v1/portal/orders").json()["items"][0]["supplier_name"] == SUPPLIER
    detail = client.get(f"/api/v1/portal/orders/{personas.order.number}").json()
    assert detail["supplier_name"] == SUPPLIER
    assert _csv(client)[0]["supplier_name"] == SUPPLIER


def test_it_keeps_one_customers_sharing_from_another(personas: Personas, client_for: Any) -> None:
    _share(personas, supplier=True)
    other = client_for("other_customer_user")
    body = other.get(reverse("portal:order_list")).content.decode()
    assert "Dhaka Canvas Bags Ltd." not in body
    assert other.get("/api/v1/portal/orders").json()["items"][0]["supplier_name"] is None
