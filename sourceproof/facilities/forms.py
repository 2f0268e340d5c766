"""Forms of the registry pages: every error is shown beside its field."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sourceproof.facilities.countries import COUNTRY_CHOICES
from sourceproof.facilities.models import (
    Certificate,
    CertificateScheme,
    CountryRisk,
    Facility,
    ProductCategory,
    RiskClass,
    Supplier,
)
from sourceproof.facilities.selectors import CertificateListState, FacilityCertFilter
from sourceproof.facilities.services import document_check

_ANY: list[tuple[str, Any]] = [("", _("Any"))]
_YES_NO = [("", _("Any")), ("yes", _("Yes")), ("no", _("No"))]


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


# --- suppliers ----------------------------------------------------------------------------


class SupplierForm(forms.ModelForm[Supplier]):
    country = forms.ChoiceField(label=_("Country"), choices=[("", "—"), *COUNTRY_CHOICES])

    class Meta:
        model = Supplier
        fields = (
            "legal_name",
            "supplier_number",
            "country",
            "sedex_zc",
            "contact_name",
            "contact_email",
            "contact_phone",
            "address",
            "is_active",
        )
        labels = {
            "legal_name": _("Legal name"),
            "supplier_number": _("Supplier number"),
            "sedex_zc": _("Sedex ZC"),
            "contact_name": _("Contact name"),
            "contact_email": _("Contact email"),
            "contact_phone": _("Contact phone"),
            "address": _("Address"),
            "is_active": _("Active supplier"),
        }
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}

    def clean_sedex_zc(self) -> str:
        return (self.cleaned_data.get("sedex_zc") or "").strip().upper()


class SupplierFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"placeholder": _("Name, number or Sedex ZC"), "type": "search"}
        ),
    )
    country = forms.ChoiceField(label=_("Country"), choices=_ANY + COUNTRY_CHOICES, required=False)
    active = forms.ChoiceField(label=_("Active"), choices=_YES_NO, required=False)

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "search": data.get("q", ""),
            "country": data.get("country", ""),
            "active": _yes_no(data.get("active", "")),
        }


# --- facilities ---------------------------------------------------------------------------


class FacilityForm(forms.ModelForm[Facility]):
    country = forms.ChoiceField(label=_("Country"), choices=[("", "—"), *COUNTRY_CHOICES])
    product_categories = forms.ModelMultipleChoiceField(
        label=_("Product categories"),
        queryset=ProductCategory.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Facility
        fields = (
            "supplier",
            "name",
            "address",
            "city",
            "region",
            "postal_code",
            "country",
            "latitude",
            "longitude",
            "os_id",
            "sedex_zs",
            "amfori_id",
            "product_categories",
            "worker_count",
        )
        labels = {
            "supplier": _("Supplier"),
            "name": _("Name"),
            "address": _("Street address"),
            "city": _("City"),
            "region": _("Region"),
            "postal_code": _("Postal code"),
            "latitude": _("Latitude"),
            "longitude": _("Longitude"),
            "os_id": _("OS ID (Open Supply Hub)"),
            "sedex_zs": _("Sedex ZS"),
            "amfori_id": _("amfori ID"),
            "worker_count": _("Workers"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = Supplier.objects.order_by("legal_name")  # type: ignore[attr-defined]

    def clean_os_id(self) -> str:
        os_id = (self.cleaned_data.get("os_id") or "").strip().upper()
        if os_id:
            taken = Facility.objects.filter(os_id=os_id).exclude(pk=self.instance.pk)
            if taken.exists():
                raise ValidationError(_("Another facility already has this OS ID."))
        return os_id

    def clean_sedex_zs(self) -> str:
        return (self.cleaned_data.get("sedex_zs") or "").strip().upper()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lat, lng = data.get("latitude"), data.get("longitude")
        if lat is not None and lng is None and "longitude" not in self.errors:
            self.add_error("longitude", _("Give the longitude too, or neither."))
        if lng is not None and lat is None and "latitude" not in self.errors:
            self.add_error("latitude", _("Give the latitude too, or neither."))
        os_id, country = data.get("os_id"), data.get("country")
        if os_id and country and "os_id" not in self.errors and not os_id.startswith(country):
            self.add_error(
                "os_id",
                _("An OS ID starts with the facility's country code (%(country)s).")
                % {"country": country},
            )
        return data

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("product_categories", None)
        return data


class FacilityFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"placeholder": _("Name, code, OS ID or city"), "type": "search"}
        ),
    )
    country = forms.ChoiceField(label=_("Country"), choices=_ANY + COUNTRY_CHOICES, required=False)
    # A search field, not a select of every supplier (2,000 options took 0.8 s to render).
    supplier = forms.CharField(
        label=_("Supplier"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"placeholder": _("Supplier name or number"), "type": "search"}
        ),
    )
    category = forms.ChoiceField(label=_("Product category"), required=False)
    cert = forms.ChoiceField(label=_("Certificates"), required=False)
    suspended = forms.ChoiceField(label=_("Suspended"), choices=_YES_NO, required=False)

    def __init__(
        self,
        *args: Any,
        show_supplier: bool = False,
        categories: Any = None,
        warning_days: int = 60,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if not show_supplier:
            del self.fields["supplier"]
        self.fields["category"].choices = _ANY + [  # type: ignore[attr-defined]
            (c.code, c.name) for c in (categories or [])
        ]
        self.fields["cert"].choices = [  # type: ignore[attr-defined]
            ("", _("Any")),
            (FacilityCertFilter.SMETA_VALID, _("SMETA 4-pillar valid")),
            (
                FacilityCertFilter.SMETA_EXPIRING,
                _("SMETA 4-pillar expiring within %(n)d days") % {"n": warning_days},
            ),
            (FacilityCertFilter.SMETA_TOO_OLD, _("SMETA 4-pillar audit too old")),
            (FacilityCertFilter.SMETA_EXPIRED, _("SMETA 4-pillar expired")),
            (FacilityCertFilter.SMETA_MISSING, _("SMETA 4-pillar missing")),
            (FacilityCertFilter.NO_VALID_SMETA, _("No valid SMETA 4-pillar")),
            (
                FacilityCertFilter.ANY_EXPIRING,
                _("Any certificate expiring within %(n)d days") % {"n": warning_days},
            ),
        ]

    def search_and_filters(self) -> tuple[str, dict[str, Any]]:
        data = self.cleaned_data if self.is_valid() else {}
        return data.get("q", ""), {
            "country": data.get("country", ""),
            "supplier_search": data.get("supplier", ""),
            "category": data.get("category", ""),
            "cert": data.get("cert", ""),
            "suspended": _yes_no(data.get("suspended", "")),
        }


class SuspendForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded in the change log and shown on the facility page."),
    )


# --- certificates -------------------------------------------------------------------------


class CertificateForm(forms.ModelForm[Certificate]):
    document = forms.FileField(
        label=_("Document"),
        required=False,
        help_text=_("PDF, JPEG, PNG or WebP; checked by its content."),
    )

    class Meta:
        model = Certificate
        fields = ("scheme", "issuer", "number", "valid_from", "valid_until")
        labels = {
            "scheme": _("Scheme"),
            "issuer": _("Issuer"),
            "number": _("Number"),
            "valid_from": _("Valid from (for SMETA: the audit date)"),
            "valid_until": _("Valid until (last valid day)"),
        }
        widgets = {"valid_from": DateInput(), "valid_until": DateInput()}

    def clean_document(self) -> Any:
        upload = self.cleaned_data.get("document")
        if upload:
            document_check(upload)
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("valid_from"), data.get("valid_until")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            self.add_error(
                "valid_until", _("The last valid day cannot be before the first valid day.")
            )
        return data

    def service_fields(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in self.Meta.fields}


class CertificateFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), required=False)
    scheme = forms.ChoiceField(
        label=_("Scheme"), choices=_ANY + list(CertificateScheme.choices), required=False
    )
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"placeholder": _("Number, issuer or facility"), "type": "search"}
        ),
    )

    def __init__(self, *args: Any, warning_days: int = 60, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [  # type: ignore[attr-defined]
            (CertificateListState.ATTENTION, _("Expired or expiring (needs attention)")),
            (
                CertificateListState.EXPIRING,
                _("Expiring within %(n)d days") % {"n": warning_days},
            ),
            (CertificateListState.EXPIRED, _("Expired, not renewed")),
            (CertificateListState.VALID, _("Valid today")),
            (CertificateListState.ALL, _("All")),
        ]

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "state": data.get("state") or CertificateListState.ATTENTION,
            "scheme": data.get("scheme", ""),
            "search": data.get("q", ""),
        }


# --- country risk -------------------------------------------------------------------------


class CountryRiskForm(forms.ModelForm[CountryRisk]):
    year = forms.IntegerField(label=_("Year"), min_value=1990)

    class Meta:
        model = CountryRisk
        fields = ("risk_class", "source", "year")
        labels = {"risk_class": _("Risk class"), "source": _("Source")}

    def clean_year(self) -> int:
        year: int = self.cleaned_data["year"]
        if year > timezone.localdate().year + 1:
            raise ValidationError(_("The year cannot be in the future."))
        return year


class CountryRiskFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    risk_class = forms.ChoiceField(
        label=_("Risk class"), choices=_ANY + list(RiskClass.choices), required=False
    )

    def filters(self) -> dict[str, str]:
        data = self.cleaned_data if self.is_valid() else {}
        return {"search": data.get("q", ""), "risk_class": data.get("risk_class", "")}
