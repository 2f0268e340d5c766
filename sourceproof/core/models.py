"""Shared model pieces: the base model, the operator's policy and the tamper-evident change log."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    """Every domain row knows when it was created and last changed."""

    created_at = models.DateTimeField(auto_now_add=True, help_text="When the row was created.")
    updated_at = models.DateTimeField(auto_now=True, help_text="When the row was last changed.")

    class Meta:
        abstract = True


class OperatorPolicy(models.Model):
    """The operator's configurable policy: one row (pk=1), edited by operator admins."""

    smeta_max_age_months = models.PositiveSmallIntegerField(
        default=24,
        help_text="A SMETA 4-pillar audit older than this many months no longer opens the gate.",
    )
    certificate_warning_days = models.PositiveSmallIntegerField(
        default=60, help_text="Certificates expiring within this many days are flagged."
    )
    exception_max_days = models.PositiveSmallIntegerField(
        default=90, help_text="The longest a gate exception may run, in days."
    )
    updated_at = models.DateTimeField(auto_now=True, help_text="When the policy last changed.")

    class Meta:
        verbose_name = _("operator policy")
        verbose_name_plural = _("operator policy")
        constraints: ClassVar = [
            models.CheckConstraint(condition=models.Q(pk=1), name="operator_policy_singleton"),
            models.CheckConstraint(
                condition=models.Q(smeta_max_age_months__gte=1), name="policy_smeta_age_positive"
            ),
        ]

    def __str__(self) -> str:
        return "Operator policy"

    @classmethod
    def current(cls) -> OperatorPolicy:
        policy, _created = cls.objects.get_or_create(pk=1)
        return policy


class ChangeAction(models.TextChoices):
    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    DELETE = "delete", _("deleted")
    EVENT = "event", _("event")


class ChangeRecord(models.Model):
    """One entry of the change log: who changed what, when.

    Entries form a hash chain (each stores the SHA-256 of its content and of the entry
    before it), so an edit or deletion of history is detectable with `verify_chain()`.
    Rows are only ever inserted, by `sourceproof.core.changelog.record_change`.
    """

    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, help_text="The kind of record that changed."
    )
    object_id = models.CharField(max_length=64, help_text="The primary key of that record.")
    object_repr = models.CharField(max_length=200, help_text="How the record was named then.")
    action = models.CharField(
        max_length=10, choices=ChangeAction.choices, help_text="What happened."
    )
    summary = models.CharField(
        max_length=300, blank=True, help_text="A one-line description of an event."
    )
    changes = models.JSONField(
        default=dict, blank=True, help_text="Field name → [old, new] for updates."
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who made the change (empty for the system).",
    )
    actor_label = models.CharField(
        max_length=200, help_text="The actor's name and email at the time, kept if the user goes."
    )
    at = models.DateTimeField(db_index=True, help_text="When the change was made.")
    previous_hash = models.CharField(max_length=64, help_text="Hash of the entry before.")
    entry_hash = models.CharField(max_length=64, unique=True, help_text="Hash of this entry.")

    class Meta:
        ordering: ClassVar = ["-at", "-id"]
        indexes: ClassVar = [models.Index(fields=["content_type", "object_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"
