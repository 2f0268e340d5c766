"""Reads of inspections, scoped by the acting user.

Scope: operator roles see every inspection, except an inspector, who sees only those
assigned to them; a customer user sees the reviewed inspections of its organisation's
orders; a supplier user the reviewed inspections at its facilities; anyone else nothing
(404).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Q, QuerySet
from django.http import Http404

from sourceproof.accounts.models import Organisation, OrganisationKind, Role, User
from sourceproof.accounts.permissions import Action, can, require
from sourceproof.core.models import ChangeRecord
from sourceproof.facilities.models import Facility, Supplier
from sourceproof.inspections import evaluation
from sourceproof.inspections import verdict as pure
from sourceproof.inspections.models import (
    CheckpointResult,
    DefectRecord,
    GoldenSample,
    Inspection,
    InspectionStatus,
    InspectionType,
    Verdict,
    VerdictOverride,
)
from sourceproof.orders.models import OrderLine, OrderStatus, PurchaseOrder

if TYPE_CHECKING:
    pass

# --------------------------------------------------------------------------- scope


def _supplier_of(user: User) -> Supplier | None:
    try:
        return user.organisation.supplier
    except Supplier.DoesNotExist:
        return None


def inspection_queryset(*, user: User) -> QuerySet[Inspection]:
    """Every inspection the user may see (404 for a role that may see none)."""
    require(user, Action.VIEW_INSPECTIONS)
    inspections = Inspection.objects.all()
    if user.role == Role.INSPECTOR:
        return inspections.filter(inspector_id=user.pk)
    if user.is_operator:
        return inspections
    reviewed = inspections.filter(status=InspectionStatus.REVIEWED)
    # The organisation's orders (facilities) as a subquery rather than a join: the database
    # then starts from the few orders' inspections (the order_id index) instead of every
    # reviewed inspection (SQLite without statistics chose the status index: 0.5 s at
    # 200,000 inspections; docs/inspections.md, "Performance").
    if user.role == Role.SUPPLIER_USER:
        supplier = _supplier_of(user)
        if supplier is None:
            return inspections.none()
        return reviewed.filter(
            facility_id__in=Facility.objects.filter(supplier=supplier).values("pk")
        )
    if user.role == Role.CUSTOMER_USER:
        return reviewed.filter(
            order_id__in=PurchaseOrder.objects.filter(customer_id=user.organisation_id).values("pk")
        )
    return inspections.none()


def sees_everything(user: User) -> bool:
    """Operator roles other than inspectors: they see every inspection, filters included."""
    return user.is_operator and user.role != Role.INSPECTOR


# --------------------------------------------------------------------------- the list


@dataclass(frozen=True)
class InspectionFilters:
    status: str = ""
    inspection_type: str = ""
    facility: str = ""  # facility code
    customer: str = ""  # customer organisation code
    inspector: int | None = None  # user pk
    verdict: str = ""  # the final verdict
    category: str = ""  # product category code
    order: str = ""  # order number
    q: str = ""  # the start of a report or order number (any case); see number_search
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def _filtered(inspections: QuerySet[Inspection], f: InspectionFilters) -> QuerySet[Inspection]:
    if f.status:
        inspections = inspections.filter(status=f.status)
    if f.inspection_type:
        inspections = inspections.filter(inspection_type=f.inspection_type)
    if f.facility:
        inspections = inspections.filter(facility__code=f.facility.strip())
    if f.customer:
        inspections = inspections.filter(order__customer__code=f.customer)
    if f.inspector:
        inspections = inspections.filter(inspector_id=f.inspector)
    if f.verdict:
        inspections = inspections.filter(final_verdict=f.verdict)
    if f.category:
        inspections = inspections.filter(product_category__code=f.category)
    if f.order:
        inspections = inspections.filter(order__number=f.order.strip())
    if f.q.strip():
        inspections = inspections.filter(number_search(f.q))
    if f.date_from:
        inspections = inspections.filter(planned_date__gte=f.date_from)
    if f.date_to:
        inspections = inspections.filter(planned_date__lte=f.date_to)
    return inspections


def _starts_with(field: str, prefix: str) -> Q:
    """`field` starts with `prefix` (case as given), answerable from the field's index.

    PostgreSQL: LIKE 'prefix%' on the varchar_pattern_ops index Django adds beside a unique
    CharField. SQLite: its LIKE ignores case, so it cannot use the (binary) unique index;
    the equivalent range [prefix, prefix with its last character incremented) can, and in
    binary (code point) order it holds exactly the strings starting with the prefix."""
    last = ord(prefix[-1])
    if connection.vendor != "sqlite" or last >= 0x10FFFF:
        return Q(**{f"{field}__startswith": prefix})
    upper = prefix[:-1] + chr(last + 1)
    return Q(**{f"{field}__gte": prefix, f"{field}__lt": upper})


def number_search(text: str) -> Q:
    """The list's search: inspections whose report number or order number starts with the
    text, in upper, lower or the typed case (report numbers are QC-2026-00042, our order
    numbers PO-2026-00042; a customer's own order number keeps its case). Answered from the
    unique indexes on both numbers.

    Text starting with a digit ("00042", "2026-00042") cannot be the start of a number, so
    it is looked for anywhere in either number (a scan of the table: slower on a large
    table, but what such a search means)."""
    text = text.strip()
    if text[:1].isdigit():
        return Q(report_number__icontains=text) | Q(order__number__icontains=text)
    variants = dict.fromkeys([text.upper(), text, text.lower()])
    reports = Q()
    orders = Q()
    for variant in variants:
        reports |= _starts_with("report_number", variant)
        orders |= _starts_with("number", variant)
    # Each half from its own index, united: an OR of the two in one WHERE makes PostgreSQL
    # scan the table (the order half is a subquery, which a bitmap OR cannot use).
    by_report = Inspection.objects.filter(reports).order_by().values("pk")
    by_order = (
        Inspection.objects.filter(order_id__in=PurchaseOrder.objects.filter(orders).values("pk"))
        .order_by()
        .values("pk")
    )
    return Q(pk__in=by_report.union(by_order))


def inspection_list(
    *, user: User, filters: InspectionFilters | None = None
) -> QuerySet[Inspection]:
    """The inspections the user may see, filtered, with what the list shows in one query."""
    inspections = _filtered(inspection_queryset(user=user), filters or InspectionFilters())
    return inspections.select_related(
        "order", "order__customer", "facility", "product_category", "inspector"
    ).order_by("-planned_date", "-id")


def inspection_filter_choices(*, user: User) -> dict[str, list[tuple[Any, str]]]:
    """Options for the list's filters (customers and inspectors for operator roles only)."""
    choices: dict[str, list[tuple[Any, str]]] = {
        "status": [(v, str(label)) for v, label in InspectionStatus.choices],
        "inspection_type": [(v, str(label)) for v, label in InspectionType.choices],
        "verdict": [(v, str(label)) for v, label in Verdict.choices],
        "customer": [],
        "inspector": [],
    }
    if sees_everything(user):
        choices["customer"] = list(
            Organisation.objects.filter(kind=OrganisationKind.CUSTOMER)
            .order_by("name")
            .values_list("code", "name")
        )
        choices["inspector"] = [
            (pk, name or email)
            for pk, name, email in User.objects.filter(role=Role.INSPECTOR, is_active=True)
            .order_by("full_name", "email")
            .values_list("pk", "full_name", "email")
        ]
    return choices


def inspectors() -> QuerySet[User]:
    """Active users with the inspector role (for booking)."""
    return User.objects.filter(role=Role.INSPECTOR, is_active=True).order_by("full_name", "email")


# --------------------------------------------------------------------------- one inspection


def get_inspection_for_user(*, user: User, report_number: str) -> Inspection:
    """One inspection by its report number, or 404 if the user may not see it."""
    found = (
        inspection_queryset(user=user)
        .select_related(
            "order",
            "order__customer",
            "facility",
            "facility__supplier",
            "product_category",
            "inspector",
            "booked_by",
            "reviewed_by",
            "override_by",
            "checklist_template",
            "stream",
        )
        .filter(report_number=report_number)
        .first()
    )
    if found is None:
        raise Http404("Not found.")
    return found


def inspection_lines(*, inspection: Inspection) -> list[OrderLine]:
    """The order lines inspected (all of the order's when none were chosen)."""
    chosen = list(inspection.lines.select_related("product", "product__category").order_by("id"))
    if chosen:
        return chosen
    return list(
        inspection.order.lines.select_related("product", "product__category").order_by("id")
    )


def checkpoint_results(*, inspection: Inspection) -> list[CheckpointResult]:
    return list(
        inspection.checkpoint_results.select_related("recorded_by", "decided_by").order_by(
            "position", "id"
        )
    )


def defect_records(*, inspection: Inspection) -> list[DefectRecord]:
    return list(
        inspection.defect_records.select_related(
            "defect_type", "checkpoint_result", "recorded_by"
        ).order_by("defect_class", "id")
    )


def verdict_overrides(*, inspection: Inspection) -> list[VerdictOverride]:
    return list(inspection.overrides.select_related("by").order_by("-at", "-id"))


def golden_sample_for(*, inspection: Inspection) -> GoldenSample | None:
    return (
        GoldenSample.objects.select_related("approved_by", "approved_in")
        .filter(order_id=inspection.order_id)
        .first()
    )


def order_inspections(*, user: User, order: PurchaseOrder) -> list[Inspection]:
    """The inspections of one order that the user may see (for the order page)."""
    return list(
        inspection_queryset(user=user)
        .filter(order=order)
        .select_related("product_category", "inspector")
        .order_by("planned_date", "id")
    )


@dataclass(frozen=True)
class InspectionView:
    """Everything the detail page (and the API detail) shows of one inspection."""

    inspection: Inspection
    lines: list[OrderLine]
    plan: pure.PlanSnapshot | None
    checkpoints: list[dict[str, Any]]  # result + snapshot spec + measurement flags
    defects: list[DefectRecord]
    verdict: pure.VerdictResult | None
    overrides: list[VerdictOverride]
    golden_sample: GoldenSample | None


def inspection_view(*, inspection: Inspection) -> InspectionView:
    """The inspection with its plan, results, defects, live verdict and golden sample, in a
    fixed number of queries."""
    results = checkpoint_results(inspection=inspection)
    defects = defect_records(inspection=inspection)
    specs = evaluation.snapshot_checkpoints(inspection)
    outcomes = {o.key: o for o in evaluation.checkpoint_outcomes(inspection, results)}
    checkpoints = []
    for result in results:
        outcome = outcomes[result.key]
        spec = specs.get(result.key, {})
        measured = [
            {
                "unit": m.unit,
                "value": m.value,
                "out": pure.is_out_of_tolerance(outcome, m),
            }
            for m in outcome.measurements
        ]
        checkpoints.append(
            {
                "result": result,
                "spec": spec,
                "measurements": measured,
                "out_of_tolerance": sum(1 for m in measured if m["out"]),
            }
        )
    return InspectionView(
        inspection=inspection,
        lines=inspection_lines(inspection=inspection),
        plan=evaluation.plan_of(inspection),
        checkpoints=checkpoints,
        defects=defects,
        verdict=evaluation.evaluate(inspection, results=results, records=defects),
        overrides=verdict_overrides(inspection=inspection),
        golden_sample=golden_sample_for(inspection=inspection),
    )


def inspection_history(*, user: User, inspection: Inspection) -> list[ChangeRecord]:
    """The change log of the inspection, its checkpoint results, defect records, overrides
    and the order's golden sample, newest first; for roles that may see history only."""
    if not can(user, Action.VIEW_HISTORY):
        return []
    types = ContentType.objects.get_for_models(
        Inspection, CheckpointResult, DefectRecord, VerdictOverride, GoldenSample
    )
    ids = {
        CheckpointResult: [
            str(pk) for pk in inspection.checkpoint_results.values_list("pk", flat=True)
        ],
        DefectRecord: [str(pk) for pk in inspection.defect_records.values_list("pk", flat=True)],
        VerdictOverride: [str(pk) for pk in inspection.overrides.values_list("pk", flat=True)],
        GoldenSample: [
            str(pk)
            for pk in GoldenSample.objects.filter(order_id=inspection.order_id).values_list(
                "pk", flat=True
            )
        ],
    }
    condition = Q(content_type=types[Inspection], object_id=str(inspection.pk))
    for model, pks in ids.items():
        if pks:
            condition |= Q(content_type=types[model], object_id__in=pks)
    return list(
        ChangeRecord.objects.filter(condition).select_related("content_type").order_by("-at", "-id")
    )


# --------------------------------------------------------------------------- booking


def bookable_orders(*, user: User) -> QuerySet[PurchaseOrder]:
    """Orders an inspection may be booked for (operator roles who book)."""
    require(user, Action.BOOK_INSPECTIONS)
    return (
        PurchaseOrder.objects.filter(
            status__in=[
                OrderStatus.CONFIRMED,
                OrderStatus.IN_PRODUCTION,
                OrderStatus.SHIPPED,
                OrderStatus.DELIVERED,
            ]
        )
        .select_related("customer", "facility")
        .order_by("-created_at", "-id")
    )


def get_bookable_order(*, user: User, number: str) -> PurchaseOrder:
    found = bookable_orders(user=user).filter(number=number).first()
    if found is None:
        raise Http404("Not found.")
    return found


# --------------------------------------------------------------------------- calendar


@dataclass(frozen=True)
class CalendarDay:
    day: dt.date
    in_month: bool
    is_today: bool
    inspections: list[Inspection]


@dataclass(frozen=True)
class CalendarMonth:
    year: int
    month: int
    weeks: list[list[CalendarDay]]
    previous: tuple[int, int]
    next: tuple[int, int]

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def days_with_inspections(self) -> list[CalendarDay]:
        return [d for week in self.weeks for d in week if d.in_month and d.inspections]


def calendar_month(
    *,
    user: User,
    year: int,
    month: int,
    today: dt.date,
    filters: InspectionFilters | None = None,
) -> CalendarMonth:
    """The month as weeks (Monday first) with the inspections planned each day; one query."""
    weeks_of_days = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first, last = weeks_of_days[0][0], weeks_of_days[-1][-1]
    base = filters or InspectionFilters()
    rows = inspection_list(
        user=user,
        filters=InspectionFilters(**{**base.__dict__, "date_from": first, "date_to": last}),
    ).order_by("planned_date", "report_number")
    by_day: dict[dt.date, list[Inspection]] = {}
    for inspection in rows:
        by_day.setdefault(inspection.planned_date, []).append(inspection)
    weeks = [
        [
            CalendarDay(
                day=day,
                in_month=day.month == month,
                is_today=day == today,
                inspections=by_day.get(day, []),
            )
            for day in week
        ]
        for week in weeks_of_days
    ]
    previous = (year - 1, 12) if month == 1 else (year, month - 1)
    following = (year + 1, 1) if month == 12 else (year, month + 1)
    return CalendarMonth(year=year, month=month, weeks=weeks, previous=previous, next=following)
