"""The CSR API at /api/v1/csr: KPIs and their values, emissions and factor tables, the scorecard
(scores, medal, gaps), self-assessments, decisions, stakeholder dialogue, controls and the
annual report.

Same selectors and services as the pages: anyone but operator staff gets 404 on every endpoint;
a write the caller's role may not make is a 404 too. A service's ValidationError is a 400 with
the messages by field; a malformed request is a 422.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from sourceproof.core.http import acting_user
from sourceproof.csr import kpis
from sourceproof.csr.access import CsrAction, require_csr
from sourceproof.csr.models import CsrReport, Decision, Dialogue, KpiDefinition
from sourceproof.csr.selectors import assessment as assessment_selectors
from sourceproof.csr.selectors import dialogue as dialogue_selectors
from sourceproof.csr.selectors import figures as figure_selectors
from sourceproof.csr.selectors import reports as report_selectors
from sourceproof.csr.selectors import scorecard as scorecard_selectors
from sourceproof.csr.services import figures as figure_services
from sourceproof.csr.services.reports import csr_report_request

router = Router(tags=["csr"])

PAGE_SIZE = 50


# --------------------------------------------------------------------------- schemas


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


class YearFigureOut(Schema):
    year: int
    value: Decimal | None
    target: Decimal | None
    met: bool | None


class KpiOut(Schema):
    code: str
    name: str
    group: str
    unit: str
    sdg_goal: int
    sdg_target: str
    direction: str = Field(description="higher or lower (is better)")
    kind: str = Field(description="entered, derived (computed from entered KPIs) or external")
    years: list[YearFigureOut]


class KpiValueOut(Schema):
    id: int
    period: str
    period_start: dt.date
    period_end: dt.date
    value: Decimal
    note: str
    has_evidence: bool
    evidence_sha256: str
    entered_by: str | None
    entered_at: dt.datetime


class KpiDetailOut(KpiOut):
    description: str
    values: list[KpiValueOut]


class KpiValueIn(Schema):
    year: int = Field(ge=2000, le=2100)
    period: str = Field(description="year, q1-q4 or m01-m12")
    value: Decimal = Field(ge=0)
    note: str = Field("", max_length=300)


class EmissionLineOut(Schema):
    source: str
    scope: int
    activity_amount: Decimal
    unit: str
    location_factor: Decimal | None
    market_factor: Decimal | None
    kg_location: Decimal | None
    kg_market: Decimal | None
    problem: str


class YearEmissionsOut(Schema):
    year: int
    factor_table: str | None
    scope1_kg: Decimal
    scope2_location_kg: Decimal
    scope2_market_kg: Decimal
    total_location_kg: Decimal
    total_market_kg: Decimal
    lines: list[EmissionLineOut]


class FactorOut(Schema):
    activity: str
    unit: str
    kg_co2e_per_unit: Decimal
    source: str
    year: int
    illustrative: bool


class FactorTableOut(Schema):
    id: int
    name: str
    version: str
    applies_from_year: int
    source: str
    source_url: str
    is_active: bool
    factors: list[FactorOut]


class ThemeScoreOut(Schema):
    code: str
    name: str
    weight: Decimal
    score: float | None


class GapOut(Schema):
    criterion: str
    indicator: str
    theme: str
    weaknesses: list[str]
    credit: float
    gain: float = Field(description="Overall points gained by giving this cell full credit.")
    theme_gain: float


class MedalOut(Schema):
    medal: str | None
    by_score_alone: str | None
    themes_below_minimum: list[str]
    next_medal: str | None
    points_to_next: float | None


class ScorecardOut(Schema):
    method: str
    overall: float
    themes: list[ThemeScoreOut]
    criteria: dict[str, float]
    medal: MedalOut
    thresholds: dict[str, Decimal]
    theme_minimum: Decimal
    gaps: list[GapOut]


class SnapshotOut(Schema):
    year: int
    overall: Decimal
    medal: str
    themes: dict[str, Any]
    gap_count: int


class AnswerOut(Schema):
    subject: str
    question: str
    text: str
    maturity: int | None
    evidence: str
    has_document: bool


class ActionOut(Schema):
    id: int
    title: str
    subject: str | None
    owner: str
    due_date: dt.date
    status: str


class AssessmentOut(Schema):
    year: int
    status: str
    submitted_at: dt.datetime | None
    average_maturity: float | None
    subjects: dict[str, float | None]


class AssessmentDetailOut(AssessmentOut):
    summary: str
    answers: list[AnswerOut]
    actions: list[ActionOut]


class OptionOut(Schema):
    id: int
    label: str
    description: str
    economic_score: int
    economic_rationale: str
    social_score: int
    social_rationale: str
    environmental_score: int
    environmental_rationale: str
    chosen: bool


class DecisionOut(Schema):
    reference: str
    title: str
    decided_on: dt.date
    status: str
    chosen_option: str | None
    approved_by: str | None
    approved_at: dt.datetime | None


class DecisionDetailOut(DecisionOut):
    context: str
    options: list[OptionOut]


class DecisionPage(Schema):
    count: int
    page: int
    pages: int
    items: list[DecisionOut]


class StakeholderOut(Schema):
    id: int
    name: str
    stakeholder_type: str
    contact_name: str
    is_active: bool
    dialogue_count: int
    last_dialogue: dt.date | None


class StakeholderPage(Schema):
    count: int
    page: int
    pages: int
    items: list[StakeholderOut]


class FollowUpOut(Schema):
    id: int
    description: str
    owner: str
    due_date: dt.date
    status: str


class DialogueOut(Schema):
    id: int
    stakeholder: str
    stakeholder_type: str
    topic: str
    held_on: dt.date
    channel: str
    open_follow_ups: int


class DialogueDetailOut(DialogueOut):
    summary: str
    follow_ups: list[FollowUpOut]


class DialoguePage(Schema):
    count: int
    page: int
    pages: int
    items: list[DialogueOut]


class ControlOut(Schema):
    id: int
    title: str
    owner: str
    frequency_months: int
    last_done: dt.date | None
    last_outcome: str
    next_due: dt.date
    overdue: bool


class ReportIn(Schema):
    year: int = Field(ge=2000, le=2100)
    correction_reason: str = Field("", max_length=300)


class ReportOut(Schema):
    id: int
    year: int
    status: str
    progress: int
    report_number: str
    sha256: str
    error: str


# --------------------------------------------------------------------------- helpers


def _error(error: ValidationError) -> ErrorOut:
    if hasattr(error, "error_dict"):
        errors = {k: [str(m) for m in v] for k, v in error.message_dict.items()}
        return ErrorOut(detail=" ".join(m for ms in errors.values() for m in ms), errors=errors)
    return ErrorOut(detail=" ".join(error.messages))


def _paginate(rows: Any, page: int) -> tuple[int, int, int, list[Any]]:
    paginator = Paginator(rows, PAGE_SIZE)
    count = paginator.count
    pages = max(1, math.ceil(count / PAGE_SIZE))
    number = min(max(page, 1), pages)
    return count, number, pages, list(paginator.page(number).object_list)


def _float(value: Any) -> float | None:
    return float(value) if value is not None else None


def _name(user: Any) -> str | None:
    return (user.get_full_name() or user.email) if user is not None else None


def _kpi_out(row: figure_selectors.KpiRow, years: list[int]) -> dict[str, Any]:
    kpi: KpiDefinition = row.kpi
    return {
        "code": kpi.code,
        "name": kpi.name,
        "group": kpi.group,
        "unit": kpi.unit,
        "sdg_goal": kpi.sdg_goal,
        "sdg_target": kpi.sdg_target,
        "direction": kpi.direction,
        "kind": kpi.kind,
        "years": [
            {
                "year": y,
                "value": row.figures.get(y),
                "target": row.targets.get(y),
                "met": row.met(y),
            }
            for y in years
        ],
    }


def _years(first: int | None, last: int | None) -> list[int] | None:
    if first is None and last is None:
        return None
    default = figure_selectors.report_years()
    first = first or default[0]
    last = last or default[-1]
    if last < first or last - first > 30:
        raise ValidationError({"years": ["Ask for at most 30 years, first before last."]})
    return list(range(first, last + 1))


# --------------------------------------------------------------------------- KPIs


@router.get("/kpis", response={200: list[KpiOut], 400: ErrorOut}, summary="Every KPI per year")
def list_kpis(
    request: HttpRequest,
    first_year: int | None = Query(None, ge=2000, le=2100),
    last_year: int | None = Query(None, ge=2000, le=2100),
) -> Status[Any]:
    user = acting_user(request)
    try:
        years, rows = figure_selectors.kpi_rows(user=user, years=_years(first_year, last_year))
    except ValidationError as error:
        return Status(400, _error(error))
    return Status(200, [_kpi_out(row, years) for row in rows])


def _kpi_detail(user: Any, code: str) -> dict[str, Any]:
    kpi = figure_selectors.get_kpi_for_user(user=user, code=code)
    years, rows = figure_selectors.kpi_rows(user=user, definitions=[kpi])
    values = figure_selectors.kpi_values(user=user, kpi=kpi)[:500]
    return {
        **_kpi_out(rows[0], years),
        "description": kpi.description,
        "values": [
            {
                "id": v.pk,
                "period": kpis.period_label(v.period_start, v.period_end),
                "period_start": v.period_start,
                "period_end": v.period_end,
                "value": v.value,
                "note": v.note,
                "has_evidence": bool(v.evidence),
                "evidence_sha256": v.evidence_sha256,
                "entered_by": _name(v.entered_by),
                "entered_at": v.created_at,
            }
            for v in values
        ],
    }


@router.get("/kpis/{code}", response=KpiDetailOut, summary="One KPI with its values")
def get_kpi(request: HttpRequest, code: str) -> dict[str, Any]:
    return _kpi_detail(acting_user(request), code)


@router.post(
    "/kpis/{code}/values",
    response={201: KpiDetailOut, 400: ErrorOut},
    summary="Record a value of an entered KPI (emissions are recalculated)",
)
def add_kpi_value(request: HttpRequest, code: str, payload: KpiValueIn) -> Status[Any]:
    user = acting_user(request)
    kpi = figure_selectors.get_kpi_for_user(user=user, code=code)
    require_csr(user, CsrAction.EDIT_CSR)
    try:
        figure_services.kpi_value_add(
            kpi=kpi,
            year=payload.year,
            period=payload.period,
            value=payload.value,
            note=payload.note,
            by=user,
        )
    except ValidationError as error:
        return Status(400, _error(error))
    return Status(201, _kpi_detail(user, code))


@router.delete("/kpis/values/{value_id}", response={204: None}, summary="Delete a KPI value")
def delete_kpi_value(request: HttpRequest, value_id: int) -> Status[None]:
    user = acting_user(request)
    value = figure_selectors.get_value_for_user(user=user, pk=value_id)
    require_csr(user, CsrAction.EDIT_CSR)
    figure_services.kpi_value_delete(value=value, by=user)
    return Status(204, None)


# --------------------------------------------------------------------------- emissions


@router.get(
    "/emissions",
    response={200: list[YearEmissionsOut], 400: ErrorOut},
    summary="Emissions by scope per year (kg CO2e)",
)
def list_emissions(
    request: HttpRequest,
    first_year: int | None = Query(None, ge=2000, le=2100),
    last_year: int | None = Query(None, ge=2000, le=2100),
) -> Status[Any]:
    user = acting_user(request)
    try:
        years = _years(first_year, last_year) or figure_selectors.report_years()
    except ValidationError as error:
        return Status(400, _error(error))
    found = figure_selectors.emissions_by_year(user=user, years=years)
    return Status(
        200,
        [
            {
                "year": e.year,
                "factor_table": e.table.version if e.table else None,
                "scope1_kg": e.totals.scope1,
                "scope2_location_kg": e.totals.scope2_location,
                "scope2_market_kg": e.totals.scope2_market,
                "total_location_kg": e.totals.total_location,
                "total_market_kg": e.totals.total_market,
                "lines": [
                    {
                        "source": ln.source,
                        "scope": ln.scope,
                        "activity_amount": ln.activity_amount,
                        "unit": ln.unit,
                        "location_factor": ln.location_factor,
                        "market_factor": ln.market_factor,
                        "kg_location": ln.kg_location,
                        "kg_market": ln.kg_market,
                        "problem": ln.problem,
                    }
                    for ln in e.lines
                ],
            }
            for e in found.values()
        ],
    )


@router.get("/emission-factors", response=list[FactorTableOut], summary="Emission-factor tables")
def list_factor_tables(request: HttpRequest) -> list[dict[str, Any]]:
    user = acting_user(request)
    return [
        {
            "id": t.pk,
            "name": t.name,
            "version": t.version,
            "applies_from_year": t.applies_from_year,
            "source": t.source,
            "source_url": t.source_url,
            "is_active": t.is_active,
            "factors": [
                {
                    "activity": f.activity,
                    "unit": f.unit,
                    "kg_co2e_per_unit": f.kg_co2e_per_unit,
                    "source": f.source,
                    "year": f.year,
                    "illustrative": f.illustrative,
                }
                for f in t.factors.all()
            ],
        }
        for t in figure_selectors.factor_tables(user=user)
    ]


# --------------------------------------------------------------------------- scorecard


@router.get("/scorecard", response=ScorecardOut, summary="Scores, the medal they reach, gaps")
def get_scorecard(request: HttpRequest) -> dict[str, Any]:
    user = acting_user(request)
    state = scorecard_selectors.scorecard_state(user=user)
    return {
        "method": "sourceproof's own documented method (docs/csr.md), not EcoVadis's algorithm",
        "overall": round(state.scores.overall, 4),
        "themes": [
            {
                "code": t.code,
                "name": t.name,
                "weight": t.weight,
                "score": state.scores.themes[t.code],
            }
            for t in state.themes
        ],
        "criteria": {k: round(v, 4) for k, v in state.scores.criteria.items()},
        "medal": {
            "medal": state.medal.medal,
            "by_score_alone": state.medal.qualifying_by_score,
            "themes_below_minimum": list(state.medal.themes_below_minimum),
            "next_medal": state.medal.next_medal,
            "points_to_next": state.medal.points_to_next,
        },
        "thresholds": {t.medal: t.min_overall for t in state.thresholds},
        "theme_minimum": state.policy.theme_minimum,
        "gaps": [
            {
                "criterion": g.criterion,
                "indicator": g.indicator,
                "theme": g.theme,
                "weaknesses": [str(w) for w in g.weaknesses],
                "credit": g.credit,
                "gain": g.gain,
                "theme_gain": g.theme_gain,
            }
            for g in state.gaps
        ],
    }


@router.get("/scorecard/snapshots", response=list[SnapshotOut], summary="Yearly snapshots")
def list_snapshots(request: HttpRequest) -> list[dict[str, Any]]:
    user = acting_user(request)
    return [
        {
            "year": s.year,
            "overall": s.overall,
            "medal": s.medal,
            "themes": s.themes,
            "gap_count": s.gap_count,
        }
        for s in scorecard_selectors.snapshot_list(user=user)
    ]


# --------------------------------------------------------------------------- self-assessments


def _subject_averages(by_year: dict[int, dict[str, Decimal]], year: int) -> dict[str, float | None]:
    return {k: float(v) for k, v in by_year.get(year, {}).items()}


@router.get("/self-assessments", response=list[AssessmentOut], summary="Yearly self-assessments")
def list_assessments(request: HttpRequest) -> list[dict[str, Any]]:
    user = acting_user(request)
    _subjects, by_year = assessment_selectors.maturity_by_year(user=user)
    return [
        {
            "year": a.year,
            "status": a.status,
            "submitted_at": a.submitted_at,
            "average_maturity": _float(getattr(a, "average_maturity", None)),
            "subjects": _subject_averages(by_year, a.year),
        }
        for a in assessment_selectors.assessment_list(user=user)
    ]


@router.get("/self-assessments/{year}", response=AssessmentDetailOut, summary="One assessment")
def get_assessment(request: HttpRequest, year: int) -> dict[str, Any]:
    user = acting_user(request)
    assessment = assessment_selectors.get_assessment_for_user(user=user, year=year)
    blocks = assessment_selectors.assessment_blocks(assessment)
    levels = [a.maturity for b in blocks for a in b.answers if a.maturity is not None]
    return {
        "year": assessment.year,
        "status": assessment.status,
        "submitted_at": assessment.submitted_at,
        "average_maturity": sum(levels) / len(levels) if levels else None,
        "subjects": {b.subject.code: b.average for b in blocks},
        "summary": assessment.summary,
        "answers": [
            {
                "subject": b.subject.code,
                "question": a.question.code,
                "text": a.question.text,
                "maturity": a.maturity,
                "evidence": a.evidence,
                "has_document": bool(a.evidence_file),
            }
            for b in blocks
            for a in b.answers
        ],
        "actions": [
            {
                "id": x.pk,
                "title": x.title,
                "subject": x.subject.code if x.subject else None,
                "owner": _name(x.owner),
                "due_date": x.due_date,
                "status": x.status,
            }
            for x in assessment_selectors.assessment_actions(assessment)
        ],
    }


# --------------------------------------------------------------------------- decisions


def _decision_out(d: Decision) -> dict[str, Any]:
    return {
        "reference": d.reference,
        "title": d.title,
        "decided_on": d.decided_on,
        "status": d.status,
        "chosen_option": d.chosen_option.label if d.chosen_option else None,
        "approved_by": _name(d.approved_by),
        "approved_at": d.approved_at,
    }


@router.get("/decisions", response=DecisionPage, summary="The decision log (search and filter)")
def list_decisions(
    request: HttpRequest, q: str = "", status: str = "", year: int | None = None, page: int = 1
) -> dict[str, Any]:
    user = acting_user(request)
    rows = dialogue_selectors.decision_list(user=user, q=q, status=status, year=year)
    count, number, pages, items = _paginate(rows, page)
    return {
        "count": count,
        "page": number,
        "pages": pages,
        "items": [_decision_out(d) for d in items],
    }


@router.get("/decisions/{reference}", response=DecisionDetailOut, summary="One decision")
def get_decision(request: HttpRequest, reference: str) -> dict[str, Any]:
    user = acting_user(request)
    decision = dialogue_selectors.get_decision_for_user(user=user, reference=reference)
    return {
        **_decision_out(decision),
        "context": decision.context,
        "options": [
            {
                "id": o.pk,
                "label": o.label,
                "description": o.description,
                "economic_score": o.economic_score,
                "economic_rationale": o.economic_rationale,
                "social_score": o.social_score,
                "social_rationale": o.social_rationale,
                "environmental_score": o.environmental_score,
                "environmental_rationale": o.environmental_rationale,
                "chosen": o.pk == decision.chosen_option_id,
            }
            for o in dialogue_selectors.decision_options(decision)
        ],
    }


# --------------------------------------------------------------------------- stakeholder dialogue


@router.get("/stakeholders", response=StakeholderPage, summary="The stakeholder register")
def list_stakeholders(
    request: HttpRequest, q: str = "", stakeholder_type: str = "", page: int = 1
) -> dict[str, Any]:
    user = acting_user(request)
    rows = dialogue_selectors.stakeholder_list(user=user, q=q, stakeholder_type=stakeholder_type)
    count, number, pages, items = _paginate(rows, page)
    return {
        "count": count,
        "page": number,
        "pages": pages,
        "items": [
            {
                "id": s.pk,
                "name": s.name,
                "stakeholder_type": s.stakeholder_type,
                "contact_name": s.contact_name,
                "is_active": s.is_active,
                "dialogue_count": getattr(s, "dialogue_count", 0),
                "last_dialogue": getattr(s, "last_dialogue", None),
            }
            for s in items
        ],
    }


def _dialogue_out(d: Dialogue) -> dict[str, Any]:
    return {
        "id": d.pk,
        "stakeholder": d.stakeholder.name,
        "stakeholder_type": d.stakeholder.stakeholder_type,
        "topic": d.topic,
        "held_on": d.held_on,
        "channel": d.channel,
        "open_follow_ups": getattr(d, "open_follow_up_count", 0),
    }


@router.get("/dialogues", response=DialoguePage, summary="The stakeholder dialogue log")
def list_dialogues(
    request: HttpRequest,
    q: str = "",
    stakeholder_type: str = "",
    year: int | None = None,
    page: int = 1,
) -> dict[str, Any]:
    user = acting_user(request)
    rows = dialogue_selectors.dialogue_list(
        user=user, q=q, stakeholder_type=stakeholder_type, year=year
    )
    count, number, pages, items = _paginate(rows, page)
    return {
        "count": count,
        "page": number,
        "pages": pages,
        "items": [_dialogue_out(d) for d in items],
    }


@router.get("/dialogues/{dialogue_id}", response=DialogueDetailOut, summary="One dialogue")
def get_dialogue(request: HttpRequest, dialogue_id: int) -> dict[str, Any]:
    user = acting_user(request)
    dialogue = dialogue_selectors.get_dialogue_for_user(user=user, pk=dialogue_id)
    follow_ups = list(dialogue_selectors.dialogue_follow_ups(dialogue))
    return {
        **_dialogue_out(dialogue),
        "open_follow_ups": sum(1 for f in follow_ups if f.status == "open"),
        "summary": dialogue.summary,
        "follow_ups": [
            {
                "id": f.pk,
                "description": f.description,
                "owner": _name(f.owner),
                "due_date": f.due_date,
                "status": f.status,
            }
            for f in follow_ups
        ],
    }


@router.get("/controls", response=list[ControlOut], summary="The controls calendar")
def list_controls(request: HttpRequest) -> list[dict[str, Any]]:
    user = acting_user(request)
    rows = dialogue_selectors.control_rows(dialogue_selectors.control_list(user=user))
    return [
        {
            "id": r.control.pk,
            "title": r.control.title,
            "owner": _name(r.control.owner),
            "frequency_months": r.control.frequency_months,
            "last_done": r.last_done,
            "last_outcome": r.last_outcome,
            "next_due": r.next_due,
            "overdue": r.overdue,
        }
        for r in sorted(rows, key=lambda r: r.next_due)
    ]


# --------------------------------------------------------------------------- annual report


def _report_out(report: CsrReport) -> dict[str, Any]:
    return {
        "id": report.pk,
        "year": report.year,
        "status": report.status,
        "progress": report.progress,
        "report_number": report.report_number,
        "sha256": report.sha256,
        "error": report.error,
    }


@router.post(
    "/reports",
    response={202: ReportOut, 400: ErrorOut},
    summary="Request the annual CSR report of a year (rendered in the background)",
)
def request_report(request: HttpRequest, payload: ReportIn) -> Status[Any]:
    user = acting_user(request)
    require_csr(user, CsrAction.GENERATE_CSR_REPORT)
    try:
        report = csr_report_request(
            year=payload.year, correction_reason=payload.correction_reason, by=user
        )
    except ValidationError as error:
        return Status(400, _error(error))
    report.refresh_from_db()
    return Status(202, _report_out(report))


@router.get("/reports/{report_id}", response=ReportOut, summary="An annual report's status")
def get_report(request: HttpRequest, report_id: int) -> dict[str, Any]:
    user = acting_user(request)
    return _report_out(report_selectors.get_report_for_user(user=user, pk=report_id))
