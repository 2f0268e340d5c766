"""The ethics app's rule for the sourcing gate (pure, like the gate itself).

`rule_code_of_ethics_signed` passes when the facility's supplier has signed the current
(published) version of the code of ethics, or signed the version before it and the grace
period has not ended yet (a pass with a warning). It passes with an informational reason when
no code has been published. The facts come from `ethics.gate_facts.code_of_ethics_gate_facts`
(an `EthicsFact` in `GateFacts.code_of_ethics`), registered in `EthicsConfig.ready()`.

The grace period of a version published on day P with G grace days ends on day P + G: a
previous signature counts on the days before it, not on it (with G = 0 it never counts).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sourceproof.orders.gate import GateFacts, GatePolicy, RuleResult, format_day

ETHICS_RULE = "code_of_ethics_signed"


@dataclass(frozen=True)
class EthicsFact:
    """What the gate knows about the code of ethics and one supplier."""

    supplier_name: str
    version: str  # the current version's label, e.g. "2" (shown as v2)
    published_on: dt.date
    grace_days: int
    signed_current_on: dt.date | None = None  # None: not signed
    previous_version: str = ""  # "" when the current version is the first
    signed_previous: bool = False

    @property
    def grace_ends_on(self) -> dt.date:
        """The first day a signature of the previous version no longer counts."""
        return self.published_on + dt.timedelta(days=self.grace_days)


def within_grace(fact: EthicsFact, today: dt.date) -> bool:
    """Not signed yet, but signed the previous version and the grace period has not ended."""
    return (
        fact.signed_current_on is None
        and fact.signed_previous
        and bool(fact.previous_version)
        and today < fact.grace_ends_on
    )


def rule_code_of_ethics_signed(facts: GateFacts, policy: GatePolicy) -> RuleResult:
    """The facility's supplier has signed the current code of ethics (or is within the grace
    period, having signed the previous version)."""
    fact = facts.code_of_ethics
    if not isinstance(fact, EthicsFact):
        return RuleResult(
            ETHICS_RULE,
            True,
            "No code of ethics has been published, so no signature is needed yet.",
        )
    name = fact.supplier_name
    current = f"v{fact.version}"
    published = format_day(fact.published_on)
    if fact.signed_current_on is not None:
        return RuleResult(
            ETHICS_RULE,
            True,
            f"{name} signed the code of ethics {current} on {format_day(fact.signed_current_on)}.",
        )
    head = f"{name} has not signed the code of ethics {current} (published {published})"
    ends = format_day(fact.grace_ends_on)
    if within_grace(fact, policy.today):
        return RuleResult(
            ETHICS_RULE,
            True,
            f"{head}; it signed v{fact.previous_version}, which counts until the grace period "
            f"ends on {ends}.",
            warning=True,
        )
    if fact.signed_previous and fact.previous_version:
        if fact.grace_days == 0:
            return RuleResult(ETHICS_RULE, False, f"{head}; this version has no grace period.")
        return RuleResult(ETHICS_RULE, False, f"{head}; the grace period ended {ends}.")
    if fact.previous_version:
        return RuleResult(
            ETHICS_RULE,
            False,
            f"{head}, nor the previous version v{fact.previous_version}, so no grace period "
            "applies.",
        )
    return RuleResult(ETHICS_RULE, False, f"{head}.")
