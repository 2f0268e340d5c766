"""Helpers for the CSR tests: files, and a small world of CSR records made through services."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from sourceproof.core.testing import Personas
from sourceproof.csr.models import (
    CsrReport,
    CsrReportStatus,
    Decision,
    DecisionOption,
    Dialogue,
    FollowUpAction,
    KpiDefinition,
    KpiValue,
    ManagementIndicator,
    ScorecardCriterion,
    ScorecardEvidence,
    SelfAssessment,
)
from sourceproof.csr.services import assessment as assessment_services
from sourceproof.csr.services import dialogue as dialogue_services
from sourceproof.csr.services import figures as figure_services
from sourceproof.csr.services import scorecard as scorecard_services

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def pdf(name: str = "policy.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def png(name: str = "photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def not_a_pdf(name: str = "policy.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"just text pretending\n", content_type="application/pdf")


def today() -> dt.date:
    return timezone.localdate()


def kpi(code: str) -> KpiDefinition:
    return KpiDefinition.objects.get(code=code)


def add_value(code: str, year: int, period: str, value: Any, by: Any) -> KpiValue:
    return figure_services.kpi_value_add(
        kpi=kpi(code), year=year, period=period, value=Decimal(str(value)), by=by
    )


def make_decision(
    by: Any, *, options: int = 2, title: str = "Switch to a gas-free office"
) -> Decision:
    decision = dialogue_services.decision_create(
        title=title, context="The lease ends.", decided_on=today(), by=by
    )
    for n in range(options):
        dialogue_services.decision_option_add(
            decision=decision,
            by=by,
            label=f"Option {n + 1}",
            description="",
            economic_score=n - 1,
            economic_rationale="cost",
            social_score=1,
            social_rationale="people",
            environmental_score=2 - n,
            environmental_rationale="planet",
        )
    return decision


@dataclass
class World:
    personas: Personas
    evidence: ScorecardEvidence
    assessment: SelfAssessment
    answer_pk: int
    action_pk: int
    value: KpiValue
    decision: Decision
    option: DecisionOption
    stakeholder_pk: int
    dialogue: Dialogue
    follow_up: FollowUpAction
    control_pk: int
    report: CsrReport
    table_pk: int
    factor_pk: int


def make_world(p: Personas) -> World:
    by = p.csr_manager
    year = today().year
    evidence = scorecard_services.evidence_add(
        criterion=ScorecardCriterion.objects.get(code="energy_ghg"),
        indicator=ManagementIndicator.objects.get(code="policies"),
        title="Energy policy",
        evidence_date=today(),
        signed=True,
        upload=pdf(),
        by=by,
    )
    assessment = assessment_services.assessment_start(year=year, by=by)
    answer = assessment.answers.order_by("pk").first()
    assert answer is not None
    assessment_services.answer_update(
        answer=answer, maturity=2, evidence="RI&E", upload=pdf(), by=by
    )
    action = assessment_services.improvement_action_create(
        assessment=assessment, title="Train buyers", owner=by, due_date=today(), by=by
    )
    value = figure_services.kpi_value_add(
        kpi=kpi("electricity_grid"), year=year, period="m01", value=1000, upload=pdf(), by=by
    )
    decision = make_decision(by)
    option = decision.options.order_by("pk").first()
    assert option is not None
    stakeholder = dialogue_services.stakeholder_create(
        by=by, name="Works council", stakeholder_type="employees"
    )
    dialogue = dialogue_services.dialogue_create(
        by=by,
        stakeholder=stakeholder,
        topic="Cycling plan",
        held_on=today(),
        channel="meeting",
        summary="Agreed.",
    )
    follow_up = dialogue_services.follow_up_add(
        dialogue=dialogue, description="Send the plan", owner=by, due_date=today(), by=by
    )
    control = dialogue_services.control_create(
        by=by,
        title="Check meter readings",
        method="",
        owner=by,
        frequency_months=3,
        first_due=today(),
    )
    report = CsrReport.objects.create(
        year=year - 1, status=CsrReportStatus.DONE, progress=100, sha256="0" * 64, requested_by=by
    )
    report.file.save("r.pdf", pdf(), save=True)
    from sourceproof.csr.models import EmissionFactorTable

    table = EmissionFactorTable.objects.get(version="nl-default-1")
    factor = table.factors.get(activity="natural_gas")
    return World(
        personas=p,
        evidence=evidence,
        assessment=assessment,
        answer_pk=answer.pk,
        action_pk=action.pk,
        value=value,
        decision=decision,
        option=option,
        stakeholder_pk=stakeholder.pk,
        dialogue=dialogue,
        follow_up=follow_up,
        control_pk=control.pk,
        report=report,
        table_pk=table.pk,
        factor_pk=factor.pk,
    )
