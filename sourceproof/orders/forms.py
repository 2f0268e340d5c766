"""Forms for products, orders (with a formset of lines), gate exceptions and the list filters."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sourceproof.accounts.models import Organisation, OrganisationKind
from sourceproof.core.models import OperatorPolicy
from sourceproof.facilities.models import Facility, ProductCategory
from sourceproof.orders.models import OrderStatus, Product
from sourceproof.orders.services import EXCEPTION_REASON_MIN_LENGTH, LineInput


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _customers() -> Any:
    return Organisation.objects.filter(kind=OrganisationKind.CUSTOMER).order_by("name")


class ProductForm(forms.Form):
    customer = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Customer"), empty_label=None
    )
    sku = forms.CharField(max_length=60, label=_("SKU"))
    name = forms.CharField(max_length=200, label=_("Name"))
    category = forms.ModelChoiceField(
        queryset=ProductCategory.objects.none(), label=_("Category"), empty_label=None
    )
    materials = forms.CharField(max_length=300, required=False, label=_("Materials"))

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = _customers()  # type: ignore[attr-defined]
        self.fields["category"].queryset = ProductCategory.objects.order_by("name")  # type: ignore[attr-defined]
        if editing:
            self.fields["customer"].disabled = True
            self.fields["customer"].help_text = _("A product's customer cannot change.")


class FacilityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        suffix = f" · {_('suspended')}" if obj.is_suspended else ""
        return f"{obj.name} ({obj.code}, {obj.country}){suffix}"


class OrderForm(forms.Form):
    customer = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("Customer"))
    facility = FacilityChoiceField(queryset=Facility.objects.none(), label=_("Facility"))
    agreed_ship_date = forms.DateField(widget=DateInput(), label=_("Agreed ship date"))
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = _customers()  # type: ignore[attr-defined]
        self.fields["facility"].queryset = Facility.objects.order_by("name")  # type: ignore[attr-defined]
        self.fields["notes"].label = _("Notes")


class OrderLineForm(forms.Form):
    product = forms.ModelChoiceField(queryset=Product.objects.none(), label=_("Product"))
    quantity = forms.IntegerField(min_value=1, label=_("Quantity"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # line_formset() sets the choices once for all lines; the queryset only validates.
        self.fields["product"].queryset = Product.objects.select_related("customer")  # type: ignore[attr-defined]


class BaseLineFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        if not self.line_inputs():
            raise ValidationError(_("An order needs at least one line."))

    def line_inputs(self) -> list[LineInput]:
        lines = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("DELETE") or not data.get("product"):
                continue
            lines.append(LineInput(product=data["product"], quantity=data["quantity"]))
        return lines


OrderLineFormSet = cast(
    type[BaseLineFormSet],
    forms.formset_factory(
        OrderLineForm, formset=BaseLineFormSet, extra=3, can_delete=True, min_num=0
    ),
)


def line_formset(
    data: Any = None, *, initial: list[dict[str, Any]] | None = None
) -> BaseLineFormSet:
    """The order's lines. The product choices are read once and shared by every line form."""
    products = Product.objects.select_related("customer").order_by("customer__name", "sku")
    choices = [("", "---------")] + [
        (p.pk, f"{p.sku} · {p.name} ({p.customer.name})") for p in products
    ]
    formset = OrderLineFormSet(data, initial=initial, prefix="lines")
    for form in formset.forms:
        form.fields["product"].choices = choices
    return formset


class GateExceptionForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        min_length=EXCEPTION_REASON_MIN_LENGTH,
        label=_("Reason"),
        help_text=_("Why is confirming this order justified despite the failing rules?"),
    )
    expires_on = forms.DateField(
        widget=DateInput(),
        label=_("Expires at the end of"),
        help_text=_("The exception ends at midnight after this day."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        max_days = OperatorPolicy.current().exception_max_days
        today = timezone.localdate()
        self.fields["expires_on"].widget.attrs.update(
            {
                "min": today.isoformat(),
                "max": (today + dt.timedelta(days=max_days)).isoformat(),
            }
        )
        self.fields["expires_on"].help_text = _(
            "The exception ends at midnight after this day; at most %(days)s days from today."
        ) % {"days": max_days}

    def expires_at(self) -> dt.datetime:
        """The end of the chosen day in local time (midnight after it)."""
        day: dt.date = self.cleaned_data["expires_on"] + dt.timedelta(days=1)
        return timezone.make_aware(dt.datetime.combine(day, dt.time.min)) - dt.timedelta(
            microseconds=1
        )


class OrderStatusForm(forms.Form):
    status = forms.ChoiceField(choices=OrderStatus.choices)


class OrderFilterForm(forms.Form):
    q = forms.CharField(required=False, label=_("Order number"))
    status = forms.ChoiceField(required=False, label=_("Status"))
    customer = forms.TypedChoiceField(required=False, coerce=int, label=_("Customer"))
    supplier = forms.TypedChoiceField(required=False, coerce=int, label=_("Supplier"))
    facility = forms.CharField(required=False, label=_("Facility code"))
    blocked = forms.BooleanField(required=False, label=_("Blocked by the gate"))

    def __init__(self, *args: Any, choices: dict[str, list[tuple[Any, str]]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["status"].choices = everything + choices["status"]  # type: ignore[attr-defined]
        self.fields["customer"].choices = everything + choices["customer"]  # type: ignore[attr-defined]
        self.fields["supplier"].choices = everything + choices["supplier"]  # type: ignore[attr-defined]
        if not choices["customer"]:
            del self.fields["customer"]
        if not choices["supplier"]:
            del self.fields["supplier"]


class ProductFilterForm(forms.Form):
    q = forms.CharField(required=False, label=_("SKU or name"))
