"""The facility list: search, filters, the SMETA 4-pillar badge, htmx live search, paging, and
a constant number of queries whatever the number of rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sourceproof.core.testing import (
    CertificateFactory,
    FacilityFactory,
    OrderLineFactory,
    Personas,
    ProductCategoryFactory,
)
from sourceproof.facilities.models import CertificateScheme, Facility

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def smeta(facility: object, days_left: int) -> None:
    CertificateFactory.create(
        facility=facility,
        scheme=CertificateScheme.SMETA_4P,
        valid_from=TODAY() - dt.timedelta(days=300),
        valid_until=TODAY() + dt.timedelta(days=days_left),
    )


def names(client: object, **params: str) -> set[str]:
    response = client.get("/facilities/", params)  # type: ignore[attr-defined]
    assert response.status_code == 200
    return {row["facility"].name for row in response.context["rows"]}


class TestSearchAndFilters:
    def test_it_searches_name_code_os_id_and_city(
        self, personas: Personas, client_for: Callable
    ) -> None:
        FacilityFactory.create(
            name="Izmir Textile", city="Izmir", country="TR", os_id="TR2020001ABCDEF"
        )
        client = client_for("viewer")
        for term in ("izmir tex", "TR2020001AB", "izmir"):
            assert names(client, q=term) == {"Izmir Textile"}, term
        assert names(client, q=personas.facility.code) == {personas.facility.name}

    def test_it_filters_by_country_supplier_and_category(
        self, personas: Personas, client_for: Callable
    ) -> None:
        bags = ProductCategoryFactory.create(code="bags", name="Bags")
        personas.other_facility.product_categories.add(bags)
        client = client_for("viewer")
        assert names(client, country="BD") == {personas.other_facility.name}
        assert names(client, supplier=str(personas.supplier.pk)) == {personas.facility.name}
        assert names(client, category="bags") == {personas.other_facility.name}

    def test_it_filters_by_smeta_state(self, personas: Personas, client_for: Callable) -> None:
        valid = FacilityFactory.create(name="Valid Plant")
        smeta(valid, 200)
        expiring = FacilityFactory.create(name="Expiring Plant")
        smeta(expiring, 60)
        expired = FacilityFactory.create(name="Expired Plant")
        smeta(expired, -1)
        renewed = FacilityFactory.create(name="Renewed Plant")
        smeta(renewed, -100)
        smeta(renewed, 300)
        old_audit = FacilityFactory.create(name="Old Audit Plant")
        CertificateFactory.create(
            facility=old_audit,
            scheme=CertificateScheme.SMETA_4P,
            valid_from=TODAY() - dt.timedelta(days=800),
            valid_until=TODAY() + dt.timedelta(days=300),
        )
        client = client_for("quality_manager")
        assert names(client, cert="valid") == {"Valid Plant", "Renewed Plant"}
        assert names(client, cert="expiring") == {"Expiring Plant"}
        assert names(client, cert="too_old") == {"Old Audit Plant"}
        assert names(client, cert="expired") == {"Expired Plant"}
        assert names(client, cert="missing") == {
            personas.facility.name,
            personas.other_facility.name,
        }
        assert names(client, cert="no_valid_smeta") == {
            "Expired Plant",
            "Old Audit Plant",
            personas.facility.name,
            personas.other_facility.name,
        }

    def test_it_computes_the_smeta_state_in_the_database_as_in_python(
        self, personas: Personas
    ) -> None:
        from sourceproof.facilities.selectors import current_policy, smeta_state, with_smeta

        policy = current_policy()
        cases = {}
        for audit_days_ago in (0, 300, 669, 670, 671, 700, 730, 731, 740, 1000):
            for days_left in (-1, 0, 1, 59, 60, 61, 400):
                facility = FacilityFactory.create(name=f"P {audit_days_ago} {days_left}")
                CertificateFactory.create(
                    facility=facility,
                    scheme=CertificateScheme.SMETA_4P,
                    valid_from=TODAY() - dt.timedelta(days=audit_days_ago),
                    valid_until=max(
                        TODAY() + dt.timedelta(days=days_left),
                        TODAY() - dt.timedelta(days=audit_days_ago),
                    ),
                )
                cases[facility.pk] = facility
        annotated: Any = with_smeta(Facility.objects.filter(pk__in=cases), policy)
        states = set()
        for facility in annotated:
            expected = smeta_state(facility.smeta_until, facility.smeta_audit_date, policy)
            assert facility.smeta_status == expected.value, facility.name
            states.add(expected)
        assert len(states) == 4  # valid, expiring, too old, expired

    def test_it_filters_facilities_with_any_certificate_expiring(
        self, personas: Personas, client_for: Callable
    ) -> None:
        CertificateFactory.create(
            facility=personas.facility,
            scheme=CertificateScheme.ISO_9001,
            valid_until=TODAY() + dt.timedelta(days=10),
        )
        assert names(client_for("viewer"), cert="any_expiring") == {personas.facility.name}

    def test_it_filters_suspended_facilities(
        self, personas: Personas, client_for: Callable
    ) -> None:
        personas.other_facility.is_suspended = True
        personas.other_facility.suspension_reason = "Fire exits locked"
        personas.other_facility.save()
        client = client_for("viewer")
        assert names(client, suspended="yes") == {personas.other_facility.name}
        assert names(client, suspended="no") == {personas.facility.name}

    def test_it_ignores_a_filter_it_does_not_know(
        self, personas: Personas, client_for: Callable
    ) -> None:
        assert len(names(client_for("viewer"), cert="bogus")) == 2


class TestPage:
    def test_it_shows_the_smeta_badge_of_each_facility(
        self, personas: Personas, client_for: Callable
    ) -> None:
        smeta(personas.facility, 30)
        body = client_for("viewer").get("/facilities/").content.decode()
        assert '<span class="badge warn"' in body and "SMETA 4P expiring" in body
        assert "No SMETA 4P" in body

    def test_it_swaps_only_the_results_for_htmx(
        self, personas: Personas, client_for: Callable
    ) -> None:
        response = client_for("viewer").get(
            "/facilities/",
            {"q": "canvas"},
            HTTP_HX_REQUEST="true",
            HTTP_HX_TARGET="facility-results",
        )
        body = response.content.decode()
        assert body.lstrip().startswith('<div id="facility-results">')
        assert "<html" not in body
        assert "Canvas Bags Unit 2" in body and "Bright Drinkware" not in body

    def test_it_pages_by_fifty(self, personas: Personas, client_for: Callable) -> None:
        FacilityFactory.create_batch(60, supplier=personas.supplier)
        client = client_for("viewer")
        first = client.get("/facilities/")
        assert len(first.context["rows"]) == 50
        assert "page=2" in first.content.decode()
        assert len(client.get("/facilities/", {"page": "2"}).context["rows"]) == 12

    def test_it_hides_the_supplier_column_from_customers(
        self, personas: Personas, client_for: Callable
    ) -> None:
        body = client_for("customer_user").get("/facilities/").content.decode()
        assert "/facilities/suppliers/" not in body.split("<main", 1)[1]

    def test_it_links_the_export_when_it_exists(
        self, personas: Personas, client_for: Callable
    ) -> None:
        from django.urls import NoReverseMatch, reverse

        body = client_for("viewer").get("/facilities/", {"country": "CN"}).content.decode()
        try:
            url = reverse("facility_data:export")
        except NoReverseMatch:
            assert "Export CSV" not in body
        else:
            assert f'href="{url}?format=csv&amp;country=CN"' in body


class TestQueryCount:
    @staticmethod
    def _rows(personas: Personas, n: int) -> None:
        bags = ProductCategoryFactory.create(code="bags", name="Bags")
        for facility in FacilityFactory.create_batch(n, supplier=personas.supplier):
            facility.product_categories.add(bags)
            smeta(facility, 100)
            CertificateFactory.create(facility=facility, scheme=CertificateScheme.ISO_9001)
            OrderLineFactory.create(order__customer=personas.customer, order__facility=facility)

    def _count(self, client: object, url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)  # type: ignore[attr-defined]
        assert response.status_code == 200
        return len(queries)

    @pytest.mark.parametrize("persona", ["quality_manager", "supplier_user", "customer_user"])
    def test_it_runs_as_many_queries_for_100_rows_as_for_10(
        self, personas: Personas, client_for: Callable, persona: str
    ) -> None:
        client = client_for(persona)
        self._rows(personas, 10)
        self._count(client, "/facilities/")  # warm up: session, policy row, caches
        with_10 = self._count(client, "/facilities/?cert=valid")
        self._rows_more(personas, 90)
        with_100 = self._count(client, "/facilities/?cert=valid")
        assert with_10 == with_100

    def test_the_last_page_runs_as_many_queries_for_100_rows_as_for_60(
        self, personas: Personas, client_for: Callable
    ) -> None:
        client = client_for("quality_manager")
        self._rows(personas, 60)
        self._count(client, "/facilities/")  # warm up
        with_60 = self._count(client, "/facilities/?page=999")
        self._rows_more(personas, 40)
        assert self._count(client, "/facilities/?page=999") == with_60

    @staticmethod
    def _rows_more(personas: Personas, n: int) -> None:
        from sourceproof.facilities.models import ProductCategory

        bags = ProductCategory.objects.get(code="bags")
        for facility in FacilityFactory.create_batch(n, supplier=personas.supplier):
            facility.product_categories.add(bags)
            smeta(facility, 100)
            OrderLineFactory.create(order__customer=personas.customer, order__facility=facility)


class TestSupplierSearchAndPaging:
    def test_it_searches_suppliers_by_name_number_or_key_instead_of_listing_them(
        self, personas: Personas, client_for: Callable
    ) -> None:
        client = client_for("quality_manager")
        supplier = personas.supplier
        body = client.get("/facilities/").content.decode()
        assert 'name="supplier"' in body and 'type="search"' in body
        assert f'<option value="{supplier.pk}"' not in body  # no select of every supplier
        expected = {personas.facility.name}
        assert names(client, supplier=supplier.legal_name[3:12].upper()) == expected
        assert names(client, supplier=supplier.supplier_number) == expected
        assert names(client, supplier=str(supplier.pk)) == expected
        assert names(client, supplier="no such supplier") == set()

    def test_a_supplier_user_searching_another_supplier_finds_nothing(
        self, personas: Personas, client_for: Callable
    ) -> None:
        client = client_for("supplier_user")
        other = personas.other_facility.supplier
        assert names(client) == {personas.facility.name}
        assert names(client, supplier=other.legal_name) == set()
        assert names(client, supplier=str(other.pk)) == set()

    def test_the_last_page_shows_the_last_rows_with_their_columns(
        self, personas: Personas, client_for: Callable
    ) -> None:
        for i in range(55):
            smeta(
                FacilityFactory.create(name=f"Zeta Plant {i:02d}", supplier=personas.supplier), 100
            )
        response = client_for("viewer").get("/facilities/", {"page": "999"})
        rows = response.context["rows"]
        expected = list(Facility.objects.order_by("name", "pk").values_list("name", flat=True))
        assert [r["facility"].name for r in rows] == expected[50:]
        assert [r["smeta_state"].value for r in rows[-5:]] == ["valid"] * 5
        assert all(hasattr(r["facility"], "country_risk") for r in rows)
