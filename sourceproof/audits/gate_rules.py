"""The audits app's rule for the sourcing gate (pure, like the gate itself).

`rule_compliance_not_suspended` fails when the facility's derived compliance status is
suspended (an open critical finding, or a major one past its due date), naming every such
finding. It passes with a warning when the status is conditional. The facts come from
`audits.gate_facts.compliance_gate_facts`, registered in `AuditsConfig.ready()`.

The SMETA rule itself (`orders.gate.rule_smeta_4p_audit`) also accepts a SMETA 6.1/7.0
4-pillar audit with a received report: the provider fills `GateFacts.smeta_4p_audits`.
"""

from __future__ import annotations

from sourceproof.audits import compliance
from sourceproof.orders.gate import GateFacts, GatePolicy, RuleResult

COMPLIANCE_RULE = "compliance_not_suspended"


def rule_compliance_not_suspended(facts: GateFacts, policy: GatePolicy) -> RuleResult:
    """The facility's compliance status (from audits and findings) is not suspended."""
    status = facts.compliance_status
    reasons = " ".join(facts.compliance_reasons)
    if status == compliance.SUSPENDED:
        return RuleResult(
            COMPLIANCE_RULE, False, f"The facility's compliance status is suspended. {reasons}"
        )
    if status == compliance.CONDITIONAL:
        return RuleResult(
            COMPLIANCE_RULE,
            True,
            f"The facility's compliance status is conditional (open major findings within "
            f"their due dates). {reasons}",
            warning=True,
        )
    if status == compliance.APPROVED:
        return RuleResult(
            COMPLIANCE_RULE,
            True,
            "The facility's compliance status is approved: no open critical or major findings.",
        )
    if status == compliance.NOT_AUDITED:
        return RuleResult(
            COMPLIANCE_RULE,
            True,
            "No audit of this facility has a received report; no finding suspends it.",
        )
    return RuleResult(COMPLIANCE_RULE, True, "No compliance status is known for this facility.")
