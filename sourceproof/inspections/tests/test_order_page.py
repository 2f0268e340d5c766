"""The order page lists the order's inspections each person may see (type, status, planned
date, verdict, a link to each), in a constant number of queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sourceproof.core.testing import Personas, UserFactory
from sourceproof.inspections.models import Inspection, InspectionType
from sourceproof.inspections.tests import builders

pytestmark = pytest.mark.django_db


def _page(client: Any, number: str) -> str:
    response = client.get(f"/orders/{number}/")
    assert response.status_code == 200
    return str(response.content.decode())


@pytest.fixture
def made(personas: Personas) -> dict[str, Inspection]:
    """A reviewed DUPRO (failed), a planned PSI, and a planned CLC for another inspector."""
    builders.library(personas.quality_manager)
    builders.checklist(personas.order.lines.get().product.category, personas.quality_manager)
    reviewed = builders.reviewed(personas, reject=True)
    planned = builders.book(personas, inspection_type=InspectionType.PSI)
    someone = UserFactory.create(role="inspector", organisation=personas.operator)
    theirs = builders.book(personas, inspection_type=InspectionType.CLC, inspector=someone)
    return {"reviewed": reviewed, "planned": planned, "theirs": theirs}


def test_it_lists_every_inspection_of_the_order_for_the_quality_manager(
    personas: Personas, client_for: Any, made: dict[str, Inspection]
) -> None:
    html = _page(client_for("quality_manager"), personas.order.number)
    assert 'id="inspections"' in html
    for inspection in made.values():
        assert f'href="/inspections/{inspection.report_number}/"' in html
    reviewed = made["reviewed"]
    row = html[html.index(reviewed.report_number) :].split("</tr>")[0]
    assert "(DUPRO)" in row
    assert "Reviewed" in row and "Fail" in row
    assert reviewed.planned_date.isoformat() in row
    assert f"/inspections/new/?order={personas.order.number}" in html  # book another


def test_it_shows_the_customer_and_the_supplier_only_the_reviewed_ones(
    personas: Personas, client_for: Any, made: dict[str, Inspection]
) -> None:
    for persona in ("customer_user", "supplier_user"):
        html = _page(client_for(persona), personas.order.number)
        assert made["reviewed"].report_number in html, persona
        assert made["planned"].report_number not in html, persona
        assert made["theirs"].report_number not in html, persona
        assert "/inspections/new/" not in html, persona


def test_it_shows_an_inspector_only_the_inspections_assigned_to_them(
    personas: Personas, client_for: Any, made: dict[str, Inspection]
) -> None:
    html = _page(client_for("inspector"), personas.order.number)
    assert made["reviewed"].report_number in html
    assert made["planned"].report_number in html
    assert made["theirs"].report_number not in html


def test_it_keeps_other_customers_and_suppliers_out(
    personas: Personas, client_for: Any, made: dict[str, Inspection]
) -> None:
    for persona in ("other_customer_user", "other_supplier_user"):
        assert client_for(persona).get(f"/orders/{personas.order.number}/").status_code == 404
    # Their own order page lists none of this order's inspections.
    html = _page(client_for("other_customer_user"), personas.other_order.number)
    assert not any(i.report_number in html for i in made.values())
    assert 'id="inspections"' not in html


@pytest.mark.parametrize("persona", ["quality_manager", "customer_user"])
def test_it_lists_them_in_a_constant_number_of_queries(
    personas: Personas, client_for: Any, persona: str
) -> None:
    builders.library(personas.quality_manager)
    builders.checklist(personas.order.lines.get().product.category, personas.quality_manager)
    client = client_for(persona)
    url = f"/orders/{personas.order.number}/"
    builders.reviewed(personas)
    client.get(url)  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(4):
        builders.reviewed(personas, inspection_type=InspectionType.PSI)
    with CaptureQueriesContext(connection) as five:
        html = client.get(url).content.decode()
    assert html.count('href="/inspections/QC-') == 5
    assert len(five.captured_queries) == len(one.captured_queries)
