"""The CSR dashboard, and the panel the CSR app adds to the main dashboard."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sourceproof.csr.access import CsrAction, can_csr
from sourceproof.csr.models import AssessmentStatus, Decision, SelfAssessment
from sourceproof.csr.selectors.common import require_view
from sourceproof.csr.selectors.dialogue import control_list, control_rows, open_follow_ups
from sourceproof.csr.selectors.figures import compute_emissions_by_year, compute_kpi_rows
from sourceproof.csr.selectors.reports import ethics_block
from sourceproof.csr.selectors.scorecard import compute_scorecard


def dashboard_data(*, user: Any, today: dt.date | None = None) -> dict[str, Any]:
    """What the CSR dashboard shows (a fixed number of queries)."""
    require_view(user)
    today = today or timezone.localdate()
    year = today.year
    years, rows = compute_kpi_rows(today=today)
    controls = control_rows(control_list(user=user), today)
    assessments = {a.year: a for a in SelfAssessment.objects.filter(year__in=[year - 1, year])}
    return {
        "year": year,
        "years": years,
        "kpi_rows": rows,
        "emissions": compute_emissions_by_year(years=years),
        "scorecard": compute_scorecard(today=today),
        "assessment_this_year": assessments.get(year),
        "assessment_last_year": assessments.get(year - 1),
        "overdue_controls": [c for c in controls if c.overdue],
        "due_soon_controls": [c for c in controls if c.due_soon],
        "open_follow_ups": list(open_follow_ups(user=user)[:8]),
        "overdue_follow_ups": open_follow_ups(user=user).filter(due_date__lt=today).count(),
        "recent_decisions": list(
            Decision.objects.select_related("chosen_option").order_by("-decided_on", "-pk")[:5]
        ),
        "ethics": ethics_block(user=user, year=year),
        "can_edit": can_csr(user, CsrAction.EDIT_CSR),
    }


def dashboard_panels(*, user: Any) -> list[dict[str, Any]]:
    """Panels for the main dashboard (`core.selectors.dashboard_for_user`): overdue controls and
    follow-ups, and this year's self-assessment if it is not submitted."""
    if not can_csr(user, CsrAction.VIEW_CSR):
        return []
    today = timezone.localdate()
    controls = [c for c in control_rows(control_list(user=user), today) if c.overdue]
    follow_ups = list(open_follow_ups(user=user).filter(due_date__lt=today)[:5])
    items = [
        {
            "label": _("Control: %(title)s") % {"title": c.control.title},
            "url": reverse("csr:control_detail", args=[c.control.pk]),
            "note": _("due %(day)s") % {"day": c.next_due.isoformat()},
        }
        for c in controls[:5]
    ] + [
        {
            "label": _("Follow-up: %(what)s") % {"what": f.description},
            "url": reverse("csr:dialogue_detail", args=[f.dialogue_id]),
            "note": _("due %(day)s") % {"day": f.due_date.isoformat()},
        }
        for f in follow_ups
    ]
    assessment = SelfAssessment.objects.filter(year=today.year).first()
    if assessment is None or assessment.status != AssessmentStatus.SUBMITTED:
        items.append(
            {
                "label": _("CSR self-assessment %(year)s not submitted") % {"year": today.year},
                "url": reverse("csr:assessment_list"),
                "note": "",
            }
        )
    overdue = len(controls) + open_follow_ups(user=user).filter(due_date__lt=today).count()
    return [
        {
            "key": "csr-attention",
            "title": _("CSR: overdue checks and follow-ups"),
            "count": overdue + (1 if items and items[-1]["note"] == "" else 0),
            "items": items,
            "url": reverse("csr:dashboard"),
            "tone": "warn" if overdue else "ok",
        }
    ]
