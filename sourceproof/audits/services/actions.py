"""Writes to corrective actions: the supplier answers, uploads evidence and submits; the
operator verifies, sends back or notes progress, and may set the due date or the verification
method. Every step is kept (`CorrectiveActionStep`) and recorded in the change log.

    open ─┬─ submit ──▶ submitted ─┬─ verify ─────────▶ verified
          │                        ├─ send back ──────▶ sent back ──┐
          │                        └─ progress made ──▶ progress made ─┤
          └──────────────────────────────────── (submit again) ◀────┘
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from sourceproof.accounts.models import Role
from sourceproof.audits.access import AuditAction, require_audit
from sourceproof.audits.documents import check_evidence, sha256_of
from sourceproof.audits.models import (
    ACTION_OPEN_STATUSES,
    ACTION_TODO_STATUSES,
    ActionStatus,
    Audit,
    AuditPolicy,
    CorrectiveAction,
    CorrectiveActionEvidence,
    Finding,
    FindingStatus,
    Severity,
    StepKind,
    VerificationMethod,
)
from sourceproof.audits.services.common import step_record
from sourceproof.core.changelog import diff, record_change, snapshot
from sourceproof.core.models import ChangeAction

if TYPE_CHECKING:
    from sourceproof.accounts.models import User

COMMENT_MIN_LENGTH = 5
RESPONSE_FIELDS = ("root_cause", "action", "owner_name")


def action_default_due_date(
    *,
    severity: str,
    audit: Audit,
    policy: AuditPolicy | None = None,
    today: dt.date | None = None,
) -> dt.date:
    """The policy's days for the severity (critical 30, major 60, minor 90 by default), counted
    from the audit's last day, as SMETA counts them, or from today when the audit has no last
    day yet or it lies in the future."""
    policy = policy or AuditPolicy.current()
    today = today or timezone.localdate()
    days = {
        Severity.CRITICAL: policy.ca_days_critical,
        Severity.MAJOR: policy.ca_days_major,
        Severity.MINOR: policy.ca_days_minor,
    }[Severity(severity)]
    base = audit.end_date if audit.end_date is not None and audit.end_date <= today else today
    return base + dt.timedelta(days=days)


@transaction.atomic
def action_create_for(*, finding: Finding, by: User | None) -> CorrectiveAction:
    """The corrective action of a recorded non-compliance (called by the finding services)."""
    action = CorrectiveAction.objects.create(
        finding=finding,
        due_date=action_default_due_date(severity=finding.severity, audit=finding.audit),
        status=ActionStatus.OPEN,
    )
    step_record(action=action, kind=StepKind.CREATED, by=by, status_after=ActionStatus.OPEN)
    record_change(
        obj=action,
        actor=by,
        action=ChangeAction.CREATE,
        changes={
            "finding": [None, finding.reference],
            "due_date": [None, action.due_date],
            "status": [None, action.status],
            "verification_method": [None, action.verification_method],
        },
    )
    return action


def _lock(action: CorrectiveAction) -> CorrectiveAction:
    locked = (
        CorrectiveAction.objects.select_for_update()
        .select_related("finding", "finding__audit", "finding__audit__facility__supplier")
        .get(pk=action.pk)
    )
    return locked


def _may_respond(action: CorrectiveAction, by: User) -> None:
    """The supplier of the facility answers its actions, while they are its turn."""
    require_audit(by, AuditAction.RESPOND_ACTIONS)
    supplier = action.finding.audit.facility.supplier
    if by.role != Role.SUPPLIER_USER or supplier.organisation_id != by.organisation_id:
        raise ValidationError(_("Only the facility's supplier answers this corrective action."))
    if action.finding.status != FindingStatus.RECORDED:
        raise ValidationError(_("The finding of this action was withdrawn."))
    if action.status not in ACTION_TODO_STATUSES:
        raise ValidationError(
            _("The action is %(status)s; it cannot be changed now.")
            % {"status": action.get_status_display()}
        )


def _may_review(action: CorrectiveAction, by: User) -> None:
    require_audit(by, AuditAction.REVIEW_ACTIONS)
    if action.finding.status != FindingStatus.RECORDED:
        raise ValidationError(_("The finding of this action was withdrawn."))


def _comment(comment: str, *, required: bool) -> str:
    comment = comment.strip()
    if required and len(comment) < COMMENT_MIN_LENGTH:
        raise ValidationError({"comment": _("Write a comment for the supplier.")})
    return comment


def _move(
    action: CorrectiveAction, *, to: str, kind: str, by: User, comment: str, summary: str
) -> None:
    before = action.status
    action.status = to
    action.save()
    step_record(
        action=action,
        kind=kind,
        by=by,
        status_before=before,
        status_after=to,
        comment=comment,
    )
    record_change(
        obj=action,
        actor=by,
        action=ChangeAction.EVENT,
        changes={"status": [before, to]},
        summary=(f"{summary} {comment}".strip())[:300],
    )


@transaction.atomic
def action_respond(
    *, action: CorrectiveAction, by: User, root_cause: str, action_text: str, owner_name: str
) -> CorrectiveAction:
    """The supplier's answer: the root cause, the action, who owns it. Saved, not submitted."""
    locked = _lock(action)
    _may_respond(locked, by)
    before = snapshot(locked, RESPONSE_FIELDS)
    locked.root_cause = root_cause.strip()
    locked.action = action_text.strip()
    locked.owner_name = owner_name.strip()[:200]
    changes = diff(before, snapshot(locked, RESPONSE_FIELDS))
    if changes:
        locked.save(update_fields=[*RESPONSE_FIELDS, "updated_at"])
        step_record(action=locked, kind=StepKind.RESPONDED, by=by)
        record_change(obj=locked, actor=by, action=ChangeAction.UPDATE, changes=changes)
    return locked


@transaction.atomic
def action_evidence_add(
    *, action: CorrectiveAction, by: User, upload: UploadedFile, description: str = ""
) -> CorrectiveActionEvidence:
    """Add an evidence file (PDF, JPEG or PNG by content, within the size limit)."""
    locked = _lock(action)
    _may_respond(locked, by)
    try:
        kind = check_evidence(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    original = (upload.name or "evidence")[:200]
    stem = slugify(original.rsplit(".", 1)[0])[:50] or "evidence"
    size = upload.size or 0
    sha = sha256_of(upload)
    upload.name = f"{locked.finding.reference}-{stem}.{kind}"
    evidence = CorrectiveActionEvidence(
        corrective_action=locked,
        file=upload,
        kind=kind,
        original_name=original,
        size=size,
        sha256=sha,
        description=description.strip()[:300],
        uploaded_by=by,
    )
    try:
        evidence.save()
        step_record(
            action=locked, kind=StepKind.EVIDENCE_ADDED, by=by, comment=evidence.original_name
        )
        record_change(
            obj=locked,
            actor=by,
            action=ChangeAction.EVENT,
            changes={"evidence": [None, f"{evidence.original_name} sha256:{sha}"]},
            summary=_("Evidence added: %(name)s") % {"name": evidence.original_name},
        )
    except Exception:
        if evidence.file and evidence.file.name:
            evidence.file.storage.delete(evidence.file.name)
        raise
    return evidence


@transaction.atomic
def action_submit(*, action: CorrectiveAction, by: User, comment: str = "") -> CorrectiveAction:
    """The supplier submits the action for verification: root cause, action and owner filled
    in, and (for a desktop review) at least one evidence file."""
    locked = _lock(action)
    _may_respond(locked, by)
    errors: dict[str, list[str]] = {}
    if not locked.root_cause.strip():
        errors["root_cause"] = [_("Describe the root cause.")]
    if not locked.action.strip():
        errors["action"] = [_("Describe the action taken.")]
    if not locked.owner_name.strip():
        errors["owner_name"] = [_("Name who is responsible at your company.")]
    if (
        locked.verification_method == VerificationMethod.DESKTOP_REVIEW
        and not locked.evidence_files.exists()
    ):
        errors["file"] = [_("Upload at least one evidence file for the desktop review.")]
    if errors:
        raise ValidationError(errors)
    locked.submitted_at = timezone.now()
    _move(
        locked,
        to=ActionStatus.SUBMITTED,
        kind=StepKind.SUBMITTED,
        by=by,
        comment=_comment(comment, required=False),
        summary=_("Submitted for verification."),
    )
    return locked


@transaction.atomic
def action_verify(*, action: CorrectiveAction, by: User, comment: str = "") -> CorrectiveAction:
    """The operator's verdict: the action is done; the finding is closed.

    From submitted; or, when the method is a follow-up audit, from any open state with a
    comment naming the audit that verified it.
    """
    locked = _lock(action)
    _may_review(locked, by)
    follow_up = locked.verification_method == VerificationMethod.FOLLOW_UP_AUDIT
    if locked.status != ActionStatus.SUBMITTED and not (
        follow_up and locked.status in ACTION_TODO_STATUSES
    ):
        raise ValidationError(
            _("Only a submitted action can be verified; this one is %(status)s.")
            % {"status": locked.get_status_display()}
        )
    text = _comment(comment, required=locked.status != ActionStatus.SUBMITTED)
    locked.verified_at = timezone.now()
    locked.verified_by = by
    _move(
        locked,
        to=ActionStatus.VERIFIED,
        kind=StepKind.VERIFIED,
        by=by,
        comment=text,
        summary=_("Verified."),
    )
    return locked


@transaction.atomic
def action_send_back(*, action: CorrectiveAction, by: User, comment: str) -> CorrectiveAction:
    """The operator's verdict: not enough; the supplier must do more (the comment says what)."""
    locked = _lock(action)
    _may_review(locked, by)
    if locked.status != ActionStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted action can be sent back."))
    _move(
        locked,
        to=ActionStatus.SENT_BACK,
        kind=StepKind.SENT_BACK,
        by=by,
        comment=_comment(comment, required=True),
        summary=_("Sent back."),
    )
    return locked


@transaction.atomic
def action_progress_made(
    *,
    action: CorrectiveAction,
    by: User,
    comment: str,
    due_date: dt.date | None = None,
) -> CorrectiveAction:
    """The operator's verdict: real progress, not finished; optionally with a new due date."""
    locked = _lock(action)
    _may_review(locked, by)
    if locked.status != ActionStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted action can be marked as progress made."))
    text = _comment(comment, required=True)
    if due_date is not None and due_date != locked.due_date:
        _set_due_date(locked, by=by, due_date=due_date, reason=text)
    _move(
        locked,
        to=ActionStatus.PROGRESS_MADE,
        kind=StepKind.PROGRESS_MADE,
        by=by,
        comment=text,
        summary=_("Progress made."),
    )
    return locked


def _set_due_date(action: CorrectiveAction, *, by: User, due_date: dt.date, reason: str) -> None:
    if due_date < timezone.localdate() - dt.timedelta(days=366) or due_date > (
        timezone.localdate() + dt.timedelta(days=3 * 366)
    ):
        raise ValidationError({"due_date": _("Choose a due date within three years.")})
    old = action.due_date
    action.due_date = due_date
    action.due_date_overridden = True
    action.save(update_fields=["due_date", "due_date_overridden", "updated_at"])
    comment = _("Due date %(old)s → %(new)s: %(reason)s") % {
        "old": old.isoformat(),
        "new": due_date.isoformat(),
        "reason": reason,
    }
    step_record(action=action, kind=StepKind.DUE_DATE_CHANGED, by=by, comment=comment)
    record_change(
        obj=action,
        actor=by,
        action=ChangeAction.UPDATE,
        changes={"due_date": [old, due_date], "due_date_overridden": [False, True]},
        summary=_("Override: %(comment)s") % {"comment": comment},
    )


@transaction.atomic
def action_set_due_date(
    *, action: CorrectiveAction, by: User, due_date: dt.date, reason: str
) -> CorrectiveAction:
    """Override the policy's due date (with a reason, kept in the tamper-evident history)."""
    locked = _lock(action)
    _may_review(locked, by)
    if locked.status not in ACTION_OPEN_STATUSES:
        raise ValidationError(
            _("The action is %(status)s; its due date stays.")
            % {"status": locked.get_status_display()}
        )
    reason = _comment(reason, required=True)
    if due_date != locked.due_date:
        _set_due_date(locked, by=by, due_date=due_date, reason=reason)
    return locked


@transaction.atomic
def action_set_method(*, action: CorrectiveAction, by: User, method: str) -> CorrectiveAction:
    """Choose how the action will be verified: desktop review or follow-up audit."""
    locked = _lock(action)
    _may_review(locked, by)
    if method not in VerificationMethod.values:
        raise ValidationError({"verification_method": _("Choose a verification method.")})
    if locked.status not in ACTION_OPEN_STATUSES:
        raise ValidationError(_("A verified or cancelled action keeps its method."))
    old = locked.verification_method
    if old != method:
        locked.verification_method = method
        locked.save(update_fields=["verification_method", "updated_at"])
        step_record(
            action=locked,
            kind=StepKind.METHOD_CHANGED,
            by=by,
            comment=str(VerificationMethod(method).label),
        )
        record_change(
            obj=locked,
            actor=by,
            action=ChangeAction.UPDATE,
            changes={"verification_method": [old, method]},
        )
    return locked
