"""The annual CSR report: requested on the page, rendered by the background task (immediate
backend in tests), issued through the reports app with a number and SHA-256, and its PDF holds
the year's figures: emissions by scope and the renewable share."""

from __future__ import annotations

import hashlib
import io
from typing import Any

import pytest
from django.urls import reverse
from pypdf import PdfReader

from sourceproof.core.testing import Personas
from sourceproof.csr.models import CsrReport, CsrReportStatus
from sourceproof.csr.services import reports as report_services
from sourceproof.csr.services.reports import csr_report_request
from sourceproof.csr.tests.helpers import add_value, today

pytestmark = pytest.mark.django_db


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join((page.extract_text() or "") for page in reader.pages)


def _energy_year(personas: Personas, year: int) -> None:
    by = personas.csr_manager
    add_value("natural_gas", year, "year", 1000, by)  # 1000 m3 x 2.134 = 2134 kg (scope 1)
    add_value("electricity_grid", year, "year", 10000, by)  # x 0.328 = 3280 / x 0.456 = 4560
    add_value("electricity_green", year, "year", 30000, by)  # x 0.328 = 9840 / 0 market-based
    # renewable share = 30000 / 40000 = 75.0 %


def _request(client: Any, year: int, capture: Any, **extra: Any) -> Any:
    with capture(execute=True):
        return client.post(reverse("csr:report_list"), {"year": year, **extra})


def test_it_renders_the_years_figures_into_a_numbered_pdf(
    personas: Personas, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    year = today().year - 1
    _energy_year(personas, year)
    response = _request(client_for("csr_manager"), year, django_capture_on_commit_callbacks)
    report = CsrReport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("csr:report_detail", args=[report.pk])
    assert (report.status, report.progress) == (CsrReportStatus.DONE, 100), report.error
    assert report.report_number.startswith("SP-CSR-")
    data = report.file.read()
    assert data.startswith(b"%PDF")
    assert hashlib.sha256(data).hexdigest() == report.sha256
    text = _pdf_text(data)
    assert f"Annual CSR report {year}" in text
    assert report.report_number in text
    for figure in ("2134 kg CO2e", "3280", "4560", "9840.0 kg", "75 %"):
        assert figure in text, figure
    assert "Scope 2 market-based" in text
    assert "Renewable share of electricity" in text


def test_it_shows_progress_then_the_download(
    personas: Personas, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for("csr_manager")
    year = today().year - 1
    with django_capture_on_commit_callbacks(execute=False):
        report = csr_report_request(year=year, by=personas.csr_manager)
    page = client.get(reverse("csr:report_detail", args=[report.pk]))
    assert b'hx-trigger="load delay:1s"' in page.content  # polls while queued
    report_services.csr_report_render(report_id=report.pk)
    fragment = client.get(reverse("csr:report_detail", args=[report.pk]), HTTP_HX_REQUEST="true")
    assert b"hx-trigger" not in fragment.content
    assert b"report-download" in fragment.content
    download = client_for("viewer").get(reverse("csr:report_download", args=[report.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_it_asks_why_when_the_year_was_already_issued(
    personas: Personas, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for("csr_manager")
    year = today().year - 1
    _request(client, year, django_capture_on_commit_callbacks)
    again = _request(client, year, django_capture_on_commit_callbacks)
    assert again.status_code == 400
    assert b"already issued" in again.content
    corrected = _request(
        client, year, django_capture_on_commit_callbacks, correction_reason="Gas meter misread"
    )
    assert corrected.status_code == 302
    first, second = CsrReport.objects.order_by("pk")
    assert second.status == CsrReportStatus.DONE, second.error
    assert second.report_number != first.report_number
    assert "Gas meter misread" in _pdf_text(second.file.read())


def test_it_renders_without_the_reports_app(
    personas: Personas, django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(report_services, "_reports_app", lambda: None)
    year = today().year - 1
    _energy_year(personas, year)
    with django_capture_on_commit_callbacks(execute=True):
        report = csr_report_request(year=year, by=personas.csr_manager)
    report.refresh_from_db()
    assert report.status == CsrReportStatus.DONE, report.error
    assert report.report_number == ""
    data = report.file.read()
    assert hashlib.sha256(data).hexdigest() == report.sha256
    assert "2134 kg CO2e" in _pdf_text(data)


def test_it_records_a_failure_instead_of_hanging(
    personas: Personas, django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    def broken(year: int) -> dict[str, Any]:
        raise RuntimeError("template exploded")

    monkeypatch.setattr(report_services, "report_context", broken)
    with django_capture_on_commit_callbacks(execute=True):
        report = csr_report_request(year=today().year - 1, by=personas.csr_manager)
    report.refresh_from_db()
    assert (report.status, report.error) == (CsrReportStatus.FAILED, "template exploded")


def test_it_refuses_a_future_year(personas: Personas) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        csr_report_request(year=today().year + 1, by=personas.csr_manager)


def test_its_pdf_carries_the_verification_link_and_verifies_on_the_public_page(
    personas: Personas, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """Issue #7: every PDF report, the CSR report too, carries its number, a content hash and
    a QR code with the verification URL; /verify/<number> confirms the issued file only."""
    from django.test import Client

    year = today().year - 1
    _energy_year(personas, year)
    _request(client_for("csr_manager"), year, django_capture_on_commit_callbacks)
    report = CsrReport.objects.get()
    data = report.file.read()
    text = _pdf_text(data)
    assert f"/verify/{report.report_number}" in text
    assert "Content SHA-256" in text
    verify = f"/verify/{report.report_number}"
    anonymous = Client()
    page = anonymous.get(verify)
    assert page.status_code == 200
    genuine = io.BytesIO(data)
    genuine.name = "report.pdf"
    assert "Genuine" in anonymous.post(verify, {"pdf": genuine}).content.decode()
    tampered = bytearray(data)
    tampered[len(tampered) // 2] ^= 0x01
    copy = io.BytesIO(bytes(tampered))
    copy.name = "report.pdf"
    assert "Not the issued file" in anonymous.post(verify, {"pdf": copy}).content.decode()
