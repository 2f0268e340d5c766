"""The switching rules of ISO 2859-1:1999, clause 9, one lot at a time.

The state of a stream of lots (one product, one class of nonconformity) is a small frozen
``SwitchingState``; ``next_state(state, lot_result)`` advances it by one lot inspected on
original inspection. The Django app stores the state per stream and calls the same
function the stream runner (``run_stream``) uses, so both always agree.

The rules (clause numbers of ISO 2859-1:1999):

* 9.2 -- start on normal inspection, switching score 0.
* 9.3.1 normal -> tightened: 2 lots not accepted among 5 or fewer consecutive lots.
* 9.3.2 tightened -> normal: 5 consecutive lots accepted.
* 9.3.3 normal -> reduced: switching score at least 30, production steady and reduced
  inspection approved by the responsible authority (the ``reduced_allowed`` input).
  Switching score (9.3.3.2, single sampling), updated after every normal lot:
  Ac >= 2: +3 if the lot would have been accepted had the AQL been one step tighter,
  otherwise reset to 0; Ac 0 or 1: +2 if the lot is accepted, otherwise reset to 0.
* 9.3.4 reduced -> normal: a lot not accepted (production becoming irregular is a fact
  outside the lot data: the caller starts a new normal stream for it).
* 9.4 discontinuation: the cumulative number of lots not accepted since tightened
  inspection began reaches 5. No lot is judged until the stream is resumed (``resume``),
  which restarts tightened inspection as if 9.3.1 had just been invoked.

"One step tighter" (9.3.3.2 a) 1)): the normal plan one AQL column to the left **in the
row of the plan actually used** (its plan code letter), applied to the same count of
nonconforming items. For a plan with Ac >= 2 that cell is always a plan of the same row,
so the tighter plan has the same sample size and the comparison is well defined. It is
also the plan at the next tighter AQL for the Table I code letter, except where the cell
was an upward arrow (e.g. letter F at AQL 100 uses E, n = 13): there the Table I letter's
own plan would have another sample size and could not judge the sample drawn.

The inspection level never changes with severity. Z1.4's own switching differences
(limit numbers of Table VIII instead of the switching score, 10 lots on tightened before
discontinuation in ANSI/ASQ Z1.4-2003) are not modelled: ``run_stream`` always uses the
ISO 2859-1 edition. ``next_state`` does honour a Z1.4 reduced plan's gap (a count between
Ac and Re accepts the lot and reinstates normal inspection) if given such a plan.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Final, Literal

from sourceproof.sampling.aql import Aql, AqlLike, SamplingError
from sourceproof.sampling.plans import (
    Edition,
    Plan,
    code_letter,
    judge,
    master_plan,
    plan,
)

StreamInspection = Literal["normal", "tightened", "reduced", "discontinued"]

_STREAM_INSPECTIONS: Final[dict[str, StreamInspection]] = {
    "normal": "normal",
    "tightened": "tightened",
    "reduced": "reduced",
    "discontinued": "discontinued",
}
SCORE_FOR_REDUCED: Final = 30
TIGHTENED_AFTER: Final = 2  # lots not accepted ...
TIGHTENED_WINDOW: Final = 5  # ... among this many consecutive normal lots
NORMAL_AFTER_ACCEPTED: Final = 5  # consecutive lots accepted on tightened
DISCONTINUE_AFTER: Final = 5  # lots not accepted, cumulative, on tightened


@dataclass(frozen=True, slots=True)
class SwitchingState:
    """Where a stream of lots stands. Plain values only, so it stores as JSON."""

    inspection: StreamInspection = "normal"
    switching_score: int = 0
    # Normal inspection: the verdicts (True = accepted) of the last lots since normal
    # inspection began, at most TIGHTENED_WINDOW - 1 of them, oldest first.
    recent_normal: tuple[bool, ...] = field(default=())
    # Tightened inspection: consecutive accepted lots, and lots not accepted in total.
    tightened_accepted_run: int = 0
    tightened_not_accepted: int = 0

    def as_dict(self) -> dict[str, object]:
        return {
            "inspection": self.inspection,
            "switching_score": self.switching_score,
            "recent_normal": list(self.recent_normal),
            "tightened_accepted_run": self.tightened_accepted_run,
            "tightened_not_accepted": self.tightened_not_accepted,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> SwitchingState:
        raw = data.get("inspection", "normal")
        inspection = _STREAM_INSPECTIONS.get(raw) if isinstance(raw, str) else None
        if inspection is None:
            raise SamplingError(f"unknown switching state {raw!r}")
        recent = data.get("recent_normal", [])
        if not isinstance(recent, list | tuple) or not all(isinstance(v, bool) for v in recent):
            raise SamplingError("switching state: recent_normal must be a list of true/false")

        def count(key: str) -> int:
            value = data.get(key, 0)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise SamplingError(f"switching state: {key} must be a whole number >= 0")
            return value

        return cls(
            inspection=inspection,
            switching_score=count("switching_score"),
            recent_normal=tuple(recent)[-(TIGHTENED_WINDOW - 1) :],
            tightened_accepted_run=count("tightened_accepted_run"),
            tightened_not_accepted=count("tightened_not_accepted"),
        )


NORMAL_START: Final = SwitchingState()
TIGHTENED_START: Final = SwitchingState(inspection="tightened")


@dataclass(frozen=True, slots=True)
class LotResult:
    """One lot on original inspection: the plan used and the count found in its sample."""

    plan: Plan
    nonconforming: int


def plan_for_state(
    state: SwitchingState,
    lot_size: int,
    aql: AqlLike,
    level: str = "II",
    edition: Edition = "iso2859-1",
) -> Plan:
    """The plan to use for the next lot of a stream in ``state``."""
    if state.inspection == "discontinued":
        raise SamplingError(
            "inspection is discontinued after 5 lots not accepted on tightened inspection; "
            "resume it once the supplier's corrective action is accepted"
        )
    return plan(lot_size, aql, level=level, inspection=state.inspection, edition=edition)


def _would_accept_one_step_tighter(lot: LotResult) -> bool:
    used = lot.plan
    tighter = used.aql.tighter
    if tighter is None:  # pragma: no cover - no plan with Ac >= 2 exists at AQL 0.010
        return lot.nonconforming <= used.accept
    other = master_plan(used.plan_code_letter, tighter, "normal", used.edition)
    return lot.nonconforming <= other.accept


def next_state(
    state: SwitchingState, lot: LotResult, *, reduced_allowed: bool = False
) -> SwitchingState:
    """Advance a stream by one lot judged on original inspection (ISO 2859-1:1999, 9)."""
    if state.inspection == "discontinued":
        raise SamplingError("inspection is discontinued; resume the stream before judging lots")
    if lot.plan.inspection != state.inspection:
        raise SamplingError(
            f"lot judged on {lot.plan.inspection} inspection but the stream is on "
            f"{state.inspection} inspection"
        )
    verdict = judge(lot.plan, lot.nonconforming)

    if state.inspection == "normal":
        window = (*state.recent_normal, verdict.accepted)[-TIGHTENED_WINDOW:]
        if window.count(False) >= TIGHTENED_AFTER:
            return TIGHTENED_START
        if not verdict.accepted:
            score = 0
        elif lot.plan.accept >= 2:
            score = state.switching_score + 3 if _would_accept_one_step_tighter(lot) else 0
        else:
            score = state.switching_score + 2
        if score >= SCORE_FOR_REDUCED and reduced_allowed:
            return SwitchingState(inspection="reduced", switching_score=score)
        return SwitchingState(
            inspection="normal",
            switching_score=score,
            recent_normal=window[-(TIGHTENED_WINDOW - 1) :],
        )

    if state.inspection == "tightened":
        if verdict.accepted:
            run = state.tightened_accepted_run + 1
            if run >= NORMAL_AFTER_ACCEPTED:
                return NORMAL_START
            return SwitchingState(
                inspection="tightened",
                tightened_accepted_run=run,
                tightened_not_accepted=state.tightened_not_accepted,
            )
        not_accepted = state.tightened_not_accepted + 1
        if not_accepted >= DISCONTINUE_AFTER:
            return SwitchingState(inspection="discontinued", tightened_not_accepted=not_accepted)
        return SwitchingState(inspection="tightened", tightened_not_accepted=not_accepted)

    # reduced
    if not verdict.accepted or verdict.reinstate_normal:
        return NORMAL_START
    return state


def resume(state: SwitchingState) -> SwitchingState:
    """Resume a discontinued stream: tightened inspection, as if 9.3.1 had been invoked."""
    if state.inspection != "discontinued":
        raise SamplingError(
            f"only a discontinued stream can be resumed; it is on {state.inspection}"
        )
    return TIGHTENED_START


# ---------------------------------------------------------------------------------------
# The stream runner.


@dataclass(frozen=True, slots=True)
class Lot:
    """A lot of a stream: its size, the nonconforming count found, and whether the
    stream is resumed (after discontinuation) just before it."""

    lot_size: int
    nonconforming: int
    resume: bool = False


@dataclass(frozen=True, slots=True)
class LotOutcome:
    """One lot of ``run_stream``: the JSON fields are a contract of ``aql stream``."""

    index: int  # from 1
    inspection: StreamInspection  # severity used for this lot, or "discontinued"
    code_letter: str  # Table I
    plan_code_letter: str | None
    sample_size: int | None
    accept: int | None
    reject: int | None
    full_inspection: bool | None
    nonconforming: int
    accepted: bool | None  # None when discontinued: no verdict
    switching_score: int  # after the lot
    next_inspection: StreamInspection

    def as_dict(self) -> dict[str, object]:
        return {
            "index": self.index,
            "inspection": self.inspection,
            "code_letter": self.code_letter,
            "plan_code_letter": self.plan_code_letter,
            "sample_size": self.sample_size,
            "accept": self.accept,
            "reject": self.reject,
            "full_inspection": self.full_inspection,
            "nonconforming": self.nonconforming,
            "accepted": self.accepted,
            "switching_score": self.switching_score,
            "next_inspection": self.next_inspection,
        }


def run_stream(
    lots: Iterable[Lot | tuple[int, int]],
    aql: AqlLike,
    level: str = "II",
    *,
    reduced_allowed: bool = False,
    state: SwitchingState = NORMAL_START,
) -> list[LotOutcome]:
    """Run the ISO 2859-1:1999 switching rules over lots given in production order."""
    parsed_aql = Aql.parse(aql)
    outcomes: list[LotOutcome] = []
    for index, item in enumerate(lots, start=1):
        lot = item if isinstance(item, Lot) else Lot(*item)
        if lot.resume:
            try:
                state = resume(state)
            except SamplingError as exc:
                raise SamplingError(f"lot {index}: {exc}") from None
        if state.inspection == "discontinued":
            if lot.nonconforming < 0:
                raise SamplingError(f"lot {index}: nonconforming count cannot be negative")
            outcomes.append(
                LotOutcome(
                    index=index,
                    inspection="discontinued",
                    code_letter=code_letter(lot.lot_size, level),
                    plan_code_letter=None,
                    sample_size=None,
                    accept=None,
                    reject=None,
                    full_inspection=None,
                    nonconforming=lot.nonconforming,
                    accepted=None,
                    switching_score=state.switching_score,
                    next_inspection="discontinued",
                )
            )
            continue
        try:
            used = plan_for_state(state, lot.lot_size, parsed_aql, level)
            verdict = judge(used, lot.nonconforming)
            after = next_state(
                state, LotResult(used, lot.nonconforming), reduced_allowed=reduced_allowed
            )
        except SamplingError as exc:
            raise SamplingError(f"lot {index}: {exc}") from None
        outcomes.append(
            LotOutcome(
                index=index,
                inspection=state.inspection,
                code_letter=used.code_letter,
                plan_code_letter=used.plan_code_letter,
                sample_size=used.sample_size,
                accept=used.accept,
                reject=used.reject,
                full_inspection=used.full_inspection,
                nonconforming=lot.nonconforming,
                accepted=verdict.accepted,
                switching_score=after.switching_score,
                next_inspection=after.inspection,
            )
        )
        state = after
    return outcomes
