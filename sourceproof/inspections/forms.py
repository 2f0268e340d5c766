"""Forms of the inspection pages: filters, booking, starting, performing, reviewing, and the
quality library. They validate input at the edge; the rules live in the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sourceproof.accounts.models import User
from sourceproof.inspections.models import (
    CheckpointKind,
    CheckpointStatus,
    DefectCategory,
    DefectClass,
    DefectType,
    GeneralLevel,
    InspectionType,
    OnsiteTest,
    OverrideVerdict,
    SpecialLevel,
    StreamSeverity,
)
from sourceproof.inspections.services import (
    CORRECTIVE_ACTION_MIN_LENGTH,
    DECISION_NOTE_MIN_LENGTH,
    OVERRIDE_REASON_MIN_LENGTH,
    CheckpointInput,
    Colour,
)
from sourceproof.orders.models import OrderLine
from sourceproof.sampling import Aql

# AQLs that count nonconforming units (the standard's preferred values up to 10).
AQL_CHOICES = [(a.text, a.text) for a in Aql.all() if not a.is_per_hundred_only]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class InspectorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.full_name or obj.email


def _inspector_field(required: bool = False) -> InspectorChoiceField:
    return InspectorChoiceField(
        queryset=User.objects.none(),
        required=required,
        label=_("Inspector"),
        empty_label=_("— not assigned —"),
    )


# --------------------------------------------------------------------------- list and calendar


class InspectionFilterForm(forms.Form):
    q = forms.CharField(required=False, label=_("Report or order number"))
    status = forms.ChoiceField(required=False, label=_("Status"))
    inspection_type = forms.ChoiceField(required=False, label=_("Type"))
    verdict = forms.ChoiceField(required=False, label=_("Verdict"))
    facility = forms.CharField(required=False, label=_("Facility code"))
    customer = forms.ChoiceField(required=False, label=_("Customer"))
    inspector = forms.TypedChoiceField(required=False, coerce=int, label=_("Inspector"))

    def __init__(self, *args: Any, choices: dict[str, list[tuple[Any, str]]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        for name in ("status", "inspection_type", "verdict", "customer", "inspector"):
            self.fields[name].choices = everything + choices[name]  # type: ignore[attr-defined]
        if not choices["customer"]:
            del self.fields["customer"]
        if not choices["inspector"]:
            del self.fields["inspector"]


class MonthForm(forms.Form):
    month = forms.RegexField(regex=r"^\d{4}-\d{2}$", required=False)

    def year_month(self, today: dt.date) -> tuple[int, int]:
        value = self.cleaned_data.get("month") if self.is_valid() else None
        if value:
            year, month = (int(part) for part in value.split("-"))
            if 1 <= month <= 12 and 2000 <= year <= 2100:
                return year, month
        return today.year, today.month


# --------------------------------------------------------------------------- booking


class BookingForm(forms.Form):
    order = forms.CharField(max_length=30, label=_("Order number"))
    inspection_type = forms.ChoiceField(choices=InspectionType.choices, label=_("Type"))
    planned_date = forms.DateField(widget=DateInput(), label=_("Planned date"))
    inspector = _inspector_field()
    lines = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Lines"),
        help_text=_("None ticked: the whole order. All lines must be of one product category."),
    )
    lot_size = forms.IntegerField(
        required=False,
        min_value=2,
        label=_("Lot size"),
        help_text=_("Empty: the quantity of the lines inspected."),
    )
    level = forms.ChoiceField(required=False, label=_("Inspection level"))
    major_aql = forms.ChoiceField(required=False, label=_("AQL major"))
    minor_aql = forms.ChoiceField(required=False, label=_("AQL minor"))

    def __init__(
        self,
        *args: Any,
        inspectors: Any,
        order_lines: list[OrderLine] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        default = [("", _("Default (policy and overrides)"))]
        self.fields["inspector"].queryset = inspectors  # type: ignore[attr-defined]
        self.fields["level"].choices = default + list(GeneralLevel.choices)  # type: ignore[attr-defined]
        self.fields["major_aql"].choices = default + AQL_CHOICES  # type: ignore[attr-defined]
        self.fields["minor_aql"].choices = default + AQL_CHOICES  # type: ignore[attr-defined]
        self.order_lines = order_lines or []
        self.fields["lines"].choices = [  # type: ignore[attr-defined]
            (
                str(li.pk),
                f"{li.product.sku} · {li.product.name} · {li.product.category.name} · {li.quantity}",
            )
            for li in self.order_lines
        ]

    def chosen_lines(self) -> list[OrderLine]:
        ids = {int(v) for v in self.cleaned_data.get("lines") or []}
        return [li for li in self.order_lines if li.pk in ids]


class InspectionEditForm(forms.Form):
    planned_date = forms.DateField(widget=DateInput(), label=_("Planned date"))
    inspector = _inspector_field()
    lot_size = forms.IntegerField(min_value=2, label=_("Lot size"))
    level = forms.ChoiceField(choices=GeneralLevel.choices, label=_("Inspection level"))
    major_aql = forms.ChoiceField(choices=AQL_CHOICES, label=_("AQL major"))
    minor_aql = forms.ChoiceField(choices=AQL_CHOICES, label=_("AQL minor"))

    def __init__(self, *args: Any, inspectors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["inspector"].queryset = inspectors  # type: ignore[attr-defined]


class CancelForm(forms.Form):
    reason = forms.CharField(max_length=300, label=_("Why is it cancelled?"))


# --------------------------------------------------------------------------- performing


class StartForm(forms.Form):
    produced_percent = forms.IntegerField(
        required=False, min_value=0, max_value=100, label=_("Produced (%)")
    )
    packed_percent = forms.IntegerField(
        required=False, min_value=0, max_value=100, label=_("Packed (%)")
    )
    lot_size = forms.IntegerField(
        required=False,
        min_value=2,
        label=_("Lot size"),
        help_text=_("Change only if the lot on site differs from the booking."),
    )

    def __init__(self, *args: Any, inspection_type: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if inspection_type != InspectionType.DUPRO:
            del self.fields["produced_percent"]
        else:
            self.fields["produced_percent"].required = True
        if inspection_type != InspectionType.PSI:
            del self.fields["packed_percent"]
        else:
            self.fields["packed_percent"].required = True


def parse_measurements(text: str) -> list[dict[str, Any]]:
    """Measurements typed one per line (or separated by ';'): "95.2" or "3: 95.2" (unit 3)."""
    found: list[dict[str, Any]] = []
    for raw in text.replace(";", "\n").splitlines():
        item = raw.strip()
        if not item:
            continue
        unit: str | None = None
        if ":" in item:
            unit, item = (part.strip() for part in item.split(":", 1))
        found.append({"unit": unit or None, "value": item})
    return found


def format_measurements(values: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{m['unit']}: {m['value']}" if m.get("unit") else str(m["value"]) for m in values
    )


class ResultForm(forms.Form):
    status = forms.ChoiceField(choices=CheckpointStatus.choices, label=_("Result"))
    measurements = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Measured values"),
        help_text=_('One per line: "95.2", or "3: 95.2" for unit 3 of the sample.'),
    )
    note = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Note")
    )

    def measurement_values(self) -> list[dict[str, Any]] | None:
        text = self.cleaned_data.get("measurements") or ""
        return parse_measurements(text) if self.add_prefix("measurements") in self.data else None


class DefectForm(forms.Form):
    defect_type = forms.ModelChoiceField(
        queryset=DefectType.objects.none(), label=_("Defect"), to_field_name="code"
    )
    unit_number = forms.IntegerField(
        required=False,
        min_value=1,
        label=_("Unit number"),
        help_text=_("Which unit of the sample; several defects on one unit count once."),
    )
    count = forms.IntegerField(min_value=1, initial=1, label=_("Units"))
    checkpoint_key = forms.ChoiceField(required=False, label=_("Found at checkpoint"))
    note = forms.CharField(required=False, max_length=500, label=_("Note"))

    def __init__(
        self, *args: Any, defect_types: Any, checkpoints: list[tuple[str, str]], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.fields["defect_type"].queryset = defect_types  # type: ignore[attr-defined]
        self.fields["checkpoint_key"].choices = [("", "—"), *checkpoints]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("unit_number") and (data.get("count") or 1) != 1:
            raise ValidationError(_("A numbered unit counts once; leave Units at 1."))
        return data


class AdjustForm(forms.Form):
    defect_type = forms.CharField(max_length=30)
    delta = forms.TypedChoiceField(choices=[("1", "+1"), ("-1", "-1")], coerce=int)


class RemarksForm(forms.Form):
    remarks = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label=_("Remarks")
    )


def parse_colours(text: str) -> list[Colour]:
    """Colours typed one per line: "logo red = 186 C"."""
    colours = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        name, _sep, pantone = line.partition("=")
        colours.append(Colour(name=name.strip(), pantone=pantone.strip()))
    return colours


class GoldenSampleForm(forms.Form):
    seal_number = forms.CharField(max_length=60, label=_("Seal number"))
    colours = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Colours"),
        help_text=_('One per line: "logo red = Pantone 186 C".'),
    )
    logo_position = forms.CharField(required=False, max_length=200, label=_("Logo position"))
    logo_size = forms.CharField(required=False, max_length=100, label=_("Logo size"))
    dimensions = forms.CharField(required=False, max_length=200, label=_("Dimensions"))
    materials = forms.CharField(required=False, max_length=300, label=_("Materials"))
    notes = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label=_("Notes")
    )


# --------------------------------------------------------------------------- reviewing


class DecideForm(forms.Form):
    status = forms.ChoiceField(
        choices=[(CheckpointStatus.PASS, _("Pass")), (CheckpointStatus.FAIL, _("Fail"))],
        label=_("Decision"),
    )
    note = forms.CharField(
        min_length=DECISION_NOTE_MIN_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("Why"),
    )


class ReviewForm(forms.Form):
    note = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Review note")
    )


class OverrideForm(forms.Form):
    verdict = forms.ChoiceField(choices=OverrideVerdict.choices, label=_("Verdict"))
    reason = forms.CharField(
        min_length=OVERRIDE_REASON_MIN_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Reason"),
        help_text=_("Kept forever beside the computed verdict."),
    )


class ResumeForm(forms.Form):
    corrective_action = forms.CharField(
        min_length=CORRECTIVE_ACTION_MIN_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        label=_("The supplier's corrective action"),
    )
    reference = forms.CharField(
        required=False, max_length=100, label=_("Reference (8D, CAPA number…)")
    )


# --------------------------------------------------------------------------- library


class DefectTypeFilterForm(forms.Form):
    q = forms.CharField(required=False, label=_("Code or description"))
    defect_class = forms.ChoiceField(
        required=False, choices=[("", _("All")), *list(DefectClass.choices)], label=_("Class")
    )
    category = forms.ChoiceField(
        required=False,
        choices=[("", _("All")), *list(DefectCategory.choices)],
        label=_("Category"),
    )


class DefectTypeForm(forms.Form):
    code = forms.SlugField(max_length=30, label=_("Code"))
    description_en = forms.CharField(max_length=200, label=_("Description (English)"))
    description_nl = forms.CharField(max_length=200, required=False, label=_("Description (Dutch)"))
    description_zh = forms.CharField(
        max_length=200, required=False, label=_("Description (Simplified Chinese)")
    )
    defect_class = forms.ChoiceField(choices=DefectClass.choices, label=_("Class"))
    category = forms.ChoiceField(choices=DefectCategory.choices, label=_("Category"))
    is_active = forms.BooleanField(required=False, initial=True, label=_("In use"))

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["code"].disabled = True
            self.fields["code"].help_text = _("A defect code never changes.")


class CheckpointForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[("", "—"), *list(CheckpointKind.choices)], required=False, label=_("Kind")
    )
    title = forms.CharField(max_length=200, required=False, label=_("What to check"))
    title_zh = forms.CharField(max_length=200, required=False, label=_("In Chinese"))
    instructions = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("How")
    )
    test_kind = forms.ChoiceField(
        choices=[("", "—"), *list(OnsiteTest.choices)], required=False, label=_("Test")
    )
    nominal = forms.DecimalField(
        required=False, max_digits=12, decimal_places=4, label=_("Nominal")
    )
    tolerance = forms.DecimalField(
        required=False,
        max_digits=12,
        decimal_places=4,
        min_value=Decimal(0),
        label=_("Tolerance ±"),
    )
    unit = forms.CharField(max_length=20, required=False, label=_("Unit"))
    defect_class = forms.ChoiceField(
        choices=DefectClass.choices, initial=DefectClass.MAJOR, label=_("Class if out of tolerance")
    )
    required_photos = forms.IntegerField(
        min_value=0, max_value=20, initial=0, required=False, label=_("Photos required")
    )
    level_override = forms.ChoiceField(
        choices=[("", _("The inspection's level")), *list(SpecialLevel.choices)],
        required=False,
        label=_("Sample level"),
    )


class BaseCheckpointFormSet(forms.BaseFormSet):
    def checkpoint_inputs(self) -> list[CheckpointInput]:
        found = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("DELETE") or not data.get("kind"):
                continue
            found.append(
                CheckpointInput(
                    kind=data["kind"],
                    title=data.get("title") or "",
                    title_zh=data.get("title_zh") or "",
                    instructions=data.get("instructions") or "",
                    test_kind=data.get("test_kind") or "",
                    nominal=data.get("nominal"),
                    tolerance=data.get("tolerance"),
                    unit=data.get("unit") or "",
                    defect_class=data.get("defect_class") or DefectClass.MAJOR,
                    required_photos=data.get("required_photos") or 0,
                    level_override=data.get("level_override") or "",
                )
            )
        return found


CheckpointFormSet = cast(
    type[BaseCheckpointFormSet],
    forms.formset_factory(CheckpointForm, formset=BaseCheckpointFormSet, extra=2, can_delete=True),
)


class ChecklistForm(forms.Form):
    name = forms.CharField(max_length=200, label=_("Name"))
    notes = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("What changed in this version"),
    )


class StreamFilterForm(forms.Form):
    q = forms.CharField(required=False, label=_("Facility"))
    severity = forms.ChoiceField(
        required=False,
        choices=[("", _("All")), *list(StreamSeverity.choices)],
        label=_("Severity"),
    )


class DashboardFilterForm(forms.Form):
    months = forms.TypedChoiceField(
        required=False,
        coerce=int,
        choices=[(3, "3"), (6, "6"), (12, "12"), (24, "24")],
        initial=12,
        label=_("Months"),
    )
    facility = forms.CharField(required=False, label=_("Facility code"))
    category = forms.ChoiceField(required=False, label=_("Product category"))

    def __init__(self, *args: Any, categories: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("All")), *categories]  # type: ignore[attr-defined]
