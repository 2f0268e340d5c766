"""The facility page: facts, map link, certificates with their state, the SMETA 4-pillar
status line, the suspension and the change history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.utils import timezone

from sourceproof.core.testing import CertificateFactory, Personas, ProductCategoryFactory
from sourceproof.facilities import services
from sourceproof.facilities.models import CertificateScheme

pytestmark = pytest.mark.django_db


def page(client: object, code: str) -> str:
    response = client.get(f"/facilities/{code}/")  # type: ignore[attr-defined]
    assert response.status_code == 200
    return str(response.content.decode())


class TestFacilityPage:
    def test_it_shows_every_fact(self, personas: Personas, client_for: Callable) -> None:
        facility = personas.facility
        facility.latitude, facility.longitude = Decimal("29.868336"), Decimal("121.543990")
        facility.os_id, facility.sedex_zs, facility.amfori_id = (
            "CN2019303BQ3FZP",
            "ZS1234567",
            "AM-42",
        )
        facility.worker_count = 420
        facility.save()
        facility.product_categories.add(
            ProductCategoryFactory.create(code="drinkware", name="Drinkware")
        )
        body = page(client_for("viewer"), facility.code)
        for text in (
            "CN2019303BQ3FZP",
            "ZS1234567",
            "AM-42",
            "420",
            "Drinkware",
            "Ningbo",
            "Risk country",
        ):
            assert text in body, text
        assert (
            'href="https://www.openstreetmap.org/?mlat=29.868336&amp;mlon=121.543990#map=16/29.868336/121.543990"'
            in body
        )

    def test_it_finds_a_facility_by_its_public_code_not_its_key(
        self, personas: Personas, client_for: Callable
    ) -> None:
        client = client_for("viewer")
        assert client.get(f"/facilities/{personas.facility.pk}/").status_code == 404
        assert client.get(f"/facilities/{personas.facility.code}/").status_code == 200

    def test_it_shows_the_state_of_each_certificate_at_a_glance(
        self, personas: Personas, client_for: Callable
    ) -> None:
        today = timezone.localdate()
        for scheme, days in (("iso_9001", 200), ("fsc", 60), ("grs", -3)):
            CertificateFactory.create(
                facility=personas.facility,
                scheme=scheme,
                valid_until=today + dt.timedelta(days=days),
            )
        body = page(client_for("viewer"), personas.facility.code)
        assert (
            f'<span class="badge ok">valid until {(today + dt.timedelta(days=200)).isoformat()}</span>'
            in body
        )
        assert '<span class="badge warn">expires in 60 days</span>' in body
        assert '<span class="badge bad">expired 3 days ago</span>' in body

    def test_it_says_where_the_smeta_4_pillar_stands(
        self, personas: Personas, client_for: Callable
    ) -> None:
        client = client_for("viewer")
        assert "no SMETA 4-pillar certificate or audit on record" in page(
            client, personas.facility.code
        )
        today = timezone.localdate()
        CertificateFactory.create(
            facility=personas.facility,
            scheme=CertificateScheme.SMETA_4P,
            valid_from=today - dt.timedelta(days=800),
            valid_until=today + dt.timedelta(days=10),
        )
        body = page(client, personas.facility.code)
        assert "SMETA 4P audit too old" in body
        assert "It no longer opens the sourcing gate" in body

    def test_it_says_until_when_the_audit_opens_the_gate(
        self, personas: Personas, client_for: Callable
    ) -> None:
        today = timezone.localdate()
        CertificateFactory.create(
            facility=personas.facility,
            scheme=CertificateScheme.SMETA_4P,
            valid_from=dt.date(today.year - 1, 1, 15),
            valid_until=dt.date(today.year + 5, 1, 1),
        )
        body = page(client_for("viewer"), personas.facility.code)
        assert f"It opens the sourcing gate until {today.year + 1}-01-15." in body

    def test_it_shows_the_suspension(self, personas: Personas, client_for: Callable) -> None:
        services.facility_suspend(
            facility=personas.facility, by=personas.admin, reason="Child labour found"
        )
        body = page(client_for("customer_user"), personas.facility.code)
        assert 'id="suspension"' in body and "Child labour found" in body

    def test_it_shows_the_history_to_operator_roles_only(
        self, personas: Personas, client_for: Callable
    ) -> None:
        services.facility_update(
            facility=personas.facility, by=personas.quality_manager, worker_count=99
        )
        certificate = CertificateFactory.create(facility=personas.facility, number="C-1")
        services.certificate_update(
            certificate=certificate, by=personas.quality_manager, issuer="New Issuer"
        )
        body = page(client_for("inspector"), personas.facility.code)
        assert 'id="history"' in body
        assert "worker_count" in body and "New Issuer" in body
        for persona in ("supplier_user", "customer_user"):
            assert 'id="history"' not in page(client_for(persona), personas.facility.code)

    def test_it_offers_edit_actions_to_operator_staff_only(
        self, personas: Personas, client_for: Callable
    ) -> None:
        assert "Add a certificate" in page(client_for("quality_manager"), personas.facility.code)
        for persona in ("viewer", "inspector", "supplier_user", "customer_user"):
            body = page(client_for(persona), personas.facility.code)
            assert "Add a certificate" not in body and "Suspend" not in body
