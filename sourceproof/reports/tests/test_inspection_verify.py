"""The inspection report's PDF, as downloaded, passes the public verification page; a copy
changed by one bit does not."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client

from sourceproof.core.testing import Personas
from sourceproof.reports import inspection as reports
from sourceproof.reports.tests import inspection_flow as flow

pytestmark = pytest.mark.django_db


def _upload(data: bytes) -> io.BytesIO:
    upload = io.BytesIO(data)
    upload.name = "report.pdf"
    return upload


def test_the_downloaded_pdf_is_genuine_and_a_tampered_copy_is_not(
    personas: Personas, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    inspection = flow.reviewed_psi(personas, django_capture_on_commit_callbacks)
    report = reports.inspection_report_for(inspection=inspection)
    assert report is not None
    response = client_for("customer_user").get(
        f"/reports/inspections/{inspection.report_number}/pdf/"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{report.number}.pdf"'
    pdf = response.getvalue()
    assert pdf.startswith(b"%PDF")

    public = Client()
    page = public.get(f"/verify/{report.number}")
    assert page.status_code == 200 and report.content_sha256 in page.content.decode()
    genuine = public.post(f"/verify/{report.number}", {"pdf": _upload(pdf)})
    assert "Genuine." in genuine.content.decode()

    tampered = bytearray(pdf)
    tampered[len(tampered) // 2] ^= 0x01
    changed = public.post(f"/verify/{report.number}", {"pdf": _upload(bytes(tampered))})
    assert "Not the issued file." in changed.content.decode()
    truncated = public.post(f"/verify/{report.number}", {"pdf": _upload(pdf[:-10])})
    assert "Not the issued file." in truncated.content.decode()
