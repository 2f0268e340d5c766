"""Writes to audits: create, edit, move status, upload the report. Each records itself in the
change log."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from sourceproof.accounts.models import Organisation, OrganisationKind, Role
from sourceproof.audits.access import AuditAction, require_audit
from sourceproof.audits.documents import check_report, sha256_of
from sourceproof.audits.models import (
    ACTION_OPEN_STATUSES,
    COMPLETED_AUDIT_STATUSES,
    SMETA_7_ONLY_TYPES,
    SMETA_STANDARDS,
    TWO_PILLARS,
    Audit,
    AuditStandard,
    AuditStatus,
    CorrectiveAction,
    Finding,
    FindingStatus,
)
from sourceproof.audits.services.common import check_fields, created, validate
from sourceproof.core.changelog import diff, record_change, snapshot
from sourceproof.core.models import ChangeAction

if TYPE_CHECKING:
    from sourceproof.accounts.models import User

AUDIT_REFERENCE_PREFIX = "AUD-"
AUDIT_FIELDS = (
    "facility",
    "standard",
    "pillars",
    "audit_type",
    "announcement",
    "audit_firm",
    "lead_auditor_name",
    "lead_auditor_apsca",
    "start_date",
    "end_date",
    "sedex_audit_reference",
    "bsci_grade",
    "summary",
)
_SNAPSHOT_FIELDS = tuple(f"{f}_id" if f in {"facility", "audit_firm"} else f for f in AUDIT_FIELDS)

# Which status may follow which. A past audit is recorded straight from draft to report
# received; a closed audit may be reopened (back to report received).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    AuditStatus.DRAFT: (
        AuditStatus.IN_PROGRESS,
        AuditStatus.REPORT_RECEIVED,
        AuditStatus.CANCELLED,
    ),
    AuditStatus.IN_PROGRESS: (AuditStatus.REPORT_RECEIVED, AuditStatus.CANCELLED),
    AuditStatus.REPORT_RECEIVED: (AuditStatus.CLOSED, AuditStatus.IN_PROGRESS),
    AuditStatus.CLOSED: (AuditStatus.REPORT_RECEIVED,),
    AuditStatus.CANCELLED: (),
}
FINISHED = (AuditStatus.CLOSED, AuditStatus.CANCELLED)


def audit_next_reference() -> str:
    """The next free public audit reference: AUD-00001, AUD-00002, …"""
    last = (
        Audit.objects.filter(reference__regex=r"^AUD-[0-9]+$")
        .annotate(reference_length=Length("reference"))
        .order_by("-reference_length", "-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last[len(AUDIT_REFERENCE_PREFIX) :]) + 1 if last else 1
    return f"{AUDIT_REFERENCE_PREFIX}{number:05d}"


def _normalise(fields: dict[str, Any]) -> dict[str, Any]:
    out = dict(fields)
    if isinstance(out.get("lead_auditor_apsca"), str):
        out["lead_auditor_apsca"] = re.sub(r"\s+", " ", out["lead_auditor_apsca"].strip().upper())
    if isinstance(out.get("sedex_audit_reference"), str):
        out["sedex_audit_reference"] = out["sedex_audit_reference"].strip().upper()
    for name in ("lead_auditor_name", "summary"):
        if isinstance(out.get(name), str):
            out[name] = out[name].strip()
    if out.get("bsci_grade") is None and "bsci_grade" in out:
        out["bsci_grade"] = ""
    if isinstance(out.get("bsci_grade"), str):
        out["bsci_grade"] = out["bsci_grade"].strip().upper()
    if out.get("pillars") in ("", 0):
        out["pillars"] = None
    return out


def _audit_checks(audit: Audit) -> list[Any]:
    def pillars() -> None:
        if audit.standard in SMETA_STANDARDS and audit.pillars not in (2, 4):
            raise ValidationError({"pillars": _("A SMETA audit covers 2 or 4 pillars.")})

    def grade() -> None:
        if audit.bsci_grade and audit.standard != AuditStandard.AMFORI_BSCI:
            raise ValidationError(
                {"bsci_grade": _("Only an amfori BSCI audit has a grade (A to E).")}
            )

    def dates() -> None:
        if (
            isinstance(audit.start_date, dt.date)
            and isinstance(audit.end_date, dt.date)
            and audit.end_date < audit.start_date
        ):
            raise ValidationError({"end_date": _("The last day cannot be before the first day.")})

    def firm() -> None:
        if audit.audit_firm_id is None:
            if audit.standard != AuditStandard.INTERNAL:
                raise ValidationError(
                    {"audit_firm": _("Name the audit firm (only an internal audit has none).")}
                )
            return
        kind = (
            Organisation.objects.filter(pk=audit.audit_firm_id)
            .values_list("kind", flat=True)
            .first()
        )
        if kind != OrganisationKind.AUDIT_FIRM:
            raise ValidationError(
                {"audit_firm": _("Choose an organisation that is an audit firm.")}
            )

    def completed_dates() -> None:
        if audit.status in COMPLETED_AUDIT_STATUSES:
            if audit.end_date is None:
                raise ValidationError({"end_date": _("An audit with a report needs its last day.")})
            if audit.end_date > timezone.localdate():
                raise ValidationError(
                    {"end_date": _("An audit with a report cannot end in the future.")}
                )

    return [pillars, grade, dates, firm, completed_dates]


def _findings_fit(audit: Audit) -> Any:
    """A changed standard or pillar count must still fit the audit's findings."""

    def check() -> None:
        if audit.pk is None:
            return
        findings = Finding.objects.filter(audit=audit).exclude(status=FindingStatus.WITHDRAWN)
        if (
            audit.standard != AuditStandard.SMETA_7_0
            and findings.filter(finding_type__in=SMETA_7_ONLY_TYPES).exists()
        ):
            raise ValidationError(
                {
                    "standard": _(
                        "This audit has SMETA 7.0 findings (collaborative action, "
                        "management-system assessment); it must stay SMETA 7.0."
                    )
                }
            )
        if (
            audit.standard in SMETA_STANDARDS
            and audit.pillars == 2
            and findings.exclude(pillar__in=TWO_PILLARS).exists()
        ):
            raise ValidationError(
                {
                    "pillars": _(
                        "This audit has environment or business-ethics findings; it must stay "
                        "a 4-pillar audit."
                    )
                }
            )

    return check


@transaction.atomic
def audit_create(*, by: User, **fields: Any) -> Audit:
    """Record an audit (status draft) of a facility."""
    require_audit(by, AuditAction.EDIT_AUDITS)
    check_fields(fields, AUDIT_FIELDS)
    audit = Audit(**_normalise(fields), status=AuditStatus.DRAFT, created_by=by)
    validate(
        audit,
        exclude=["reference", "report", "report_sha256", "created_by", "audit_firm"],
        checks=_audit_checks(audit),
    )
    for _attempt in range(5):
        audit.reference = audit_next_reference()
        try:
            with transaction.atomic():
                audit.save()
            break
        except IntegrityError:
            if Audit.objects.filter(reference=audit.reference).exists():
                audit.pk = None
                continue
            raise
    record_change(
        obj=audit,
        actor=by,
        action=ChangeAction.CREATE,
        changes={
            "reference": [None, audit.reference],
            **created(snapshot(audit, _SNAPSHOT_FIELDS)),
        },
    )
    return audit


@transaction.atomic
def audit_update(*, audit: Audit, by: User, **fields: Any) -> Audit:
    """Change an audit that is not closed or cancelled. Its facility cannot change once it has
    findings."""
    require_audit(by, AuditAction.EDIT_AUDITS)
    check_fields(fields, AUDIT_FIELDS)
    if audit.status in FINISHED:
        raise ValidationError(
            _("A %(status)s audit cannot be edited.") % {"status": audit.get_status_display()}
        )
    fields = _normalise(fields)
    before = snapshot(audit, _SNAPSHOT_FIELDS)
    for name, value in fields.items():
        setattr(audit, name, value)
    checks = [*_audit_checks(audit), _findings_fit(audit)]
    if "facility" in fields and before["facility_id"] != audit.facility_id:

        def facility_fixed() -> None:
            if Finding.objects.filter(audit=audit).exists():
                raise ValidationError(
                    {"facility": _("The facility of an audit with findings cannot change.")}
                )

        checks.append(facility_fixed)
    validate(
        audit,
        exclude=["reference", "report", "report_sha256", "created_by", "audit_firm"],
        checks=checks,
    )
    changes = diff(before, snapshot(audit, _SNAPSHOT_FIELDS))
    if changes:
        audit.save()
        record_change(obj=audit, actor=by, action=ChangeAction.UPDATE, changes=changes)
    return audit


@transaction.atomic
def audit_set_status(*, audit: Audit, status: str, by: User, comment: str = "") -> Audit:
    """Move an audit along: draft → in progress → report received → closed, or cancelled.

    Report received needs the last day (not in the future) and the report document; closing
    needs every finding confirmed or withdrawn and every corrective action verified.
    """
    require_audit(by, AuditAction.EDIT_AUDITS)
    locked = Audit.objects.select_for_update().get(pk=audit.pk)
    old = locked.status
    if status == old:
        return locked
    if status not in TRANSITIONS.get(old, ()):
        raise ValidationError(
            _("An audit cannot go from %(old)s to %(new)s.")
            % {"old": AuditStatus(old).label, "new": AuditStatus(status).label}
        )
    if status == AuditStatus.REPORT_RECEIVED and old != AuditStatus.CLOSED:
        problems = []
        if locked.end_date is None:
            problems.append(_("Enter the audit's last day first."))
        elif locked.end_date > timezone.localdate():
            problems.append(_("The audit's last day is in the future."))
        if not locked.report:
            problems.append(_("Upload the audit report first."))
        if problems:
            raise ValidationError(problems)
    if status == AuditStatus.CLOSED:
        drafts = Finding.objects.filter(audit=locked, status=FindingStatus.DRAFT).count()
        open_actions = CorrectiveAction.objects.filter(
            finding__audit=locked,
            finding__status=FindingStatus.RECORDED,
            status__in=ACTION_OPEN_STATUSES,
        ).count()
        problems = []
        if drafts:
            problems.append(
                _("%(n)s draft finding(s) must be confirmed or withdrawn first.") % {"n": drafts}
            )
        if open_actions:
            problems.append(
                _("%(n)s corrective action(s) are not verified yet.") % {"n": open_actions}
            )
        if problems:
            raise ValidationError(problems)
    locked.status = status
    locked.save(update_fields=["status", "updated_at"])
    record_change(
        obj=locked,
        actor=by,
        action=ChangeAction.EVENT,
        changes={"status": [old, status]},
        summary=comment.strip()[:300]
        or _("Status: %(old)s → %(new)s")
        % {"old": AuditStatus(old).label, "new": AuditStatus(status).label},
    )
    audit.status = status
    return locked


def _may_upload_report(audit: Audit, by: User) -> None:
    require_audit(by, AuditAction.UPLOAD_AUDIT_REPORT)
    if by.role == Role.AUDITOR and audit.audit_firm_id != by.organisation_id:
        raise ValidationError(_("Only the audit firm of this audit may upload its report."))
    if audit.status in FINISHED:
        raise ValidationError(
            _("The report of a %(status)s audit cannot be replaced.")
            % {"status": audit.get_status_display()}
        )


@transaction.atomic
def audit_report_upload(*, audit: Audit, document: UploadedFile, by: User) -> Audit:
    """Store the audit report (a PDF, checked by content and size) with its SHA-256. A new
    report replaces the old one in the record; the old file stays in storage so the change
    log's earlier SHA-256 can still be checked."""
    _may_upload_report(audit, by)
    try:
        check_report(document)
    except ValidationError as exc:
        raise ValidationError({"report": exc.messages}) from exc
    before = snapshot(audit, ("report", "report_sha256"))
    stem = slugify((document.name or "report").rsplit(".", 1)[0])[:60] or "report"
    document.name = f"{audit.reference}-{stem}.pdf"
    audit.report = document
    audit.report_sha256 = sha256_of(document)
    audit.report_uploaded_at = timezone.now()
    try:
        audit.save(update_fields=["report", "report_sha256", "report_uploaded_at", "updated_at"])
        record_change(
            obj=audit,
            actor=by,
            action=ChangeAction.UPDATE,
            changes=diff(before, snapshot(audit, ("report", "report_sha256"))),
            summary=_("Audit report uploaded."),
        )
    except Exception:
        if audit.report and audit.report.name:
            audit.report.storage.delete(audit.report.name)
        raise
    return audit
