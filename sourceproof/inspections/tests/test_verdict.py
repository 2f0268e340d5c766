"""The verdict, cell by cell against the sampling engine, without a database.

Every class is judged with the engine's `judge` on the class's own plan: a count at Ac
accepts, at Re rejects; the critical class has zero acceptance; a checkpoint left to the
operator makes the verdict pending; a measurement out of tolerance is a defect; units are
counted as ISO 2859-1 requires (a unit counts once per class).
"""

from __future__ import annotations

import ast
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sourceproof.inspections import verdict as v
from sourceproof.inspections.verdict import (
    CheckpointOutcome,
    Finding,
    Measurement,
    PlanSnapshot,
    build_plan,
    compute_verdict,
)
from sourceproof.sampling import Policy, judge, plans_for_classes

AQLS = {"critical": None, "major": "2.5", "minor": "4.0"}
LOTS = [2, 8, 15, 50, 90, 150, 280, 500, 1200, 3200, 10000, 35000, 150000, 500001]
SEVERITIES = ["normal", "tightened", "reduced"]


def plan_for(lot: int = 5000, severity: str = "normal", **aqls: str | None) -> PlanSnapshot:
    return build_plan(
        lot_size=lot,
        aqls={**AQLS, **aqls},
        level="II",
        inspection=severity,
        edition="iso2859-1",
    )


def majors(n: int) -> list[Finding]:
    return [Finding("major", "MAJ", count=n)] if n else []


def cls(result: v.VerdictResult, name: str) -> v.ClassCount:
    return next(c for c in result.classes if c.name == name)


# --------------------------------------------------------------------------- the plan


@pytest.mark.parametrize("severity", SEVERITIES)
@pytest.mark.parametrize("lot", LOTS)
def test_it_snapshots_the_engines_plan_for_every_class(lot: int, severity: str) -> None:
    engine = plans_for_classes(lot, AQLS, level="II", inspection=severity)
    plan = plan_for(lot, severity)
    assert plan.sample_size == engine.sample_size
    assert plan.inspection == severity
    assert [(c.name, c.sample_size, c.accept, c.reject) for c in plan.classes] == [
        (c.name, c.sample_size, c.accept, c.reject) for c in engine.classes
    ]
    critical = plan.for_class("critical")
    assert critical is not None
    assert (critical.accept, critical.reject, critical.zero_acceptance) == (0, 1, True)
    assert critical.sample_size == plan.sample_size


def test_it_round_trips_the_snapshot_through_json() -> None:
    plan = plan_for(3200, "tightened", major="1.0", minor="6.5")
    assert PlanSnapshot.from_dict(plan.as_dict()) == plan


def test_it_refuses_a_level_below_the_policy_minimum_as_the_engine_does() -> None:
    raised = build_plan(
        lot_size=1000,
        aqls=AQLS,
        level="I",
        inspection="normal",
        edition="iso2859-1",
        minimum_level="II",
    )
    assert raised.level == "II"


def test_it_gives_a_special_level_sample_for_a_test_checkpoint() -> None:
    n = v.special_level_sample_size(
        lot_size=5000, level="S-2", aql="2.5", inspection="normal", edition="iso2859-1"
    )
    engine = plans_for_classes(
        5000, {"major": "2.5"}, level="S-2", policy=Policy(allow_special_levels=True)
    )
    assert n == engine.sample_size
    assert n < plan_for(5000).sample_size


# --------------------------------------------------------------------------- counts at Ac and Re


@pytest.mark.parametrize("severity", SEVERITIES)
@pytest.mark.parametrize("lot", LOTS)
@pytest.mark.parametrize("name", ["major", "minor"])
def test_it_accepts_at_ac_and_rejects_at_re_like_the_engine(
    lot: int, severity: str, name: str
) -> None:
    plan = plan_for(lot, severity)
    class_plan = plan.for_class(name)
    assert class_plan is not None
    for count in {0, class_plan.accept, class_plan.reject, class_plan.reject + 1}:
        found = [Finding(name, "X", count=count)] if count else []
        result = compute_verdict(plan, found, [])
        engine = judge(plan.judging_plan(name), count)
        assert cls(result, name).nonconforming == count
        assert cls(result, name).accepted is engine.accepted
        assert result.outcome == ("pass" if engine.accepted else "fail")


def test_it_passes_at_ac_and_fails_at_re_with_the_numbers_in_the_reasons() -> None:
    plan = plan_for(5000)  # L, n = 200: major Ac 10 Re 11
    at_ac = compute_verdict(plan, majors(10), [])
    at_re = compute_verdict(plan, majors(11), [])
    assert at_ac.outcome == "pass"
    assert at_re.outcome == "fail"
    assert (
        "Major: 10 nonconforming units in a sample of 200; accepted up to 10 (Ac 10, Re 11)."
        in [r.text for r in at_ac.reasons]
    )
    assert (
        "Major: 11 nonconforming units in a sample of 200 reaches the rejection number 11 (Ac 10): "
        "not accepted." in [r.text for r in at_re.reasons]
    )


@pytest.mark.parametrize("lot", LOTS)
def test_it_accepts_no_critical_unit(lot: int) -> None:
    plan = plan_for(lot)
    none = compute_verdict(plan, [], [])
    one = compute_verdict(plan, [Finding("critical", "CRT")], [])
    assert none.outcome == "pass"
    assert one.outcome == "fail"
    assert cls(one, "critical").nonconforming == 1
    assert one.reasons[0].code == "class_rejected"


def test_it_fails_on_one_critical_even_when_majors_and_minors_pass() -> None:
    plan = plan_for(5000)
    result = compute_verdict(
        plan, [Finding("critical", "CRT", unit=4), *majors(3), Finding("minor", "MIN")], []
    )
    assert result.outcome == "fail"
    assert [c.accepted for c in result.classes] == [False, True, True]


# --------------------------------------------------------------------------- checkpoints


def checkpoint(status: str, kind: str = "visual", **extra: object) -> CheckpointOutcome:
    return CheckpointOutcome(key="c1", title="Drop test", kind=kind, status=status, **extra)  # type: ignore[arg-type]


def test_it_is_pending_while_a_checkpoint_needs_the_operators_decision() -> None:
    result = compute_verdict(plan_for(), [], [checkpoint("needs_decision")])
    assert result.outcome == "pending"
    assert result.reasons[-1].text == "Checkpoint 'Drop test' needs the operator's decision."
    assert result.reasons[-1].passed is None


def test_it_is_pending_while_a_checkpoint_is_not_checked() -> None:
    result = compute_verdict(plan_for(), [], [checkpoint("not_checked")])
    assert result.outcome == "pending"


def test_it_fails_on_a_failed_checkpoint_even_with_no_defects() -> None:
    result = compute_verdict(plan_for(), [], [checkpoint("fail")])
    assert result.outcome == "fail"
    assert result.reasons[-1].code == "checkpoint_failed"


def test_it_fails_rather_than_waits_when_a_class_is_rejected_and_a_checkpoint_is_open() -> None:
    result = compute_verdict(plan_for(), majors(11), [checkpoint("needs_decision")])
    assert result.outcome == "fail"


def test_it_passes_when_every_checkpoint_passes_and_every_class_is_accepted() -> None:
    result = compute_verdict(plan_for(), majors(2), [checkpoint("pass")])
    assert result.outcome == "pass"
    assert all(r.passed for r in result.reasons)


# --------------------------------------------------------------------------- measurements


def height(*values: tuple[int | None, str], status: str = "pass") -> CheckpointOutcome:
    return CheckpointOutcome(
        key="c2",
        title="Height",
        kind="measurement",
        status=status,
        nominal=Decimal("95"),
        tolerance=Decimal("1"),
        unit_label="mm",
        defect_class="major",
        measurements=tuple(Measurement(Decimal(value), unit) for unit, value in values),
    )


def test_it_counts_a_measurement_out_of_tolerance_as_a_defect_of_the_checkpoints_class() -> None:
    result = compute_verdict(plan_for(), [], [height((1, "95.0"), (2, "96.5"), (3, "93.9"))])
    major = cls(result, "major")
    assert major.nonconforming == 2
    assert major.codes == (("measurement:c2", "Height: 96.5 mm (nominal 95 ± 1)", 2),)


def test_it_keeps_a_value_exactly_at_the_tolerance_in() -> None:
    result = compute_verdict(plan_for(), [], [height((1, "96"), (2, "94"))])
    assert cls(result, "major").nonconforming == 0


def test_it_fails_the_lot_when_measurements_out_of_tolerance_reach_re() -> None:
    plan = plan_for(50)  # major: n = 5, Ac 0, Re 1
    result = compute_verdict(plan, [], [height((3, "99"))])
    assert result.outcome == "fail"
    assert cls(result, "major").nonconforming == 1


def test_it_counts_a_unit_out_of_tolerance_with_another_major_defect_once() -> None:
    result = compute_verdict(
        plan_for(), [Finding("major", "MAJ-PRINT", unit=2)], [height((2, "99"))]
    )
    assert cls(result, "major").nonconforming == 1


def test_it_counts_measurements_without_a_unit_number_as_distinct_units() -> None:
    result = compute_verdict(plan_for(), [], [height((None, "99"), (None, "90"))])
    assert cls(result, "major").nonconforming == 2


# --------------------------------------------------------------------------- unit counting


def test_it_counts_a_unit_with_two_majors_once() -> None:
    result = compute_verdict(
        plan_for(),
        [Finding("major", "MAJ-PRINT", unit=7), Finding("major", "MAJ-CRACK", unit=7)],
        [],
    )
    major = cls(result, "major")
    assert major.nonconforming == 1
    assert {code: n for code, _label, n in major.codes} == {"MAJ-PRINT": 1, "MAJ-CRACK": 1}


def test_it_counts_a_unit_with_a_major_and_a_minor_in_both_classes() -> None:
    result = compute_verdict(
        plan_for(), [Finding("major", "MAJ", unit=3), Finding("minor", "MIN", unit=3)], []
    )
    assert result.nonconforming == {"critical": 0, "major": 1, "minor": 1}


def test_it_adds_counts_without_unit_numbers_as_distinct_units() -> None:
    result = compute_verdict(
        plan_for(),
        [
            Finding("major", "A", count=3),
            Finding("major", "B", count=2),
            Finding("major", "A", unit=9),
        ],
        [],
    )
    major = cls(result, "major")
    assert major.nonconforming == 6
    assert major.codes[0] == ("A", "", 4)


def test_it_does_not_count_a_numbered_unit_beyond_the_classs_own_sample() -> None:
    plan = plan_for(50)  # common n = 13; major judged on the first 5, minor on all 13
    major_plan = plan.for_class("major")
    assert major_plan is not None and major_plan.sample_size == 5 and plan.sample_size == 13
    result = compute_verdict(
        plan, [Finding("major", "MAJ", unit=7), Finding("minor", "MIN", unit=7)], []
    )
    assert cls(result, "major").nonconforming == 0
    assert cls(result, "major").outside_sample == 1
    assert cls(result, "minor").nonconforming == 1
    assert result.outcome == "pass"
    assert any(r.code == "units_outside_class_sample" for r in result.reasons)


def test_it_refuses_impossible_findings() -> None:
    with pytest.raises(ValueError):
        Finding("major", "X", unit=0)
    with pytest.raises(ValueError):
        Finding("major", "X", unit=3, count=2)
    with pytest.raises(ValueError):
        Finding("serious", "X")


@settings(max_examples=200, deadline=None)
@given(
    lot=st.integers(min_value=2, max_value=600_000),
    severity=st.sampled_from(SEVERITIES),
    units=st.lists(
        st.tuples(st.sampled_from(["critical", "major", "minor"]), st.integers(1, 40)),
        max_size=40,
    ),
)
def test_it_agrees_with_the_engine_for_any_numbered_units(
    lot: int, severity: str, units: list[tuple[str, int]]
) -> None:
    plan = plan_for(lot, severity)
    findings = [Finding(c, f"{c}-{u % 3}", unit=u) for c, u in units if u <= plan.sample_size]
    result = compute_verdict(plan, findings, [])
    for class_plan in plan.classes:
        expected = len(
            {u for c, u in units if c == class_plan.name and u <= class_plan.sample_size}
        )
        assert cls(result, class_plan.name).nonconforming == expected
        assert (
            cls(result, class_plan.name).accepted
            is judge(plan.judging_plan(class_plan.name), expected).accepted
        )
    rejected = any(not c.accepted for c in result.classes)
    assert result.outcome == ("fail" if rejected else "pass")


def test_it_has_no_django_import() -> None:
    source = Path(v.__file__).read_text()
    modules = {
        node.module or ""
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ImportFrom)
    } | {
        alias.name
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert not any(m.startswith("django") for m in modules)
