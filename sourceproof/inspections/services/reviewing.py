"""Reviewing inspections (quality managers): decide open checkpoints, review (which counts
the lot in its sampling stream and advances the switching rules), override a verdict, and
resume a discontinued stream after the supplier's corrective action.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sourceproof.accounts.permissions import Action, require
from sourceproof.core.changelog import record_change
from sourceproof.core.models import ChangeAction
from sourceproof.inspections import evaluation
from sourceproof.inspections import verdict as pure
from sourceproof.inspections.models import (
    CheckpointResult,
    CheckpointStatus,
    Inspection,
    InspectionPolicy,
    InspectionStatus,
    OverrideVerdict,
    SamplingStream,
    StreamResumption,
    StreamSeverity,
    Verdict,
    VerdictOverride,
)
from sourceproof.inspections.services.common import (
    Registry,
    created,
    lock,
    refresh,
    run_after_commit,
    store_verdict,
)
from sourceproof.sampling import (
    LotResult,
    SamplingError,
    SwitchingState,
    next_state,
    plan,
    resume,
)

if TYPE_CHECKING:
    from sourceproof.accounts.models import User

OVERRIDE_REASON_MIN_LENGTH = 20
DECISION_NOTE_MIN_LENGTH = 10
CORRECTIVE_ACTION_MIN_LENGTH = 30

# Called after the review commits, with the inspection's id (e.g. the PDF report task).
ReviewHook = Callable[[int], None]
REVIEW_HOOKS: Registry[ReviewHook] = Registry()
register_review_hook = REVIEW_HOOKS.register
unregister_review_hook = REVIEW_HOOKS.unregister

# Called after an override changes the verdict of an inspection already reviewed (e.g. to tell
# the customer); not the review hooks, which would issue the report again.
VERDICT_CHANGE_HOOKS: Registry[ReviewHook] = Registry()
register_verdict_change_hook = VERDICT_CHANGE_HOOKS.register
unregister_verdict_change_hook = VERDICT_CHANGE_HOOKS.unregister


# --------------------------------------------------------------------------- decisions


@transaction.atomic
def checkpoint_result_decide(
    *, inspection: Inspection, key: str, status: str, note: str, by: User
) -> CheckpointResult:
    """Decide a checkpoint the inspector left to the operator ("needs decision"): pass or
    fail, with a written note. Only on a submitted inspection."""
    require(by, Action.REVIEW_INSPECTIONS)
    locked = lock(inspection)
    if locked.status != InspectionStatus.SUBMITTED:
        raise ValidationError(_("Open checkpoints are decided on a submitted inspection."))
    result = CheckpointResult.objects.select_for_update().filter(inspection=locked, key=key).first()
    if result is None:
        raise ValidationError(
            {
                "key": _("%(number)s has no checkpoint %(key)s.")
                % {"number": locked.report_number, "key": repr(key)}
            }
        )
    if result.status != CheckpointStatus.NEEDS_DECISION:
        raise ValidationError(
            _("'%(title)s' does not wait for a decision.") % {"title": result.title}
        )
    if status not in {CheckpointStatus.PASS, CheckpointStatus.FAIL}:
        raise ValidationError({"status": _("Decide pass or fail.")})
    note = (note or "").strip()
    if len(note) < DECISION_NOTE_MIN_LENGTH:
        raise ValidationError(
            {
                "note": _("Write down why, in at least %(min)s characters.")
                % {"min": DECISION_NOTE_MIN_LENGTH}
            }
        )
    result.status = status
    result.decided_by = by
    result.decided_at = timezone.now()
    result.decision_note = note
    result.save()
    record_change(
        obj=result,
        actor=by,
        action=ChangeAction.UPDATE,
        changes={
            "status": [CheckpointStatus.NEEDS_DECISION, status],
            "decision_note": [None, note],
        },
        summary=f"Decided '{result.title}': {status}",
    )
    store_verdict(locked, by=by)
    refresh(inspection, locked)
    return result


# --------------------------------------------------------------------------- switching


def lot_result_for_stream(
    *, plan_snapshot: pure.PlanSnapshot, accepted: bool, major_count: int, severity: str
) -> LotResult:
    """The lot as the switching rules see it.

    A stream has one set of switching rules, so one class governs it: **major** (the class
    with the main AQL). The lot counts as accepted only if the whole computed verdict passed
    (a rejected critical or minor class, or a failed checkpoint, makes a lot not accepted).
    The count given to the engine is the major count, raised to the rejection number when
    the lot was not accepted for another reason, and capped at the acceptance number when it
    was accepted. When the stream changed severity while this inspection ran (another lot of
    the stream was reviewed meanwhile), the lot is judged on the plan of the stream's current
    severity for the same lot size, level and AQL.
    """
    major = plan_snapshot.for_class(pure.MAJOR)
    assert major is not None and major.aql is not None
    if severity == plan_snapshot.inspection:
        used = plan_snapshot.judging_plan(pure.MAJOR)
    else:
        used = plan(
            plan_snapshot.lot_size,
            major.aql,
            level=plan_snapshot.level,
            inspection=severity,
            edition=plan_snapshot.edition,
        )
    count = max(major_count, used.reject) if not accepted else min(major_count, used.accept)
    return LotResult(plan=used, nonconforming=count)


def _advance_stream(locked: Inspection, by: User) -> tuple[dict[str, Any], dict[str, Any]]:
    assert locked.stream_id is not None, "a started inspection belongs to a stream"
    stream = SamplingStream.objects.select_for_update().get(pk=locked.stream_id)
    before_state = SwitchingState.from_dict(stream.state) if stream.state else SwitchingState()
    before = before_state.as_dict()
    if before_state.inspection == "discontinued":
        # Inspection was discontinued while this lot was being inspected: it is kept on
        # record but the stream stays discontinued until resumed.
        return before, before
    plan_snapshot = evaluation.plan_of(locked)
    assert plan_snapshot is not None
    lot = lot_result_for_stream(
        plan_snapshot=plan_snapshot,
        accepted=locked.computed_verdict == Verdict.PASS,
        major_count=int((locked.nonconforming or {}).get(pure.MAJOR, 0)),
        severity=before_state.inspection,
    )
    policy = InspectionPolicy.current()
    try:
        after_state = next_state(before_state, lot, reduced_allowed=policy.reduced_allowed)
    except SamplingError as error:
        raise ValidationError(str(error)) from None
    after = after_state.as_dict()
    old_severity = stream.severity
    stream.state = after
    stream.severity = StreamSeverity(after_state.inspection)
    stream.lots += 1
    if stream.severity == StreamSeverity.DISCONTINUED and old_severity != stream.severity:
        stream.discontinued_at = timezone.now()
    stream.save()
    summary = f"Lot {locked.report_number} ({'accepted' if locked.computed_verdict == Verdict.PASS else 'not accepted'})"
    if old_severity != stream.severity:
        summary += f": {old_severity} → {stream.severity} inspection"
    if stream.severity == StreamSeverity.DISCONTINUED and old_severity != stream.severity:
        summary += (
            "; the sourcing gate now blocks new orders for this facility and product category"
        )
    record_change(
        obj=stream,
        actor=by,
        action=ChangeAction.EVENT,
        changes={"severity": [old_severity, stream.severity], "state": [before, after]},
        summary=summary[:300],
    )
    return before, after


@transaction.atomic
def inspection_review(*, inspection: Inspection, by: User, note: str = "") -> Inspection:
    """Review a submitted inspection: its verdict must be pass or fail (decide the open
    checkpoints first). The lot then counts in its stream (facility x product category) and
    the switching rules move the stream's severity for the next inspection."""
    require(by, Action.REVIEW_INSPECTIONS)
    locked = lock(inspection)
    if locked.status != InspectionStatus.SUBMITTED:
        raise ValidationError(
            _("Only a submitted inspection can be reviewed; %(number)s is %(status)s.")
            % {"number": locked.report_number, "status": locked.get_status_display().lower()}
        )
    store_verdict(locked, by=by)
    if locked.computed_verdict == Verdict.PENDING:
        raise ValidationError(
            _("The verdict is pending: decide the checkpoints that wait for the operator first.")
        )
    before, after = _advance_stream(locked, by)
    locked.stream_before = before
    locked.stream_after = after
    locked.status = InspectionStatus.REVIEWED
    locked.reviewed_at = timezone.now()
    locked.reviewed_by = by
    locked.review_note = (note or "").strip()
    locked.save()
    record_change(
        obj=locked,
        actor=by,
        action=ChangeAction.EVENT,
        changes={
            "status": [InspectionStatus.SUBMITTED, InspectionStatus.REVIEWED],
            "final_verdict": [None, locked.final_verdict],
            "stream_severity": [before.get("inspection"), after.get("inspection")],
        },
        summary=f"Reviewed; verdict {locked.final_verdict}"
        + (f": {locked.review_note}" if locked.review_note else ""),
    )
    run_after_commit(REVIEW_HOOKS, locked.pk)
    refresh(inspection, locked)
    return inspection


# --------------------------------------------------------------------------- override


@transaction.atomic
def inspection_override(
    *, inspection: Inspection, verdict: str, reason: str, by: User
) -> VerdictOverride:
    """Override the verdict of a submitted or reviewed inspection, for a written reason.

    The computed verdict is never changed; the override, its author and moment are kept
    forever (a later override adds a row, the earlier one stays). The sampling stream keeps
    counting the computed verdict: an override is a decision about this lot, not a change
    of what the sample showed.
    """
    require(by, Action.OVERRIDE_VERDICT)
    locked = lock(inspection)
    if locked.status not in {InspectionStatus.SUBMITTED, InspectionStatus.REVIEWED}:
        raise ValidationError(_("A verdict is overridden once the inspection is submitted."))
    if verdict not in OverrideVerdict.values:
        raise ValidationError({"verdict": _("Override to pass or fail.")})
    reason = (reason or "").strip()
    if len(reason) < OVERRIDE_REASON_MIN_LENGTH:
        raise ValidationError(
            {
                "reason": _(
                    "Write down why the verdict is overridden, in at least %(min)s characters."
                )
                % {"min": OVERRIDE_REASON_MIN_LENGTH}
            }
        )
    if locked.computed_verdict == Verdict.PENDING:
        raise ValidationError(
            _("The verdict is pending: decide the checkpoints that wait for the operator first.")
        )
    current = locked.final_verdict
    if verdict == current:
        raise ValidationError(
            {
                "verdict": _("The verdict is already %(verdict)s.")
                % {"verdict": str(dict(Verdict.choices).get(current, current)).lower()}
            }
        )
    now = timezone.now()
    override = VerdictOverride.objects.create(
        inspection=locked,
        verdict=verdict,
        computed_verdict=locked.computed_verdict,
        reason=reason,
        by=by,
        at=now,
    )
    old = {
        "override_verdict": locked.override_verdict,
        "override_reason": locked.override_reason,
        "final_verdict": locked.final_verdict,
    }
    locked.override_verdict = verdict
    locked.override_reason = reason
    locked.override_by = by
    locked.override_at = now
    locked.final_verdict = verdict
    locked.save(
        update_fields=[
            "override_verdict",
            "override_reason",
            "override_by",
            "override_at",
            "final_verdict",
            "updated_at",
        ]
    )
    record_change(obj=override, actor=by, action=ChangeAction.CREATE, changes=created(override))
    record_change(
        obj=locked,
        actor=by,
        action=ChangeAction.EVENT,
        changes={
            "override_verdict": [old["override_verdict"], verdict],
            "override_reason": [old["override_reason"], reason],
            "final_verdict": [old["final_verdict"], verdict],
            "computed_verdict": [locked.computed_verdict, locked.computed_verdict],
        },
        summary=f"Verdict overridden: computed {locked.computed_verdict}, now {verdict}",
    )
    if locked.status == InspectionStatus.REVIEWED:
        run_after_commit(VERDICT_CHANGE_HOOKS, locked.pk)
    refresh(inspection, locked)
    return override


# --------------------------------------------------------------------------- resume a stream


@transaction.atomic
def stream_resume(
    *, stream: SamplingStream, corrective_action: str, by: User, reference: str = ""
) -> StreamResumption:
    """Record the supplier's corrective action and resume a discontinued stream on tightened
    inspection (ISO 2859-1, 9.4). This lifts the sourcing-gate rule for the facility and
    product category."""
    require(by, Action.RESUME_STREAM)
    locked = SamplingStream.objects.select_for_update().get(pk=stream.pk)
    if locked.severity != StreamSeverity.DISCONTINUED:
        raise ValidationError(
            _("Only a discontinued stream is resumed; this one is on %(severity)s inspection.")
            % {"severity": locked.get_severity_display().lower()}
        )
    corrective_action = (corrective_action or "").strip()
    if len(corrective_action) < CORRECTIVE_ACTION_MIN_LENGTH:
        raise ValidationError(
            {
                "corrective_action": _(
                    "Describe the supplier's corrective action, in at least %(min)s characters."
                )
                % {"min": CORRECTIVE_ACTION_MIN_LENGTH}
            }
        )
    before_state = SwitchingState.from_dict(locked.state) if locked.state else SwitchingState()
    try:
        after_state = resume(before_state)
    except SamplingError as error:
        raise ValidationError(str(error)) from None
    resumption = StreamResumption.objects.create(
        stream=locked,
        corrective_action=corrective_action,
        reference=reference.strip()[:100],
        resumed_by=by,
        state_before=before_state.as_dict(),
    )
    locked.state = after_state.as_dict()
    locked.severity = StreamSeverity(after_state.inspection)
    locked.save()
    record_change(obj=resumption, actor=by, action=ChangeAction.CREATE, changes=created(resumption))
    record_change(
        obj=locked,
        actor=by,
        action=ChangeAction.EVENT,
        changes={
            "severity": [StreamSeverity.DISCONTINUED, locked.severity],
            "state": [before_state.as_dict(), locked.state],
        },
        summary="Resumed on tightened inspection after corrective action"
        + (f" {resumption.reference}" if resumption.reference else ""),
    )
    stream.state = locked.state
    stream.severity = locked.severity
    return resumption
