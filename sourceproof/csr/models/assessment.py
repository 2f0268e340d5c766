"""The yearly CSR self-assessment (MVO register) along the seven ISO 26000 core subjects."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sourceproof.core.models import BaseModel


class CoreSubject(models.Model):
    """One of ISO 26000's seven core subjects."""

    code = models.SlugField(max_length=40, unique=True, help_text="Stable code.")
    name = models.CharField(max_length=100, help_text="Name shown to people.")
    clause = models.CharField(
        max_length=10, blank=True, help_text="The ISO 26000 clause, e.g. 6.5."
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Position in lists.")

    class Meta:
        ordering: ClassVar = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class AssessmentQuestion(models.Model):
    """A question the CSR team answers every year, under a core subject."""

    subject = models.ForeignKey(
        CoreSubject, on_delete=models.PROTECT, related_name="questions", help_text="Subject."
    )
    code = models.SlugField(max_length=60, unique=True, help_text="Stable code.")
    text = models.CharField(max_length=300, help_text="The question.")
    guidance = models.CharField(
        max_length=500, blank=True, help_text="What a good answer or evidence looks like."
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Position within the subject.")
    is_active = models.BooleanField(default=True, help_text="Asked in new assessments.")

    class Meta:
        ordering: ClassVar = ["subject__order", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted (locked)")


class SelfAssessment(BaseModel):
    """One assessment a year; locked once submitted."""

    year = models.PositiveSmallIntegerField(unique=True, help_text="The year assessed.")
    status = models.CharField(
        max_length=10,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.DRAFT,
        help_text="Draft until submitted; a submitted assessment cannot change.",
    )
    summary = models.TextField(blank=True, help_text="The team's conclusions for the year.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who started it.",
    )
    submitted_at = models.DateTimeField(null=True, blank=True, help_text="When it was submitted.")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who submitted it.",
    )

    class Meta:
        ordering: ClassVar = ["-year"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~Q(status="submitted") | Q(submitted_at__isnull=False),
                name="csr_assessment_submitted_has_time",
            )
        ]

    def __str__(self) -> str:
        return f"CSR self-assessment {self.year}"

    @property
    def is_locked(self) -> bool:
        return self.status == AssessmentStatus.SUBMITTED


class MaturityLevel(models.IntegerChoices):
    NOT_ADDRESSED = 0, _("0 - Not addressed")
    INITIAL = 1, _("1 - Initial: ad hoc")
    DEVELOPING = 2, _("2 - Developing: policy, partly applied")
    ESTABLISHED = 3, _("3 - Established: applied and measured")
    LEADING = 4, _("4 - Leading: improved year on year, reported")


class AssessmentAnswer(BaseModel):
    """The maturity of one question in one assessment, with its evidence."""

    assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.CASCADE, related_name="answers", help_text="Assessment."
    )
    question = models.ForeignKey(
        AssessmentQuestion, on_delete=models.PROTECT, related_name="answers", help_text="Question."
    )
    maturity = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        choices=MaturityLevel.choices,
        help_text="Maturity 0-4 (empty: not answered yet).",
    )
    evidence = models.TextField(blank=True, help_text="What shows it (documents, records).")
    evidence_file = models.FileField(
        upload_to="csr/assessments/%Y/", blank=True, help_text="A supporting document."
    )
    evidence_sha256 = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of the supporting document."
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who last answered.",
    )

    class Meta:
        ordering: ClassVar = ["question__subject__order", "question__order", "pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["assessment", "question"], name="csr_answer_once_per_question"
            ),
            models.CheckConstraint(
                condition=Q(maturity__isnull=True) | Q(maturity__lte=4),
                name="csr_answer_maturity_0_4",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id}/{self.question_id}: {self.maturity}"


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class ImprovementAction(BaseModel):
    """What the team will improve after an assessment: owner, due date, status."""

    assessment = models.ForeignKey(
        SelfAssessment,
        on_delete=models.CASCADE,
        related_name="actions",
        help_text="The assessment that led to it.",
    )
    subject = models.ForeignKey(
        CoreSubject,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The core subject it improves.",
    )
    title = models.CharField(max_length=200, help_text="What will be done.")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who is responsible.",
    )
    due_date = models.DateField(help_text="When it must be done.")
    status = models.CharField(
        max_length=12,
        choices=ActionStatus.choices,
        default=ActionStatus.OPEN,
        help_text="Where it stands.",
    )
    completed_at = models.DateTimeField(null=True, blank=True, help_text="When it was done.")

    class Meta:
        ordering: ClassVar = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.title
