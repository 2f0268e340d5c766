"""Writes for the yearly self-assessment. A submitted assessment is locked: its answers and
summary can no longer change. Improvement actions stay workable after submission (they are
what the assessment leads to); new ones can be added and their status moves."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sourceproof.csr.models import (
    ActionStatus,
    AssessmentAnswer,
    AssessmentQuestion,
    AssessmentStatus,
    CoreSubject,
    ImprovementAction,
    SelfAssessment,
)
from sourceproof.csr.services.common import (
    ChangeAction,
    check_fields,
    check_owner,
    checked_upload,
    created,
    diff,
    locked_error,
    record_change,
    snapshot,
    validate,
)

if TYPE_CHECKING:
    from sourceproof.accounts.models import User


def _lock_for_update(assessment: SelfAssessment) -> SelfAssessment:
    """Re-read the row under a lock, so a concurrent submit cannot slip past the check."""
    return SelfAssessment.objects.select_for_update().get(pk=assessment.pk)


def _refuse_if_locked(assessment: SelfAssessment) -> None:
    if assessment.is_locked:
        raise locked_error(_("The %(year)s self-assessment") % {"year": assessment.year})


@transaction.atomic
def assessment_start(*, year: int, by: User | None) -> SelfAssessment:
    """Open the year's assessment with one empty answer per active question."""
    if year < 2000 or year > timezone.localdate().year + 1:
        raise ValidationError({"year": [_("Choose a year from 2000 to next year.")]})
    if SelfAssessment.objects.filter(year=year).exists():
        raise ValidationError(
            {"year": [_("There is already an assessment for %(year)s.") % {"year": year}]}
        )
    try:
        with transaction.atomic():
            assessment = SelfAssessment.objects.create(year=year, created_by=by)
    except IntegrityError as exc:
        raise ValidationError(
            {"year": [_("There is already an assessment for %(year)s.") % {"year": year}]}
        ) from exc
    AssessmentAnswer.objects.bulk_create(
        AssessmentAnswer(assessment=assessment, question=q)
        for q in AssessmentQuestion.objects.filter(is_active=True)
    )
    record_change(
        obj=assessment,
        actor=by,
        action=ChangeAction.CREATE,
        summary=f"Self-assessment {year} started",
    )
    return assessment


@transaction.atomic
def answer_update(
    *,
    answer: AssessmentAnswer,
    by: User | None,
    maturity: int | None,
    evidence: str = "",
    upload: UploadedFile | None = None,
) -> AssessmentAnswer:
    """Record the maturity (0-4) and evidence of one question. Refused once submitted."""
    _refuse_if_locked(_lock_for_update(answer.assessment))
    before = snapshot(answer, ["maturity", "evidence", "evidence_sha256"])
    answer.maturity = maturity
    answer.evidence = evidence
    answer.answered_by = by
    validate(answer, exclude=["evidence_file", "assessment", "question"])
    if upload is not None:
        _kind, sha, name = checked_upload(upload, "evidence_file")
        upload.name = name
        answer.evidence_file = upload
        answer.evidence_sha256 = sha
    answer.save()
    record_change(
        obj=answer,
        actor=by,
        action=ChangeAction.UPDATE,
        changes=diff(before, snapshot(answer, ["maturity", "evidence", "evidence_sha256"])),
    )
    return answer


@transaction.atomic
def assessment_update(
    *, assessment: SelfAssessment, by: User | None, summary: str
) -> SelfAssessment:
    locked = _lock_for_update(assessment)
    _refuse_if_locked(locked)
    before = locked.summary
    locked.summary = summary
    locked.save(update_fields=["summary", "updated_at"])
    record_change(
        obj=locked,
        actor=by,
        action=ChangeAction.UPDATE,
        changes={"summary": [before, summary]} if before != summary else {},
    )
    assessment.summary = summary
    return locked


@transaction.atomic
def assessment_submit(*, assessment: SelfAssessment, by: User | None) -> SelfAssessment:
    """Lock the assessment. Every question must have a maturity first."""
    locked = _lock_for_update(assessment)
    _refuse_if_locked(locked)
    open_questions = locked.answers.filter(maturity__isnull=True).count()
    if open_questions:
        raise ValidationError(
            _("%(n)d question(s) have no maturity level yet; answer them before submitting.")
            % {"n": open_questions}
        )
    locked.status = AssessmentStatus.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.submitted_by = by
    locked.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    record_change(
        obj=locked,
        actor=by,
        action=ChangeAction.EVENT,
        summary=f"Self-assessment {locked.year} submitted and locked",
    )
    assessment.status, assessment.submitted_at = locked.status, locked.submitted_at
    assessment.submitted_by = by
    return locked


ACTION_FIELDS = ("title", "owner", "due_date", "status", "subject")


@transaction.atomic
def improvement_action_create(
    *,
    assessment: SelfAssessment,
    title: str,
    owner: User,
    due_date: dt.date,
    subject: CoreSubject | None = None,
    by: User | None,
) -> ImprovementAction:
    check_owner(owner)
    action = ImprovementAction(
        assessment=assessment, subject=subject, title=title, owner=owner, due_date=due_date
    )
    validate(action)
    action.save()
    record_change(
        obj=action, actor=by, action=ChangeAction.CREATE, changes=created(snapshot(action))
    )
    return action


@transaction.atomic
def improvement_action_update(
    *, action: ImprovementAction, by: User | None, **fields: Any
) -> ImprovementAction:
    check_fields(fields, ACTION_FIELDS)
    if "owner" in fields:
        check_owner(fields["owner"])
    before = snapshot(action)
    for name, value in fields.items():
        setattr(action, name, value)
    if action.status == ActionStatus.DONE and action.completed_at is None:
        action.completed_at = timezone.now()
    elif action.status != ActionStatus.DONE:
        action.completed_at = None
    validate(action)
    action.save()
    record_change(
        obj=action, actor=by, action=ChangeAction.UPDATE, changes=diff(before, snapshot(action))
    )
    return action
