"""Demo sharing settings: Lumora sees everything the portal can share (audit findings and the
supplier's name); Alpvik and Harbourline keep the defaults (the baseline only), so the demo
shows both sides. Idempotent: a customer that already has settings is left alone.

Loaded by `manage.py load_demo` (APP_DEMOS: ("portal", "load_portal_demo")).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sourceproof.accounts.models import Organisation, OrganisationKind, Role, User
from sourceproof.portal import services
from sourceproof.portal.models import CustomerSharing

SHARE_ALL = ("lumora",)


@dataclass
class PortalDemoResult:
    created: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        if not self.created:
            return "sharing settings already present"
        return "sharing settings for " + ", ".join(self.created)


def load_portal_demo() -> PortalDemoResult:
    result = PortalDemoResult()
    admin = (
        User.objects.filter(role=Role.ADMIN, is_active=True, organisation__kind="operator")
        .order_by("pk")
        .first()
    )
    if admin is None:
        return result
    for customer in Organisation.objects.filter(kind=OrganisationKind.CUSTOMER, code__in=SHARE_ALL):
        if CustomerSharing.objects.filter(customer=customer).exists():
            continue
        services.customer_sharing_update(
            customer=customer, by=admin, share_audit_details=True, share_supplier_name=True
        )
        result.created.append(customer.code)
    return result
