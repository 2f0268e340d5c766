"""CSR demo data: two years of KPI values, scorecard evidence, a submitted self-assessment for
last year and a draft for this year, decisions, stakeholder dialogues and controls.

`load_csr_demo()` is idempotent: every row is keyed on something stable (a KPI and period, a
title, a name, a year) and skipped when present. Dates are relative to the day it runs. It
acts as the installation's first CSR manager (else admin); owners need an operator user, so
run it after the main demo has made the logins. All names are invented.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from sourceproof.accounts.models import Role, User
from sourceproof.csr import kpis
from sourceproof.csr.models import (
    AssessmentStatus,
    Control,
    Decision,
    Dialogue,
    KpiDefinition,
    KpiTarget,
    KpiValue,
    ManagementIndicator,
    ScorecardCriterion,
    ScorecardEvidence,
    ScorecardSnapshot,
    SelfAssessment,
    Stakeholder,
)
from sourceproof.csr.services import assessment as assessment_services
from sourceproof.csr.services import dialogue as dialogue_services
from sourceproof.csr.services import figures as figure_services
from sourceproof.csr.services import scorecard as scorecard_services

# KPI code → quarterly values last year (Q1..Q4)
LAST_YEAR: dict[str, tuple[int, int, int, int]] = {
    "electricity_grid": (9000, 8500, 8000, 8800),
    "electricity_green": (6000, 6000, 6000, 6000),
    "electricity_solar": (1500, 4200, 4800, 1300),
    "natural_gas": (2100, 600, 150, 1600),
    "fleet_diesel": (900, 820, 760, 720),
    "fleet_petrol": (260, 230, 210, 200),
    "ev_charging": (800, 950, 1100, 1250),
    "waste_residual": (1400, 1300, 1250, 1250),
    "waste_paper": (950, 900, 1000, 950),
    "waste_plastic": (220, 230, 220, 230),
    "waste_organic": (260, 280, 300, 260),
}
# KPI code → monthly values this year (January, February, …), only months already over
THIS_YEAR: dict[str, tuple[int, ...]] = {
    "electricity_grid": (1500, 1400, 1200, 900, 700, 600, 600, 650, 800, 1100, 1300, 1500),
    "electricity_green": (2600, 2500, 2400, 2300, 2200, 2100, 2100, 2200, 2300, 2400, 2500, 2600),
    "electricity_solar": (300, 550, 900, 1300, 1600, 1750, 1700, 1500, 1100, 700, 350, 250),
    "natural_gas": (520, 430, 260, 90, 0, 0, 0, 0, 0, 0, 0, 0),
    "fleet_diesel": (210, 200, 190, 170, 150, 140, 130, 120, 110, 100, 90, 80),
    "fleet_petrol": (60, 55, 50, 45, 40, 40, 35, 30, 30, 25, 25, 20),
    "ev_charging": (450, 460, 480, 500, 520, 540, 560, 580, 600, 620, 640, 660),
    "waste_residual": (330, 320, 310, 300, 300, 290, 280, 280, 270, 260, 260, 250),
    "waste_paper": (330, 320, 340, 330, 320, 330, 300, 310, 330, 340, 330, 350),
    "waste_plastic": (80, 80, 85, 80, 85, 90, 85, 80, 85, 90, 90, 95),
    "waste_organic": (95, 100, 105, 100, 110, 115, 110, 105, 100, 100, 95, 95),
}
# KPI code → (target last year, target this year)
TARGETS: dict[str, tuple[int, int]] = {
    "electricity_grid": (32000, 15000),
    "natural_gas": (3000, 0),
    "fleet_diesel": (3000, 1600),
    "waste_residual": (5000, 3500),
    "renewable_share": (50, 70),
    "waste_separated_share": (55, 65),
}

# (criterion, indicator, title, months ago, signed, group level only)
EVIDENCE: list[tuple[str, str, str, int, bool, bool]] = [
    ("energy_ghg", "policies", "Energy and climate policy", 4, True, False),
    ("energy_ghg", "measures", "Heat-pump installation and LED retrofit", 7, True, False),
    ("energy_ghg", "reporting", "Annual CSR report (emissions by scope)", 10, True, False),
    ("energy_ghg", "endorsements", "SME Climate Commitment letter", 30, True, False),
    ("materials_chemicals_waste", "policies", "Packaging and waste policy", 9, False, False),
    ("materials_chemicals_waste", "measures", "Waste separation contract", 5, True, False),
    (
        "customer_health_safety",
        "certifications",
        "Product test reports (REACH, EN 71)",
        3,
        True,
        False,
    ),
    ("working_conditions", "policies", "Employee handbook", 14, True, False),
    ("employee_health_safety", "policies", "Risk inventory (RI&E)", 40, True, False),
    ("child_forced_labour", "policies", "Group human-rights policy", 8, True, True),
    ("corruption", "policies", "Anti-bribery and gifts policy", 6, True, False),
    ("responsible_information", "policies", "Privacy policy (GDPR)", 12, True, False),
    ("supplier_social", "policies", "Supplier code of conduct", 5, True, False),
    (
        "supplier_social",
        "measures",
        "SMETA audit programme for risk-country suppliers",
        2,
        True,
        False,
    ),
    (
        "supplier_social",
        "coverage",
        "Share of facilities with a valid SMETA 4-pillar",
        1,
        True,
        False,
    ),
    ("supplier_environmental", "policies", "Group sustainable sourcing policy", 20, False, True),
]

DECISIONS: list[dict[str, object]] = [
    {
        "title": "Replace the gas boiler with a heat pump",
        "months_ago": 11,
        "approve": True,
        "options": [
            ("Keep the gas boiler until it fails", (1, 0, -2), "No investment now", "No change",
             "About 4,000 m3 gas a year"),
            ("Hybrid heat pump", (0, 1, 1), "Moderate investment", "Quieter, same comfort",
             "Halves the gas use"),
            ("All-electric heat pump and insulation", (-1, 1, 2), "Largest investment, "
             "subsidy available", "Better indoor climate", "Gas-free building"),
        ],
        "choose": 2,
    },
    {
        "title": "Lease cars: electric only at the next renewal",
        "months_ago": 6,
        "approve": True,
        "options": [
            ("Keep diesel and petrol", (1, 0, -2), "Cheapest lease today", "Drivers used to it",
             "Fleet emissions stay"),
            ("Electric only", (0, 1, 2), "Lower running costs, higher lease", "Charging at home "
             "reimbursed", "No tailpipe emissions"),
        ],
        "choose": 1,
    },
    {
        "title": "Recycled cotton for promotional tote bags",
        "months_ago": 1,
        "approve": False,
        "options": [
            ("Conventional cotton", (1, -1, -1), "Lowest price", "Pesticide exposure in farming",
             "High water use"),
            ("Recycled cotton (GRS)", (-1, 1, 2), "About 8 % dearer", "Certified supply chain",
             "Less water and no new fibre"),
        ],
        "choose": None,
    },
]  # fmt: skip

STAKEHOLDERS: list[tuple[str, str, str]] = [
    ("Works council", "employees", "Working conditions, commuting, training"),
    ("Lumora Retail Group, sustainability team", "customers", "Scope 3 data, audited supply chain"),
    ("Ningbo Bright Drinkware Co., Ltd.", "suppliers", "Order planning, audit follow-up"),
    ("Clean Supply Network", "ngos", "Living wages and grievance mechanisms in Asia"),
    ("Municipality of Utrecht", "government", "Energy label, permits, local employment"),
    ("Business park association", "community", "Shared solar, safe cycling routes"),
    ("Regional impact investor", "investors", "Climate targets, governance"),
]

# (stakeholder name, topic, days ago, channel, summary, [(follow-up, due in days, done)])
DIALOGUES: list[tuple[str, str, int, str, str, list[tuple[str, int, bool]]]] = [
    ("Works council", "Cycling plan and charging points", 320, "meeting",
     "Agreed to offer e-bike leasing and two more charging points.",
     [("Publish the e-bike lease scheme", -260, True)]),
    ("Lumora Retail Group, sustainability team", "Emission data for their scope 3", 200, "video_call",
     "Lumora asks for yearly scope 1 and 2 figures and the share of audited facilities.",
     [("Send the annual CSR report", -150, True), ("Share the SMETA coverage per quarter", 20, False)]),
    ("Clean Supply Network", "Living wages in Bangladesh", 120, "meeting",
     "Discussed the wage-gap analysis of the canvas-bag supplier.",
     [("Share the corrective-action plan", -10, False)]),
    ("Ningbo Bright Drinkware Co., Ltd.", "Working hours in peak season", 90, "site_visit",
     "Walked the production floor; overtime register checked together.",
     [("Agree the peak-season planning", 30, False)]),
    ("Municipality of Utrecht", "Gas-free office", 60, "email",
     "Confirmed the heat-pump subsidy application.", []),
    ("Regional impact investor", "Climate targets", 25, "meeting",
     "Explained the reduction path; they ask for targets approved by the board.",
     [("Board approval of 2030 targets", 60, False)]),
]  # fmt: skip

# (title, method, months, first due in days, [(days ago, outcome)])
CONTROLS: list[tuple[str, str, int, int, list[tuple[int, str]]]] = [
    ("Active facilities have a valid SMETA 4-pillar audit",
     "Compare the facility list with the SMETA coverage KPI; follow up every gap.", 3, -400,
     [(270, "passed"), (180, "issues"), (60, "passed")]),
    ("Energy and fuel figures entered for the month",
     "Meter readings, fuel cards and the waste contractor's statement, entered as KPI values.", 1,
     -300, [(110, "passed"), (75, "passed"), (45, "issues")]),
    ("Supplier code-of-ethics signatures checked",
     "List of suppliers who have not signed the current version; remind them.", 6, -10, []),
    ("Management review of CSR targets", "Yearly review of KPIs, targets and the scorecard.", 12,
     40, []),
]  # fmt: skip


@dataclass
class CsrDemoResult:
    created: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, n: int = 1) -> None:
        self.created[kind] = self.created.get(kind, 0) + n


def _actor() -> User | None:
    for role in (Role.CSR_MANAGER, Role.ADMIN):
        user = User.objects.filter(role=role, is_active=True).order_by("pk").first()
        if user is not None:
            return user
    return None


def _months_ago(today: dt.date, months: int) -> dt.date:
    from sourceproof.orders.gate import add_months

    return add_months(today, -months)


@transaction.atomic
def load_csr_demo(*, today: dt.date | None = None) -> CsrDemoResult:
    """Create the CSR demo records; rows already present are left alone."""
    today = today or timezone.localdate()
    result = CsrDemoResult()
    by = _actor()
    _load_values(result, today, by)
    _load_evidence(result, today, by)
    _load_assessments(result, today, by)
    _load_decisions(result, today, by)
    _load_dialogue(result, today, by)
    _load_controls(result, today, by)
    if by is not None and not ScorecardSnapshot.objects.filter(year=today.year - 1).exists():
        scorecard_services.scorecard_snapshot_take(year=today.year - 1, by=by, today=today)
        result.count("scorecard snapshots")
    return result


def _add(
    result: CsrDemoResult, kpi: KpiDefinition, year: int, period: str, value: int, by: User | None
) -> None:
    start, end = kpis.period_bounds(year, period)
    if KpiValue.objects.filter(kpi=kpi, period_start__lte=end, period_end__gte=start).exists():
        return
    figure_services.kpi_value_add(
        kpi=kpi, year=year, period=period, value=Decimal(value), note="demo", by=by
    )
    result.count("KPI values")


def _load_values(result: CsrDemoResult, today: dt.date, by: User | None) -> None:
    definitions = {d.code: d for d in KpiDefinition.objects.all()}
    last, this = today.year - 1, today.year
    for code, quarters in LAST_YEAR.items():
        for q, value in enumerate(quarters, start=1):
            _add(result, definitions[code], last, f"q{q}", value, by)
    for code, months in THIS_YEAR.items():
        for month, value in enumerate(months[: today.month - 1], start=1):
            _add(result, definitions[code], this, f"m{month:02d}", value, by)
    for code, (target_last, target_this) in TARGETS.items():
        for year, target in ((last, target_last), (this, target_this)):
            if not KpiTarget.objects.filter(kpi=definitions[code], year=year).exists():
                figure_services.kpi_target_set(
                    kpi=definitions[code], year=year, target=target, by=by
                )
                result.count("KPI targets")


def _load_evidence(result: CsrDemoResult, today: dt.date, by: User | None) -> None:
    criteria = {c.code: c for c in ScorecardCriterion.objects.all()}
    indicators = {i.code: i for i in ManagementIndicator.objects.all()}
    for criterion, indicator, title, months, signed, group in EVIDENCE:
        if ScorecardEvidence.objects.filter(criterion=criteria[criterion], title=title).exists():
            continue
        scorecard_services.evidence_add(
            criterion=criteria[criterion],
            indicator=indicators[indicator],
            title=title,
            evidence_date=_months_ago(today, months),
            signed=signed,
            scope="group" if group else "company",
            notes="Demo evidence (no document attached).",
            by=by,
        )
        result.count("scorecard evidence")


def _load_assessments(result: CsrDemoResult, today: dt.date, by: User | None) -> None:
    last, this = today.year - 1, today.year
    if not SelfAssessment.objects.filter(year=last).exists():
        assessment = assessment_services.assessment_start(year=last, by=by)
        for n, answer in enumerate(assessment.answers.select_related("question").order_by("pk")):
            assessment_services.answer_update(
                answer=answer,
                maturity=(1, 2, 2, 3)[n % 4],
                evidence="See the documents in the CSR folder for this subject.",
                by=by,
            )
        assessment_services.assessment_update(
            assessment=assessment,
            summary="Energy and the supplier audit programme are established; grievance "
            "mechanisms in the supply chain and community involvement lag behind.",
            by=by,
        )
        if by is not None:
            for title, months_due, status in (
                ("Grievance channel for supplier workers", 2, "in_progress"),
                ("Gas-free office", -1, "done"),
                ("Volunteering day with the business park", 5, "open"),
            ):
                action = assessment_services.improvement_action_create(
                    assessment=assessment,
                    title=title,
                    owner=by,
                    due_date=_months_ago(today, -months_due),
                    by=by,
                )
                if status != "open":
                    assessment_services.improvement_action_update(
                        action=action, status=status, by=by
                    )
        assessment_services.assessment_submit(assessment=assessment, by=by)
        result.count("self-assessments")
    if not SelfAssessment.objects.filter(year=this).exists():
        assessment = assessment_services.assessment_start(year=this, by=by)
        for n, answer in enumerate(assessment.answers.order_by("pk")):
            if n % 2 == 0:
                assessment_services.answer_update(
                    answer=answer, maturity=(2, 3, 3)[n % 3], evidence="Updated this year.", by=by
                )
        result.count("self-assessments")
    assert SelfAssessment.objects.get(year=last).status == AssessmentStatus.SUBMITTED


def _load_decisions(result: CsrDemoResult, today: dt.date, by: User | None) -> None:
    for spec in DECISIONS:
        title = str(spec["title"])
        if Decision.objects.filter(title=title).exists():
            continue
        months_ago = int(str(spec["months_ago"]))
        decision = dialogue_services.decision_create(
            title=title, context="", decided_on=_months_ago(today, months_ago), by=by
        )
        options = []
        for label, (eco, soc, env), why_eco, why_soc, why_env in spec["options"]:  # type: ignore[attr-defined]
            options.append(
                dialogue_services.decision_option_add(
                    decision=decision,
                    by=by,
                    label=label,
                    economic_score=eco,
                    economic_rationale=why_eco,
                    social_score=soc,
                    social_rationale=why_soc,
                    environmental_score=env,
                    environmental_rationale=why_env,
                )
            )
        if spec["choose"] is not None:
            dialogue_services.decision_choose(
                decision=decision, option=options[int(str(spec["choose"]))], by=by
            )
        if spec["approve"] and by is not None:
            dialogue_services.decision_approve(decision=decision, by=by)
        result.count("decisions")


def _load_dialogue(result: CsrDemoResult, today: dt.date, by: User | None) -> None:
    stakeholders = {}
    for name, kind, interests in STAKEHOLDERS:
        found = Stakeholder.objects.filter(name=name).first()
        if found is None:
            found = dialogue_services.stakeholder_create(
                by=by, name=name, stakeholder_type=kind, interests=interests
            )
            result.count("stakeholders")
        stakeholders[name] = found
    for name, topic, days_ago, channel, summary, follow_ups in DIALOGUES:
        if Dialogue.objects.filter(stakeholder=stakeholders[name], topic=topic).exists():
            continue
        dialogue = dialogue_services.dialogue_create(
            by=by,
            stakeholder=stakeholders[name],
            topic=topic,
            held_on=today - dt.timedelta(days=days_ago),
            channel=channel,
            summary=summary,
        )
        result.count("dialogues")
        if by is None:
            continue
        for description, due_in, done in follow_ups:
            follow_up = dialogue_services.follow_up_add(
                dialogue=dialogue,
                description=description,
                owner=by,
                due_date=today + dt.timedelta(days=due_in),
                by=by,
            )
            if done:
                dialogue_services.follow_up_set_status(follow_up=follow_up, status="done", by=by)


def _load_controls(result: CsrDemoResult, today: dt.date, by: User | None) -> None:
    if by is None:
        return
    for title, method, months, first_due_in, runs in CONTROLS:
        if Control.objects.filter(title=title).exists():
            continue
        control = dialogue_services.control_create(
            by=by,
            title=title,
            method=method,
            owner=by,
            frequency_months=months,
            first_due=today + dt.timedelta(days=first_due_in),
        )
        for days_ago, outcome in runs:
            dialogue_services.control_result_record(
                control=control,
                performed_on=today - dt.timedelta(days=days_ago),
                outcome=outcome,
                notes="Demo run.",
                by=by,
            )
        result.count("controls")
