"""Reads of the customer portal, scoped to one customer organisation.

Every read starts from a `PortalScope`: the customer, the user whose scope is applied (the
customer's own user, or for an operator's preview an unsaved stand-in customer user of that
organisation, so the other apps' selectors apply exactly the customer's scope), and what the
operator shares with that customer. The scope is made from the acting user, never from a URL
id: a customer user always gets its own organisation; an operator may preview a customer by
code; anyone else gets a 404.

The rows come through the other apps' selectors (`orders.selectors.order_list` and
`get_order_for_user`, `inspections.selectors.order_inspections` and `inspection_queryset`,
`evidence.selectors.photo_queryset`, `photo_cards` and `golden_comparison`,
`facilities.selectors.facility_certificates`); the audit summary, which the audits app does
not offer to customers, is read here, for the facilities of the customer's own orders only.
Pages read in a fixed number of queries whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sourceproof.accounts.models import Organisation, OrganisationKind, Role, User
from sourceproof.accounts.permissions import Action, can, require
from sourceproof.audits.models import (
    ACTION_OPEN_STATUSES,
    COMPLETED_AUDIT_STATUSES,
    Audit,
    Finding,
    FindingStatus,
    FindingType,
    Severity,
)
from sourceproof.evidence.models import Photo
from sourceproof.evidence.selectors import (
    GoldenComparison,
    PhotoCard,
    golden_comparison,
    photo_cards,
    photo_queryset,
)
from sourceproof.facilities.selectors import facility_certificates
from sourceproof.inspections.models import Inspection, InspectionType
from sourceproof.inspections.selectors import inspection_queryset, order_inspections
from sourceproof.inspections.verdict import PlanSnapshot
from sourceproof.orders.gate import GateVerdict
from sourceproof.orders.models import OrderStatus, PurchaseOrder
from sourceproof.orders.selectors import (
    OrderFilters,
    get_order_for_user,
    order_lines,
    order_list,
    order_status_timeline,
)
from sourceproof.portal.models import (
    DEFAULT_SHARE_AUDIT_DETAILS,
    DEFAULT_SHARE_SUPPLIER_NAME,
    CustomerSharing,
    PreviewStandIn,
)
from sourceproof.reports.inspection import attach_inspection_reports, inspection_report_for

ORDER_PAGE_SIZE = 25
PHOTO_PAGE_SIZE = 24
_CHUNK = 2000

# --------------------------------------------------------------------------- scope


@dataclass(frozen=True)
class SharingSettings:
    """What the customer is shown beyond the baseline (docs/portal.md)."""

    share_audit_details: bool = DEFAULT_SHARE_AUDIT_DETAILS
    share_supplier_name: bool = DEFAULT_SHARE_SUPPLIER_NAME
    updated_at: dt.datetime | None = None
    updated_by: str = ""

    @classmethod
    def of(cls, row: CustomerSharing | None) -> SharingSettings:
        if row is None:
            return cls()
        return cls(
            share_audit_details=row.share_audit_details,
            share_supplier_name=row.share_supplier_name,
            updated_at=row.updated_at,
            updated_by=str(row.updated_by) if row.updated_by else "",
        )


def sharing_for(*, customer: Organisation) -> SharingSettings:
    row = CustomerSharing.objects.select_related("updated_by").filter(customer=customer).first()
    return SharingSettings.of(row)


@dataclass(frozen=True)
class PortalScope:
    """Whose portal is shown, through whose scope, with what shared.

    `viewer` is the user every other app's selector is called with: the customer user
    itself, or in a preview an unsaved stand-in with the customer-user role in the
    customer's organisation (it has no primary key, so no service accepts it)."""

    customer: Organisation
    viewer: User
    sharing: SharingSettings
    actor: User  # the person logged in
    preview: bool = False

    @property
    def code(self) -> str:
        return self.customer.code


def portal_scope(*, user: User) -> PortalScope:
    """A customer user's own portal (404 for every other role)."""
    require(user, Action.VIEW_PORTAL)
    customer = user.organisation
    if customer.kind != OrganisationKind.CUSTOMER:
        raise Http404("Not found.")
    return PortalScope(
        customer=customer, viewer=user, sharing=sharing_for(customer=customer), actor=user
    )


def preview_stand_in(customer: Organisation) -> User:
    """An unsaved customer user of `customer`: the scope the customer's own users have."""
    return PreviewStandIn(
        email=f"preview@{customer.code}.invalid",
        full_name=customer.name,
        role=Role.CUSTOMER_USER,
        organisation=customer,
        is_active=True,
    )


def preview_scope(*, user: User, customer_code: str) -> PortalScope:
    """An operator's read-only preview of a customer's portal (404 for other roles and for
    a code that is not a customer's)."""
    require(user, Action.PREVIEW_PORTAL)
    customer = Organisation.objects.filter(
        kind=OrganisationKind.CUSTOMER, code=customer_code
    ).first()
    if customer is None:
        raise Http404("Not found.")
    return PortalScope(
        customer=customer,
        viewer=preview_stand_in(customer),
        sharing=sharing_for(customer=customer),
        actor=user,
        preview=True,
    )


def sharing_overview(*, user: User) -> list[dict[str, Any]]:
    """Every customer with its settings (operator roles that may preview or manage)."""
    if not (can(user, Action.PREVIEW_PORTAL) or can(user, Action.MANAGE_SHARING)):
        raise Http404("Not found.")
    rows = {s.customer_id: s for s in CustomerSharing.objects.select_related("updated_by").all()}
    customers = Organisation.objects.filter(kind=OrganisationKind.CUSTOMER).order_by("name")
    order_counts = dict(
        PurchaseOrder.objects.order_by()
        .values("customer_id")
        .annotate(n=Count("id"))
        .values_list("customer_id", "n")
    )
    return [
        {
            "customer": c,
            "sharing": SharingSettings.of(rows.get(c.pk)),
            "has_row": c.pk in rows,
            "orders": order_counts.get(c.pk, 0),
        }
        for c in customers
    ]


def customer_for_sharing(*, user: User, code: str) -> Organisation:
    """A customer organisation by code for the roles that manage sharing (else 404)."""
    require(user, Action.MANAGE_SHARING)
    customer = Organisation.objects.filter(kind=OrganisationKind.CUSTOMER, code=code).first()
    if customer is None:
        raise Http404("Not found.")
    return customer


# --------------------------------------------------------------------------- supplier name

_VISIBLE_ATTR = "_portal_supplier_name_visible"


def supplier_name_visible(*, user: Any) -> bool:
    """Whether `user` may read supplier names anywhere (pages, API, exports).

    True for every role except a customer user, who sees them only when the operator shares
    them with its organisation (`CustomerSharing.share_supplier_name`, off by default).
    Anonymous: False. One query for a customer user, then kept on the user object for the
    rest of the request (the request's user is the same object throughout).
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.role != Role.CUSTOMER_USER:
        return True
    cached = getattr(user, _VISIBLE_ATTR, None)
    if cached is not None:
        return bool(cached)
    shared = (
        CustomerSharing.objects.filter(customer_id=user.organisation_id)
        .values_list("share_supplier_name", flat=True)
        .first()
    )
    visible = DEFAULT_SHARE_SUPPLIER_NAME if shared is None else bool(shared)
    setattr(user, _VISIBLE_ATTR, visible)
    return visible


def supplier_name_or_none(*, user: Any, name: str) -> str | None:
    """`name` when the user may read supplier names, else None (the API's null)."""
    return name if supplier_name_visible(user=user) else None


SUPPLIER_STAND_IN = "The supplier"  # the gate's reasons are stored in English


def without_supplier_name(text: str, *, supplier_name: str) -> str:
    """`text` with the supplier's legal name replaced by "the supplier".

    The sourcing gate's stored reasons name the supplier (the code-of-ethics rule: "<legal
    name> signed the code of ethics v3 …"); a reader who may not see supplier names gets
    them without it."""
    if not supplier_name or supplier_name not in text:
        return text
    if text.startswith(supplier_name):
        text = SUPPLIER_STAND_IN + text[len(supplier_name) :]
    return text.replace(supplier_name, SUPPLIER_STAND_IN.lower())


def gate_dict_for_reader(data: Any, *, supplier_name: str, visible: bool) -> Any:
    """A stored gate verdict (or any JSON-like value holding rule reasons) with every
    `reason` stripped of the supplier's name unless `visible`."""
    if visible or not data:
        return data
    if isinstance(data, dict):
        return {
            k: (
                without_supplier_name(v, supplier_name=supplier_name)
                if k == "reason" and isinstance(v, str)
                else gate_dict_for_reader(v, supplier_name=supplier_name, visible=False)
            )
            for k, v in data.items()
        }
    if isinstance(data, list):
        return [gate_dict_for_reader(v, supplier_name=supplier_name, visible=False) for v in data]
    return data


# --------------------------------------------------------------------------- gate


@dataclass(frozen=True)
class GateAtConfirmation:
    """The sourcing gate's verdict kept on the order when it was confirmed."""

    verdict: GateVerdict
    exception_reason: str = ""
    exception_granted_at: dt.datetime | None = None
    exception_expires_at: dt.datetime | None = None

    @property
    def under_exception(self) -> bool:
        return not self.verdict.passed and bool(self.exception_reason)

    @property
    def label(self) -> str:
        if self.verdict.passed:
            return _("passed")
        if self.under_exception:
            return _("confirmed under an exception")
        return _("failed")


def _moment(value: Any) -> dt.datetime | None:
    if isinstance(value, str) and value:
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            return None
    return None


def gate_at_confirmation(
    order: PurchaseOrder, *, show_supplier_name: bool = True
) -> GateAtConfirmation | None:
    """The stored verdict; without the supplier's name in its reasons unless shown."""
    stored = order.gate_verdict
    if stored and not show_supplier_name:
        stored = gate_dict_for_reader(
            stored, supplier_name=order.facility.supplier.legal_name, visible=False
        )
    if not stored:
        return None
    exception = stored.get("exception") or {}
    return GateAtConfirmation(
        verdict=GateVerdict.from_dict(stored),
        exception_reason=str(exception.get("reason", "")),
        exception_granted_at=_moment(exception.get("granted_at")),
        exception_expires_at=_moment(exception.get("expires_at")),
    )


# --------------------------------------------------------------------------- orders


@dataclass(frozen=True)
class PortalFilters:
    status: str = ""
    q: str = ""  # part of the order number


@dataclass(frozen=True)
class InspectionSummary:
    reviewed: int = 0
    latest_verdict: str = ""
    latest_type: str = ""
    latest_report_number: str = ""


@dataclass(frozen=True)
class OrderRow:
    order: PurchaseOrder
    supplier_name: str  # empty unless shared
    gate: GateAtConfirmation | None
    inspections: InspectionSummary


def portal_orders(*, scope: PortalScope, filters: PortalFilters | None = None) -> QuerySet[Any]:
    """The customer's orders, newest first, filtered (drafts included: the customer placed
    them; the gate's verdict is shown once the order is confirmed)."""
    filters = filters or PortalFilters()
    return order_list(user=scope.viewer, filters=OrderFilters(status=filters.status, q=filters.q))


def _supplier_name(scope: PortalScope, order: PurchaseOrder) -> str:
    return order.facility.supplier.legal_name if scope.sharing.share_supplier_name else ""


def inspection_summaries(
    *, scope: PortalScope, orders: Sequence[PurchaseOrder]
) -> dict[int, InspectionSummary]:
    """Reviewed inspections per order (count and the latest verdict): one query per 2,000."""
    ids = [o.pk for o in orders]
    found: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    for start in range(0, len(ids), _CHUNK):
        rows = (
            inspection_queryset(user=scope.viewer)
            .filter(order_id__in=ids[start : start + _CHUNK])
            .order_by("order_id", "planned_date", "id")
            .values_list("order_id", "final_verdict", "inspection_type", "report_number")
        )
        for order_id, verdict, kind, number in rows:
            found[order_id].append((str(verdict or ""), str(kind), str(number)))
    summaries = {}
    for pk in ids:
        seen = found.get(pk, [])
        last = seen[-1] if seen else ("", "", "")
        summaries[pk] = InspectionSummary(
            reviewed=len(seen),
            latest_verdict=last[0] or "",
            latest_type=last[1] or "",
            latest_report_number=last[2] or "",
        )
    return summaries


def order_rows(*, scope: PortalScope, orders: Sequence[PurchaseOrder]) -> list[OrderRow]:
    """What the list shows per order (one query for the inspections of the page)."""
    summaries = inspection_summaries(scope=scope, orders=orders)
    return [
        OrderRow(
            order=o,
            supplier_name=_supplier_name(scope, o),
            gate=gate_at_confirmation(o, show_supplier_name=scope.sharing.share_supplier_name),
            inspections=summaries[o.pk],
        )
        for o in orders
    ]


def status_choices() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in OrderStatus.choices]


# --------------------------------------------------------------------------- audits


@dataclass(frozen=True)
class FindingLine:
    reference: str
    finding_type: str
    pillar: str
    clause: str
    severity: str
    severity_label: str
    title: str
    action_status: str
    due_date: dt.date | None
    open: bool


@dataclass(frozen=True)
class AuditSummary:
    """The latest completed audit of a facility: what every customer of it sees, and the
    findings only when shared (`findings` is None when not shared)."""

    reference: str
    date: dt.date | None
    standard: str
    standard_label: str
    pillars: int | None
    bsci_grade: str
    open_by_severity: dict[str, int]
    findings: list[FindingLine] | None = None

    @property
    def open_total(self) -> int:
        return sum(self.open_by_severity.values())

    def open_counts(self) -> list[tuple[str, str, int]]:
        """(severity, label, count) for every severity, critical first."""
        return [
            (value, str(label), self.open_by_severity.get(value, 0))
            for value, label in Severity.choices
        ]


def _open_q() -> Q:
    return Q(status=FindingStatus.RECORDED, finding_type=FindingType.NON_COMPLIANCE) & (
        Q(corrective_action__isnull=True) | Q(corrective_action__status__in=ACTION_OPEN_STATUSES)
    )


def audit_summaries(*, facility_ids: Iterable[int], with_findings: bool) -> dict[int, AuditSummary]:
    """The latest completed audit per facility, with its open findings counted by severity,
    and every recorded finding when `with_findings`. Three queries per 2,000 facilities.
    The facilities must be in the caller's scope (the facilities of the customer's orders)."""
    ids = list(dict.fromkeys(facility_ids))
    latest: dict[int, Audit] = {}
    for start in range(0, len(ids), _CHUNK):
        audits = (
            Audit.objects.filter(
                facility_id__in=ids[start : start + _CHUNK], status__in=COMPLETED_AUDIT_STATUSES
            )
            .order_by("facility_id", F("end_date").desc(nulls_last=True), "-id")
            .only("pk", "facility_id", "reference", "end_date", "standard", "pillars", "bsci_grade")
        )
        for audit in audits:
            latest.setdefault(audit.facility_id, audit)
    audit_ids = [a.pk for a in latest.values()]
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    lines: dict[int, list[FindingLine]] = defaultdict(list)
    for start in range(0, len(audit_ids), _CHUNK):
        chunk = audit_ids[start : start + _CHUNK]
        rows = (
            Finding.objects.filter(_open_q(), audit_id__in=chunk)
            .order_by()
            .values_list("audit_id", "severity")
            .annotate(n=Count("id"))
        )
        for audit_id, severity, n in rows:
            counts[audit_id][severity] = n
        if with_findings:
            findings = (
                Finding.objects.filter(audit_id__in=chunk, status=FindingStatus.RECORDED)
                .select_related("corrective_action")
                .annotate(is_open=Count("id", filter=_open_q()))
                .order_by("audit_id", "number")
            )
            for f in findings:
                action = getattr(f, "corrective_action", None)
                lines[f.audit_id].append(
                    FindingLine(
                        reference=f.reference,
                        finding_type=f.get_finding_type_display(),
                        pillar=f.get_pillar_display(),
                        clause=f.get_clause_display(),
                        severity=f.severity,
                        severity_label=f.get_severity_display(),
                        title=f.title,
                        action_status=action.get_status_display() if action else "",
                        due_date=action.due_date if action else None,
                        open=bool(f.is_open),
                    )
                )
    return {
        facility_id: AuditSummary(
            reference=a.reference,
            date=a.end_date,
            standard=a.standard,
            standard_label=a.get_standard_display(),
            pillars=a.pillars,
            bsci_grade=a.bsci_grade,
            open_by_severity=counts.get(a.pk, {}),
            findings=lines.get(a.pk, []) if with_findings else None,
        )
        for facility_id, a in latest.items()
    }


# --------------------------------------------------------------------------- one order


@dataclass(frozen=True)
class InspectionRow:
    inspection: Inspection
    plan: PlanSnapshot | None
    report_number: str  # the issued PDF's number, empty while it is being prepared
    report_sha256: str


@dataclass(frozen=True)
class OrderView:
    """Everything the order page (and the API's order detail) shows, read in a fixed number
    of queries."""

    order: PurchaseOrder
    supplier_name: str
    lines: list[Any]
    timeline: list[dict[str, Any]]
    certificates: list[dict[str, Any]]
    audit: AuditSummary | None
    gate: GateAtConfirmation | None
    inspections: list[InspectionRow]
    psi: Inspection | None  # the latest reviewed pre-shipment inspection
    golden: GoldenComparison | None
    photo_count: int = 0
    sharing: SharingSettings = field(default_factory=SharingSettings)


def get_portal_order(*, scope: PortalScope, number: str) -> PurchaseOrder:
    """One of the customer's orders by number, or 404 (whatever the number says)."""
    return get_order_for_user(user=scope.viewer, number=number)


def inspection_rows(inspections: list[Inspection]) -> list[InspectionRow]:
    attach_inspection_reports(inspections)
    rows = []
    for i in inspections:
        report = inspection_report_for(inspection=i)
        rows.append(
            InspectionRow(
                inspection=i,
                plan=PlanSnapshot.from_dict(i.plan_snapshot) if i.plan_snapshot else None,
                report_number=report.number if report else "",
                report_sha256=report.sha256 if report else "",
            )
        )
    return rows


def order_view(*, scope: PortalScope, number: str) -> OrderView:
    order = get_portal_order(scope=scope, number=number)
    inspections = order_inspections(user=scope.viewer, order=order)
    psis = [i for i in inspections if i.inspection_type == InspectionType.PSI]
    psi = psis[-1] if psis else None
    audits = audit_summaries(
        facility_ids=[order.facility_id], with_findings=scope.sharing.share_audit_details
    )
    return OrderView(
        order=order,
        supplier_name=_supplier_name(scope, order),
        lines=order_lines(order=order),
        timeline=order_status_timeline(order=order),
        certificates=facility_certificates(order.facility),
        audit=audits.get(order.facility_id),
        gate=gate_at_confirmation(order, show_supplier_name=scope.sharing.share_supplier_name),
        inspections=inspection_rows(inspections),
        psi=psi,
        golden=golden_comparison(user=scope.viewer, inspection=psi) if psi else None,
        photo_count=order_photo_queryset(scope=scope, order=order).count(),
        sharing=scope.sharing,
    )


# --------------------------------------------------------------------------- photos


def feed_queryset(*, scope: PortalScope) -> QuerySet[Photo]:
    """Every photo of the customer's reviewed inspections, newest first."""
    return (
        photo_queryset(user=scope.viewer)
        .select_related(
            "inspection",
            "inspection__order",
            "checkpoint_result",
            "defect_record",
            "defect_record__defect_type",
            "golden_sample",
            "reused_from",
            "reused_from__inspection",
        )
        .order_by("-received_at", "-id")
    )


def order_photo_queryset(*, scope: PortalScope, order: PurchaseOrder) -> QuerySet[Photo]:
    """The photos of one order (already read through the scope) newest first."""
    return feed_queryset(scope=scope).filter(inspection__order=order)


def feed_cards(*, scope: PortalScope, photos: Iterable[Photo]) -> list[PhotoCard]:
    """Cards with the evidence badges for one page of photos (one query)."""
    return photo_cards(user=scope.viewer, photos=list(photos))


# --------------------------------------------------------------------------- export


def export_orders(*, scope: PortalScope, filters: PortalFilters | None = None) -> list[OrderRow]:
    """Every order of the list (filters applied) with what the export needs."""
    return order_rows(scope=scope, orders=list(portal_orders(scope=scope, filters=filters)))


def portal_inspections(
    *, scope: PortalScope, filters: PortalFilters | None = None
) -> QuerySet[Inspection]:
    """The reviewed inspections of the listed orders (the list's filters), by order and date."""
    orders = portal_orders(scope=scope, filters=filters).order_by().values("pk")
    return (
        inspection_queryset(user=scope.viewer)
        .filter(order_id__in=orders)
        .select_related("order", "facility", "product_category")
        .order_by("order__number", "planned_date", "id")
    )


def export_inspections(
    *, scope: PortalScope, filters: PortalFilters | None = None
) -> list[InspectionRow]:
    return inspection_rows(list(portal_inspections(scope=scope, filters=filters)))


# --------------------------------------------------------------------------- dashboard

_PANEL_ITEMS = 5


def dashboard_panels(*, user: User) -> list[dict[str, Any]]:
    """Customers: their latest inspection verdicts and production photos. Operator roles who
    may preview: the customers and what is shared with each."""
    if can(user, Action.VIEW_PORTAL):
        return _customer_panels(portal_scope(user=user))
    if can(user, Action.PREVIEW_PORTAL):
        overview = sharing_overview(user=user)
        shared = [r for r in overview if r["has_row"]]
        return [
            {
                "key": "portal-sharing",
                "title": _("Customer portal: what is shared"),
                "count": len(overview),
                "items": [
                    {
                        "label": r["customer"].name,
                        "url": reverse("portal:preview_order_list", args=[r["customer"].code]),
                        "note": _sharing_note(r["sharing"]),
                    }
                    for r in (shared or overview)[:_PANEL_ITEMS]
                ],
                "url": reverse("portal:sharing"),
                "tone": "ok",
            }
        ]
    return []


def _sharing_note(sharing: SharingSettings) -> str:
    parts = []
    if sharing.share_audit_details:
        parts.append(_("audit details"))
    if sharing.share_supplier_name:
        parts.append(_("supplier name"))
    return _("shares %(what)s") % {"what": ", ".join(parts)} if parts else _("baseline only")


def _customer_panels(scope: PortalScope) -> list[dict[str, Any]]:
    since = timezone.now() - dt.timedelta(days=30)
    reviewed = inspection_queryset(user=scope.viewer).select_related("order")
    recent = reviewed.filter(reviewed_at__gte=since)
    failed = recent.filter(final_verdict="fail").count()
    verdicts = {
        "key": "portal-verdicts",
        "title": _("Inspection verdicts (30 days)"),
        "count": recent.count(),
        "items": [
            {
                "label": f"{i.order.number} · {i.get_inspection_type_display()}",
                "url": reverse("portal:order_detail", args=[i.order.number]),
                "note": i.get_final_verdict_display() if i.final_verdict else "",
            }
            for i in reviewed.order_by(F("reviewed_at").desc(nulls_last=True), "-id")[:_PANEL_ITEMS]
        ],
        "url": reverse("portal:order_list"),
        "tone": "bad" if failed else "ok",
    }
    photos = feed_queryset(scope=scope)
    week = photos.filter(received_at__gte=timezone.now() - dt.timedelta(days=7))
    photo_panel = {
        "key": "portal-photos",
        "title": _("Production photos (7 days)"),
        "count": week.count(),
        "items": [
            {
                "label": f"{p.inspection.order.number} · {p.inspection.report_number}",
                "url": reverse("portal:order_photos", args=[p.inspection.order.number]),
                "note": timezone.localtime(p.received_at).strftime("%Y-%m-%d %H:%M"),
            }
            for p in photos[:_PANEL_ITEMS]
        ],
        "url": reverse("portal:photo_feed"),
        "tone": "ok",
    }
    return [verdicts, photo_panel]
