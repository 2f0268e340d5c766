"""Pages for a facility's compliance status and risk, and the audits-due list."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from sourceproof.audits import selectors
from sourceproof.audits.access import AuditAction, can_audit, require_audit
from sourceproof.audits.forms import DueFilterForm
from sourceproof.audits.views.common import is_htmx, page_of, query_without_page
from sourceproof.core.http import acting_user


@login_required
def facility_compliance(request: HttpRequest, code: str) -> HttpResponse:
    """A facility's compliance status with every reason, its risk score part by part (operator
    roles), its audits and open corrective actions."""
    user = acting_user(request)
    facility = selectors.get_facility_for_compliance(user=user, code=code)
    context = {
        "compliance": selectors.facility_compliance(facility=facility),
        "show_risk": can_audit(user, AuditAction.VIEW_RISK),
        "can_create": can_audit(user, AuditAction.EDIT_AUDITS),
    }
    return render(request, "audits/facility_compliance.html", context)


@login_required
def due_list(request: HttpRequest) -> HttpResponse:
    """Facilities by next audit date and risk: who must be audited next."""
    user = acting_user(request)
    require_audit(user, AuditAction.VIEW_RISK)
    form = DueFilterForm(request.GET or None)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    filters = selectors.DueFilters(
        q=data.get("q") or "",
        risk_class=data.get("risk_class") or "",
        country=data.get("country") or "",
        within_days=data.get("within"),
        status=data.get("status") or "",
    )
    today = timezone.localdate()
    page = page_of(request, selectors.due_list(user=user, filters=filters, today=today))
    context = {
        "form": form,
        "page": page,
        "today": today,
        "query": query_without_page(request),
        "can_create": can_audit(user, AuditAction.EDIT_AUDITS),
    }
    template = "audits/due_list.html#results" if is_htmx(request) else "audits/due_list.html"
    return render(request, template, context)
