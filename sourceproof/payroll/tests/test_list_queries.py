"""The run list and the legal-wage list (pages and API) run a constant number of queries
whatever the number of rows (10 or 100 rows, one page of 50 at most)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sourceproof.accounts import services as account_services
from sourceproof.core.testing import FacilityFactory, Personas
from sourceproof.payroll.models import LegalWage, RunStatus, WageHoursRun
from sourceproof.payroll.tests.helpers import ETI_OVERRIDES

pytestmark = pytest.mark.django_db


def add_runs(personas: Personas, count: int) -> None:
    facilities = FacilityFactory.create_batch(3)
    WageHoursRun.objects.bulk_create(
        WageHoursRun(
            facility=facilities[n % 3],
            workers_file="payroll/w.csv",
            time_file="payroll/t.csv",
            pay_file="payroll/p.csv",
            wage_date=dt.date(2025, 1, 1),
            rules=ETI_OVERRIDES,
            status=RunStatus.DONE if n % 2 else RunStatus.FAILED,
            counts={"hours.weekly_total": n},
            report={"findings": [], "not_checked": []},
            created_by=personas.csr_manager if n % 2 else personas.quality_manager,
        )
        for n in range(count)
    )


def add_wages(count: int) -> None:
    start = LegalWage.objects.count()
    LegalWage.objects.bulk_create(
        LegalWage(
            country="ID",
            region=f"Region {start + n}",
            effective_from=dt.date(2025, 1, 1),
            minimum_hourly_wage="10",
            currency="IDR",
            source_text="test",
            source_year=2025,
        )
        for n in range(count)
    )


def queries(request: Callable[[], Any]) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = request()
    assert response.status_code == 200
    return len(captured)


def api_client(personas: Personas) -> tuple[Client, dict[str, Any]]:
    token = account_services.api_token_create(user=personas.viewer, name="q", read_only=True)[1]
    client = Client()
    headers: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    client.get("/api/v1/accounts/me", **headers)  # the token's first use is noted once
    return client, headers


def test_the_run_list_page_is_constant(personas: Personas, client_for: Any) -> None:
    client = client_for("viewer")
    add_runs(personas, 10)
    few = queries(lambda: client.get(reverse("payroll:run_list")))
    add_runs(personas, 90)
    many = queries(lambda: client.get(reverse("payroll:run_list")))
    assert few == many


def test_the_run_list_api_is_constant(personas: Personas) -> None:
    client, headers = api_client(personas)
    add_runs(personas, 10)
    few = queries(lambda: client.get("/api/v1/payroll/runs", **headers))
    add_runs(personas, 90)
    many = queries(lambda: client.get("/api/v1/payroll/runs", **headers))
    assert few == many


def test_the_legal_wage_list_page_is_constant(personas: Personas, client_for: Any) -> None:
    client = client_for("viewer")
    add_wages(10)
    few = queries(lambda: client.get(reverse("payroll:legal_wage_list")))
    add_wages(90)
    many = queries(lambda: client.get(reverse("payroll:legal_wage_list")))
    assert few == many


def test_the_legal_wage_api_is_constant(personas: Personas) -> None:
    client, headers = api_client(personas)
    add_wages(10)
    few = queries(lambda: client.get("/api/v1/payroll/legal-wages", **headers))
    add_wages(90)
    many = queries(lambda: client.get("/api/v1/payroll/legal-wages", **headers))
    assert few == many
