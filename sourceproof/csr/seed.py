"""The reference data the CSR app starts with (loaded by migration 0002, idempotently).

Kept here, not in the migration, so that tests and the docs can read the same lists. Only plain
data: the migration writes it with historical models.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

# --------------------------------------------------------------------------- scorecard

THEMES: list[tuple[str, str]] = [
    ("environment", "Environment"),
    ("labour_human_rights", "Labour and human rights"),
    ("ethics", "Ethics"),
    ("sustainable_procurement", "Sustainable procurement"),
]

# theme code → [(criterion code, name)]: the 21 criteria, in the order.
CRITERIA: dict[str, list[tuple[str, str]]] = {
    "environment": [
        ("energy_ghg", "Energy consumption and GHG emissions"),
        ("water", "Water"),
        ("biodiversity", "Biodiversity"),
        ("air_pollution", "Local and accidental pollution (air)"),
        ("materials_chemicals_waste", "Materials, chemicals and waste"),
        ("product_use", "Product use"),
        ("product_end_of_life", "Product end-of-life"),
        ("customer_health_safety", "Customer health and safety"),
        ("environmental_services_advocacy", "Environmental services and advocacy"),
    ],
    "labour_human_rights": [
        ("employee_health_safety", "Employee health and safety"),
        ("working_conditions", "Working conditions"),
        ("social_dialogue", "Social dialogue"),
        ("career_training", "Career management and training"),
        ("child_forced_labour", "Child labour, forced labour and human trafficking"),
        ("diversity_equity_inclusion", "Diversity, equity and inclusion"),
        ("external_human_rights", "External stakeholders' human rights"),
    ],
    "ethics": [
        ("corruption", "Corruption"),
        ("anticompetitive_practices", "Anticompetitive practices"),
        ("responsible_information", "Responsible information management"),
    ],
    "sustainable_procurement": [
        ("supplier_environmental", "Supplier environmental practices"),
        ("supplier_social", "Supplier social practices"),
    ],
}

# (code, name, description, weight): the seven management indicators.
INDICATORS: list[tuple[str, str, str, Decimal]] = [
    (
        "policies",
        "Policies",
        "Written, dated policy with objectives and responsibilities.",
        Decimal(2),
    ),
    (
        "endorsements",
        "Endorsements",
        "Commitments to external initiatives (UNGC, SBTi…).",
        Decimal(1),
    ),
    ("measures", "Measures", "Actions and procedures actually deployed.", Decimal(2)),
    ("certifications", "Certifications", "Third-party certifications or audits.", Decimal(1)),
    ("coverage", "Coverage", "How much of the operations the measures cover.", Decimal(1)),
    (
        "reporting",
        "Reporting",
        "KPIs and results reported, e.g. in the annual CSR report.",
        Decimal(2),
    ),
    ("watch_360", "360° watch", "What outside sources (press, NGOs) say.", Decimal(1)),
]

# Illustrative defaults: see docs/csr.md ("Medal thresholds") for the sources and why.
MEDAL_SOURCE = (
    "Illustrative: score cut-offs as reported by transformacy.co.uk (EcoVadis awards medals by "
    "percentile: top 1/5/15/35 %); check the thresholds EcoVadis publishes each year."
)
MEDALS: list[tuple[str, Decimal]] = [
    ("platinum", Decimal(75)),
    ("gold", Decimal(70)),
    ("silver", Decimal(59)),
    ("bronze", Decimal(50)),
]

# --------------------------------------------------------------------------- self-assessment

SUBJECTS: list[tuple[str, str, str]] = [
    ("governance", "Organisational governance", "6.2"),
    ("human_rights", "Human rights", "6.3"),
    ("labour_practices", "Labour practices", "6.4"),
    ("environment", "The environment", "6.5"),
    ("fair_operating", "Fair operating practices", "6.6"),
    ("consumer_issues", "Consumer issues", "6.7"),
    ("community", "Community involvement and development", "6.8"),
]

# subject code → [(question code, text, guidance)]
QUESTIONS: dict[str, list[tuple[str, str, str]]] = {
    "governance": [
        (
            "gov-responsibility",
            "Is responsibility for CSR assigned at board level, with a mandate and resources?",
            "Board minutes, job description of the CSR manager, budget.",
        ),
        (
            "gov-stakeholders",
            "Are stakeholder expectations identified and weighed in decisions "
            "(economic, social, environmental)?",
            "Stakeholder register, decision log with people/planet/profit assessment.",
        ),
        (
            "gov-review",
            "Are CSR goals set, reviewed and reported at least once a year?",
            "Annual CSR report, management review minutes.",
        ),
    ],
    "human_rights": [
        (
            "hr-due-diligence",
            "Is human-rights due diligence (OECD guidelines, UNGP) carried out for the supply chain?",
            "Risk analysis per country and product, audit plan, corrective actions.",
        ),
        (
            "hr-risk-suppliers",
            "Are high-risk suppliers identified and monitored with audits (SMETA, amfori BSCI)?",
            "Share of active facilities with a valid SMETA 4-pillar audit.",
        ),
        (
            "hr-grievance",
            "Can workers in the supply chain raise grievances, and are they followed up?",
            "Grievance mechanism, records of complaints and their handling.",
        ),
    ],
    "labour_practices": [
        (
            "lab-conditions",
            "Are own employees' working conditions, pay and hours fair and documented?",
            "Collective agreement, pay policy, working-hours records.",
        ),
        (
            "lab-health-safety",
            "Is there a health and safety policy with a risk inventory (RI&E) and follow-up?",
            "RI&E and action plan, incident register.",
        ),
        (
            "lab-development",
            "Do employees get training and development, and is diversity promoted?",
            "Training hours per employee, diversity figures.",
        ),
    ],
    "environment": [
        (
            "env-footprint",
            "Are energy use and CO2 emissions (scope 1 and 2) measured and reduced against targets?",
            "KPI values, emissions by scope, reduction plan.",
        ),
        (
            "env-waste",
            "Is waste separated and reduced, and packaging minimised?",
            "Waste by stream, separated share, packaging specifications.",
        ),
        (
            "env-products",
            "Are product materials chosen for a lower impact (recycled, certified, durable)?",
            "Share of products with recycled or certified materials.",
        ),
    ],
    "fair_operating": [
        (
            "fop-anti-corruption",
            "Is there an anti-corruption and gifts policy that staff and suppliers know?",
            "Policy, training records, gifts register.",
        ),
        (
            "fop-code-of-conduct",
            "Have suppliers signed the code of conduct, and is compliance checked?",
            "Signed codes, audit results.",
        ),
        (
            "fop-fair-purchasing",
            "Are purchasing practices (prices, lead times, payment terms) fair to suppliers?",
            "Purchasing policy, payment-term records, supplier feedback.",
        ),
    ],
    "consumer_issues": [
        (
            "con-safety",
            "Are products tested for safety and compliance (REACH, toy safety, food contact)?",
            "Test reports, inspection results.",
        ),
        (
            "con-information",
            "Is product information honest, and are sustainability claims substantiated?",
            "Claims register with evidence.",
        ),
        (
            "con-data",
            "Is customer data protected (GDPR), and are complaints handled?",
            "Privacy policy, complaints register.",
        ),
    ],
    "community": [
        (
            "com-local",
            "Does the company contribute to the local community (jobs, sponsoring, volunteering)?",
            "Overview of contributions.",
        ),
        (
            "com-dialogue",
            "Is there a regular dialogue with neighbours, NGOs and local government?",
            "Dialogue log with follow-up actions.",
        ),
        (
            "com-impact",
            "Are the effects of the company's activities on communities assessed?",
            "Impact assessment, complaints from neighbours.",
        ),
    ],
}

# --------------------------------------------------------------------------- KPIs


def _kpi(code: str, name: str, group: str, unit: str, goal: int, target: str, direction: str,
         **extra: Any) -> dict[str, Any]:  # fmt: skip
    return {
        "code": code,
        "name": name,
        "group": group,
        "unit": unit,
        "sdg_goal": goal,
        "sdg_target": target,
        "direction": direction,
        "kind": extra.pop("kind", "entered"),
        "aggregation": extra.pop("aggregation", "sum"),
        "default_target": extra.pop("default_target", None),
        "share_role": extra.pop("share_role", ""),
        "ghg_source": extra.pop("ghg_source", ""),
        "description": extra.pop("description", ""),
    }


KPIS: list[dict[str, Any]] = [
    _kpi("electricity_grid", "Electricity from the grid (no guarantees of origin)", "energy",
         "kWh", 7, "7.3", "lower", share_role="other_electricity", ghg_source="electricity_grid"),
    _kpi("electricity_green", "Certified green electricity (guarantees of origin)", "energy",
         "kWh", 7, "7.2", "higher", share_role="renewable_electricity",
         ghg_source="electricity_green"),
    _kpi("electricity_solar", "Own solar electricity used on site", "energy", "kWh", 7, "7.2",
         "higher", share_role="renewable_electricity", ghg_source="electricity_own_solar"),
    _kpi("renewable_share", "Renewable share of electricity", "energy", "%", 7, "7.2", "higher",
         kind="derived", aggregation="last", default_target=Decimal(100),
         description="(green + own solar) ÷ all electricity, per year."),
    _kpi("natural_gas", "Natural gas", "energy", "m3", 7, "7.3", "lower",
         default_target=Decimal(0), ghg_source="natural_gas",
         description="Target zero: a gas-free building."),
    _kpi("fleet_diesel", "Fleet fuel: diesel", "fleet", "l", 13, "13.2", "lower",
         ghg_source="diesel"),
    _kpi("fleet_petrol", "Fleet fuel: petrol", "fleet", "l", 13, "13.2", "lower",
         ghg_source="petrol"),
    _kpi("ev_charging", "Fleet EV charging", "fleet", "kWh", 7, "7.2", "higher",
         ghg_source="ev_charging"),
    _kpi("waste_residual", "Residual waste (not separated)", "waste", "kg", 12, "12.5", "lower",
         share_role="residual_waste"),
    _kpi("waste_paper", "Paper and cardboard (separated)", "waste", "kg", 12, "12.5", "lower",
         share_role="separated_waste"),
    _kpi("waste_plastic", "Plastics and drink cartons (separated)", "waste", "kg", 12, "12.5",
         "lower", share_role="separated_waste"),
    _kpi("waste_organic", "Organic waste (separated)", "waste", "kg", 12, "12.5", "lower",
         share_role="separated_waste"),
    _kpi("waste_separated_share", "Separated and recycled share of waste", "waste", "%", 12,
         "12.5", "higher", kind="derived", aggregation="last", default_target=Decimal(75),
         description="Separated streams ÷ all waste, per year."),
    _kpi("smeta_share", "Active facilities with a valid SMETA 4-pillar audit", "supply_chain",
         "%", 8, "8.8", "higher", kind="external", aggregation="last",
         default_target=Decimal(100),
         description="From the facility registry, measured as the sourcing gate does."),
    _kpi("inspected_orders_share", "Orders inspected", "supply_chain", "%", 12, "12.6",
         "higher", kind="external", aggregation="last", default_target=Decimal(90),
         description="Orders shipped in the year with a submitted or reviewed inspection."),
    _kpi("open_wage_findings", "Open wage findings in the supply chain", "supply_chain",
         "count", 8, "8.5", "lower", kind="external", aggregation="last",
         default_target=Decimal(0),
         description="Recorded living-wage non-compliances whose corrective action is open."),
]  # fmt: skip

# --------------------------------------------------------------------------- emission factors

FACTOR_TABLE: dict[str, Any] = {
    "name": "Dutch default set (CO2emissiefactoren.nl, well-to-wheel)",
    "version": "nl-default-1",
    "applies_from_year": 2000,
    "source": "CO2emissiefactoren.nl (Milieu Centraal, Stimular, SKAO, Rijksoverheid)",
    "source_url": "https://www.co2emissiefactoren.nl/lijst-emissiefactoren/",
    "notes": (
        "Well-to-wheel factors in kg CO2e. Values marked illustrative were not confirmed "
        "against the published list when seeded: add a new table version with the factors "
        "of the year you report on (docs/csr.md, 'Emission factors')."
    ),
}

# (activity, unit, kg CO2e per unit, source, year, illustrative)
FACTORS: list[tuple[str, str, Decimal, str, int, bool]] = [
    ("natural_gas", "m3", Decimal("2.134"),
     "co2emissiefactoren.nl: aardgas (WTW); 2024 list raised it about 2 % (RHDHV chain study)",
     2024, True),
    ("diesel", "l", Decimal("3.262"), "co2emissiefactoren.nl: diesel B7 (WTW)", 2024, True),
    ("petrol", "l", Decimal("2.740"),
     "co2emissiefactoren.nl list of 28 January 2020: Benzine (E95) (NL), 2,74 kg CO2/l WTW",
     2020, False),
    ("electricity_grid_mix", "kWh", Decimal("0.328"),
     "co2emissiefactoren.nl: Nederlandse elektriciteitsmix (location-based)", 2024, True),
    ("electricity_grey", "kWh", Decimal("0.456"),
     "co2emissiefactoren.nl: grijze stroom (market-based, no guarantees of origin)", 2024, True),
    ("electricity_green_go", "kWh", Decimal("0"),
     "GHG Protocol Scope 2 Guidance, market-based method: electricity covered by cancelled "
     "guarantees of origin from renewable sources counts as zero", 2015, False),
    ("electricity_own_solar", "kWh", Decimal("0"),
     "GHG Protocol Scope 2 Guidance: on-site generation consumed directly, attributes "
     "retained, carries no scope 2 emissions", 2015, False),
]  # fmt: skip
