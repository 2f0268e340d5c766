"""The legal-wage table and the wage and working-hours analyser's runs.

- `LegalWage`: the legal minimum hourly wage (and the overtime premiums, and where local law
  is stricter than the ETI Base Code the weekly hour limits and the minimum age) for a country,
  optionally one region or a list of areas in it, from a date (until a date), with its source.
  `selectors.rules_for_facility` turns the row that fits a facility into analyser rules.
- `WageHoursRun`: one analysis of three uploaded files (workers, time, pay) for an audit or a
  facility: the stored files, the rules used (a snapshot), the status (queued → running →
  done, or failed with the input problems), the report and the counts by rule.
- `RunWeek`: hours per worker per ISO week of a finished run, for the charts.
- `DraftedFinding`: which findings of a run were turned into draft audit findings.

No domain logic lives here: the analysis is `sourceproof.wagehours`, the writes are services.
See docs/payroll.md.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sourceproof.core.models import BaseModel
from sourceproof.facilities.models import country_code_validator

currency_validator = RegexValidator(
    r"^[A-Z]{3}$", _("Use the three-letter ISO 4217 currency code in capitals, e.g. CNY.")
)


class LegalWage(BaseModel):
    """The legal minimum wage and the related limits for a country or a region of it.

    A row without a region holds for the whole country; a row with a region holds for the
    facilities whose region (or city) is the region's name or one of its `areas`. A row with a
    `sector` holds only for that sector and is used only when a person picks it for a run.
    """

    country = models.CharField(
        max_length=2,
        validators=[country_code_validator],
        help_text="ISO 3166-1 alpha-2 country code, e.g. CN.",
    )
    region = models.CharField(
        max_length=100,
        blank=True,
        help_text="The region as the law names it, e.g. Zhejiang or Region I; empty: the whole "
        "country.",
    )
    areas = models.TextField(
        blank=True,
        help_text="Other names of the places the row covers, one per line or comma-separated, "
        "matched against a facility's region and city (e.g. Hangzhou, Ningbo).",
    )
    sector = models.CharField(
        max_length=100,
        blank=True,
        help_text="The sector the rate is set for (e.g. ready-made garments); empty: every "
        "sector. A sector row is only used when picked for a run.",
    )
    effective_from = models.DateField(help_text="First day the rate applies.")
    effective_until = models.DateField(
        null=True, blank=True, help_text="Last day the rate applies; empty: until replaced."
    )
    minimum_hourly_wage = models.DecimalField(
        max_digits=14,
        decimal_places=4,
        validators=[MinValueValidator(0)],
        help_text="The legal minimum gross wage per regular hour, in the currency.",
    )
    currency = models.CharField(
        max_length=3, validators=[currency_validator], help_text="ISO 4217 code, e.g. CNY."
    )
    overtime_premium_working = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        default=1.25,
        validators=[MinValueValidator(1)],
        help_text="Overtime pay on a working day as a multiple of the regular rate (ETI: 1.25).",
    )
    overtime_premium_rest = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        default=1.25,
        validators=[MinValueValidator(1)],
        help_text="Overtime pay on a rest day as a multiple of the regular rate.",
    )
    overtime_premium_holiday = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        default=1.25,
        validators=[MinValueValidator(1)],
        help_text="Overtime pay on a public holiday as a multiple of the regular rate.",
    )
    weekly_regular_hours_max = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Regular hours a week, where local law is stricter than ETI 6.2 (48).",
    )
    weekly_total_hours_max = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Total hours a week, where local law is stricter than ETI 6.4 (60).",
    )
    minimum_age = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Minimum age for work, where local law is stricter than ILO C138 (15).",
    )
    source_text = models.CharField(
        max_length=300, help_text="The law, decree or notice the figures come from."
    )
    source_url = models.URLField(max_length=500, blank=True, help_text="Where to read it.")
    source_year = models.PositiveSmallIntegerField(help_text="Year of the source.")
    notes = models.TextField(
        blank=True,
        help_text="How the hourly figure was derived (e.g. monthly minimum / 174 hours) and "
        "what to check.",
    )
    is_illustrative = models.BooleanField(
        default=False,
        help_text="Seeded or derived loosely: check it against the law before relying on it.",
    )

    class Meta:
        ordering: ClassVar = ["country", "region", "sector", "-effective_from"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(effective_until__isnull=True)
                | Q(effective_until__gte=F("effective_from")),
                name="legal_wage_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(minimum_hourly_wage__gt=0), name="legal_wage_positive"
            ),
            models.CheckConstraint(
                condition=Q(
                    overtime_premium_working__gte=1,
                    overtime_premium_rest__gte=1,
                    overtime_premium_holiday__gte=1,
                ),
                name="legal_wage_premiums_at_least_one",
            ),
            models.UniqueConstraint(
                fields=["country", "region", "sector", "effective_from"],
                name="legal_wage_one_rate_per_place_and_day",
            ),
        ]

    def __str__(self) -> str:
        place = " / ".join(p for p in (self.country, self.region, self.sector) if p)
        return f"{place} from {self.effective_from.isoformat()}"

    @property
    def listed_areas(self) -> list[str]:
        """The areas, as written (one per line or comma-separated)."""
        return [a.strip() for a in self.areas.replace(",", "\n").splitlines() if a.strip()]

    @property
    def area_names(self) -> list[str]:
        """The region and every listed area, as written."""
        return ([self.region] if self.region else []) + self.listed_areas


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class RunStage(models.TextChoices):
    """How far a running analysis has got, for the progress display."""

    WAITING = "waiting", _("Waiting for a worker")
    READING = "reading", _("Reading and checking the files")
    CHECKING = "checking", _("Checking the rules")
    SAVING = "saving", _("Saving the results")
    FINISHED = "finished", _("Finished")


class WageHoursRun(BaseModel):
    """One analysis of workers, time and pay records against rules, for an audit or a facility."""

    facility = models.ForeignKey(
        "facilities.Facility",
        on_delete=models.PROTECT,
        related_name="wage_hours_runs",
        help_text="The facility whose records these are.",
    )
    audit = models.ForeignKey(
        "audits.Audit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="wage_hours_runs",
        help_text="The audit the records were collected for (empty: the facility only).",
    )
    workers_file = models.FileField(
        upload_to="payroll/runs/%Y/%m/", help_text="The workers file (CSV or XLSX)."
    )
    time_file = models.FileField(
        upload_to="payroll/runs/%Y/%m/", help_text="The time records (CSV or XLSX)."
    )
    pay_file = models.FileField(
        upload_to="payroll/runs/%Y/%m/", help_text="The pay records (CSV or XLSX)."
    )
    files = models.JSONField(
        default=dict,
        help_text="Per file (workers, time, pay): the name on upload, format, size, SHA-256.",
    )
    wage_date = models.DateField(help_text="The day whose legal wage and limits were applied.")
    legal_wage = models.ForeignKey(
        LegalWage,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="runs",
        help_text="The legal-wage row the rules came from (empty: overrides only).",
    )
    rules = models.JSONField(
        help_text="The rules used, as the analyser's TOML keys (a snapshot, not a link)."
    )
    overrides = models.JSONField(
        default=dict, blank=True, help_text="The rule values given by hand for this run."
    )
    status = models.CharField(
        max_length=10,
        choices=RunStatus.choices,
        default=RunStatus.QUEUED,
        db_index=True,
        help_text="Queued, running, done, or failed.",
    )
    stage = models.CharField(
        max_length=10,
        choices=RunStage.choices,
        default=RunStage.WAITING,
        help_text="How far the analysis has got.",
    )
    problems = models.JSONField(
        default=list,
        blank=True,
        help_text="Why the inputs could not be used: file, row, column, message per problem.",
    )
    problems_omitted = models.PositiveIntegerField(
        default=0, help_text="Further problems counted but not listed."
    )
    error = models.CharField(
        max_length=300, blank=True, help_text="An unexpected failure, for the operator's admin."
    )
    report = models.JSONField(
        default=dict,
        blank=True,
        help_text='The analyser\'s JSON: {"findings": [...], "not_checked": [...]}.',
    )
    not_checked_details = models.JSONField(
        default=list, blank=True, help_text="What was not checked for each worker, and when."
    )
    counts = models.JSONField(default=dict, blank=True, help_text="Findings per rule.")
    summary = models.JSONField(
        default=dict,
        blank=True,
        help_text="Totals and chart data: workers, weeks, the weekly-hours distribution.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who uploaded the files.",
    )
    started_at = models.DateTimeField(null=True, blank=True, help_text="When the analysis began.")
    finished_at = models.DateTimeField(null=True, blank=True, help_text="When it ended.")

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [models.Index(fields=["facility", "-created_at"])]

    def __str__(self) -> str:
        return f"Wage-hours run {self.pk} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)

    @property
    def finding_count(self) -> int:
        return sum(int(n) for n in (self.counts or {}).values())


class RunWeek(models.Model):
    """Hours of one worker in one ISO week of a finished run (for the charts)."""

    run = models.ForeignKey(
        WageHoursRun, on_delete=models.CASCADE, related_name="weeks", help_text="The run."
    )
    worker_id = models.CharField(max_length=100, help_text="The worker, as in the files.")
    week_start = models.DateField(help_text="Monday of the ISO week.")
    regular_hours = models.FloatField(help_text="Regular hours in the week.")
    total_hours = models.FloatField(help_text="Regular plus overtime hours in the week.")

    class Meta:
        ordering: ClassVar = ["run", "worker_id", "week_start"]
        indexes: ClassVar = [models.Index(fields=["run", "worker_id", "week_start"])]

    def __str__(self) -> str:
        return f"{self.worker_id} {self.week_start.isoformat()}"


class DraftedFinding(models.Model):
    """A finding of a run that became a draft audit finding (so it is not drafted twice)."""

    run = models.ForeignKey(
        WageHoursRun, on_delete=models.CASCADE, related_name="drafted", help_text="The run."
    )
    position = models.PositiveIntegerField(
        help_text="The finding's place in the run's report (0 = first)."
    )
    finding = models.ForeignKey(
        "audits.Finding",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The draft audit finding made from it.",
    )
    created_at = models.DateTimeField(auto_now_add=True, help_text="When it was drafted.")

    class Meta:
        ordering: ClassVar = ["run", "position"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["run", "position"], name="drafted_once_per_run")
        ]

    def __str__(self) -> str:
        return f"run {self.run_id} #{self.position}"
