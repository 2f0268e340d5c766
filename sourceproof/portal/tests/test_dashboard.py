"""The portal's dashboard panels: a customer's recent verdicts and photos; the operator's
overview of what is shared with whom."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sourceproof.core.testing import Personas
from sourceproof.portal.selectors import dashboard_panels
from sourceproof.portal.tests.builders import reviewed_psi

pytestmark = pytest.mark.django_db


def test_it_shows_a_customer_its_recent_verdicts_and_photos(
    personas: Personas, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    psi = reviewed_psi(personas, django_capture_on_commit_callbacks)
    panels = {p["key"]: p for p in dashboard_panels(user=personas.customer_user)}
    assert panels["portal-verdicts"]["count"] == 2  # the PPI and the PSI
    assert panels["portal-verdicts"]["items"][0]["url"] == reverse(
        "portal:order_detail", args=[personas.order.number]
    )
    assert panels["portal-photos"]["count"] > 0
    assert psi.report_number in panels["portal-photos"]["items"][0]["label"]
    other = {p["key"]: p for p in dashboard_panels(user=personas.other_customer_user)}
    assert other["portal-verdicts"]["count"] == 0 and other["portal-photos"]["count"] == 0
    body = client_for("customer_user").get(reverse("core:dashboard")).content.decode()
    assert "Inspection verdicts (30 days)" in body


def test_it_shows_operators_the_sharing_overview(personas: Personas) -> None:
    panels = dashboard_panels(user=personas.quality_manager)
    assert [p["key"] for p in panels] == ["portal-sharing"]
    assert panels[0]["url"] == reverse("portal:sharing")
    assert dashboard_panels(user=personas.supplier_user) == []
    assert dashboard_panels(user=personas.inspector) == []
