"""Data for the portal tests, made through the other apps' services (never by hand):
confirmed orders (through the gate, or under an exception), audits with findings, and a
reviewed PSI with its golden sample, photos and issued PDF (reports.tests.inspection_flow)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from sourceproof.audits import services as audits
from sourceproof.audits.models import Audit, AuditStatus, Severity
from sourceproof.audits.tests.helpers import add_finding, make_audit, pdf
from sourceproof.core.testing import OrderLineFactory, Personas
from sourceproof.evidence.models import Photo
from sourceproof.inspections.models import Inspection
from sourceproof.orders import services as orders
from sourceproof.orders.models import PurchaseOrder
from sourceproof.orders.tests.gates import open_gate
from sourceproof.reports.tests.inspection_flow import golden_ppi, performed_psi, review

EXCEPTION_REASON = "Re-audit booked for next week; the customer accepted the risk in writing."


def confirm_through_gate(personas: Personas, order: PurchaseOrder | None = None) -> PurchaseOrder:
    """Open the gate for the order's facility and confirm the order (the verdict is kept)."""
    order = order or personas.order
    open_gate(order.facility)
    return orders.order_confirm(order=order, by=personas.quality_manager)


def confirm_under_exception(
    personas: Personas, order: PurchaseOrder | None = None, reason: str = EXCEPTION_REASON
) -> PurchaseOrder:
    """The persona facility has no SMETA audit: the gate fails; grant an exception, confirm."""
    order = order or personas.order
    orders.gate_exception_grant(
        order=order,
        reason=reason,
        expires_at=timezone.now() + dt.timedelta(days=10),
        by=personas.quality_manager,
    )
    return orders.order_confirm(order=order, by=personas.quality_manager)


def audited(personas: Personas, *, findings: int = 2) -> Audit:
    """A received SMETA 4-pillar audit of the persona facility with open findings: the first
    critical, the others major."""
    audit = make_audit(personas, status=AuditStatus.DRAFT)
    for n in range(findings):
        add_finding(
            audit,
            personas.csr_manager,
            severity=Severity.CRITICAL if n == 0 else Severity.MAJOR,
            title=f"Finding number {n + 1}: fire exit locked" if n == 0 else f"Overtime {n + 1}",
        )
    audits.audit_report_upload(audit=audit, document=pdf(), by=personas.csr_manager)
    audits.audit_set_status(
        audit=audit, status=AuditStatus.REPORT_RECEIVED, by=personas.csr_manager
    )
    audit.refresh_from_db()
    return audit


def reviewed_psi(personas: Personas, capture: Callable[..., Any], **extra: Any) -> Inspection:
    """A golden PPI and a PSI of the persona order, reviewed, its PDF issued."""
    golden_ppi(personas)
    inspection = performed_psi(personas, **extra)
    review(personas, inspection, capture)
    return inspection


def more_orders(personas: Personas, n: int) -> list[PurchaseOrder]:
    return [
        OrderLineFactory.create(
            order__customer=personas.customer, order__facility=personas.facility
        ).order
        for _ in range(n)
    ]


def clone_photos(photo: Photo, n: int) -> None:
    """`n` more rows like `photo` (same file), for counting queries over many photos."""
    rows = []
    for i in range(n):
        clone = Photo.objects.get(pk=photo.pk)
        clone.pk = None
        clone.sha256 = uuid.uuid4().hex * 2
        clone.client_uid = None
        clone.received_at = photo.received_at + dt.timedelta(seconds=i + 1)
        rows.append(clone)
    Photo.objects.bulk_create(rows)
