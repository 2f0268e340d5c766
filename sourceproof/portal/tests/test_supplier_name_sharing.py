"""The supplier's legal name follows the customer's sharing setting everywhere a customer user
can read: the orders pages, the facility pages, the certificate list, the inspection pages, the
JSON API (orders, their gate, facilities, inspections) and the sourcing gate's stored reasons
(the code-of-ethics rule names the supplier). With `share_supplier_name` off a customer user
never gets the name; on, it does; operator roles and the supplier always do. The inspection
report is one document for every reader and never prints the supplier's name."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from sourceproof.accounts.services import api_token_create
from sourceproof.core.testing import Personas
from sourceproof.ethics.tests.helpers import publish, sign
from sourceproof.portal import services
from sourceproof.portal.selectors import supplier_name_visible, without_supplier_name
from sourceproof.portal.tests.builders import confirm_through_gate, more_orders, reviewed_psi
from sourceproof.reports.inspection import inspection_report_for

pytestmark = pytest.mark.django_db

NAME = "Ningbo Bright Drinkware Co., Ltd."  # the persona supplier's legal name


def _share(personas: Personas, on: bool) -> None:
    services.customer_sharing_update(
        customer=personas.customer,
        by=personas.csr_manager,
        share_audit_details=False,
        share_supplier_name=on,
    )


def _confirmed_with_ethics(personas: Personas) -> None:
    """The order confirmed through a gate whose code-of-ethics rule names the supplier."""
    code = publish(personas.csr_manager)
    sign(code, personas.supplier_user)
    confirm_through_gate(personas)
    stored = personas.order.gate_verdict
    assert stored is not None
    reasons = " ".join(r["reason"] for r in stored["results"])
    assert NAME in reasons  # the stored verdict names the supplier: there is something to hide


def _pages(personas: Personas) -> list[str]:
    order, facility = personas.order, personas.facility
    return [
        reverse("orders:order_list"),
        reverse("orders:order_detail", args=[order.number]),
        reverse("facilities:facility_list"),
        reverse("facilities:facility_detail", args=[facility.code]),
        reverse("facilities:certificate_list") + "?state=all",
        reverse("portal:order_list"),
        reverse("portal:order_detail", args=[order.number]),
    ]


def _endpoints(personas: Personas) -> list[str]:
    order, facility = personas.order, personas.facility
    return [
        "/api/v1/orders",
        f"/api/v1/orders/{order.number}",
        f"/api/v1/orders/{order.number}/gate",
        "/api/v1/facilities",
        f"/api/v1/facilities/{facility.code}",
        "/api/v1/portal/orders",
        f"/api/v1/portal/orders/{order.number}",
    ]


def _read(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


# --------------------------------------------------------------------------- pages and API


def test_it_hides_the_name_from_a_customer_without_sharing(
    personas: Personas, client_for: Any
) -> None:
    _confirmed_with_ethics(personas)
    client = client_for("customer_user")
    for url in _pages(personas) + _endpoints(personas):
        body = _read(client, url)
        assert personas.facility.name in body or personas.facility.code in body, url
        assert NAME not in body, url
        assert json.dumps(NAME)[1:-1] not in body, url


def test_it_shows_the_name_to_a_customer_with_sharing(personas: Personas, client_for: Any) -> None:
    _confirmed_with_ethics(personas)
    _share(personas, True)
    client = client_for("customer_user")
    for url in _pages(personas) + _endpoints(personas):
        assert NAME in _read(client, url), url


@pytest.mark.parametrize("name", ["quality_manager", "viewer", "supplier_user"])
def test_it_always_shows_the_name_to_operators_and_the_supplier(
    personas: Personas, client_for: Any, name: str
) -> None:
    _confirmed_with_ethics(personas)
    _share(personas, False)
    client = client_for(name)
    urls = [u for u in _pages(personas) + _endpoints(personas) if "portal" not in u]
    for url in urls:
        assert NAME in _read(client, url), url


def test_the_api_answers_null_for_the_supplier_unless_shared(
    personas: Personas, client_for: Any
) -> None:
    client = client_for("customer_user")
    order = json.loads(_read(client, f"/api/v1/orders/{personas.order.number}"))
    facility = json.loads(_read(client, f"/api/v1/facilities/{personas.facility.code}"))
    assert order["facility"]["supplier"] is None
    assert facility["supplier"] is None and facility["supplier_id"] is None
    _share(personas, True)
    client = client_for("customer_user")
    order = json.loads(_read(client, f"/api/v1/orders/{personas.order.number}"))
    facility = json.loads(_read(client, f"/api/v1/facilities/{personas.facility.code}"))
    assert order["facility"]["supplier"] == NAME
    assert facility["supplier"] == NAME and facility["supplier_id"] == personas.supplier.pk


def test_a_read_only_token_gets_what_its_user_may_see(personas: Personas) -> None:
    _, secret = api_token_create(user=personas.customer_user, name="ERP", read_only=True)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert NAME not in _read(client, "/api/v1/orders")
    _share(personas, True)
    assert NAME in _read(client, "/api/v1/orders")


# --------------------------------------------------------------------------- filters


def test_a_customer_without_sharing_cannot_filter_by_supplier(
    personas: Personas, client_for: Any
) -> None:
    client = client_for("customer_user")
    page = _read(client, reverse("facilities:facility_list"))
    assert 'id="id_supplier"' not in page
    # A supplier search that matches nothing is ignored: the facility is still listed.
    nothing = _read(client, reverse("facilities:facility_list") + "?supplier=zzz-no-such")
    assert personas.facility.code in nothing
    api = json.loads(_read(client, f"/api/v1/facilities?supplier={personas.other_supplier.pk}"))
    assert [f["code"] for f in api["items"]] == [personas.facility.code]
    orders = json.loads(_read(client, "/api/v1/orders?supplier=NO-SUCH-NUMBER"))
    assert orders["count"] == 1


def test_a_customer_with_sharing_may_filter_by_supplier(
    personas: Personas, client_for: Any
) -> None:
    _share(personas, True)
    client = client_for("customer_user")
    page = _read(client, reverse("facilities:facility_list"))
    assert 'id="id_supplier"' in page and NAME in page
    assert "/facilities/suppliers/" not in page  # the name, not a link to a page it cannot open
    nothing = _read(client, reverse("facilities:facility_list") + "?supplier=zzz-no-such")
    assert personas.facility.code not in nothing


# --------------------------------------------------------------------------- inspections


def test_the_inspection_pages_and_report_never_name_the_supplier_to_a_customer(
    personas: Personas, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    psi = reviewed_psi(personas, django_capture_on_commit_callbacks)
    number = psi.report_number
    client = client_for("customer_user")
    urls = [
        reverse("inspections:inspection_list"),
        reverse("inspections:inspection_detail", args=[number]),
        "/api/v1/inspections",
        f"/api/v1/inspections/{number}",
        reverse("reports:inspection_html", args=[number]),
    ]
    for url in urls:
        body = _read(client, url)
        assert number in body, url
        assert NAME not in body, url
    _share(personas, True)
    detail = _read(
        client_for("customer_user"), reverse("inspections:inspection_detail", args=[number])
    )
    assert NAME in detail
    operator = _read(
        client_for("quality_manager"), reverse("inspections:inspection_detail", args=[number])
    )
    assert NAME in operator


def test_the_issued_report_is_one_document_without_the_supplier_name(
    personas: Personas, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    psi = reviewed_psi(personas, django_capture_on_commit_callbacks)
    report = inspection_report_for(inspection=psi)
    assert report is not None
    text = " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(report.file.read())).pages)
    assert personas.facility.name in text  # the facility is printed ...
    assert "Ningbo Bright" not in text  # ... its supplier's legal name is not
    html = _read(
        client_for("quality_manager"), reverse("reports:inspection_html", args=[psi.report_number])
    )
    assert NAME not in html  # the same for operators: one document for every reader


# --------------------------------------------------------------------------- mechanism


def test_the_selector_by_role_and_setting(personas: Personas) -> None:
    assert supplier_name_visible(user=personas.customer_user) is False
    for name in ("admin", "viewer", "inspector", "supplier_user", "auditor"):
        assert supplier_name_visible(user=getattr(personas, name)) is True
    _share(personas, True)
    fresh = type(personas.customer_user).objects.get(pk=personas.customer_user.pk)
    assert supplier_name_visible(user=fresh) is True
    assert supplier_name_visible(user=personas.other_customer_user) is False


def test_the_answer_is_read_once_per_user_object(personas: Personas) -> None:
    user = personas.customer_user
    with CaptureQueriesContext(connection) as queries:
        for _ in range(5):
            supplier_name_visible(user=user)
    assert len(queries) == 1


def test_the_reason_text_loses_only_the_name() -> None:
    text = f"{NAME} signed the code of ethics v1 on 2026-11-24."
    assert without_supplier_name(text, supplier_name=NAME) == (
        "The supplier signed the code of ethics v1 on 2026-11-24."
    )
    assert without_supplier_name("No name here.", supplier_name=NAME) == "No name here."


def _sharing_queries(queries: CaptureQueriesContext) -> int:
    return sum(1 for q in queries.captured_queries if "portal_customersharing" in q["sql"])


@pytest.mark.parametrize("on", [False, True])
def test_the_context_processor_adds_no_query_per_row(
    personas: Personas, client_for: Any, on: bool
) -> None:
    _share(personas, on)
    client = client_for("customer_user")
    url = reverse("orders:order_list")
    _read(client, url)  # the first request of a session reads a little more
    with CaptureQueriesContext(connection) as few:
        _read(client, url)
    more_orders(personas, 6)
    with CaptureQueriesContext(connection) as many:
        body = _read(client, url)
    assert body.count("PO-") >= 7
    assert len(many) == len(few)
    assert _sharing_queries(many) == 1


def test_a_page_that_does_not_ask_pays_nothing(personas: Personas, client_for: Any) -> None:
    client = client_for("customer_user")
    with CaptureQueriesContext(connection) as queries:
        _read(client, reverse("inspections:inspection_list"))
    assert _sharing_queries(queries) == 0
