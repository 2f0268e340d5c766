"""Django admin for operator admins: products, orders with lines, gate exceptions.

Status and gate fields are read-only here: an order is confirmed only through the sourcing
gate (order_confirm), and exceptions are granted and revoked through their services, so
that every change lands in the change log.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sourceproof.orders.models import GateException, OrderLine, Product, PurchaseOrder


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin[Product]):
    list_display = ("sku", "name", "customer", "category")
    list_filter = ("category",)
    search_fields = ("sku", "name", "customer__name")
    list_select_related = ("customer", "category")


class OrderLineInline(admin.TabularInline[OrderLine, PurchaseOrder]):
    model = OrderLine
    extra = 0
    raw_id_fields = ("product",)


@admin.register(PurchaseOrder)
class PurchaseOrderAdmin(admin.ModelAdmin[PurchaseOrder]):
    list_display = ("number", "customer", "facility", "status", "agreed_ship_date", "confirmed_at")
    list_filter = ("status",)
    search_fields = ("number", "customer__name", "facility__name", "facility__code")
    list_select_related = ("customer", "facility")
    raw_id_fields = ("facility",)
    readonly_fields = ("status", "confirmed_at", "confirmed_by", "gate_verdict", "created_by")
    inlines = (OrderLineInline,)


@admin.register(GateException)
class GateExceptionAdmin(admin.ModelAdmin[GateException]):
    list_display = ("order", "granted_by", "expires_at", "revoked_at", "created_at")
    list_filter = ("revoked_at",)
    search_fields = ("order__number", "reason")
    list_select_related = ("order", "granted_by")
    readonly_fields = (
        "order",
        "reason",
        "failing_rules",
        "granted_by",
        "expires_at",
        "revoked_at",
        "revoked_by",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
