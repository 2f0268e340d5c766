"""KPIs (SDG figures), their yearly targets and periodic values; emission-factor tables and
the emissions computed from them (never typed: see `sourceproof.csr.emissions`)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sourceproof.core.models import BaseModel


class KpiGroup(models.TextChoices):
    ENERGY = "energy", _("Energy")
    FLEET = "fleet", _("Fleet")
    WASTE = "waste", _("Waste")
    SUPPLY_CHAIN = "supply_chain", _("Supply chain")
    OTHER = "other", _("Other")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class KpiKind(models.TextChoices):
    ENTERED = "entered", _("Entered by the CSR team")
    DERIVED = "derived", _("Derived from other KPIs")
    EXTERNAL = "external", _("Computed from the registry, audits and inspections")


class Aggregation(models.TextChoices):
    SUM = "sum", _("Sum of the periods")
    AVERAGE = "average", _("Average of the periods")
    LAST = "last", _("Latest period")


class ShareRole(models.TextChoices):
    """How an entered KPI feeds a derived share (renewable share, separated waste share)."""

    NONE = "", _("None")
    RENEWABLE_ELECTRICITY = "renewable_electricity", _("Renewable electricity")
    OTHER_ELECTRICITY = "other_electricity", _("Other electricity")
    SEPARATED_WASTE = "separated_waste", _("Separated or recycled waste")
    RESIDUAL_WASTE = "residual_waste", _("Residual waste")


class GhgSource(models.TextChoices):
    """Which emission source an entered KPI's activity data is (see emissions.SOURCES)."""

    NONE = "", _("None")
    NATURAL_GAS = "natural_gas", _("Natural gas (scope 1)")
    DIESEL = "diesel", _("Fleet diesel (scope 1)")
    PETROL = "petrol", _("Fleet petrol (scope 1)")
    ELECTRICITY_GRID = "electricity_grid", _("Grid electricity, no guarantees of origin (scope 2)")
    ELECTRICITY_GREEN = (
        "electricity_green",
        _("Certified green electricity with guarantees of origin (scope 2)"),
    )
    ELECTRICITY_OWN_SOLAR = "electricity_own_solar", _("Own solar, used on site (scope 2: zero)")
    EV_CHARGING = "ev_charging", _("EV charging of the fleet (scope 2)")


class KpiDefinition(BaseModel):
    """A KPI: what is measured, in which unit, for which SDG target, and which way is better."""

    code = models.SlugField(max_length=60, unique=True, help_text="Stable code.")
    name = models.CharField(max_length=200, help_text="Name shown to people.")
    description = models.CharField(max_length=500, blank=True, help_text="What it measures.")
    group = models.CharField(
        max_length=20, choices=KpiGroup.choices, default=KpiGroup.OTHER, help_text="Group."
    )
    unit = models.CharField(max_length=20, help_text="Unit, e.g. kWh, m3, l, kg, %, count.")
    sdg_goal = models.PositiveSmallIntegerField(help_text="UN Sustainable Development Goal 1-17.")
    sdg_target = models.CharField(max_length=10, help_text="The SDG target, e.g. 7.2.")
    direction = models.CharField(
        max_length=10, choices=Direction.choices, help_text="Which way is better."
    )
    kind = models.CharField(
        max_length=10,
        choices=KpiKind.choices,
        default=KpiKind.ENTERED,
        help_text="Entered by people, or computed (derived and external KPIs are never typed).",
    )
    aggregation = models.CharField(
        max_length=10,
        choices=Aggregation.choices,
        default=Aggregation.SUM,
        help_text="How a year's figure is made from its periods.",
    )
    default_target = models.DecimalField(
        max_digits=16,
        decimal_places=3,
        null=True,
        blank=True,
        help_text="Target for years without their own target.",
    )
    share_role = models.CharField(
        max_length=30,
        choices=ShareRole.choices,
        blank=True,
        default="",
        help_text="Which derived share this entered KPI feeds.",
    )
    ghg_source = models.CharField(
        max_length=30,
        choices=GhgSource.choices,
        blank=True,
        default="",
        help_text="The emission source its values are activity data for.",
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Position in lists.")
    is_active = models.BooleanField(default=True, help_text="Shown and reported.")

    class Meta:
        ordering: ClassVar = ["order", "pk"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(sdg_goal__gte=1, sdg_goal__lte=17), name="csr_kpi_sdg_goal_1_17"
            ),
            models.CheckConstraint(
                condition=Q(kind="entered") | (Q(share_role="") & Q(ghg_source="")),
                name="csr_kpi_only_entered_feed_shares_and_emissions",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_entered(self) -> bool:
        return self.kind == KpiKind.ENTERED


class KpiTarget(BaseModel):
    """A KPI's target for one year."""

    kpi = models.ForeignKey(
        KpiDefinition, on_delete=models.CASCADE, related_name="targets", help_text="The KPI."
    )
    year = models.PositiveSmallIntegerField(help_text="The year.")
    target = models.DecimalField(max_digits=16, decimal_places=3, help_text="The target value.")

    class Meta:
        ordering: ClassVar = ["kpi", "year"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["kpi", "year"], name="csr_kpi_target_once_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.kpi_id} {self.year}: {self.target}"


class KpiValue(BaseModel):
    """A measured value of an entered KPI for a period (a month, a quarter or a year)."""

    kpi = models.ForeignKey(
        KpiDefinition, on_delete=models.PROTECT, related_name="values", help_text="The KPI."
    )
    period_start = models.DateField(help_text="First day of the period.")
    period_end = models.DateField(help_text="Last day of the period (same year as the start).")
    value = models.DecimalField(max_digits=16, decimal_places=3, help_text="The measured value.")
    evidence = models.FileField(
        upload_to="csr/kpis/%Y/", blank=True, help_text="A meter reading, invoice or report."
    )
    evidence_sha256 = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of the evidence."
    )
    note = models.CharField(max_length=300, blank=True, help_text="A remark about the value.")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who entered it.",
    )

    class Meta:
        ordering: ClassVar = ["kpi", "period_start", "pk"]
        indexes: ClassVar = [models.Index(fields=["kpi", "period_start"])]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="csr_kpi_value_period_order"
            ),
            models.UniqueConstraint(
                fields=["kpi", "period_start", "period_end"], name="csr_kpi_value_once_a_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kpi_id} {self.period_start}..{self.period_end}: {self.value}"

    @property
    def year(self) -> int:
        return self.period_start.year


class FactorActivity(models.TextChoices):
    NATURAL_GAS = "natural_gas", _("Natural gas (per m3)")
    DIESEL = "diesel", _("Diesel (per litre)")
    PETROL = "petrol", _("Petrol (per litre)")
    ELECTRICITY_GRID_MIX = (
        "electricity_grid_mix",
        _("Electricity, grid average (location-based, per kWh)"),
    )
    ELECTRICITY_GREY = (
        "electricity_grey",
        _("Electricity without guarantees of origin (market-based, per kWh)"),
    )
    ELECTRICITY_GREEN_GO = (
        "electricity_green_go",
        _("Electricity with guarantees of origin (market-based, per kWh)"),
    )
    ELECTRICITY_OWN_SOLAR = "electricity_own_solar", _("Own solar used on site (per kWh)")


class EmissionFactorTable(BaseModel):
    """A versioned set of emission factors; a year uses the newest active table that applies
    from that year or before."""

    name = models.CharField(max_length=200, help_text="E.g. 'CO2emissiefactoren.nl 2024'.")
    version = models.CharField(max_length=40, unique=True, help_text="Version label, unique.")
    applies_from_year = models.PositiveSmallIntegerField(
        help_text="The first reporting year this table is used for."
    )
    source = models.CharField(max_length=300, help_text="Who published the factors.")
    source_url = models.URLField(blank=True, help_text="Where they were published.")
    notes = models.TextField(blank=True, help_text="Caveats, e.g. values marked illustrative.")
    is_active = models.BooleanField(default=True, help_text="Used for calculations.")

    class Meta:
        ordering: ClassVar = ["-applies_from_year", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"


class EmissionFactor(BaseModel):
    """kg CO2e per unit of one activity, in one table."""

    table = models.ForeignKey(
        EmissionFactorTable,
        on_delete=models.CASCADE,
        related_name="factors",
        help_text="The table it belongs to.",
    )
    activity = models.CharField(
        max_length=30, choices=FactorActivity.choices, help_text="The activity."
    )
    unit = models.CharField(max_length=20, help_text="The activity unit: m3, l or kWh.")
    kg_co2e_per_unit = models.DecimalField(
        max_digits=12, decimal_places=6, help_text="kg CO2-equivalent per unit of activity."
    )
    source = models.CharField(max_length=300, help_text="Where the value comes from.")
    year = models.PositiveSmallIntegerField(help_text="The year the value was published for.")
    illustrative = models.BooleanField(
        default=False, help_text="Not confirmed against the source: check before relying on it."
    )

    class Meta:
        ordering: ClassVar = ["table", "activity"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["table", "activity"], name="csr_factor_once_a_table"),
            models.CheckConstraint(
                condition=Q(kg_co2e_per_unit__gte=0), name="csr_factor_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity}: {self.kg_co2e_per_unit} kg/{self.unit}"


class EmissionLine(models.Model):
    """One computed emission figure: a year's activity of one source times its factors.

    Written only by `emissions_recalculate`, which replaces a year's lines whenever its activity
    data or the factor table that applies to it changes.
    """

    year = models.PositiveSmallIntegerField(db_index=True, help_text="The reporting year.")
    source = models.CharField(max_length=30, choices=GhgSource.choices, help_text="Source.")
    scope = models.PositiveSmallIntegerField(help_text="GHG Protocol scope: 1 or 2.")
    activity_amount = models.DecimalField(
        max_digits=18, decimal_places=3, help_text="The year's activity data."
    )
    unit = models.CharField(max_length=20, help_text="Its unit.")
    location_factor = models.DecimalField(
        max_digits=12, decimal_places=6, null=True, help_text="kg CO2e/unit, location-based."
    )
    market_factor = models.DecimalField(
        max_digits=12, decimal_places=6, null=True, help_text="kg CO2e/unit, market-based."
    )
    kg_location = models.DecimalField(
        max_digits=18, decimal_places=3, null=True, help_text="kg CO2e, location-based."
    )
    kg_market = models.DecimalField(
        max_digits=18, decimal_places=3, null=True, help_text="kg CO2e, market-based."
    )
    problem = models.CharField(
        max_length=200, blank=True, help_text="Why it could not be computed (missing factor…)."
    )
    factor_table = models.ForeignKey(
        EmissionFactorTable,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The factor table used.",
    )
    computed_at = models.DateTimeField(auto_now=True, help_text="When it was computed.")

    class Meta:
        ordering: ClassVar = ["year", "scope", "source"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["year", "source"], name="csr_emission_line_once"),
            models.CheckConstraint(condition=Q(scope__in=[1, 2]), name="csr_emission_scope_1_2"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.source}: {self.kg_location}/{self.kg_market} kg"
