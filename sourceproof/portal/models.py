"""What the operator shares with each customer in the portal.

One `CustomerSharing` row per customer organisation, made on the first change. A customer
without a row gets the defaults below (`SharingSettings.defaults()`): the portal always shows
the customer's own orders, facility (name, city, country, OS ID), certificates, the latest
audit's summary, gate verdicts, reviewed inspections and photos; the audit's findings and the
supplier's name are shown only once the operator says so (docs/portal.md).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied
from django.db import models

from sourceproof.accounts.models import Organisation, User
from sourceproof.core.models import BaseModel

# The defaults for a customer the operator has not decided about yet: share nothing beyond
# the portal's baseline. Audit findings name people, wages and hours; the supplier is the
# operator's commercial relationship. Both are opt-in per customer.
DEFAULT_SHARE_AUDIT_DETAILS = False
DEFAULT_SHARE_SUPPLIER_NAME = False


class CustomerSharing(BaseModel):
    """What one customer organisation is shown beyond the portal's baseline."""

    customer = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="portal_sharing",
        limit_choices_to={"kind": "customer"},
        help_text="The customer organisation these settings are for.",
    )
    share_audit_details = models.BooleanField(
        default=DEFAULT_SHARE_AUDIT_DETAILS,
        help_text="Show the latest audit's findings one by one (not only the counts).",
    )
    share_supplier_name = models.BooleanField(
        default=DEFAULT_SHARE_SUPPLIER_NAME,
        help_text="Show the name of the supplier that owns the facility.",
    )
    updated_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who last changed the settings.",
    )

    class Meta:
        ordering: ClassVar = ["customer__name"]
        verbose_name = "customer sharing settings"
        verbose_name_plural = "customer sharing settings"

    def __str__(self) -> str:
        return f"Sharing with {self.customer}"


class PreviewStandIn(User):
    """The customer user an operator's preview reads as: never saved, never deleted.

    Built unsaved by `portal.selectors.preview_stand_in` with the customer-user role in the
    previewed customer's organisation, so the other apps' selectors apply exactly that
    customer's scope. It has no primary key (services refuse it) and refuses to be stored."""

    class Meta:
        proxy = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        raise PermissionDenied("A preview cannot change anything.")

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionDenied("A preview cannot change anything.")
