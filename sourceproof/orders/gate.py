"""The sourcing gate: may an order be confirmed for this facility?

Pure Python, no Django: plain frozen dataclasses in, plain frozen dataclasses out, so the
rules can be tested cell by cell without a database (orders/tests/test_gate_rules.py).

- `GateFacts` is what the gate knows about one facility. `orders.selectors` builds it from
  the database; a later capability that needs a new fact adds a field *with a default* here
  (so every existing caller and test keeps working) and fills it in through
  `orders.selectors.register_fact_provider`.
- `GatePolicy` holds the operator's knobs and the day the gate is evaluated for.
- A rule is a small function `(GateFacts, GatePolicy) -> RuleResult`. `RULES` is the ordered
  list `evaluate()` runs; a later capability adds its rule with `register_rule` (usable as a
  decorator, called at import time of the module that defines the rule, e.g. from that
  app's `AppConfig.ready()`).
- `evaluate()` runs every rule and never stops at the first failure: a person sees every
  failing reason at once.

Every `RuleResult.reason` is a full sentence a person understands, also when the rule passes.
See docs/sourcing-gate.md.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

SMETA_4P = "smeta_4p"
SMETA_2P = "smeta_2p"
NO_SOURCING = "no_sourcing"

RISK_CLASS_LABELS: Mapping[str, str] = {
    "low": "a low-risk country",
    "risk": "a risk country",
    NO_SOURCING: "on the operator's no-sourcing list",
}


# --------------------------------------------------------------------------- facts and policy


@dataclass(frozen=True)
class CertificateFact:
    """One certificate or audit attestation. For SMETA, `valid_from` is the audit date."""

    scheme: str
    valid_from: dt.date
    valid_until: dt.date
    number: str = ""


@dataclass(frozen=True)
class GateFacts:
    """What the gate knows about one facility.

    Later capabilities add fields here, always with a default, and fill them in through
    `orders.selectors.register_fact_provider`.
    """

    facility_code: str
    country: str
    country_risk_class: str | None = None  # None: the country is not in the risk table
    country_name: str = ""  # e.g. "China"; empty falls back to the ISO code
    is_suspended: bool = False
    suspension_reason: str = ""
    certificates: tuple[CertificateFact, ...] = ()
    # The product category codes of the order being judged; empty when the gate judges a
    # facility on its own (rules that look at categories then only warn).
    order_categories: tuple[str, ...] = ()
    # (code, name) of the product categories whose inspection stream at this facility is
    # discontinued (ISO 2859-1, 9.4); filled by the inspections app.
    discontinued_inspection_categories: tuple[tuple[str, str], ...] = ()
    # Filled in by the audits app (sourceproof/audits/gate_facts.py); empty without it.
    # SMETA 6.1/7.0 4-pillar audits with a report: scheme smeta_4p, valid_from = the audit's
    # last day, valid_until = date.max (an audit has no expiry; only the age rule applies).
    smeta_4p_audits: tuple[CertificateFact, ...] = ()
    compliance_status: str = ""  # approved, conditional, suspended, not_audited; "" = unknown
    compliance_reasons: tuple[str, ...] = ()  # why it is suspended or conditional
    # Filled in by the ethics app (sourceproof/ethics/gate_facts.py): an `EthicsFact` about the
    # facility's supplier and the current code of ethics; None without the app or a code.
    code_of_ethics: Any = None


@dataclass(frozen=True)
class GatePolicy:
    """The operator's knobs, and the day the gate is evaluated for."""

    smeta_max_age_months: int
    today: dt.date


@dataclass(frozen=True)
class RuleResult:
    """One rule's answer. `warning` marks a pass that a person should still look at."""

    code: str
    passed: bool
    reason: str
    warning: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "passed": self.passed,
            "reason": self.reason,
            "warning": self.warning,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RuleResult:
        return cls(
            code=str(data["code"]),
            passed=bool(data["passed"]),
            reason=str(data["reason"]),
            warning=bool(data.get("warning", False)),
        )


@dataclass(frozen=True)
class GateVerdict:
    """All rules' results; `passed` only when every rule passed."""

    passed: bool
    results: tuple[RuleResult, ...]
    evaluated_at: dt.datetime
    facility_code: str = ""
    policy: GatePolicy | None = field(default=None, compare=False)

    @property
    def failures(self) -> tuple[RuleResult, ...]:
        return tuple(r for r in self.results if not r.passed)

    @property
    def warnings(self) -> tuple[RuleResult, ...]:
        return tuple(r for r in self.results if r.passed and r.warning)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready snapshot (stored on an order at confirmation)."""
        data: dict[str, Any] = {
            "passed": self.passed,
            "evaluated_at": self.evaluated_at.isoformat(),
            "facility_code": self.facility_code,
            "results": [r.to_dict() for r in self.results],
        }
        if self.policy is not None:
            data["policy"] = {
                "smeta_max_age_months": self.policy.smeta_max_age_months,
                "today": self.policy.today.isoformat(),
            }
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GateVerdict:
        policy_data = data.get("policy")
        policy = (
            GatePolicy(
                smeta_max_age_months=int(policy_data["smeta_max_age_months"]),
                today=dt.date.fromisoformat(policy_data["today"]),
            )
            if policy_data
            else None
        )
        return cls(
            passed=bool(data["passed"]),
            results=tuple(RuleResult.from_dict(r) for r in data.get("results", [])),
            evaluated_at=dt.datetime.fromisoformat(data["evaluated_at"]),
            facility_code=str(data.get("facility_code", "")),
            policy=policy,
        )


Rule = Callable[[GateFacts, GatePolicy], RuleResult]


# --------------------------------------------------------------------------- date arithmetic


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months later, clamped to the end of a shorter month.

    31 Aug 2024 + 24 → 31 Aug 2026; 29 Feb 2024 + 24 → 28 Feb 2026; 31 Mar + 1 → 30 Apr.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def whole_months_between(start: dt.date, end: dt.date) -> int:
    """How many whole months lie between two days: the largest n with add_months(start, n) ≤ end."""
    if end < start:
        return -whole_months_between(end, start)
    n = (end.year - start.year) * 12 + (end.month - start.month)
    while n > 0 and add_months(start, n) > end:
        n -= 1
    return n


def smeta_counts_until(audit_date: dt.date, max_age_months: int) -> dt.date:
    """The last day an audit dated `audit_date` still opens the gate (age rule only)."""
    return add_months(audit_date, max_age_months)


def format_day(day: dt.date) -> str:
    """12 March 2024: unambiguous for people on both sides of the Atlantic."""
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


def _months(n: int) -> str:
    return f"{n} month" if n == 1 else f"{n} months"


# --------------------------------------------------------------------------- the rules

SMETA_RULE = "smeta_4p_audit"
COUNTRY_RULE = "country_not_blocked"
SUSPENDED_RULE = "facility_not_suspended"


def rule_smeta_4p_audit(facts: GateFacts, policy: GatePolicy) -> RuleResult:
    """A SMETA 4-pillar audit that is valid today and no older than the policy allows.

    It may be a certificate or an audit recorded in the audits app (`facts.smeta_4p_audits`).

    Valid means: valid_from (the audit date) ≤ today ≤ valid_until, and
    today ≤ add_months(valid_from, smeta_max_age_months).
    """
    max_age = policy.smeta_max_age_months
    today = policy.today
    audits = sorted(
        (c for c in (*facts.certificates, *facts.smeta_4p_audits) if c.scheme == SMETA_4P),
        key=lambda c: (c.valid_from, c.valid_until, c.number),
        reverse=True,
    )
    for audit in audits:
        counts_until = min(audit.valid_until, smeta_counts_until(audit.valid_from, max_age))
        if audit.valid_from <= today <= counts_until:
            number = f" (no. {audit.number})" if audit.number else ""
            return RuleResult(
                SMETA_RULE,
                True,
                f"Valid SMETA 4-pillar audit of {format_day(audit.valid_from)}{number}; "
                f"it opens the gate until {format_day(counts_until)}.",
            )
    if not audits:
        two_pillar = any(c.scheme == SMETA_2P for c in facts.certificates)
        detail = (
            "only a SMETA 2-pillar audit is recorded; the gate needs a 4-pillar audit."
            if two_pillar
            else "none is recorded for this facility."
        )
        return RuleResult(SMETA_RULE, False, f"No valid SMETA 4-pillar audit: {detail}")

    # Explain why the newest audit does not count (older ones fail for the same reasons or more).
    latest = audits[0]
    head = f"No valid SMETA 4-pillar audit: the latest ({format_day(latest.valid_from)})"
    if latest.valid_from > today:
        return RuleResult(SMETA_RULE, False, f"{head} is dated in the future.")
    too_old = today > smeta_counts_until(latest.valid_from, max_age)
    expired = latest.valid_until < today
    expiry = format_day(latest.valid_until)
    if too_old:
        age = whole_months_between(latest.valid_from, today)
        # Past the limit by days only, the whole-month age still equals the limit: say "more than".
        age_text = f"{_months(age)} old" if age > max_age else f"more than {_months(max_age)} old"
        reason = f"{head} is {age_text}; the policy allows {max_age}."
        if expired:
            reason += f" Its certificate also expired on {expiry}."
    else:
        reason = f"{head} expired on {expiry}."
    return RuleResult(SMETA_RULE, False, reason)


def rule_country_not_blocked(facts: GateFacts, policy: GatePolicy) -> RuleResult:
    """The facility's country is not on the no-sourcing list.

    A country missing from the risk table does not block; the pass carries a warning.
    """
    name = facts.country_name or facts.country
    risk = facts.country_risk_class
    if risk == NO_SOURCING:
        return RuleResult(COUNTRY_RULE, False, f"{name} is on the operator's no-sourcing list.")
    if risk is None:
        return RuleResult(
            COUNTRY_RULE,
            True,
            f"No risk class is recorded for {name}; the gate does not block it. "
            "Add the country to the country risk table.",
            warning=True,
        )
    label = RISK_CLASS_LABELS.get(risk, f"classed '{risk}'")
    return RuleResult(COUNTRY_RULE, True, f"{name} is {label}; sourcing there is allowed.")


def rule_facility_not_suspended(facts: GateFacts, policy: GatePolicy) -> RuleResult:
    """The operator has not suspended the facility."""
    if facts.is_suspended:
        reason = facts.suspension_reason.strip().rstrip(".") or "no reason was recorded"
        return RuleResult(SUSPENDED_RULE, False, f"The facility is suspended: {reason}.")
    return RuleResult(SUSPENDED_RULE, True, "The facility is not suspended.")


BUILT_IN_RULES: tuple[Rule, ...] = (
    rule_smeta_4p_audit,
    rule_country_not_blocked,
    rule_facility_not_suspended,
)
# What evaluate() runs: the built-in rules, then those later capabilities registered.
RULES: list[Rule] = list(BUILT_IN_RULES)


def _rule_key(rule: Rule) -> str:
    return f"{getattr(rule, '__module__', '')}.{getattr(rule, '__qualname__', repr(rule))}"


def register_rule(rule: Rule) -> Rule:
    """Add a rule to the gate (idempotent: registering the same function twice adds it once).

    Usable as a decorator:

        @register_rule
        def rule_open_zero_tolerance_findings(facts, policy):
            ...
    """
    key = _rule_key(rule)
    if all(_rule_key(existing) != key for existing in RULES):
        RULES.append(rule)
    return rule


def unregister_rule(rule: Rule) -> None:
    """Remove a rule (for tests of registered rules)."""
    key = _rule_key(rule)
    RULES[:] = [r for r in RULES if _rule_key(r) != key]


def evaluate(
    facts: GateFacts,
    policy: GatePolicy,
    *,
    rules: Iterable[Rule] | None = None,
    evaluated_at: dt.datetime | None = None,
) -> GateVerdict:
    """Run every rule (never stopping at the first failure) and combine the results."""
    results = tuple(rule(facts, policy) for rule in (RULES if rules is None else rules))
    return GateVerdict(
        passed=all(r.passed for r in results),
        results=results,
        evaluated_at=evaluated_at or dt.datetime.now(tz=dt.UTC),
        facility_code=facts.facility_code,
        policy=policy,
    )


class _WatchedFacts(GateFacts):
    """GateFacts that notes whether a rule read `order_categories` (see evaluate_watching)."""

    def __getattribute__(self, name: str) -> Any:
        if name == "order_categories":
            object.__setattr__(self, "_categories_read", True)
        return super().__getattribute__(name)


def evaluate_watching(
    facts: GateFacts, policy: GatePolicy, *, evaluated_at: dt.datetime | None = None
) -> tuple[GateVerdict, bool]:
    """`evaluate()`, and whether any rule looked at `facts.order_categories` while doing so.

    Rules are pure functions of (facts, policy): a rule that did not read the order's
    categories gives the same result for any categories. So when no rule read them, the
    facility's verdict is also the verdict of every order at it, whatever its lines; only
    when one did must each order's categories be judged on their own (e.g. the inspections
    rule, which reads them only at a facility with a discontinued inspection stream).
    """
    watched = _WatchedFacts(**{f.name: getattr(facts, f.name) for f in fields(GateFacts)})
    verdict = evaluate(facts=watched, policy=policy, evaluated_at=evaluated_at)
    return verdict, bool(watched.__dict__.get("_categories_read", False))
