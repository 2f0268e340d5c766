"""The gate rules the audits app adds: compliance status not suspended, and a SMETA 4-pillar
audit (not only a certificate) opening the SMETA rule. Pure: no database."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from sourceproof.audits import compliance
from sourceproof.audits.gate_rules import COMPLIANCE_RULE, rule_compliance_not_suspended
from sourceproof.orders import gate
from sourceproof.orders.gate import CertificateFact, GateFacts, GatePolicy, rule_smeta_4p_audit

TODAY = dt.date(2026, 3, 1)


def facts(**changes: Any) -> GateFacts:
    base = GateFacts(facility_code="FAC-00001", country="CN", country_risk_class="risk")
    return dataclasses.replace(base, **changes)


def policy(**changes: Any) -> GatePolicy:
    return dataclasses.replace(GatePolicy(smeta_max_age_months=24, today=TODAY), **changes)


def audit_fact(end: dt.date, reference: str = "AUD-00001") -> CertificateFact:
    return CertificateFact(
        scheme=gate.SMETA_4P, valid_from=end, valid_until=dt.date.max, number=reference
    )


# --------------------------------------------------------------------------- compliance rule


def test_it_fails_a_suspended_facility_naming_the_findings() -> None:
    result = rule_compliance_not_suspended(
        facts(
            compliance_status=compliance.SUSPENDED,
            compliance_reasons=("Open critical finding AUD-00001-F01 (ETI 4): Child at work.",),
        ),
        policy(),
    )
    assert result.code == COMPLIANCE_RULE
    assert not result.passed
    assert result.reason == (
        "The facility's compliance status is suspended. "
        "Open critical finding AUD-00001-F01 (ETI 4): Child at work."
    )


def test_it_passes_a_conditional_facility_with_a_warning() -> None:
    result = rule_compliance_not_suspended(
        facts(compliance_status=compliance.CONDITIONAL, compliance_reasons=("Open major X.",)),
        policy(),
    )
    assert result.passed
    assert result.warning
    assert result.reason.endswith("Open major X.")


@pytest.mark.parametrize(
    ("status", "start"),
    [
        (compliance.APPROVED, "The facility's compliance status is approved"),
        (compliance.NOT_AUDITED, "No audit of this facility has a received report"),
        ("", "No compliance status is known"),
    ],
)
def test_it_passes_every_other_status_without_a_warning(status: str, start: str) -> None:
    result = rule_compliance_not_suspended(facts(compliance_status=status), policy())
    assert result.passed
    assert not result.warning
    assert result.reason.startswith(start)


# --------------------------------------------------------------------------- SMETA by audit


def test_it_opens_the_smeta_rule_with_a_recent_4_pillar_audit() -> None:
    result = rule_smeta_4p_audit(
        facts(smeta_4p_audits=(audit_fact(dt.date(2025, 6, 30)),)), policy()
    )
    assert result.passed
    assert result.reason == (
        "Valid SMETA 4-pillar audit of 30 June 2025 (no. AUD-00001); "
        "it opens the gate until 30 June 2027."
    )


def test_it_counts_the_audit_on_the_last_day_of_the_age_limit_and_not_the_day_after() -> None:
    on_limit = facts(smeta_4p_audits=(audit_fact(dt.date(2024, 3, 1)),))
    assert rule_smeta_4p_audit(on_limit, policy()).passed
    past = rule_smeta_4p_audit(on_limit, policy(today=dt.date(2024 + 2, 3, 2)))
    assert not past.passed
    assert past.reason == (
        "No valid SMETA 4-pillar audit: the latest (1 March 2024) is more than 24 months old; "
        "the policy allows 24."
    )


def test_it_explains_a_too_old_audit_without_mentioning_an_expiry() -> None:
    result = rule_smeta_4p_audit(
        facts(smeta_4p_audits=(audit_fact(dt.date(2023, 1, 15)),)), policy()
    )
    assert not result.passed
    assert "expired" not in result.reason
    assert "is 37 months old" in result.reason


def test_it_takes_the_newer_of_a_certificate_and_an_audit() -> None:
    old_certificate = CertificateFact(
        scheme=gate.SMETA_4P,
        valid_from=dt.date(2023, 1, 1),
        valid_until=dt.date(2024, 1, 1),
        number="OLD",
    )
    result = rule_smeta_4p_audit(
        facts(certificates=(old_certificate,), smeta_4p_audits=(audit_fact(dt.date(2026, 1, 10)),)),
        policy(),
    )
    assert result.passed
    assert "AUD-00001" in result.reason


def test_it_keeps_the_old_behaviour_without_audits() -> None:
    result = rule_smeta_4p_audit(facts(), policy())
    assert result.reason == "No valid SMETA 4-pillar audit: none is recorded for this facility."
