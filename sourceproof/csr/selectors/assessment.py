"""Reads for the yearly self-assessment: assessments, answers by subject, actions, and the
maturity per subject per year for the year-over-year chart."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet

from sourceproof.csr.models import (
    AssessmentAnswer,
    CoreSubject,
    ImprovementAction,
    SelfAssessment,
)
from sourceproof.csr.models.assessment import OPEN_ACTION_STATUSES
from sourceproof.csr.selectors.common import get_or_404, require_view


def assessment_list(*, user: Any) -> QuerySet[SelfAssessment]:
    require_view(user)
    return (
        SelfAssessment.objects.select_related("submitted_by")
        .annotate(
            question_count=Count("answers", distinct=True),
            answered_count=Count(
                "answers", filter=Q(answers__maturity__isnull=False), distinct=True
            ),
            average_maturity=Avg("answers__maturity"),
            open_action_count=Count(
                "actions", filter=Q(actions__status__in=OPEN_ACTION_STATUSES), distinct=True
            ),
        )
        .order_by("-year")
    )


def get_assessment_for_user(*, user: Any, year: int) -> SelfAssessment:
    require_view(user)
    return get_or_404(
        SelfAssessment.objects.select_related("submitted_by", "created_by"), year=year
    )


@dataclass
class SubjectBlock:
    subject: CoreSubject
    answers: list[AssessmentAnswer]

    @property
    def average(self) -> float | None:
        levels = [a.maturity for a in self.answers if a.maturity is not None]
        return sum(levels) / len(levels) if levels else None


def assessment_blocks(assessment: SelfAssessment) -> list[SubjectBlock]:
    """The answers grouped by core subject, in order (two queries)."""
    subjects = list(CoreSubject.objects.all())
    answers = list(
        AssessmentAnswer.objects.filter(assessment=assessment)
        .select_related("question", "answered_by")
        .order_by("question__subject__order", "question__order", "pk")
    )
    return [
        SubjectBlock(s, [a for a in answers if a.question.subject_id == s.pk]) for s in subjects
    ]


def get_answer_for_user(*, user: Any, pk: int) -> AssessmentAnswer:
    require_view(user)
    return get_or_404(
        AssessmentAnswer.objects.select_related("assessment", "question__subject"), pk=pk
    )


def assessment_actions(assessment: SelfAssessment) -> QuerySet[ImprovementAction]:
    return assessment.actions.select_related("owner", "subject").order_by("due_date", "pk")


def get_action_for_user(*, user: Any, pk: int) -> ImprovementAction:
    require_view(user)
    return get_or_404(ImprovementAction.objects.select_related("assessment", "owner"), pk=pk)


def maturity_by_year(*, user: Any) -> tuple[list[CoreSubject], dict[int, dict[str, Decimal]]]:
    """Average maturity (0-4) per subject per assessment year (two queries)."""
    require_view(user)
    return compute_maturity_by_year()


def compute_maturity_by_year() -> tuple[list[CoreSubject], dict[int, dict[str, Decimal]]]:
    subjects = list(CoreSubject.objects.all())
    rows = (
        AssessmentAnswer.objects.filter(maturity__isnull=False)
        .values("assessment__year", "question__subject__code")
        .annotate(average=Avg("maturity"))
        .order_by("assessment__year")
    )
    found: dict[int, dict[str, Decimal]] = {}
    for row in rows:
        found.setdefault(row["assessment__year"], {})[row["question__subject__code"]] = Decimal(
            str(round(float(row["average"]), 2))
        )
    return subjects, found
