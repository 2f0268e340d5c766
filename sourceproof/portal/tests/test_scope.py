"""The scope matrix: every portal page and API endpoint by every persona.

The customer's own user gets 200. Another customer's user gets 404 on every URL that names
the first customer's data (an order, its photos, the preview of the first customer), and on
the URLs without a number sees only its own rows. Suppliers, inspectors, auditors and operator
roles get 404 on the customer's pages (operators use the preview instead); anonymous visitors
are sent to the login page (pages) or refused (API). The preview and the sharing page are for
operator roles only.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sourceproof.core.testing import Personas
from sourceproof.evidence.models import Photo
from sourceproof.portal.tests.builders import confirm_through_gate, reviewed_psi

pytestmark = pytest.mark.django_db

CUSTOMER = "customer_user"
OTHER_CUSTOMER = "other_customer_user"
NOT_CUSTOMERS = [
    "supplier_user",
    "other_supplier_user",
    "inspector",
    "auditor",
    "admin",
    "csr_manager",
    "quality_manager",
    "viewer",
]
PREVIEWERS = {"admin", "csr_manager", "quality_manager", "viewer"}


def _customer_urls(personas: Personas, photo: Photo) -> dict[str, bool]:
    """URL → whether it names the first customer's data (an outsider customer gets 404)."""
    number = personas.order.number
    return {
        reverse("portal:order_list"): False,
        reverse("portal:order_detail", args=[number]): True,
        reverse("portal:order_photos", args=[number]): True,
        reverse("portal:photo_feed"): False,
        reverse("portal:export", args=["csv"]) + "?what=orders": False,
        reverse("portal:export", args=["csv"]) + "?what=inspections": False,
        reverse("portal:export", args=["xlsx"]): False,
        "/api/v1/portal/orders": False,
        f"/api/v1/portal/orders/{number}": True,
        f"/api/v1/portal/orders/{number}/photos": True,
        "/api/v1/portal/photos": False,
        "/api/v1/portal/inspections": False,
    }


def _preview_urls(personas: Personas) -> list[str]:
    code, number = personas.customer.code, personas.order.number
    return [
        reverse("portal:preview_order_list", args=[code]),
        reverse("portal:preview_order_detail", args=[code, number]),
        reverse("portal:preview_order_photos", args=[code, number]),
        reverse("portal:preview_photo_feed", args=[code]),
        reverse("portal:preview_export", args=[code, "csv"]),
        reverse("portal:preview_export", args=[code, "xlsx"]),
    ]


def _body(response: Any) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return bytes(response.content)


def test_it_keeps_every_portal_url_to_its_customer(
    personas: Personas, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    confirm_through_gate(personas, personas.other_order)
    psi = reviewed_psi(personas, django_capture_on_commit_callbacks)
    photo = Photo.objects.filter(inspection=psi).first()
    assert photo is not None
    urls = _customer_urls(personas, photo)
    secrets = [personas.order.number.encode(), psi.report_number.encode()]
    wrong: list[str] = []

    customer = client_for(CUSTOMER)
    for url in urls:
        response = customer.get(url)
        if response.status_code != 200:
            wrong.append(f"{CUSTOMER} {url}: {response.status_code}")
        elif url != reverse("portal:export", args=["xlsx"]) and not any(
            s in _body(response) for s in secrets
        ):
            wrong.append(f"{CUSTOMER} {url}: the customer's own data is missing")

    other = client_for(OTHER_CUSTOMER)
    for url, names_data in urls.items():
        response = other.get(url)
        expected = 404 if names_data else 200
        if response.status_code != expected:
            wrong.append(f"{OTHER_CUSTOMER} {url}: {response.status_code}, not {expected}")
        elif expected == 200 and any(s in _body(response) for s in secrets):
            wrong.append(f"{OTHER_CUSTOMER} {url}: shows the first customer's data")

    for name in NOT_CUSTOMERS:
        client = client_for(name)
        for url in urls:
            status = client.get(url).status_code
            if status != 404:
                wrong.append(f"{name} {url}: {status}, not 404")

    anonymous = Client()
    for url in urls:
        response = anonymous.get(url)
        if url.startswith("/api/"):
            if response.status_code not in (401, 404):
                wrong.append(f"anonymous {url}: {response.status_code}")
        elif response.status_code != 302 or "/accounts/login/" not in response["Location"]:
            wrong.append(f"anonymous {url}: {response.status_code}, not a login redirect")
    assert wrong == []


def test_it_shows_the_preview_and_the_sharing_page_to_operator_roles_only(
    personas: Personas, client_for: Any
) -> None:
    wrong: list[str] = []
    urls = [*_preview_urls(personas), reverse("portal:sharing")]
    for name in [CUSTOMER, OTHER_CUSTOMER, *NOT_CUSTOMERS]:
        client = client_for(name)
        for url in urls:
            status = client.get(url).status_code
            expected = 200 if name in PREVIEWERS else 404
            if status != expected:
                wrong.append(f"{name} {url}: {status}, not {expected}")
    for url in urls:
        response = Client().get(url)
        if response.status_code != 302:
            wrong.append(f"anonymous {url}: {response.status_code}")
    assert wrong == []


def test_it_answers_404_for_a_preview_of_an_organisation_that_is_not_a_customer(
    personas: Personas, client_for: Any
) -> None:
    client = client_for("quality_manager")
    for code in (personas.supplier.organisation.code, personas.operator.code, "no-such-code"):
        assert client.get(reverse("portal:preview_order_list", args=[code])).status_code == 404


def test_it_answers_404_for_the_other_customers_order_inside_a_preview(
    personas: Personas, client_for: Any
) -> None:
    url = reverse(
        "portal:preview_order_detail", args=[personas.customer.code, personas.other_order.number]
    )
    assert client_for("quality_manager").get(url).status_code == 404
