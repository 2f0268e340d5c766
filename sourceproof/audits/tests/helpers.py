"""Helpers for the audits tests: audits, findings and files made through the services."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from sourceproof.accounts.models import User
from sourceproof.audits import services
from sourceproof.audits.models import (
    Announcement,
    Audit,
    AuditStandard,
    AuditStatus,
    AuditType,
    Clause,
    CorrectiveAction,
    Finding,
    FindingType,
    Pillar,
    Severity,
)
from sourceproof.core.testing import Personas
from sourceproof.facilities.models import Facility

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def pdf(name: str = "report.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def image(name: str = "photo.png", fmt: str = "PNG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def not_a_pdf(name: str = "report.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"plain text, not a PDF\n", content_type="application/pdf")


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def make_audit(
    personas: Personas,
    *,
    facility: Facility | None = None,
    by: User | None = None,
    standard: str = AuditStandard.SMETA_6_1,
    pillars: int | None = 4,
    end: dt.date | None = None,
    status: str = AuditStatus.DRAFT,
    **fields: Any,
) -> Audit:
    """An audit of the persona facility by the persona audit firm, moved to `status`."""
    end = end or days_ago(10)
    audit = services.audit_create(
        by=by or personas.csr_manager,
        facility=facility or personas.facility,
        standard=standard,
        pillars=pillars,
        audit_type=fields.pop("audit_type", AuditType.PERIODIC),
        announcement=fields.pop("announcement", Announcement.SEMI_ANNOUNCED),
        audit_firm=fields.pop("audit_firm", personas.audit_firm),
        lead_auditor_name=fields.pop("lead_auditor_name", "Alex Auditor"),
        lead_auditor_apsca=fields.pop("lead_auditor_apsca", "CSCA 21701234"),
        start_date=fields.pop("start_date", end - dt.timedelta(days=1)),
        end_date=end,
        **fields,
    )
    if status in (AuditStatus.REPORT_RECEIVED, AuditStatus.CLOSED):
        services.audit_report_upload(audit=audit, document=pdf(), by=personas.csr_manager)
        services.audit_set_status(
            audit=audit, status=AuditStatus.REPORT_RECEIVED, by=personas.csr_manager
        )
    elif status != AuditStatus.DRAFT:
        services.audit_set_status(audit=audit, status=status, by=personas.csr_manager)
    if status == AuditStatus.CLOSED:
        services.audit_set_status(audit=audit, status=AuditStatus.CLOSED, by=personas.csr_manager)
    audit.refresh_from_db()
    return audit


def add_finding(
    audit: Audit,
    by: User,
    *,
    severity: str = Severity.MAJOR,
    finding_type: str = FindingType.NON_COMPLIANCE,
    clause: str = Clause.ETI_6,
    pillar: str = Pillar.LABOUR_STANDARDS,
    title: str = "Workers worked 72 hours in week 12",
    draft: bool = False,
    **fields: Any,
) -> Finding:
    return services.finding_create(
        audit=audit,
        by=by,
        draft=draft,
        finding_type=finding_type,
        pillar=pillar,
        clause=clause,
        severity=severity if finding_type == FindingType.NON_COMPLIANCE else "",
        title=title,
        evidence=fields.pop("evidence", "Time records of 12 workers."),
        **fields,
    )


def action_of(finding: Finding) -> CorrectiveAction:
    return CorrectiveAction.objects.select_related("finding__audit__facility__supplier").get(
        finding=finding
    )


def answer_and_submit(action: CorrectiveAction, personas: Personas) -> CorrectiveAction:
    """The supplier answers, uploads one photo and submits."""
    services.action_respond(
        action=action,
        by=personas.supplier_user,
        root_cause="The overtime register was not checked.",
        action_text="A weekly check of the overtime register by the HR manager.",
        owner_name="Wang Fang, HR manager",
    )
    services.action_evidence_add(action=action, by=personas.supplier_user, upload=image())
    return services.action_submit(action=action, by=personas.supplier_user)
