from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class PreferenceForm(forms.Form):
    """The three choices of the preferences page (unticked boxes are simply absent)."""

    failures_at_once = forms.BooleanField(
        required=False,
        label=_("Email me at once when an inspection of our orders fails"),
        help_text=_("Sent as soon as the quality manager has reviewed the inspection."),
    )
    every_verdict_at_once = forms.BooleanField(
        required=False,
        label=_("Email me every inspection verdict at once, passes included"),
        help_text=_("One email per reviewed inspection."),
    )
    weekly_digest = forms.BooleanField(
        required=False,
        label=_("Email me a weekly summary"),
        help_text=_(
            "Every Monday: the inspections reviewed, new photos, and the orders confirmed and "
            "shipped in the past week. Not sent when the week brought nothing."
        ),
    )
