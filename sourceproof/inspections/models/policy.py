"""The operator's inspection policy and AQL overrides per customer and product."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from sourceproof.core.models import BaseModel
from sourceproof.inspections.models.choices import Edition, GeneralLevel
from sourceproof.orders.models import Product

# --------------------------------------------------------------------------- policy


class InspectionPolicy(models.Model):
    """The operator's quality policy: one row (pk=1), edited by operator admins.

    Read when an inspection is booked (defaults) and started (the plan is snapshotted); a
    change never touches an inspection already started.
    """

    minimum_level = models.CharField(
        max_length=3,
        choices=GeneralLevel.choices,
        default=GeneralLevel.II,
        help_text="No inspection may use a weaker general level than this.",
    )
    default_level = models.CharField(
        max_length=3,
        choices=GeneralLevel.choices,
        default=GeneralLevel.II,
        help_text="The general inspection level a booking starts with.",
    )
    major_aql = models.CharField(
        max_length=6, default="2.5", help_text="Default AQL for major nonconformities."
    )
    minor_aql = models.CharField(
        max_length=6, default="4.0", help_text="Default AQL for minor nonconformities."
    )
    edition = models.CharField(
        max_length=10,
        choices=Edition.choices,
        default=Edition.ISO,
        help_text="Which edition of the tables plans come from.",
    )
    reduced_allowed = models.BooleanField(
        default=False,
        help_text="Whether streams may switch to reduced inspection (ISO 2859-1, 9.3.3 c).",
    )
    dupro_produced_min = models.PositiveSmallIntegerField(
        default=20, help_text="A DUPRO below this produced percentage starts with a warning."
    )
    dupro_produced_max = models.PositiveSmallIntegerField(
        default=60, help_text="A DUPRO above this produced percentage starts with a warning."
    )
    psi_packed_min = models.PositiveSmallIntegerField(
        default=80, help_text="A PSI cannot start below this packed percentage."
    )
    photo_max_distance_km = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        default=Decimal("2.00"),
        help_text="A photo taken further than this from the facility is flagged.",
    )
    photo_window_slack_minutes = models.PositiveIntegerField(
        default=60,
        help_text="Photos may be taken this long before the start or after the submission.",
    )
    updated_at = models.DateTimeField(auto_now=True, help_text="When the policy last changed.")

    class Meta:
        verbose_name = _("inspection policy")
        verbose_name_plural = _("inspection policy")
        constraints: ClassVar = [
            models.CheckConstraint(condition=models.Q(pk=1), name="inspection_policy_singleton"),
            models.CheckConstraint(
                condition=models.Q(dupro_produced_min__lte=models.F("dupro_produced_max"))
                & models.Q(dupro_produced_max__lte=100)
                & models.Q(psi_packed_min__lte=100),
                name="inspection_policy_percentages",
            ),
        ]

    def __str__(self) -> str:
        return "Inspection policy"

    @classmethod
    def current(cls) -> InspectionPolicy:
        policy, _created = cls.objects.get_or_create(pk=1)
        return policy


class AqlOverride(BaseModel):
    """AQLs (and optionally a stricter level) for one customer or one product, replacing the
    policy defaults. A product's override wins over its customer's."""

    customer = models.OneToOneField(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="aql_override",
        limit_choices_to={"kind": "customer"},
        help_text="The customer whose orders use these AQLs.",
    )
    product = models.OneToOneField(
        Product,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="aql_override",
        help_text="The product whose inspections use these AQLs.",
    )
    major_aql = models.CharField(
        max_length=6, blank=True, help_text="AQL for major nonconformities (empty: unchanged)."
    )
    minor_aql = models.CharField(
        max_length=6, blank=True, help_text="AQL for minor nonconformities (empty: unchanged)."
    )
    level = models.CharField(
        max_length=3,
        choices=GeneralLevel.choices,
        blank=True,
        help_text="General inspection level (empty: the policy default).",
    )
    note = models.CharField(max_length=300, blank=True, help_text="Why, e.g. the contract clause.")

    class Meta:
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=(
                    models.Q(customer__isnull=False, product__isnull=True)
                    | models.Q(customer__isnull=True, product__isnull=False)
                ),
                name="aql_override_one_target",
            )
        ]

    def __str__(self) -> str:
        target = self.product or self.customer
        return f"AQL override for {target}"
