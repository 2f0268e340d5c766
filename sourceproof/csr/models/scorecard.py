"""The CSR scorecard: themes, criteria, management indicators, evidence, medal thresholds,
the scoring policy and yearly snapshots. The scoring itself is `sourceproof.csr.scoring`."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sourceproof.core.models import BaseModel

_weight = [MinValueValidator(Decimal("0"))]
_factor = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))]
_score = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class ScorecardTheme(models.Model):
    """One of the four themes: environment, labour and human rights, ethics, procurement."""

    code = models.SlugField(
        max_length=40, unique=True, help_text="Stable code, e.g. 'environment'."
    )
    name = models.CharField(max_length=100, help_text="Name shown to people.")
    weight = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        validators=_weight,
        help_text="Weight of the theme in the overall score (relative to the other themes).",
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Position in lists.")

    class Meta:
        ordering: ClassVar = ["order", "pk"]
        constraints: ClassVar = [
            models.CheckConstraint(condition=Q(weight__gte=0), name="csr_theme_weight_positive")
        ]

    def __str__(self) -> str:
        return self.name


class ScorecardCriterion(models.Model):
    """One of the 21 criteria, within a theme."""

    theme = models.ForeignKey(
        ScorecardTheme, on_delete=models.PROTECT, related_name="criteria", help_text="Its theme."
    )
    code = models.SlugField(max_length=60, unique=True, help_text="Stable code.")
    name = models.CharField(max_length=200, help_text="Name shown to people.")
    weight = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        validators=_weight,
        help_text="Weight of the criterion within its theme.",
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Position within the theme.")
    is_active = models.BooleanField(
        default=True, help_text="Counts in the score (switch off criteria that do not apply)."
    )

    class Meta:
        ordering: ClassVar = ["theme__order", "order", "pk"]
        verbose_name_plural = "scorecard criteria"
        constraints: ClassVar = [
            models.CheckConstraint(condition=Q(weight__gte=0), name="csr_criterion_weight_positive")
        ]

    def __str__(self) -> str:
        return self.name


class ManagementIndicator(models.Model):
    """One of the seven management indicators (policies, endorsements, measures, …)."""

    code = models.SlugField(max_length=40, unique=True, help_text="Stable code.")
    name = models.CharField(max_length=100, help_text="Name shown to people.")
    description = models.CharField(
        max_length=300, blank=True, help_text="What evidence for this indicator looks like."
    )
    weight = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        validators=_weight,
        help_text="Weight of the indicator within each criterion.",
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Position in lists.")

    class Meta:
        ordering: ClassVar = ["order", "pk"]
        constraints: ClassVar = [
            models.CheckConstraint(condition=Q(weight__gte=0), name="csr_indicator_weight_positive")
        ]

    def __str__(self) -> str:
        return self.name


class ScorecardPolicy(models.Model):
    """How evidence counts: one row (pk=1), edited by the CSR team."""

    stale_after_months = models.PositiveSmallIntegerField(
        default=24, help_text="Evidence dated longer ago than this is stale."
    )
    stale_factor = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.50"),
        validators=_factor,
        help_text="Stale evidence earns this share of the credit (0-1).",
    )
    unsigned_factor = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.70"),
        validators=_factor,
        help_text="Unsigned evidence earns this share of the credit (0-1).",
    )
    group_only_factor = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.80"),
        validators=_factor,
        help_text="Evidence that covers only the group, not the company, earns this share (0-1).",
    )
    theme_minimum = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("30"),
        validators=_score,
        help_text="Every theme must score at least this for any medal (0-100).",
    )
    updated_at = models.DateTimeField(auto_now=True, help_text="When the policy last changed.")

    class Meta:
        verbose_name = _("scorecard policy")
        verbose_name_plural = _("scorecard policy")
        constraints: ClassVar = [
            models.CheckConstraint(condition=Q(pk=1), name="csr_scorecard_policy_singleton"),
            models.CheckConstraint(
                condition=Q(stale_factor__gte=0, stale_factor__lte=1)
                & Q(unsigned_factor__gte=0, unsigned_factor__lte=1)
                & Q(group_only_factor__gte=0, group_only_factor__lte=1),
                name="csr_scorecard_factors_0_1",
            ),
            models.CheckConstraint(
                condition=Q(stale_after_months__gte=1), name="csr_scorecard_stale_months_min"
            ),
        ]

    def __str__(self) -> str:
        return "Scorecard policy"

    @classmethod
    def current(cls) -> ScorecardPolicy:
        policy, _created = cls.objects.get_or_create(pk=1)
        return policy


class Medal(models.TextChoices):
    PLATINUM = "platinum", _("Platinum")
    GOLD = "gold", _("Gold")
    SILVER = "silver", _("Silver")
    BRONZE = "bronze", _("Bronze")


class MedalThreshold(models.Model):
    """The overall score a medal needs (and every theme at least the policy's minimum)."""

    medal = models.CharField(
        max_length=10, choices=Medal.choices, unique=True, help_text="The medal."
    )
    min_overall = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        validators=_score,
        help_text="The lowest overall score (0-100) that reaches the medal.",
    )
    source = models.CharField(
        max_length=300, blank=True, help_text="Where the threshold was taken from."
    )

    class Meta:
        ordering: ClassVar = ["-min_overall"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(min_overall__gte=0, min_overall__lte=100),
                name="csr_medal_threshold_0_100",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_medal_display()} ≥ {self.min_overall}"


class EvidenceScope(models.TextChoices):
    COMPANY = "company", _("Company")
    GROUP = "group", _("Group level only")


class ScorecardEvidence(BaseModel):
    """A document that proves one management indicator for one criterion."""

    criterion = models.ForeignKey(
        ScorecardCriterion,
        on_delete=models.PROTECT,
        related_name="evidence",
        help_text="The criterion it proves.",
    )
    indicator = models.ForeignKey(
        ManagementIndicator,
        on_delete=models.PROTECT,
        related_name="evidence",
        help_text="The management indicator it proves.",
    )
    title = models.CharField(max_length=200, help_text="What the document is.")
    document = models.FileField(
        upload_to="csr/evidence/%Y/%m/", blank=True, help_text="The document (PDF or image)."
    )
    document_name = models.CharField(
        max_length=200, blank=True, help_text="The document's file name on upload."
    )
    document_kind = models.CharField(
        max_length=4, blank=True, help_text="pdf, jpg or png (judged by content)."
    )
    document_sha256 = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of the document."
    )
    evidence_date = models.DateField(help_text="The date of the document (or when it took effect).")
    signed = models.BooleanField(default=False, help_text="Signed by management.")
    scope = models.CharField(
        max_length=10,
        choices=EvidenceScope.choices,
        default=EvidenceScope.COMPANY,
        help_text="Whether it covers the company itself or only the group it belongs to.",
    )
    notes = models.TextField(blank=True, help_text="Anything a reader should know.")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who attached it.",
    )

    class Meta:
        ordering: ClassVar = ["-evidence_date", "-pk"]
        indexes: ClassVar = [models.Index(fields=["criterion", "indicator"])]
        verbose_name_plural = "scorecard evidence"

    def __str__(self) -> str:
        return self.title


class ScorecardSnapshot(BaseModel):
    """The scorecard as it stood when the CSR team froze it for a year."""

    year = models.PositiveSmallIntegerField(unique=True, help_text="The year it stands for.")
    overall = models.DecimalField(
        max_digits=5, decimal_places=2, help_text="Overall score (0-100)."
    )
    medal = models.CharField(
        max_length=10, blank=True, choices=Medal.choices, help_text="The medal it would reach."
    )
    themes = models.JSONField(default=dict, help_text="Theme code → score.")
    gap_count = models.PositiveIntegerField(default=0, help_text="How many gaps were open.")
    details = models.JSONField(
        default=dict, help_text="Criterion scores, weights and policy as used (for audit)."
    )
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who took the snapshot.",
    )

    class Meta:
        ordering: ClassVar = ["-year"]

    def __str__(self) -> str:
        return f"Scorecard {self.year}: {self.overall}"
