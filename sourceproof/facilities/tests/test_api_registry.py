"""The registry API: suppliers, facilities, certificates and country risk at /api/v1/."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from sourceproof.accounts.models import OrganisationKind
from sourceproof.accounts.services import api_token_create
from sourceproof.core.changelog import history_for
from sourceproof.core.models import ChangeAction
from sourceproof.core.testing import (
    CertificateFactory,
    FacilityFactory,
    Personas,
    ProductCategoryFactory,
)
from sourceproof.facilities.models import Certificate, Facility, Supplier
from sourceproof.facilities.tests.files import PDF_BYTES, pdf, text_pretending_to_be_pdf

pytestmark = pytest.mark.django_db

JSON = "application/json"


def bearer(user: Any, read_only: bool = False) -> Client:
    _token, secret = api_token_create(user=user, name="test", read_only=read_only)
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


class TestSuppliers:
    def test_it_lists_searches_and_reads(self, personas: Personas, client_for: Callable) -> None:
        client = client_for("viewer")
        body = client.get("/api/v1/suppliers", {"q": "dhaka"}).json()
        assert body["count"] == 1
        assert body["items"][0]["legal_name"] == "Dhaka Canvas Bags Ltd."
        one = client.get(f"/api/v1/suppliers/{personas.supplier.pk}").json()
        assert one["supplier_number"] == personas.supplier.supplier_number
        assert one["organisation_code"] == personas.supplier.organisation.code

    def test_it_creates_and_patches(self, personas: Personas) -> None:
        client = bearer(personas.quality_manager)
        response = client.post(
            "/api/v1/suppliers",
            {"legal_name": "Hanoi Caps JSC", "supplier_number": "S-500", "country": "VN"},
            content_type=JSON,
        )
        assert response.status_code == 201, response.content
        supplier = Supplier.objects.get(pk=response.json()["id"])
        assert supplier.organisation.kind == OrganisationKind.SUPPLIER
        response = client.patch(
            f"/api/v1/suppliers/{supplier.pk}", {"contact_name": "Nguyen An"}, content_type=JSON
        )
        assert response.status_code == 200
        assert response.json()["contact_name"] == "Nguyen An"
        assert [r.action for r in history_for(supplier)] == [
            ChangeAction.UPDATE,
            ChangeAction.CREATE,
        ]

    def test_it_refuses_bad_input(self, personas: Personas) -> None:
        client = bearer(personas.admin)
        bad_shape = client.post(
            "/api/v1/suppliers",
            {"legal_name": "X", "supplier_number": "S", "country": "china"},
            content_type=JSON,
        )
        assert bad_shape.status_code == 422
        bad_value = client.post(
            "/api/v1/suppliers",
            {
                "legal_name": "X",
                "supplier_number": personas.supplier.supplier_number,
                "country": "XX",
            },
            content_type=JSON,
        )
        assert bad_value.status_code == 400
        assert set(bad_value.json()["errors"]) == {"supplier_number", "country"}

    def test_it_refuses_writes_with_a_read_only_token(self, personas: Personas) -> None:
        client = bearer(personas.admin, read_only=True)
        response = client.post(
            "/api/v1/suppliers",
            {"legal_name": "X", "supplier_number": "S-1", "country": "CN"},
            content_type=JSON,
        )
        assert response.status_code == 403
        assert client.get("/api/v1/suppliers").status_code == 200


class TestFacilities:
    def test_it_lists_with_search_filters_and_pages(self, personas: Personas) -> None:
        FacilityFactory.create_batch(55, supplier=personas.supplier, country="VN", city="Hanoi")
        client = bearer(personas.viewer, read_only=True)
        first = client.get("/api/v1/facilities", {"country": "VN"}).json()
        assert first["count"] == 55 and len(first["items"]) == 50
        second = client.get("/api/v1/facilities", {"country": "VN", "page": "2"}).json()
        assert len(second["items"]) == 5
        found = client.get("/api/v1/facilities", {"q": "canvas"}).json()["items"]
        assert [f["code"] for f in found] == [personas.other_facility.code]
        missing = client.get("/api/v1/facilities", {"cert": "missing", "country": "BD"}).json()
        assert missing["items"][0]["smeta_4p"] == "missing"
        assert client.get("/api/v1/facilities", {"cert": "bogus"}).status_code == 422

    def test_it_reads_one_facility(self, personas: Personas) -> None:
        CertificateFactory.create(facility=personas.facility)
        body = (
            bearer(personas.supplier_user, read_only=True)
            .get(f"/api/v1/facilities/{personas.facility.code}")
            .json()
        )
        assert body["name"] == "Bright Drinkware Plant 1"
        assert body["smeta_4p"] == "valid"
        assert body["smeta_4p_valid_until"] is not None

    def test_it_creates_with_a_generated_code_and_patches(self, personas: Personas) -> None:
        ProductCategoryFactory.create(code="bags", name="Bags")
        client = bearer(personas.csr_manager)
        payload = {
            "supplier_id": personas.supplier.pk,
            "name": "Bright Bags Plant",
            "address": "9 River Rd",
            "country": "CN",
            "latitude": "29.1",
            "longitude": "121.2",
            "os_id": "CN2021001ABCDEF",
            "product_categories": ["bags"],
        }
        response = client.post("/api/v1/facilities", payload, content_type=JSON)
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["code"].startswith("FAC-") and body["product_categories"] == ["bags"]
        facility = Facility.objects.get(code=body["code"])
        assert facility.match_key == "bright bags plant|9 river road|CN"
        response = client.patch(
            f"/api/v1/facilities/{facility.code}", {"worker_count": 80}, content_type=JSON
        )
        assert response.status_code == 200 and response.json()["worker_count"] == 80
        [update, create] = history_for(facility)
        assert (update.action, create.action) == (ChangeAction.UPDATE, ChangeAction.CREATE)
        assert update.changes == {"worker_count": [None, 80]}

    def test_it_refuses_bad_facilities(self, personas: Personas) -> None:
        client = bearer(personas.admin)
        base = {"supplier_id": personas.supplier.pk, "name": "X", "address": "1", "country": "CN"}
        assert (
            client.post(
                "/api/v1/facilities", {**base, "latitude": 120}, content_type=JSON
            ).status_code
            == 422
        )
        cases: list[tuple[dict[str, Any], str]] = [
            ({"latitude": "10"}, "longitude"),
            ({"os_id": "BAD"}, "os_id"),
            ({"country": "XX"}, "country"),
            ({"supplier_id": 999999}, "supplier_id"),
            ({"product_categories": ["nope"]}, "product_categories"),
        ]
        for change, field in cases:
            response = client.post("/api/v1/facilities", {**base, **change}, content_type=JSON)
            assert response.status_code == 400, (change, response.content)
            assert field in response.json()["errors"], (change, response.json())
        assert not Facility.objects.filter(name="X").exists()


class TestCertificates:
    def test_it_lists_a_facility_s_certificates(self, personas: Personas) -> None:
        CertificateFactory.create(facility=personas.facility, number="A-1")
        body = (
            bearer(personas.customer_user, read_only=True)
            .get(f"/api/v1/facilities/{personas.facility.code}/certificates")
            .json()
        )
        assert [c["number"] for c in body] == ["A-1"]
        assert body[0]["document_url"] is None

    def test_it_uploads_a_document_by_multipart(self, personas: Personas) -> None:
        client = bearer(personas.quality_manager)
        response = client.post(
            f"/api/v1/facilities/{personas.facility.code}/certificates",
            {
                "scheme": "smeta_4p",
                "issuer": "Fair Audits Ltd",
                "number": "API-1",
                "valid_from": "2026-01-01",
                "valid_until": "2027-12-31",
                "document": pdf(),
            },
        )
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["document_sha256"] == hashlib.sha256(PDF_BYTES).hexdigest()
        download = client.get(body["document_url"])
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == PDF_BYTES  # type: ignore[attr-defined]
        assert history_for(Certificate.objects.get(number="API-1")).count() == 1

    def test_it_refuses_a_document_by_its_content(self, personas: Personas) -> None:
        response = bearer(personas.quality_manager).post(
            f"/api/v1/facilities/{personas.facility.code}/certificates",
            {
                "scheme": "smeta_4p",
                "issuer": "X",
                "valid_from": "2026-01-01",
                "valid_until": "2027-01-01",
                "document": text_pretending_to_be_pdf(),
            },
        )
        assert response.status_code == 400
        assert "document" in response.json()["errors"]
        assert not Certificate.objects.exists()

    def test_it_refuses_reversed_dates_and_unknown_schemes(self, personas: Personas) -> None:
        client = bearer(personas.quality_manager)
        url = f"/api/v1/facilities/{personas.facility.code}/certificates"
        reversed_dates = client.post(
            url,
            {
                "scheme": "fsc",
                "issuer": "X",
                "valid_from": "2026-01-01",
                "valid_until": "2025-01-01",
            },
        )
        assert reversed_dates.status_code == 400
        assert "valid_until" in reversed_dates.json()["errors"]
        unknown = client.post(
            url,
            {
                "scheme": "nope",
                "issuer": "X",
                "valid_from": "2026-01-01",
                "valid_until": "2027-01-01",
            },
        )
        assert unknown.status_code == 422


class TestCountryRisks:
    def test_it_lists_them_for_operator_roles(self, personas: Personas) -> None:
        body = (
            bearer(personas.inspector, read_only=True)
            .get("/api/v1/country-risks", {"risk_class": "no_sourcing"})
            .json()
        )
        assert {r["country"] for r in body} == {"KP", "LY", "SO", "SS", "SY", "VE", "YE"}
        assert bearer(personas.supplier_user).get("/api/v1/country-risks").status_code == 404


def test_it_documents_the_endpoints_in_openapi(personas: Personas) -> None:
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/suppliers",
        "/api/v1/suppliers/{supplier_id}",
        "/api/v1/facilities",
        "/api/v1/facilities/{code}",
        "/api/v1/facilities/{code}/certificates",
        "/api/v1/country-risks",
    ):
        assert path in paths, path
