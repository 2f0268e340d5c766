"""Forms of the CSR pages: they validate input at the edge; the services decide."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sourceproof.csr import kpis
from sourceproof.csr.models import (
    ActionStatus,
    Channel,
    ControlOutcome,
    CoreSubject,
    DecisionStatus,
    EmissionFactorTable,
    EvidenceScope,
    FollowUpStatus,
    Frequency,
    MaturityLevel,
    Medal,
    Stakeholder,
    StakeholderType,
)
from sourceproof.csr.selectors.common import operator_users

DATE = forms.DateInput(attrs={"type": "date"})
ASPECT_CHOICES = [(n, f"{n:+d}" if n else "0") for n in (-2, -1, 0, 1, 2)]


def _year_field(**extra: Any) -> forms.IntegerField:
    extra.setdefault("label", _("Year"))
    return forms.IntegerField(min_value=2000, max_value=2100, **extra)


def period_choices() -> list[tuple[str, str]]:
    months = [
        _("January"), _("February"), _("March"), _("April"), _("May"), _("June"), _("July"),
        _("August"), _("September"), _("October"), _("November"), _("December"),
    ]  # fmt: skip
    choices: list[tuple[str, Any]] = [("year", _("Whole year"))]
    choices += [(f"q{q}", _("Quarter %(q)d") % {"q": q}) for q in range(1, 5)]
    choices += [(f"m{m:02d}", months[m - 1]) for m in range(1, 13)]
    assert [c for c, _label in choices] == list(kpis.PERIODS)
    return choices


class OwnerField(forms.ModelChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=operator_users(), label=_("Owner"), **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.email


# --------------------------------------------------------------------------- scorecard


class EvidenceForm(forms.Form):
    title = forms.CharField(label=_("What the document is"), max_length=200)
    evidence_date = forms.DateField(label=_("Date of the document"), widget=DATE)
    signed = forms.BooleanField(label=_("Signed by management"), required=False)
    scope = forms.ChoiceField(label=_("Covers"), choices=EvidenceScope.choices)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    document = forms.FileField(
        label=_("Document (PDF, JPEG or PNG)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )


class SnapshotForm(forms.Form):
    year = _year_field()


class PolicyForm(forms.Form):
    stale_after_months = forms.IntegerField(
        label=_("Evidence is stale after (months)"), min_value=1, max_value=120
    )
    stale_factor = forms.DecimalField(
        label=_("Credit for stale evidence (0-1)"), min_value=0, max_value=1, decimal_places=2
    )
    unsigned_factor = forms.DecimalField(
        label=_("Credit for unsigned evidence (0-1)"), min_value=0, max_value=1, decimal_places=2
    )
    group_only_factor = forms.DecimalField(
        label=_("Credit for group-level-only evidence (0-1)"),
        min_value=0,
        max_value=1,
        decimal_places=2,
    )
    theme_minimum = forms.DecimalField(
        label=_("Minimum score of every theme for a medal"),
        min_value=0,
        max_value=100,
        decimal_places=2,
    )

    def __init__(
        self, *args: Any, thresholds: dict[str, Decimal] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for medal, label in Medal.choices:
            self.fields[f"medal_{medal}"] = forms.DecimalField(
                label=_("%(medal)s from overall score") % {"medal": label},
                min_value=0,
                max_value=100,
                decimal_places=2,
                initial=(thresholds or {}).get(medal),
            )

    def thresholds(self) -> dict[str, Decimal]:
        return {m: self.cleaned_data[f"medal_{m}"] for m in Medal.values}


def _weight_field(label: str, initial: Decimal) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, initial=initial, min_value=0, max_value=1000, decimal_places=2
    )


class WeightsForm(forms.Form):
    """One weight per theme, criterion and indicator, and whether each criterion counts."""

    def __init__(
        self, *args: Any, themes: Any, criteria: Any, indicators: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.themes, self.criteria, self.indicators = themes, criteria, indicators
        for t in themes:
            self.fields[f"theme_{t.code}"] = _weight_field(t.name, t.weight)
        for c in criteria:
            self.fields[f"criterion_{c.code}"] = _weight_field(c.name, c.weight)
            self.fields[f"active_{c.code}"] = forms.BooleanField(
                label=_("counts"), required=False, initial=c.is_active
            )
        for i in indicators:
            self.fields[f"indicator_{i.code}"] = _weight_field(i.name, i.weight)

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "themes": {t.code: data[f"theme_{t.code}"] for t in self.themes},
            "criteria": {
                c.code: (data[f"criterion_{c.code}"], data[f"active_{c.code}"])
                for c in self.criteria
            },
            "indicators": {i.code: data[f"indicator_{i.code}"] for i in self.indicators},
        }

    def rows(self) -> dict[str, list[Any]]:
        return {
            "themes": [self[f"theme_{t.code}"] for t in self.themes],
            "criteria": [
                (c, self[f"criterion_{c.code}"], self[f"active_{c.code}"]) for c in self.criteria
            ],
            "indicators": [self[f"indicator_{i.code}"] for i in self.indicators],
        }


# --------------------------------------------------------------------------- self-assessment


class AssessmentStartForm(forms.Form):
    year = _year_field()


class AnswersForm(forms.Form):
    """Every question of an assessment: maturity, evidence text and an optional document."""

    def __init__(self, *args: Any, answers: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.answers = answers
        for a in answers:
            self.fields[f"maturity_{a.pk}"] = forms.TypedChoiceField(
                label=_("Maturity"),
                choices=[("", "—"), *MaturityLevel.choices],
                coerce=int,
                empty_value=None,
                required=False,
                initial=a.maturity,
            )
            self.fields[f"evidence_{a.pk}"] = forms.CharField(
                label=_("Evidence"),
                required=False,
                initial=a.evidence,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"file_{a.pk}"] = forms.FileField(
                label=_("Document"),
                required=False,
                widget=forms.ClearableFileInput(
                    attrs={"accept": "application/pdf,image/jpeg,image/png"}
                ),
            )

    def field_rows(self) -> dict[int, tuple[Any, Any, Any]]:
        return {
            a.pk: (self[f"maturity_{a.pk}"], self[f"evidence_{a.pk}"], self[f"file_{a.pk}"])
            for a in self.answers
        }

    def changed_answers(self) -> list[tuple[Any, int | None, str, Any]]:
        """(answer, maturity, evidence, upload) for each answer whose input differs."""
        out = []
        for a in self.answers:
            maturity = self.cleaned_data.get(f"maturity_{a.pk}")
            evidence = self.cleaned_data.get(f"evidence_{a.pk}") or ""
            upload = self.cleaned_data.get(f"file_{a.pk}") or None
            if maturity != a.maturity or evidence != a.evidence or upload is not None:
                out.append((a, maturity, evidence, upload))
        return out


class SummaryForm(forms.Form):
    summary = forms.CharField(
        label=_("Conclusions for the year"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ImprovementActionForm(forms.Form):
    title = forms.CharField(label=_("What will be done"), max_length=200)
    subject = forms.ModelChoiceField(
        queryset=CoreSubject.objects.all(), label=_("Core subject"), required=False
    )
    owner = OwnerField()
    due_date = forms.DateField(label=_("Due date"), widget=DATE)


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)


# --------------------------------------------------------------------------- KPIs and emissions


class KpiValueForm(forms.Form):
    year = _year_field()
    period = forms.ChoiceField(label=_("Period"), choices=period_choices)
    value = forms.DecimalField(label=_("Value"), max_digits=16, decimal_places=3, min_value=0)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    evidence = forms.FileField(
        label=_("Evidence (optional: PDF, JPEG or PNG)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class TargetForm(forms.Form):
    year = _year_field()
    target = forms.DecimalField(
        label=_("Target (empty: remove)"), max_digits=16, decimal_places=3, required=False
    )


class FactorForm(forms.Form):
    kg_co2e_per_unit = forms.DecimalField(
        label=_("kg CO2e per unit"), max_digits=12, decimal_places=6, min_value=0
    )
    source = forms.CharField(label=_("Source"), max_length=300)
    year = forms.IntegerField(label=_("Published for year"), min_value=1990, max_value=2100)
    illustrative = forms.BooleanField(
        label=_("Illustrative (not confirmed against the source)"), required=False
    )


class FactorTableForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    version = forms.CharField(label=_("Version label"), max_length=40)
    applies_from_year = _year_field(label=_("Used from reporting year"))
    source = forms.CharField(label=_("Source"), max_length=300)
    source_url = forms.URLField(label=_("Source address"), required=False, assume_scheme="https")
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    copy_from = forms.ModelChoiceField(
        queryset=EmissionFactorTable.objects.all(), label=_("Copy the factors of"), required=False
    )


# --------------------------------------------------------------------------- decisions


class DecisionForm(forms.Form):
    title = forms.CharField(label=_("Decision"), max_length=200)
    context = forms.CharField(
        label=_("Why a decision is needed"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    decided_on = forms.DateField(label=_("Date"), widget=DATE)


class OptionForm(forms.Form):
    label = forms.CharField(label=_("Option"), max_length=200)
    description = forms.CharField(
        label=_("What it would mean"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    economic_score = forms.TypedChoiceField(
        label=_("Economic (-2 to +2)"), choices=ASPECT_CHOICES, coerce=int, initial=0
    )
    economic_rationale = forms.CharField(label=_("Why (economic)"), max_length=500)
    social_score = forms.TypedChoiceField(
        label=_("Social (-2 to +2)"), choices=ASPECT_CHOICES, coerce=int, initial=0
    )
    social_rationale = forms.CharField(label=_("Why (social)"), max_length=500)
    environmental_score = forms.TypedChoiceField(
        label=_("Environmental (-2 to +2)"), choices=ASPECT_CHOICES, coerce=int, initial=0
    )
    environmental_rationale = forms.CharField(label=_("Why (environmental)"), max_length=500)


class ChooseForm(forms.Form):
    option = forms.IntegerField(widget=forms.HiddenInput)


class DecisionFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *DecisionStatus.choices]
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)


# --------------------------------------------------------------------------- stakeholders


class StakeholderForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    stakeholder_type = forms.ChoiceField(label=_("Type"), choices=StakeholderType.choices)
    contact_name = forms.CharField(label=_("Contact person"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("Contact email"), required=False)
    interests = forms.CharField(
        label=_("What matters to them"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    is_active = forms.BooleanField(label=_("Still in the dialogue"), required=False, initial=True)


class StakeholderFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    stakeholder_type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("Any")), *StakeholderType.choices]
    )


class DialogueForm(forms.Form):
    stakeholder = forms.ModelChoiceField(
        queryset=Stakeholder.objects.none(), label=_("Stakeholder")
    )
    topic = forms.CharField(label=_("Topic"), max_length=200)
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, stakeholders: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["stakeholder"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = stakeholders


class DialogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    stakeholder_type = forms.ChoiceField(
        label=_("Stakeholder type"),
        required=False,
        choices=[("", _("Any")), *StakeholderType.choices],
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)


class FollowUpForm(forms.Form):
    description = forms.CharField(label=_("Agreed follow-up"), max_length=300)
    owner = OwnerField()
    due_date = forms.DateField(label=_("Due date"), widget=DATE)


class FollowUpStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=FollowUpStatus.choices)


# --------------------------------------------------------------------------- controls


class ControlForm(forms.Form):
    title = forms.CharField(label=_("What is checked"), max_length=200)
    method = forms.CharField(
        label=_("How"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    owner = OwnerField()
    frequency_months = forms.TypedChoiceField(
        label=_("How often"), choices=Frequency.choices, coerce=int
    )
    first_due = forms.DateField(label=_("First due"), widget=DATE)
    is_active = forms.BooleanField(label=_("In the calendar"), required=False, initial=True)


class ControlResultForm(forms.Form):
    performed_on = forms.DateField(label=_("Run on"), widget=DATE)
    outcome = forms.ChoiceField(label=_("Result"), choices=ControlOutcome.choices)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


# --------------------------------------------------------------------------- reports


class ReportRequestForm(forms.Form):
    year = _year_field()
    correction_reason = forms.CharField(
        label=_("Why again (only when the year's report was already issued)"),
        max_length=300,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year - 1
