"""The operator's policy on top of the standard -- kept apart from the standard itself.

ISO 2859-1 leaves two choices to the parties; sourceproof's operator fixes them here:

* **A minimum inspection level.** By default general level II. Among the general levels
  "stricter" means a larger sample: I < II < III. A request below the minimum is raised to
  the minimum. The special levels S-1 .. S-4 (small samples, large risks) are refused
  unless the caller explicitly allows them (e.g. for destructive tests).
* **Zero acceptance for critical nonconformities.** The standard has no "AQL 0": its
  smallest AQL is 0.010, and an AQL is a process average, not a promise about a lot. The
  operator's rule is simply Ac = 0, Re = 1 on the sample drawn for the inspection (the
  common sample, below): one critical nonconformity rejects the lot.

``plans_for_classes`` gives the calculator page (and the API) the plan for each class of
nonconformity and the common sample size inspectors draw: the largest n of the classes.
Each class with an AQL is judged on the first n items of the common sample (its own plan);
the zero-acceptance class is judged on the whole common sample.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from sourceproof.sampling.aql import Aql, AqlLike, SamplingError
from sourceproof.sampling.plans import (
    DEFAULT_EDITION,
    Edition,
    Inspection,
    Level,
    Plan,
    parse_edition,
    parse_inspection,
    parse_level,
    plan,
)

GENERAL_LEVELS: Final[tuple[Level, ...]] = ("I", "II", "III")  # in increasing strictness
SPECIAL_LEVELS: Final[tuple[Level, ...]] = ("S-1", "S-2", "S-3", "S-4")
CRITICAL: Final = "critical"


class PolicyError(SamplingError):
    """A request the standard allows but the operator's policy does not."""


@dataclass(frozen=True, slots=True)
class Policy:
    minimum_level: Level = "II"
    allow_special_levels: bool = False
    zero_acceptance_for_critical: bool = True


DEFAULT_POLICY: Final = Policy()


def effective_level(requested: str, policy: Policy = DEFAULT_POLICY) -> Level:
    """The level to use: the requested one, raised to the policy's minimum if weaker."""
    level = parse_level(requested)
    if level in SPECIAL_LEVELS:
        if not policy.allow_special_levels:
            raise PolicyError(
                f"special inspection level {level} is not allowed here; "
                f"use general level {policy.minimum_level} or stricter"
            )
        return level
    minimum = parse_level(policy.minimum_level)
    if minimum in SPECIAL_LEVELS:
        return level
    return max(level, minimum, key=GENERAL_LEVELS.index)


@dataclass(frozen=True, slots=True)
class ClassPlan:
    """The plan for one class of nonconformity (critical, major, minor...)."""

    name: str
    aql: Aql | None  # None for the zero-acceptance class when no AQL was given
    standard_plan: Plan | None  # what the standard gives for the AQL, if one was given
    sample_size: int  # items judged for this class
    accept: int
    reject: int
    zero_acceptance: bool  # the operator's Ac = 0 rule, not the standard

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "aql": self.aql.text if self.aql else None,
            "standard_plan": self.standard_plan.as_dict() if self.standard_plan else None,
            "sample_size": self.sample_size,
            "accept": self.accept,
            "reject": self.reject,
            "zero_acceptance": self.zero_acceptance,
        }


@dataclass(frozen=True, slots=True)
class InspectionPlan:
    """Everything an inspector needs for one lot: one sample, several classes."""

    lot_size: int
    level: Level
    inspection: Inspection
    edition: Edition
    sample_size: int  # the common sample: the largest n of the classes
    classes: tuple[ClassPlan, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "lot_size": self.lot_size,
            "level": self.level,
            "inspection": self.inspection,
            "edition": self.edition,
            "sample_size": self.sample_size,
            "classes": [c.as_dict() for c in self.classes],
        }


def plans_for_classes(
    lot_size: int,
    classes: Mapping[str, AqlLike | None],
    *,
    level: str = "II",
    inspection: str = "normal",
    edition: str = DEFAULT_EDITION,
    policy: Policy = DEFAULT_POLICY,
) -> InspectionPlan:
    """Plans per class and the common sample size, under the operator's policy.

    ``classes`` maps a class name to its AQL, e.g. ``{"critical": None, "major": "2.5",
    "minor": "4.0"}``. With the default policy the class named "critical" gets Ac = 0,
    Re = 1 on the common sample whatever AQL is given for it.
    """
    if not classes:
        raise SamplingError("give at least one class of nonconformity with its AQL")
    used_level = effective_level(level, policy)
    used_inspection = parse_inspection(inspection)
    used_edition = parse_edition(edition)
    standard: dict[str, Plan | None] = {}
    for name, aql in classes.items():
        if aql is None:
            if not (policy.zero_acceptance_for_critical and name == CRITICAL):
                raise SamplingError(f"class {name!r} needs an AQL")
            standard[name] = None
        else:
            standard[name] = plan(lot_size, aql, used_level, used_inspection, used_edition)
    sizes = [p.sample_size for p in standard.values() if p is not None]
    if not sizes:
        raise SamplingError(
            "zero acceptance needs a sample size: give an AQL for at least one other class"
        )
    common = max(sizes)
    result = []
    for name, found in standard.items():
        if policy.zero_acceptance_for_critical and name == CRITICAL:
            result.append(ClassPlan(name, found.aql if found else None, found, common, 0, 1, True))
        else:
            assert found is not None
            result.append(
                ClassPlan(
                    name, found.aql, found, found.sample_size, found.accept, found.reject, False
                )
            )
    return InspectionPlan(
        lot_size=lot_size,
        level=used_level,
        inspection=used_inspection,
        edition=used_edition,
        sample_size=common,
        classes=tuple(result),
    )
