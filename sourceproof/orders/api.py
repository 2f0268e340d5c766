"""The orders API at /api/v1/orders: orders, the sourcing gate's verdict, confirmation,
status moves, gate exceptions and products.

Same selectors and services as the pages: an order outside the caller's scope is a 404,
a write the caller's role may not make is a 404 too. A service's ValidationError is a 400
with the messages; a blocked confirmation is a 409 with every failing rule.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status

from sourceproof.accounts.permissions import Action, require
from sourceproof.core.http import acting_user
from sourceproof.core.paging import api_page
from sourceproof.facilities.models import ProductCategory
from sourceproof.orders import selectors, services
from sourceproof.orders.gate import GateVerdict, RuleResult
from sourceproof.orders.models import GateException, OrderStatus, Product, PurchaseOrder
from sourceproof.portal.selectors import (
    gate_dict_for_reader,
    supplier_name_visible,
    without_supplier_name,
)

router = Router(tags=["orders"])


# --------------------------------------------------------------------------- schemas


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


class RuleOut(Schema):
    code: str
    passed: bool
    reason: str
    warning: bool = False


class ExceptionOut(Schema):
    id: int
    order: str
    reason: str
    failing_rules: list[RuleOut]
    granted_by: str
    granted_at: dt.datetime
    expires_at: dt.datetime
    revoked_at: dt.datetime | None
    state: str


class GateOut(Schema):
    order: str
    facility: str
    passed: bool = Field(description="Whether every rule passes now.")
    evaluated_at: dt.datetime
    results: list[RuleOut]
    failures: list[RuleOut]
    active_exception: ExceptionOut | None = Field(
        None, description="An active exception that lets the order through despite failures."
    )
    may_confirm: bool = Field(description="Draft, and the gate passes or an exception covers it.")
    at_confirmation: dict[str, Any] | None = Field(
        None, description="The verdict kept when the order was confirmed, with any exception."
    )


class BlockedOut(Schema):
    detail: str
    failures: list[RuleOut]
    results: list[RuleOut]


class PartyOut(Schema):
    code: str
    name: str


class FacilityOut(Schema):
    code: str
    name: str
    country: str
    supplier: str | None = Field(
        None,
        description="The supplier's legal name; null for a customer user the operator shares "
        "no supplier names with.",
    )


class LineOut(Schema):
    sku: str
    product: str
    quantity: int


class OrderOut(Schema):
    number: str
    status: str
    customer: PartyOut
    facility: FacilityOut
    agreed_ship_date: dt.date
    total_quantity: int
    created_at: dt.datetime
    confirmed_at: dt.datetime | None


class OrderDetailOut(OrderOut):
    notes: str
    lines: list[LineOut]
    gate_at_confirmation: dict[str, Any] | None


class OrderPage(Schema):
    count: int
    page: int
    pages: int
    items: list[OrderOut]
    gate_states_computed_at: dt.datetime | None = Field(
        None,
        description=(
            "With blocked=true: when the stored gate states that the filter reads (the same "
            "as the dashboard's) were computed; null otherwise."
        ),
    )


class LineIn(Schema):
    sku: str
    quantity: int = Field(ge=1)


class OrderIn(Schema):
    customer: str = Field(description="The customer organisation's code.")
    facility: str = Field(description="The facility code.")
    agreed_ship_date: dt.date
    lines: list[LineIn] = Field(min_length=1)
    notes: str = ""


class StatusIn(Schema):
    status: OrderStatus


class ExceptionIn(Schema):
    reason: str = Field(min_length=services.EXCEPTION_REASON_MIN_LENGTH)
    expires_at: dt.datetime


class ExceptionPage(Schema):
    count: int
    page: int
    pages: int
    items: list[ExceptionOut]


class ProductOut(Schema):
    id: int
    sku: str
    name: str
    customer: str
    category: str
    materials: str


class ProductPage(Schema):
    count: int
    page: int
    pages: int
    items: list[ProductOut]


class ProductIn(Schema):
    customer: str = Field(description="The customer organisation's code.")
    sku: str = Field(min_length=1, max_length=60)
    name: str = Field(min_length=1, max_length=200)
    category: str = Field(description="The product category code, e.g. drinkware.")
    materials: str = ""


# --------------------------------------------------------------------------- helpers


def _error(error: ValidationError) -> ErrorOut:
    if hasattr(error, "error_dict"):
        errors = {k: [str(m) for m in v] for k, v in error.message_dict.items()}
        return ErrorOut(detail=" ".join(m for ms in errors.values() for m in ms), errors=errors)
    return ErrorOut(detail=" ".join(error.messages))


def _rules(results: tuple[RuleResult, ...], *, hide_supplier: str = "") -> list[RuleOut]:
    """The rules; with `hide_supplier` (a legal name), their reasons without that name."""
    return [
        RuleOut(**gate_dict_for_reader(r.to_dict(), supplier_name=hide_supplier, visible=False))
        if hide_supplier
        else RuleOut(**r.to_dict())
        for r in results
    ]


def _hidden_supplier(order: PurchaseOrder, user: Any) -> str:
    """The order's supplier's legal name when `user` may not see it (to take out of texts),
    else ""."""
    return "" if supplier_name_visible(user=user) else order.facility.supplier.legal_name


def _order_out(order: PurchaseOrder, *, user: Any) -> dict[str, Any]:
    visible = supplier_name_visible(user=user)
    return {
        "number": order.number,
        "status": order.status,
        "customer": {"code": order.customer.code, "name": order.customer.name},
        "facility": {
            "code": order.facility.code,
            "name": order.facility.name,
            "country": order.facility.country,
            "supplier": order.facility.supplier.legal_name if visible else None,
        },
        "agreed_ship_date": order.agreed_ship_date,
        "total_quantity": getattr(order, "total_quantity", None) or 0,
        "created_at": order.created_at,
        "confirmed_at": order.confirmed_at,
    }


def _order_detail(order: PurchaseOrder, *, user: Any) -> OrderDetailOut:
    lines = selectors.order_lines(order=order)
    data = _order_out(order, user=user)
    data["total_quantity"] = sum(line.quantity for line in lines)
    return OrderDetailOut(
        **data,
        notes=order.notes,
        lines=[
            LineOut(sku=li.product.sku, product=li.product.name, quantity=li.quantity)
            for li in lines
        ],
        gate_at_confirmation=gate_dict_for_reader(
            order.gate_verdict,
            supplier_name=_hidden_supplier(order, user),
            visible=supplier_name_visible(user=user),
        ),
    )


def _exception_out(exception: GateException, *, hide_supplier: str = "") -> ExceptionOut:
    return ExceptionOut(
        id=exception.pk,
        order=exception.order.number,
        reason=without_supplier_name(exception.reason, supplier_name=hide_supplier),
        failing_rules=_rules(
            tuple(RuleResult.from_dict(r) for r in exception.failing_rules),
            hide_supplier=hide_supplier,
        ),
        granted_by=str(exception.granted_by),
        granted_at=exception.created_at,
        expires_at=exception.expires_at,
        revoked_at=exception.revoked_at,
        state=selectors.exception_state(exception),
    )


# --------------------------------------------------------------------------- gate exceptions
# (before /{number} so that "exceptions" and "products" are not read as order numbers)


@router.get("/exceptions", response=ExceptionPage, summary="Gate exceptions (operator roles)")
def list_exceptions(request: HttpRequest, state: str = "active", page: int = 1) -> dict[str, Any]:
    user = acting_user(request)
    if state not in {"active", "expired", "revoked", "all"}:
        state = "active"
    rows = selectors.gate_exception_list(user=user, state="" if state == "all" else state)
    count, number, pages, items = api_page(rows, page)
    return {
        "count": count,
        "page": number,
        "pages": pages,
        "items": [_exception_out(e) for e in items],
    }


# --------------------------------------------------------------------------- products


def _product_out(product: Product) -> ProductOut:
    return ProductOut(
        id=product.pk,
        sku=product.sku,
        name=product.name,
        customer=product.customer.code,
        category=product.category.code,
        materials=product.materials,
    )


@router.get("/products", response=ProductPage, summary="Products in your scope")
def list_products(request: HttpRequest, q: str = "", page: int = 1) -> dict[str, Any]:
    user = acting_user(request)
    count, number, pages, items = api_page(selectors.product_list(user=user, q=q), page)
    return {
        "count": count,
        "page": number,
        "pages": pages,
        "items": [_product_out(p) for p in items],
    }


@router.post("/products", response={201: ProductOut, 400: ErrorOut}, summary="Create a product")
def create_product(request: HttpRequest, payload: ProductIn) -> Status[Any]:
    user = acting_user(request)
    require(user, Action.EDIT_ORDERS)
    customer = selectors.customer_by_code(user=user, code=payload.customer)
    category = ProductCategory.objects.filter(code=payload.category).first()
    if category is None:
        return Status(
            400,
            ErrorOut(
                detail=f"Unknown product category {payload.category!r}.",
                errors={"category": [f"Unknown product category {payload.category!r}."]},
            ),
        )
    try:
        product = services.product_create(
            customer=customer,
            sku=payload.sku,
            name=payload.name,
            category=category,
            materials=payload.materials,
            by=user,
        )
    except ValidationError as error:
        return Status(400, _error(error))
    return Status(201, _product_out(product))


# --------------------------------------------------------------------------- orders


@router.get(
    "",
    response={200: OrderPage, 503: ErrorOut},
    summary="Orders in your scope, filtered and paginated",
    description=(
        "blocked=true reads the stored gate states, like the dashboard's panel (their time in "
        "gate_states_computed_at); a 503 while they are being computed for the first time."
    ),
)
def list_orders(
    request: HttpRequest,
    status: OrderStatus | None = None,
    customer: str = Query("", description="Customer organisation code."),
    facility: str = Query("", description="Facility code."),
    supplier: str = Query("", description="Supplier number."),
    blocked: bool = Query(
        False, description="Only draft orders the gate blocks (as of the stored gate states)."
    ),
    q: str = Query("", description="Part of the order number."),
    page: int = 1,
) -> Any:
    user = acting_user(request)
    require(user, Action.VIEW_ORDERS)
    gate_states = selectors.gate_states_for_reading() if blocked else None
    if blocked and gate_states is None:
        return Status(503, ErrorOut(detail=selectors.being_computed_message()))
    filters = selectors.OrderFilters(
        status=status or "",
        customer_code=customer,
        facility=facility,
        # a customer who may not see supplier names cannot filter by a supplier either
        supplier_number=supplier if supplier_name_visible(user=user) else "",
        blocked=blocked,
        q=q,
    )
    orders = selectors.order_list(user=user, filters=filters, gate_states=gate_states)
    count, number, pages, items = api_page(orders, page)
    return {
        "count": count,
        "page": number,
        "pages": pages,
        "items": [_order_out(o, user=user) for o in items],
        "gate_states_computed_at": gate_states.computed_at if gate_states else None,
    }


@router.post("", response={201: OrderDetailOut, 400: ErrorOut}, summary="Create a draft order")
def create_order(request: HttpRequest, payload: OrderIn) -> Status[Any]:
    user = acting_user(request)
    require(user, Action.EDIT_ORDERS)
    customer = selectors.customer_by_code(user=user, code=payload.customer)
    facility = selectors.facility_by_code(user=user, code=payload.facility)
    lines: list[services.LineInput] = []
    unknown: list[str] = []
    for line in payload.lines:
        try:
            product = selectors.get_product_by_sku(user=user, customer=customer, sku=line.sku)
        except Http404:
            unknown.append(f"{line.sku} is not a product of {customer.name}.")
            continue
        lines.append(services.LineInput(product=product, quantity=line.quantity))
    if unknown:
        return Status(400, ErrorOut(detail=" ".join(unknown), errors={"lines": unknown}))
    try:
        order = services.order_create(
            customer=customer,
            facility=facility,
            lines=lines,
            agreed_ship_date=payload.agreed_ship_date,
            notes=payload.notes,
            by=user,
        )
    except ValidationError as error:
        return Status(400, _error(error))
    return Status(
        201, _order_detail(selectors.get_order_for_user(user=user, number=order.number), user=user)
    )


@router.get("/{number}", response=OrderDetailOut, summary="One order with its lines")
def get_order(request: HttpRequest, number: str) -> OrderDetailOut:
    user = acting_user(request)
    return _order_detail(selectors.get_order_for_user(user=user, number=number), user=user)


def _gate_out(order: PurchaseOrder, verdict: GateVerdict, *, user: Any) -> GateOut:
    exception = selectors.active_exception_for_order(order=order)
    is_draft = order.status == OrderStatus.DRAFT
    hide = _hidden_supplier(order, user)
    return GateOut(
        order=order.number,
        facility=order.facility.code,
        passed=verdict.passed,
        evaluated_at=verdict.evaluated_at,
        results=_rules(verdict.results, hide_supplier=hide),
        failures=_rules(verdict.failures, hide_supplier=hide),
        active_exception=_exception_out(exception, hide_supplier=hide) if exception else None,
        may_confirm=is_draft and (verdict.passed or exception is not None),
        at_confirmation=gate_dict_for_reader(
            order.gate_verdict, supplier_name=hide, visible=not hide
        ),
    )


@router.get("/{number}/gate", response=GateOut, summary="The sourcing gate's verdict now")
def get_gate(request: HttpRequest, number: str) -> GateOut:
    user = acting_user(request)
    order = selectors.get_order_for_user(user=user, number=number)
    return _gate_out(order, selectors.order_gate_verdict(order=order), user=user)


@router.post(
    "/{number}/confirm",
    response={200: OrderDetailOut, 400: ErrorOut, 409: BlockedOut},
    summary="Confirm a draft order through the sourcing gate",
)
def confirm_order(request: HttpRequest, number: str) -> Status[Any]:
    user = acting_user(request)
    order = selectors.get_order_for_user(user=user, number=number)
    require(user, Action.CONFIRM_ORDERS)
    try:
        services.order_confirm(order=order, by=user)
    except services.GateBlocked as blocked:
        return Status(
            409,
            BlockedOut(
                detail=str(blocked),
                failures=_rules(blocked.failures),
                results=_rules(blocked.verdict.results),
            ),
        )
    except ValidationError as error:
        return Status(400, _error(error))
    return Status(
        200, _order_detail(selectors.get_order_for_user(user=user, number=number), user=user)
    )


@router.post(
    "/{number}/status",
    response={200: OrderDetailOut, 400: ErrorOut},
    summary="Move an order to its next status, or cancel it",
)
def set_status(request: HttpRequest, number: str, payload: StatusIn) -> Status[Any]:
    user = acting_user(request)
    order = selectors.get_order_for_user(user=user, number=number)
    require(user, Action.EDIT_ORDERS)
    try:
        services.order_set_status(order=order, status=payload.status, by=user)
    except ValidationError as error:
        return Status(400, _error(error))
    return Status(
        200, _order_detail(selectors.get_order_for_user(user=user, number=number), user=user)
    )


@router.post(
    "/{number}/exceptions",
    response={201: ExceptionOut, 400: ErrorOut},
    summary="Grant a time-limited gate exception (quality manager or admin)",
)
def grant_exception(request: HttpRequest, number: str, payload: ExceptionIn) -> Status[Any]:
    user = acting_user(request)
    order = selectors.get_order_for_user(user=user, number=number)
    require(user, Action.GRANT_GATE_EXCEPTION)
    try:
        exception = services.gate_exception_grant(
            order=order, reason=payload.reason, expires_at=payload.expires_at, by=user
        )
    except ValidationError as error:
        return Status(400, _error(error))
    return Status(201, _exception_out(exception))
