"""The verdict of an inspection: a pure function of the plan, the findings and the checkpoints.

No Django here: plain frozen dataclasses in and out, so every cell can be tested without a
database (inspections/tests/test_verdict.py) and the services, the pages, the API and the
phone screen all call the same code.

- `PlanSnapshot` is the sampling plan frozen onto an inspection when it starts (its JSON is
  `Inspection.plan_snapshot`). `build_plan` makes it from the engine
  (`sourceproof.sampling.plans_for_classes`) under the operator's policy: the common sample
  is the largest n of the classes; each class with an AQL is judged on the first n items
  of that sample (its own plan); the critical class has zero acceptance (Ac 0, Re 1) on the
  whole sample.
- `count_nonconforming` counts nonconforming **units** per class, as ISO 2859-1 requires for
  percent-nonconforming inspection: a unit with two major defects counts once as major; a
  unit with a major and a minor defect counts once in each class. A finding either names the
  unit of the sample (`unit`, 1…n) or stands for `count` distinct units. A numbered unit
  beyond a class's own sample size (its first n items) does not count for that class.
- A measurement out of tolerance is a defect of the checkpoint's class on that unit
  (`measurement_findings`), counted like any other.
- `compute_verdict` judges each class with `sourceproof.sampling.judge` and looks at every
  checkpoint: **fail** if a class is not accepted or a checkpoint failed; otherwise
  **pending** if a checkpoint needs the operator's decision or is not checked yet; otherwise
  **pass**. The reasons list every class (accepted or not) and every checkpoint issue.

Reasons carry a `code` and `params` (for translated display) and an English `text`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Final, Literal

from sourceproof.sampling import Aql, Plan, Policy, code_letter, judge, plans_for_classes
from sourceproof.sampling.plans import parse_edition, parse_inspection, parse_level

CLASSES: Final[tuple[str, ...]] = ("critical", "major", "minor")
CRITICAL: Final = "critical"
MAJOR: Final = "major"

Outcome = Literal["pass", "fail", "pending"]
PASS: Final = "pass"  # noqa: S105 - a verdict, not a password
FAIL: Final = "fail"
PENDING: Final = "pending"

# Checkpoint statuses (the same values as models.CheckpointStatus).
NOT_CHECKED: Final = "not_checked"
CHECK_PASS: Final = "pass"  # noqa: S105 - a status, not a password
CHECK_FAIL: Final = "fail"
NEEDS_DECISION: Final = "needs_decision"
MEASUREMENT: Final = "measurement"


# --------------------------------------------------------------------------- the plan


@dataclass(frozen=True, slots=True)
class ClassPlanSnapshot:
    """The plan for one class of nonconformity, as frozen on the inspection."""

    name: str
    aql: str | None  # None: zero acceptance without an AQL (the critical class)
    plan_code_letter: str
    sample_size: int  # the items judged for this class (the first n of the common sample)
    accept: int
    reject: int
    zero_acceptance: bool
    full_inspection: bool = False

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True, slots=True)
class PlanSnapshot:
    """The sampling plan frozen onto an inspection when it starts."""

    edition: str
    lot_size: int
    level: str
    inspection: str  # severity: normal, tightened or reduced
    code_letter: str  # Table I
    sample_size: int  # the common sample: the largest n of the classes
    classes: tuple[ClassPlanSnapshot, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "edition": self.edition,
            "lot_size": self.lot_size,
            "level": self.level,
            "inspection": self.inspection,
            "code_letter": self.code_letter,
            "sample_size": self.sample_size,
            "classes": [c.as_dict() for c in self.classes],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PlanSnapshot:
        return cls(
            edition=str(data["edition"]),
            lot_size=int(data["lot_size"]),
            level=str(data["level"]),
            inspection=str(data["inspection"]),
            code_letter=str(data["code_letter"]),
            sample_size=int(data["sample_size"]),
            classes=tuple(
                ClassPlanSnapshot(
                    name=str(c["name"]),
                    aql=None if c.get("aql") is None else str(c["aql"]),
                    plan_code_letter=str(c["plan_code_letter"]),
                    sample_size=int(c["sample_size"]),
                    accept=int(c["accept"]),
                    reject=int(c["reject"]),
                    zero_acceptance=bool(c["zero_acceptance"]),
                    full_inspection=bool(c.get("full_inspection", False)),
                )
                for c in data["classes"]
            ),
        )

    def for_class(self, name: str) -> ClassPlanSnapshot | None:
        return next((c for c in self.classes if c.name == name), None)

    def judging_plan(self, name: str) -> Plan:
        """The engine's `Plan` to judge a class with: the class's own n, Ac and Re.

        For the zero-acceptance class without an AQL of its own, the AQL field is borrowed
        from another class: `judge` only reads Ac and Re.
        """
        found = self.for_class(name)
        if found is None:
            raise KeyError(name)
        aql_text = found.aql or next(c.aql for c in self.classes if c.aql is not None)
        assert aql_text is not None
        return Plan(
            edition=parse_edition(self.edition),
            lot_size=self.lot_size,
            level=parse_level(self.level),
            aql=Aql.parse(aql_text),
            inspection=parse_inspection(self.inspection),
            code_letter=self.code_letter,
            plan_code_letter=found.plan_code_letter,
            sample_size=found.sample_size,
            accept=found.accept,
            reject=found.reject,
            full_inspection=found.full_inspection,
        )


def build_plan(
    *,
    lot_size: int,
    aqls: Mapping[str, str | None],
    level: str,
    inspection: str,
    edition: str,
    minimum_level: str = "II",
) -> PlanSnapshot:
    """The plan per class and the common sample, from the engine, under the operator's policy
    (minimum general level, zero acceptance for critical). Raises `SamplingError` (or its
    `PolicyError`) with a sentence a person understands."""
    policy = Policy(minimum_level=parse_level(minimum_level))
    found = plans_for_classes(
        lot_size, dict(aqls), level=level, inspection=inspection, edition=edition, policy=policy
    )
    classes = []
    for c in found.classes:
        standard = c.standard_plan
        letter = standard.plan_code_letter if standard else code_letter(lot_size, found.level)
        classes.append(
            ClassPlanSnapshot(
                name=c.name,
                aql=c.aql.text if c.aql else None,
                plan_code_letter=letter,
                sample_size=c.sample_size,
                accept=c.accept,
                reject=c.reject,
                zero_acceptance=c.zero_acceptance,
                full_inspection=c.sample_size >= lot_size,
            )
        )
    return PlanSnapshot(
        edition=found.edition,
        lot_size=lot_size,
        level=found.level,
        inspection=found.inspection,
        code_letter=code_letter(lot_size, found.level),
        sample_size=found.sample_size,
        classes=tuple(classes),
    )


def special_level_sample_size(
    *, lot_size: int, level: str, aql: str, inspection: str, edition: str
) -> int:
    """The sample for a checkpoint on a special level (S-1..S-4): the engine's n for that
    level at the given AQL and severity (a test that destroys or takes long uses fewer units)."""
    found = plans_for_classes(
        lot_size,
        {MAJOR: aql},
        level=level,
        inspection=inspection,
        edition=edition,
        policy=Policy(allow_special_levels=True),
    )
    return found.sample_size


# --------------------------------------------------------------------------- findings


@dataclass(frozen=True, slots=True)
class Finding:
    """Nonconforming units found: one numbered unit (`unit`) or `count` distinct units."""

    defect_class: str
    code: str
    unit: int | None = None
    count: int = 1
    label: str = ""  # what people read, e.g. the defect's description

    def __post_init__(self) -> None:
        if self.defect_class not in CLASSES:
            raise ValueError(f"unknown defect class {self.defect_class!r}")
        if self.count < 1:
            raise ValueError("a finding counts at least one unit")
        if self.unit is not None and (self.unit < 1 or self.count != 1):
            raise ValueError("a numbered unit is a unit number from 1 and counts once")


@dataclass(frozen=True, slots=True)
class Measurement:
    value: Decimal
    unit: int | None = None  # which unit of the sample, if known


@dataclass(frozen=True, slots=True)
class CheckpointOutcome:
    """A checkpoint and its result, as the verdict needs it."""

    key: str
    title: str
    kind: str
    status: str  # not_checked, pass, fail, needs_decision
    nominal: Decimal | None = None
    tolerance: Decimal | None = None
    unit_label: str = ""
    defect_class: str = MAJOR  # the class of a measurement out of tolerance
    measurements: tuple[Measurement, ...] = ()


def parse_measurements(raw: Iterable[Mapping[str, Any]]) -> tuple[Measurement, ...]:
    """Measurements from their stored JSON: [{"value": "12.5", "unit": 3}, …]."""
    found = []
    for item in raw:
        try:
            value = Decimal(str(item["value"]))
        except (KeyError, InvalidOperation):
            continue
        unit = item.get("unit")
        found.append(Measurement(value=value, unit=int(unit) if unit else None))
    return tuple(found)


def is_out_of_tolerance(checkpoint: CheckpointOutcome, measurement: Measurement) -> bool:
    if checkpoint.nominal is None or checkpoint.tolerance is None:
        return False
    return abs(measurement.value - checkpoint.nominal) > checkpoint.tolerance


def measurement_findings(checkpoints: Iterable[CheckpointOutcome]) -> list[Finding]:
    """Every measured value out of tolerance, as a finding of the checkpoint's class."""
    found = []
    for checkpoint in checkpoints:
        if checkpoint.kind != MEASUREMENT:
            continue
        for m in checkpoint.measurements:
            if is_out_of_tolerance(checkpoint, m):
                found.append(
                    Finding(
                        defect_class=checkpoint.defect_class,
                        code=f"measurement:{checkpoint.key}",
                        unit=m.unit,
                        label=f"{checkpoint.title}: {m.value} {checkpoint.unit_label}".strip()
                        + f" (nominal {checkpoint.nominal} ± {checkpoint.tolerance})",
                    )
                )
    return found


@dataclass(frozen=True, slots=True)
class ClassCount:
    """Nonconforming units of one class, with the codes behind them, judged on its plan."""

    name: str
    nonconforming: int
    sample_size: int
    accept: int
    reject: int
    accepted: bool
    zero_acceptance: bool
    aql: str | None
    codes: tuple[tuple[str, str, int], ...] = ()  # (code, label, units)
    outside_sample: int = 0  # numbered units beyond this class's n (not counted)

    def as_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["codes"] = [{"code": c, "label": lbl, "units": n} for c, lbl, n in self.codes]
        return data


def count_nonconforming(
    plan: PlanSnapshot, findings: Iterable[Finding]
) -> dict[str, tuple[int, tuple[tuple[str, str, int], ...], int]]:
    """Per class: (nonconforming units, (code, label, units) behind them, units outside).

    A numbered unit counts once per class however many defects of that class it has; a
    finding without a unit number counts `count` distinct units.
    """
    numbered: dict[str, set[int]] = {name: set() for name in CLASSES}
    anonymous: dict[str, int] = dict.fromkeys(CLASSES, 0)
    outside: dict[str, set[int]] = {name: set() for name in CLASSES}
    code_units: dict[str, dict[str, set[int]]] = {name: {} for name in CLASSES}
    code_counts: dict[str, dict[str, int]] = {name: {} for name in CLASSES}
    labels: dict[str, str] = {}
    for finding in findings:
        cls = finding.defect_class
        class_plan = plan.for_class(cls)
        limit = class_plan.sample_size if class_plan else plan.sample_size
        labels.setdefault(finding.code, finding.label)
        if finding.unit is not None:
            if finding.unit > limit:
                outside[cls].add(finding.unit)
                continue
            numbered[cls].add(finding.unit)
            code_units[cls].setdefault(finding.code, set()).add(finding.unit)
        else:
            anonymous[cls] += finding.count
            code_counts[cls][finding.code] = code_counts[cls].get(finding.code, 0) + finding.count
    result = {}
    for cls in CLASSES:
        codes: dict[str, int] = {}
        for code, units in code_units[cls].items():
            codes[code] = codes.get(code, 0) + len(units)
        for code, n in code_counts[cls].items():
            codes[code] = codes.get(code, 0) + n
        ordered = tuple(
            (code, labels.get(code, ""), n)
            for code, n in sorted(codes.items(), key=lambda item: (-item[1], item[0]))
        )
        result[cls] = (len(numbered[cls]) + anonymous[cls], ordered, len(outside[cls]))
    return result


# --------------------------------------------------------------------------- the verdict


@dataclass(frozen=True, slots=True)
class Reason:
    """One line of the verdict's explanation."""

    code: str  # class_accepted, class_rejected, checkpoint_failed, checkpoint_pending, …
    text: str  # in English; pages translate from code and params
    passed: bool | None  # True: fine; False: makes the verdict fail; None: makes it pending
    params: Mapping[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "text": self.text, "passed": self.passed, **self.params}


@dataclass(frozen=True, slots=True)
class VerdictResult:
    outcome: Outcome
    classes: tuple[ClassCount, ...]
    reasons: tuple[Reason, ...]

    @property
    def nonconforming(self) -> dict[str, int]:
        return {c.name: c.nonconforming for c in self.classes}

    def as_dict(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "classes": [c.as_dict() for c in self.classes],
            "reasons": [r.as_dict() for r in self.reasons],
        }


def _units(n: int) -> str:
    return "1 nonconforming unit" if n == 1 else f"{n} nonconforming units"


def _class_reason(count: ClassCount) -> Reason:
    label = count.name.capitalize()
    params = {
        "class": count.name,
        "nonconforming": count.nonconforming,
        "sample_size": count.sample_size,
        "accept": count.accept,
        "reject": count.reject,
    }
    if count.zero_acceptance:
        if count.accepted:
            text = f"{label}: none found in the sample of {count.sample_size}."
        else:
            text = (
                f"{label}: {_units(count.nonconforming)} in the sample of {count.sample_size}; "
                "none is accepted."
            )
    elif count.accepted:
        text = (
            f"{label}: {_units(count.nonconforming)} in a sample of {count.sample_size}; "
            f"accepted up to {count.accept} (Ac {count.accept}, Re {count.reject})."
        )
    else:
        text = (
            f"{label}: {_units(count.nonconforming)} in a sample of {count.sample_size} "
            f"reaches the rejection number {count.reject} (Ac {count.accept}): not accepted."
        )
    code = "class_accepted" if count.accepted else "class_rejected"
    return Reason(code, text, count.accepted, params)


def compute_verdict(
    plan: PlanSnapshot,
    findings: Sequence[Finding],
    checkpoints: Sequence[CheckpointOutcome],
) -> VerdictResult:
    """Pass, fail or pending, with every reason (see the module docstring)."""
    all_findings = [*findings, *measurement_findings(checkpoints)]
    counted = count_nonconforming(plan, all_findings)
    classes: list[ClassCount] = []
    reasons: list[Reason] = []
    for class_plan in plan.classes:
        n, codes, outside = counted.get(class_plan.name, (0, (), 0))
        verdict = judge(plan.judging_plan(class_plan.name), n)
        count = ClassCount(
            name=class_plan.name,
            nonconforming=n,
            sample_size=class_plan.sample_size,
            accept=class_plan.accept,
            reject=class_plan.reject,
            accepted=verdict.accepted,
            zero_acceptance=class_plan.zero_acceptance,
            aql=class_plan.aql,
            codes=codes,
            outside_sample=outside,
        )
        classes.append(count)
        reasons.append(_class_reason(count))
        if outside:
            reasons.append(
                Reason(
                    "units_outside_class_sample",
                    f"{class_plan.name.capitalize()}: {outside} numbered unit(s) beyond the "
                    f"first {class_plan.sample_size} of the sample are not counted for this "
                    "class.",
                    True,
                    {
                        "class": class_plan.name,
                        "units": outside,
                        "sample_size": class_plan.sample_size,
                    },
                )
            )
    for checkpoint in checkpoints:
        params = {"checkpoint": checkpoint.key, "title": checkpoint.title}
        if checkpoint.status == CHECK_FAIL:
            reasons.append(
                Reason(
                    "checkpoint_failed", f"Checkpoint '{checkpoint.title}' failed.", False, params
                )
            )
        elif checkpoint.status == NEEDS_DECISION:
            reasons.append(
                Reason(
                    "checkpoint_needs_decision",
                    f"Checkpoint '{checkpoint.title}' needs the operator's decision.",
                    None,
                    params,
                )
            )
        elif checkpoint.status == NOT_CHECKED:
            reasons.append(
                Reason(
                    "checkpoint_not_checked",
                    f"Checkpoint '{checkpoint.title}' has not been checked yet.",
                    None,
                    params,
                )
            )
    if any(r.passed is False for r in reasons):
        outcome: Outcome = FAIL
    elif any(r.passed is None for r in reasons):
        outcome = PENDING
    else:
        outcome = PASS
    return VerdictResult(outcome=outcome, classes=tuple(classes), reasons=tuple(reasons))
