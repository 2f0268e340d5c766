"""The AQL calculator's form: a GET form, shared by the page and the /classes API endpoint.

A parameter left out of the query takes its default (major 2.5, minor 4.0, level II,
normal, ISO 2859-1:1999); a parameter given empty means "no such class" for major and
minor, and zero acceptance for critical.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from sourceproof.inspections.calculator import CalculatorRequest, check_level
from sourceproof.sampling import Aql, PolicyError, SamplingError
from sourceproof.sampling.tables import AQL_COLUMNS

EDITION_CHOICES = [
    ("iso2859-1", _("ISO 2859-1:1999")),
    ("z1.4", _("ANSI/ASQ Z1.4 (MIL-STD-105E)")),
]
INSPECTION_CHOICES = [
    ("normal", _("Normal")),
    ("tightened", _("Tightened")),
    ("reduced", _("Reduced")),
]
LEVEL_CHOICES = [
    (
        _("General levels"),
        [
            ("II", _("II (the operator's minimum)")),
            ("III", _("III (larger samples)")),
            ("I", _("I (below the operator's minimum)")),
        ],
    ),
    (
        _("Special levels: measurement and on-site tests only"),
        [("S-1", "S-1"), ("S-2", "S-2"), ("S-3", "S-3"), ("S-4", "S-4")],
    ),
]
AQL_VALUES = AQL_COLUMNS  # the standard's 26 preferred AQLs, as printed


class AqlField(forms.CharField):
    """An AQL written as in the standard ("0.65", "1", "1.0"); empty is None."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"inputmode": "decimal", "list": "aql-values", "autocomplete": "off"}
            ),
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Aql | None:  # type: ignore[override]
        text = (super().to_python(value) or "").strip().replace(",", ".")
        if not text:
            return None
        try:
            return Aql.parse(text)
        except SamplingError:
            raise forms.ValidationError(
                _("%(value)s is not an AQL of the standard. Use one of %(values)s."),
                code="unknown_aql",
                params={"value": text, "values": ", ".join(AQL_VALUES)},
            ) from None

    def prepare_value(self, value: Any) -> Any:
        return value.text if isinstance(value, Aql) else value


class CalculatorForm(forms.Form):
    lot_size = forms.IntegerField(
        label=_("Lot size"),
        min_value=2,
        help_text=_("The number of items in the lot (2 or more)."),
        error_messages={
            "required": _("Enter the lot size."),
            "invalid": _("Enter the lot size as a whole number of items."),
            "min_value": _("The lot size must be at least 2 items."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 2, "step": 1}),
    )
    level = forms.ChoiceField(
        label=_("Inspection level"),
        choices=LEVEL_CHOICES,
        initial="II",
        help_text=_(
            "The operator's minimum is general level II. The special levels S-1 to S-4 take "
            "small samples with large risks: use them only for measurement tests and on-site "
            "tests that are costly or destroy the item, never for the visual inspection of a lot."
        ),
    )
    critical = AqlField(
        label=_("AQL critical"),
        help_text=_(
            "Leave empty: zero acceptance, one critical nonconformity in the sample rejects "
            "the lot. The standard has no “AQL 0” (its smallest AQL is 0.010); zero "
            "acceptance is the operator's rule, applied to the whole sample drawn."
        ),
    )
    major = AqlField(
        label=_("AQL major"),
        initial="2.5",
        help_text=_("Usually 2.5. Leave empty to inspect no major class."),
    )
    minor = AqlField(
        label=_("AQL minor"),
        initial="4.0",
        help_text=_("Usually 4.0. Leave empty to inspect no minor class."),
    )
    edition = forms.ChoiceField(label=_("Edition"), choices=EDITION_CHOICES, initial="iso2859-1")
    inspection = forms.ChoiceField(
        label=_("Severity"),
        choices=INSPECTION_CHOICES,
        initial="normal",
        help_text=_(
            "Normal to start with; tightened and reduced as the switching rules decide "
            "for the supplier's stream of lots."
        ),
    )

    @classmethod
    def data_from(cls, query: QueryDict) -> dict[str, Any]:
        """The query with the defaults filled in for the parameters it leaves out."""
        data = {name: field.initial for name, field in cls.base_fields.items()}
        data.update({name: query[name] for name in cls.base_fields if name in query})
        return data

    @classmethod
    def from_query(cls, query: QueryDict) -> CalculatorForm:
        """Bound to the query, or unbound when the query names no lot size (the page then
        shows the empty form)."""
        if "lot_size" not in query:
            return cls()
        return cls(cls.data_from(query))

    def clean_level(self) -> str:
        level: str = self.cleaned_data["level"]
        try:
            check_level(level)
        except PolicyError:
            raise forms.ValidationError(
                _(
                    "General inspection level %(level)s is below the operator's minimum "
                    "(general level II). Use level II or III."
                ),
                code="below_minimum_level",
                params={"level": level},
            ) from None
        return level

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        given = [data.get(name) for name in ("critical", "major", "minor")]
        if {"critical", "major", "minor"} <= data.keys() and given == [None, None, None]:
            self.add_error(
                "major",
                forms.ValidationError(
                    _(
                        "Give an AQL for the major or the minor class: zero acceptance "
                        "for critical needs their sample size."
                    ),
                    code="no_class",
                ),
            )
        return data

    def to_request(self) -> CalculatorRequest:
        data = self.cleaned_data
        return CalculatorRequest(
            lot_size=data["lot_size"],
            critical=data["critical"],
            major=data["major"],
            minor=data["minor"],
            level=data["level"],
            inspection=data["inspection"],
            edition=data["edition"],
        )

    def first_error(self) -> str:
        """One line for the API: the first error, named by its field."""
        for name, errors in self.errors.items():
            message = str(errors[0])
            return message if name == "__all__" else f"{name}: {message}"
        return ""
