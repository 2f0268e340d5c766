"""The CSR dashboard, and the CSR panel on the main dashboard: overdue controls and
follow-ups, and this year's self-assessment until it is submitted."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from sourceproof.core.selectors import dashboard_for_user
from sourceproof.core.testing import Personas
from sourceproof.csr.services import dialogue as services
from sourceproof.csr.tests.helpers import add_value, today

pytestmark = pytest.mark.django_db


def test_the_main_dashboard_shows_what_needs_attention(personas: Personas) -> None:
    by = personas.csr_manager
    services.control_create(
        by=by, title="Meter readings", method="", owner=by, frequency_months=1,
        first_due=today() - dt.timedelta(days=3),
    )  # fmt: skip
    panels = [p for p in dashboard_for_user(user=by) if p["key"] == "csr-attention"]
    assert len(panels) == 1
    labels = [item["label"] for item in panels[0]["items"]]
    assert "Control: Meter readings" in labels
    assert any("self-assessment" in label for label in labels)
    assert panels[0]["tone"] == "warn"
    assert not [
        p for p in dashboard_for_user(user=personas.supplier_user) if p["key"] == "csr-attention"
    ]


def test_the_csr_dashboard_shows_this_years_figures(personas: Personas, client_for: Any) -> None:
    add_value("natural_gas", today().year, "m01", 100, personas.csr_manager)  # 213.4 kg
    page = client_for("viewer").get(reverse("csr:dashboard"))
    content = page.content.decode()
    assert page.status_code == 200
    assert 'id="emission-totals"' in content and "213 kg CO2e" in content
    assert "Natural gas" in content and 'id="emissions"' in content and 'id="renewable"' in content


def test_it_shows_the_code_of_ethics_block_the_ethics_app_offers(
    personas: Personas, client_for: Any, monkeypatch: Any
) -> None:
    from django.apps import apps

    if not apps.is_installed("sourceproof.ethics"):
        pytest.skip("the ethics app is not installed")
    from sourceproof.ethics import selectors as ethics_selectors

    def block(*, user: Any, year: int | None) -> dict[str, Any]:
        return {
            "title": "Code of ethics",
            "facts": [["Suppliers signed", "41 of 45"]],
            "url": "/x/",
        }

    monkeypatch.setattr(ethics_selectors, "csr_block", block, raising=False)
    content = client_for("viewer").get(reverse("csr:dashboard")).content.decode()
    assert 'id="ethics-block"' in content and "41 of 45" in content
