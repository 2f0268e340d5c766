"""The code-of-ethics gate rule, cell by cell, without a database."""

from __future__ import annotations

import datetime as dt

from sourceproof.ethics.gate_rules import ETHICS_RULE, EthicsFact, rule_code_of_ethics_signed
from sourceproof.orders.gate import GateFacts, GatePolicy

PUBLISHED = dt.date(2026, 11, 1)
NAME = "Ningbo Bright Drinkware"


def _facts(fact: EthicsFact | None) -> GateFacts:
    return GateFacts(facility_code="FAC-1", country="CN", code_of_ethics=fact)


def _policy(today: dt.date) -> GatePolicy:
    return GatePolicy(smeta_max_age_months=24, today=today)


def _fact(**overrides: object) -> EthicsFact:
    values: dict[str, object] = {
        "supplier_name": NAME,
        "version": "2",
        "published_on": PUBLISHED,
        "grace_days": 60,
        "previous_version": "1",
    }
    values.update(overrides)
    return EthicsFact(**values)  # type: ignore[arg-type]


def test_it_passes_when_the_current_version_is_signed() -> None:
    fact = _fact(signed_current_on=dt.date(2026, 11, 3))
    result = rule_code_of_ethics_signed(_facts(fact), _policy(dt.date(2027, 6, 1)))
    assert result.code == ETHICS_RULE
    assert result.passed and not result.warning
    assert result.reason == f"{NAME} signed the code of ethics v2 on 3 November 2026."


def test_it_passes_with_a_warning_within_the_grace_period_after_signing_the_previous() -> None:
    fact = _fact(signed_previous=True)
    for today in (PUBLISHED, dt.date(2026, 12, 30)):  # 1 Nov + 60 days = 31 Dec
        result = rule_code_of_ethics_signed(_facts(fact), _policy(today))
        assert result.passed and result.warning, today
        assert result.reason == (
            f"{NAME} has not signed the code of ethics v2 (published 1 November 2026); it "
            "signed v1, which counts until the grace period ends on 31 December 2026."
        )


def test_it_blocks_once_the_grace_period_has_ended() -> None:
    fact = _fact(signed_previous=True)
    for today in (dt.date(2026, 12, 31), dt.date(2027, 3, 1)):
        result = rule_code_of_ethics_signed(_facts(fact), _policy(today))
        assert not result.passed, today
        assert result.reason == (
            f"{NAME} has not signed the code of ethics v2 (published 1 November 2026); the "
            "grace period ended 31 December 2026."
        )


def test_it_blocks_at_once_when_the_version_has_no_grace_period() -> None:
    fact = _fact(signed_previous=True, grace_days=0)
    result = rule_code_of_ethics_signed(_facts(fact), _policy(PUBLISHED))
    assert not result.passed
    assert result.reason.endswith("(published 1 November 2026); this version has no grace period.")


def test_it_blocks_a_supplier_that_never_signed_even_within_the_grace_period() -> None:
    result = rule_code_of_ethics_signed(_facts(_fact()), _policy(PUBLISHED))
    assert not result.passed
    assert result.reason == (
        f"{NAME} has not signed the code of ethics v2 (published 1 November 2026), nor the "
        "previous version v1, so no grace period applies."
    )


def test_it_blocks_a_supplier_that_has_not_signed_the_first_version() -> None:
    fact = _fact(version="1", previous_version="")
    result = rule_code_of_ethics_signed(_facts(fact), _policy(PUBLISHED))
    assert not result.passed
    assert result.reason == (
        f"{NAME} has not signed the code of ethics v1 (published 1 November 2026)."
    )


def test_it_passes_with_an_informational_reason_when_no_code_is_published() -> None:
    result = rule_code_of_ethics_signed(_facts(None), _policy(PUBLISHED))
    assert result.passed and not result.warning
    assert result.reason == "No code of ethics has been published, so no signature is needed yet."
