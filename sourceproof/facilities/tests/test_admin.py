"""The Django admin for the registry: operator admins only, changes recorded, imports read-only."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sourceproof.core.changelog import history_for
from sourceproof.core.models import ChangeAction
from sourceproof.core.testing import CertificateFactory, Personas
from sourceproof.facilities.models import CountryRisk

pytestmark = pytest.mark.django_db


class TestAdmin:
    def test_it_opens_every_registry_page_for_an_admin(
        self, personas: Personas, client_for: Callable
    ) -> None:
        certificate = CertificateFactory.create(facility=personas.facility)
        client = client_for("admin")
        for model in (
            "supplier",
            "facility",
            "certificate",
            "countryrisk",
            "productcategory",
            "possibleduplicate",
            "facilityimport",
        ):
            assert client.get(f"/admin/facilities/{model}/").status_code == 200, model
        assert (
            client.get(f"/admin/facilities/facility/{personas.facility.pk}/change/").status_code
            == 200
        )
        assert (
            client.get(f"/admin/facilities/certificate/{certificate.pk}/change/").status_code == 200
        )

    def test_it_keeps_others_out(self, personas: Personas, client_for: Callable) -> None:
        response = client_for("quality_manager").get("/admin/facilities/facility/")
        assert response.status_code == 302

    def test_it_does_not_let_imports_be_added_or_changed(
        self, personas: Personas, client_for: Callable
    ) -> None:
        assert client_for("admin").get("/admin/facilities/facilityimport/add/").status_code == 403

    def test_it_records_an_admin_change(self, personas: Personas, client_for: Callable) -> None:
        risk = CountryRisk.objects.get(country="NL")
        response = client_for("admin").post(
            f"/admin/facilities/countryrisk/{risk.pk}/change/",
            {
                "country": "NL",
                "name": "Netherlands",
                "risk_class": "risk",
                "source": "Own",
                "year": "2026",
            },
        )
        assert response.status_code == 302
        [record] = history_for(risk)
        assert record.action == ChangeAction.UPDATE
        assert record.actor == personas.admin
        assert record.changes["risk_class"] == ["low", "risk"]
