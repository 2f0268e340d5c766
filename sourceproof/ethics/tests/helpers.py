"""Helpers for the ethics tests: versions and signatures made through the services."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sourceproof.accounts.models import User
from sourceproof.ethics import services
from sourceproof.ethics.models import Acknowledgement, CodeOfEthics
from sourceproof.ethics.services import TextInput
from sourceproof.facilities.models import Supplier

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
BODY_EN = (
    "## 1. Human rights\n\nWe respect human rights.\n\n"
    "## 2. Labour\n\n- No forced labour.\n- No child labour.\n\n"
    "## 3. Environment\n\nWe take care of the environment.\n\n"
    "## 4. Integrity\n\nNo **bribery**, ever."
)
FULL_COVERAGE = {1: "1", 2: "1", 3: "2", 4: "2", 5: "2", 6: "2", 7: "3", 8: "3", 9: "3", 10: "4"}


def pdf(name: str = "code.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def texts(version: str = "1") -> list[TextInput]:
    return [
        TextInput("en", f"Supplier code of ethics v{version}", BODY_EN),
        TextInput(
            "nl", f"Gedragscode voor leveranciers v{version}", "## 1. Mensenrechten\n\nWij..."
        ),
        TextInput("zh-hans", f"供应商道德准则 v{version}", "## 1. 人权\n\n我们尊重人权。"),
    ]


def draft(by: User, version: str = "1", *, grace_days: int = 60) -> CodeOfEthics:
    return services.code_create(
        by=by,
        version=version,
        effective_date=timezone.localdate(),
        grace_days=grace_days,
        texts=texts(version),
        coverage=FULL_COVERAGE,
    )


def publish(
    by: User, version: str = "1", *, grace_days: int = 60, days_ago: int = 0
) -> CodeOfEthics:
    """Draft and publish a version, as if published `days_ago` days ago."""
    code = services.code_publish(code=draft(by, version, grace_days=grace_days), by=by)
    if days_ago:
        at = timezone.now() - dt.timedelta(days=days_ago)
        CodeOfEthics.objects.filter(pk=code.pk).update(published_at=at)
        code.refresh_from_db()
    return code


def sign(
    code: CodeOfEthics,
    user: User,
    *,
    language: str = "en",
    ip: str = "203.0.113.7",
    days_ago: int = 0,
) -> Acknowledgement:
    supplier = Supplier.objects.get(organisation=user.organisation)
    ack = services.acknowledgement_sign(
        code=code,
        supplier=supplier,
        by=user,
        signer_name=user.full_name or "A Signer",
        signer_role="Sales director",
        language=language,
        accepted=True,
        ip_address=ip,
    )
    if days_ago:
        Acknowledgement.objects.filter(pk=ack.pk).update(
            signed_at=timezone.now() - dt.timedelta(days=days_ago)
        )
        ack.refresh_from_db()
    return ack
