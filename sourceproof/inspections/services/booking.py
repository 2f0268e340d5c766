"""Booking, rescheduling and cancelling inspections."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sourceproof.accounts.models import Role
from sourceproof.accounts.permissions import Action, require
from sourceproof.core.changelog import diff, record_change, snapshot
from sourceproof.core.models import ChangeAction
from sourceproof.inspections.defaults import sampling_defaults
from sourceproof.inspections.models import (
    GeneralLevel,
    Inspection,
    InspectionPolicy,
    InspectionStatus,
    InspectionType,
)
from sourceproof.inspections.services.common import created, lock, refresh
from sourceproof.orders.models import OrderLine, OrderStatus, PurchaseOrder
from sourceproof.sampling import Aql, SamplingError

if TYPE_CHECKING:
    from sourceproof.accounts.models import User

_LEVELS = [GeneralLevel.I, GeneralLevel.II, GeneralLevel.III]
BOOKABLE_ORDER_STATUSES = frozenset(
    {
        OrderStatus.CONFIRMED,
        OrderStatus.IN_PRODUCTION,
        OrderStatus.SHIPPED,
        OrderStatus.DELIVERED,
    }
)


def _next_report_number(today: dt.date) -> str:
    prefix = f"QC-{today.year}-"
    last = (
        Inspection.objects.filter(report_number__startswith=prefix)
        .order_by("-report_number")
        .values_list("report_number", flat=True)
        .first()
    )
    try:
        sequence = int(last[len(prefix) :]) + 1 if last else 1
    except ValueError:
        sequence = Inspection.objects.filter(report_number__startswith=prefix).count() + 1
    return f"{prefix}{sequence:05d}"


def check_aql(value: str, field: str) -> str:
    """One of the standard's AQLs, at most 10 (above 10 an AQL counts nonconformities per
    hundred units, not nonconforming units, which is what inspectors count here)."""
    try:
        aql = Aql.parse(value)
    except SamplingError as error:
        raise ValidationError({field: str(error)}) from None
    if aql.is_per_hundred_only:
        raise ValidationError(
            {
                field: _("AQL %(aql)s counts nonconformities per hundred units; use 10 or less.")
                % {"aql": aql.text}
            }
        )
    return aql.text


def check_level(level: str, policy: InspectionPolicy) -> str:
    if level not in GeneralLevel.values:
        raise ValidationError(
            {
                "level": _(
                    "Use a general inspection level (I, II or III); special levels S-1 to "
                    "S-4 are only for measurement and on-site-test checkpoints."
                )
            }
        )
    if _LEVELS.index(GeneralLevel(level)) < _LEVELS.index(GeneralLevel(policy.minimum_level)):
        raise ValidationError(
            {
                "level": _("The operator's policy requires general level %(level)s or stricter.")
                % {"level": policy.minimum_level}
            }
        )
    return level


def _check_inspector(inspector: User | None) -> None:
    if inspector is None:
        return
    if inspector.role != Role.INSPECTOR or not inspector.is_active:
        raise ValidationError(
            {"inspector": _("%(user)s is not an active inspector.") % {"user": inspector}}
        )


def _lines_and_category(
    order: PurchaseOrder, lines: Sequence[OrderLine] | None
) -> tuple[list[OrderLine], list[OrderLine], int]:
    """(all order lines, the lines inspected, their one product category id)."""
    all_lines = list(order.lines.select_related("product", "product__category").order_by("id"))
    if lines:
        ids = {li.pk for li in lines}
        chosen = [li for li in all_lines if li.pk in ids]
        if len(chosen) != len(ids):
            raise ValidationError({"lines": _("Some lines are not lines of this order.")})
    else:
        chosen = all_lines
    if not chosen:
        raise ValidationError({"lines": _("The order has no lines to inspect.")})
    categories = {li.product.category_id for li in chosen}
    if len(categories) > 1:
        names = sorted({li.product.category.name for li in chosen})
        raise ValidationError(
            {
                "lines": _(
                    "An inspection covers one product category; these lines are "
                    "%(categories)s. Book one inspection per category (choose its lines)."
                )
                % {"categories": ", ".join(names)}
            }
        )
    return all_lines, chosen, categories.pop()


@transaction.atomic
def inspection_book(
    *,
    order: PurchaseOrder,
    inspection_type: str,
    planned_date: dt.date,
    by: User,
    inspector: User | None = None,
    lines: Sequence[OrderLine] | None = None,
    lot_size: int | None = None,
    level: str | None = None,
    major_aql: str | None = None,
    minor_aql: str | None = None,
) -> Inspection:
    """Book an inspection of an order (or some of its lines, all of one product category).

    The lot size defaults to the quantity of the lines; the level and AQLs to the policy,
    the customer's and the products' overrides (`defaults.sampling_defaults`).
    """
    require(by, Action.BOOK_INSPECTIONS)
    if inspection_type not in InspectionType.values:
        raise ValidationError(
            {
                "inspection_type": _("Unknown inspection type %(type)s.")
                % {"type": repr(inspection_type)}
            }
        )
    if order.status not in BOOKABLE_ORDER_STATUSES:
        raise ValidationError(
            {
                "order": _(
                    "Order %(number)s is %(status)s; inspections are booked for confirmed orders."
                )
                % {"number": order.number, "status": order.get_status_display()}
            }
        )
    _check_inspector(inspector)
    all_lines, chosen, category_id = _lines_and_category(order, lines)
    policy = InspectionPolicy.current()
    defaults = sampling_defaults(order=order, lines=chosen)
    quantity = sum(li.quantity for li in chosen)
    lot = lot_size if lot_size is not None else quantity
    if lot < 2:
        raise ValidationError({"lot_size": _("A lot has at least 2 units.")})
    values = {
        "level": check_level(level or defaults.level, policy),
        "major_aql": check_aql(major_aql or defaults.major_aql, "major_aql"),
        "minor_aql": check_aql(minor_aql or defaults.minor_aql, "minor_aql"),
    }
    explicit = bool(lines) and len(chosen) < len(all_lines)
    inspection: Inspection | None = None
    for _attempt in range(5):
        candidate = Inspection(
            report_number=_next_report_number(timezone.localdate()),
            order=order,
            facility_id=order.facility_id,
            product_category_id=category_id,
            inspection_type=inspection_type,
            planned_date=planned_date,
            inspector=inspector,
            booked_by=by,
            lot_size=lot,
            aql_source=defaults.source
            if (major_aql, minor_aql, level) == (None, None, None)
            else "booking",
            **values,
        )
        try:
            with transaction.atomic():
                candidate.save(force_insert=True)
        except IntegrityError:
            continue  # someone took this number meanwhile: take the next one
        inspection = candidate
        break
    if inspection is None:
        raise ValidationError(_("Could not allocate a report number; try again."))
    if explicit:
        inspection.lines.set(chosen)
    changes = created(inspection)
    changes["lines"] = [None, [f"{li.product.sku} x {li.quantity}" for li in chosen]]
    record_change(
        obj=inspection,
        actor=by,
        action=ChangeAction.CREATE,
        changes=changes,
        summary=f"Booked {inspection.get_inspection_type_display()} of {order.number}",
    )
    return inspection


@transaction.atomic
def inspection_update(
    *,
    inspection: Inspection,
    by: User,
    planned_date: dt.date | None = None,
    inspector: User | None = None,
    unassign: bool = False,
    lot_size: int | None = None,
    level: str | None = None,
    major_aql: str | None = None,
    minor_aql: str | None = None,
) -> Inspection:
    """Reschedule, reassign or change the sampling inputs of a planned inspection; arguments
    left at None keep their value."""
    require(by, Action.BOOK_INSPECTIONS)
    locked = lock(inspection)
    if locked.status != InspectionStatus.PLANNED:
        raise ValidationError(
            _("Only a planned inspection can be changed; %(number)s is %(status)s.")
            % {"number": locked.report_number, "status": locked.get_status_display()}
        )
    before = snapshot(locked)
    policy = InspectionPolicy.current()
    if planned_date is not None:
        locked.planned_date = planned_date
    if unassign:
        locked.inspector = None
    elif inspector is not None:
        _check_inspector(inspector)
        locked.inspector = inspector
    if lot_size is not None:
        if lot_size < 2:
            raise ValidationError({"lot_size": _("A lot has at least 2 units.")})
        locked.lot_size = lot_size
    if level is not None:
        locked.level = check_level(level, policy)
    if major_aql is not None:
        locked.major_aql = check_aql(major_aql, "major_aql")
    if minor_aql is not None:
        locked.minor_aql = check_aql(minor_aql, "minor_aql")
    if (level, major_aql, minor_aql) != (None, None, None):
        locked.aql_source = "booking"
    locked.save()
    record_change(
        obj=locked, actor=by, action=ChangeAction.UPDATE, changes=diff(before, snapshot(locked))
    )
    refresh(inspection, locked)
    return inspection


@transaction.atomic
def inspection_cancel(*, inspection: Inspection, reason: str, by: User) -> Inspection:
    """Cancel a planned or running inspection, for a written reason."""
    require(by, Action.BOOK_INSPECTIONS)
    locked = lock(inspection)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the inspection is cancelled.")})
    if locked.status not in {InspectionStatus.PLANNED, InspectionStatus.IN_PROGRESS}:
        raise ValidationError(
            _("A %(status)s inspection cannot be cancelled.")
            % {"status": locked.get_status_display().lower()}
        )
    old = locked.status
    locked.status = InspectionStatus.CANCELLED
    locked.cancelled_at = timezone.now()
    locked.cancel_reason = reason[:300]
    locked.save(update_fields=["status", "cancelled_at", "cancel_reason", "updated_at"])
    record_change(
        obj=locked,
        actor=by,
        action=ChangeAction.EVENT,
        changes={"status": [old, locked.status]},
        summary=f"Cancelled: {reason}"[:300],
    )
    refresh(inspection, locked)
    return inspection
