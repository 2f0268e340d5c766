"""The defect library and the versioned checklist templates."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from sourceproof.core.models import BaseModel
from sourceproof.facilities.models import ProductCategory
from sourceproof.inspections.models.choices import (
    CheckpointKind,
    DefectCategory,
    DefectClass,
    OnsiteTest,
    SpecialLevel,
)

# --------------------------------------------------------------------------- library


class DefectType(BaseModel):
    """An entry of the defect library, in English, Dutch and Simplified Chinese."""

    code = models.SlugField(max_length=30, unique=True, help_text="Stable code, e.g. PRT-SMEAR.")
    description_en = models.CharField(max_length=200, help_text="Description in English.")
    description_nl = models.CharField(max_length=200, blank=True, help_text="In Dutch.")
    description_zh = models.CharField(
        max_length=200, blank=True, help_text="In Simplified Chinese."
    )
    defect_class = models.CharField(
        max_length=10, choices=DefectClass.choices, help_text="critical, major or minor."
    )
    category = models.CharField(
        max_length=20,
        choices=DefectCategory.choices,
        default=DefectCategory.OTHER,
        help_text="What kind of defect.",
    )
    is_active = models.BooleanField(default=True, help_text="Offered to inspectors.")

    class Meta:
        ordering: ClassVar = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.description_en}"

    def description(self, language: str = "en") -> str:
        """The description in a language, falling back to English."""
        if language.startswith("zh") and self.description_zh:
            return self.description_zh
        if language.startswith("nl") and self.description_nl:
            return self.description_nl
        return self.description_en


class ChecklistTemplate(BaseModel):
    """One version of the checklist for a product category. Editing makes a new version;
    an inspection keeps the snapshot of the version it started with."""

    product_category = models.ForeignKey(
        ProductCategory,
        on_delete=models.PROTECT,
        related_name="checklist_templates",
        help_text="The product category the checklist is for.",
    )
    version = models.PositiveIntegerField(help_text="1, 2, 3…: a new one for every edit.")
    name = models.CharField(max_length=200, help_text="Name shown to inspectors.")
    notes = models.TextField(blank=True, help_text="What changed in this version.")
    is_current = models.BooleanField(
        default=True, help_text="The version new inspections of the category use."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who made this version.",
    )

    class Meta:
        ordering: ClassVar = ["product_category__name", "-version"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["product_category", "version"], name="checklist_version_once"
            ),
            models.UniqueConstraint(
                fields=["product_category"],
                condition=models.Q(is_current=True),
                name="checklist_one_current_per_category",
            ),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="checklist_version_1"),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class Checkpoint(models.Model):
    """One checkpoint of a checklist template version."""

    template = models.ForeignKey(
        ChecklistTemplate,
        on_delete=models.CASCADE,
        related_name="checkpoints",
        help_text="The template version it belongs to.",
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Order on the checklist.")
    kind = models.CharField(
        max_length=20, choices=CheckpointKind.choices, help_text="What sort of check."
    )
    title = models.CharField(max_length=200, help_text="What to check, in English.")
    title_zh = models.CharField(
        max_length=200, blank=True, help_text="What to check, in Simplified Chinese."
    )
    instructions = models.TextField(blank=True, help_text="How to check it.")
    test_kind = models.CharField(
        max_length=20,
        choices=OnsiteTest.choices,
        blank=True,
        help_text="For an on-site test: which test.",
    )
    nominal = models.DecimalField(
        max_digits=12,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="For a measurement: the nominal value.",
    )
    tolerance = models.DecimalField(
        max_digits=12,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="For a measurement: the tolerance either side of nominal (±).",
    )
    unit = models.CharField(
        max_length=20, blank=True, help_text="For a measurement: the unit, e.g. mm or ml."
    )
    defect_class = models.CharField(
        max_length=10,
        choices=DefectClass.choices,
        default=DefectClass.MAJOR,
        help_text="For a measurement: the class of a value out of tolerance.",
    )
    required_photos = models.PositiveSmallIntegerField(
        default=0, help_text="How many photos the inspector must attach."
    )
    level_override = models.CharField(
        max_length=3,
        choices=SpecialLevel.choices,
        blank=True,
        help_text="A special level (S-1..S-4) for this check's sample; only for measurements "
        "and on-site tests.",
    )

    class Meta:
        ordering: ClassVar = ["template", "position", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(level_override="")
                # SPECIAL_LEVEL_KINDS as a list in a fixed order (a set's order changes with
                # the hash seed, and makemigrations then saw a change that was none).
                | models.Q(
                    kind__in=[CheckpointKind.ONSITE_TEST.value, CheckpointKind.MEASUREMENT.value]
                ),
                name="checkpoint_special_level_only_on_tests",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=CheckpointKind.MEASUREMENT)
                | models.Q(nominal__isnull=False, tolerance__isnull=False),
                name="checkpoint_measurement_has_nominal_and_tolerance",
            ),
            models.CheckConstraint(
                condition=models.Q(required_photos__lte=20), name="checkpoint_photos_at_most_20"
            ),
        ]

    def __str__(self) -> str:
        return self.title
