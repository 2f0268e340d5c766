"""The sourcing-gate rule of the inspections app: no new order for a facility and product
category whose inspection stream is discontinued (ISO 2859-1, 9.4).

`rule_inspection_not_discontinued` is pure (facts in, result out); the fact provider
`discontinued_stream_facts` reads the discontinued streams of the facilities being judged in
one query. Both are registered from `InspectionsConfig.ready()`. The gate judges an order
with its product categories (`GateFacts.order_categories`): the rule fails only when the
order has a line of a discontinued category; judged without an order (a facility on its own)
it passes with a warning naming the blocked categories.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sourceproof.orders.gate import GateFacts, GatePolicy, RuleResult

if TYPE_CHECKING:
    from sourceproof.facilities.models import Facility

RULE_CODE = "inspection_not_discontinued"
_CHUNK = 2000  # facility ids per IN (...) query


def _names(pairs: Sequence[tuple[str, str]]) -> str:
    names = [name for _code, name in pairs]
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def rule_inspection_not_discontinued(facts: GateFacts, policy: GatePolicy) -> RuleResult:
    """No line of the order is of a category whose inspection is discontinued here."""
    discontinued = tuple(sorted(facts.discontinued_inspection_categories, key=lambda p: p[1]))
    if not discontinued:
        return RuleResult(RULE_CODE, True, "No inspection stream at this facility is discontinued.")
    if not facts.order_categories:
        return RuleResult(
            RULE_CODE,
            True,
            f"Inspection is discontinued at this facility for {_names(discontinued)}: new orders "
            "of that category are blocked until a quality manager resumes inspection.",
            warning=True,
        )
    blocked = tuple(p for p in discontinued if p[0] in facts.order_categories)
    if blocked:
        return RuleResult(
            RULE_CODE,
            False,
            f"Inspection of {_names(blocked)} at this facility is discontinued after five lots "
            "not accepted on tightened inspection; no new order until a quality manager records "
            "the supplier's corrective action and resumes inspection.",
        )
    return RuleResult(
        RULE_CODE,
        True,
        f"Inspection is discontinued here for {_names(discontinued)} only; this order has none.",
        warning=True,
    )


def discontinued_stream_facts(facilities: Sequence[Facility]) -> Mapping[int, Mapping[str, Any]]:
    """{facility pk: {"discontinued_inspection_categories": ((code, name), …)}}, one query."""
    from sourceproof.inspections.models import SamplingStream, StreamSeverity

    ids = [f.pk for f in facilities]
    found: dict[int, list[tuple[str, str]]] = {}
    for start in range(0, len(ids), _CHUNK):
        rows = SamplingStream.objects.filter(
            facility_id__in=ids[start : start + _CHUNK], severity=StreamSeverity.DISCONTINUED
        ).values_list("facility_id", "product_category__code", "product_category__name")
        for facility_id, code, name in rows:
            found.setdefault(facility_id, []).append((code, name))
    return {
        pk: {"discontinued_inspection_categories": tuple(sorted(pairs))}
        for pk, pairs in found.items()
    }
