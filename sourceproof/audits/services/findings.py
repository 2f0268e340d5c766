"""Writes to findings: enter, edit, confirm a draft, withdraw. A recorded non-compliance gets
its corrective action at once. Each write records itself in the change log."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from sourceproof.accounts.models import Role
from sourceproof.audits.access import AuditAction, require_audit
from sourceproof.audits.models import (
    ACTION_OPEN_STATUSES,
    SMETA_7_ONLY_TYPES,
    SMETA_STANDARDS,
    TWO_PILLARS,
    ActionStatus,
    AppliedStandard,
    Audit,
    AuditStandard,
    CorrectiveAction,
    Finding,
    FindingSource,
    FindingStatus,
    FindingType,
    StepKind,
)
from sourceproof.audits.services.actions import action_create_for, action_default_due_date
from sourceproof.audits.services.audits import FINISHED
from sourceproof.audits.services.common import check_fields, created, step_record, validate
from sourceproof.core.changelog import diff, record_change, snapshot
from sourceproof.core.models import ChangeAction

if TYPE_CHECKING:
    from sourceproof.accounts.models import User

FINDING_FIELDS = (
    "finding_type",
    "pillar",
    "clause",
    "severity",
    "title",
    "evidence",
    "local_law_reference",
    "applied_standard",
    "rule_code",
    "period_start",
    "period_end",
)
_SNAPSHOT_FIELDS = (*FINDING_FIELDS, "status")


def _may_edit(audit: Audit, by: User) -> None:
    require_audit(by, AuditAction.EDIT_FINDINGS)
    if by.role == Role.AUDITOR and audit.audit_firm_id != by.organisation_id:
        raise ValidationError(_("Only the audit firm of this audit may enter its findings."))
    if audit.status in FINISHED:
        raise ValidationError(
            _("The findings of a %(status)s audit cannot change.")
            % {"status": audit.get_status_display()}
        )


def _normalise(fields: dict[str, Any]) -> dict[str, Any]:
    out = dict(fields)
    for name in ("title", "evidence", "local_law_reference", "rule_code"):
        if isinstance(out.get(name), str):
            out[name] = out[name].strip()
    for name in ("severity", "local_law_reference", "rule_code", "evidence"):
        if name in out and out[name] is None:
            out[name] = ""
    if "applied_standard" in out and not out["applied_standard"]:
        out["applied_standard"] = AppliedStandard.BOTH
    return out


def finding_checks(finding: Finding, audit: Audit) -> list[Any]:
    """The rules a finding must meet beyond its fields (used by the import too)."""

    def severity() -> None:
        if finding.finding_type == FindingType.NON_COMPLIANCE and not finding.severity:
            raise ValidationError(
                {"severity": _("A non-compliance needs a severity: critical, major or minor.")}
            )
        if finding.finding_type != FindingType.NON_COMPLIANCE and finding.severity:
            raise ValidationError({"severity": _("Only a non-compliance has a severity.")})

    def smeta_7_types() -> None:
        if finding.finding_type in SMETA_7_ONLY_TYPES and audit.standard != AuditStandard.SMETA_7_0:
            raise ValidationError(
                {
                    "finding_type": _("%(type)s findings exist only in SMETA 7.0 audits.")
                    % {"type": FindingType(finding.finding_type).label}
                }
            )

    def pillar() -> None:
        if (
            audit.standard in SMETA_STANDARDS
            and audit.pillars == 2
            and finding.pillar
            and finding.pillar not in TWO_PILLARS
        ):
            raise ValidationError(
                {"pillar": _("A 2-pillar audit covers labour standards and health & safety only.")}
            )

    def local_law() -> None:
        if (
            finding.applied_standard == AppliedStandard.LOCAL_LAW
            and not (finding.local_law_reference or "").strip()
        ):
            raise ValidationError(
                {"local_law_reference": _("Name the local law that applied (it was stricter).")}
            )

    def period() -> None:
        start, end = finding.period_start, finding.period_end
        if (start is None) != (end is None):
            raise ValidationError(
                {"period_end": _("Give both the first and the last day of the period, or neither.")}
            )
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            raise ValidationError(
                {"period_end": _("The period's last day cannot be before its first day.")}
            )

    return [severity, smeta_7_types, pillar, local_law, period]


def _validate(finding: Finding, audit: Audit) -> None:
    validate(
        finding,
        exclude=["audit", "number", "reference", "created_by"],
        checks=finding_checks(finding, audit),
    )


@transaction.atomic
def finding_create(
    *,
    audit: Audit,
    by: User,
    draft: bool = False,
    source: str = FindingSource.MANUAL,
    **fields: Any,
) -> Finding:
    """Enter a finding. Recorded at once unless `draft`; a recorded non-compliance gets its
    corrective action with the policy's default due date."""
    check_fields(fields, FINDING_FIELDS)
    locked = Audit.objects.select_for_update().get(pk=audit.pk)
    _may_edit(locked, by)
    finding = Finding(
        audit=locked,
        status=FindingStatus.DRAFT if draft else FindingStatus.RECORDED,
        source=source,
        created_by=by,
        **_normalise(fields),
    )
    _validate(finding, locked)
    number = (Finding.objects.filter(audit=locked).aggregate(n=Max("number"))["n"] or 0) + 1
    finding.number = number
    finding.reference = f"{locked.reference}-F{number:02d}"
    finding.save()
    record_change(
        obj=finding,
        actor=by,
        action=ChangeAction.CREATE,
        changes={
            "audit": [None, locked.reference],
            "source": [None, finding.source],
            **created(snapshot(finding, _SNAPSHOT_FIELDS)),
        },
    )
    if finding.status == FindingStatus.RECORDED and finding.is_non_compliance:
        action_create_for(finding=finding, by=by)
    return finding


def _action_of(finding: Finding) -> CorrectiveAction | None:
    return CorrectiveAction.objects.select_for_update().filter(finding=finding).first()


@transaction.atomic
def finding_update(*, finding: Finding, by: User, **fields: Any) -> Finding:
    """Change a finding that is not withdrawn, of an audit that is not closed.

    A non-compliance with a corrective action stays one (withdraw it and enter a new finding
    instead); a verified one keeps its severity. A new severity moves the action's default
    due date, unless the operator set the due date by hand.
    """
    check_fields(fields, FINDING_FIELDS)
    _may_edit(finding.audit, by)
    if finding.status == FindingStatus.WITHDRAWN:
        raise ValidationError(_("A withdrawn finding cannot be edited."))
    before = snapshot(finding, _SNAPSHOT_FIELDS)
    for name, value in _normalise(fields).items():
        setattr(finding, name, value)
    action = _action_of(finding)

    def keeps_its_action() -> None:
        if action is None:
            return
        if finding.finding_type != FindingType.NON_COMPLIANCE:
            raise ValidationError(
                {
                    "finding_type": _(
                        "This non-compliance has a corrective action; withdraw it and enter "
                        "a new finding instead."
                    )
                }
            )
        if action.status == ActionStatus.VERIFIED and finding.severity != before["severity"]:
            raise ValidationError(
                {"severity": _("The corrective action is verified; the severity stays.")}
            )

    validate(
        finding,
        exclude=["audit", "number", "reference", "created_by"],
        checks=[*finding_checks(finding, finding.audit), keeps_its_action],
    )
    changes = diff(before, snapshot(finding, _SNAPSHOT_FIELDS))
    if not changes:
        return finding
    finding.save()
    record_change(obj=finding, actor=by, action=ChangeAction.UPDATE, changes=changes)
    if action is None:
        if finding.status == FindingStatus.RECORDED and finding.is_non_compliance:
            action_create_for(finding=finding, by=by)
    elif (
        "severity" in changes
        and not action.due_date_overridden
        and action.status in ACTION_OPEN_STATUSES
    ):
        old_due = action.due_date
        action.due_date = action_default_due_date(severity=finding.severity, audit=finding.audit)
        if action.due_date != old_due:
            action.save(update_fields=["due_date", "updated_at"])
            comment = _("New severity %(severity)s: due date moved from %(old)s to %(new)s.") % {
                "severity": finding.get_severity_display(),
                "old": old_due.isoformat(),
                "new": action.due_date.isoformat(),
            }
            step_record(action=action, kind=StepKind.DUE_DATE_CHANGED, by=by, comment=comment)
            record_change(
                obj=action,
                actor=by,
                action=ChangeAction.UPDATE,
                changes={"due_date": [old_due, action.due_date]},
                summary=comment,
            )
    return finding


@transaction.atomic
def finding_confirm(*, finding: Finding, by: User) -> Finding:
    """Record a draft finding (e.g. one the wage-hours analyser proposed); a non-compliance
    gets its corrective action."""
    _may_edit(finding.audit, by)
    if finding.status != FindingStatus.DRAFT:
        raise ValidationError(_("Only a draft finding can be confirmed."))
    _validate(finding, finding.audit)
    finding.status = FindingStatus.RECORDED
    finding.save(update_fields=["status", "updated_at"])
    record_change(
        obj=finding,
        actor=by,
        action=ChangeAction.EVENT,
        changes={"status": [FindingStatus.DRAFT, FindingStatus.RECORDED]},
        summary=_("Draft finding confirmed."),
    )
    if finding.is_non_compliance and not CorrectiveAction.objects.filter(finding=finding).exists():
        action_create_for(finding=finding, by=by)
    return finding


@transaction.atomic
def finding_withdraw(*, finding: Finding, by: User, reason: str) -> Finding:
    """Withdraw a finding entered in error (with a reason). An unverified corrective action is
    cancelled with it; the history keeps both."""
    _may_edit(finding.audit, by)
    reason = reason.strip()
    if len(reason) < 5:
        raise ValidationError({"reason": _("Say why the finding is withdrawn.")})
    if finding.status == FindingStatus.WITHDRAWN:
        raise ValidationError(_("The finding is already withdrawn."))
    old = finding.status
    finding.status = FindingStatus.WITHDRAWN
    finding.save(update_fields=["status", "updated_at"])
    record_change(
        obj=finding,
        actor=by,
        action=ChangeAction.EVENT,
        changes={"status": [old, FindingStatus.WITHDRAWN]},
        summary=_("Withdrawn: %(reason)s") % {"reason": reason[:250]},
    )
    action = _action_of(finding)
    if action is not None and action.status in ACTION_OPEN_STATUSES:
        before = action.status
        action.status = ActionStatus.CANCELLED
        action.save(update_fields=["status", "updated_at"])
        step_record(
            action=action,
            kind=StepKind.CANCELLED,
            by=by,
            status_before=before,
            status_after=ActionStatus.CANCELLED,
            comment=reason,
        )
        record_change(
            obj=action,
            actor=by,
            action=ChangeAction.EVENT,
            changes={"status": [before, ActionStatus.CANCELLED]},
            summary=_("Cancelled: the finding was withdrawn."),
        )
    return finding
