"""Operating characteristic of a single sampling plan: what it accepts, and how often.

Quality ``p`` is always written as the standard writes AQLs: percent nonconforming, or
nonconformities per 100 items. The probability of acceptance is

* binomial (percent nonconforming; AQL up to 10):
  ``Pa(p) = sum_{d=0}^{Ac} C(n, d) q^d (1 - q)^(n - d)`` with ``q = p / 100``;
* Poisson (nonconformities per 100 items; required above AQL 10, which the standard
  allows for nonconformities only): ``Pa(p) = sum_{d=0}^{Ac} e^-m m^d / d!`` with
  ``m = n p / 100``.

Both are exact finite sums, evaluated term by term in log space (``math.comb`` and
``math.lgamma``) so that n = 3150 or Ac = 44 neither overflows nor loses the small terms.

* Producer's risk: ``1 - Pa(AQL)``, the chance that a lot exactly at the AQL is not accepted.
* LQ10: the quality accepted with probability 0.10 (the consumer's 10 % point), found by
  bisection on the decreasing function ``Pa``.
* AOQ(p) = p Pa(p) (N - n) / N: the average outgoing quality when non-accepted lots are
  100 % inspected and nonconforming items replaced; AOQL is its maximum over p, found
  numerically (a grid, then golden-section refinement around the best grid point).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final, Literal

from sourceproof.sampling.aql import SamplingError
from sourceproof.sampling.plans import Plan

Model = Literal["binomial", "poisson"]

LQ_PROBABILITY: Final = 0.10
_BISECTION_STEPS: Final = 200
_GRID: Final = 400


def model_for(plan: Plan) -> Model:
    """Poisson for AQLs above 10 (nonconformities per 100 items), binomial otherwise."""
    return "poisson" if plan.aql.is_per_hundred_only else "binomial"


def probability_of_acceptance(n: int, accept: int, p: float, model: Model = "binomial") -> float:
    """Pa for a sample of n items with acceptance number Ac at quality p (percent)."""
    if n < 1 or accept < 0:
        raise SamplingError(f"a plan needs n >= 1 and Ac >= 0, got n={n}, Ac={accept}")
    if not math.isfinite(p) or p < 0:
        raise SamplingError(f"quality must be a number >= 0, got {p}")
    if model == "binomial":
        if p > 100:
            raise SamplingError(f"percent nonconforming cannot exceed 100, got {p}")
        return _binomial_cdf(accept, n, p / 100)
    return _poisson_cdf(accept, n * p / 100)


def _binomial_cdf(c: int, n: int, q: float) -> float:
    if c >= n or q == 0.0:
        return 1.0
    if q == 1.0:
        return 0.0
    log_q, log_1q = math.log(q), math.log1p(-q)
    total = math.fsum(
        math.exp(math.log(math.comb(n, d)) + d * log_q + (n - d) * log_1q) for d in range(c + 1)
    )
    return min(1.0, total)


def _poisson_cdf(c: int, m: float) -> float:
    if m == 0.0:
        return 1.0
    log_m = math.log(m)
    total = math.fsum(math.exp(d * log_m - m - math.lgamma(d + 1)) for d in range(c + 1))
    return min(1.0, total)


def pa(plan: Plan, p: float, model: Model | None = None) -> float:
    """Probability that ``plan`` accepts a lot of quality p (percent or per 100 items)."""
    return probability_of_acceptance(plan.sample_size, plan.accept, p, model or model_for(plan))


def producer_risk(plan: Plan, model: Model | None = None) -> float:
    """1 - Pa(AQL): the chance of not accepting a lot exactly at the AQL."""
    return 1.0 - pa(plan, float(plan.aql.value), model)


def _upper_bound(plan: Plan, model: Model, target: float) -> float:
    if model == "binomial":
        return 100.0
    high = 100.0
    while pa(plan, high, model) > target:
        high *= 2
    return high


def quality_at(plan: Plan, probability: float, model: Model | None = None) -> float:
    """The quality p with Pa(p) = probability (bisection; Pa decreases with p)."""
    if not 0.0 < probability < 1.0:
        raise SamplingError(f"probability must be strictly between 0 and 1, got {probability}")
    chosen = model or model_for(plan)
    low, high = 0.0, _upper_bound(plan, chosen, probability)
    for _ in range(_BISECTION_STEPS):
        middle = (low + high) / 2
        if pa(plan, middle, chosen) > probability:
            low = middle
        else:
            high = middle
        if high - low <= 1e-12 * max(1.0, high):
            break
    return (low + high) / 2


def lq10(plan: Plan, model: Model | None = None) -> float:
    """The quality accepted with probability 0.10 (LQ10, the consumer's risk point)."""
    return quality_at(plan, LQ_PROBABILITY, model)


def aoq(plan: Plan, p: float, model: Model | None = None) -> float:
    """Average outgoing quality p Pa(p) (N - n) / N, in the same unit as p."""
    n, lot = plan.sample_size, plan.lot_size
    return p * pa(plan, p, model) * (lot - n) / lot


def aoql(plan: Plan, model: Model | None = None) -> float:
    """The maximum of AOQ over all qualities (0 when the whole lot is inspected)."""
    if plan.full_inspection:
        return 0.0
    chosen = model or model_for(plan)
    high = quality_at(plan, 1e-6, chosen)  # beyond this AOQ is negligible
    step = high / _GRID
    values = [(aoq(plan, i * step, chosen), i) for i in range(_GRID + 1)]
    best = max(values)[1]
    left, right = max(0.0, (best - 1) * step), min(high, (best + 1) * step)
    ratio = (math.sqrt(5) - 1) / 2
    for _ in range(100):
        a = right - ratio * (right - left)
        b = left + ratio * (right - left)
        if aoq(plan, a, chosen) < aoq(plan, b, chosen):
            left = a
        else:
            right = b
        if right - left <= 1e-12 * max(1.0, right):
            break
    return aoq(plan, (left + right) / 2, chosen)


@dataclass(frozen=True, slots=True)
class OcPoint:
    p: float
    pa: float


@dataclass(frozen=True, slots=True)
class OcSummary:
    """What ``aql oc`` reports and the calculator page charts."""

    plan: Plan
    model: Model
    points: tuple[OcPoint, ...]
    producer_risk: float
    lq10: float
    aoql: float

    def as_dict(self) -> dict[str, object]:
        return {
            "plan": self.plan.as_dict(),
            "model": self.model,
            "points": [{"p": point.p, "pa": point.pa} for point in self.points],
            "producer_risk": self.producer_risk,
            "lq10": self.lq10,
            "aoql": self.aoql,
        }


def default_points(plan: Plan, count: int = 41) -> tuple[float, ...]:
    """Evenly spaced qualities from 0 to about twice LQ10, for drawing the curve."""
    top = lq10(plan) * 2
    if model_for(plan) == "binomial":
        top = min(top, 100.0)
    return tuple(top * i / (count - 1) for i in range(count))


def summarize(
    plan: Plan, at: tuple[float, ...] | None = None, model: Model | None = None
) -> OcSummary:
    chosen = model or model_for(plan)
    qualities = at if at is not None else default_points(plan)
    return OcSummary(
        plan=plan,
        model=chosen,
        points=tuple(OcPoint(p, pa(plan, p, chosen)) for p in qualities),
        producer_risk=producer_risk(plan, chosen),
        lq10=lq10(plan, chosen),
        aoql=aoql(plan, chosen),
    )
