"""The portal's pages: a customer's orders, one order, the photo feeds, the export; the
operator's sharing page; and the same customer pages as an operator's read-only preview.

Each customer page takes an optional `customer` code (the preview URLs): without it the scope
is the logged-in customer user's own organisation; with it, an operator role previews that
customer. Preview pages answer GET and HEAD only, so an operator can never act as a customer.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from sourceproof.accounts.permissions import Action, can
from sourceproof.core.http import acting_user
from sourceproof.portal import exporting, selectors, services
from sourceproof.portal.forms import OrderFilterForm, SharingForm
from sourceproof.portal.selectors import PortalScope


def _scope(request: HttpRequest, customer: str | None) -> PortalScope:
    user = acting_user(request)
    if customer is None:
        return selectors.portal_scope(user=user)
    return selectors.preview_scope(user=user, customer_code=customer)


def _page(request: HttpRequest, items: Any, size: int) -> Page[Any]:
    return Paginator(items, size).get_page(request.GET.get("page"))


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


@login_required
@require_safe
def order_list(request: HttpRequest, customer: str | None = None) -> HttpResponse:
    scope = _scope(request, customer)
    form = OrderFilterForm(request.GET or None)
    filters = form.filters()
    page = _page(request, selectors.portal_orders(scope=scope, filters=filters), 25)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "portal": scope,
        "form": form,
        "page": page,
        "rows": selectors.order_rows(scope=scope, orders=list(page.object_list)),
        "query": query.urlencode(),
    }
    template = "portal/order_list.html#results" if _is_htmx(request) else "portal/order_list.html"
    return render(request, template, context)


@login_required
@require_safe
def order_detail(request: HttpRequest, number: str, customer: str | None = None) -> HttpResponse:
    scope = _scope(request, customer)
    view = selectors.order_view(scope=scope, number=number)
    return render(request, "portal/order_detail.html", {"portal": scope, "view": view})


def _feed(
    request: HttpRequest, scope: PortalScope, photos: Any, extra: dict[str, Any]
) -> HttpResponse:
    page = _page(request, photos, selectors.PHOTO_PAGE_SIZE)
    context = {
        "portal": scope,
        "page": page,
        "cards": selectors.feed_cards(scope=scope, photos=page.object_list),
        **extra,
    }
    if _is_htmx(request):
        return render(request, "portal/photo_feed.html#cards", context)
    return render(request, "portal/photo_feed.html", context)


@login_required
@require_safe
def photo_feed(request: HttpRequest, customer: str | None = None) -> HttpResponse:
    scope = _scope(request, customer)
    return _feed(request, scope, selectors.feed_queryset(scope=scope), {"order": None})


@login_required
@require_safe
def order_photos(request: HttpRequest, number: str, customer: str | None = None) -> HttpResponse:
    scope = _scope(request, customer)
    order = selectors.get_portal_order(scope=scope, number=number)
    photos = selectors.order_photo_queryset(scope=scope, order=order)
    return _feed(request, scope, photos, {"order": order})


@login_required
@require_safe
def export(
    request: HttpRequest, fmt: str, customer: str | None = None
) -> HttpResponse | StreamingHttpResponse:
    """`export.csv?what=orders|inspections` or `export.xlsx` (both sheets); the list's
    filters (status, q) apply."""
    scope = _scope(request, customer)
    if fmt not in exporting.FORMATS:
        raise Http404("Not found.")
    what = request.GET.get("what", "orders")
    if what not in exporting.TABLES:
        return HttpResponse(
            _("Choose what to export: orders or inspections."),
            status=400,
            content_type="text/plain",
        )
    filters = OrderFilterForm(request.GET or None).filters()
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        table = (
            exporting.order_table(scope=scope, filters=filters)
            if what == "orders"
            else exporting.inspection_table(scope=scope, filters=filters)
        )
        response: HttpResponse | StreamingHttpResponse = StreamingHttpResponse(
            exporting.export_csv(table), content_type=exporting.CONTENT_TYPES["csv"]
        )
        name = f"{scope.code}-{what}-{stamp}.csv"
    else:
        body = exporting.export_xlsx(
            {
                "orders": exporting.order_table(scope=scope, filters=filters),
                "inspections": exporting.inspection_table(scope=scope, filters=filters),
            }
        )
        response = HttpResponse(body, content_type=exporting.CONTENT_TYPES["xlsx"])
        name = f"{scope.code}-orders-{stamp}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --------------------------------------------------------------------------- the operator


@login_required
@require_safe
def sharing(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    rows = selectors.sharing_overview(user=user)
    may_edit = can(user, Action.MANAGE_SHARING)
    for row in rows:
        row["form"] = (
            SharingForm(
                initial={
                    "share_audit_details": row["sharing"].share_audit_details,
                    "share_supplier_name": row["sharing"].share_supplier_name,
                },
                prefix=row["customer"].code,
            )
            if may_edit
            else None
        )
    return render(
        request,
        "portal/sharing.html",
        {"rows": rows, "may_edit": may_edit, "may_preview": can(user, Action.PREVIEW_PORTAL)},
    )


@login_required
@require_POST
def sharing_update(request: HttpRequest, customer: str) -> HttpResponse:
    user = acting_user(request)
    organisation = selectors.customer_for_sharing(user=user, code=customer)
    form = SharingForm(request.POST, prefix=organisation.code)
    if not form.is_valid():  # pragma: no cover - two booleans are always valid
        return HttpResponse(status=400)
    services.customer_sharing_update(customer=organisation, by=user, **form.cleaned_data)
    messages.success(
        request, _("Sharing with %(customer)s is saved.") % {"customer": organisation.name}
    )
    return redirect("portal:sharing")
