from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sourceproof.orders.models import OrderStatus
from sourceproof.portal.selectors import PortalFilters


class OrderFilterForm(forms.Form):
    q = forms.CharField(label=_("Order number"), required=False, max_length=30)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *OrderStatus.choices],
    )

    def filters(self) -> PortalFilters:
        """The filters, or none when the input is not valid (a bad value never errors)."""
        if not self.is_valid():
            return PortalFilters()
        return PortalFilters(
            status=self.cleaned_data.get("status") or "", q=self.cleaned_data.get("q") or ""
        )


class SharingForm(forms.Form):
    share_audit_details = forms.BooleanField(
        label=_("Share audit details (each finding, not only the counts)"), required=False
    )
    share_supplier_name = forms.BooleanField(label=_("Share the supplier's name"), required=False)
