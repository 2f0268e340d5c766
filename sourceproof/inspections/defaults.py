"""What a new booking starts with: the inspection level and the AQL per class for an order's
lines, from the operator's policy, the customer's override and the products' overrides.

Precedence: a product's override beats its customer's, which beats the policy. When the lines
inspected are of several products with different overrides, the strictest (smallest) AQL
and the strictest level win. The critical class always has zero acceptance.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sourceproof.inspections.models import AqlOverride, GeneralLevel, InspectionPolicy
from sourceproof.orders.models import OrderLine, PurchaseOrder
from sourceproof.sampling import Aql

_LEVEL_ORDER = [GeneralLevel.I, GeneralLevel.II, GeneralLevel.III]


@dataclass(frozen=True)
class SamplingDefaults:
    level: str
    major_aql: str
    minor_aql: str
    source: str  # e.g. "policy", "customer Lumora", "product LUM-MUG-350"


def _stricter_aql(a: str, b: str) -> str:
    return a if Aql.parse(a) <= Aql.parse(b) else b


def _stricter_level(a: str, b: str) -> str:
    return a if _LEVEL_ORDER.index(GeneralLevel(a)) >= _LEVEL_ORDER.index(GeneralLevel(b)) else b


def sampling_defaults(*, order: PurchaseOrder, lines: Sequence[OrderLine]) -> SamplingDefaults:
    """The level and AQLs a booking of these lines of the order starts with (two queries)."""
    policy = InspectionPolicy.current()
    level, major, minor = policy.default_level, policy.major_aql, policy.minor_aql
    sources: list[str] = []
    overrides = {
        (o.customer_id, o.product_id): o
        for o in AqlOverride.objects.filter(customer_id=order.customer_id)
        | AqlOverride.objects.filter(product_id__in=[li.product_id for li in lines])
    }
    customer = overrides.get((order.customer_id, None))
    if customer is not None:
        major = customer.major_aql or major
        minor = customer.minor_aql or minor
        level = _stricter_level(customer.level, level) if customer.level else level
        sources.append("customer")
    products = [o for (c, p), o in overrides.items() if p is not None]
    if products:
        # A product override replaces the customer's values; several products: the strictest.
        p_major = [o.major_aql for o in products if o.major_aql]
        p_minor = [o.minor_aql for o in products if o.minor_aql]
        if p_major:
            major = p_major[0]
            for value in p_major[1:]:
                major = _stricter_aql(major, value)
        if p_minor:
            minor = p_minor[0]
            for value in p_minor[1:]:
                minor = _stricter_aql(minor, value)
        for o in products:
            if o.level:
                level = _stricter_level(o.level, level)
        sources.append("product")
    if _LEVEL_ORDER.index(GeneralLevel(level)) < _LEVEL_ORDER.index(
        GeneralLevel(policy.minimum_level)
    ):
        level = policy.minimum_level
    return SamplingDefaults(
        level=level,
        major_aql=Aql.parse(major).text,
        minor_aql=Aql.parse(minor).text,
        source=" + ".join(sources) if sources else "policy",
    )
