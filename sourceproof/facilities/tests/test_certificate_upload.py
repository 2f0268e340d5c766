"""Adding, editing and deleting certificates: the document is checked by its content and size,
its SHA-256 is kept, a refused upload leaves nothing behind, and it is served only in scope."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from sourceproof.core.changelog import history_for
from sourceproof.core.models import ChangeAction
from sourceproof.core.testing import CertificateFactory, Personas
from sourceproof.facilities import services
from sourceproof.facilities.models import Certificate
from sourceproof.facilities.tests.files import PDF_BYTES, image, pdf, text_pretending_to_be_pdf

pytestmark = pytest.mark.django_db

FIELDS = {
    "scheme": "smeta_4p",
    "issuer": "Fair Audits Ltd",
    "number": "SM-2026-001",
    "valid_from": "2026-01-10",
    "valid_until": "2028-01-09",
}


def stored_files() -> list[Path]:
    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def post(client: Any, code: str, document: Any = None, **overrides: str) -> Any:
    data: dict[str, Any] = {**FIELDS, **overrides}
    if document is not None:
        data["document"] = document
    return client.post(f"/facilities/{code}/certificates/new/", data)


class TestUpload:
    def test_it_stores_a_pdf_with_its_sha256(
        self, personas: Personas, client_for: Callable
    ) -> None:
        response = post(client_for("quality_manager"), personas.facility.code, pdf())
        assert response.status_code == 302
        certificate = Certificate.objects.get(number="SM-2026-001")
        assert certificate.document_sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
        assert certificate.document.name.endswith(".pdf")
        [record] = history_for(certificate)
        assert record.action == ChangeAction.CREATE
        assert record.changes["document_sha256"] == [None, certificate.document_sha256]

    @pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
    def test_it_accepts_images_and_names_them_by_content(
        self, personas: Personas, client_for: Callable, fmt: str
    ) -> None:
        response = post(
            client_for("quality_manager"), personas.facility.code, image("scan.pdf", fmt)
        )
        assert response.status_code == 302
        extension = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}[fmt]
        assert Certificate.objects.get().document.name.endswith(f"scan.{extension}")

    def test_it_refuses_a_pdf_that_is_really_text(
        self, personas: Personas, client_for: Callable
    ) -> None:
        response = post(
            client_for("quality_manager"), personas.facility.code, text_pretending_to_be_pdf()
        )
        assert response.status_code == 400
        errors = response.context["form"].errors
        assert list(errors) == ["document"]
        assert "judged by its content" in errors["document"][0]
        assert 'id="id_document_errors"' in response.content.decode()
        assert not Certificate.objects.exists()
        assert stored_files() == []

    def test_it_refuses_a_file_over_the_limit(
        self, personas: Personas, client_for: Callable, settings: Any
    ) -> None:
        settings.UPLOAD_MAX_BYTES = 100
        big = SimpleUploadedFile("big.pdf", PDF_BYTES + b"%" * 200)
        response = post(client_for("quality_manager"), personas.facility.code, big)
        assert response.status_code == 400
        assert "the most allowed is" in response.context["form"].errors["document"][0]
        assert not Certificate.objects.exists()
        assert stored_files() == []

    def test_it_shows_date_errors_beside_the_field(
        self, personas: Personas, client_for: Callable
    ) -> None:
        response = post(
            client_for("quality_manager"), personas.facility.code, pdf(), valid_until="2025-01-01"
        )
        assert response.status_code == 400
        assert list(response.context["form"].errors) == ["valid_until"]
        assert not Certificate.objects.exists()
        assert stored_files() == []

    def test_it_leaves_no_file_when_the_service_refuses(self, personas: Personas) -> None:
        with pytest.raises(ValidationError) as caught:
            services.certificate_create(
                facility=personas.facility,
                by=None,
                document=text_pretending_to_be_pdf(),
                scheme="smeta_4p",
                issuer="X",
                valid_from="2026-01-01",
                valid_until="2027-01-01",
            )
        assert "document" in caught.value.message_dict
        assert not Certificate.objects.exists()
        assert stored_files() == []

    def test_it_accepts_a_certificate_without_a_document(
        self, personas: Personas, client_for: Callable
    ) -> None:
        assert post(client_for("admin"), personas.facility.code).status_code == 302
        assert Certificate.objects.get().document_sha256 == ""


class TestDownload:
    def test_it_serves_the_document_through_a_scoped_view(
        self, personas: Personas, client_for: Callable
    ) -> None:
        post(client_for("quality_manager"), personas.facility.code, pdf())
        certificate = Certificate.objects.get()
        response = client_for("customer_user").get(
            f"/facilities/certificates/{certificate.pk}/document/"
        )
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Cache-Control"] == "private, no-store"
        assert b"".join(response.streaming_content) == PDF_BYTES
        assert (
            client_for("other_customer_user")
            .get(f"/facilities/certificates/{certificate.pk}/document/")
            .status_code
            == 404
        )

    def test_it_does_not_link_the_public_media_url(
        self, personas: Personas, client_for: Callable
    ) -> None:
        post(client_for("quality_manager"), personas.facility.code, pdf())
        body = client_for("viewer").get(f"/facilities/{personas.facility.code}/").content.decode()
        assert settings.MEDIA_URL not in body
        assert f"/facilities/certificates/{Certificate.objects.get().pk}/document/" in body

    def test_it_is_404_without_a_document(self, personas: Personas, client_for: Callable) -> None:
        certificate = CertificateFactory.create(facility=personas.facility)
        assert (
            client_for("viewer")
            .get(f"/facilities/certificates/{certificate.pk}/document/")
            .status_code
            == 404
        )


class TestEditAndDelete:
    def test_it_records_an_edit(self, personas: Personas, client_for: Callable) -> None:
        certificate = CertificateFactory.create(facility=personas.facility, issuer="Old Firm")
        data = {
            "scheme": certificate.scheme,
            "issuer": "New Firm",
            "number": certificate.number,
            "valid_from": certificate.valid_from.isoformat(),
            "valid_until": certificate.valid_until.isoformat(),
            "document": pdf(),
        }
        response = client_for("csr_manager").post(
            f"/facilities/certificates/{certificate.pk}/edit/", data
        )
        assert response.status_code == 302
        [record] = history_for(certificate)
        assert record.action == ChangeAction.UPDATE
        assert record.changes["issuer"] == ["Old Firm", "New Firm"]
        assert record.changes["document_sha256"] == ["", hashlib.sha256(PDF_BYTES).hexdigest()]

    def test_it_keeps_the_old_document_when_a_new_one_is_refused(
        self, personas: Personas, client_for: Callable
    ) -> None:
        client = client_for("quality_manager")
        post(client, personas.facility.code, pdf())
        certificate = Certificate.objects.get()
        data = {**FIELDS, "document": text_pretending_to_be_pdf()}
        response = client.post(f"/facilities/certificates/{certificate.pk}/edit/", data)
        assert response.status_code == 400
        certificate.refresh_from_db()
        assert certificate.document_sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
        assert len(stored_files()) == 1

    def test_it_records_a_deletion_on_the_certificate_and_the_facility(
        self, personas: Personas, client_for: Callable
    ) -> None:
        certificate = CertificateFactory.create(facility=personas.facility, number="GONE-1")
        pk = certificate.pk
        response = client_for("quality_manager").post(f"/facilities/certificates/{pk}/delete/")
        assert response.status_code == 302
        assert not Certificate.objects.filter(pk=pk).exists()
        [event] = history_for(personas.facility)
        assert event.action == ChangeAction.EVENT
        assert "GONE-1" in event.summary
        from sourceproof.core.models import ChangeRecord

        deleted = ChangeRecord.objects.get(action=ChangeAction.DELETE, object_id=str(pk))
        assert deleted.changes["number"] == ["GONE-1", None]

    def test_it_asks_before_deleting(self, personas: Personas, client_for: Callable) -> None:
        certificate = CertificateFactory.create(facility=personas.facility)
        response = client_for("quality_manager").get(
            f"/facilities/certificates/{certificate.pk}/delete/"
        )
        assert response.status_code == 200
        assert Certificate.objects.filter(pk=certificate.pk).exists()
