"""Who may open which registry page and API endpoint: every persona, outsiders get 404.

Operator roles see everything; a supplier user sees its own supplier, facilities and their
certificates; a customer user sees the facilities producing its orders but no suppliers; the
auditor and outsiders see nothing of the first supplier's and customer's data.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from sourceproof.core.testing import CertificateFactory, Personas
from sourceproof.facilities.models import Certificate
from sourceproof.facilities.tests.files import pdf

pytestmark = pytest.mark.django_db

OPERATORS = {"admin", "csr_manager", "quality_manager", "inspector", "viewer"}
STAFF = {"admin", "csr_manager", "quality_manager"}
EVERYONE = OPERATORS | {
    "supplier_user",
    "other_supplier_user",
    "customer_user",
    "other_customer_user",
    "auditor",
}


@pytest.fixture
def certificate(personas: Personas) -> Certificate:
    from sourceproof.facilities import services

    return services.certificate_create(
        facility=personas.facility,
        by=personas.quality_manager,
        document=pdf(),
        scheme="smeta_4p",
        issuer="Fair Audits Ltd",
        number="S-1",
        valid_from=personas.order.agreed_ship_date.replace(year=2025),
        valid_until=personas.order.agreed_ship_date.replace(year=2027),
    )


def _check(client_for: Callable[[str], Client], url: str, allowed: set[str]) -> None:
    wrong = {}
    for name in sorted(EVERYONE):
        status = client_for(name).get(url).status_code
        expected = 200 if name in allowed else 404
        if status != expected:
            wrong[name] = status
    assert not wrong, f"{url}: unexpected status per persona {wrong}"


class TestPages:
    def test_it_scopes_the_supplier_list(self, personas: Personas, client_for: Callable) -> None:
        _check(
            client_for,
            "/facilities/suppliers/",
            OPERATORS | {"supplier_user", "other_supplier_user"},
        )

    def test_it_scopes_the_supplier_detail(self, personas: Personas, client_for: Callable) -> None:
        _check(
            client_for,
            f"/facilities/suppliers/{personas.supplier.pk}/",
            OPERATORS | {"supplier_user"},
        )

    def test_it_scopes_the_facility_list(self, personas: Personas, client_for: Callable) -> None:
        _check(client_for, "/facilities/", EVERYONE - {"auditor"})

    def test_it_scopes_the_facility_detail(self, personas: Personas, client_for: Callable) -> None:
        _check(
            client_for,
            f"/facilities/{personas.facility.code}/",
            OPERATORS | {"supplier_user", "customer_user"},
        )

    def test_it_scopes_the_certificate_list(self, personas: Personas, client_for: Callable) -> None:
        _check(client_for, "/facilities/certificates/", EVERYONE - {"auditor"})

    def test_it_scopes_the_certificate_document(
        self, certificate: Certificate, client_for: Callable
    ) -> None:
        _check(
            client_for,
            f"/facilities/certificates/{certificate.pk}/document/",
            OPERATORS | {"supplier_user", "customer_user"},
        )

    def test_it_scopes_the_country_risk_list(
        self, personas: Personas, client_for: Callable
    ) -> None:
        _check(client_for, "/facilities/country-risk/", OPERATORS)

    def test_it_lets_only_operator_staff_open_the_edit_pages(
        self, personas: Personas, certificate: Certificate, client_for: Callable
    ) -> None:
        code = personas.facility.code
        for url in (
            "/facilities/new/",
            f"/facilities/{code}/edit/",
            f"/facilities/{code}/suspend/",
            f"/facilities/{code}/certificates/new/",
            f"/facilities/certificates/{certificate.pk}/edit/",
            f"/facilities/certificates/{certificate.pk}/delete/",
            "/facilities/suppliers/new/",
            f"/facilities/suppliers/{personas.supplier.pk}/edit/",
        ):
            _check(client_for, url, STAFF)

    def test_it_lets_only_admins_and_csr_managers_edit_country_risk(
        self, personas: Personas, client_for: Callable
    ) -> None:
        _check(client_for, "/facilities/country-risk/CN/edit/", {"admin", "csr_manager"})

    def test_it_refuses_writes_by_post_too(self, personas: Personas, client_for: Callable) -> None:
        code = personas.facility.code
        for name in ("inspector", "viewer", "supplier_user", "customer_user", "auditor"):
            client = client_for(name)
            assert client.post(f"/facilities/{code}/suspend/", {"reason": "x"}).status_code == 404
            assert client.post("/facilities/suppliers/new/", {}).status_code == 404
            assert (
                client.post("/facilities/country-risk/CN/edit/", {"risk_class": "low"}).status_code
                == 404
            )
        personas.facility.refresh_from_db()
        assert not personas.facility.is_suspended

    def test_it_sends_anonymous_visitors_to_the_login(self, personas: Personas) -> None:
        for url in (
            "/facilities/",
            "/facilities/suppliers/",
            f"/facilities/{personas.facility.code}/",
        ):
            response = Client().get(url)
            assert response.status_code == 302
            assert "/accounts/login" in response["Location"]

    def test_it_shows_a_supplier_user_only_its_own_rows(
        self, personas: Personas, client_for: Callable
    ) -> None:
        client = client_for("supplier_user")
        facilities = client.get("/facilities/").content.decode()
        assert personas.facility.name in facilities
        assert personas.other_facility.name not in facilities
        suppliers = client.get("/facilities/suppliers/").content.decode()
        assert "Ningbo Bright Drinkware" in suppliers
        assert "Dhaka Canvas Bags" not in suppliers

    def test_it_shows_a_customer_only_the_facilities_of_its_orders(
        self, personas: Personas, client_for: Callable
    ) -> None:
        CertificateFactory.create(facility=personas.facility, number="MINE")
        CertificateFactory.create(facility=personas.other_facility, number="THEIRS")
        client = client_for("customer_user")
        facilities = client.get("/facilities/").content.decode()
        assert personas.facility.name in facilities
        assert personas.other_facility.name not in facilities
        certificates = client.get("/facilities/certificates/?state=all").content.decode()
        assert "MINE" in certificates
        assert "THEIRS" not in certificates


class TestApi:
    def test_it_scopes_reads(
        self, personas: Personas, certificate: Certificate, client_for: Callable
    ) -> None:
        code = personas.facility.code
        _check(
            client_for, "/api/v1/suppliers", OPERATORS | {"supplier_user", "other_supplier_user"}
        )
        _check(
            client_for, f"/api/v1/suppliers/{personas.supplier.pk}", OPERATORS | {"supplier_user"}
        )
        _check(client_for, "/api/v1/facilities", EVERYONE - {"auditor"})
        _check(
            client_for, f"/api/v1/facilities/{code}", OPERATORS | {"supplier_user", "customer_user"}
        )
        _check(
            client_for,
            f"/api/v1/facilities/{code}/certificates",
            OPERATORS | {"supplier_user", "customer_user"},
        )
        _check(
            client_for,
            f"/api/v1/certificates/{certificate.pk}/document",
            OPERATORS | {"supplier_user", "customer_user"},
        )
        _check(client_for, "/api/v1/country-risks", OPERATORS)

    def test_it_lists_only_rows_in_scope(self, personas: Personas, client_for: Callable) -> None:
        codes = [
            f["code"] for f in client_for("supplier_user").get("/api/v1/facilities").json()["items"]
        ]
        assert codes == [personas.facility.code]
        codes = [
            f["code"]
            for f in client_for("other_customer_user").get("/api/v1/facilities").json()["items"]
        ]
        assert codes == [personas.other_facility.code]
        suppliers = client_for("other_supplier_user").get("/api/v1/suppliers").json()["items"]
        assert [s["id"] for s in suppliers] == [personas.other_supplier.pk]

    def test_it_refuses_writes_outside_operator_staff(
        self, personas: Personas, client_for: Callable
    ) -> None:
        code = personas.facility.code
        for name in ("inspector", "viewer", "supplier_user", "customer_user", "auditor"):
            client = client_for(name)
            supplier = {"legal_name": "X Ltd", "supplier_number": "N-1", "country": "CN"}
            assert (
                client.post(
                    "/api/v1/suppliers", supplier, content_type="application/json"
                ).status_code
                == 404
            )
            assert (
                client.patch(
                    f"/api/v1/facilities/{code}", {"name": "X"}, content_type="application/json"
                ).status_code
                == 404
            )
            assert (
                client.patch(
                    f"/api/v1/suppliers/{personas.supplier.pk}",
                    {"legal_name": "X"},
                    content_type="application/json",
                ).status_code
                == 404
            )
            assert (
                client.post(
                    f"/api/v1/facilities/{code}/certificates",
                    {
                        "scheme": "smeta_4p",
                        "issuer": "X",
                        "valid_from": "2025-01-01",
                        "valid_until": "2026-01-01",
                    },
                ).status_code
                == 404
            )
        personas.facility.refresh_from_db()
        assert personas.facility.name == "Bright Drinkware Plant 1"

    def test_it_refuses_anonymous_callers(self, personas: Personas) -> None:
        assert Client().get("/api/v1/facilities").status_code == 401
