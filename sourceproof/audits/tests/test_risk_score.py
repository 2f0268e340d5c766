"""The risk score, part by part and class by class, and the next audit date. Pure."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from sourceproof.audits.risk import HIGH, LOW, MEDIUM, RiskFacts, RiskPolicy, risk_score

TODAY = dt.date(2026, 3, 1)
POLICY = RiskPolicy(today=TODAY)


def facts(**changes: Any) -> RiskFacts:
    base = RiskFacts(
        country="CN",
        country_name="China",
        country_risk_class="risk",
        last_audit_reference="AUD-00001",
        last_audit_date=dt.date(2025, 9, 1),
    )
    return dataclasses.replace(base, **changes)


def part(score: Any, key: str) -> Any:
    return next(p for p in score.parts if p.key == key)


@pytest.mark.parametrize(
    ("risk_class", "points", "text"),
    [
        ("low", 0, "China is a low-risk country."),
        ("risk", 15, "China is a risk country."),
        ("no_sourcing", 25, "China is on the no-sourcing list."),
        (None, 10, "China has no risk class in the country table; counted as in between."),
    ],
)
def test_it_scores_the_country(risk_class: str | None, points: int, text: str) -> None:
    p = part(risk_score(facts(country_risk_class=risk_class), POLICY), "country")
    assert (p.points, p.max_points, p.explanation) == (points, 25, text)


@pytest.mark.parametrize(
    ("audit_date", "points"),
    [
        (dt.date(2026, 3, 1), 0),  # today
        (dt.date(2025, 3, 2), 0),  # 11 months
        (dt.date(2025, 3, 1), 10),  # exactly 12 months
        (dt.date(2024, 3, 2), 10),  # 23 months
        (dt.date(2024, 3, 1), 20),  # exactly 24 months
        (dt.date(2020, 1, 1), 20),
        (None, 20),  # never audited
    ],
)
def test_it_scores_the_audit_age(audit_date: dt.date | None, points: int) -> None:
    assert part(risk_score(facts(last_audit_date=audit_date), POLICY), "audit_age").points == points


@pytest.mark.parametrize(
    ("counts", "grade", "points"),
    [
        ({}, "", 0),
        ({"last_audit_minor": 3}, "", 4),
        ({"last_audit_major": 1, "last_audit_minor": 3}, "", 12),
        ({"last_audit_critical": 1}, "", 20),
        ({}, "A", 0),
        ({}, "B", 4),
        ({}, "C", 10),
        ({}, "D", 16),
        ({}, "E", 20),
        ({"last_audit_major": 1}, "B", 12),  # the higher of findings and grade
        ({"last_audit_minor": 1}, "D", 16),
    ],
)
def test_it_scores_the_audit_outcome(counts: dict[str, int], grade: str, points: int) -> None:
    score = risk_score(facts(last_audit_grade=grade, **counts), POLICY)
    assert part(score, "audit_outcome").points == points


def test_it_counts_an_unknown_outcome_as_in_between_when_never_audited() -> None:
    p = part(risk_score(facts(last_audit_date=None), POLICY), "audit_outcome")
    assert p.points == 10
    assert p.explanation == "Unknown: never audited; counted as in between."


@pytest.mark.parametrize(
    ("open_counts", "points"),
    [
        ({}, 0),
        ({"open_minor": 3}, 3),
        ({"open_major": 2}, 12),
        ({"open_critical": 1}, 15),
        ({"open_critical": 1, "open_major": 1, "open_minor": 4}, 25),
        ({"open_critical": 2}, 25),  # capped
    ],
)
def test_it_scores_open_findings_with_a_cap(open_counts: dict[str, int], points: int) -> None:
    assert part(risk_score(facts(**open_counts), POLICY), "open_findings").points == points


def test_it_says_when_the_open_findings_hit_the_cap() -> None:
    p = part(risk_score(facts(open_critical=2), POLICY), "open_findings")
    assert p.explanation == "Open findings: 2 critical, 0 major, 0 minor. Capped at 25 points."


@pytest.mark.parametrize(
    ("total", "failed", "points", "counted"),
    [(None, 0, 0, False), (0, 0, 0, False), (10, 0, 0, True), (10, 5, 5, True), (4, 4, 10, True)],
)
def test_it_counts_inspection_failures_only_when_there_are_inspections(
    total: int | None, failed: int, points: int, counted: bool
) -> None:
    p = part(
        risk_score(facts(inspections_total=total, inspections_failed=failed), POLICY), "inspections"
    )
    assert (p.points, p.counted) == (points, counted)


@pytest.mark.parametrize(
    ("score_facts", "score", "risk_class"),
    [
        ({"country_risk_class": "low"}, 0, LOW),
        ({"country_risk_class": "risk", "open_major": 1}, 21, LOW),
        ({"country_risk_class": "risk", "open_major": 1, "open_minor": 4}, 25, MEDIUM),
        ({"country_risk_class": "risk", "last_audit_critical": 1, "open_critical": 1}, 50, HIGH),
        ({"country_risk_class": "risk", "last_audit_critical": 1, "open_major": 2}, 47, MEDIUM),
    ],
)
def test_it_classes_the_score_at_the_thresholds(
    score_facts: dict[str, Any], score: int, risk_class: str
) -> None:
    result = risk_score(facts(**score_facts), POLICY)
    assert (result.score, result.risk_class) == (score, risk_class)


@pytest.mark.parametrize(
    ("risk_facts", "due"),
    [
        ({"country_risk_class": "low"}, dt.date(2028, 9, 1)),  # low: 36 months
        ({"country_risk_class": "risk", "open_major": 2}, dt.date(2027, 9, 1)),  # medium: 24
        (
            {"country_risk_class": "risk", "last_audit_critical": 1, "open_critical": 1},
            dt.date(2026, 9, 1),
        ),  # high: 12
    ],
)
def test_it_sets_the_next_audit_by_risk_class(risk_facts: dict[str, Any], due: dt.date) -> None:
    assert risk_score(facts(**risk_facts), POLICY).next_audit_due == due


def test_it_makes_a_never_audited_facility_due_now() -> None:
    result = risk_score(facts(last_audit_date=None, last_audit_reference=""), POLICY)
    assert result.next_audit_due == TODAY
    assert result.next_audit_reason == "Never audited: an audit is due now."
    assert result.score == 15 + 20 + 10  # country, age, unknown outcome
    assert result.risk_class == MEDIUM


def test_it_follows_a_configured_policy() -> None:
    policy = RiskPolicy(
        today=TODAY, high_threshold=20, medium_threshold=10, months_high=6, months_medium=9
    )
    result = risk_score(facts(open_major=1), policy)  # 15 + 6 = 21
    assert result.risk_class == HIGH
    assert result.next_audit_due == dt.date(2026, 3, 1)
    assert result.next_audit_reason == (
        "6 months after the last audit (2025-09-01), the interval for high risk."
    )


def test_it_clamps_the_next_audit_to_the_end_of_a_shorter_month() -> None:
    result = risk_score(
        facts(last_audit_date=dt.date(2024, 2, 29), country_risk_class="low"), POLICY
    )
    assert result.next_audit_due == dt.date(2027, 2, 28)


def test_it_explains_every_part_in_order() -> None:
    result = risk_score(facts(), POLICY)
    assert [p.key for p in result.parts] == [
        "country",
        "audit_age",
        "audit_outcome",
        "open_findings",
        "inspections",
    ]
    assert sum(p.max_points for p in result.parts) == 100
    assert part(result, "audit_age").explanation == (
        "The last audit (AUD-00001) ended 2025-09-01, 6 months ago."
    )
