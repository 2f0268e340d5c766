"""Reads for annual CSR reports and everything the report shows for a year."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Count, QuerySet
from django.utils import timezone

from sourceproof.accounts.models import Organisation, OrganisationKind
from sourceproof.csr.models import (
    ControlResult,
    CsrReport,
    Decision,
    DecisionStatus,
    Dialogue,
    FollowUpAction,
    FollowUpStatus,
    ScorecardSnapshot,
    SelfAssessment,
    StakeholderType,
)
from sourceproof.csr.selectors.assessment import (
    assessment_actions,
    assessment_blocks,
    compute_maturity_by_year,
)
from sourceproof.csr.selectors.common import get_or_404, require_view
from sourceproof.csr.selectors.figures import (
    compute_emissions_by_year,
    compute_kpi_rows,
    report_years,
)
from sourceproof.csr.selectors.scorecard import compute_scorecard
from sourceproof.csr.selectors.supply_chain import coverage


def report_list(*, user: Any) -> QuerySet[CsrReport]:
    require_view(user)
    return CsrReport.objects.select_related("requested_by").order_by("-created_at", "-pk")


def get_report_for_user(*, user: Any, pk: int) -> CsrReport:
    require_view(user)
    return get_or_404(CsrReport.objects.select_related("requested_by"), pk=pk)


def ethics_block(*, user: Any = None, year: int | None = None) -> dict[str, Any] | None:
    """The code-of-ethics block, when the ethics app is installed and offers one.

    Contract for `sourceproof.ethics`: `selectors.csr_block(*, user, year) -> dict | None` with
    "title" (str), "facts" (list of [label, value]) and optionally "url" and "note".
    """
    if not apps.is_installed("sourceproof.ethics"):
        return None
    try:
        from sourceproof.ethics import selectors as ethics_selectors
    except ImportError:
        return None
    block = getattr(ethics_selectors, "csr_block", None)
    if block is None:
        return None
    result = block(user=user, year=year)
    return result if isinstance(result, dict) else None


@dataclass
class DialogueSummary:
    count: int
    by_type: list[tuple[str, int]]
    topics: list[Dialogue]
    follow_ups_open: int
    follow_ups_done: int


def dialogue_summary(year: int) -> DialogueSummary:
    dialogues = list(
        Dialogue.objects.filter(held_on__year=year)
        .select_related("stakeholder")
        .order_by("held_on", "pk")
    )
    counts = Counter(d.stakeholder.stakeholder_type for d in dialogues)
    labels = dict(StakeholderType.choices)
    follow = Counter(
        FollowUpAction.objects.filter(dialogue__held_on__year=year).values_list("status", flat=True)
    )
    return DialogueSummary(
        count=len(dialogues),
        by_type=[(str(labels[t]), counts[t]) for t in StakeholderType.values if counts[t]],
        topics=dialogues,
        follow_ups_open=follow[FollowUpStatus.OPEN],
        follow_ups_done=follow[FollowUpStatus.DONE],
    )


def annual_report_data(*, year: int, today: dt.date | None = None) -> dict[str, Any]:
    """Everything the annual report shows for a year (no scope check: the caller's job).

    Plain data only; charts are added by the service that renders it.
    """
    today = today or timezone.localdate()
    years = [y for y in report_years(today) if y <= year] or [year]
    years = years[-5:] if year in years else [year]
    kpi_years, rows = compute_kpi_rows(years=years, today=today)
    by_year = compute_emissions_by_year(years=years)
    assessment = SelfAssessment.objects.filter(year=year).first()
    subjects, maturity = compute_maturity_by_year()
    operator = Organisation.objects.filter(kind=OrganisationKind.OPERATOR).first()
    decisions = list(
        Decision.objects.filter(decided_on__year=year)
        .select_related("chosen_option", "approved_by")
        .annotate(option_count=Count("options"))
        .order_by("decided_on", "pk")
    )
    controls = Counter(
        ControlResult.objects.filter(performed_on__year=year).values_list("outcome", flat=True)
    )
    return {
        "year": year,
        "today": today,
        "operator": operator.name if operator else "sourceproof",
        "years": kpi_years,
        "kpi_rows": rows,
        "emissions": by_year,
        "year_emissions": by_year.get(year),
        "scorecard": compute_scorecard(today=today),
        "snapshot": ScorecardSnapshot.objects.filter(year=year).first(),
        "assessment": assessment,
        "assessment_blocks": assessment_blocks(assessment) if assessment else [],
        "assessment_actions": list(assessment_actions(assessment)) if assessment else [],
        "subjects": subjects,
        "maturity": maturity,
        "coverage": coverage(year, today),
        "decisions": decisions,
        "approved_decisions": sum(1 for d in decisions if d.status == DecisionStatus.APPROVED),
        "dialogue": dialogue_summary(year),
        "control_outcomes": dict(controls),
        "ethics": ethics_block(year=year),
    }
