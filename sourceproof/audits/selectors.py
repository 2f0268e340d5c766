"""Reads of audits, findings and corrective actions, scoped by the acting user; a facility's
compliance status and risk, computed in bulk.

Scope (see `audits.access`): operator roles see everything; an auditor the audits of their
firm; a supplier user the audits of its facilities once the report is in, their recorded
findings and corrective actions; anyone else nothing. A row outside the scope is a 404.

Compliance status and risk are computed from a fixed number of queries whatever the number of
facilities (audits, open findings, the last audits' findings, country risk), so list pages and
the gate run at a constant query count.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sourceproof.accounts.models import Organisation, OrganisationKind, Role
from sourceproof.accounts.permissions import Action, can
from sourceproof.audits import compliance, risk
from sourceproof.audits.access import AuditAction, can_audit, require_audit
from sourceproof.audits.documents import CONTENT_TYPES
from sourceproof.audits.models import (
    ACTION_OPEN_STATUSES,
    ACTION_TODO_STATUSES,
    COMPLETED_AUDIT_STATUSES,
    SMETA_STANDARDS,
    ActionStatus,
    Audit,
    AuditPolicy,
    AuditStatus,
    Clause,
    CorrectiveAction,
    CorrectiveActionEvidence,
    CorrectiveActionStep,
    Finding,
    FindingStatus,
    FindingType,
    Severity,
)
from sourceproof.core.models import ChangeRecord
from sourceproof.facilities.models import CountryRisk, Facility, Supplier

if TYPE_CHECKING:
    from sourceproof.accounts.models import User

_CHUNK = 2000  # ids per IN (...) query
PANEL_ITEMS = 5

STATUS_TONES = {
    compliance.APPROVED: "ok",
    compliance.CONDITIONAL: "warn",
    compliance.SUSPENDED: "bad",
    compliance.NOT_AUDITED: "",
}
RISK_TONES = {risk.HIGH: "bad", risk.MEDIUM: "warn", risk.LOW: "ok"}


def status_label(status: str) -> str:
    return {
        compliance.APPROVED: _("Approved"),
        compliance.CONDITIONAL: _("Conditional"),
        compliance.SUSPENDED: _("Suspended"),
        compliance.NOT_AUDITED: _("Not audited"),
    }.get(status, status)


def risk_label(risk_class: str) -> str:
    return {risk.HIGH: _("High risk"), risk.MEDIUM: _("Medium risk"), risk.LOW: _("Low risk")}.get(
        risk_class, risk_class
    )


# --------------------------------------------------------------------------- scope


def audit_queryset(*, user: User) -> QuerySet[Audit]:
    """Every audit the user may see (404 for a role that may see none)."""
    require_audit(user, AuditAction.VIEW_AUDITS)
    audits = Audit.objects.all()
    if user.is_operator:
        return audits
    if user.role == Role.AUDITOR:
        return audits.filter(audit_firm_id=user.organisation_id)
    if user.role == Role.SUPPLIER_USER:
        return audits.filter(
            facility__supplier__organisation_id=user.organisation_id,
            status__in=COMPLETED_AUDIT_STATUSES,
        )
    return audits.none()


def finding_queryset(*, user: User) -> QuerySet[Finding]:
    """Findings of the audits the user sees; a supplier sees only recorded ones."""
    findings = Finding.objects.filter(audit__in=audit_queryset(user=user))
    if user.role == Role.SUPPLIER_USER:
        findings = findings.filter(status=FindingStatus.RECORDED)
    return findings


def action_queryset(*, user: User) -> QuerySet[CorrectiveAction]:
    return CorrectiveAction.objects.filter(finding__in=finding_queryset(user=user))


# --------------------------------------------------------------------------- audits


@dataclass(frozen=True)
class AuditFilters:
    q: str = ""  # reference, Sedex reference, facility name or code
    status: str = ""
    standard: str = ""
    facility: str = ""  # facility code
    audit_firm: str = ""  # organisation code
    supplier: int | None = None


def audit_list(*, user: User, filters: AuditFilters | None = None) -> QuerySet[Audit]:
    """The audits the user may see, filtered, newest first, with their finding counts."""
    filters = filters or AuditFilters()
    audits = audit_queryset(user=user)
    if filters.q:
        q = filters.q.strip()
        audits = audits.filter(
            Q(reference__icontains=q)
            | Q(sedex_audit_reference__icontains=q)
            | Q(facility__name__icontains=q)
            | Q(facility__code__icontains=q)
        )
    if filters.status:
        audits = audits.filter(status=filters.status)
    if filters.standard:
        audits = audits.filter(standard=filters.standard)
    if filters.facility:
        audits = audits.filter(facility__code=filters.facility.strip())
    if filters.audit_firm:
        audits = audits.filter(audit_firm__code=filters.audit_firm)
    if filters.supplier:
        audits = audits.filter(facility__supplier_id=filters.supplier)
    visible = ~Q(findings__status=FindingStatus.WITHDRAWN)
    if user.role == Role.SUPPLIER_USER:
        visible = Q(findings__status=FindingStatus.RECORDED)
    return (
        audits.select_related("facility", "facility__supplier", "audit_firm")
        .annotate(
            finding_count=Count("findings", filter=visible, distinct=True),
            open_action_count=Count(
                "findings__corrective_action",
                filter=Q(
                    findings__status=FindingStatus.RECORDED,
                    findings__corrective_action__status__in=ACTION_OPEN_STATUSES,
                ),
                distinct=True,
            ),
        )
        .order_by(F("end_date").desc(nulls_first=True), "-id")
    )


def get_audit_for_user(*, user: User, reference: str) -> Audit:
    audit = (
        audit_queryset(user=user)
        .select_related("facility", "facility__supplier", "audit_firm", "created_by")
        .filter(reference=reference)
        .first()
    )
    if audit is None:
        raise Http404("Not found.")
    return audit


def audit_findings(*, user: User, audit: Audit) -> list[Finding]:
    """The audit's findings in number order, each with its corrective action."""
    findings = finding_queryset(user=user).filter(audit=audit)
    return list(findings.select_related("corrective_action").order_by("number"))


def audit_firm_choices() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=OrganisationKind.AUDIT_FIRM, is_active=True).order_by(
        "name"
    )


def audit_filter_choices(*, user: User) -> dict[str, list[tuple[Any, str]]]:
    choices: dict[str, list[tuple[Any, str]]] = {"audit_firm": [], "supplier": []}
    if user.is_operator:
        choices["audit_firm"] = list(audit_firm_choices().values_list("code", "name"))
        choices["supplier"] = list(
            Supplier.objects.order_by("legal_name").values_list("pk", "legal_name")
        )
    return choices


def facility_for_new_audit(*, user: User, code: str) -> Facility:
    """A facility by code, for the roles that record audits (operator staff see every one)."""
    require_audit(user, AuditAction.EDIT_AUDITS)
    found = Facility.objects.select_related("supplier").filter(code=code.strip()).first()
    if found is None:
        raise Http404("Not found.")
    return found


@dataclass(frozen=True)
class Document:
    file: File
    content_type: str
    filename: str


def audit_report_for_user(*, user: User, reference: str) -> Document:
    """The report of an audit the user may see, opened for reading (never a public URL)."""
    audit = get_audit_for_user(user=user, reference=reference)
    if not audit.report:
        raise Http404("Not found.")
    try:
        handle = audit.report.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Not found.") from exc
    return Document(handle, CONTENT_TYPES["pdf"], f"{audit.reference}-report.pdf")


def _records_for(objects: Mapping[type, Iterable[Any]]) -> QuerySet[ChangeRecord]:
    condition = Q(pk__in=[])
    for model, ids in objects.items():
        keys = [str(pk) for pk in ids]
        if keys:
            condition |= Q(
                content_type=ContentType.objects.get_for_model(model), object_id__in=keys
            )
    return ChangeRecord.objects.filter(condition).select_related("content_type")


def audit_history(*, user: User, audit: Audit) -> list[ChangeRecord]:
    """The change log of the audit, its findings and their corrective actions, newest first
    (operator roles only)."""
    if not can(user, Action.VIEW_HISTORY):
        return []
    finding_ids = list(Finding.objects.filter(audit=audit).values_list("pk", flat=True))
    action_ids = list(
        CorrectiveAction.objects.filter(finding__audit=audit).values_list("pk", flat=True)
    )
    records = _records_for({Audit: [audit.pk], Finding: finding_ids, CorrectiveAction: action_ids})
    return list(records.order_by("-at", "-id")[:300])


def get_finding_for_user(*, user: User, reference: str) -> Finding:
    finding = (
        finding_queryset(user=user)
        .select_related("audit", "audit__facility", "audit__facility__supplier")
        .filter(reference=reference)
        .first()
    )
    if finding is None:
        raise Http404("Not found.")
    return finding


# --------------------------------------------------------------------------- corrective actions


class ActionState:
    TODO = "todo"  # the supplier's turn: open, sent back, progress made
    SUBMITTED = "submitted"
    OVERDUE = "overdue"
    OPEN = "open"  # not verified or cancelled
    VERIFIED = "verified"
    ALL = "all"
    CHOICES = (TODO, SUBMITTED, OVERDUE, OPEN, VERIFIED, ALL)


@dataclass(frozen=True)
class ActionFilters:
    state: str = ActionState.OPEN
    severity: str = ""
    facility: str = ""  # facility code
    supplier: int | None = None
    q: str = ""  # finding reference or title


def action_list(
    *, user: User, filters: ActionFilters | None = None, today: dt.date | None = None
) -> QuerySet[CorrectiveAction]:
    """Corrective actions the user may see, filtered, soonest due first."""
    filters = filters or ActionFilters()
    today = today or timezone.localdate()
    actions = action_queryset(user=user).filter(finding__status=FindingStatus.RECORDED)
    state = filters.state or ActionState.OPEN
    if state == ActionState.TODO:
        actions = actions.filter(status__in=ACTION_TODO_STATUSES)
    elif state == ActionState.SUBMITTED:
        actions = actions.filter(status=ActionStatus.SUBMITTED)
    elif state == ActionState.OVERDUE:
        actions = actions.filter(status__in=ACTION_OPEN_STATUSES, due_date__lt=today)
    elif state == ActionState.OPEN:
        actions = actions.filter(status__in=ACTION_OPEN_STATUSES)
    elif state == ActionState.VERIFIED:
        actions = actions.filter(status=ActionStatus.VERIFIED)
    if filters.severity:
        actions = actions.filter(finding__severity=filters.severity)
    if filters.facility:
        actions = actions.filter(finding__audit__facility__code=filters.facility.strip())
    if filters.supplier:
        actions = actions.filter(finding__audit__facility__supplier_id=filters.supplier)
    if filters.q:
        q = filters.q.strip()
        actions = actions.filter(
            Q(finding__reference__icontains=q) | Q(finding__title__icontains=q)
        )
    return (
        actions.select_related(
            "finding",
            "finding__audit",
            "finding__audit__facility",
            "finding__audit__facility__supplier",
        )
        .annotate(evidence_count=Count("evidence_files", distinct=True))
        .order_by("due_date", "finding__reference")
    )


def action_flags(action: CorrectiveAction, today: dt.date | None = None) -> dict[str, Any]:
    """How a list shows an action: overdue, due soon, days left."""
    today = today or timezone.localdate()
    is_open = action.status in ACTION_OPEN_STATUSES
    days = (action.due_date - today).days
    return {
        "action": action,
        "overdue": is_open and days < 0,
        "due_soon": is_open and 0 <= days <= 14,
        "days_left": days,
        "days_over": -days,
        "is_open": is_open,
        "supplier_turn": action.status in ACTION_TODO_STATUSES,
    }


def get_action_for_user(*, user: User, reference: str) -> CorrectiveAction:
    """A corrective action by its finding's reference, or 404."""
    action = (
        action_queryset(user=user)
        .select_related(
            "finding",
            "finding__audit",
            "finding__audit__facility",
            "finding__audit__facility__supplier",
            "verified_by",
        )
        .filter(finding__reference=reference)
        .first()
    )
    if action is None:
        raise Http404("Not found.")
    return action


def action_steps(*, action: CorrectiveAction) -> list[CorrectiveActionStep]:
    return list(action.steps.order_by("at", "id"))


def action_evidence(*, action: CorrectiveAction) -> list[CorrectiveActionEvidence]:
    return list(action.evidence_files.select_related("uploaded_by").order_by("uploaded_at", "id"))


def action_history(*, user: User, action: CorrectiveAction) -> list[ChangeRecord]:
    if not can(user, Action.VIEW_HISTORY):
        return []
    records = _records_for({CorrectiveAction: [action.pk], Finding: [action.finding_id]})
    return list(records.order_by("-at", "-id")[:200])


def evidence_document_for_user(*, user: User, reference: str, pk: int) -> Document:
    """An evidence file of an action the user may see, opened for reading."""
    action = get_action_for_user(user=user, reference=reference)
    evidence = action.evidence_files.filter(pk=pk).first()
    if evidence is None or not evidence.file:
        raise Http404("Not found.")
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Not found.") from exc
    return Document(
        handle,
        CONTENT_TYPES.get(evidence.kind, "application/octet-stream"),
        f"{reference}-evidence-{evidence.pk}.{evidence.kind}",
    )


# --------------------------------------------------------------------------- compliance and risk

InspectionSource = Callable[[Sequence[int]], Mapping[int, tuple[int, int]]]
_INSPECTION_SOURCES: list[InspectionSource] = []


def register_inspection_source(source: InspectionSource) -> InspectionSource:
    """Let the inspections app feed the risk score: `source(facility_ids)` returns
    {facility pk: (inspections, failed)} in bulk. Without a source the part is not counted."""
    if source not in _INSPECTION_SOURCES:
        _INSPECTION_SOURCES.append(source)
    return source


def unregister_inspection_source(source: InspectionSource) -> None:
    if source in _INSPECTION_SOURCES:
        _INSPECTION_SOURCES.remove(source)


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


@dataclass
class _AuditRow:
    pk: int
    reference: str
    status: str
    end_date: dt.date | None
    standard: str
    pillars: int | None
    bsci_grade: str


@dataclass
class FacilityAuditData:
    """What the compliance status, the risk score and the gate need about one facility."""

    audits: list[_AuditRow] = field(default_factory=list)
    open_findings: list[compliance.OpenFinding] = field(default_factory=list)


def facility_audit_data(facility_ids: Sequence[int]) -> dict[int, FacilityAuditData]:
    """Audits (not cancelled) and open non-compliances per facility: two queries per 2,000."""
    ids = list(dict.fromkeys(facility_ids))
    data = {pk: FacilityAuditData() for pk in ids}
    clauses = dict(Clause.choices)
    for chunk in _chunks(ids):
        rows = (
            Audit.objects.filter(facility_id__in=chunk)
            .exclude(status=AuditStatus.CANCELLED)
            .values_list(
                "facility_id",
                "pk",
                "reference",
                "status",
                "end_date",
                "standard",
                "pillars",
                "bsci_grade",
            )
        )
        for facility_id, pk, reference, status, end_date, standard, pillars, grade in rows:
            data[facility_id].audits.append(
                _AuditRow(pk, reference, status, end_date, standard, pillars, grade)
            )
        findings = (
            Finding.objects.filter(
                audit__facility_id__in=chunk,
                status=FindingStatus.RECORDED,
                finding_type=FindingType.NON_COMPLIANCE,
            )
            .exclude(audit__status=AuditStatus.CANCELLED)
            .filter(
                Q(corrective_action__isnull=True)
                | Q(corrective_action__status__in=ACTION_OPEN_STATUSES)
            )
            .values_list(
                "audit__facility_id",
                "reference",
                "severity",
                "title",
                "clause",
                "corrective_action__due_date",
            )
        )
        for facility_id, reference, severity, title, clause, due in findings:
            data[facility_id].open_findings.append(
                compliance.OpenFinding(
                    reference=reference,
                    severity=severity,
                    title=title,
                    clause=str(clauses.get(clause, clause)),
                    due_date=due,
                )
            )
    return data


def compliance_facts(data: FacilityAuditData) -> compliance.ComplianceFacts:
    return compliance.ComplianceFacts(
        audits=tuple(
            compliance.AuditFact(reference=a.reference, status=a.status, end_date=a.end_date)
            for a in data.audits
        ),
        open_findings=tuple(data.open_findings),
    )


def smeta_4p_audit_rows(data: FacilityAuditData) -> list[_AuditRow]:
    """The facility's SMETA 6.1/7.0 4-pillar audits with a received report."""
    return [
        a
        for a in data.audits
        if a.standard in SMETA_STANDARDS
        and a.pillars == 4
        and a.status in COMPLETED_AUDIT_STATUSES
        and a.end_date is not None
    ]


def risk_policy(*, today: dt.date | None = None) -> risk.RiskPolicy:
    policy = AuditPolicy.current()
    return risk.RiskPolicy(
        today=today or timezone.localdate(),
        high_threshold=policy.risk_high_threshold,
        medium_threshold=policy.risk_medium_threshold,
        months_high=policy.next_audit_months_high,
        months_medium=policy.next_audit_months_medium,
        months_low=policy.next_audit_months_low,
    )


@dataclass(frozen=True)
class Assessment:
    """A facility's derived compliance status and risk score."""

    compliance: compliance.ComplianceStatus
    risk: risk.RiskScore

    @property
    def status_label(self) -> str:
        return status_label(self.compliance.status)

    @property
    def status_tone(self) -> str:
        return STATUS_TONES[self.compliance.status]

    @property
    def risk_label(self) -> str:
        return risk_label(self.risk.risk_class)

    @property
    def risk_tone(self) -> str:
        return RISK_TONES[self.risk.risk_class]


def assess_facilities(
    facilities: Sequence[Facility], *, today: dt.date | None = None
) -> dict[int, Assessment]:
    """Compliance status and risk per facility pk, from a fixed number of queries."""
    policy = risk_policy(today=today)
    today = policy.today
    unique = {f.pk: f for f in facilities}
    ids = list(unique)
    data = facility_audit_data(ids)
    last_audits: dict[int, _AuditRow] = {}
    for pk, d in data.items():
        done = [a for a in d.audits if a.status in COMPLETED_AUDIT_STATUSES and a.end_date]
        if done:
            last_audits[pk] = max(done, key=lambda a: (a.end_date, a.reference))
    last_counts: dict[int, dict[str, int]] = defaultdict(dict)
    audit_ids = [a.pk for a in last_audits.values()]
    for chunk in _chunks(audit_ids):
        rows = (
            Finding.objects.filter(
                audit_id__in=chunk,
                status=FindingStatus.RECORDED,
                finding_type=FindingType.NON_COMPLIANCE,
            )
            .values("audit_id", "severity")
            .annotate(n=Count("id"))
            .values_list("audit_id", "severity", "n")
        )
        for audit_id, severity, n in rows:
            last_counts[audit_id][severity] = n
    countries = {f.country for f in unique.values()}
    country_risk = {
        code: (risk_class, name)
        for code, risk_class, name in CountryRisk.objects.filter(country__in=countries).values_list(
            "country", "risk_class", "name"
        )
    }
    inspections: dict[int, tuple[int, int]] = {}
    for source in _INSPECTION_SOURCES:
        inspections.update(source(ids))
    result = {}
    for pk, facility in unique.items():
        d = data[pk]
        status = compliance.derive_status(compliance_facts(d), today=today, _=_)
        last = last_audits.get(pk)
        counts = last_counts.get(last.pk, {}) if last else {}
        open_by: dict[str, int] = defaultdict(int)
        for f in d.open_findings:
            open_by[f.severity] += 1
        known = country_risk.get(facility.country)
        inspected = inspections.get(pk)
        facts = risk.RiskFacts(
            country=facility.country,
            country_name=known[1] if known else "",
            country_risk_class=known[0] if known else None,
            last_audit_reference=last.reference if last else "",
            last_audit_date=last.end_date if last else None,
            last_audit_grade=last.bsci_grade if last else "",
            last_audit_critical=counts.get(Severity.CRITICAL, 0),
            last_audit_major=counts.get(Severity.MAJOR, 0),
            last_audit_minor=counts.get(Severity.MINOR, 0),
            open_critical=open_by[Severity.CRITICAL],
            open_major=open_by[Severity.MAJOR],
            open_minor=open_by[Severity.MINOR],
            inspections_total=inspected[0] if inspected else None,
            inspections_failed=inspected[1] if inspected else 0,
        )
        result[pk] = Assessment(compliance=status, risk=risk.risk_score(facts, policy, _=_))
    return result


def facility_assessment(*, facility: Facility) -> Assessment:
    return assess_facilities([facility])[facility.pk]


def facility_compliance(*, facility: Facility) -> dict[str, Any]:
    """What the facility compliance panel shows: the status with its reasons, the risk score
    with its parts and the next audit date, the latest audits and the open actions.

    The facility is assumed in the user's scope (the caller read it through a scoped selector);
    the panel's template tag decides who sees the risk part.
    """
    assessment = facility_assessment(facility=facility)
    audits = list(
        Audit.objects.filter(facility=facility)
        .select_related("audit_firm")
        .order_by(F("end_date").desc(nulls_first=True), "-id")[:5]
    )
    open_actions = CorrectiveAction.objects.filter(
        finding__audit__facility=facility,
        finding__status=FindingStatus.RECORDED,
        status__in=ACTION_OPEN_STATUSES,
    )
    today = timezone.localdate()
    return {
        "facility": facility,
        "assessment": assessment,
        "status": assessment.compliance.status,
        "status_label": assessment.status_label,
        "status_tone": assessment.status_tone,
        "reasons": assessment.compliance.reasons,
        "risk": assessment.risk,
        "risk_label": assessment.risk_label,
        "risk_tone": assessment.risk_tone,
        "audits": audits,
        "open_actions": open_actions.count(),
        "overdue_actions": open_actions.filter(due_date__lt=today).count(),
        "url": reverse("audits:facility_compliance", args=[facility.code]),
        "audits_url": reverse("audits:audit_list") + f"?facility={facility.code}",
    }


def get_facility_for_compliance(*, user: User, code: str) -> Facility:
    """A facility whose compliance the user may see: operator roles every one, a supplier
    user its own."""
    require_audit(user, AuditAction.VIEW_COMPLIANCE)
    facilities = Facility.objects.select_related("supplier")
    if not user.is_operator:
        facilities = facilities.filter(supplier__organisation_id=user.organisation_id)
    found = facilities.filter(code=code).first()
    if found is None:
        raise Http404("Not found.")
    return found


# --------------------------------------------------------------------------- audits due


@dataclass(frozen=True)
class DueFilters:
    q: str = ""  # facility name or code
    risk_class: str = ""
    country: str = ""
    within_days: int | None = None  # due within this many days (overdue included)
    status: str = ""  # compliance status


def due_list(
    *, user: User, filters: DueFilters | None = None, today: dt.date | None = None
) -> list[dict[str, Any]]:
    """Every facility (of active suppliers) with its risk and next audit date, soonest due
    first, then highest score. Computed in bulk: a constant number of queries."""
    require_audit(user, AuditAction.VIEW_RISK)
    filters = filters or DueFilters()
    today = today or timezone.localdate()
    facilities = Facility.objects.filter(supplier__is_active=True).select_related("supplier")
    if filters.q:
        q = filters.q.strip()
        facilities = facilities.filter(Q(name__icontains=q) | Q(code__icontains=q))
    if filters.country:
        facilities = facilities.filter(country=filters.country)
    listed = list(facilities.only("pk", "code", "name", "country", "supplier__legal_name"))
    assessments = assess_facilities(listed, today=today)
    rows: list[dict[str, Any]] = []
    for facility in listed:
        a = assessments[facility.pk]
        if filters.risk_class and a.risk.risk_class != filters.risk_class:
            continue
        if filters.status and a.compliance.status != filters.status:
            continue
        days = (a.risk.next_audit_due - today).days
        if filters.within_days is not None and days > filters.within_days:
            continue
        rows.append(
            {
                "facility": facility,
                "assessment": a,
                "days": days,
                "days_over": -days,
                "overdue": days < 0,
            }
        )
    rows.sort(key=lambda r: (r["days"], -r["assessment"].risk.score, r["facility"].name))
    return rows


# --------------------------------------------------------------------------- supplier screens


def supplier_actions(*, user: User, today: dt.date | None = None) -> list[dict[str, Any]]:
    """A supplier user's own corrective actions that are not closed: its turn first (overdue
    first), then those awaiting verification."""
    require_audit(user, AuditAction.RESPOND_ACTIONS)
    today = today or timezone.localdate()
    actions = action_list(user=user, filters=ActionFilters(state=ActionState.OPEN), today=today)
    rows = [action_flags(a, today) for a in actions]
    rows.sort(key=lambda r: (not r["supplier_turn"], r["action"].due_date))
    return rows


# --------------------------------------------------------------------------- dashboard


def _suspending_findings(today: dt.date) -> QuerySet[Finding]:
    return (
        Finding.objects.filter(
            status=FindingStatus.RECORDED,
            finding_type=FindingType.NON_COMPLIANCE,
            corrective_action__status__in=ACTION_OPEN_STATUSES,
        )
        .exclude(audit__status=AuditStatus.CANCELLED)
        .filter(
            Q(severity=Severity.CRITICAL)
            | Q(severity=Severity.MAJOR, corrective_action__due_date__lt=today)
        )
    )


def dashboard_panels(*, user: User) -> list[dict[str, Any]]:
    """Audit panels for the dashboard: operator roles see suspended facilities, overdue actions
    and actions to verify; a supplier user its open actions; an auditor its firm's open audits."""
    if not can_audit(user, AuditAction.VIEW_AUDITS):
        return []
    today = timezone.localdate()
    panels: list[dict[str, Any]] = []
    actions_url = reverse("audits:action_list")

    def action_items(actions: QuerySet[CorrectiveAction]) -> list[dict[str, Any]]:
        return [
            {
                "label": f"{a.finding.reference} · {a.finding.audit.facility.name}",
                "url": reverse("audits:action_detail", args=[a.finding.reference]),
                "note": _("due %(day)s") % {"day": a.due_date.isoformat()},
            }
            for a in actions[:PANEL_ITEMS]
        ]

    if user.is_operator:
        suspending = _suspending_findings(today)
        facility_ids = list(
            suspending.order_by().values_list("audit__facility_id", flat=True).distinct()
        )
        facilities = Facility.objects.filter(pk__in=facility_ids).order_by("name")
        first_reason: dict[int, str] = {}
        for facility_id, reference, severity in suspending.order_by(
            "corrective_action__due_date"
        ).values_list("audit__facility_id", "reference", "severity"):
            first_reason.setdefault(
                facility_id,
                _("open critical finding %(ref)s") % {"ref": reference}
                if severity == Severity.CRITICAL
                else _("overdue major finding %(ref)s") % {"ref": reference},
            )
        panels.append(
            {
                "key": "facilities-suspended-by-findings",
                "title": _("Facilities suspended by audit findings"),
                "count": len(facility_ids),
                "items": [
                    {
                        "label": f"{f.name} ({f.code})",
                        "url": reverse("audits:facility_compliance", args=[f.code]),
                        "note": first_reason.get(f.pk, ""),
                    }
                    for f in facilities[:PANEL_ITEMS]
                ],
                "url": reverse("audits:due_list") + f"?status={compliance.SUSPENDED}",
                "tone": "bad" if facility_ids else "ok",
            }
        )
        for key, state, title, tone in (
            ("actions-overdue", ActionState.OVERDUE, _("Overdue corrective actions"), "bad"),
            (
                "actions-to-verify",
                ActionState.SUBMITTED,
                _("Corrective actions to verify"),
                "warn",
            ),
        ):
            rows = action_list(user=user, filters=ActionFilters(state=state), today=today)
            count = rows.count()
            panels.append(
                {
                    "key": key,
                    "title": title,
                    "count": count,
                    "items": action_items(rows),
                    "url": f"{actions_url}?state={state}",
                    "tone": tone if count else "ok",
                }
            )
    elif user.role == Role.SUPPLIER_USER:
        rows = action_list(user=user, filters=ActionFilters(state=ActionState.TODO), today=today)
        count = rows.count()
        overdue = rows.filter(due_date__lt=today).count()
        panels.append(
            {
                "key": "my-corrective-actions",
                "title": _("Your corrective actions to answer"),
                "count": count,
                "items": action_items(rows),
                "url": reverse("audits:supplier_actions"),
                "tone": "bad" if overdue else ("warn" if count else "ok"),
            }
        )
    elif user.role == Role.AUDITOR:
        audits = audit_queryset(user=user).exclude(
            status__in=[AuditStatus.CLOSED, AuditStatus.CANCELLED]
        )
        count = audits.count()
        panels.append(
            {
                "key": "firm-audits-open",
                "title": _("Your firm's audits not closed"),
                "count": count,
                "items": [
                    {
                        "label": f"{a.reference} · {a.facility.name}",
                        "url": reverse("audits:audit_detail", args=[a.reference]),
                        "note": a.get_status_display(),
                    }
                    for a in audits.select_related("facility").order_by("-id")[:PANEL_ITEMS]
                ],
                "url": reverse("audits:audit_list"),
                "tone": "warn" if count else "ok",
            }
        )
    return panels
