"""Supplier pages: list with search and filters, detail, create (with its organisation), edit."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sourceproof.accounts.models import Organisation, OrganisationKind
from sourceproof.core.changelog import history_for
from sourceproof.core.models import ChangeAction
from sourceproof.core.testing import Personas, SupplierFactory
from sourceproof.facilities.models import Supplier

pytestmark = pytest.mark.django_db

VALID = {
    "legal_name": "Yiwu Happy Pens Co., Ltd.",
    "supplier_number": "S-900",
    "country": "CN",
    "sedex_zc": "zc123456",
    "contact_name": "Wang Fang",
    "contact_email": "wang@happypens.test",
    "contact_phone": "+86 579 1234",
    "address": "1 Pen Road, Yiwu",
    "is_active": "on",
}


class TestSupplierList:
    def test_it_searches_name_number_and_sedex_zc(
        self, personas: Personas, client_for: Callable
    ) -> None:
        SupplierFactory.create(
            legal_name="Istanbul Towels A.S.",
            supplier_number="S-777",
            country="TR",
            sedex_zc="ZC00777777",
        )
        client = client_for("viewer")
        for term in ("towels", "S-777", "ZC00777777"):
            page = client.get("/facilities/suppliers/", {"q": term}).content.decode()
            assert "Istanbul Towels" in page, term
            assert "Ningbo Bright" not in page, term

    def test_it_filters_by_country_and_activity(
        self, personas: Personas, client_for: Callable
    ) -> None:
        SupplierFactory.create(legal_name="Old Mugs Ltd", country="CN", is_active=False)
        client = client_for("viewer")
        page = client.get("/facilities/suppliers/", {"country": "BD"}).content.decode()
        assert "Dhaka Canvas" in page and "Ningbo Bright" not in page
        page = client.get("/facilities/suppliers/", {"active": "no"}).content.decode()
        assert "Old Mugs" in page and "Ningbo Bright" not in page

    def test_it_swaps_only_the_results_for_htmx(
        self, personas: Personas, client_for: Callable
    ) -> None:
        response = client_for("viewer").get(
            "/facilities/suppliers/",
            {"q": "dhaka"},
            HTTP_HX_REQUEST="true",
            HTTP_HX_TARGET="supplier-results",
        )
        body = response.content.decode()
        assert body.lstrip().startswith('<div id="supplier-results">')
        assert "<html" not in body and "Dhaka Canvas" in body


class TestSupplierDetail:
    def test_it_shows_facts_contacts_facilities_and_history(
        self, personas: Personas, client_for: Callable
    ) -> None:
        supplier = personas.supplier
        supplier.contact_email = "sales@bright.test"
        supplier.save()
        page = (
            client_for("quality_manager")
            .get(f"/facilities/suppliers/{supplier.pk}/")
            .content.decode()
        )
        assert supplier.legal_name in page
        assert "sales@bright.test" in page
        assert personas.facility.code in page
        assert 'id="history"' in page

    def test_it_hides_the_history_from_the_supplier_itself(
        self, personas: Personas, client_for: Callable
    ) -> None:
        page = (
            client_for("supplier_user")
            .get(f"/facilities/suppliers/{personas.supplier.pk}/")
            .content.decode()
        )
        assert personas.facility.code in page
        assert 'id="history"' not in page
        assert "Edit supplier" not in page


class TestSupplierCreate:
    def test_it_creates_the_supplier_with_its_organisation(
        self, personas: Personas, client_for: Callable
    ) -> None:
        response = client_for("csr_manager").post("/facilities/suppliers/new/", VALID)
        supplier = Supplier.objects.get(supplier_number="S-900")
        assert response.status_code == 302
        assert response["Location"] == f"/facilities/suppliers/{supplier.pk}/"
        assert supplier.sedex_zc == "ZC123456"
        assert supplier.organisation.kind == OrganisationKind.SUPPLIER
        assert supplier.organisation.name == "Yiwu Happy Pens Co., Ltd."
        assert supplier.organisation.country == "CN"
        [record] = history_for(supplier)
        assert record.action == ChangeAction.CREATE
        assert record.actor == personas.csr_manager
        assert record.changes["legal_name"] == [None, "Yiwu Happy Pens Co., Ltd."]

    def test_it_gives_each_organisation_its_own_code(
        self, personas: Personas, client_for: Callable
    ) -> None:
        client = client_for("csr_manager")
        client.post("/facilities/suppliers/new/", VALID)
        client.post("/facilities/suppliers/new/", {**VALID, "supplier_number": "S-901"})
        codes = set(
            Organisation.objects.filter(
                supplier__supplier_number__in=["S-900", "S-901"]
            ).values_list("code", flat=True)
        )
        assert len(codes) == 2

    def test_it_shows_each_error_beside_its_field(
        self, personas: Personas, client_for: Callable
    ) -> None:
        response = client_for("csr_manager").post(
            "/facilities/suppliers/new/",
            {
                **VALID,
                "country": "XX",
                "sedex_zc": "12345",
                "supplier_number": personas.supplier.supplier_number,
            },
        )
        assert response.status_code == 400
        form = response.context["form"]
        assert set(form.errors) == {"country", "sedex_zc", "supplier_number"}
        body = response.content.decode()
        assert 'id="id_country_errors"' in body and 'id="id_sedex_zc_errors"' in body
        assert not Supplier.objects.filter(legal_name=VALID["legal_name"]).exists()
        assert not Organisation.objects.filter(name=VALID["legal_name"]).exists()


class TestSupplierEdit:
    def test_it_records_what_changed(self, personas: Personas, client_for: Callable) -> None:
        supplier = personas.supplier
        data = {
            "legal_name": supplier.legal_name,
            "supplier_number": supplier.supplier_number,
            "country": "CN",
            "sedex_zc": "",
            "contact_name": "Zhang Min",
            "contact_email": "",
            "contact_phone": "",
            "address": "",
            "is_active": "on",
        }
        response = client_for("quality_manager").post(
            f"/facilities/suppliers/{supplier.pk}/edit/", data
        )
        assert response.status_code == 302
        [record] = history_for(supplier)
        assert record.action == ChangeAction.UPDATE
        assert record.changes == {"contact_name": ["", "Zhang Min"]}

    def test_it_deactivates_the_organisation_with_the_supplier(
        self, personas: Personas, client_for: Callable
    ) -> None:
        from sourceproof.facilities import services

        services.supplier_update(supplier=personas.supplier, by=personas.admin, is_active=False)
        personas.supplier.organisation.refresh_from_db()
        assert personas.supplier.organisation.is_active is False


class TestSupplierListQueries:
    def test_it_runs_as_many_queries_for_100_rows_as_for_10(
        self, personas: Personas, client_for: Callable
    ) -> None:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from sourceproof.core.testing import FacilityFactory

        client = client_for("viewer")

        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                assert client.get("/facilities/suppliers/").status_code == 200
            return len(queries)

        for supplier in SupplierFactory.create_batch(8):
            FacilityFactory.create(supplier=supplier)
        count()  # warm up
        with_10 = count()
        for supplier in SupplierFactory.create_batch(90):
            FacilityFactory.create(supplier=supplier)
        assert count() == with_10
