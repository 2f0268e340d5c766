from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_PDF_BYTES = 50 * 1024 * 1024


class VerifyForm(forms.Form):
    pdf = forms.FileField(label=_("The PDF you received"), required=False)
    sha256 = forms.CharField(
        label=_("…or its SHA-256"),
        required=False,
        max_length=80,
        help_text=_("64 hexadecimal characters, e.g. from `sha256sum report.pdf`."),
    )

    def clean_sha256(self) -> str:
        value = (self.cleaned_data.get("sha256") or "").strip().lower()
        if value and not re.fullmatch(r"[0-9a-f]{64}", value):
            raise forms.ValidationError(_("A SHA-256 is 64 characters from 0-9 and a-f."))
        return value

    def clean_pdf(self) -> Any:
        pdf = self.cleaned_data.get("pdf")
        if pdf is not None and pdf.size > MAX_PDF_BYTES:
            raise forms.ValidationError(_("That file is larger than any report we issue."))
        return pdf

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("pdf") and not data.get("sha256") and not self.errors:
            raise forms.ValidationError(_("Upload the PDF or paste its SHA-256."))
        return data
