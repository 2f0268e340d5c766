"""Pages for products, orders, the confirm screen (the sourcing gate) and gate exceptions.

Thin: parse the request, call a selector or service, render. Every read goes through a
scoped selector, so an order outside the user's scope is a 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sourceproof.accounts.permissions import Action, can, require
from sourceproof.core.http import acting_user
from sourceproof.orders import selectors, services
from sourceproof.orders.forms import (
    GateExceptionForm,
    OrderFilterForm,
    OrderForm,
    OrderStatusForm,
    ProductFilterForm,
    ProductForm,
    line_formset,
)
from sourceproof.orders.gate import GateVerdict
from sourceproof.orders.models import OrderStatus, PurchaseOrder

PAGE_SIZE = 50


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _page(request: HttpRequest, rows: Any) -> Page[Any]:
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def _query_without_page(request: HttpRequest) -> str:
    query: QueryDict = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _add_errors(form: Any, error: ValidationError) -> None:
    """Put a service's ValidationError on the form (fields the form lacks go to the top)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


# --------------------------------------------------------------------------- orders


@login_required
def order_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    require(user, Action.VIEW_ORDERS)
    form = OrderFilterForm(request.GET or None, choices=selectors.order_filter_choices(user=user))
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    filters = selectors.OrderFilters(
        status=data.get("status") or "",
        customer=data.get("customer") or None,
        supplier=data.get("supplier") or None,
        facility=(data.get("facility") or "").strip(),
        blocked=bool(data.get("blocked")),
        q=data.get("q") or "",
    )
    # "Blocked by the gate" reads the stored gate states, as the dashboard panel does (the same
    # orders, its time shown); None while they are being computed on a large database.
    gate_states = selectors.gate_states_for_reading() if filters.blocked else None
    computing = filters.blocked and gate_states is None
    orders = (
        PurchaseOrder.objects.none()
        if computing
        else selectors.order_list(user=user, filters=filters, gate_states=gate_states)
    )
    page = _page(request, orders)
    rows = list(page.object_list)
    drafts = [o for o in rows if o.status == OrderStatus.DRAFT]
    verdicts = selectors.gate_verdicts_for_orders(drafts)
    exceptions = selectors.active_exceptions_for_orders(drafts)
    context = {
        "form": form,
        "page": page,
        "rows": [
            {"order": o, "verdict": verdicts.get(o.pk), "exception": exceptions.get(o.pk)}
            for o in rows
        ],
        "query": _query_without_page(request),
        "can_edit": can(user, Action.EDIT_ORDERS),
        "is_operator": user.is_operator,
        "gate_states_note": (
            selectors.being_computed_message()
            if computing
            else selectors.gate_states_as_of(gate_states)
            if gate_states is not None
            else ""
        ),
        "gate_states_computing": computing,
    }
    template = "orders/order_list.html#results" if _is_htmx(request) else "orders/order_list.html"
    return render(request, template, context)


@login_required
def order_detail(request: HttpRequest, number: str) -> HttpResponse:
    user = acting_user(request)
    order = selectors.get_order_for_user(user=user, number=number)
    verdict_now = selectors.order_gate_verdict(order=order)
    stored = order.gate_verdict or None
    next_statuses = [
        (s, OrderStatus(s).label)
        for s in services.TRANSITIONS[order.status]
        if s != OrderStatus.CONFIRMED
    ]
    context = {
        "order": order,
        "lines": selectors.order_lines(order=order),
        "verdict_now": verdict_now,
        "verdict_stored": GateVerdict.from_dict(stored) if stored else None,
        "exception_used": _exception_used(stored),
        "active_exception": selectors.active_exception_for_order(order=order),
        "exceptions": [
            {"exception": e, "state": selectors.exception_state(e)}
            for e in selectors.order_exceptions(user=user, order=order)
        ],
        "timeline": selectors.order_status_timeline(order=order),
        "history": selectors.order_history(user=user, order=order),
        "can_edit": can(user, Action.EDIT_ORDERS) and order.status == OrderStatus.DRAFT,
        "can_move": can(user, Action.EDIT_ORDERS),
        "can_confirm": can(user, Action.CONFIRM_ORDERS) and order.status == OrderStatus.DRAFT,
        "can_grant": can(user, Action.GRANT_GATE_EXCEPTION),
        "next_statuses": sorted(next_statuses, key=lambda s: s[0] == OrderStatus.CANCELLED),
        "is_draft": order.status == OrderStatus.DRAFT,
    }
    return render(request, "orders/order_detail.html", context)


def _exception_used(stored: dict[str, Any] | None) -> dict[str, Any] | None:
    """The exception kept in a stored verdict, with its moments as datetimes for display."""
    used = (stored or {}).get("exception")
    if not used:
        return None
    shown = dict(used)
    for key in ("granted_at", "expires_at"):
        if isinstance(used.get(key), str):
            shown[key] = dt.datetime.fromisoformat(used[key])
    return shown


def _lines_initial(order: PurchaseOrder) -> list[dict[str, Any]]:
    return [
        {"product": line.product_id, "quantity": line.quantity}
        for line in selectors.order_lines(order=order)
    ]


def _more_lines(request: HttpRequest) -> QueryDict | None:
    """ "More lines" re-renders the form with three more blank lines (works without JS)."""
    if "more_lines" not in request.POST:
        return None
    data = request.POST.copy()
    try:
        total = int(data.get("lines-TOTAL_FORMS", "0"))
    except ValueError:
        total = 0
    data["lines-TOTAL_FORMS"] = str(min(total + 3, 200))
    return data


@login_required
def order_create(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    require(user, Action.EDIT_ORDERS)
    more = _more_lines(request) if request.method == "POST" else None
    data = more if more is not None else (request.POST if request.method == "POST" else None)
    form = OrderForm(data)
    lines = line_formset(data)
    if more is None and request.method == "POST" and form.is_valid() and lines.is_valid():
        try:
            order = services.order_create(
                customer=form.cleaned_data["customer"],
                facility=form.cleaned_data["facility"],
                agreed_ship_date=form.cleaned_data["agreed_ship_date"],
                notes=form.cleaned_data["notes"],
                lines=lines.line_inputs(),
                by=user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Order %(number)s created.") % {"number": order.number})
            return redirect("orders:order_detail", number=order.number)
    status = 400 if request.method == "POST" and more is None else 200
    return render(
        request,
        "orders/order_form.html",
        {"form": form, "lines": lines, "order": None},
        status=status,
    )


@login_required
def order_edit(request: HttpRequest, number: str) -> HttpResponse:
    user = acting_user(request)
    order = selectors.get_order_for_user(user=user, number=number)
    require(user, Action.EDIT_ORDERS)
    if order.status != OrderStatus.DRAFT:
        messages.error(request, _("Only a draft order can be edited."))
        return redirect("orders:order_detail", number=order.number)
    more = _more_lines(request) if request.method == "POST" else None
    data = more if more is not None else (request.POST if request.method == "POST" else None)
    form = OrderForm(
        data,
        initial={
            "customer": order.customer_id,
            "facility": order.facility_id,
            "agreed_ship_date": order.agreed_ship_date,
            "notes": order.notes,
        },
    )
    lines = line_formset(data, initial=_lines_initial(order))
    if more is None and request.method == "POST" and form.is_valid() and lines.is_valid():
        try:
            services.order_update(
                order=order,
                customer=form.cleaned_data["customer"],
                facility=form.cleaned_data["facility"],
                agreed_ship_date=form.cleaned_data["agreed_ship_date"],
                notes=form.cleaned_data["notes"],
                lines=lines.line_inputs(),
                by=user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Order %(number)s saved.") % {"number": order.number})
            return redirect("orders:order_detail", number=order.number)
    status = 400 if request.method == "POST" and more is None else 200
    return render(
        request,
        "orders/order_form.html",
        {"form": form, "lines": lines, "order": order},
        status=status,
    )


@login_required
def order_confirm(request: HttpRequest, number: str) -> HttpResponse:
    """The confirm screen: every gate rule with its reason; confirm only when it passes or an
    active exception covers the order."""
    user = acting_user(request)
    order = selectors.get_order_for_user(user=user, number=number)
    require(user, Action.CONFIRM_ORDERS)
    status = 200
    error = ""
    if request.method == "POST":
        try:
            services.order_confirm(order=order, by=user)
        except services.GateBlocked:
            status = 409
            error = _("The sourcing gate blocks this order. Every failing rule is listed below.")
        except ValidationError as exc:
            status = 400
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Order %(number)s confirmed.") % {"number": order.number})
            return redirect("orders:order_detail", number=order.number)
    verdict = selectors.order_gate_verdict(order=order)
    exception = selectors.active_exception_for_order(order=order)
    context = {
        "order": order,
        "verdict": verdict,
        "exception": exception,
        "error": error,
        "is_draft": order.status == OrderStatus.DRAFT,
        "may_confirm": order.status == OrderStatus.DRAFT
        and (verdict.passed or exception is not None),
        "can_grant": can(user, Action.GRANT_GATE_EXCEPTION) and exception is None,
    }
    return render(request, "orders/order_confirm.html", context, status=status)


@require_POST
@login_required
def order_status(request: HttpRequest, number: str) -> HttpResponse:
    user = acting_user(request)
    order = selectors.get_order_for_user(user=user, number=number)
    require(user, Action.EDIT_ORDERS)
    form = OrderStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid status."))
        return redirect("orders:order_detail", number=order.number)
    try:
        services.order_set_status(order=order, status=form.cleaned_data["status"], by=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Order %(number)s is now %(status)s.")
            % {"number": order.number, "status": order.get_status_display()},
        )
    return redirect("orders:order_detail", number=order.number)


# --------------------------------------------------------------------------- gate exceptions


@login_required
def exception_grant(request: HttpRequest, number: str) -> HttpResponse:
    user = acting_user(request)
    order = selectors.get_order_for_user(user=user, number=number)
    require(user, Action.GRANT_GATE_EXCEPTION)
    form = GateExceptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.gate_exception_grant(
                order=order,
                reason=form.cleaned_data["reason"],
                expires_at=form.expires_at(),
                by=user,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "expires_at" in error.error_dict:
                form.add_error("expires_on", error.error_dict.pop("expires_at"))
            _add_errors(form, error)
        else:
            messages.success(request, _("Gate exception granted."))
            return redirect("orders:order_confirm", number=order.number)
    context = {
        "order": order,
        "form": form,
        "verdict": selectors.order_gate_verdict(order=order),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "orders/exception_form.html", context, status=status)


@login_required
def exception_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    state = request.GET.get("state", "active")
    if state not in {"active", "expired", "revoked", "all"}:
        state = "active"
    rows = selectors.gate_exception_list(user=user, state="" if state == "all" else state)
    page = _page(request, rows)
    context = {
        "page": page,
        "rows": [{"exception": e, "state": selectors.exception_state(e)} for e in page],
        "state": state,
        "states": [
            ("active", _("Active")),
            ("expired", _("Expired")),
            ("revoked", _("Revoked")),
            ("all", _("All")),
        ],
        "query": _query_without_page(request),
        "can_grant": can(user, Action.GRANT_GATE_EXCEPTION),
    }
    return render(request, "orders/exception_list.html", context)


@require_POST
@login_required
def exception_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    exception = selectors.get_gate_exception_for_user(user=user, pk=pk)
    require(user, Action.GRANT_GATE_EXCEPTION)
    try:
        services.gate_exception_revoke(exception=exception, by=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Gate exception revoked."))
    return redirect("orders:order_detail", number=exception.order.number)


# --------------------------------------------------------------------------- products


@login_required
def product_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    form = ProductFilterForm(request.GET or None)
    q = form.cleaned_data.get("q", "") if form.is_valid() else ""
    page = _page(request, selectors.product_list(user=user, q=q))
    context = {
        "form": form,
        "page": page,
        "query": _query_without_page(request),
        "can_edit": can(user, Action.EDIT_ORDERS),
    }
    template = (
        "orders/product_list.html#results" if _is_htmx(request) else "orders/product_list.html"
    )
    return render(request, template, context)


@login_required
def product_create(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    require(user, Action.EDIT_ORDERS)
    form = ProductForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.product_create(**form.cleaned_data, by=user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Product saved."))
            return redirect("orders:product_list")
    status = 400 if request.method == "POST" else 200
    return render(request, "orders/product_form.html", {"form": form}, status=status)


@login_required
def product_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    product = selectors.get_product_for_user(user=user, pk=pk)
    require(user, Action.EDIT_ORDERS)
    form = ProductForm(
        request.POST or None,
        editing=True,
        initial={
            "customer": product.customer_id,
            "sku": product.sku,
            "name": product.name,
            "category": product.category_id,
            "materials": product.materials,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("customer", None)
        try:
            services.product_update(product=product, **data, by=user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Product saved."))
            return redirect("orders:product_list")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "orders/product_form.html", {"form": form, "product": product}, status=status
    )
