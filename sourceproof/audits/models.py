"""Social-compliance audits, their findings and the corrective actions that follow them.

- `Audit`: one audit of one facility against a standard (SMETA 6.1/7.0, amfori BSCI, SA8000 or
  the operator's own), with its report document and a status draft → in progress → report
  received → closed (or cancelled).
- `Finding`: what an audit found, classified by type, pillar, ETI Base Code clause and severity.
  A finding starts as a draft (e.g. from the wage-hours analyser) or is recorded at once; only
  recorded findings count. `rule_code` and the period carry a machine-made finding's origin.
- `CorrectiveAction`: one per recorded non-compliance; the supplier answers it (root cause,
  action, owner, evidence) and submits, the operator verifies, sends back or notes progress.
  Every step is a `CorrectiveActionStep`; evidence files are `CorrectiveActionEvidence`.
- `AuditPolicy`: the operator's knobs for this app (corrective-action days per severity, risk
  thresholds, audit intervals per risk class).

No domain logic lives here: the services move statuses, `compliance.py` and `risk.py` derive.
See docs/audits.md.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sourceproof.accounts.models import Organisation
from sourceproof.core.models import BaseModel
from sourceproof.facilities.models import Facility

# APSCA publishes the auditor levels (ASCA, CSCA and, since 2023, RA) but not the member-number
# format; reports show e.g. "CSCA 21701234". Accept an optional level, then 6-10 digits.
apsca_number_validator = RegexValidator(
    r"^((ASCA|CSCA|RA|ASR)[ /-]?)?\d{6,10}$",
    _("An APSCA member number looks like 'CSCA 21701234': an optional level, then digits."),
)
# Sedex audit references are "ZAA" + digits (e.g. ZAA600123456); accept ZA, one letter, digits.
sedex_audit_validator = RegexValidator(
    r"^ZA[A-Z]?\d{6,12}$", _("A Sedex audit reference looks like ZAA600123456.")
)


# --------------------------------------------------------------------------- policy


class AuditPolicy(models.Model):
    """The operator's audit policy: one row (pk=1), edited by operator admins in the admin."""

    ca_days_critical = models.PositiveSmallIntegerField(
        default=30, help_text="Days to close a corrective action for a critical finding."
    )
    ca_days_major = models.PositiveSmallIntegerField(
        default=60, help_text="Days to close a corrective action for a major finding."
    )
    ca_days_minor = models.PositiveSmallIntegerField(
        default=90, help_text="Days to close a corrective action for a minor finding."
    )
    ca_near_due_days = models.PositiveSmallIntegerField(
        default=14, help_text="The digest reminds suppliers of actions due within this many days."
    )
    risk_high_threshold = models.PositiveSmallIntegerField(
        default=50, help_text="A risk score at or above this is high risk (0-100)."
    )
    risk_medium_threshold = models.PositiveSmallIntegerField(
        default=25, help_text="A risk score at or above this (and below high) is medium risk."
    )
    next_audit_months_high = models.PositiveSmallIntegerField(
        default=12, help_text="Months from the last audit to the next, for a high-risk facility."
    )
    next_audit_months_medium = models.PositiveSmallIntegerField(
        default=24, help_text="Months from the last audit to the next, for a medium-risk facility."
    )
    next_audit_months_low = models.PositiveSmallIntegerField(
        default=36, help_text="Months from the last audit to the next, for a low-risk facility."
    )
    updated_at = models.DateTimeField(auto_now=True, help_text="When the policy last changed.")

    class Meta:
        verbose_name = _("audit policy")
        verbose_name_plural = _("audit policy")
        constraints: ClassVar = [
            models.CheckConstraint(condition=Q(pk=1), name="audit_policy_singleton"),
            models.CheckConstraint(
                condition=Q(ca_days_critical__gte=1, ca_days_major__gte=1, ca_days_minor__gte=1),
                name="audit_policy_ca_days_positive",
            ),
            models.CheckConstraint(
                condition=Q(risk_medium_threshold__lt=models.F("risk_high_threshold")),
                name="audit_policy_thresholds_ordered",
            ),
            models.CheckConstraint(
                condition=Q(
                    next_audit_months_high__gte=1,
                    next_audit_months_medium__gte=1,
                    next_audit_months_low__gte=1,
                ),
                name="audit_policy_intervals_positive",
            ),
        ]

    def __str__(self) -> str:
        return "Audit policy"

    @classmethod
    def current(cls) -> AuditPolicy:
        policy, _created = cls.objects.get_or_create(pk=1)
        return policy


# --------------------------------------------------------------------------- audits


class AuditStandard(models.TextChoices):
    SMETA_6_1 = "smeta_6_1", _("SMETA 6.1")
    SMETA_7_0 = "smeta_7_0", _("SMETA 7.0")
    AMFORI_BSCI = "amfori_bsci", _("amfori BSCI")
    SA8000 = "sa8000", _("SA8000")
    INTERNAL = "internal", _("Internal audit")


SMETA_STANDARDS = (AuditStandard.SMETA_6_1, AuditStandard.SMETA_7_0)


class AuditType(models.TextChoices):
    FULL_INITIAL = "full_initial", _("Full initial")
    PERIODIC = "periodic", _("Periodic")
    FOLLOW_UP = "follow_up", _("Follow-up")
    DESKTOP_REVIEW = "desktop_review", _("Desktop review")


class Announcement(models.TextChoices):
    ANNOUNCED = "announced", _("Announced")
    SEMI_ANNOUNCED = "semi_announced", _("Semi-announced")
    UNANNOUNCED = "unannounced", _("Unannounced")


class AuditStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_PROGRESS = "in_progress", _("In progress")
    REPORT_RECEIVED = "report_received", _("Report received")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


# An audit in one of these has happened and its report is in: it counts as "audited".
COMPLETED_AUDIT_STATUSES = (AuditStatus.REPORT_RECEIVED, AuditStatus.CLOSED)


class BsciGrade(models.TextChoices):
    A = "A", _("A - very good")
    B = "B", _("B - good")
    C = "C", _("C - acceptable")
    D = "D", _("D - insufficient")
    E = "E", _("E - unacceptable")


class Audit(BaseModel):
    """One social-compliance audit of one facility."""

    reference = models.CharField(
        max_length=20, unique=True, help_text="Public audit reference, e.g. AUD-00042."
    )
    facility = models.ForeignKey(
        Facility, on_delete=models.PROTECT, related_name="audits", help_text="The audited site."
    )
    standard = models.CharField(
        max_length=20, choices=AuditStandard.choices, help_text="The standard audited against."
    )
    pillars = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        choices=[(2, _("2-pillar")), (4, _("4-pillar"))],
        help_text="SMETA: 2 (labour, health & safety) or 4 (plus environment, business ethics).",
    )
    audit_type = models.CharField(
        max_length=20, choices=AuditType.choices, help_text="Full initial, periodic, follow-up…"
    )
    announcement = models.CharField(
        max_length=20, choices=Announcement.choices, help_text="How the site was told."
    )
    audit_firm = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audits",
        limit_choices_to={"kind": "audit_firm"},
        help_text="The audit firm (empty for an internal audit by the operator).",
    )
    lead_auditor_name = models.CharField(
        max_length=200, blank=True, help_text="The lead auditor's name."
    )
    lead_auditor_apsca = models.CharField(
        max_length=20,
        blank=True,
        validators=[apsca_number_validator],
        help_text="The lead auditor's APSCA member number, e.g. CSCA 21701234.",
    )
    start_date = models.DateField(null=True, blank=True, help_text="First day on site.")
    end_date = models.DateField(
        null=True, blank=True, db_index=True, help_text="Last day on site (the audit date)."
    )
    sedex_audit_reference = models.CharField(
        max_length=16,
        blank=True,
        validators=[sedex_audit_validator],
        help_text="The audit's Sedex reference (ZAA…), for SMETA audits.",
    )
    bsci_grade = models.CharField(
        max_length=1,
        blank=True,
        choices=BsciGrade.choices,
        help_text="amfori BSCI overall rating A-E (only for amfori BSCI audits).",
    )
    status = models.CharField(
        max_length=20,
        choices=AuditStatus.choices,
        default=AuditStatus.DRAFT,
        db_index=True,
        help_text="Where the audit stands.",
    )
    summary = models.TextField(
        blank=True, help_text="The auditor's summary or the operator's notes."
    )
    report = models.FileField(
        upload_to="audits/reports/%Y/%m/",
        blank=True,
        help_text="The audit report (PDF), served only through a scoped view.",
    )
    report_sha256 = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of the report document."
    )
    report_uploaded_at = models.DateTimeField(
        null=True, blank=True, help_text="When the report was uploaded."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who recorded the audit.",
    )

    class Meta:
        ordering: ClassVar = ["-end_date", "-id"]
        indexes: ClassVar = [models.Index(fields=["facility", "status", "-end_date"])]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="audit_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(pillars__isnull=True) | Q(pillars__in=[2, 4]),
                name="audit_pillars_2_or_4",
            ),
            models.CheckConstraint(
                condition=~Q(standard__in=[s.value for s in SMETA_STANDARDS])
                | Q(pillars__isnull=False),
                name="audit_smeta_has_pillars",
            ),
            models.CheckConstraint(
                condition=Q(bsci_grade="") | Q(standard=AuditStandard.AMFORI_BSCI),
                name="audit_bsci_grade_only_for_bsci",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[s.value for s in COMPLETED_AUDIT_STATUSES])
                | Q(end_date__isnull=False),
                name="audit_completed_has_end_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.get_standard_display()}"

    @property
    def is_smeta_4_pillar(self) -> bool:
        return self.standard in SMETA_STANDARDS and self.pillars == 4


# --------------------------------------------------------------------------- findings


class FindingType(models.TextChoices):
    NON_COMPLIANCE = "non_compliance", _("Non-compliance")
    OBSERVATION = "observation", _("Observation")
    GOOD_EXAMPLE = "good_example", _("Good example")
    COLLABORATIVE_ACTION = "collaborative_action", _("Collaborative action required")
    MANAGEMENT_SYSTEM = "management_system", _("Management-system assessment")


# Finding types that only SMETA 7.0 knows.
SMETA_7_ONLY_TYPES = (FindingType.COLLABORATIVE_ACTION, FindingType.MANAGEMENT_SYSTEM)


class Pillar(models.TextChoices):
    LABOUR_STANDARDS = "labour_standards", _("Labour standards")
    HEALTH_SAFETY = "health_safety", _("Health & safety")
    ENVIRONMENT = "environment", _("Environment")
    BUSINESS_ETHICS = "business_ethics", _("Business ethics")


# The pillars a 2-pillar SMETA audit covers.
TWO_PILLARS = (Pillar.LABOUR_STANDARDS, Pillar.HEALTH_SAFETY)


class Clause(models.TextChoices):
    """The ETI Base Code clause a finding breaks, or the other areas SMETA reports on."""

    ETI_1 = "1", _("ETI 1 Employment is freely chosen")
    ETI_2 = "2", _("ETI 2 Freedom of association and collective bargaining")
    ETI_3 = "3", _("ETI 3 Safe and hygienic working conditions")
    ETI_4 = "4", _("ETI 4 No child labour")
    ETI_5 = "5", _("ETI 5 Living wages")
    ETI_6 = "6", _("ETI 6 No excessive working hours")
    ETI_7 = "7", _("ETI 7 No discrimination")
    ETI_8 = "8", _("ETI 8 Regular employment")
    ETI_8A = "8A", _("ETI 8A Sub-contracting and homeworking")
    ETI_9 = "9", _("ETI 9 No harsh or inhumane treatment")
    LOCAL_LAW = "local_law", _("Local law")
    MANAGEMENT_SYSTEMS = "management_systems", _("Management systems")
    ENVIRONMENT = "environment", _("Environment")
    BUSINESS_ETHICS = "business_ethics", _("Business ethics")
    ENTITLEMENT_TO_WORK = "entitlement_to_work", _("Entitlement to work")


class Severity(models.TextChoices):
    CRITICAL = "critical", _("Critical")
    MAJOR = "major", _("Major")
    MINOR = "minor", _("Minor")


class AppliedStandard(models.TextChoices):
    """Where local law and the ETI Base Code differ, the stricter one applies: which was it."""

    BOTH = "both", _("Law and code agree")
    ETI_BASE_CODE = "eti_base_code", _("ETI Base Code (stricter than local law)")
    LOCAL_LAW = "local_law", _("Local law (stricter than the code)")


class FindingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    RECORDED = "recorded", _("Recorded")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class FindingSource(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    IMPORT = "import", _("Imported from a file")
    WAGEHOURS = "wagehours", _("Wage and working-hours analyser")


class Finding(BaseModel):
    """One finding of an audit.

    Only a recorded finding counts. A recorded non-compliance has one corrective action; it is
    open until that action is verified. A finding made by a tool (the wage-hours analyser)
    keeps the rule it broke in `rule_code` and the period in `period_start`/`period_end`, and
    the measured value and limit in `evidence`.
    """

    audit = models.ForeignKey(
        Audit, on_delete=models.PROTECT, related_name="findings", help_text="The audit."
    )
    number = models.PositiveSmallIntegerField(help_text="Number within the audit: 1, 2, 3…")
    reference = models.CharField(
        max_length=30, unique=True, help_text="Public reference, e.g. AUD-00042-F03."
    )
    finding_type = models.CharField(
        max_length=30, choices=FindingType.choices, help_text="Non-compliance, observation…"
    )
    pillar = models.CharField(max_length=20, choices=Pillar.choices, help_text="SMETA pillar.")
    clause = models.CharField(
        max_length=30, choices=Clause.choices, help_text="ETI Base Code clause or area."
    )
    severity = models.CharField(
        max_length=10,
        choices=Severity.choices,
        blank=True,
        help_text="Critical, major or minor (non-compliances only).",
    )
    title = models.CharField(max_length=200, help_text="The finding in one line.")
    evidence = models.TextField(blank=True, help_text="What the auditor saw, read or was told.")
    local_law_reference = models.CharField(
        max_length=300, blank=True, help_text="The local law article concerned."
    )
    applied_standard = models.CharField(
        max_length=20,
        choices=AppliedStandard.choices,
        default=AppliedStandard.BOTH,
        help_text="Where law and code differ, which (the stricter) was applied.",
    )
    status = models.CharField(
        max_length=10,
        choices=FindingStatus.choices,
        default=FindingStatus.RECORDED,
        db_index=True,
        help_text="Draft (not yet counted), recorded, or withdrawn.",
    )
    source = models.CharField(
        max_length=20,
        choices=FindingSource.choices,
        default=FindingSource.MANUAL,
        help_text="How the finding was made.",
    )
    rule_code = models.CharField(
        max_length=60, blank=True, help_text="A tool's rule, e.g. hours.weekly_total."
    )
    period_start = models.DateField(null=True, blank=True, help_text="First day concerned.")
    period_end = models.DateField(null=True, blank=True, help_text="Last day concerned.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who entered the finding.",
    )

    class Meta:
        ordering: ClassVar = ["audit_id", "number"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["audit", "number"], name="finding_number_per_audit"),
            models.CheckConstraint(
                condition=(Q(finding_type=FindingType.NON_COMPLIANCE) & ~Q(severity=""))
                | (~Q(finding_type=FindingType.NON_COMPLIANCE) & Q(severity="")),
                name="finding_severity_iff_non_compliance",
            ),
            models.CheckConstraint(
                condition=~Q(applied_standard=AppliedStandard.LOCAL_LAW)
                | ~Q(local_law_reference=""),
                name="finding_local_law_has_reference",
            ),
            models.CheckConstraint(
                condition=(Q(period_start__isnull=True) & Q(period_end__isnull=True))
                | (
                    Q(period_start__isnull=False)
                    & Q(period_end__isnull=False)
                    & Q(period_end__gte=models.F("period_start"))
                ),
                name="finding_period_complete_and_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def is_non_compliance(self) -> bool:
        return self.finding_type == FindingType.NON_COMPLIANCE


# --------------------------------------------------------------------------- corrective actions


class VerificationMethod(models.TextChoices):
    DESKTOP_REVIEW = "desktop_review", _("Desktop review")
    FOLLOW_UP_AUDIT = "follow_up_audit", _("Follow-up audit")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    SUBMITTED = "submitted", _("Submitted for verification")
    SENT_BACK = "sent_back", _("Sent back")
    PROGRESS_MADE = "progress_made", _("Progress made")
    VERIFIED = "verified", _("Verified")
    CANCELLED = "cancelled", _("Cancelled")


# The supplier still has work to do on an action in one of these.
ACTION_TODO_STATUSES = (ActionStatus.OPEN, ActionStatus.SENT_BACK, ActionStatus.PROGRESS_MADE)
# The finding stays open while its action is in one of these.
ACTION_OPEN_STATUSES = (*ACTION_TODO_STATUSES, ActionStatus.SUBMITTED)


class CorrectiveAction(BaseModel):
    """The corrective action for one recorded non-compliance."""

    finding = models.OneToOneField(
        Finding,
        on_delete=models.PROTECT,
        related_name="corrective_action",
        help_text="The non-compliance this action corrects.",
    )
    root_cause = models.TextField(blank=True, help_text="Why it happened (the supplier's view).")
    action = models.TextField(blank=True, help_text="What the supplier did or will do.")
    owner_name = models.CharField(
        max_length=200, blank=True, help_text="Who at the supplier is responsible."
    )
    due_date = models.DateField(db_index=True, help_text="When the action must be done.")
    due_date_overridden = models.BooleanField(
        default=False, help_text="The operator set the due date instead of the policy default."
    )
    verification_method = models.CharField(
        max_length=20,
        choices=VerificationMethod.choices,
        default=VerificationMethod.DESKTOP_REVIEW,
        help_text="How the operator will verify it.",
    )
    status = models.CharField(
        max_length=20,
        choices=ActionStatus.choices,
        default=ActionStatus.OPEN,
        db_index=True,
        help_text="Where the action stands.",
    )
    submitted_at = models.DateTimeField(null=True, blank=True, help_text="Last submitted.")
    verified_at = models.DateTimeField(null=True, blank=True, help_text="When it was verified.")
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who verified it.",
    )

    class Meta:
        ordering: ClassVar = ["due_date", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~Q(status=ActionStatus.VERIFIED)
                | Q(verified_at__isnull=False, verified_by__isnull=False),
                name="action_verified_has_who_and_when",
            )
        ]

    def __str__(self) -> str:
        return f"CA {self.finding.reference}"


class EvidenceKind(models.TextChoices):
    PDF = "pdf", "PDF"
    JPEG = "jpg", "JPEG"
    PNG = "png", "PNG"


class CorrectiveActionEvidence(models.Model):
    """A file the supplier uploaded as evidence for a corrective action."""

    corrective_action = models.ForeignKey(
        CorrectiveAction,
        on_delete=models.PROTECT,
        related_name="evidence_files",
        help_text="The action.",
    )
    file = models.FileField(upload_to="audits/evidence/%Y/%m/", help_text="The stored file.")
    kind = models.CharField(
        max_length=4, choices=EvidenceKind.choices, help_text="PDF, JPEG or PNG (by content)."
    )
    original_name = models.CharField(max_length=200, help_text="The file's name on upload.")
    size = models.PositiveIntegerField(help_text="Size in bytes.")
    sha256 = models.CharField(max_length=64, help_text="SHA-256 of the file.")
    description = models.CharField(max_length=300, blank=True, help_text="What the file shows.")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who uploaded it.",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True, help_text="When it was uploaded.")

    class Meta:
        ordering: ClassVar = ["uploaded_at", "id"]
        verbose_name_plural = "corrective action evidence"

    def __str__(self) -> str:
        return self.original_name


class StepKind(models.TextChoices):
    CREATED = "created", _("Created")
    RESPONDED = "responded", _("Answer saved")
    EVIDENCE_ADDED = "evidence_added", _("Evidence added")
    SUBMITTED = "submitted", _("Submitted")
    VERIFIED = "verified", _("Verified")
    SENT_BACK = "sent_back", _("Sent back")
    PROGRESS_MADE = "progress_made", _("Progress made")
    DUE_DATE_CHANGED = "due_date_changed", _("Due date changed")
    METHOD_CHANGED = "method_changed", _("Verification method changed")
    CANCELLED = "cancelled", _("Cancelled")


class CorrectiveActionStep(models.Model):
    """One step in a corrective action's life: who did what, when, with what comment."""

    corrective_action = models.ForeignKey(
        CorrectiveAction, on_delete=models.PROTECT, related_name="steps", help_text="The action."
    )
    kind = models.CharField(max_length=20, choices=StepKind.choices, help_text="What happened.")
    status_before = models.CharField(
        max_length=20, blank=True, choices=ActionStatus.choices, help_text="Status before."
    )
    status_after = models.CharField(
        max_length=20, blank=True, choices=ActionStatus.choices, help_text="Status after."
    )
    comment = models.TextField(blank=True, help_text="The comment that came with the step.")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who took the step (empty for the system).",
    )
    by_label = models.CharField(max_length=200, help_text="The person's name at the time.")
    at = models.DateTimeField(help_text="When.")

    class Meta:
        ordering: ClassVar = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind}"
