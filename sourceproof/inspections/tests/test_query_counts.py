"""Lists, the calendar and the dashboards run a constant number of queries whatever the
number of rows: rendered with 10 and with 100 inspections."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sourceproof.core.testing import Personas
from sourceproof.inspections.models import InspectionPolicy
from sourceproof.inspections.selectors import dashboard_panels
from sourceproof.inspections.tests import builders

pytestmark = pytest.mark.django_db


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


URLS = [
    "/inspections/",
    "/inspections/?status=reviewed&verdict=pass",
    "/inspections/calendar/",
    "/inspections/quality/",
    "/inspections/quality/?months=24&category=drinkware",
    "/inspections/streams/",
    "/inspections/defects/",
    "/inspections/checklists/",
    "/api/v1/inspections",
    "/api/v1/inspections/streams",
    "/api/v1/inspections/defect-types",
]


@pytest.mark.parametrize("url", URLS)
def test_it_runs_the_same_number_of_queries_for_10_and_100_rows(
    personas: Personas, client_for: Any, url: str
) -> None:
    InspectionPolicy.current()
    client = client_for("quality_manager")
    builders.bulk(personas, 10)
    client.get(url)  # warm caches (content types, session)
    few = _queries(client, url)
    builders.bulk(personas, 90)
    many = _queries(client, url)
    assert few == many


@pytest.mark.parametrize("persona", ["customer_user", "supplier_user", "inspector"])
def test_it_keeps_the_list_constant_for_scoped_personas(
    personas: Personas, client_for: Any, persona: str
) -> None:
    client = client_for(persona)
    builders.bulk(personas, 10)
    client.get("/inspections/")
    few = _queries(client, "/inspections/")
    builders.bulk(personas, 90)
    assert _queries(client, "/inspections/") == few


@pytest.mark.parametrize("persona", ["quality_manager", "inspector", "customer_user"])
def test_it_builds_the_dashboard_panels_in_a_constant_number_of_queries(
    personas: Personas, persona: str
) -> None:
    user = getattr(personas, persona)
    builders.bulk(personas, 10)
    with CaptureQueriesContext(connection) as small:
        dashboard_panels(user=user)
    builders.bulk(personas, 90)
    with CaptureQueriesContext(connection) as large:
        dashboard_panels(user=user)
    assert len(small.captured_queries) == len(large.captured_queries)
    assert timezone.now()
