"""The inspection report in the API: metadata (status, number, version, SHA-256, verification
URL, versions) and the PDF, with a read-only token of the order's customer."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from sourceproof.accounts.services import api_token_create
from sourceproof.core.testing import Personas
from sourceproof.inspections.tests.builders import reviewed
from sourceproof.reports import inspection as reports

pytestmark = pytest.mark.django_db

REASON = "The lot size was recorded wrong in the first issue."


def test_it_describes_the_report_and_serves_the_pdf(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        inspection = reviewed(personas)
    first = reports.inspection_report_for(inspection=inspection)
    assert first is not None
    second = reports.inspection_report_correct(
        inspection=inspection, reason=REASON, by=personas.quality_manager
    )
    _token, secret = api_token_create(user=personas.customer_user, name="ERP")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    base = f"/api/v1/reports/inspections/{inspection.report_number}"
    data = client.get(base).json()
    assert data["inspection"] == inspection.report_number
    assert data["status"] == "ready"
    assert (data["number"], data["version"]) == (second.number, 2)
    assert (data["sha256"], data["content_sha256"]) == (second.sha256, second.content_sha256)
    assert data["verify_url"] == f"{settings.SITE_URL}/verify/{second.number}"
    assert data["issued_at"] and data["correction_reason"] == REASON
    assert data["pdf_url"] == f"{base}/pdf"
    assert data["html_url"] == f"/reports/inspections/{inspection.report_number}/"
    assert [(v["number"], v["superseded_by"]) for v in data["versions"]] == [
        (second.number, None),
        (first.number, second.number),
    ]
    pdf = client.get(data["pdf_url"])
    assert pdf.status_code == 200
    assert pdf["Content-Disposition"] == f'attachment; filename="{second.number}.pdf"'
    body = pdf.getvalue()
    assert hashlib.sha256(body).hexdigest() == data["sha256"]
    older = client.get(f"{base}/pdf?version=1").getvalue()
    assert hashlib.sha256(older).hexdigest() == first.sha256


def test_it_says_when_the_report_is_being_prepared(
    personas: Personas, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        inspection = reviewed(personas)
    client = client_for("supplier_user")
    base = f"/api/v1/reports/inspections/{inspection.report_number}"
    data = client.get(base).json()
    assert data["status"] == "preparing"
    assert data["number"] is None and data["pdf_url"] is None and data["versions"] == []
    assert client.get(f"{base}/pdf").status_code == 404
    assert client_for("other_supplier_user").get(base).status_code == 404
