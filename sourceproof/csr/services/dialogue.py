"""Writes for decisions (options, choice, approval), stakeholders, dialogues, follow-up actions
and the controls calendar. An approved decision is locked."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sourceproof.csr.access import CSR_TEAM
from sourceproof.csr.models import (
    Control,
    ControlResult,
    Decision,
    DecisionOption,
    DecisionStatus,
    Dialogue,
    FollowUpAction,
    FollowUpStatus,
    Stakeholder,
)
from sourceproof.csr.services.common import (
    ChangeAction,
    check_fields,
    check_owner,
    created,
    diff,
    locked_error,
    record_change,
    snapshot,
    validate,
)

if TYPE_CHECKING:
    from sourceproof.accounts.models import User

# --------------------------------------------------------------------------- decisions

DECISION_FIELDS = ("title", "context", "decided_on")
OPTION_FIELDS = (
    "label",
    "description",
    "economic_score",
    "economic_rationale",
    "social_score",
    "social_rationale",
    "environmental_score",
    "environmental_rationale",
)


def _next_reference(year: int) -> str:
    prefix = f"DEC-{year}-"
    last = (
        Decision.objects.filter(reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    return f"{prefix}{(int(last.rsplit('-', 1)[1]) + 1) if last else 1:03d}"


def _locked(decision: Decision) -> Decision:
    locked = Decision.objects.select_for_update().get(pk=decision.pk)
    if locked.is_locked:
        raise locked_error(_("Decision %(ref)s") % {"ref": locked.reference})
    return locked


@transaction.atomic
def decision_create(*, title: str, context: str, decided_on: dt.date, by: User | None) -> Decision:
    decision = Decision(title=title, context=context, decided_on=decided_on, created_by=by)
    validate(decision, exclude=["reference"])
    for _attempt in range(5):
        decision.reference = _next_reference(decided_on.year)
        try:
            with transaction.atomic():
                decision.save(force_insert=True)
        except IntegrityError:
            decision.pk = None
            continue
        break
    else:  # pragma: no cover - five races in a row
        raise ValidationError(_("Could not allocate a decision reference; try again."))
    record_change(
        obj=decision, actor=by, action=ChangeAction.CREATE, changes=created(snapshot(decision))
    )
    return decision


@transaction.atomic
def decision_update(*, decision: Decision, by: User | None, **fields: Any) -> Decision:
    check_fields(fields, DECISION_FIELDS)
    locked = _locked(decision)
    before = snapshot(locked, DECISION_FIELDS)
    for name, value in fields.items():
        setattr(locked, name, value)
    validate(locked)
    locked.save()
    record_change(
        obj=locked,
        actor=by,
        action=ChangeAction.UPDATE,
        changes=diff(before, snapshot(locked, DECISION_FIELDS)),
    )
    return locked


@transaction.atomic
def decision_option_add(*, decision: Decision, by: User | None, **fields: Any) -> DecisionOption:
    """An option considered, with a score from -2 to +2 and a rationale for each of the
    economic, social and environmental aspects."""
    check_fields(fields, OPTION_FIELDS)
    locked = _locked(decision)
    option = DecisionOption(decision=locked, **fields)
    validate(option)
    option.save()
    record_change(
        obj=option,
        actor=by,
        action=ChangeAction.CREATE,
        changes=created(snapshot(option)),
        summary=f"Option for {locked.reference}",
    )
    return option


@transaction.atomic
def decision_option_update(
    *, option: DecisionOption, by: User | None, **fields: Any
) -> DecisionOption:
    check_fields(fields, OPTION_FIELDS)
    _locked(option.decision)
    before = snapshot(option, OPTION_FIELDS)
    for name, value in fields.items():
        setattr(option, name, value)
    validate(option)
    option.save()
    record_change(
        obj=option,
        actor=by,
        action=ChangeAction.UPDATE,
        changes=diff(before, snapshot(option, OPTION_FIELDS)),
    )
    return option


@transaction.atomic
def decision_option_delete(*, option: DecisionOption, by: User | None) -> None:
    decision = _locked(option.decision)
    if decision.chosen_option_id == option.pk:
        decision.chosen_option = None
        decision.save(update_fields=["chosen_option", "updated_at"])
    record_change(
        obj=option,
        actor=by,
        action=ChangeAction.DELETE,
        summary=f"Option {option.label} of {decision.reference} removed",
    )
    option.delete()


@transaction.atomic
def decision_choose(*, decision: Decision, option: DecisionOption, by: User | None) -> Decision:
    locked = _locked(decision)
    if option.decision_id != locked.pk:
        raise ValidationError({"option": [_("That option belongs to another decision.")]})
    old = locked.chosen_option_id
    locked.chosen_option = option
    locked.save(update_fields=["chosen_option", "updated_at"])
    record_change(
        obj=locked,
        actor=by,
        action=ChangeAction.UPDATE,
        changes={"chosen_option_id": [old, option.pk]} if old != option.pk else {},
    )
    return locked


@transaction.atomic
def decision_approve(*, decision: Decision, by: User) -> Decision:
    """Approval by the CSR team (a CSR manager or an admin): needs at least two options
    considered and one chosen. The decision is locked afterwards."""
    if by is None or by.role not in CSR_TEAM:
        raise ValidationError(
            _("Only the CSR team (a CSR manager or an admin) approves decisions.")
        )
    locked = _locked(decision)
    problems = []
    if locked.options.count() < 2:
        problems.append(_("Consider at least two options (doing nothing can be one)."))
    if locked.chosen_option_id is None:
        problems.append(_("Choose an option first."))
    if problems:
        raise ValidationError(problems)
    locked.status = DecisionStatus.APPROVED
    locked.approved_by = by
    locked.approved_at = timezone.now()
    locked.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    record_change(
        obj=locked,
        actor=by,
        action=ChangeAction.EVENT,
        summary=f"{locked.reference} approved by the CSR team",
    )
    return locked


# --------------------------------------------------------------------------- stakeholders

STAKEHOLDER_FIELDS = (
    "name",
    "stakeholder_type",
    "contact_name",
    "contact_email",
    "interests",
    "is_active",
)
DIALOGUE_FIELDS = ("stakeholder", "topic", "held_on", "channel", "summary")


@transaction.atomic
def stakeholder_create(*, by: User | None, **fields: Any) -> Stakeholder:
    check_fields(fields, STAKEHOLDER_FIELDS)
    stakeholder = Stakeholder(**fields)
    validate(stakeholder)
    stakeholder.save()
    record_change(
        obj=stakeholder,
        actor=by,
        action=ChangeAction.CREATE,
        changes=created(snapshot(stakeholder)),
    )
    return stakeholder


@transaction.atomic
def stakeholder_update(*, stakeholder: Stakeholder, by: User | None, **fields: Any) -> Stakeholder:
    check_fields(fields, STAKEHOLDER_FIELDS)
    before = snapshot(stakeholder)
    for name, value in fields.items():
        setattr(stakeholder, name, value)
    validate(stakeholder)
    stakeholder.save()
    record_change(
        obj=stakeholder,
        actor=by,
        action=ChangeAction.UPDATE,
        changes=diff(before, snapshot(stakeholder)),
    )
    return stakeholder


@transaction.atomic
def dialogue_create(*, by: User | None, **fields: Any) -> Dialogue:
    check_fields(fields, DIALOGUE_FIELDS)
    dialogue = Dialogue(recorded_by=by, **fields)

    def not_in_future() -> None:
        if dialogue.held_on and dialogue.held_on > timezone.localdate():
            raise ValidationError({"held_on": [_("A dialogue is recorded after it took place.")]})

    validate(dialogue, checks=[not_in_future])
    dialogue.save()
    record_change(
        obj=dialogue, actor=by, action=ChangeAction.CREATE, changes=created(snapshot(dialogue))
    )
    return dialogue


@transaction.atomic
def dialogue_update(*, dialogue: Dialogue, by: User | None, **fields: Any) -> Dialogue:
    check_fields(fields, DIALOGUE_FIELDS)
    before = snapshot(dialogue)
    for name, value in fields.items():
        setattr(dialogue, name, value)
    validate(dialogue)
    dialogue.save()
    record_change(
        obj=dialogue, actor=by, action=ChangeAction.UPDATE, changes=diff(before, snapshot(dialogue))
    )
    return dialogue


@transaction.atomic
def follow_up_add(
    *, dialogue: Dialogue, description: str, owner: User, due_date: dt.date, by: User | None
) -> FollowUpAction:
    check_owner(owner)
    follow_up = FollowUpAction(
        dialogue=dialogue, description=description, owner=owner, due_date=due_date
    )
    validate(follow_up)
    follow_up.save()
    record_change(
        obj=follow_up, actor=by, action=ChangeAction.CREATE, changes=created(snapshot(follow_up))
    )
    return follow_up


@transaction.atomic
def follow_up_set_status(
    *, follow_up: FollowUpAction, status: str, by: User | None
) -> FollowUpAction:
    if status not in FollowUpStatus.values:
        raise ValidationError({"status": [_("Unknown status.")]})
    old = follow_up.status
    follow_up.status = status
    follow_up.completed_at = timezone.now() if status != FollowUpStatus.OPEN else None
    follow_up.save(update_fields=["status", "completed_at", "updated_at"])
    record_change(
        obj=follow_up,
        actor=by,
        action=ChangeAction.UPDATE,
        changes={"status": [old, status]} if old != status else {},
    )
    return follow_up


# --------------------------------------------------------------------------- controls

CONTROL_FIELDS = ("title", "method", "owner", "frequency_months", "first_due", "is_active")


@transaction.atomic
def control_create(*, by: User | None, **fields: Any) -> Control:
    check_fields(fields, CONTROL_FIELDS)
    check_owner(fields.get("owner"))
    control = Control(**fields)
    validate(control)
    control.save()
    record_change(
        obj=control, actor=by, action=ChangeAction.CREATE, changes=created(snapshot(control))
    )
    return control


@transaction.atomic
def control_update(*, control: Control, by: User | None, **fields: Any) -> Control:
    check_fields(fields, CONTROL_FIELDS)
    if "owner" in fields:
        check_owner(fields["owner"])
    before = snapshot(control, CONTROL_FIELDS)
    for name, value in fields.items():
        setattr(control, name, value)
    validate(control)
    control.save()
    record_change(
        obj=control,
        actor=by,
        action=ChangeAction.UPDATE,
        changes=diff(before, snapshot(control, CONTROL_FIELDS)),
    )
    return control


@transaction.atomic
def control_result_record(
    *, control: Control, performed_on: dt.date, outcome: str, notes: str = "", by: User | None
) -> ControlResult:
    """Record a run of a control; its next due date follows from the latest run."""
    result = ControlResult(
        control=control, performed_on=performed_on, outcome=outcome, notes=notes, performed_by=by
    )

    def not_in_future() -> None:
        if performed_on and performed_on > timezone.localdate():
            raise ValidationError({"performed_on": [_("A check is recorded after it was run.")]})

    validate(result, checks=[not_in_future])
    result.save()
    record_change(
        obj=result,
        actor=by,
        action=ChangeAction.CREATE,
        changes=created(snapshot(result)),
        summary=f"Control {control.title}: {outcome}",
    )
    return result
