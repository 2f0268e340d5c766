"""The switching rules of ISO 2859-1:1999 clause 9, against hand-worked lot sequences.

All lots are 1000 items at level II, so Table I gives code letter J throughout. The plans
used (from the master tables; checked cell by cell in test_master_tables.py):

* AQL 1.0  normal J: n=80, Ac 2, Re 3; one step tighter (0.65) J: Ac 1 -> +3 needs d <= 1
* AQL 1.0  tightened J: n=80, Ac 1, Re 2
* AQL 1.0  reduced J (ISO): n=32, Ac 1, Re 2; (Z1.4): n=32, Ac 1, Re 3
* AQL 0.65 normal J: n=80, Ac 1, Re 2 -> +2 for every accepted lot
"""

from __future__ import annotations

import pytest

from sourceproof.sampling.aql import SamplingError
from sourceproof.sampling.plans import plan
from sourceproof.sampling.switching import (
    NORMAL_START,
    Lot,
    LotResult,
    SwitchingState,
    next_state,
    plan_for_state,
    resume,
    run_stream,
)


def _run(
    counts: list[int], aql: str = "1.0", reduced_allowed: bool = False
) -> list[tuple[str, bool | None, int, str]]:
    lots = [(1000, d) for d in counts]
    return [
        (o.inspection, o.accepted, o.switching_score, o.next_inspection)
        for o in run_stream(lots, aql, "II", reduced_allowed=reduced_allowed)
    ]


class TestNormalAndTightened:
    def test_it_tightens_after_two_lots_not_accepted_within_five(self) -> None:
        assert _run([3, 0, 0, 0, 3]) == [
            ("normal", False, 0, "normal"),
            ("normal", True, 3, "normal"),
            ("normal", True, 6, "normal"),
            ("normal", True, 9, "normal"),
            ("normal", False, 0, "tightened"),
        ]

    def test_it_stays_normal_when_the_two_are_six_lots_apart(self) -> None:
        outcomes = _run([3, 0, 0, 0, 0, 3])
        assert [o[3] for o in outcomes] == ["normal"] * 6
        assert outcomes[-1] == ("normal", False, 0, "normal")

    def test_it_tightens_after_two_consecutive_lots_not_accepted(self) -> None:
        assert [o[3] for o in _run([3, 3])] == ["normal", "tightened"]

    def test_it_returns_to_normal_after_five_consecutive_accepted_on_tightened(self) -> None:
        outcomes = _run([3, 3, 0, 1, 0, 0, 0, 0])
        assert [o[0] for o in outcomes] == ["normal"] * 2 + ["tightened"] * 5 + ["normal"]
        assert outcomes[6] == ("tightened", True, 0, "normal")
        assert outcomes[7] == ("normal", True, 3, "normal")  # score starts again from 0

    def test_it_needs_five_accepted_in_a_row_on_tightened(self) -> None:
        # d = 2 is not accepted on tightened (Ac 1): the run of accepted lots restarts.
        outcomes = _run([3, 3, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0])
        assert [o[3] for o in outcomes[2:]] == ["tightened"] * 9 + ["normal"]


class TestSwitchingScore:
    def test_it_adds_three_when_ac_is_two_or_more_and_the_tighter_plan_accepts(self) -> None:
        assert [o[2] for o in _run([1, 0, 2, 0])] == [3, 6, 0, 3]  # d=2: accepted, not at 0.65

    def test_it_resets_when_a_lot_is_not_accepted(self) -> None:
        assert [o[2] for o in _run([0, 0, 3, 0])] == [3, 6, 0, 3]

    def test_it_adds_two_when_ac_is_zero_or_one_and_the_lot_is_accepted(self) -> None:
        assert [o[2] for o in _run([0, 1, 0, 2, 1], aql="0.65")] == [2, 4, 6, 0, 2]

    def test_it_judges_one_step_tighter_in_the_row_of_the_plan_used(self) -> None:
        # Lot 100 at level II is letter F; at AQL 100 the cell is an up arrow to E:
        # n = 13, Ac 21. One step tighter (AQL 65) in row E is Ac 14 on the same 13 items.
        used = plan(100, "100")
        assert (used.code_letter, used.plan_code_letter, used.sample_size, used.accept) == (
            "F",
            "E",
            13,
            21,
        )
        after_14 = next_state(NORMAL_START, LotResult(used, 14))
        after_15 = next_state(NORMAL_START, LotResult(used, 15))
        assert (after_14.switching_score, after_15.switching_score) == (3, 0)


class TestReduced:
    def test_it_switches_to_reduced_when_the_score_reaches_30_and_it_is_allowed(self) -> None:
        outcomes = _run([0] * 12, reduced_allowed=True)
        assert [o[2] for o in outcomes[:10]] == [3, 6, 9, 12, 15, 18, 21, 24, 27, 30]
        assert outcomes[9][3] == "reduced"
        assert outcomes[10][0] == "reduced"

    def test_it_stays_normal_at_30_when_reduced_inspection_is_not_allowed(self) -> None:
        outcomes = _run([0] * 12)
        assert [o[3] for o in outcomes] == ["normal"] * 12
        assert outcomes[-1][2] == 36

    def test_it_reaches_30_after_fifteen_lots_when_ac_is_one(self) -> None:
        outcomes = _run([0] * 15, aql="0.65", reduced_allowed=True)
        assert [o[3] for o in outcomes] == ["normal"] * 14 + ["reduced"]

    def test_it_returns_to_normal_when_a_lot_is_not_accepted_on_reduced(self) -> None:
        outcomes = run_stream(
            [(1000, 0)] * 10 + [(1000, 1), (1000, 2), (1000, 0)], "1.0", reduced_allowed=True
        )
        reduced = outcomes[10]
        assert (reduced.inspection, reduced.sample_size) == ("reduced", 32)
        assert (reduced.accept, reduced.reject) == (1, 2)
        assert (reduced.accepted, reduced.next_inspection) == (True, "reduced")
        assert (outcomes[11].accepted, outcomes[11].next_inspection) == (False, "normal")
        assert (outcomes[12].inspection, outcomes[12].switching_score) == ("normal", 3)

    def test_it_reinstates_normal_for_a_z1_4_result_between_ac_and_re(self) -> None:
        reduced = SwitchingState(inspection="reduced", switching_score=30)
        used = plan(1000, "1.0", inspection="reduced", edition="z1.4")  # J reduced: 32, 1/3
        assert (used.accept, used.reject) == (1, 3)
        assert next_state(reduced, LotResult(used, 1)) == reduced
        assert next_state(reduced, LotResult(used, 2)).inspection == "normal"


class TestDiscontinuation:
    def test_it_discontinues_after_five_lots_not_accepted_on_tightened_in_total(self) -> None:
        # two to tighten, then on tightened: 5 not accepted (d=2) among 7, then 2 more lots
        counts = [3, 3, 2, 0, 2, 0, 2, 2, 2, 0, 9]
        outcomes = _run(counts)
        assert [o[3] for o in outcomes[2:9]] == ["tightened"] * 6 + ["discontinued"]
        for after in outcomes[9:]:
            assert after == ("discontinued", None, 0, "discontinued")

    def test_it_resumes_on_tightened_inspection(self) -> None:
        lots = [Lot(1000, d) for d in [3, 3, 2, 2, 2, 2, 2, 0]] + [Lot(1000, 0, resume=True)]
        outcomes = run_stream(lots, "1.0")
        assert outcomes[6].next_inspection == "discontinued"
        assert outcomes[7].inspection == "discontinued"
        assert (outcomes[8].inspection, outcomes[8].accepted) == ("tightened", True)

    def test_it_refuses_to_judge_or_plan_a_discontinued_stream(self) -> None:
        stopped = SwitchingState(inspection="discontinued", tightened_not_accepted=5)
        with pytest.raises(SamplingError, match="discontinued"):
            plan_for_state(stopped, 1000, "1.0")
        with pytest.raises(SamplingError, match="discontinued"):
            next_state(stopped, LotResult(plan(1000, "1.0", inspection="tightened"), 0))
        assert resume(stopped).inspection == "tightened"
        with pytest.raises(SamplingError, match="only a discontinued stream"):
            resume(NORMAL_START)


class TestState:
    def test_it_keeps_the_inspection_level_whatever_the_severity(self) -> None:
        outcomes = run_stream([(1000, 3)] * 2 + [(1000, 0)] * 5, "1.0", "III")
        assert {o.code_letter for o in outcomes} == {"K"}

    def test_it_advances_one_lot_at_a_time_exactly_as_the_runner_does(self) -> None:
        counts = [0, 3, 0, 3, 0, 0, 1, 0, 0, 0] + [0] * 12 + [3, 0]
        state = NORMAL_START
        for outcome, d in zip(
            run_stream([(1000, d) for d in counts], "1.0", reduced_allowed=True),
            counts,
            strict=True,
        ):
            used = plan_for_state(state, 1000, "1.0")
            assert (outcome.inspection, outcome.sample_size) == (state.inspection, used.sample_size)
            state = next_state(state, LotResult(used, d), reduced_allowed=True)
            assert (outcome.next_inspection, outcome.switching_score) == (
                state.inspection,
                state.switching_score,
            )
            state = SwitchingState.from_dict(state.as_dict())  # as the app stores it

    def test_it_refuses_a_lot_judged_on_another_severity(self) -> None:
        with pytest.raises(SamplingError, match="tightened inspection but the stream is on normal"):
            next_state(NORMAL_START, LotResult(plan(1000, "1.0", inspection="tightened"), 0))

    def test_it_refuses_a_stored_state_it_does_not_know(self) -> None:
        with pytest.raises(SamplingError):
            SwitchingState.from_dict({"inspection": "skip-lot"})
        with pytest.raises(SamplingError):
            SwitchingState.from_dict({"inspection": "normal", "switching_score": -3})
