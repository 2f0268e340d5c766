"""Every list runs the same number of queries for 10 rows as for 100."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sourceproof.audits.models import (
    Audit,
    AuditPolicy,
    CorrectiveAction,
    Finding,
    FindingType,
)
from sourceproof.core.models import OperatorPolicy
from sourceproof.core.testing import FacilityFactory, Personas

pytestmark = pytest.mark.django_db

SEVERITIES = ("critical", "major", "minor")
STATUSES = ("open", "submitted", "sent_back", "progress_made")


def _fill(personas: Personas, count: int) -> None:
    """`count` more audits at new facilities of the persona supplier, each with a report and a
    non-compliance with its action (half of them overdue). Made directly, for speed."""
    today = timezone.localdate()
    start = Audit.objects.count()
    for i in range(start, start + count):
        facility = FacilityFactory.create(supplier=personas.supplier)
        audit = Audit.objects.create(
            reference=f"AUD-{i + 1:05d}",
            facility=facility,
            standard="smeta_6_1",
            pillars=4,
            audit_type="periodic",
            announcement="announced",
            audit_firm=personas.audit_firm,
            end_date=today - dt.timedelta(days=i % 900),
            status="report_received",
        )
        finding = Finding.objects.create(
            audit=audit,
            number=1,
            reference=f"{audit.reference}-F01",
            finding_type=FindingType.NON_COMPLIANCE,
            pillar="labour_standards",
            clause="6",
            severity=SEVERITIES[i % 3],
            title="Excessive overtime",
        )
        CorrectiveAction.objects.create(
            finding=finding,
            due_date=today + dt.timedelta(days=(-10 if i % 2 else 10)),
            status=STATUSES[i % 4],
        )


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("viewer", "/audits/"),
        ("viewer", "/audits/?status=report_received&q=AUD"),
        ("viewer", "/audits/actions/"),
        ("viewer", "/audits/actions/?state=overdue"),
        ("viewer", "/audits/due/"),
        ("viewer", "/audits/due/?risk_class=high"),
        ("supplier_user", "/audits/"),
        ("supplier_user", "/audits/my-actions/"),
        ("auditor", "/audits/"),
        ("auditor", "/audits/actions/"),
        ("viewer", "/api/v1/audits"),
        ("viewer", "/api/v1/audits/actions"),
        ("viewer", "/api/v1/audits/due"),
        ("supplier_user", "/api/v1/audits/actions"),
    ],
)
def test_it_runs_the_same_number_of_queries_for_10_and_100_rows(
    personas: Personas, client_for: Any, persona: str, url: str
) -> None:
    OperatorPolicy.current()
    AuditPolicy.current()
    client = client_for(persona)
    _fill(personas, 10)
    client.get(url)  # warm caches (content types, session)
    few = _queries(client, url)
    _fill(personas, 90)
    many = _queries(client, url)
    assert few == many


@pytest.mark.parametrize("persona", ["viewer", "supplier_user", "auditor"])
def test_it_builds_the_dashboard_panels_at_a_constant_query_count(
    personas: Personas, persona: str
) -> None:
    from sourceproof.audits.selectors import dashboard_panels

    AuditPolicy.current()
    user = getattr(personas, persona)
    _fill(personas, 10)
    dashboard_panels(user=user)
    with CaptureQueriesContext(connection) as few:
        dashboard_panels(user=user)
    _fill(personas, 90)
    with CaptureQueriesContext(connection) as many:
        panels = dashboard_panels(user=user)
    assert len(few.captured_queries) == len(many.captured_queries)
    assert panels
