"""The audits API at /api/v1/audits: audits, findings, corrective actions, a facility's
compliance status and risk, and the audits-due list.

Same selectors and services as the pages: a row outside the caller's scope is a 404, a write
the caller's role may not make is a 404 too. A service's ValidationError is a 400 with the
messages by field; a malformed request is a 422.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from sourceproof.audits import importing, selectors, services
from sourceproof.audits.access import AuditAction, can_audit, require_audit
from sourceproof.audits.models import (
    Announcement,
    AppliedStandard,
    Audit,
    AuditStandard,
    AuditStatus,
    AuditType,
    Clause,
    CorrectiveAction,
    Finding,
    FindingType,
    Pillar,
    VerificationMethod,
)
from sourceproof.audits.views.common import file_response
from sourceproof.core.http import acting_user
from sourceproof.core.paging import api_page

router = Router(tags=["audits"])


# --------------------------------------------------------------------------- schemas


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


class FacilityRef(Schema):
    code: str
    name: str
    country: str
    supplier: str


class ActionSummary(Schema):
    status: str
    due_date: dt.date
    overdue: bool


class FindingOut(Schema):
    reference: str
    audit: str
    number: int
    finding_type: str
    pillar: str
    clause: str
    severity: str
    title: str
    evidence: str
    local_law_reference: str
    applied_standard: str
    status: str
    source: str
    rule_code: str
    period_start: dt.date | None
    period_end: dt.date | None
    corrective_action: ActionSummary | None


class AuditOut(Schema):
    reference: str
    facility: FacilityRef
    standard: str
    pillars: int | None
    audit_type: str
    announcement: str
    audit_firm: str | None = Field(None, description="The audit firm's organisation code.")
    lead_auditor_name: str
    lead_auditor_apsca: str
    start_date: dt.date | None
    end_date: dt.date | None
    sedex_audit_reference: str
    bsci_grade: str
    status: str
    has_report: bool
    report_sha256: str


class AuditDetailOut(AuditOut):
    summary: str
    findings: list[FindingOut]


class AuditPage(Schema):
    count: int
    page: int
    pages: int
    items: list[AuditOut]


class AuditIn(Schema):
    facility: str = Field(description="The facility code.")
    standard: AuditStandard
    pillars: int | None = Field(None, description="SMETA: 2 or 4.")
    audit_type: AuditType
    announcement: Announcement
    audit_firm: str | None = Field(None, description="The audit firm's organisation code.")
    lead_auditor_name: str = ""
    lead_auditor_apsca: str = ""
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    sedex_audit_reference: str = ""
    bsci_grade: str = ""
    summary: str = ""


class AuditPatch(Schema):
    standard: AuditStandard | None = None
    pillars: int | None = None
    audit_type: AuditType | None = None
    announcement: Announcement | None = None
    audit_firm: str | None = None
    lead_auditor_name: str | None = None
    lead_auditor_apsca: str | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    sedex_audit_reference: str | None = None
    bsci_grade: str | None = None
    summary: str | None = None


class StatusIn(Schema):
    status: AuditStatus
    comment: str = ""


class FindingIn(Schema):
    finding_type: FindingType
    pillar: Pillar
    clause: Clause
    severity: str = Field("", description="critical, major or minor (non-compliances only).")
    title: str = Field(min_length=1, max_length=200)
    evidence: str = ""
    local_law_reference: str = ""
    applied_standard: AppliedStandard = AppliedStandard.BOTH
    rule_code: str = ""
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    draft: bool = Field(False, description="Save as a draft (not counted until confirmed).")


class FindingPatch(Schema):
    finding_type: FindingType | None = None
    pillar: Pillar | None = None
    clause: Clause | None = None
    severity: str | None = None
    title: str | None = Field(None, min_length=1, max_length=200)
    evidence: str | None = None
    local_law_reference: str | None = None
    applied_standard: AppliedStandard | None = None
    rule_code: str | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None


class WithdrawIn(Schema):
    reason: str = Field(min_length=5)


class ProblemOut(Schema):
    row: int
    column: str
    problem: str


class ImportOut(Schema):
    imported: int
    findings: list[str]


class ImportErrorOut(Schema):
    detail: str
    problems: list[ProblemOut]


class EvidenceOut(Schema):
    id: int
    name: str
    kind: str
    size: int
    sha256: str
    uploaded_at: dt.datetime


class StepOut(Schema):
    kind: str
    status_before: str
    status_after: str
    comment: str
    by: str
    at: dt.datetime


class ActionOut(Schema):
    reference: str = Field(description="The finding's reference; one action per finding.")
    title: str
    facility: FacilityRef
    severity: str
    status: str
    due_date: dt.date
    due_date_overridden: bool
    overdue: bool
    verification_method: str
    root_cause: str
    action: str
    owner_name: str
    submitted_at: dt.datetime | None
    verified_at: dt.datetime | None


class ActionDetailOut(ActionOut):
    evidence: list[EvidenceOut]
    steps: list[StepOut]


class ActionPage(Schema):
    count: int
    page: int
    pages: int
    items: list[ActionOut]


class ResponseIn(Schema):
    root_cause: str
    action: str
    owner_name: str = Field(max_length=200)


class CommentIn(Schema):
    comment: str = ""


class ProgressIn(Schema):
    comment: str
    due_date: dt.date | None = None


class DueDateIn(Schema):
    due_date: dt.date
    reason: str


class MethodIn(Schema):
    verification_method: VerificationMethod


class ReasonOut(Schema):
    code: str
    text: str
    finding: str
    blocking: bool


class RiskPartOut(Schema):
    key: str
    label: str
    points: int
    max_points: int
    explanation: str
    counted: bool


class RiskOut(Schema):
    score: int
    risk_class: str
    parts: list[RiskPartOut]
    next_audit_due: dt.date
    next_audit_reason: str


class ComplianceOut(Schema):
    facility: FacilityRef
    status: str
    reasons: list[ReasonOut]
    last_audit: str | None
    risk: RiskOut | None = Field(None, description="Operator roles only.")


class DueOut(Schema):
    facility: FacilityRef
    status: str
    risk_score: int
    risk_class: str
    last_audit: str | None
    last_audit_date: dt.date | None
    next_audit_due: dt.date
    days: int


class DuePage(Schema):
    count: int
    page: int
    pages: int
    items: list[DueOut]


# --------------------------------------------------------------------------- helpers


def _error(error: ValidationError) -> ErrorOut:
    if hasattr(error, "error_dict"):
        errors = {k: [str(m) for m in v] for k, v in error.message_dict.items()}
        return ErrorOut(detail=" ".join(m for ms in errors.values() for m in ms), errors=errors)
    return ErrorOut(detail=" ".join(error.messages))


def _facility(facility: Any) -> dict[str, Any]:
    return {
        "code": facility.code,
        "name": facility.name,
        "country": facility.country,
        "supplier": facility.supplier.legal_name,
    }


def _audit_out(audit: Audit) -> dict[str, Any]:
    return {
        "reference": audit.reference,
        "facility": _facility(audit.facility),
        "standard": audit.standard,
        "pillars": audit.pillars,
        "audit_type": audit.audit_type,
        "announcement": audit.announcement,
        "audit_firm": audit.audit_firm.code if audit.audit_firm else None,
        "lead_auditor_name": audit.lead_auditor_name,
        "lead_auditor_apsca": audit.lead_auditor_apsca,
        "start_date": audit.start_date,
        "end_date": audit.end_date,
        "sedex_audit_reference": audit.sedex_audit_reference,
        "bsci_grade": audit.bsci_grade,
        "status": audit.status,
        "has_report": bool(audit.report),
        "report_sha256": audit.report_sha256,
    }


def _finding_out(finding: Finding, audit_reference: str) -> dict[str, Any]:
    action = getattr(finding, "corrective_action", None)
    summary = None
    if action is not None:
        flags = selectors.action_flags(action)
        summary = {
            "status": action.status,
            "due_date": action.due_date,
            "overdue": flags["overdue"],
        }
    return {
        "reference": finding.reference,
        "audit": audit_reference,
        "number": finding.number,
        "finding_type": finding.finding_type,
        "pillar": finding.pillar,
        "clause": finding.clause,
        "severity": finding.severity,
        "title": finding.title,
        "evidence": finding.evidence,
        "local_law_reference": finding.local_law_reference,
        "applied_standard": finding.applied_standard,
        "status": finding.status,
        "source": finding.source,
        "rule_code": finding.rule_code,
        "period_start": finding.period_start,
        "period_end": finding.period_end,
        "corrective_action": summary,
    }


def _audit_detail(user: Any, reference: str) -> dict[str, Any]:
    audit = selectors.get_audit_for_user(user=user, reference=reference)
    findings = selectors.audit_findings(user=user, audit=audit)
    return {
        **_audit_out(audit),
        "summary": audit.summary,
        "findings": [_finding_out(f, audit.reference) for f in findings],
    }


def _action_out(action: CorrectiveAction) -> dict[str, Any]:
    finding = action.finding
    return {
        "reference": finding.reference,
        "title": finding.title,
        "facility": _facility(finding.audit.facility),
        "severity": finding.severity,
        "status": action.status,
        "due_date": action.due_date,
        "due_date_overridden": action.due_date_overridden,
        "overdue": selectors.action_flags(action)["overdue"],
        "verification_method": action.verification_method,
        "root_cause": action.root_cause,
        "action": action.action,
        "owner_name": action.owner_name,
        "submitted_at": action.submitted_at,
        "verified_at": action.verified_at,
    }


def _action_detail(user: Any, reference: str) -> dict[str, Any]:
    action = selectors.get_action_for_user(user=user, reference=reference)
    return {
        **_action_out(action),
        "evidence": [
            {
                "id": e.pk,
                "name": e.original_name,
                "kind": e.kind,
                "size": e.size,
                "sha256": e.sha256,
                "uploaded_at": e.uploaded_at,
            }
            for e in selectors.action_evidence(action=action)
        ],
        "steps": [
            {
                "kind": s.kind,
                "status_before": s.status_before,
                "status_after": s.status_after,
                "comment": s.comment,
                "by": s.by_label,
                "at": s.at,
            }
            for s in selectors.action_steps(action=action)
        ],
    }


def _audit_fields(user: Any, payload: Schema, *, partial: bool) -> dict[str, Any]:
    data = payload.dict(exclude_unset=partial)
    if "facility" in data:
        code = data["facility"]
        try:
            data["facility"] = selectors.facility_for_new_audit(user=user, code=code)
        except Http404 as exc:
            raise ValidationError({"facility": [f"No facility has the code {code!r}."]}) from exc
    if "audit_firm" in data:
        code = data["audit_firm"]
        data["audit_firm"] = None
        if code:
            firm = selectors.audit_firm_choices().filter(code=code).first()
            if firm is None:
                raise ValidationError({"audit_firm": [f"No audit firm has the code {code!r}."]})
            data["audit_firm"] = firm
    for key, value in list(data.items()):
        if value is None and key not in {"pillars", "start_date", "end_date", "audit_firm"}:
            data.pop(key)
    return data


# --------------------------------------------------------------------------- findings
# (fixed paths before /{reference}, so that "findings" is not read as an audit reference)


@router.get("/findings/{reference}", response=FindingOut, summary="One finding")
def get_finding(request: HttpRequest, reference: str) -> dict[str, Any]:
    user = acting_user(request)
    finding = selectors.get_finding_for_user(user=user, reference=reference)
    found = selectors.audit_findings(user=user, audit=finding.audit)
    return _finding_out(next(f for f in found if f.pk == finding.pk), finding.audit.reference)


@router.patch(
    "/findings/{reference}", response={200: FindingOut, 400: ErrorOut}, summary="Edit a finding"
)
def update_finding(request: HttpRequest, reference: str, payload: FindingPatch) -> Status[Any]:
    fields = payload.dict(exclude_unset=True)
    return _finding_act(
        request, reference, lambda f, u: services.finding_update(finding=f, by=u, **fields)
    )


@router.post(
    "/findings/{reference}/confirm",
    response={200: FindingOut, 400: ErrorOut},
    summary="Record a draft finding",
)
def confirm_finding(request: HttpRequest, reference: str) -> Status[Any]:
    return _finding_act(request, reference, lambda f, u: services.finding_confirm(finding=f, by=u))


@router.post(
    "/findings/{reference}/withdraw",
    response={200: FindingOut, 400: ErrorOut},
    summary="Withdraw a finding entered in error",
)
def withdraw_finding(request: HttpRequest, reference: str, payload: WithdrawIn) -> Status[Any]:
    return _finding_act(
        request,
        reference,
        lambda f, u: services.finding_withdraw(finding=f, by=u, reason=payload.reason),
    )


def _finding_act(request: HttpRequest, reference: str, call: Any) -> Status[Any]:
    """Find the finding (404 outside the user's scope), check the role, call the service;
    400 with its messages when it refuses, else the finding as it is now."""
    user = acting_user(request)
    finding = selectors.get_finding_for_user(user=user, reference=reference)
    require_audit(user, AuditAction.EDIT_FINDINGS)
    try:
        call(finding, user)
    except ValidationError as error:
        return Status(400, _error(error))
    return Status(200, get_finding(request, reference))


# --------------------------------------------------------------------------- corrective actions


@router.get("/actions", response=ActionPage, summary="Corrective actions in your scope")
def list_actions(
    request: HttpRequest,
    state: str = Query(
        selectors.ActionState.OPEN,
        description="open, todo (the supplier's turn), submitted, overdue, verified or all.",
    ),
    severity: str = "",
    facility: str = Query("", description="Facility code."),
    q: str = "",
    page: int = 1,
) -> dict[str, Any]:
    user = acting_user(request)
    if state not in selectors.ActionState.CHOICES:
        state = selectors.ActionState.OPEN
    filters = selectors.ActionFilters(state=state, severity=severity, facility=facility, q=q)
    count, number, pages, items = api_page(selectors.action_list(user=user, filters=filters), page)
    return {
        "count": count,
        "page": number,
        "pages": pages,
        "items": [_action_out(a) for a in items],
    }


@router.get("/actions/{reference}", response=ActionDetailOut, summary="One corrective action")
def get_action(request: HttpRequest, reference: str) -> dict[str, Any]:
    return _action_detail(acting_user(request), reference)


def _act(request: HttpRequest, reference: str, action: str, call: Any) -> Status[Any]:
    user = acting_user(request)
    found = selectors.get_action_for_user(user=user, reference=reference)
    require_audit(
        user,
        AuditAction.RESPOND_ACTIONS if action == "respond" else AuditAction.REVIEW_ACTIONS,
    )
    try:
        call(found, user)
    except ValidationError as error:
        return Status(400, _error(error))
    return Status(200, _action_detail(user, reference))


@router.patch(
    "/actions/{reference}",
    response={200: ActionDetailOut, 400: ErrorOut},
    summary="The supplier's answer: root cause, action, owner",
)
def respond_action(request: HttpRequest, reference: str, payload: ResponseIn) -> Status[Any]:
    return _act(
        request,
        reference,
        "respond",
        lambda a, u: services.action_respond(
            action=a,
            by=u,
            root_cause=payload.root_cause,
            action_text=payload.action,
            owner_name=payload.owner_name,
        ),
    )


@router.post(
    "/actions/{reference}/evidence",
    response={201: EvidenceOut, 400: ErrorOut},
    summary="Upload an evidence file (PDF, JPEG or PNG)",
)
def add_evidence(
    request: HttpRequest,
    reference: str,
    file: File[UploadedFile],
    description: Form[str] = "",
) -> Status[Any]:
    user = acting_user(request)
    action = selectors.get_action_for_user(user=user, reference=reference)
    require_audit(user, AuditAction.RESPOND_ACTIONS)
    try:
        evidence = services.action_evidence_add(
            action=action, by=user, upload=file, description=description
        )
    except ValidationError as error:
        return Status(400, _error(error))
    return Status(
        201,
        {
            "id": evidence.pk,
            "name": evidence.original_name,
            "kind": evidence.kind,
            "size": evidence.size,
            "sha256": evidence.sha256,
            "uploaded_at": evidence.uploaded_at,
        },
    )


@router.get("/actions/{reference}/evidence/{pk}", summary="Download an evidence file")
def download_evidence(request: HttpRequest, reference: str, pk: int) -> FileResponse:
    return file_response(
        selectors.evidence_document_for_user(user=acting_user(request), reference=reference, pk=pk)
    )


@router.post(
    "/actions/{reference}/submit",
    response={200: ActionDetailOut, 400: ErrorOut},
    summary="Submit for verification (the supplier)",
)
def submit_action(request: HttpRequest, reference: str, payload: CommentIn) -> Status[Any]:
    return _act(
        request,
        reference,
        "respond",
        lambda a, u: services.action_submit(action=a, by=u, comment=payload.comment),
    )


@router.post(
    "/actions/{reference}/verify",
    response={200: ActionDetailOut, 400: ErrorOut},
    summary="Verify: the action is done, the finding closed (the operator)",
)
def verify_action(request: HttpRequest, reference: str, payload: CommentIn) -> Status[Any]:
    return _act(
        request,
        reference,
        "review",
        lambda a, u: services.action_verify(action=a, by=u, comment=payload.comment),
    )


@router.post(
    "/actions/{reference}/send-back",
    response={200: ActionDetailOut, 400: ErrorOut},
    summary="Send back to the supplier with a comment (the operator)",
)
def send_back_action(request: HttpRequest, reference: str, payload: CommentIn) -> Status[Any]:
    return _act(
        request,
        reference,
        "review",
        lambda a, u: services.action_send_back(action=a, by=u, comment=payload.comment),
    )


@router.post(
    "/actions/{reference}/progress",
    response={200: ActionDetailOut, 400: ErrorOut},
    summary="Progress made, not finished (the operator)",
)
def progress_action(request: HttpRequest, reference: str, payload: ProgressIn) -> Status[Any]:
    return _act(
        request,
        reference,
        "review",
        lambda a, u: services.action_progress_made(
            action=a, by=u, comment=payload.comment, due_date=payload.due_date
        ),
    )


@router.post(
    "/actions/{reference}/due-date",
    response={200: ActionDetailOut, 400: ErrorOut},
    summary="Override the due date, with a reason (the operator)",
)
def due_date_action(request: HttpRequest, reference: str, payload: DueDateIn) -> Status[Any]:
    return _act(
        request,
        reference,
        "review",
        lambda a, u: services.action_set_due_date(
            action=a, by=u, due_date=payload.due_date, reason=payload.reason
        ),
    )


@router.post(
    "/actions/{reference}/method",
    response={200: ActionDetailOut, 400: ErrorOut},
    summary="Set the verification method (the operator)",
)
def method_action(request: HttpRequest, reference: str, payload: MethodIn) -> Status[Any]:
    return _act(
        request,
        reference,
        "review",
        lambda a, u: services.action_set_method(action=a, by=u, method=payload.verification_method),
    )


# --------------------------------------------------------------------------- compliance, due


@router.get(
    "/facilities/{code}/compliance",
    response=ComplianceOut,
    summary="A facility's compliance status with its reasons, and its risk score",
)
def facility_compliance(request: HttpRequest, code: str) -> dict[str, Any]:
    user = acting_user(request)
    facility = selectors.get_facility_for_compliance(user=user, code=code)
    assessment = selectors.facility_assessment(facility=facility)
    status = assessment.compliance
    score = assessment.risk
    return {
        "facility": _facility(facility),
        "status": status.status,
        "reasons": [
            {"code": r.code, "text": r.text, "finding": r.finding, "blocking": r.blocking}
            for r in status.reasons
        ],
        "last_audit": status.last_audit.reference if status.last_audit else None,
        "risk": {
            "score": score.score,
            "risk_class": score.risk_class,
            "parts": [
                {
                    "key": p.key,
                    "label": p.label,
                    "points": p.points,
                    "max_points": p.max_points,
                    "explanation": p.explanation,
                    "counted": p.counted,
                }
                for p in score.parts
            ],
            "next_audit_due": score.next_audit_due,
            "next_audit_reason": score.next_audit_reason,
        }
        if can_audit(user, AuditAction.VIEW_RISK)
        else None,
    }


@router.get("/due", response=DuePage, summary="Facilities by next audit date and risk")
def due(
    request: HttpRequest,
    risk_class: str = Query("", description="high, medium or low."),
    status: str = Query("", description="approved, conditional, suspended or not_audited."),
    within_days: int | None = Query(None, description="Due within this many days."),
    country: str = "",
    q: str = "",
    page: int = 1,
) -> dict[str, Any]:
    user = acting_user(request)
    filters = selectors.DueFilters(
        q=q,
        risk_class=risk_class,
        country=country.upper(),
        within_days=within_days,
        status=status,
    )
    count, number, pages, items = api_page(selectors.due_list(user=user, filters=filters), page)
    return {
        "count": count,
        "page": number,
        "pages": pages,
        "items": [
            {
                "facility": _facility(r["facility"]),
                "status": r["assessment"].compliance.status,
                "risk_score": r["assessment"].risk.score,
                "risk_class": r["assessment"].risk.risk_class,
                "last_audit": r["assessment"].compliance.last_audit.reference
                if r["assessment"].compliance.last_audit
                else None,
                "last_audit_date": r["assessment"].compliance.last_audit.end_date
                if r["assessment"].compliance.last_audit
                else None,
                "next_audit_due": r["assessment"].risk.next_audit_due,
                "days": r["days"],
            }
            for r in items
        ],
    }


# --------------------------------------------------------------------------- audits


@router.get("", response=AuditPage, summary="Audits in your scope, filtered and paginated")
def list_audits(
    request: HttpRequest,
    status: AuditStatus | None = None,
    standard: AuditStandard | None = None,
    facility: str = Query("", description="Facility code."),
    audit_firm: str = Query("", description="Audit firm organisation code."),
    q: str = "",
    page: int = 1,
) -> dict[str, Any]:
    user = acting_user(request)
    filters = selectors.AuditFilters(
        q=q,
        status=status or "",
        standard=standard or "",
        facility=facility,
        audit_firm=audit_firm,
    )
    count, number, pages, items = api_page(selectors.audit_list(user=user, filters=filters), page)
    return {
        "count": count,
        "page": number,
        "pages": pages,
        "items": [_audit_out(a) for a in items],
    }


@router.post("", response={201: AuditDetailOut, 400: ErrorOut}, summary="Record an audit")
def create_audit(request: HttpRequest, payload: AuditIn) -> Status[Any]:
    user = acting_user(request)
    require_audit(user, AuditAction.EDIT_AUDITS)
    try:
        audit = services.audit_create(by=user, **_audit_fields(user, payload, partial=False))
    except ValidationError as error:
        return Status(400, _error(error))
    return Status(201, _audit_detail(user, audit.reference))


@router.get("/{reference}", response=AuditDetailOut, summary="One audit with its findings")
def get_audit(request: HttpRequest, reference: str) -> dict[str, Any]:
    return _audit_detail(acting_user(request), reference)


@router.patch("/{reference}", response={200: AuditDetailOut, 400: ErrorOut}, summary="Edit")
def update_audit(request: HttpRequest, reference: str, payload: AuditPatch) -> Status[Any]:
    return _audit_act(
        request,
        reference,
        AuditAction.EDIT_AUDITS,
        lambda a, u: services.audit_update(
            audit=a, by=u, **_audit_fields(u, payload, partial=True)
        ),
    )


@router.post(
    "/{reference}/status",
    response={200: AuditDetailOut, 400: ErrorOut},
    summary="Move the audit to another status",
)
def set_status(request: HttpRequest, reference: str, payload: StatusIn) -> Status[Any]:
    return _audit_act(
        request,
        reference,
        AuditAction.EDIT_AUDITS,
        lambda a, u: services.audit_set_status(
            audit=a, status=payload.status, comment=payload.comment, by=u
        ),
    )


@router.post(
    "/{reference}/report",
    response={200: AuditDetailOut, 400: ErrorOut},
    summary="Upload the audit report (PDF)",
)
def upload_report(request: HttpRequest, reference: str, report: File[UploadedFile]) -> Status[Any]:
    return _audit_act(
        request,
        reference,
        AuditAction.UPLOAD_AUDIT_REPORT,
        lambda a, u: services.audit_report_upload(audit=a, document=report, by=u),
    )


def _audit_act(request: HttpRequest, reference: str, action: AuditAction, call: Any) -> Status[Any]:
    """Find the audit (404 outside the user's scope), check the role, call the service; 400
    with its messages when it refuses, else the audit as it is now."""
    user = acting_user(request)
    audit = selectors.get_audit_for_user(user=user, reference=reference)
    require_audit(user, action)
    try:
        call(audit, user)
    except ValidationError as error:
        return Status(400, _error(error))
    return Status(200, _audit_detail(user, reference))


@router.get("/{reference}/report", summary="Download the audit report")
def download_report(request: HttpRequest, reference: str) -> FileResponse:
    return file_response(
        selectors.audit_report_for_user(user=acting_user(request), reference=reference)
    )


@router.get("/{reference}/findings", response=list[FindingOut], summary="An audit's findings")
def list_findings(request: HttpRequest, reference: str) -> list[dict[str, Any]]:
    user = acting_user(request)
    audit = selectors.get_audit_for_user(user=user, reference=reference)
    return [
        _finding_out(f, audit.reference) for f in selectors.audit_findings(user=user, audit=audit)
    ]


@router.post(
    "/{reference}/findings",
    response={201: FindingOut, 400: ErrorOut},
    summary="Enter a finding",
)
def create_finding(request: HttpRequest, reference: str, payload: FindingIn) -> Status[Any]:
    user = acting_user(request)
    audit = selectors.get_audit_for_user(user=user, reference=reference)
    require_audit(user, AuditAction.EDIT_FINDINGS)
    fields = payload.dict()
    draft = fields.pop("draft")
    try:
        finding = services.finding_create(audit=audit, by=user, draft=draft, **fields)
    except ValidationError as error:
        return Status(400, _error(error))
    return Status(201, get_finding(request, finding.reference))


@router.post(
    "/{reference}/findings/import",
    response={201: ImportOut, 400: ImportErrorOut},
    summary="Import findings from CSV/XLSX: all rows or none",
)
def import_findings(
    request: HttpRequest,
    reference: str,
    file: File[UploadedFile],
    as_drafts: Form[bool] = False,
) -> Status[Any]:
    user = acting_user(request)
    audit = selectors.get_audit_for_user(user=user, reference=reference)
    require_audit(user, AuditAction.EDIT_FINDINGS)
    try:
        report = importing.findings_import(
            audit=audit, data=file.read(), by=user, as_drafts=as_drafts
        )
    except ValidationError as error:
        return Status(400, ImportErrorOut(detail=" ".join(error.messages), problems=[]))
    if not report.ok:
        return Status(
            400,
            ImportErrorOut(
                detail=f"{len(report.problems)} problem(s); nothing was imported.",
                problems=[ProblemOut(**p.to_dict()) for p in report.problems],
            ),
        )
    return Status(
        201, ImportOut(imported=len(report.created), findings=[f.reference for f in report.created])
    )
