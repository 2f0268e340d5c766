"""Forms of the inspection report's page: a correction (quality managers and admins)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sourceproof.reports.inspection import CORRECTION_REASON_MIN_LENGTH


class CorrectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the report corrected?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        min_length=CORRECTION_REASON_MIN_LENGTH,
        max_length=2000,
        help_text=_(
            "Printed on the corrected report and shown on its verification page. The current "
            "version stays verifiable and is marked as replaced."
        ),
    )
