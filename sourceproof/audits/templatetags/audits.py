"""`{% load audits %}{% facility_compliance_panel facility %}`: the compliance panel for a
facility's page, shown to the roles that may see it (operator roles, the facility's supplier);
nothing for anyone else. The risk part is for operator roles only."""

from __future__ import annotations

from typing import Any

from django import template

from sourceproof.accounts.models import Role
from sourceproof.audits.access import AuditAction, can_audit
from sourceproof.audits.selectors import facility_compliance

register = template.Library()


@register.inclusion_tag("audits/facility_compliance_panel.html", takes_context=True)
def facility_compliance_panel(context: Any, facility: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return {"compliance": None}
    visible = can_audit(user, AuditAction.VIEW_COMPLIANCE) and (
        user.is_operator
        or (
            user.role == Role.SUPPLIER_USER
            and facility.supplier.organisation_id == user.organisation_id
        )
    )
    if not visible:
        return {"compliance": None}
    return {
        "compliance": facility_compliance(facility=facility),
        "show_risk": can_audit(user, AuditAction.VIEW_RISK),
        "can_create": can_audit(user, AuditAction.EDIT_AUDITS),
    }
