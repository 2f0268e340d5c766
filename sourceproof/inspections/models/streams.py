"""Sampling streams (facility x product category) and their resumptions."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from sourceproof.core.models import BaseModel
from sourceproof.facilities.models import Facility, ProductCategory
from sourceproof.inspections.models.choices import StreamSeverity

# --------------------------------------------------------------------------- streams


class SamplingStream(BaseModel):
    """The stream of lots of one product category from one facility: where ISO 2859-1's
    switching rules stand (`state` is `sampling.SwitchingState.as_dict()`)."""

    facility = models.ForeignKey(
        Facility,
        on_delete=models.PROTECT,
        related_name="sampling_streams",
        help_text="Where the lots are made.",
    )
    product_category = models.ForeignKey(
        ProductCategory,
        on_delete=models.PROTECT,
        related_name="sampling_streams",
        help_text="What is made.",
    )
    severity = models.CharField(
        max_length=15,
        choices=StreamSeverity.choices,
        default=StreamSeverity.NORMAL,
        db_index=True,
        help_text="The severity the next inspection uses (mirrors state['inspection']).",
    )
    state = models.JSONField(
        default=dict, help_text="The engine's SwitchingState, as_dict(); {} means the start."
    )
    lots = models.PositiveIntegerField(default=0, help_text="Reviewed inspections counted.")
    discontinued_at = models.DateTimeField(
        null=True, blank=True, help_text="When the stream last reached discontinuation."
    )

    class Meta:
        ordering: ClassVar = ["facility__name", "product_category__name"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["facility", "product_category"], name="stream_once_per_facility_category"
            )
        ]

    def __str__(self) -> str:
        return f"{self.facility.code} x {self.product_category.code}"


class StreamResumption(BaseModel):
    """A discontinued stream resumed on tightened inspection after the supplier's corrective
    action was recorded by a quality manager."""

    stream = models.ForeignKey(
        SamplingStream,
        on_delete=models.CASCADE,
        related_name="resumptions",
        help_text="The stream resumed.",
    )
    corrective_action = models.TextField(help_text="What the supplier changed, in full.")
    reference = models.CharField(
        max_length=100, blank=True, help_text="e.g. the supplier's 8D or CAPA number."
    )
    resumed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The quality manager who resumed it.",
    )
    state_before = models.JSONField(default=dict, help_text="The switching state before.")

    class Meta:
        ordering: ClassVar = ["-created_at"]

    def __str__(self) -> str:
        return f"Resumption of {self.stream_id} on {self.created_at:%Y-%m-%d}"
