"""One order in the portal: its timeline, facility, certificates, latest audit, the gate's
verdict at confirmation (with an exception and its reason), the reviewed inspections with
verdicts, plan numbers and PDF, and the golden sample beside the pre-shipment photos."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sourceproof.core.testing import CertificateFactory, Personas
from sourceproof.orders import services as orders
from sourceproof.portal.tests.builders import (
    EXCEPTION_REASON,
    audited,
    confirm_through_gate,
    confirm_under_exception,
    reviewed_psi,
)
from sourceproof.reports.inspection import inspection_report_for

pytestmark = pytest.mark.django_db


def _url(personas: Personas) -> str:
    return reverse("portal:order_detail", args=[personas.order.number])


def test_it_shows_the_timeline_facility_and_certificates(
    personas: Personas, client_for: Any
) -> None:
    facility = personas.facility
    facility.os_id = "CN2019303BQ3FZP"
    facility.save(update_fields=["os_id"])
    today = timezone.localdate()
    CertificateFactory.create(
        facility=facility,
        number="BSCI-OLD",
        scheme="amfori_bsci",
        valid_from=today - dt.timedelta(days=800),
        valid_until=today - dt.timedelta(days=5),
    )
    confirm_through_gate(personas)  # adds a valid SMETA 4-pillar certificate
    orders.order_set_status(
        order=personas.order, status="in_production", by=personas.quality_manager
    )
    response = client_for("customer_user").get(_url(personas))
    assert response.status_code == 200
    body = response.content.decode()
    timeline = body[body.index('id="order-timeline"') : body.index('id="order-facility"')]
    assert timeline.index("Draft") < timeline.index("Confirmed") < timeline.index("In production")
    assert "Bright Drinkware Plant 1" in body and "Ningbo" in body and "CN2019303BQ3FZP" in body
    certificates = body[body.index('id="certificates"') :]
    assert 'data-state="expired"' in certificates and "BSCI-OLD" in certificates
    assert 'data-state="valid"' in certificates


def test_it_shows_the_gate_verdict_with_the_exception_and_its_reason(
    personas: Personas, client_for: Any
) -> None:
    confirm_under_exception(personas)
    body = client_for("customer_user").get(_url(personas)).content.decode()
    gate = body[body.index('id="gate-at-confirmation"') : body.index('id="inspections"')]
    assert 'id="gate-exception"' in gate
    assert EXCEPTION_REASON in gate
    assert 'class="badge bad">fails' in gate  # the failing rule, with its reason
    assert "granted by" not in gate.lower()  # no operator staff names for the customer


def test_it_shows_a_passing_gate(personas: Personas, client_for: Any) -> None:
    confirm_through_gate(personas)
    body = client_for("customer_user").get(_url(personas)).content.decode()
    assert "Every rule of the sourcing gate passed." in body
    assert 'id="gate-exception"' not in body


def test_it_summarises_the_latest_audit_and_counts_open_findings(
    personas: Personas, client_for: Any
) -> None:
    audited(personas, findings=3)
    body = client_for("customer_user").get(_url(personas)).content.decode()
    audit = body[body.index('id="latest-audit"') : body.index('id="gate-at-confirmation"')]
    assert "SMETA 6.1" in audit and "4 pillars" in audit
    assert 'data-severity="critical">Critical: 1' in audit
    assert 'data-severity="major">Major: 2' in audit
    assert 'data-severity="minor">Minor: 0' in audit


def test_it_shows_reviewed_inspections_with_verdict_plan_pdf_and_golden_sample(
    personas: Personas, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    psi = reviewed_psi(personas, django_capture_on_commit_callbacks)
    report = inspection_report_for(inspection=psi)
    assert report is not None
    body = client_for("customer_user").get(_url(personas)).content.decode()
    section = body[body.index('id="inspections"') :]
    assert psi.report_number in section
    assert "Pre-shipment inspection (PSI)" in section
    assert "Pre-production inspection (PPI)" in section
    assert psi.plan_snapshot is not None
    assert f"sample {psi.plan_snapshot['sample_size']}" in section
    assert "Ac " in section and "Re " in section
    assert reverse("reports:inspection_pdf", args=[psi.report_number]) in section
    assert report.number in section
    golden = body[body.index('id="golden-vs-psi"') :]
    assert "GS-0042" in golden and "Golden sample" in golden and "This inspection" in golden


def test_it_reads_in_a_fixed_number_of_queries(personas: Personas, client_for: Any) -> None:
    client = client_for("customer_user")
    confirm_under_exception(personas)
    audited(personas, findings=1)
    with CaptureQueriesContext(connection) as few:
        assert client.get(_url(personas)).status_code == 200
    for n in range(5):
        CertificateFactory.create(facility=personas.facility, number=f"MORE-{n}")
    audited(personas, findings=6)
    with CaptureQueriesContext(connection) as many:
        assert client.get(_url(personas)).status_code == 200
    assert len(many) == len(few)
