"""The portal's JSON API at /api/v1/portal (customer scope).

For the customer's own systems, with a read-only API token made on the profile page (or the
browser session). The same selectors as the portal's pages, so the same rows and the same
sharing: a value the operator does not share is null. Only customer users get answers; every
other caller gets 404, and an order of another customer is a 404 too.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema

from sourceproof.core.http import acting_user
from sourceproof.evidence.selectors import PhotoCard
from sourceproof.portal import selectors
from sourceproof.portal.selectors import (
    AuditSummary,
    GateAtConfirmation,
    InspectionRow,
    OrderRow,
    PortalFilters,
    PortalScope,
)
from sourceproof.reports.services import verify_url

router = Router(tags=["portal"])

PAGE_SIZE = 50


# --------------------------------------------------------------------------- schemas


class RuleOut(Schema):
    code: str
    passed: bool
    reason: str
    warning: bool = False


class GateOut(Schema):
    result: str  # passed, exception or failed
    evaluated_at: dt.datetime
    rules: list[RuleOut]
    exception_reason: str | None
    exception_granted_at: dt.datetime | None
    exception_expires_at: dt.datetime | None


class FacilityOut(Schema):
    code: str
    name: str
    city: str
    country: str
    os_id: str


class InspectionSummaryOut(Schema):
    reviewed: int
    latest_verdict: str
    latest_type: str
    latest_report_number: str


class OrderOut(Schema):
    number: str
    status: str
    created_at: dt.datetime
    confirmed_at: dt.datetime | None
    agreed_ship_date: dt.date
    units: int
    facility: FacilityOut
    supplier_name: str | None  # null unless the operator shares it
    gate_at_confirmation: GateOut | None
    inspections: InspectionSummaryOut


class OrderPage(Schema):
    count: int
    page: int
    pages: int
    items: list[OrderOut]


class CertificateOut(Schema):
    scheme: str
    number: str
    issuer: str
    valid_from: dt.date
    valid_until: dt.date
    state: str  # valid, expiring, expired, not_yet_valid
    valid: bool


class FindingOut(Schema):
    reference: str
    finding_type: str
    pillar: str
    clause: str
    severity: str
    title: str
    action_status: str
    due_date: dt.date | None
    open: bool


class AuditOut(Schema):
    date: dt.date | None
    standard: str
    pillars: int | None
    bsci_grade: str
    open_findings: dict[str, int]
    findings: list[FindingOut] | None  # null unless the operator shares audit details


class PlanClassOut(Schema):
    name: str
    aql: str | None
    sample_size: int
    accept: int
    reject: int


class PlanOut(Schema):
    lot_size: int
    level: str
    inspection: str
    code_letter: str
    sample_size: int
    classes: list[PlanClassOut]


class InspectionOut(Schema):
    report_number: str
    order: str
    inspection_type: str
    planned_date: dt.date
    reviewed_at: dt.datetime | None
    final_verdict: str
    plan: PlanOut | None
    pdf_report_number: str | None
    pdf_sha256: str | None
    pdf_url: str | None
    verify_url: str | None


class TimelineOut(Schema):
    status: str
    at: dt.datetime


class LineOut(Schema):
    sku: str
    product: str
    quantity: int


class SharingOut(Schema):
    audit_details: bool
    supplier_name: bool


class OrderDetailOut(OrderOut):
    lines: list[LineOut]
    timeline: list[TimelineOut]
    certificates: list[CertificateOut]
    latest_audit: AuditOut | None
    inspection_list: list[InspectionOut]
    photo_count: int
    sharing: SharingOut


class InspectionPage(Schema):
    count: int
    page: int
    pages: int
    items: list[InspectionOut]


class PhotoOut(Schema):
    id: int
    order: str
    inspection: str
    inspection_type: str
    received_at: dt.datetime
    taken_at: dt.datetime | None
    side: str
    golden_sample: bool
    time_ok: bool | None
    place_ok: bool | None
    distance_km: float | None
    no_exif: bool
    reused: bool
    image_url: str
    thumbnail_url: str


class PhotoPage(Schema):
    count: int
    page: int
    pages: int
    items: list[PhotoOut]


class OrderQuery(Schema):
    status: str = ""
    q: str = ""
    page: int = 1


# --------------------------------------------------------------------------- helpers


def _scope(request: HttpRequest) -> PortalScope:
    return selectors.portal_scope(user=acting_user(request))


def _gate(gate: GateAtConfirmation | None) -> GateOut | None:
    if gate is None:
        return None
    result = "passed" if gate.verdict.passed else "exception" if gate.under_exception else "failed"
    return GateOut(
        result=result,
        evaluated_at=gate.verdict.evaluated_at,
        rules=[RuleOut(**r.to_dict()) for r in gate.verdict.results],
        exception_reason=gate.exception_reason if gate.under_exception else None,
        exception_granted_at=gate.exception_granted_at if gate.under_exception else None,
        exception_expires_at=gate.exception_expires_at if gate.under_exception else None,
    )


def _order(row: OrderRow, scope: PortalScope) -> dict[str, Any]:
    o = row.order
    f = o.facility
    return {
        "number": o.number,
        "status": o.status,
        "created_at": o.created_at,
        "confirmed_at": o.confirmed_at,
        "agreed_ship_date": o.agreed_ship_date,
        "units": getattr(o, "total_quantity", None) or 0,
        "facility": FacilityOut(
            code=f.code, name=f.name, city=f.city, country=f.country, os_id=f.os_id
        ),
        "supplier_name": row.supplier_name if scope.sharing.share_supplier_name else None,
        "gate_at_confirmation": _gate(row.gate),
        "inspections": InspectionSummaryOut(**row.inspections.__dict__),
    }


def _inspection(row: InspectionRow) -> InspectionOut:
    i = row.inspection
    plan = row.plan
    return InspectionOut(
        report_number=i.report_number,
        order=i.order.number,
        inspection_type=i.inspection_type,
        planned_date=i.planned_date,
        reviewed_at=i.reviewed_at,
        final_verdict=i.final_verdict,
        plan=PlanOut.model_validate(plan.as_dict()) if plan else None,  # the customer's subset
        pdf_report_number=row.report_number or None,
        pdf_sha256=row.report_sha256 or None,
        pdf_url=reverse("api:reports_inspection_pdf", args=[i.report_number])
        if row.report_number
        else None,
        verify_url=verify_url(row.report_number) if row.report_number else None,
    )


def _audit(audit: AuditSummary | None) -> AuditOut | None:
    if audit is None:
        return None
    return AuditOut(
        date=audit.date,
        standard=audit.standard,
        pillars=audit.pillars,
        bsci_grade=audit.bsci_grade,
        open_findings={value: n for value, _label, n in audit.open_counts()},
        findings=[
            FindingOut(
                reference=f.reference,
                finding_type=f.finding_type,
                pillar=f.pillar,
                clause=f.clause,
                severity=f.severity,
                title=f.title,
                action_status=f.action_status,
                due_date=f.due_date,
                open=f.open,
            )
            for f in audit.findings
        ]
        if audit.findings is not None
        else None,
    )


def _photo(card: PhotoCard) -> PhotoOut:
    p = card.photo
    return PhotoOut(
        id=p.pk,
        order=p.inspection.order.number,
        inspection=p.inspection.report_number,
        inspection_type=p.inspection.inspection_type,
        received_at=p.received_at,
        taken_at=p.taken_at,
        side=p.side,
        golden_sample=p.is_golden,
        time_ok=p.time_ok,
        place_ok=p.place_ok,
        distance_km=float(p.distance_km) if p.distance_km is not None else None,
        no_exif=p.no_exif,
        reused=p.reused_from_id is not None,
        image_url=reverse("api:evidence_photo_image", args=[p.pk]),
        thumbnail_url=reverse("api:evidence_photo_thumbnail", args=[p.pk]),
    )


def _photo_page(scope: PortalScope, photos: Any, page: int) -> PhotoPage:
    paginator = Paginator(photos, PAGE_SIZE)
    current = paginator.get_page(page)
    cards = selectors.feed_cards(scope=scope, photos=current.object_list)
    return PhotoPage(
        count=paginator.count,
        page=current.number,
        pages=max(1, math.ceil(paginator.count / PAGE_SIZE)),
        items=[_photo(c) for c in cards],
    )


# --------------------------------------------------------------------------- endpoints


@router.get("/orders", response=OrderPage, summary="Your organisation's orders, newest first")
def list_orders(request: HttpRequest, query: Query[OrderQuery]) -> OrderPage:
    scope = _scope(request)
    orders = selectors.portal_orders(
        scope=scope, filters=PortalFilters(status=query.status, q=query.q)
    )
    paginator = Paginator(orders, PAGE_SIZE)
    current = paginator.get_page(query.page)
    rows = selectors.order_rows(scope=scope, orders=list(current.object_list))
    return OrderPage(
        count=paginator.count,
        page=current.number,
        pages=max(1, math.ceil(paginator.count / PAGE_SIZE)),
        items=[OrderOut(**_order(r, scope)) for r in rows],
    )


@router.get(
    "/orders/{number}",
    response=OrderDetailOut,
    summary="One order: timeline, facility, certificates, audit, gate, inspections",
)
def get_order(request: HttpRequest, number: str) -> OrderDetailOut:
    scope = _scope(request)
    view = selectors.order_view(scope=scope, number=number)
    summary = selectors.inspection_summaries(scope=scope, orders=[view.order])[view.order.pk]
    row = OrderRow(
        order=view.order, supplier_name=view.supplier_name, gate=view.gate, inspections=summary
    )
    base = _order(row, scope)
    base["units"] = sum(line.quantity for line in view.lines)
    return OrderDetailOut(
        **base,
        lines=[
            LineOut(sku=line.product.sku, product=line.product.name, quantity=line.quantity)
            for line in view.lines
        ],
        timeline=[TimelineOut(status=s["status"], at=s["at"]) for s in view.timeline],
        certificates=[
            CertificateOut(
                scheme=c["certificate"].scheme,
                number=c["certificate"].number,
                issuer=c["certificate"].issuer,
                valid_from=c["certificate"].valid_from,
                valid_until=c["certificate"].valid_until,
                state=c["status"].state,
                valid=c["status"].state in ("valid", "expiring"),
            )
            for c in view.certificates
        ],
        latest_audit=_audit(view.audit),
        inspection_list=[_inspection(r) for r in view.inspections],
        photo_count=view.photo_count,
        sharing=SharingOut(
            audit_details=scope.sharing.share_audit_details,
            supplier_name=scope.sharing.share_supplier_name,
        ),
    )


@router.get(
    "/orders/{number}/photos", response=PhotoPage, summary="One order's photos, newest first"
)
def order_photos(request: HttpRequest, number: str, page: int = 1) -> PhotoPage:
    scope = _scope(request)
    order = selectors.get_portal_order(scope=scope, number=number)
    return _photo_page(scope, selectors.order_photo_queryset(scope=scope, order=order), page)


@router.get("/photos", response=PhotoPage, summary="Photos of all your orders, newest first")
def photo_feed(request: HttpRequest, page: int = 1) -> PhotoPage:
    scope = _scope(request)
    return _photo_page(scope, selectors.feed_queryset(scope=scope), page)


@router.get(
    "/inspections",
    response=InspectionPage,
    summary="Reviewed inspections of your orders, with verdicts, plans and reports",
)
def list_inspections(request: HttpRequest, query: Query[OrderQuery]) -> InspectionPage:
    scope = _scope(request)
    inspections = selectors.portal_inspections(
        scope=scope, filters=PortalFilters(status=query.status, q=query.q)
    )
    paginator = Paginator(inspections, PAGE_SIZE)
    current = paginator.get_page(query.page)
    rows = selectors.inspection_rows(list(current.object_list))
    return InspectionPage(
        count=paginator.count,
        page=current.number,
        pages=max(1, math.ceil(paginator.count / PAGE_SIZE)),
        items=[_inspection(r) for r in rows],
    )
