"""Greenhouse-gas emissions per GHG Protocol scope 1 and 2: pure Python, no Django.

Activity data (a year's natural gas in m3, fleet fuel in litres, electricity in kWh) times the
factors of the emission-factor table that applies to the year. Scope 2 is reported both ways
the GHG Protocol Scope 2 Guidance asks for:

- location-based: all grid electricity (with or without guarantees of origin) at the grid
  average factor;
- market-based: electricity backed by cancelled guarantees of origin at zero, the rest at the
  factor for electricity without guarantees ("grey" / residual mix).

Own solar electricity used on site is not bought from the grid: zero both ways. Scope 1 has a
single figure, repeated in both totals.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class SourceRule:
    scope: int
    unit: str
    location_activity: str  # the factor used location-based (and for scope 1)
    market_activity: str


# GhgSource value → how it is computed. Factor activities are FactorActivity values.
SOURCES: Mapping[str, SourceRule] = {
    "natural_gas": SourceRule(1, "m3", "natural_gas", "natural_gas"),
    "diesel": SourceRule(1, "l", "diesel", "diesel"),
    "petrol": SourceRule(1, "l", "petrol", "petrol"),
    "electricity_grid": SourceRule(2, "kWh", "electricity_grid_mix", "electricity_grey"),
    "electricity_green": SourceRule(2, "kWh", "electricity_grid_mix", "electricity_green_go"),
    "electricity_own_solar": SourceRule(2, "kWh", "electricity_own_solar", "electricity_own_solar"),
    "ev_charging": SourceRule(2, "kWh", "electricity_grid_mix", "electricity_grey"),
}

KG = Decimal("0.001")


@dataclass(frozen=True)
class Factor:
    activity: str
    unit: str
    kg_per_unit: Decimal


@dataclass(frozen=True)
class Activity:
    source: str
    amount: Decimal
    unit: str


@dataclass(frozen=True)
class Line:
    source: str
    scope: int
    amount: Decimal
    unit: str
    location_factor: Decimal | None
    market_factor: Decimal | None
    kg_location: Decimal | None
    kg_market: Decimal | None
    problem: str = ""


@dataclass(frozen=True)
class Totals:
    scope1: Decimal
    scope2_location: Decimal
    scope2_market: Decimal

    @property
    def total_location(self) -> Decimal:
        return self.scope1 + self.scope2_location

    @property
    def total_market(self) -> Decimal:
        return self.scope1 + self.scope2_market


def _units_match(a: str, b: str) -> bool:
    def norm(unit: str) -> str:
        return unit.strip().lower().replace("³", "3").replace("litre", "l").replace("liter", "l")

    return norm(a) == norm(b)


def _factor(factors: Mapping[str, Factor], activity: str, unit: str) -> tuple[Decimal | None, str]:
    factor = factors.get(activity)
    if factor is None:
        return None, f"no factor for {activity}"
    if not _units_match(factor.unit, unit):
        return None, f"the factor for {activity} is per {factor.unit}, the data is in {unit}"
    return factor.kg_per_unit, ""


def line_for(activity: Activity, factors: Mapping[str, Factor]) -> Line:
    """One source's emissions, or the problem that prevents computing them."""
    rule = SOURCES.get(activity.source)
    if rule is None:
        raise ValueError(f"unknown emission source {activity.source!r}")
    if not _units_match(activity.unit, rule.unit):
        problem = f"{activity.source} must be entered in {rule.unit}, not {activity.unit}"
        return Line(activity.source, rule.scope, activity.amount, activity.unit,
                    None, None, None, None, problem)  # fmt: skip
    location, problem_l = _factor(factors, rule.location_activity, activity.unit)
    market, problem_m = _factor(factors, rule.market_activity, activity.unit)
    return Line(
        source=activity.source,
        scope=rule.scope,
        amount=activity.amount,
        unit=activity.unit,
        location_factor=location,
        market_factor=market,
        kg_location=(activity.amount * location).quantize(KG, ROUND_HALF_UP)
        if location is not None
        else None,
        kg_market=(activity.amount * market).quantize(KG, ROUND_HALF_UP)
        if market is not None
        else None,
        problem="; ".join(p for p in dict.fromkeys((problem_l, problem_m)) if p),
    )


def compute(activities: Iterable[Activity], factors: Iterable[Factor]) -> list[Line]:
    """Lines for a year's activities (activities of one source are added up first)."""
    by_activity = {f.activity: f for f in factors}
    summed: dict[tuple[str, str], Decimal] = {}
    for activity in activities:
        key = (activity.source, activity.unit)
        summed[key] = summed.get(key, Decimal(0)) + activity.amount
    lines = [
        line_for(Activity(s, amount, unit), by_activity) for (s, unit), amount in summed.items()
    ]
    order = list(SOURCES)
    return sorted(lines, key=lambda line: (line.scope, order.index(line.source)))


def totals(lines: Sequence[Line]) -> Totals:
    """Scope totals (lines that could not be computed count as zero; see their problem)."""
    scope1 = sum((ln.kg_location or Decimal(0) for ln in lines if ln.scope == 1), Decimal(0))
    s2_location = sum((ln.kg_location or Decimal(0) for ln in lines if ln.scope == 2), Decimal(0))
    s2_market = sum((ln.kg_market or Decimal(0) for ln in lines if ln.scope == 2), Decimal(0))
    return Totals(scope1=scope1, scope2_location=s2_location, scope2_market=s2_market)
