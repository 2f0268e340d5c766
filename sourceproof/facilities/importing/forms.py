"""The forms of the import pages: upload a file, review a likely duplicate."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from sourceproof.facilities.models import DuplicateStatus, Supplier


class SupplierChoiceField(forms.ModelChoiceField[Supplier]):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.supplier_number} · {obj.legal_name}"


class FacilityImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (UTF-8) or XLSX, with the template's columns or Open Supply Hub's."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
    supplier = SupplierChoiceField(
        label=_("Supplier"),
        queryset=Supplier.objects.none(),
        required=False,
        to_field_name="supplier_number",
        empty_label=_("— taken from the file's supplier_number column —"),
        help_text=_(
            "For a file without a supplier_number column (an Open Supply Hub download): "
            "the supplier that new facilities belong to."
        ),
    )

    def __init__(self, *args: Any, suppliers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if suppliers is not None:
            self.fields["supplier"].queryset = suppliers  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = getattr(settings, "UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(mb)d MB.") % {"mb": limit // (1024 * 1024)}
            )
        return upload


class DuplicateReviewForm(forms.Form):
    status = forms.ChoiceField(
        choices=[
            (DuplicateStatus.NOT_DUPLICATE.value, DuplicateStatus.NOT_DUPLICATE.label),
            (DuplicateStatus.CONFIRMED.value, DuplicateStatus.CONFIRMED.label),
        ]
    )
