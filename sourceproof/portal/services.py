"""Writes of the portal: the operator's sharing settings per customer (with the change log)."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404

from sourceproof.accounts.models import Organisation, OrganisationKind, User
from sourceproof.accounts.permissions import Action, require
from sourceproof.core.changelog import diff, record_change, snapshot
from sourceproof.core.models import ChangeAction
from sourceproof.portal.models import CustomerSharing

_FIELDS = ("share_audit_details", "share_supplier_name")


@transaction.atomic
def customer_sharing_update(
    *,
    customer: Organisation,
    by: User,
    share_audit_details: bool,
    share_supplier_name: bool,
) -> CustomerSharing:
    """Set what the customer is shown; the first change creates the row. Only the roles that
    manage sharing may call it, and never for a preview's stand-in (it is not a saved user)."""
    require(by, Action.MANAGE_SHARING)
    if by.pk is None or customer.kind != OrganisationKind.CUSTOMER:
        raise Http404("Not found.")
    sharing = CustomerSharing.objects.select_for_update().filter(customer=customer).first()
    created = sharing is None
    if sharing is None:
        sharing = CustomerSharing(customer=customer)
    before = snapshot(sharing, _FIELDS)
    sharing.share_audit_details = share_audit_details
    sharing.share_supplier_name = share_supplier_name
    sharing.updated_by = by
    changes = diff(before, snapshot(sharing, _FIELDS))
    if not created and not changes:
        return sharing
    sharing.save()
    record_change(
        obj=sharing,
        actor=by,
        action=ChangeAction.CREATE if created else ChangeAction.UPDATE,
        changes=changes,
        summary=f"Portal sharing with {customer.name}: "
        + ", ".join(f"{name}={getattr(sharing, name)}" for name in _FIELDS),
    )
    return sharing
