"""Decisions weighed on people, planet and profit; stakeholders and the dialogue with them;
the CSR team's own controls (a calendar of internal checks and their results)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sourceproof.core.models import BaseModel

_aspect = [MinValueValidator(-2), MaxValueValidator(2)]


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    APPROVED = "approved", _("Approved by the CSR team")


class Decision(BaseModel):
    """A decision, the options considered and the one chosen, approved by the CSR team."""

    reference = models.CharField(
        max_length=20, unique=True, help_text="Public reference, e.g. DEC-2026-004."
    )
    title = models.CharField(max_length=200, help_text="The decision in one line.")
    context = models.TextField(blank=True, help_text="Why a decision is needed.")
    decided_on = models.DateField(help_text="When it was (or will be) decided.")
    status = models.CharField(
        max_length=10,
        choices=DecisionStatus.choices,
        default=DecisionStatus.DRAFT,
        db_index=True,
        help_text="Being prepared, or approved (then it no longer changes).",
    )
    chosen_option = models.ForeignKey(
        "DecisionOption",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The option chosen.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who recorded it.",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who approved it for the CSR team.",
    )
    approved_at = models.DateTimeField(null=True, blank=True, help_text="When it was approved.")

    class Meta:
        ordering: ClassVar = ["-decided_on", "-pk"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~Q(status="approved")
                | Q(
                    approved_at__isnull=False,
                    approved_by__isnull=False,
                    chosen_option__isnull=False,
                ),
                name="csr_decision_approved_complete",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def is_locked(self) -> bool:
        return self.status == DecisionStatus.APPROVED


class DecisionOption(BaseModel):
    """An option considered, judged on its economic, social and environmental effects."""

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="options", help_text="The decision."
    )
    label = models.CharField(max_length=200, help_text="The option in a few words.")
    description = models.TextField(blank=True, help_text="What it would mean.")
    economic_score = models.SmallIntegerField(
        validators=_aspect, help_text="Economic effect, -2 (very negative) to +2 (very positive)."
    )
    economic_rationale = models.CharField(max_length=500, help_text="Why that economic score.")
    social_score = models.SmallIntegerField(
        validators=_aspect, help_text="Social effect, -2 to +2."
    )
    social_rationale = models.CharField(max_length=500, help_text="Why that social score.")
    environmental_score = models.SmallIntegerField(
        validators=_aspect, help_text="Environmental effect, -2 to +2."
    )
    environmental_rationale = models.CharField(
        max_length=500, help_text="Why that environmental score."
    )

    class Meta:
        ordering: ClassVar = ["decision", "pk"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(economic_score__gte=-2, economic_score__lte=2)
                & Q(social_score__gte=-2, social_score__lte=2)
                & Q(environmental_score__gte=-2, environmental_score__lte=2),
                name="csr_option_scores_minus2_plus2",
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def total_score(self) -> int:
        return self.economic_score + self.social_score + self.environmental_score


class StakeholderType(models.TextChoices):
    EMPLOYEES = "employees", _("Employees")
    CUSTOMERS = "customers", _("Customers")
    SUPPLIERS = "suppliers", _("Suppliers")
    NGOS = "ngos", _("NGOs")
    COMMUNITY = "community", _("Local community")
    GOVERNMENT = "government", _("Government")
    INVESTORS = "investors", _("Investors")


class Stakeholder(BaseModel):
    """A person or organisation the company keeps a dialogue with."""

    name = models.CharField(max_length=200, help_text="Name of the stakeholder (group).")
    stakeholder_type = models.CharField(
        max_length=20, choices=StakeholderType.choices, help_text="Kind of stakeholder."
    )
    contact_name = models.CharField(max_length=200, blank=True, help_text="Contact person.")
    contact_email = models.EmailField(blank=True, help_text="Contact email.")
    interests = models.TextField(blank=True, help_text="What matters to them.")
    is_active = models.BooleanField(default=True, help_text="Still in the dialogue.")

    class Meta:
        ordering: ClassVar = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class Channel(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    VIDEO_CALL = "video_call", _("Video call")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("Email")
    SURVEY = "survey", _("Survey")
    EVENT = "event", _("Event")
    SITE_VISIT = "site_visit", _("Site visit")
    LETTER = "letter", _("Letter")
    OTHER = "other", _("Other")


class Dialogue(BaseModel):
    """One conversation with a stakeholder: topic, date, channel, summary."""

    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.PROTECT, related_name="dialogues", help_text="With whom."
    )
    topic = models.CharField(max_length=200, help_text="What it was about.")
    held_on = models.DateField(help_text="When it took place.")
    channel = models.CharField(max_length=20, choices=Channel.choices, help_text="How.")
    summary = models.TextField(help_text="What was said and agreed.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who recorded it.",
    )

    class Meta:
        ordering: ClassVar = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.topic}"


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class FollowUpAction(BaseModel):
    """A follow-up agreed in a dialogue, with an owner and a due date."""

    dialogue = models.ForeignKey(
        Dialogue, on_delete=models.CASCADE, related_name="follow_ups", help_text="The dialogue."
    )
    description = models.CharField(max_length=300, help_text="What was agreed.")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who is responsible.",
    )
    due_date = models.DateField(help_text="When it must be done.")
    status = models.CharField(
        max_length=10,
        choices=FollowUpStatus.choices,
        default=FollowUpStatus.OPEN,
        help_text="Where it stands.",
    )
    completed_at = models.DateTimeField(null=True, blank=True, help_text="When it was closed.")

    class Meta:
        ordering: ClassVar = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.description


class Frequency(models.IntegerChoices):
    MONTHLY = 1, _("Monthly")
    QUARTERLY = 3, _("Quarterly")
    HALF_YEARLY = 6, _("Every six months")
    YEARLY = 12, _("Yearly")


class Control(BaseModel):
    """An internal check the CSR team runs: what, who, how often."""

    title = models.CharField(max_length=200, help_text="What is checked.")
    method = models.TextField(blank=True, help_text="How it is checked.")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who runs it.",
    )
    frequency_months = models.PositiveSmallIntegerField(
        choices=Frequency.choices, help_text="How often, in months."
    )
    first_due = models.DateField(help_text="When it is first due.")
    is_active = models.BooleanField(default=True, help_text="Still in the calendar.")

    class Meta:
        ordering: ClassVar = ["title", "pk"]

    def __str__(self) -> str:
        return self.title


class ControlOutcome(models.TextChoices):
    PASSED = "passed", _("In order")
    ISSUES = "issues", _("Minor issues")
    FAILED = "failed", _("Not in order")


class ControlResult(BaseModel):
    """The result of one run of a control."""

    control = models.ForeignKey(
        Control, on_delete=models.CASCADE, related_name="results", help_text="The control."
    )
    performed_on = models.DateField(help_text="When it was run.")
    outcome = models.CharField(max_length=10, choices=ControlOutcome.choices, help_text="Result.")
    notes = models.TextField(blank=True, help_text="What was found and done.")
    performed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who ran it.",
    )

    class Meta:
        ordering: ClassVar = ["-performed_on", "-pk"]
        indexes: ClassVar = [models.Index(fields=["control", "-performed_on"])]

    def __str__(self) -> str:
        return f"{self.control_id} {self.performed_on}: {self.outcome}"
