"""Forms of the payroll pages: every error is shown beside its field."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterable
from typing import Any

from django import forms
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sourceproof.audits.models import Audit, Severity
from sourceproof.payroll.models import LegalWage, RunStatus

_ANY: list[tuple[Any, Any]] = [("", _("Any"))]

OVERRIDES_HELP = _(
    "Optional: rule values that replace the table's, one per line in TOML, e.g. "
    "minimum_age = 16 or overtime_premium.rest = 2.0. Keys: minimum_hourly_wage, currency, "
    "weekly_regular_hours_max, weekly_total_hours_max, consecutive_working_days_max, "
    "minimum_age, adult_age, money_tolerance, overtime_premium.working/rest/holiday."
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def parse_overrides(text: str) -> dict[str, Any]:
    """Rule overrides from TOML (or a JSON object): `{key: value}`; ValueError for a person."""
    text = (text or "").strip()
    if not text:
        return {}
    if text.startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(str(_("Not a valid JSON object: %(error)s")) % {"error": exc}) from exc
    else:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ValueError(str(_("Not valid TOML: %(error)s")) % {"error": exc}) from exc
    if not isinstance(data, dict):
        raise ValueError(str(_("Give the overrides as key = value lines.")))
    return data


class LegalWageChoiceField(forms.ModelChoiceField[LegalWage]):
    def label_from_instance(self, obj: LegalWage) -> str:
        until = obj.effective_until.isoformat() if obj.effective_until else "…"
        place = obj.region or str(_("whole country"))
        sector = f" · {obj.sector}" if obj.sector else ""
        return (
            f"{obj.country} {place}{sector}: {obj.minimum_hourly_wage.normalize():f} "
            f"{obj.currency}/h, {obj.effective_from.isoformat()} to {until}"
        )


class RunForm(forms.Form):
    audit = forms.CharField(
        label=_("Audit reference"),
        required=False,
        max_length=20,
        help_text=_(
            "The audit the records were collected for, e.g. AUD-00042 (or give the facility)."
        ),
    )
    facility = forms.CharField(
        label=_("Facility code"),
        required=False,
        max_length=20,
        help_text=_(
            "The facility the records come from, e.g. FAC-00042 (the audit's when an "
            "audit is given)."
        ),
    )
    workers = forms.FileField(
        label=_("Workers file"),
        help_text=_("CSV or XLSX with worker_id, date_of_birth, hire_date."),
    )
    time = forms.FileField(
        label=_("Time records"),
        help_text=_("CSV or XLSX with worker_id, date, regular_hours, overtime_hours, day_type."),
    )
    pay = forms.FileField(
        label=_("Pay records"),
        help_text=_(
            "CSV or XLSX with worker_id, period_start, period_end, regular_pay, "
            "overtime_pay, currency."
        ),
    )
    wage_date = forms.DateField(
        label=_("Legal wage on"),
        required=False,
        widget=DateInput(),
        help_text=_(
            "The day whose legal minimum wage and limits apply to all the records "
            "(default: the audit's last day, else today). If the minimum changed during the "
            "records, analyse each part on its own."
        ),
    )
    legal_wage = LegalWageChoiceField(
        label=_("Legal-wage row"),
        queryset=LegalWage.objects.none(),
        required=False,
        empty_label=_("Automatic: the most specific row in force"),
        help_text=_("Pick a row to use it instead (rows for a sector are used only when picked)."),
    )
    overrides = forms.CharField(
        label=_("Overrides"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "minimum_age = 16"}),
        help_text=OVERRIDES_HELP,
    )

    def __init__(self, *args: Any, legal_wages: QuerySet[LegalWage], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["legal_wage"].queryset = legal_wages  # type: ignore[attr-defined]

    def clean_overrides(self) -> dict[str, Any]:
        try:
            return parse_overrides(self.cleaned_data.get("overrides") or "")
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("audit") and not data.get("facility") and not self.has_error("facility"):
            self.add_error("facility", _("Give the audit or the facility."))
        return data


class RunFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=_ANY + RunStatus.choices, required=False)
    facility = forms.CharField(label=_("Facility code"), required=False, max_length=20)
    audit = forms.CharField(label=_("Audit reference"), required=False, max_length=20)


class PositionsField(forms.Field):
    """Finding positions from checkboxes (`positions=3&positions=7`), checked against the run
    in the form (a set lookup: a run may have 100,000 findings)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[int]:
        if not value:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        try:
            return [int(v) for v in values]
        except (TypeError, ValueError) as exc:
            raise forms.ValidationError(_("Pick findings from the list.")) from exc


class DraftForm(forms.Form):
    """Which findings of a run become draft findings of which audit."""

    audit = forms.ModelChoiceField(
        label=_("Audit"),
        queryset=Audit.objects.none(),
        empty_label=None,
        help_text=_("The drafts are added to this audit (of the same facility)."),
    )
    positions = PositionsField(label=_("Findings"), required=False)
    rules = forms.MultipleChoiceField(
        label=_("All findings of these rules"), required=False, choices=[]
    )
    severity = forms.ChoiceField(
        label=_("Severity"),
        required=False,
        choices=[("", _("Suggested for each rule")), *Severity.choices],
    )

    def __init__(
        self,
        *args: Any,
        audits: QuerySet[Audit],
        findings: Iterable[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.rule_of = dict(findings)
        self.fields["audit"].queryset = audits  # type: ignore[attr-defined]
        self.fields["rules"].choices = [(r, r) for r in sorted(set(self.rule_of.values()))]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        picked = set(data.get("positions") or [])
        if picked - self.rule_of.keys():
            raise forms.ValidationError(_("Some picked findings do not exist."))
        for rule in data.get("rules") or []:
            picked |= {p for p, r in self.rule_of.items() if r == rule}
        if not picked:
            raise forms.ValidationError(_("Pick at least one finding, or a whole rule."))
        data["picked"] = sorted(picked)
        return data


class LegalWageFilterForm(forms.Form):
    country = forms.CharField(label=_("Country"), required=False, max_length=2)
    q = forms.CharField(label=_("Region, area, sector or source"), required=False, max_length=100)
    on = forms.DateField(label=_("In force on"), required=False, widget=DateInput())


class LegalWageForm(forms.ModelForm[LegalWage]):
    source_url = forms.URLField(
        label=_("Source address"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Where to read it."),
    )

    class Meta:
        model = LegalWage
        fields = (
            "country",
            "region",
            "areas",
            "sector",
            "effective_from",
            "effective_until",
            "minimum_hourly_wage",
            "currency",
            "overtime_premium_working",
            "overtime_premium_rest",
            "overtime_premium_holiday",
            "weekly_regular_hours_max",
            "weekly_total_hours_max",
            "minimum_age",
            "source_text",
            "source_url",
            "source_year",
            "notes",
            "is_illustrative",
        )
        labels = {
            "country": _("Country (ISO code)"),
            "region": _("Region"),
            "areas": _("Areas"),
            "sector": _("Sector"),
            "effective_from": _("In force from"),
            "effective_until": _("In force until"),
            "minimum_hourly_wage": _("Minimum wage per hour"),
            "currency": _("Currency"),
            "overtime_premium_working": _("Overtime premium, working day"),
            "overtime_premium_rest": _("Overtime premium, rest day"),
            "overtime_premium_holiday": _("Overtime premium, public holiday"),
            "weekly_regular_hours_max": _("Regular hours a week (if stricter than 48)"),
            "weekly_total_hours_max": _("Total hours a week (if stricter than 60)"),
            "minimum_age": _("Minimum age (if stricter than 15)"),
            "source_text": _("Source"),
            "source_url": _("Source address"),
            "source_year": _("Source year"),
            "notes": _("Notes"),
            "is_illustrative": _("Illustrative (check before relying on it)"),
        }
        widgets = {
            "effective_from": DateInput(),
            "effective_until": DateInput(),
            "areas": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_country(self) -> str:
        return str(self.cleaned_data.get("country") or "").strip().upper()

    def clean_currency(self) -> str:
        return str(self.cleaned_data.get("currency") or "").strip().upper()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("effective_from"), data.get("effective_until")
        if start and end and end < start:
            self.add_error("effective_until", _("The last day cannot be before the first day."))
        return data

    def _post_clean(self) -> None:
        """Run the model fields' validators (ranges, codes) so every error shows at once; the
        service validates the whole row again (uniqueness too) with messages by field."""
        for name in self.Meta.fields:
            if name not in self.cleaned_data or self.cleaned_data[name] in (None, ""):
                continue
            model_field = LegalWage._meta.get_field(name)
            if not isinstance(model_field, models.Field):
                continue
            try:
                model_field.run_validators(self.cleaned_data[name])
            except forms.ValidationError as exc:
                self.add_error(name, exc)
