"""Reads for decisions, stakeholders, dialogues with their follow-ups, and controls."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from sourceproof.csr.kpis import next_due
from sourceproof.csr.models import (
    Control,
    ControlResult,
    Decision,
    DecisionOption,
    Dialogue,
    FollowUpAction,
    FollowUpStatus,
    Stakeholder,
)
from sourceproof.csr.selectors.common import get_or_404, require_view

# --------------------------------------------------------------------------- decisions


def decision_list(
    *, user: Any, q: str = "", status: str = "", year: int | None = None
) -> QuerySet[Decision]:
    require_view(user)
    decisions = Decision.objects.select_related("chosen_option", "approved_by").annotate(
        option_count=Count("options")
    )
    q = q.strip()
    if q:
        decisions = decisions.filter(
            Q(title__icontains=q)
            | Q(reference__icontains=q)
            | Q(context__icontains=q)
            | Q(pk__in=DecisionOption.objects.filter(label__icontains=q).values("decision_id"))
        )
    if status:
        decisions = decisions.filter(status=status)
    if year:
        decisions = decisions.filter(decided_on__year=year)
    return decisions.order_by("-decided_on", "-pk")


def get_decision_for_user(*, user: Any, reference: str) -> Decision:
    require_view(user)
    return get_or_404(
        Decision.objects.select_related("chosen_option", "approved_by", "created_by"),
        reference=reference,
    )


def decision_options(decision: Decision) -> list[DecisionOption]:
    return list(decision.options.order_by("pk"))


def get_option_for_user(*, user: Any, pk: int) -> DecisionOption:
    require_view(user)
    return get_or_404(DecisionOption.objects.select_related("decision"), pk=pk)


# --------------------------------------------------------------------------- stakeholders


def stakeholder_list(
    *, user: Any, q: str = "", stakeholder_type: str = "", active: bool | None = None
) -> QuerySet[Stakeholder]:
    require_view(user)
    stakeholders = Stakeholder.objects.annotate(
        dialogue_count=Count("dialogues"), last_dialogue=Max("dialogues__held_on")
    )
    q = q.strip()
    if q:
        stakeholders = stakeholders.filter(
            Q(name__icontains=q) | Q(contact_name__icontains=q) | Q(interests__icontains=q)
        )
    if stakeholder_type:
        stakeholders = stakeholders.filter(stakeholder_type=stakeholder_type)
    if active is not None:
        stakeholders = stakeholders.filter(is_active=active)
    return stakeholders.order_by("name", "pk")


def stakeholder_choices(*, user: Any) -> QuerySet[Stakeholder]:
    require_view(user)
    return Stakeholder.objects.filter(is_active=True).order_by("name", "pk")


def get_stakeholder_for_user(*, user: Any, pk: int) -> Stakeholder:
    require_view(user)
    return get_or_404(Stakeholder.objects.all(), pk=pk)


def _open_follow_ups() -> Any:
    return Count("follow_ups", filter=Q(follow_ups__status=FollowUpStatus.OPEN))


def dialogue_list(
    *,
    user: Any,
    q: str = "",
    stakeholder_type: str = "",
    stakeholder: int | None = None,
    year: int | None = None,
) -> QuerySet[Dialogue]:
    require_view(user)
    dialogues = Dialogue.objects.select_related("stakeholder", "recorded_by").annotate(
        open_follow_up_count=_open_follow_ups()
    )
    q = q.strip()
    if q:
        dialogues = dialogues.filter(
            Q(topic__icontains=q) | Q(summary__icontains=q) | Q(stakeholder__name__icontains=q)
        )
    if stakeholder_type:
        dialogues = dialogues.filter(stakeholder__stakeholder_type=stakeholder_type)
    if stakeholder:
        dialogues = dialogues.filter(stakeholder_id=stakeholder)
    if year:
        dialogues = dialogues.filter(held_on__year=year)
    return dialogues.order_by("-held_on", "-pk")


def get_dialogue_for_user(*, user: Any, pk: int) -> Dialogue:
    require_view(user)
    return get_or_404(Dialogue.objects.select_related("stakeholder", "recorded_by"), pk=pk)


def dialogue_follow_ups(dialogue: Dialogue) -> QuerySet[FollowUpAction]:
    return dialogue.follow_ups.select_related("owner").order_by("due_date", "pk")


def get_follow_up_for_user(*, user: Any, pk: int) -> FollowUpAction:
    require_view(user)
    return get_or_404(FollowUpAction.objects.select_related("dialogue", "owner"), pk=pk)


def open_follow_ups(*, user: Any) -> QuerySet[FollowUpAction]:
    require_view(user)
    return (
        FollowUpAction.objects.filter(status=FollowUpStatus.OPEN)
        .select_related("owner", "dialogue__stakeholder")
        .order_by("due_date", "pk")
    )


# --------------------------------------------------------------------------- controls


@dataclass
class ControlRow:
    control: Control
    last_done: dt.date | None
    last_outcome: str
    next_due: dt.date
    overdue: bool
    due_soon: bool


def control_rows(
    controls: Any, today: dt.date | None = None, soon_days: int = 30
) -> list[ControlRow]:
    """Controls annotated by `control_list` with their next due date and whether it passed."""
    today = today or timezone.localdate()
    rows = []
    for control in controls:
        due = next_due(control.first_due, control.frequency_months, control.last_done)
        rows.append(
            ControlRow(
                control=control,
                last_done=control.last_done,
                last_outcome=control.last_outcome or "",
                next_due=due,
                overdue=control.is_active and due < today,
                due_soon=control.is_active and today <= due <= today + dt.timedelta(soon_days),
            )
        )
    return rows


def control_list(*, user: Any, active: bool | None = True) -> QuerySet[Control]:
    """Controls with their last run and its outcome (one query)."""
    require_view(user)
    latest = ControlResult.objects.filter(control=OuterRef("pk")).order_by("-performed_on", "-pk")
    controls = Control.objects.select_related("owner").annotate(
        last_done=Max("results__performed_on"),
        last_outcome=Subquery(latest.values("outcome")[:1]),
    )
    if active is not None:
        controls = controls.filter(is_active=active)
    return controls.order_by("title", "pk")


def get_control_for_user(*, user: Any, pk: int) -> Control:
    require_view(user)
    return get_or_404(control_list(user=user, active=None), pk=pk)


def control_results(control: Control) -> QuerySet[ControlResult]:
    return control.results.select_related("performed_by").order_by("-performed_on", "-pk")
