"""What the phone screen adds to the data: the log of operations already applied.

The phone queues every change (a checkpoint result, a defect counted, a photo, remarks,
submit) as an operation with a UUID it makes itself, and sends the queue when it has a
connection. A connection can drop after the server applied an operation but before the
phone heard so; the phone then sends it again. `AppliedOperation` remembers every operation
applied, by its UUID, with the result returned the first time: a resend is answered with
that result and changes nothing (see `fieldwork.services.operation_apply`).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sourceproof.inspections.models import Inspection


class OperationKind(models.TextChoices):
    RESULT = "result", _("Checkpoint result")
    DEFECT_ADD = "defect_add", _("Defect recorded")
    DEFECT_ADJUST = "defect_adjust", _("Defect counter")
    REMARKS = "remarks", _("Remarks")
    PHOTO = "photo", _("Photo")
    SUBMIT = "submit", _("Submit")


class AppliedOperation(models.Model):
    """One operation from the phone, applied once. Rows are only ever added."""

    op_id = models.UUIDField(
        unique=True, help_text="The UUID the phone made for the operation (its idempotency key)."
    )
    inspection = models.ForeignKey(
        Inspection,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The inspection the operation changed.",
    )
    kind = models.CharField(
        max_length=20, choices=OperationKind.choices, help_text="What sort of change it was."
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who sent it.",
    )
    applied_at = models.DateTimeField(help_text="When the server applied it.")
    result = models.JSONField(
        default=dict, blank=True, help_text="What the server answered the first time."
    )

    class Meta:
        ordering: ClassVar = ["applied_at", "id"]
        indexes: ClassVar = [
            models.Index(fields=["inspection", "applied_at"], name="fieldwork_op_inspection"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.op_id}"
