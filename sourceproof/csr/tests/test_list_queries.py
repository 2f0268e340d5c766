"""Every CSR list runs the same number of queries for 10 rows as for 100."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sourceproof.core.testing import Personas
from sourceproof.csr.models import (
    AssessmentAnswer,
    Control,
    ControlResult,
    CsrReport,
    Decision,
    DecisionOption,
    Dialogue,
    FollowUpAction,
    ImprovementAction,
    KpiDefinition,
    KpiValue,
    ManagementIndicator,
    ScorecardCriterion,
    ScorecardEvidence,
    SelfAssessment,
    Stakeholder,
)
from sourceproof.csr.tests.helpers import today

pytestmark = pytest.mark.django_db


def _decisions(p: Personas, start: int, n: int) -> None:
    decisions = Decision.objects.bulk_create(
        Decision(
            reference=f"DEC-2000-{i:04d}",
            title=f"D{i}",
            decided_on=today(),
            created_by=p.csr_manager,
        )
        for i in range(start, start + n)
    )
    options = DecisionOption.objects.bulk_create(
        DecisionOption(
            decision=d,
            label="o",
            economic_score=0,
            economic_rationale="r",
            social_score=0,
            social_rationale="r",
            environmental_score=0,
            environmental_rationale="r",
        )
        for d in decisions
    )
    for d, o in zip(decisions, options, strict=True):
        d.chosen_option = o
        d.status, d.approved_by, d.approved_at = "approved", p.csr_manager, dt.datetime.now(dt.UTC)
    Decision.objects.bulk_update(
        decisions, ["chosen_option", "status", "approved_by", "approved_at"]
    )


def _stakeholders(p: Personas, start: int, n: int) -> None:
    stakeholders = Stakeholder.objects.bulk_create(
        Stakeholder(name=f"S{i}", stakeholder_type="customers") for i in range(start, start + n)
    )
    dialogues = Dialogue.objects.bulk_create(
        Dialogue(
            stakeholder=s,
            topic="t",
            held_on=today(),
            channel="email",
            summary="s",
            recorded_by=p.csr_manager,
        )
        for s in stakeholders
    )
    FollowUpAction.objects.bulk_create(
        FollowUpAction(dialogue=d, description="f", owner=p.csr_manager, due_date=today())
        for d in dialogues
    )


def _controls(p: Personas, start: int, n: int) -> None:
    controls = Control.objects.bulk_create(
        Control(title=f"C{i}", owner=p.csr_manager, frequency_months=3, first_due=today())
        for i in range(start, start + n)
    )
    ControlResult.objects.bulk_create(
        ControlResult(control=c, performed_on=today(), outcome="passed", performed_by=p.csr_manager)
        for c in controls
    )


def _reports(p: Personas, start: int, n: int) -> None:
    CsrReport.objects.bulk_create(
        CsrReport(year=2020, requested_by=p.csr_manager) for _ in range(n)
    )


def _assessments(p: Personas, start: int, n: int) -> None:
    assessments = SelfAssessment.objects.bulk_create(
        SelfAssessment(year=1900 + i, created_by=p.csr_manager) for i in range(start, start + n)
    )
    from sourceproof.csr.models import AssessmentQuestion

    question = AssessmentQuestion.objects.first()
    AssessmentAnswer.objects.bulk_create(
        AssessmentAnswer(assessment=a, question=question, maturity=2) for a in assessments
    )
    ImprovementAction.objects.bulk_create(
        ImprovementAction(assessment=a, title="x", owner=p.csr_manager, due_date=today())
        for a in assessments
    )


def _values(p: Personas, start: int, n: int) -> None:
    gas = KpiDefinition.objects.get(code="natural_gas")
    KpiValue.objects.bulk_create(
        KpiValue(
            kpi=gas,
            period_start=dt.date(2010, 1, 1) + dt.timedelta(days=i),
            period_end=dt.date(2010, 1, 1) + dt.timedelta(days=i),
            value=1,
            entered_by=p.csr_manager,
        )
        for i in range(start, start + n)
    )


def _evidence(p: Personas, start: int, n: int) -> None:
    criterion = ScorecardCriterion.objects.get(code="energy_ghg")
    indicators = list(ManagementIndicator.objects.all())
    ScorecardEvidence.objects.bulk_create(
        ScorecardEvidence(
            criterion=criterion,
            indicator=indicators[i % len(indicators)],
            title=f"E{i}",
            evidence_date=today(),
            added_by=p.csr_manager,
        )
        for i in range(start, start + n)
    )


CASES: list[tuple[str, str, Callable[[Personas, int, int], None]]] = [
    ("decisions", reverse("csr:decision_list"), _decisions),
    ("stakeholders", reverse("csr:stakeholder_list"), _stakeholders),
    ("dialogues", reverse("csr:dialogue_list"), _stakeholders),
    ("follow-ups", reverse("csr:follow_up_list"), _stakeholders),
    ("controls", reverse("csr:control_list"), _controls),
    ("reports", reverse("csr:report_list"), _reports),
    ("assessments", reverse("csr:assessment_list"), _assessments),
    ("kpi values", reverse("csr:kpi_detail", args=["natural_gas"]), _values),
    ("scorecard", reverse("csr:scorecard"), _evidence),
    ("cell", reverse("csr:cell", args=["energy_ghg", "policies"]), _evidence),
]


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(("name", "url", "make"), CASES, ids=[c[0] for c in CASES])
def test_it_runs_a_fixed_number_of_queries(
    name: str,
    url: str,
    make: Callable[[Personas, int, int], None],
    personas: Personas,
    client_for: Any,
) -> None:
    client = client_for("viewer")
    make(personas, 0, 10)
    ten = _count(client, url)
    make(personas, 10, 90)
    assert _count(client, url) == ten
