"""The registry's dashboard panels: expiring and expired certificates, facilities without a
valid SMETA 4-pillar, each scoped to the user."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone

from sourceproof.core.testing import CertificateFactory, Personas
from sourceproof.facilities.models import CertificateScheme
from sourceproof.facilities.selectors import dashboard_panels

pytestmark = pytest.mark.django_db

KEYS = {"key", "title", "count", "items", "url", "tone"}


@pytest.fixture
def due(personas: Personas) -> None:
    today = timezone.localdate()
    CertificateFactory.create(
        facility=personas.facility, number="SOON", valid_until=today + dt.timedelta(days=5)
    )
    CertificateFactory.create(
        facility=personas.other_facility,
        scheme=CertificateScheme.ISO_9001,
        number="LATE",
        valid_from=today - dt.timedelta(days=500),
        valid_until=today - dt.timedelta(days=1),
    )


class TestDashboardPanels:
    def test_it_counts_for_an_operator(self, due: None, personas: Personas) -> None:
        panels = {p["key"]: p for p in dashboard_panels(user=personas.viewer)}
        assert set(panels) == {
            "certificates-expiring",
            "certificates-expired",
            "facilities-without-smeta",
        }
        for panel in panels.values():
            assert set(panel) == KEYS
            for item in panel["items"]:
                assert set(item) == {"label", "url", "note"}
        assert panels["certificates-expiring"]["count"] == 1
        assert panels["certificates-expiring"]["items"][0]["note"] == "expires in 5 days"
        assert panels["certificates-expiring"]["url"] == "/facilities/certificates/?state=expiring"
        assert panels["certificates-expired"]["count"] == 1
        assert panels["certificates-expired"]["tone"] == "bad"
        # the other facility has no SMETA 4-pillar; the first has one expiring (still valid)
        assert panels["facilities-without-smeta"]["count"] == 1
        assert panels["facilities-without-smeta"]["items"][0]["url"] == (
            f"/facilities/{personas.other_facility.code}/"
        )

    def test_it_scopes_to_the_supplier(self, due: None, personas: Personas) -> None:
        panels = {p["key"]: p for p in dashboard_panels(user=personas.supplier_user)}
        assert panels["certificates-expiring"]["count"] == 1
        assert panels["certificates-expired"]["count"] == 0
        assert panels["facilities-without-smeta"]["count"] == 0

    def test_it_scopes_to_the_customer(self, due: None, personas: Personas) -> None:
        panels = {p["key"]: p for p in dashboard_panels(user=personas.other_customer_user)}
        assert panels["certificates-expiring"]["count"] == 0
        assert panels["certificates-expired"]["count"] == 1

    def test_it_shows_nothing_to_an_auditor(self, due: None, personas: Personas) -> None:
        assert dashboard_panels(user=personas.auditor) == []

    def test_it_appears_on_the_dashboard(self, due: None, client_for: Callable) -> None:
        body = client_for("quality_manager").get("/").content.decode()
        assert 'id="panel-certificates-expiring"' in body
        assert "Facilities without a valid SMETA 4-pillar" in body
