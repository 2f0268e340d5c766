"""Issuing a PDF report and checking it on the public verification page."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from pypdf import PdfReader

from sourceproof.core.changelog import history_for
from sourceproof.core.testing import Personas
from sourceproof.reports import selectors
from sourceproof.reports.models import IssuedReport
from sourceproof.reports.services import report_issue

pytestmark = pytest.mark.django_db


def _issue(personas: Personas, **extra: object) -> IssuedReport:
    return report_issue(
        kind="other",
        subject=personas.facility,
        title="Facility fact sheet",
        template="reports/simple_report.html",
        context={"sections": [{"heading": "Facility", "text": personas.facility.name}]},
        by=personas.quality_manager,
        **extra,  # type: ignore[arg-type]
    )


def _text(report: IssuedReport) -> str:
    with report.file.open("rb") as handle:
        return "\n".join(page.extract_text() for page in PdfReader(handle).pages)


def test_it_prints_number_content_hash_and_verification_url(personas: Personas) -> None:
    report = _issue(personas)
    assert report.number.startswith("SP-RPT-")
    text = _text(report)
    assert report.number in text
    assert report.content_sha256 in text.replace("\n", "")
    assert f"/verify/{report.number}" in text.replace("\n", "")
    assert personas.facility.name in text
    assert len(report.sha256) == 64
    assert history_for(report).get().actor == personas.quality_manager


def test_it_numbers_reports_in_sequence(personas: Personas) -> None:
    first = _issue(personas)
    second = report_issue(
        kind="other",
        subject=personas.other_facility,
        title="Another",
        template="reports/simple_report.html",
        context={"sections": []},
    )
    assert int(second.number.rsplit("-", 1)[1]) == int(first.number.rsplit("-", 1)[1]) + 1


def test_it_needs_a_reason_to_issue_again_and_keeps_both_versions(personas: Personas) -> None:
    first = _issue(personas)
    with pytest.raises(ValidationError, match="needs a reason"):
        _issue(personas)
    second = _issue(personas, correction_reason="The worker count was wrong.")
    first.refresh_from_db()
    assert (first.superseded_by, second.version) == (second, 2)
    assert "The worker count was wrong." in _text(second)


def test_it_confirms_the_genuine_file(personas: Personas) -> None:
    report = _issue(personas)
    with report.file.open("rb") as handle:
        pdf = handle.read()
    upload = io.BytesIO(pdf)
    upload.name = "report.pdf"
    response = Client().post(f"/verify/{report.number}", {"pdf": upload})
    assert response.status_code == 200
    assert "Genuine." in response.content.decode()


def test_it_rejects_a_tampered_file(personas: Personas) -> None:
    report = _issue(personas)
    with report.file.open("rb") as handle:
        pdf = bytearray(handle.read())
    pdf[len(pdf) // 2] ^= 0x01  # one bit changed
    upload = io.BytesIO(bytes(pdf))
    upload.name = "report.pdf"
    response = Client().post(f"/verify/{report.number}", {"pdf": upload})
    assert "Not the issued file." in response.content.decode()


def test_it_checks_a_pasted_hash(personas: Personas) -> None:
    report = _issue(personas)
    good = Client().post(f"/verify/{report.number}", {"sha256": report.sha256.upper()})
    assert "Genuine." in good.content.decode()
    bad = Client().post(f"/verify/{report.number}", {"sha256": "0" * 64})
    assert "Not the issued file." in bad.content.decode()
    malformed = Client().post(f"/verify/{report.number}", {"sha256": "xyz"})
    assert "64 characters" in malformed.content.decode()


def test_it_reveals_only_what_the_report_prints(personas: Personas) -> None:
    report = _issue(personas)
    page = Client().get(f"/verify/{report.number}").content.decode()
    assert report.number in page and report.issuer_name in page
    assert report.sha256 not in page  # the file hash is compared, never shown
    assert personas.facility.name not in page  # the subject is on the report, not here
    assert personas.quality_manager.email not in page


def test_it_says_when_no_such_report_exists(personas: Personas) -> None:
    response = Client().get("/verify/SP-INS-2026-999999")
    assert response.status_code == 404
    assert "No report with the number" in response.content.decode()


def test_it_rate_limits_look_ups_per_address(personas: Personas) -> None:
    client = Client()
    for _ in range(selectors.VERIFY_LIMIT):
        assert client.get("/verify/SP-X").status_code == 404
    assert client.get("/verify/SP-X").status_code == 429
    other = Client(REMOTE_ADDR="10.9.9.9")
    assert other.get("/verify/SP-X").status_code == 404
