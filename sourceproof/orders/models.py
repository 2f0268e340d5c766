"""Products, purchase orders, and exceptions to the sourcing gate."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from sourceproof.accounts.models import Organisation
from sourceproof.core.models import BaseModel
from sourceproof.facilities.models import Facility, ProductCategory


class Product(BaseModel):
    """A product a customer buys from the operator."""

    customer = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="products",
        limit_choices_to={"kind": "customer"},
        help_text="The customer brand the product is made for.",
    )
    sku = models.CharField(max_length=60, help_text="Stock-keeping unit, unique per customer.")
    name = models.CharField(max_length=200, help_text="Product name.")
    category = models.ForeignKey(
        ProductCategory, on_delete=models.PROTECT, related_name="products", help_text="Category."
    )
    materials = models.CharField(max_length=300, blank=True, help_text="Main materials.")

    class Meta:
        ordering: ClassVar = ["sku"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["customer", "sku"], name="product_sku_per_customer")
        ]

    def __str__(self) -> str:
        return f"{self.sku} {self.name}"


class OrderStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONFIRMED = "confirmed", _("Confirmed")
    IN_PRODUCTION = "in_production", _("In production")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")


class PurchaseOrder(BaseModel):
    """An order of a customer's products, produced at one facility."""

    number = models.CharField(max_length=30, unique=True, help_text="Public order number.")
    customer = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="orders",
        limit_choices_to={"kind": "customer"},
        help_text="The customer brand.",
    )
    facility = models.ForeignKey(
        Facility, on_delete=models.PROTECT, related_name="orders", help_text="Where it is made."
    )
    status = models.CharField(
        max_length=20,
        choices=OrderStatus.choices,
        default=OrderStatus.DRAFT,
        db_index=True,
        help_text="draft → confirmed → in production → shipped → delivered, or cancelled.",
    )
    agreed_ship_date = models.DateField(help_text="The ship date agreed with the supplier.")
    notes = models.TextField(blank=True, help_text="Free notes.")
    created_by = models.ForeignKey(
        "accounts.User",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who created it.",
    )
    confirmed_at = models.DateTimeField(null=True, blank=True, help_text="When it was confirmed.")
    confirmed_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who confirmed it.",
    )
    gate_verdict = models.JSONField(
        null=True,
        blank=True,
        help_text="The sourcing gate's verdict at confirmation, with any exception used.",
    )

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["customer", "status"]),
            models.Index(fields=["-created_at", "-id"], name="order_list_order"),
        ]

    def __str__(self) -> str:
        return self.number


class OrderLine(models.Model):
    order = models.ForeignKey(
        PurchaseOrder, on_delete=models.CASCADE, related_name="lines", help_text="The order."
    )
    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, related_name="order_lines", help_text="What."
    )
    quantity = models.PositiveIntegerField(help_text="How many units.")

    class Meta:
        ordering: ClassVar = ["id"]
        constraints: ClassVar = [
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="line_quantity_min_1")
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.product}"


class GateException(BaseModel):
    """A time-limited permission to confirm one order despite failing gate rules."""

    order = models.ForeignKey(
        PurchaseOrder,
        on_delete=models.CASCADE,
        related_name="gate_exceptions",
        help_text="The one order it applies to.",
    )
    reason = models.TextField(help_text="Why the exception is justified.")
    failing_rules = models.JSONField(
        default=list, help_text="The gate rules that failed when it was granted."
    )
    granted_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", help_text="Who granted it."
    )
    expires_at = models.DateTimeField(help_text="After this moment it no longer applies.")
    revoked_at = models.DateTimeField(null=True, blank=True, help_text="When it was revoked.")
    revoked_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who revoked it.",
    )

    class Meta:
        ordering: ClassVar = ["-created_at"]

    def __str__(self) -> str:
        return f"Exception for {self.order_id} until {self.expires_at:%Y-%m-%d}"


class GateStateSnapshot(models.Model):
    """When the stored gate states (`FacilityGateState`) were last computed: one row (pk=1).

    Derived data, like a cache: `orders.gate_states.gate_states_refresh` rewrites it, the
    dashboard's "Orders blocked by the gate" panel reads it. See docs/sourcing-gate.md.
    """

    computed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the states were last computed (empty: never)."
    )
    requested_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When a refresh was last enqueued (so that a stale snapshot asks only once).",
    )
    facilities = models.PositiveIntegerField(
        default=0, help_text="How many facilities with draft orders were judged."
    )
    blocked_facilities = models.PositiveIntegerField(
        default=0, help_text="How many of them failed the gate on their own."
    )
    blocked_categories = models.PositiveIntegerField(
        default=0,
        help_text="How many (facility, product category) pairs failed at facilities that pass "
        "on their own (a rule reads the order's categories there).",
    )
    seconds = models.FloatField(default=0, help_text="How long the last computation took.")

    class Meta:
        constraints: ClassVar = [
            models.CheckConstraint(condition=models.Q(pk=1), name="gate_state_snapshot_singleton"),
        ]

    def __str__(self) -> str:
        return (
            f"Gate states as of {self.computed_at:%Y-%m-%d %H:%M}"
            if self.computed_at
            else ("Gate states never computed")
        )


class FacilityGateState(models.Model):
    """The gate's verdict for one facility with draft orders, as of the last refresh.

    A row without `category` is the facility judged on its own. At a facility that passes on
    its own but where a rule reads the order's product categories (an inspection stream
    discontinued there), each category of its drafts is judged too: one row per category.
    """

    facility = models.ForeignKey(
        Facility,
        on_delete=models.CASCADE,
        related_name="gate_states",
        help_text="The facility judged.",
    )
    category = models.ForeignKey(
        ProductCategory,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The product category an order is judged with; empty: the facility alone.",
    )
    passed = models.BooleanField(help_text="Whether every gate rule passed.")
    failures = models.JSONField(
        default=list,
        help_text="The failing rules in rule order: [{code, passed, reason, warning}].",
    )
    computed_at = models.DateTimeField(help_text="When the verdict was computed.")

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["facility"],
                condition=models.Q(category__isnull=True),
                name="gate_state_one_per_facility",
            ),
            models.UniqueConstraint(
                fields=["facility", "category"],
                condition=models.Q(category__isnull=False),
                name="gate_state_one_per_facility_category",
            ),
        ]

    def __str__(self) -> str:
        verdict = "passes" if self.passed else "blocked"
        return f"{self.facility_id}/{self.category_id or '-'}: {verdict}"
