"""What each customer user wants to receive by email, and what was sent (so a retried task
never sends the same notification twice). See docs/notifications.md."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sourceproof.core.models import BaseModel


class NotificationKind(models.TextChoices):
    VERDICT = "verdict", _("Inspection verdict")
    WEEKLY_DIGEST = "weekly_digest", _("Weekly digest")


# The defaults of a user who never saved the preferences page (no row yet): rows are made
# when the user first saves, never by reading.
DEFAULT_FAILURES_AT_ONCE = True
DEFAULT_EVERY_VERDICT_AT_ONCE = False
DEFAULT_WEEKLY_DIGEST = True


class NotificationPreference(BaseModel):
    """One customer user's email preferences (one row per user, made on first save)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        help_text="Whose preferences.",
    )
    failures_at_once = models.BooleanField(
        default=DEFAULT_FAILURES_AT_ONCE,
        help_text="Email a failed inspection of the user's organisation as soon as it is reviewed.",
    )
    every_verdict_at_once = models.BooleanField(
        default=DEFAULT_EVERY_VERDICT_AT_ONCE,
        help_text="Email every reviewed inspection's verdict at once, passes included.",
    )
    weekly_digest = models.BooleanField(
        default=DEFAULT_WEEKLY_DIGEST,
        help_text="Email a weekly summary (skipped when the week brought nothing).",
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"Notification preferences of {self.user}"

    def wants_verdict(self, verdict: str) -> bool:
        """Whether a reviewed inspection with this final verdict is emailed at once."""
        return self.every_verdict_at_once or (verdict == "fail" and self.failures_at_once)


class NotificationSent(models.Model):
    """One notification emailed to one user. The unique (user, kind, key) makes sending
    idempotent: a retried or repeated task finds the row and sends nothing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications_sent",
        help_text="The recipient.",
    )
    kind = models.CharField(
        max_length=20, choices=NotificationKind.choices, help_text="What was sent."
    )
    key = models.CharField(
        max_length=60,
        help_text="What it was about: 'QC-2026-00042:fail' (report number and verdict) or "
        "'2026-W07' (the ISO week of a digest).",
    )
    email = models.EmailField(help_text="The address it went to.")
    sent_at = models.DateTimeField(auto_now_add=True, db_index=True, help_text="When it was sent.")

    class Meta:
        ordering: ClassVar = ["-sent_at", "-id"]
        verbose_name = _("notification sent")
        verbose_name_plural = _("notifications sent")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["user", "kind", "key"], name="notification_sent_once_per_user_kind_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} to {self.email}"
