"""The portal's API for the customer's own systems: read-only tokens made on the profile
page, the same rows and sharing as the pages, writes refused."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sourceproof.accounts.models import ApiToken
from sourceproof.core.testing import Personas
from sourceproof.evidence.models import Photo
from sourceproof.portal.tests.builders import confirm_under_exception, reviewed_psi
from sourceproof.reports.inspection import inspection_report_for

pytestmark = pytest.mark.django_db


def _token(client: Client) -> str:
    """Make a read-only token on the profile page, as a customer would."""
    response = client.post(
        reverse("accounts:profile"),
        {"form": "token", "name": "ERP", "read_only": "on", "expires_in_days": "30"},
    )
    found = re.search(r'<code id="new-token">([^<]+)</code>', response.content.decode())
    assert found is not None
    return found.group(1)


def test_a_customer_makes_a_read_only_token_and_reads_the_portal(
    personas: Personas, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    secret = _token(client_for("customer_user"))
    token = ApiToken.objects.get(user=personas.customer_user)
    assert token.read_only
    psi = reviewed_psi(personas, django_capture_on_commit_callbacks)
    report = inspection_report_for(inspection=psi)
    assert report is not None
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")

    orders = api.get("/api/v1/portal/orders").json()
    assert [o["number"] for o in orders["items"]] == [personas.order.number]
    detail = api.get(f"/api/v1/portal/orders/{personas.order.number}").json()
    assert detail["facility"]["name"] == "Bright Drinkware Plant 1"
    assert [i["report_number"] for i in detail["inspection_list"]][-1] == psi.report_number
    last = detail["inspection_list"][-1]
    assert psi.plan_snapshot is not None
    assert last["final_verdict"] == psi.final_verdict
    assert last["plan"]["sample_size"] == psi.plan_snapshot["sample_size"]
    assert last["pdf_report_number"] == report.number and last["pdf_sha256"] == report.sha256
    pdf = api.get(last["pdf_url"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"

    photos = api.get("/api/v1/portal/photos").json()
    assert photos["count"] == Photo.objects.count()
    first = photos["items"][0]
    assert set(first) >= {"time_ok", "place_ok", "reused", "no_exif", "thumbnail_url"}
    newest = Photo.objects.order_by("-received_at", "-id").first()
    assert newest is not None and first["id"] == newest.pk
    assert api.get(first["thumbnail_url"]).status_code == 200
    order_photos = api.get(f"/api/v1/portal/orders/{personas.order.number}/photos").json()
    assert order_photos["count"] == photos["count"]
    inspections = api.get("/api/v1/portal/inspections").json()
    assert [i["report_number"] for i in inspections["items"]][-1] == psi.report_number


def test_it_matches_the_gate_shown_on_the_page(personas: Personas, client_for: Any) -> None:
    confirm_under_exception(personas)
    client = client_for("customer_user")
    gate = client.get(f"/api/v1/portal/orders/{personas.order.number}").json()[
        "gate_at_confirmation"
    ]
    assert gate["result"] == "exception"
    page = client.get(reverse("portal:order_detail", args=[personas.order.number]))
    assert gate["exception_reason"] in page.content.decode()
    assert [r["passed"] for r in gate["rules"]].count(False) >= 1


def test_it_refuses_writes_with_a_read_only_token(personas: Personas, client_for: Any) -> None:
    secret = _token(client_for("customer_user"))
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    # The portal has no writes; a write elsewhere in the API is refused for the token itself.
    response = api.post("/api/v1/orders", {}, content_type="application/json")
    assert response.status_code == 403
    assert "read-only" in response.json()["detail"]


def test_it_gives_another_customers_token_nothing_of_the_first(
    personas: Personas, client_for: Any
) -> None:
    secret = _token(client_for("other_customer_user"))
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get(f"/api/v1/portal/orders/{personas.order.number}").status_code == 404
    numbers = [o["number"] for o in api.get("/api/v1/portal/orders").json()["items"]]
    assert numbers == [personas.other_order.number]


def test_it_refuses_an_operators_token(personas: Personas, client_for: Any) -> None:
    secret = _token(client_for("quality_manager"))
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get("/api/v1/portal/orders").status_code == 404
