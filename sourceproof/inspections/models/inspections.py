"""Inspections, their checkpoint results, defect records, overrides and golden samples."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from sourceproof.core.models import BaseModel
from sourceproof.facilities.models import Facility, ProductCategory
from sourceproof.inspections.models.choices import (
    CheckpointKind,
    CheckpointStatus,
    DefectClass,
    GeneralLevel,
    InspectionStatus,
    InspectionType,
    OverrideVerdict,
    Verdict,
)
from sourceproof.inspections.models.library import ChecklistTemplate, DefectType
from sourceproof.inspections.models.policy import InspectionPolicy
from sourceproof.inspections.models.streams import SamplingStream
from sourceproof.orders.models import OrderLine, PurchaseOrder

# --------------------------------------------------------------------------- inspections


class Inspection(BaseModel):
    """A QC inspection of (part of) one purchase order, covering one product category."""

    report_number = models.CharField(
        max_length=20, unique=True, help_text="Public report number, e.g. QC-2026-00042."
    )
    order = models.ForeignKey(
        PurchaseOrder,
        on_delete=models.PROTECT,
        related_name="inspections",
        db_index=False,  # the (order, status) index below serves lookups by order
        help_text="The purchase order inspected.",
    )
    lines = models.ManyToManyField(
        OrderLine,
        blank=True,
        related_name="inspections",
        help_text="The order lines inspected (none: the whole order).",
    )
    facility = models.ForeignKey(
        Facility,
        on_delete=models.PROTECT,
        related_name="inspections",
        help_text="Where (the order's facility when booked).",
    )
    product_category = models.ForeignKey(
        ProductCategory,
        on_delete=models.PROTECT,
        related_name="inspections",
        help_text="The product category of the lines inspected: the stream and the checklist.",
    )
    inspection_type = models.CharField(
        max_length=10, choices=InspectionType.choices, help_text="PPI, DUPRO, PSI or CLC."
    )
    status = models.CharField(
        max_length=15,
        choices=InspectionStatus.choices,
        default=InspectionStatus.PLANNED,
        db_index=True,
        help_text="planned → in progress → submitted → reviewed, or cancelled.",
    )
    planned_date = models.DateField(help_text="The day the inspection is booked.")
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_inspections",
        limit_choices_to={"role": "inspector"},
        help_text="The inspector assigned (a user with role inspector).",
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who booked it.",
    )
    lot_size = models.PositiveIntegerField(
        validators=[MinValueValidator(2)], help_text="Units in the lot inspected."
    )
    level = models.CharField(
        max_length=3,
        choices=GeneralLevel.choices,
        default=GeneralLevel.II,
        help_text="General inspection level.",
    )
    major_aql = models.CharField(max_length=6, help_text="AQL for major nonconformities.")
    minor_aql = models.CharField(max_length=6, help_text="AQL for minor nonconformities.")
    aql_source = models.CharField(
        max_length=200, blank=True, help_text="Where the AQLs came from (policy, customer…)."
    )
    # Snapshots, frozen when the inspection starts.
    plan_snapshot = models.JSONField(
        null=True,
        blank=True,
        help_text="The sampling plan at start: code letter, n, Ac/Re per class, severity, edition.",
    )
    checklist_template = models.ForeignKey(
        ChecklistTemplate,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
        help_text="The checklist version used.",
    )
    checklist_snapshot = models.JSONField(
        null=True, blank=True, help_text="The checklist at start, with every checkpoint."
    )
    stream = models.ForeignKey(
        SamplingStream,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
        help_text="The stream (facility x category) this lot belongs to.",
    )
    produced_percent = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text="DUPRO: share of the order produced at start (20-60 % typical).",
    )
    packed_percent = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text="PSI: share of the order packed at start (at least the policy's minimum).",
    )
    start_warnings = models.JSONField(
        default=list, blank=True, help_text="Warnings given when the inspection started."
    )
    remarks = models.TextField(blank=True, help_text="The inspector's remarks.")
    # The verdict: computed, never typed.
    computed_verdict = models.CharField(
        max_length=10,
        choices=Verdict.choices,
        blank=True,
        db_index=True,
        help_text="The verdict computed from the plan, the counts and the checkpoints.",
    )
    computed_reasons = models.JSONField(
        default=list, blank=True, help_text="Why: one entry per class and per checkpoint issue."
    )
    nonconforming = models.JSONField(
        default=dict, blank=True, help_text="Nonconforming units per class, as computed."
    )
    computed_at = models.DateTimeField(null=True, blank=True, help_text="When last computed.")
    override_verdict = models.CharField(
        max_length=10,
        choices=OverrideVerdict.choices,
        blank=True,
        help_text="A quality manager's override of the computed verdict (the latest).",
    )
    override_reason = models.TextField(blank=True, help_text="Why the verdict was overridden.")
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who overrode it.",
    )
    override_at = models.DateTimeField(null=True, blank=True, help_text="When it was overridden.")
    final_verdict = models.CharField(
        max_length=10,
        choices=Verdict.choices,
        blank=True,
        help_text="The override if any, else the computed verdict.",
    )
    # Moments.
    started_at = models.DateTimeField(null=True, blank=True, help_text="When it started.")
    submitted_at = models.DateTimeField(null=True, blank=True, help_text="When it was submitted.")
    reviewed_at = models.DateTimeField(null=True, blank=True, help_text="When it was reviewed.")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The quality manager who reviewed it.",
    )
    review_note = models.TextField(blank=True, help_text="The reviewer's note.")
    cancelled_at = models.DateTimeField(null=True, blank=True, help_text="When it was cancelled.")
    cancel_reason = models.CharField(max_length=300, blank=True, help_text="Why it was cancelled.")
    stream_before = models.JSONField(
        null=True, blank=True, help_text="The stream's switching state before this lot counted."
    )
    stream_after = models.JSONField(
        null=True, blank=True, help_text="The stream's switching state after this lot counted."
    )

    class Meta:
        ordering: ClassVar = ["-planned_date", "-id"]
        indexes: ClassVar = [
            # Indexes for the list and the quality dashboard at 200,000 inspections
            # (docs/inspections.md, "Performance"). The list's order (-planned_date, -id):
            # a page's ids from the index alone.
            models.Index(fields=["planned_date", "id"], name="inspection_planned_id"),
            models.Index(fields=["status", "planned_date"]),
            # A customer's list: its orders' reviewed inspections.
            models.Index(fields=["order", "status"], name="inspection_order_status"),
            # Filtered by verdict (and status), counted and paged from the index alone.
            models.Index(
                fields=["final_verdict", "status", "planned_date", "id"], name="inspection_verdict"
            ),
            # The dashboard's period (status = reviewed, reviewed_at >= ...) with what its
            # counts read: the totals, rates and Pareto need no table row.
            models.Index(
                fields=[
                    "status",
                    "reviewed_at",
                    "final_verdict",
                    "override_verdict",
                    "product_category",
                    "facility",
                    "id",
                ],
                name="inspection_reviewed_cover",
            ),
            models.Index(fields=["facility", "product_category", "reviewed_at"]),
            models.Index(fields=["inspector", "planned_date"]),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(override_verdict="") | ~models.Q(override_reason=""),
                name="inspection_override_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="cancelled") | ~models.Q(cancel_reason=""),
                name="inspection_cancel_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["planned", "cancelled"])
                | models.Q(plan_snapshot__isnull=False, started_at__isnull=False),
                name="inspection_started_has_snapshot",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="reviewed") | models.Q(reviewed_at__isnull=False),
                name="inspection_reviewed_has_moment",
            ),
            models.CheckConstraint(
                condition=models.Q(lot_size__gte=2), name="inspection_lot_size_min_2"
            ),
        ]

    def __str__(self) -> str:
        return self.report_number

    # The time window a photo of this inspection must fall in (used by photo evidence).
    def _slack(self) -> dt.timedelta:
        return dt.timedelta(minutes=InspectionPolicy.current().photo_window_slack_minutes)

    @property
    def window_start(self) -> dt.datetime:
        """Earliest moment a photo may be taken: the start (or, before it, the planned day's
        local midnight) less the policy's slack."""
        if self.started_at is not None:
            return self.started_at - self._slack()
        day_start = dt.datetime.combine(self.planned_date, dt.time.min)
        return timezone.make_aware(day_start) - self._slack()

    @property
    def window_end(self) -> dt.datetime | None:
        """Latest moment a photo may be taken: the submission plus the slack; None while the
        inspection is in progress (open: up to the moment the photo arrives); the end of the
        planned day plus the slack while it is planned."""
        if self.submitted_at is not None:
            return self.submitted_at + self._slack()
        if self.started_at is not None:
            return None
        day_end = dt.datetime.combine(self.planned_date + dt.timedelta(days=1), dt.time.min)
        return timezone.make_aware(day_end) + self._slack()

    @property
    def is_open_for_results(self) -> bool:
        return self.status == InspectionStatus.IN_PROGRESS


class CheckpointResult(BaseModel):
    """The result of one checkpoint of an inspection's checklist snapshot (made at start)."""

    inspection = models.ForeignKey(
        Inspection,
        on_delete=models.CASCADE,
        related_name="checkpoint_results",
        help_text="The inspection.",
    )
    key = models.CharField(max_length=40, help_text="The checkpoint's key in the snapshot.")
    position = models.PositiveSmallIntegerField(default=0, help_text="Order on the checklist.")
    kind = models.CharField(
        max_length=20, choices=CheckpointKind.choices, help_text="Copied from the snapshot."
    )
    title = models.CharField(max_length=200, help_text="Copied from the snapshot.")
    status = models.CharField(
        max_length=20,
        choices=CheckpointStatus.choices,
        default=CheckpointStatus.NOT_CHECKED,
        help_text="not checked, pass, fail, or needs the operator's decision.",
    )
    measurements = models.JSONField(
        default=list,
        blank=True,
        help_text='Measured values: [{"unit": 3, "value": "120.5"}] (unit number optional).',
    )
    note = models.TextField(blank=True, help_text="The inspector's note.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who recorded the result last.",
    )
    recorded_at = models.DateTimeField(null=True, blank=True, help_text="When, last.")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The quality manager who decided a 'needs decision' result.",
    )
    decided_at = models.DateTimeField(null=True, blank=True, help_text="When it was decided.")
    decision_note = models.TextField(blank=True, help_text="Why it was decided so.")

    class Meta:
        ordering: ClassVar = ["inspection", "position", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["inspection", "key"], name="checkpoint_result_once")
        ]

    def __str__(self) -> str:
        return f"{self.title}: {self.status}"


class DefectRecord(BaseModel):
    """Nonconforming units found: either one numbered unit of the sample (`unit_number`) or
    `count` distinct units, with the defect type behind them.

    Counting (ISO 2859-1, percent nonconforming): a unit counts once per class it has a
    defect in, however many defects of that class it has. Record several defects of one
    unit with its unit number so that it counts once; a record without a unit number stands
    for `count` distinct units.
    """

    inspection = models.ForeignKey(
        Inspection,
        on_delete=models.CASCADE,
        related_name="defect_records",
        help_text="The inspection.",
    )
    defect_type = models.ForeignKey(
        DefectType,
        on_delete=models.PROTECT,
        related_name="records",
        help_text="The defect found.",
    )
    defect_class = models.CharField(
        max_length=10,
        choices=DefectClass.choices,
        help_text="The class it counts in (the defect type's class when recorded).",
    )
    unit_number = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Which unit of the sample (1…n), if known.",
    )
    count = models.PositiveIntegerField(
        default=1,
        validators=[MinValueValidator(1)],
        help_text="How many distinct units (1 when a unit number is given).",
    )
    note = models.CharField(max_length=500, blank=True, help_text="What was seen.")
    checkpoint_result = models.ForeignKey(
        CheckpointResult,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="defect_records",
        help_text="The checkpoint where it was found, if any.",
    )
    client_key = models.UUIDField(
        null=True,
        blank=True,
        help_text="Key sent by an offline client so a resend never creates a duplicate.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who recorded it.",
    )

    class Meta:
        ordering: ClassVar = ["inspection", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(condition=models.Q(count__gte=1), name="defect_count_min_1"),
            models.CheckConstraint(
                condition=models.Q(unit_number__isnull=True) | models.Q(count=1),
                name="defect_numbered_unit_counts_one",
            ),
            models.UniqueConstraint(
                fields=["inspection", "client_key"],
                condition=models.Q(client_key__isnull=False),
                name="defect_client_key_once",
            ),
        ]

    def __str__(self) -> str:
        where = f"unit {self.unit_number}" if self.unit_number else f"{self.count} unit(s)"
        return f"{self.defect_type.code} ({self.defect_class}) {where}"


class VerdictOverride(models.Model):
    """A quality manager's override of a verdict. Append-only: a later override adds a row,
    none is ever changed or deleted."""

    inspection = models.ForeignKey(
        Inspection,
        on_delete=models.CASCADE,
        related_name="overrides",
        help_text="The inspection.",
    )
    verdict = models.CharField(
        max_length=10, choices=OverrideVerdict.choices, help_text="The verdict set."
    )
    computed_verdict = models.CharField(
        max_length=10, choices=Verdict.choices, help_text="The computed verdict at that moment."
    )
    reason = models.TextField(help_text="Why, in full.")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The quality manager.",
    )
    at = models.DateTimeField(help_text="When.")

    class Meta:
        ordering: ClassVar = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.inspection_id}: {self.computed_verdict} → {self.verdict}"


class GoldenSample(BaseModel):
    """The reference sample of an order, approved at PPI; every later inspection of the
    order shows it beside what it finds. Photos come from the photo-evidence app."""

    order = models.OneToOneField(
        PurchaseOrder,
        on_delete=models.CASCADE,
        related_name="golden_sample",
        help_text="The order it is the reference for.",
    )
    approved_in = models.ForeignKey(
        Inspection,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The PPI where it was approved.",
    )
    seal_number = models.CharField(max_length=60, help_text="Number of the seal on the sample.")
    colours = models.JSONField(
        default=list,
        blank=True,
        help_text='Colours with Pantone codes: [{"name": "logo red", "pantone": "186 C"}].',
    )
    logo_position = models.CharField(
        max_length=200, blank=True, help_text="Where the logo sits, e.g. front centre, 30 mm down."
    )
    logo_size = models.CharField(
        max_length=100, blank=True, help_text="Logo size, e.g. 60 x 25 mm."
    )
    dimensions = models.CharField(
        max_length=200, blank=True, help_text="Key dimensions, e.g. H 95 mm, Ø 82 mm."
    )
    materials = models.CharField(max_length=300, blank=True, help_text="Materials as approved.")
    notes = models.TextField(blank=True, help_text="Anything else agreed.")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who approved it.",
    )
    approved_at = models.DateTimeField(help_text="When it was approved.")

    def __str__(self) -> str:
        return f"Golden sample {self.seal_number} of {self.order_id}"
