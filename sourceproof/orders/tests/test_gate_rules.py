"""The sourcing gate's rules, cell by cell, without a database.

Each rule passing and failing with its exact reason, the month arithmetic at month ends,
several failures reported at once, and the rule registry.
"""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sourceproof.orders import gate
from sourceproof.orders.gate import (
    BUILT_IN_RULES,
    CertificateFact,
    GateFacts,
    GatePolicy,
    GateVerdict,
    RuleResult,
    add_months,
    evaluate,
    register_rule,
    rule_country_not_blocked,
    rule_facility_not_suspended,
    rule_smeta_4p_audit,
    unregister_rule,
    whole_months_between,
)

D = dt.date


def smeta(
    valid_from: dt.date, valid_until: dt.date | None = None, number: str = ""
) -> CertificateFact:
    return CertificateFact(
        scheme="smeta_4p",
        valid_from=valid_from,
        valid_until=valid_until or add_months(valid_from, 36),
        number=number,
    )


def facts(**changes: object) -> GateFacts:
    base = GateFacts(
        facility_code="FAC-00001",
        country="CN",
        country_risk_class="risk",
        country_name="China",
        is_suspended=False,
        suspension_reason="",
        certificates=(smeta(D(2025, 6, 1), number="S-1"),),
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


TODAY = D(2026, 3, 1)


def policy(today: dt.date = TODAY, months: int = 24) -> GatePolicy:
    return GatePolicy(smeta_max_age_months=months, today=today)


# --------------------------------------------------------------------------- month arithmetic


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2024, 8, 31), 24, D(2026, 8, 31)),
        (D(2024, 2, 29), 24, D(2026, 2, 28)),  # no 29 Feb in 2026: the month's last day
        (D(2024, 2, 29), 48, D(2028, 2, 29)),  # a leap year again
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2023, 1, 31), 1, D(2023, 2, 28)),
        (D(2024, 3, 31), 1, D(2024, 4, 30)),
        (D(2024, 12, 15), 1, D(2025, 1, 15)),
        (D(2024, 11, 30), 3, D(2025, 2, 28)),
        (D(2024, 5, 1), 0, D(2024, 5, 1)),
    ],
)
def test_it_adds_calendar_months_clamping_to_the_month_end(
    start: dt.date, months: int, expected: dt.date
) -> None:
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2024, 3, 12), D(2026, 5, 12), 26),
        (D(2024, 3, 12), D(2026, 5, 11), 25),
        (D(2024, 8, 31), D(2026, 8, 31), 24),
        (D(2024, 8, 31), D(2026, 9, 1), 24),
        (D(2024, 2, 29), D(2026, 2, 28), 24),
        (D(2024, 2, 29), D(2026, 2, 27), 23),
        (D(2024, 1, 31), D(2024, 2, 29), 1),
        (D(2024, 5, 1), D(2024, 5, 1), 0),
    ],
)
def test_it_counts_whole_months(start: dt.date, end: dt.date, expected: int) -> None:
    assert whole_months_between(start, end) == expected


@given(
    start=st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 12, 31)),
    months=st.integers(min_value=0, max_value=120),
)
def test_it_keeps_add_months_and_whole_months_consistent(start: dt.date, months: int) -> None:
    end = add_months(start, months)
    assert whole_months_between(start, end) == months
    assert whole_months_between(start, end + dt.timedelta(days=1)) >= months
    assert end.day <= start.day


# --------------------------------------------------------------------------- SMETA 4-pillar


def test_it_passes_a_recent_smeta_4p_audit_and_says_until_when() -> None:
    result = rule_smeta_4p_audit(facts(), policy(D(2026, 3, 1)))
    assert result == RuleResult(
        "smeta_4p_audit",
        True,
        "Valid SMETA 4-pillar audit of 1 June 2025 (no. S-1); it opens the gate until 1 June 2027.",
    )


def test_it_keeps_an_audit_of_31_august_valid_through_31_august_24_months_later() -> None:
    f = facts(certificates=(smeta(D(2024, 8, 31), D(2027, 8, 30)),))
    assert rule_smeta_4p_audit(f, policy(D(2026, 8, 31))).passed
    late = rule_smeta_4p_audit(f, policy(D(2026, 9, 1)))
    assert not late.passed
    assert late.reason == (
        "No valid SMETA 4-pillar audit: the latest (31 August 2024) is more than 24 months old; "
        "the policy allows 24."
    )


def test_it_keeps_an_audit_of_29_february_valid_through_28_february_24_months_later() -> None:
    f = facts(certificates=(smeta(D(2024, 2, 29), D(2027, 2, 28)),))
    assert rule_smeta_4p_audit(f, policy(D(2026, 2, 28))).passed
    assert not rule_smeta_4p_audit(f, policy(D(2026, 3, 1))).passed


def test_it_keeps_an_audit_of_29_february_valid_on_29_february_in_a_leap_year() -> None:
    f = facts(certificates=(smeta(D(2024, 2, 29), D(2029, 2, 28)),))
    assert rule_smeta_4p_audit(f, policy(D(2028, 2, 29), months=48)).passed
    assert not rule_smeta_4p_audit(f, policy(D(2028, 3, 1), months=48)).passed


def test_it_refuses_an_audit_older_than_the_policy_with_its_age_in_months() -> None:
    f = facts(certificates=(smeta(D(2024, 3, 12), D(2027, 3, 11)),))
    result = rule_smeta_4p_audit(f, policy(D(2026, 5, 20)))
    assert result == RuleResult(
        "smeta_4p_audit",
        False,
        "No valid SMETA 4-pillar audit: the latest (12 March 2024) is 26 months old; "
        "the policy allows 24.",
    )


def test_it_follows_the_configured_maximum_age() -> None:
    f = facts(certificates=(smeta(D(2025, 1, 10), D(2028, 1, 10)),))
    assert rule_smeta_4p_audit(f, policy(D(2026, 1, 10), months=12)).passed
    result = rule_smeta_4p_audit(f, policy(D(2026, 3, 15), months=12))
    assert result.reason == (
        "No valid SMETA 4-pillar audit: the latest (10 January 2025) is 14 months old; "
        "the policy allows 12."
    )


def test_it_refuses_an_expired_certificate_even_when_the_audit_is_recent() -> None:
    f = facts(certificates=(smeta(D(2025, 6, 1), D(2026, 1, 31)),))
    assert rule_smeta_4p_audit(f, policy(D(2026, 1, 31))).passed  # the last valid day
    result = rule_smeta_4p_audit(f, policy(D(2026, 2, 1)))
    assert result == RuleResult(
        "smeta_4p_audit",
        False,
        "No valid SMETA 4-pillar audit: the latest (1 June 2025) expired on 31 January 2026.",
    )


def test_it_names_both_problems_when_the_audit_is_too_old_and_expired() -> None:
    f = facts(certificates=(smeta(D(2023, 1, 5), D(2024, 1, 4)),))
    result = rule_smeta_4p_audit(f, policy(D(2026, 3, 1)))
    assert result.reason == (
        "No valid SMETA 4-pillar audit: the latest (5 January 2023) is 37 months old; "
        "the policy allows 24. Its certificate also expired on 4 January 2024."
    )


def test_it_refuses_a_facility_without_any_smeta_4p_audit() -> None:
    result = rule_smeta_4p_audit(facts(certificates=()), policy())
    assert result == RuleResult(
        "smeta_4p_audit",
        False,
        "No valid SMETA 4-pillar audit: none is recorded for this facility.",
    )


def test_it_does_not_count_other_schemes_and_says_so_for_smeta_2_pillar() -> None:
    others = (
        CertificateFact("smeta_2p", D(2025, 6, 1), D(2027, 6, 1), "2P"),
        CertificateFact("iso_9001", D(2025, 6, 1), D(2028, 6, 1), "ISO"),
    )
    result = rule_smeta_4p_audit(facts(certificates=others), policy())
    assert not result.passed
    assert result.reason == (
        "No valid SMETA 4-pillar audit: only a SMETA 2-pillar audit is recorded; "
        "the gate needs a 4-pillar audit."
    )
    iso_only = rule_smeta_4p_audit(facts(certificates=others[1:]), policy())
    assert iso_only.reason.endswith("none is recorded for this facility.")


def test_it_refuses_an_audit_dated_in_the_future() -> None:
    f = facts(certificates=(smeta(D(2026, 4, 1)),))
    result = rule_smeta_4p_audit(f, policy(D(2026, 3, 1)))
    assert result.reason == (
        "No valid SMETA 4-pillar audit: the latest (1 April 2026) is dated in the future."
    )


def test_it_passes_when_any_audit_is_valid_even_if_a_newer_one_is_not_yet() -> None:
    f = facts(certificates=(smeta(D(2026, 4, 1), number="NEW"), smeta(D(2025, 2, 1), number="OLD")))
    result = rule_smeta_4p_audit(f, policy(D(2026, 3, 1)))
    assert result.passed
    assert "(no. OLD)" in result.reason


def test_it_explains_the_newest_audit_when_several_fail() -> None:
    f = facts(
        certificates=(
            smeta(D(2022, 1, 1), D(2023, 1, 1), "OLDEST"),
            smeta(D(2023, 6, 15), D(2026, 6, 14), "NEWEST"),
        )
    )
    result = rule_smeta_4p_audit(f, policy(D(2026, 3, 1)))
    assert result.reason.startswith("No valid SMETA 4-pillar audit: the latest (15 June 2023)")


def test_it_says_until_when_an_audit_counts_using_the_earlier_of_age_and_expiry() -> None:
    f = facts(certificates=(smeta(D(2025, 6, 1), D(2026, 5, 31)),))
    assert rule_smeta_4p_audit(f, policy(D(2026, 3, 1))).reason.endswith(
        "it opens the gate until 31 May 2026."
    )


# --------------------------------------------------------------------------- country


def test_it_refuses_a_country_on_the_no_sourcing_list() -> None:
    result = rule_country_not_blocked(facts(country_risk_class="no_sourcing"), policy())
    assert result == RuleResult(
        "country_not_blocked", False, "China is on the operator's no-sourcing list."
    )


@pytest.mark.parametrize(
    ("risk", "reason"),
    [
        ("risk", "China is a risk country; sourcing there is allowed."),
        ("low", "China is a low-risk country; sourcing there is allowed."),
    ],
)
def test_it_passes_a_risk_or_low_risk_country(risk: str, reason: str) -> None:
    assert rule_country_not_blocked(facts(country_risk_class=risk), policy()) == RuleResult(
        "country_not_blocked", True, reason
    )


def test_it_passes_a_country_missing_from_the_table_with_a_warning() -> None:
    result = rule_country_not_blocked(
        facts(country="XK", country_risk_class=None, country_name=""), policy()
    )
    assert result.passed
    assert result.warning
    assert result.reason == (
        "No risk class is recorded for XK; the gate does not block it. "
        "Add the country to the country risk table."
    )


# --------------------------------------------------------------------------- suspension


def test_it_refuses_a_suspended_facility_with_the_suspension_reason() -> None:
    result = rule_facility_not_suspended(
        facts(is_suspended=True, suspension_reason="Unannounced visit found child labour."),
        policy(),
    )
    assert result == RuleResult(
        "facility_not_suspended",
        False,
        "The facility is suspended: Unannounced visit found child labour.",
    )


def test_it_passes_a_facility_that_is_not_suspended() -> None:
    assert rule_facility_not_suspended(facts(), policy()) == RuleResult(
        "facility_not_suspended", True, "The facility is not suspended."
    )


def test_it_words_a_suspension_without_a_reason() -> None:
    result = rule_facility_not_suspended(facts(is_suspended=True, suspension_reason=" "), policy())
    assert result.reason == "The facility is suspended: no reason was recorded."


# --------------------------------------------------------------------------- the verdict


def test_it_passes_only_when_every_rule_passes() -> None:
    at = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
    verdict = evaluate(facts(), policy(), rules=BUILT_IN_RULES, evaluated_at=at)
    assert verdict.passed
    assert [r.code for r in verdict.results] == [
        "smeta_4p_audit",
        "country_not_blocked",
        "facility_not_suspended",
    ]
    assert verdict.failures == ()
    assert verdict.evaluated_at == at
    assert verdict.facility_code == "FAC-00001"


def test_it_reports_every_failing_rule_at_once() -> None:
    f = facts(
        certificates=(),
        country_risk_class="no_sourcing",
        is_suspended=True,
        suspension_reason="Fire exits locked",
    )
    verdict = evaluate(f, policy(), rules=BUILT_IN_RULES)
    assert not verdict.passed
    assert [r.reason for r in verdict.failures] == [
        "No valid SMETA 4-pillar audit: none is recorded for this facility.",
        "China is on the operator's no-sourcing list.",
        "The facility is suspended: Fire exits locked.",
    ]


def test_it_reports_two_failures_and_the_pass_between_them() -> None:
    f = facts(certificates=(), is_suspended=True, suspension_reason="Audit refused")
    verdict = evaluate(f, policy(), rules=BUILT_IN_RULES)
    assert [r.passed for r in verdict.results] == [False, True, False]
    assert len(verdict.failures) == 2


def test_it_lists_warnings_separately_from_failures() -> None:
    verdict = evaluate(facts(country_risk_class=None), policy(), rules=BUILT_IN_RULES)
    assert verdict.passed
    assert [r.code for r in verdict.warnings] == ["country_not_blocked"]


def test_it_round_trips_a_verdict_through_json_data() -> None:
    verdict = evaluate(
        facts(certificates=()), policy(), evaluated_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    )
    data = verdict.to_dict()
    assert data["passed"] is False
    assert data["policy"] == {"smeta_max_age_months": 24, "today": "2026-03-01"}
    again = GateVerdict.from_dict(data)
    assert again == verdict
    assert again.policy == verdict.policy


# --------------------------------------------------------------------------- registering rules


def rule_always_fails(facts: GateFacts, policy: GatePolicy) -> RuleResult:
    return RuleResult("zero_tolerance", False, "An open zero-tolerance finding remains.")


def test_it_runs_a_registered_rule_after_the_built_in_ones() -> None:
    register_rule(rule_always_fails)
    try:
        register_rule(rule_always_fails)  # registering twice adds it once
        verdict = evaluate(facts(), policy())
        assert [r.code for r in verdict.results][-1] == "zero_tolerance"
        assert [r.code for r in verdict.results].count("zero_tolerance") == 1
        assert not verdict.passed
    finally:
        unregister_rule(rule_always_fails)
    assert evaluate(facts(), policy()).passed


def test_it_runs_an_explicit_list_of_rules_when_given() -> None:
    verdict = evaluate(facts(certificates=()), policy(), rules=[rule_facility_not_suspended])
    assert verdict.passed
    assert len(verdict.results) == 1


def test_it_ships_three_rules_and_runs_them_first() -> None:
    assert (
        rule_smeta_4p_audit,
        rule_country_not_blocked,
        rule_facility_not_suspended,
    ) == BUILT_IN_RULES
    assert tuple(gate.RULES[:3]) == BUILT_IN_RULES


def test_it_has_no_django_import() -> None:
    tree = ast.parse(Path(gate.__file__).read_text(encoding="utf-8"))
    modules = [
        name
        for node in ast.walk(tree)
        for name in (
            [a.name for a in node.names]
            if isinstance(node, ast.Import)
            else [node.module or ""]
            if isinstance(node, ast.ImportFrom)
            else []
        )
    ]
    assert modules
    assert not [m for m in modules if m.split(".")[0] in {"django", "sourceproof"}]
