"""Writes for products, purchase orders and gate exceptions.

Every write checks the acting user's role (`require`: 404 for a role that may not), runs in
one transaction and records the change log. An order reaches `confirmed` only through
`order_confirm`, which runs the sourcing gate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sourceproof.accounts.models import Organisation, OrganisationKind
from sourceproof.accounts.permissions import Action, require
from sourceproof.core.changelog import diff, record_change, snapshot
from sourceproof.core.models import ChangeAction, OperatorPolicy
from sourceproof.facilities.models import Facility, ProductCategory
from sourceproof.orders import selectors
from sourceproof.orders.gate import GateVerdict, RuleResult
from sourceproof.orders.models import (
    GateException,
    OrderLine,
    OrderStatus,
    Product,
    PurchaseOrder,
)

if TYPE_CHECKING:
    from sourceproof.accounts.models import User

EXCEPTION_REASON_MIN_LENGTH = 20

# Where an order may go from each status. draft → confirmed happens only in order_confirm.
TRANSITIONS: dict[str, frozenset[str]] = {
    OrderStatus.DRAFT: frozenset({OrderStatus.CANCELLED}),
    OrderStatus.CONFIRMED: frozenset({OrderStatus.IN_PRODUCTION, OrderStatus.CANCELLED}),
    OrderStatus.IN_PRODUCTION: frozenset({OrderStatus.SHIPPED, OrderStatus.CANCELLED}),
    OrderStatus.SHIPPED: frozenset({OrderStatus.DELIVERED}),
    OrderStatus.DELIVERED: frozenset(),
    OrderStatus.CANCELLED: frozenset(),
}


def _created(obj: Any) -> dict[str, list[Any]]:
    """A new record's fields as changes from nothing, like an update's diff."""
    return {field: [None, value] for field, value in snapshot(obj).items()}


class GateBlocked(Exception):
    """The sourcing gate refuses the order; carries every failing rule at once."""

    def __init__(self, verdict: GateVerdict) -> None:
        self.verdict = verdict
        self.failures: tuple[RuleResult, ...] = verdict.failures
        super().__init__(
            "The sourcing gate blocks this order: " + " ".join(r.reason for r in self.failures)
        )


@dataclass(frozen=True)
class LineInput:
    product: Product
    quantity: int


# --------------------------------------------------------------------------- products


@transaction.atomic
def product_create(
    *,
    customer: Organisation,
    sku: str,
    name: str,
    category: ProductCategory,
    materials: str = "",
    by: User,
) -> Product:
    require(by, Action.EDIT_ORDERS)
    if customer.kind != OrganisationKind.CUSTOMER:
        raise ValidationError({"customer": _("Products belong to a customer organisation.")})
    product = Product(
        customer=customer,
        sku=sku.strip(),
        name=name.strip(),
        category=category,
        materials=materials.strip(),
    )
    product.full_clean()
    product.save()
    record_change(obj=product, actor=by, action=ChangeAction.CREATE, changes=_created(product))
    return product


@transaction.atomic
def product_update(
    *,
    product: Product,
    by: User,
    sku: str | None = None,
    name: str | None = None,
    category: ProductCategory | None = None,
    materials: str | None = None,
) -> Product:
    """Change a product; arguments left at None keep their value. The customer is fixed."""
    require(by, Action.EDIT_ORDERS)
    before = snapshot(product)
    if sku is not None:
        product.sku = sku.strip()
    if name is not None:
        product.name = name.strip()
    if category is not None:
        product.category = category
    if materials is not None:
        product.materials = materials.strip()
    product.full_clean()
    product.save()
    record_change(
        obj=product, actor=by, action=ChangeAction.UPDATE, changes=diff(before, snapshot(product))
    )
    return product


# --------------------------------------------------------------------------- orders


def _normalise_lines(lines: Iterable[LineInput | tuple[Product, int]]) -> list[LineInput]:
    return [
        line if isinstance(line, LineInput) else LineInput(product=line[0], quantity=line[1])
        for line in lines
    ]


def _check_lines(*, customer: Organisation, lines: Sequence[LineInput]) -> None:
    errors: list[str] = []
    if not lines:
        errors.append(_("An order needs at least one line."))
    seen: set[int] = set()
    for line in lines:
        if line.quantity is None or line.quantity < 1:
            errors.append(
                _("%(sku)s: the quantity must be at least 1.") % {"sku": line.product.sku}
            )
        if line.product.customer_id != customer.pk:
            errors.append(
                _("%(sku)s is not a product of %(customer)s.")
                % {"sku": line.product.sku, "customer": customer.name}
            )
        if line.product.pk in seen:
            errors.append(
                _("%(sku)s appears twice; put it on one line.") % {"sku": line.product.sku}
            )
        seen.add(line.product.pk)
    if errors:
        raise ValidationError({"lines": errors})


def _check_customer(customer: Organisation) -> None:
    if customer.kind != OrganisationKind.CUSTOMER:
        raise ValidationError({"customer": _("Orders are placed for a customer organisation.")})


def _lines_repr(lines: Iterable[LineInput | OrderLine]) -> list[str]:
    return [f"{line.product.sku} x {line.quantity}" for line in lines]


def _next_number(today: dt.date) -> str:
    prefix = f"PO-{today.year}-"
    last = (
        PurchaseOrder.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    try:
        sequence = int(last[len(prefix) :]) + 1 if last else 1
    except ValueError:
        sequence = PurchaseOrder.objects.filter(number__startswith=prefix).count() + 1
    return f"{prefix}{sequence:05d}"


@transaction.atomic
def order_create(
    *,
    customer: Organisation,
    facility: Facility,
    lines: Iterable[LineInput | tuple[Product, int]],
    agreed_ship_date: dt.date,
    by: User,
    notes: str = "",
    number: str | None = None,
) -> PurchaseOrder:
    """A draft order. The number is PO-<year>-<sequence> unless one is given."""
    require(by, Action.EDIT_ORDERS)
    _check_customer(customer)
    line_inputs = _normalise_lines(lines)
    _check_lines(customer=customer, lines=line_inputs)
    if number is not None and PurchaseOrder.objects.filter(number=number).exists():
        raise ValidationError(
            {"number": _("An order numbered %(number)s already exists.") % {"number": number}}
        )
    order: PurchaseOrder | None = None
    for _attempt in range(5):
        candidate = PurchaseOrder(
            number=number or _next_number(timezone.localdate()),
            customer=customer,
            facility=facility,
            agreed_ship_date=agreed_ship_date,
            notes=notes,
            created_by=by,
            status=OrderStatus.DRAFT,
        )
        try:
            with transaction.atomic():
                candidate.save(force_insert=True)
        except IntegrityError:
            if number is not None:
                raise
            continue  # someone took this number meanwhile: take the next one
        order = candidate
        break
    if order is None:
        raise ValidationError(_("Could not allocate an order number; try again."))
    OrderLine.objects.bulk_create(
        [OrderLine(order=order, product=li.product, quantity=li.quantity) for li in line_inputs]
    )
    changes = _created(order)
    changes["lines"] = [None, _lines_repr(line_inputs)]
    record_change(obj=order, actor=by, action=ChangeAction.CREATE, changes=changes)
    return order


def _lock(order: PurchaseOrder) -> PurchaseOrder:
    """Re-read the order under a row lock (PostgreSQL) so two writers do not interleave."""
    return (
        PurchaseOrder.objects.select_for_update()
        .select_related("customer", "facility", "facility__supplier")
        .get(pk=order.pk)
    )


@transaction.atomic
def order_update(
    *,
    order: PurchaseOrder,
    by: User,
    customer: Organisation | None = None,
    facility: Facility | None = None,
    agreed_ship_date: dt.date | None = None,
    notes: str | None = None,
    lines: Iterable[LineInput | tuple[Product, int]] | None = None,
) -> PurchaseOrder:
    """Change a draft order; arguments left at None keep their value; `lines` replaces all."""
    require(by, Action.EDIT_ORDERS)
    locked = _lock(order)
    if locked.status != OrderStatus.DRAFT:
        raise ValidationError(
            _("Only a draft order can be edited; %(number)s is %(status)s.")
            % {"number": locked.number, "status": locked.get_status_display()}
        )
    before = snapshot(locked)
    current_lines = list(locked.lines.select_related("product"))
    if customer is not None:
        _check_customer(customer)
        locked.customer = customer
    if facility is not None:
        locked.facility = facility
    if agreed_ship_date is not None:
        locked.agreed_ship_date = agreed_ship_date
    if notes is not None:
        locked.notes = notes
    new_lines = _normalise_lines(lines) if lines is not None else None
    _check_lines(
        customer=locked.customer,
        lines=new_lines
        if new_lines is not None
        else [LineInput(product=li.product, quantity=li.quantity) for li in current_lines],
    )
    locked.save()
    changes = diff(before, snapshot(locked))
    if new_lines is not None:
        old_repr, new_repr = _lines_repr(current_lines), _lines_repr(new_lines)
        if old_repr != new_repr:
            locked.lines.all().delete()
            OrderLine.objects.bulk_create(
                [
                    OrderLine(order=locked, product=li.product, quantity=li.quantity)
                    for li in new_lines
                ]
            )
            changes["lines"] = [old_repr, new_repr]
    record_change(obj=locked, actor=by, action=ChangeAction.UPDATE, changes=changes)
    _refresh(order, locked)
    return order


def _refresh(order: PurchaseOrder, fresh: PurchaseOrder) -> None:
    """Copy a re-read order's state onto the caller's instance."""
    for field in order._meta.concrete_fields:
        setattr(order, field.attname, getattr(fresh, field.attname))
    order.customer = fresh.customer
    order.facility = fresh.facility
    if hasattr(order, "_prefetched_objects_cache"):
        order._prefetched_objects_cache = {}


def _exception_record(exception: GateException) -> dict[str, Any]:
    return {
        "id": exception.pk,
        "reason": exception.reason,
        "granted_by": str(exception.granted_by),
        "granted_by_email": exception.granted_by.email,
        "granted_at": exception.created_at.isoformat(),
        "expires_at": exception.expires_at.isoformat(),
        "failing_rules": exception.failing_rules,
    }


@transaction.atomic
def order_confirm(*, order: PurchaseOrder, by: User) -> PurchaseOrder:
    """Confirm a draft order if the sourcing gate passes or an active exception covers it.

    Raises GateBlocked (with every failing rule) otherwise. The verdict, and the exception
    used if any, are kept on the order as they were at this moment.
    """
    require(by, Action.CONFIRM_ORDERS)
    locked = _lock(order)
    if locked.status != OrderStatus.DRAFT:
        raise ValidationError(
            _("Only a draft order can be confirmed; %(number)s is %(status)s.")
            % {"number": locked.number, "status": locked.get_status_display()}
        )
    if not locked.lines.exists():
        raise ValidationError(_("An order needs at least one line before it can be confirmed."))
    verdict = selectors.order_gate_verdict(order=locked)
    exception = None
    if not verdict.passed:
        exception = selectors.active_exception_for_order(order=locked)
        if exception is None:
            raise GateBlocked(verdict)
    stored = verdict.to_dict()
    stored["exception"] = _exception_record(exception) if exception is not None else None
    now = timezone.now()
    locked.status = OrderStatus.CONFIRMED
    locked.confirmed_at = now
    locked.confirmed_by = by
    locked.gate_verdict = stored
    locked.save(update_fields=["status", "confirmed_at", "confirmed_by", "gate_verdict"])
    if exception is None:
        summary = "Confirmed: the sourcing gate passed."
    else:
        summary = (
            f"Confirmed under gate exception #{exception.pk} granted by {exception.granted_by} "
            f"({len(verdict.failures)} failing rule(s))."
        )
    record_change(
        obj=locked,
        actor=by,
        action=ChangeAction.EVENT,
        changes={
            "status": [OrderStatus.DRAFT, OrderStatus.CONFIRMED],
            "gate_passed": [None, verdict.passed],
            "gate_exception": [None, exception.pk if exception else None],
        },
        summary=summary,
    )
    _refresh(order, locked)
    return order


@transaction.atomic
def order_set_status(*, order: PurchaseOrder, status: str, by: User) -> PurchaseOrder:
    """Move an order along draft → confirmed → in production → shipped → delivered, or cancel
    it (from draft, confirmed or in production). Confirmation goes through order_confirm."""
    require(by, Action.EDIT_ORDERS)
    if status not in OrderStatus.values:
        raise ValidationError({"status": _('Unknown status "%(status)s".') % {"status": status}})
    locked = _lock(order)
    current = locked.status
    if status == OrderStatus.CONFIRMED and current == OrderStatus.DRAFT:
        raise ValidationError(
            {"status": _("A draft order is confirmed through the sourcing gate (confirm it).")}
        )
    if status not in TRANSITIONS[current]:
        allowed = ", ".join(sorted(str(OrderStatus(s).label) for s in TRANSITIONS[current]))
        names = {"current": OrderStatus(current).label, "status": OrderStatus(status).label}
        message = (
            _("An order that is %(current)s cannot become %(status)s; it can become: %(allowed)s.")
            % {**names, "allowed": allowed}
            if allowed
            else _("An order that is %(current)s cannot become %(status)s; it is final.") % names
        )
        raise ValidationError({"status": message})
    locked.status = status
    locked.save(update_fields=["status", "updated_at"])
    record_change(
        obj=locked,
        actor=by,
        action=ChangeAction.EVENT,
        changes={"status": [current, status]},
        summary=f"Status: {OrderStatus(current).label} → {OrderStatus(status).label}",
    )
    _refresh(order, locked)
    return order


# --------------------------------------------------------------------------- gate exceptions


@transaction.atomic
def gate_exception_grant(
    *, order: PurchaseOrder, reason: str, expires_at: dt.datetime, by: User
) -> GateException:
    """Let one draft order through the gate until `expires_at`, for a written reason.

    Only a quality manager or an admin may. The expiry lies in the future, at most
    OperatorPolicy.exception_max_days days ahead (counted in calendar days, local time).
    """
    require(by, Action.GRANT_GATE_EXCEPTION)
    locked = _lock(order)
    errors: dict[str, list[str]] = {}
    reason = (reason or "").strip()
    if len(reason) < EXCEPTION_REASON_MIN_LENGTH:
        errors.setdefault("reason", []).append(
            _("Write down why the exception is justified, in at least %(n)d characters.")
            % {"n": EXCEPTION_REASON_MIN_LENGTH}
        )
    if timezone.is_naive(expires_at):
        expires_at = timezone.make_aware(expires_at)
    now = timezone.now()
    max_days = OperatorPolicy.current().exception_max_days
    last_day = timezone.localdate() + dt.timedelta(days=max_days)
    if expires_at <= now:
        errors.setdefault("expires_at", []).append(_("The expiry must lie in the future."))
    elif timezone.localdate(expires_at) > last_day:
        errors.setdefault("expires_at", []).append(
            _("An exception may run at most %(days)d days: until %(day)s at the latest.")
            % {"days": max_days, "day": f"{last_day:%Y-%m-%d}"}
        )
    if locked.status != OrderStatus.DRAFT:
        errors.setdefault("__all__", []).append(
            _("An exception is only needed before confirmation; this order is %(status)s.")
            % {"status": locked.get_status_display()}
        )
    if errors:
        raise ValidationError(errors)
    verdict = selectors.order_gate_verdict(order=locked)
    if verdict.passed:
        raise ValidationError(_("The order passes the gate; no exception is needed."))
    current = selectors.active_exception_for_order(order=locked)
    if current is not None:
        raise ValidationError(
            _("An exception for this order is already active until %(when)s; revoke it first.")
            % {"when": f"{timezone.localtime(current.expires_at):%Y-%m-%d %H:%M}"}
        )
    exception = GateException.objects.create(
        order=locked,
        reason=reason,
        failing_rules=[r.to_dict() for r in verdict.failures],
        granted_by=by,
        expires_at=expires_at,
    )
    record_change(obj=exception, actor=by, action=ChangeAction.CREATE, changes=_created(exception))
    record_change(
        obj=locked,
        actor=by,
        action=ChangeAction.EVENT,
        changes={"gate_exception": [None, exception.pk]},
        summary=f"Gate exception #{exception.pk} granted until "
        f"{timezone.localtime(expires_at):%Y-%m-%d %H:%M}: {reason}",
    )
    return exception


@transaction.atomic
def gate_exception_revoke(*, exception: GateException, by: User) -> GateException:
    """End an active exception now. An order already confirmed under it stays confirmed."""
    require(by, Action.GRANT_GATE_EXCEPTION)
    locked = GateException.objects.select_for_update().select_related("order").get(pk=exception.pk)
    if locked.revoked_at is not None:
        raise ValidationError(_("This exception is already revoked."))
    if locked.expires_at <= timezone.now():
        raise ValidationError(_("This exception has already expired."))
    before = snapshot(locked)
    locked.revoked_at = timezone.now()
    locked.revoked_by = by
    locked.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
    record_change(
        obj=locked, actor=by, action=ChangeAction.UPDATE, changes=diff(before, snapshot(locked))
    )
    record_change(
        obj=locked.order,
        actor=by,
        action=ChangeAction.EVENT,
        changes={"gate_exception": [locked.pk, None]},
        summary=f"Gate exception #{locked.pk} revoked.",
    )
    exception.revoked_at = locked.revoked_at
    exception.revoked_by = by
    return exception
