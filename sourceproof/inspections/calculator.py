"""The AQL calculator's numbers, for the page (``calculator_views``) and the API alike.

Django-free: it calls the sampling engine (``sourceproof.sampling``) and nothing else, so
the page, the API and ``sourceproof aql`` cannot disagree. What it adds is the operator's
policy as the calculator applies it:

* the minimum inspection level is general level II: general level I is **refused** with a
  message (the engine would quietly raise it to II; a calculator must not show a plan for
  a level other than the one asked for);
* the special levels S-1 .. S-4 are allowed, for measurement tests and on-site tests only
  (the page says so beside the field and above the result);
* critical nonconformities: zero acceptance on the common sample (the standard has no
  "AQL 0"); an AQL given for critical only adds its sample size to the common sample.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

from sourceproof.sampling import (
    Aql,
    InspectionPlan,
    OcSummary,
    Plan,
    Policy,
    PolicyError,
    lq10,
    plans_for_classes,
    summarize,
)
from sourceproof.sampling.oc import model_for
from sourceproof.sampling.plans import Edition, Inspection, Level, parse_level
from sourceproof.sampling.policy import GENERAL_LEVELS, SPECIAL_LEVELS, effective_level

CALCULATOR_POLICY: Final = Policy(minimum_level="II", allow_special_levels=True)
CLASS_NAMES: Final = ("critical", "major", "minor")
OC_POINTS: Final = 61  # points of the common grid of the curves of a chart
SHARED_SCALE: Final = 5.0  # curves share a chart when their LQ10s are this close


def check_level(level: str, policy: Policy = CALCULATOR_POLICY) -> Level:
    """The requested level if the policy allows it as it is; PolicyError otherwise."""
    requested = parse_level(level)
    if effective_level(requested, policy) != requested:
        stricter = GENERAL_LEVELS[GENERAL_LEVELS.index(policy.minimum_level) :]
        raise PolicyError(
            f"general inspection level {requested} is below the operator's minimum, general "
            f"level {policy.minimum_level}; use level {' or '.join(stricter)}"
        )
    return requested


def is_special(level: str) -> bool:
    return level in SPECIAL_LEVELS


@dataclass(frozen=True, slots=True)
class CalculatorRequest:
    """The calculator's inputs, already parsed (see ``calculator_forms``)."""

    lot_size: int
    critical: Aql | None = None
    major: Aql | None = None
    minor: Aql | None = None
    level: Level = "II"
    inspection: Inspection = "normal"
    edition: Edition = "iso2859-1"

    def classes(self) -> dict[str, Aql | None]:
        """The classes to plan: critical always (zero acceptance), major/minor when given."""
        found: dict[str, Aql | None] = {"critical": self.critical}
        if self.major is not None:
            found["major"] = self.major
        if self.minor is not None:
            found["minor"] = self.minor
        return found


@dataclass(frozen=True, slots=True)
class ClassOc:
    """The operating characteristic of one class's own plan (not the zero-acceptance class)."""

    name: str
    plan: Plan
    summary: OcSummary

    def pa_at(self, quality: float) -> float | None:
        """Pa at one of the qualities the curve was evaluated at (None: not evaluated)."""
        return next((point.pa for point in self.summary.points if point.p == quality), None)

    @property
    def per_hundred(self) -> bool:
        """True when quality is counted in nonconformities per 100 items (AQL above 10)."""
        return self.summary.model == "poisson"


@dataclass(frozen=True, slots=True)
class OcChart:
    """Curves drawn together: same unit of quality and LQ10s within a factor ``SHARED_SCALE``."""

    curves: tuple[ClassOc, ...]
    grid: tuple[float, ...]  # qualities every curve is evaluated at (0 .. 2 x the largest LQ10)

    @property
    def quality_max(self) -> float:
        return self.grid[-1]


@dataclass(frozen=True, slots=True)
class CalculatorResult:
    request: CalculatorRequest
    inspection_plan: InspectionPlan
    charts: tuple[OcChart, ...]

    @property
    def curves(self) -> tuple[ClassOc, ...]:
        return tuple(curve for chart in self.charts for curve in chart.curves)

    @property
    def full_inspection(self) -> bool:
        """The common sample is the whole lot."""
        return self.inspection_plan.sample_size >= self.inspection_plan.lot_size

    def curve(self, name: str) -> ClassOc | None:
        return next((c for c in self.curves if c.name == name), None)

    def as_dict(self) -> dict[str, object]:
        """The API's /classes shape: the engine's InspectionPlan plus each class's OC figures."""
        data = self.inspection_plan.as_dict()
        classes = []
        for item in self.inspection_plan.classes:
            curve = self.curve(item.name)
            classes.append(
                {
                    **item.as_dict(),
                    "producer_risk": curve.summary.producer_risk if curve else None,
                    "lq10": curve.summary.lq10 if curve else None,
                    "aoql": curve.summary.aoql if curve else None,
                }
            )
        return {**data, "full_inspection": self.full_inspection, "classes": classes}


def classes_plan(request: CalculatorRequest) -> InspectionPlan:
    """The plan per class and the common sample, under the calculator's policy."""
    level = check_level(request.level)
    return plans_for_classes(
        request.lot_size,
        request.classes(),
        level=level,
        inspection=request.inspection,
        edition=request.edition,
        policy=CALCULATOR_POLICY,
    )


def quality_grid(plans: list[Plan], points: int = OC_POINTS) -> tuple[float, ...]:
    """Evenly spaced qualities from 0 to about twice the largest LQ10 of the plans."""
    top = max(lq10(p) for p in plans) * 2
    if all(model_for(p) == "binomial" for p in plans):
        top = min(top, 100.0)
    return tuple(top * i / (points - 1) for i in range(points))


def curve_qualities(found: Plan, grid: tuple[float, ...]) -> tuple[float, ...]:
    """Where to evaluate one plan's curve: the common grid, plus a grid of the same density
    over the plan's own range (so that a steep curve next to a flat one keeps its shape).
    Percent nonconforming cannot exceed 100: a binomial curve stops there."""
    own_top = min(lq10(found) * 2, grid[-1])
    own = (own_top * i / (len(grid) - 1) for i in range(len(grid)))
    limit = math.inf if model_for(found) == "poisson" else 100.0
    return tuple(sorted({p for p in (*grid, *own) if p <= limit}))


def chart_groups(plans: list[tuple[str, Plan]]) -> list[list[tuple[str, Plan]]]:
    """Plans whose curves can share a chart: the same unit of quality (percent
    nonconforming or nonconformities per 100 items) and LQ10s within ``SHARED_SCALE`` of
    each other; otherwise the flatter curve would squash the steeper one against the axis."""
    groups: list[list[tuple[str, Plan]]] = []
    reach: list[tuple[str, float]] = []  # per group: its model and its smallest LQ10
    for name, found in sorted(plans, key=lambda item: lq10(item[1])):
        model, quality = model_for(found), lq10(found)
        if groups and reach[-1][0] == model and quality <= reach[-1][1] * SHARED_SCALE:
            groups[-1].append((name, found))
        else:
            groups.append([(name, found)])
            reach.append((model, quality))
    order = [name for name, _ in plans]
    for group in groups:
        group.sort(key=lambda item: order.index(item[0]))
    groups.sort(key=lambda group: order.index(group[0][0]))
    return groups


def calculate(request: CalculatorRequest, points: int = OC_POINTS) -> CalculatorResult:
    """Everything the calculator page shows. Raises SamplingError (or PolicyError)."""
    inspection_plan = classes_plan(request)
    charted = [
        (c.name, c.standard_plan)
        for c in inspection_plan.classes
        if not c.zero_acceptance and c.standard_plan is not None
    ]
    charts = []
    for group in chart_groups(charted):
        grid = quality_grid([found for _, found in group], points)
        curves = tuple(
            ClassOc(name, found, summarize(found, curve_qualities(found, grid)))
            for name, found in group
        )
        charts.append(OcChart(curves, grid))
    return CalculatorResult(request, inspection_plan, tuple(charts))
