"""The quality dashboard (pass rates, Pareto, streams needing attention) and the panels for
the home dashboard."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from sourceproof.core.testing import Personas
from sourceproof.inspections.models import SamplingStream, StreamSeverity
from sourceproof.inspections.selectors import dashboard_panels
from sourceproof.inspections.tests import builders

pytestmark = pytest.mark.django_db


def test_it_charts_pass_rates_and_the_defect_pareto(personas: Personas, client_for: Any) -> None:
    builders.reviewed(personas, majors=2)
    builders.reviewed(personas, reject=True)
    SamplingStream.objects.update(severity=StreamSeverity.TIGHTENED)
    html = client_for("viewer").get("/inspections/quality/").content.decode()
    assert html.count("<svg") == 3
    assert "Drinkware (1/2)" in html  # one of two reviewed lots passed
    assert "MAJ-PRINT" in html
    assert "Tightened" in html
    assert "50 %" in html


def test_it_shows_an_empty_dashboard_without_failing(personas: Personas, client_for: Any) -> None:
    html = client_for("quality_manager").get("/inspections/quality/").content.decode()
    assert "No reviewed inspections in this period" in html
    assert "No defects recorded in this period" in html


def panels(user: Any) -> dict[str, dict[str, Any]]:
    return {p["key"]: p for p in dashboard_panels(user=user)}


def test_it_gives_quality_managers_the_inspections_to_review(personas: Personas) -> None:
    inspection = builders.start(personas, builders.book(personas))
    builders.check_everything(personas, inspection)
    from sourceproof.inspections import services

    services.inspection_submit(inspection=inspection, by=personas.inspector)
    found = panels(personas.quality_manager)
    assert found["inspections-to-review"]["count"] == 1
    assert found["inspections-to-review"]["tone"] == "warn"
    assert inspection.report_number in found["inspections-to-review"]["items"][0]["label"]
    assert set(found) == {"inspections-to-review", "streams-discontinued"}
    for panel in found.values():
        assert set(panel) == {"key", "title", "count", "items", "url", "tone"}


def test_it_gives_inspectors_their_week(personas: Personas) -> None:
    today = builders.book(personas, planned_date=timezone.localdate())
    found = panels(personas.inspector)
    assert set(found) == {"inspections-mine-this-week"}
    assert found["inspections-mine-this-week"]["count"] == 1
    assert today.report_number in found["inspections-mine-this-week"]["items"][0]["label"]


def test_it_counts_discontinued_streams(personas: Personas) -> None:
    builders.reviewed(personas)
    SamplingStream.objects.update(severity=StreamSeverity.DISCONTINUED)
    found = panels(personas.viewer)
    assert found["streams-discontinued"]["count"] == 1
    assert found["streams-discontinued"]["tone"] == "bad"


def test_it_shows_customers_their_recently_reviewed_inspections(personas: Personas) -> None:
    reviewed = builders.reviewed(personas)
    mine = panels(personas.customer_user)
    assert mine["inspections-reviewed-recently"]["count"] == 1
    assert reviewed.report_number in mine["inspections-reviewed-recently"]["items"][0]["label"]
    assert panels(personas.other_customer_user)["inspections-reviewed-recently"]["count"] == 0
    assert panels(personas.auditor) == {}
