"""Annual CSR reports: one row per request, rendered in the background."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sourceproof.core.models import BaseModel


class CsrReportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RENDERING = "rendering", _("Being rendered")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class CsrReport(BaseModel):
    """An annual CSR report requested for a year.

    When the shared reports app is installed the PDF is issued through it (report number,
    SHA-256, QR verification) and `report_number`/`issued_report_id` point there; otherwise
    the PDF is stored here with its SHA-256.
    """

    year = models.PositiveSmallIntegerField(db_index=True, help_text="The year reported on.")
    status = models.CharField(
        max_length=10,
        choices=CsrReportStatus.choices,
        default=CsrReportStatus.QUEUED,
        help_text="Where the rendering stands.",
    )
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent done, 0-100.")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who asked for it.",
    )
    correction_reason = models.CharField(
        max_length=300, blank=True, help_text="Why the year's report is issued again."
    )
    file = models.FileField(upload_to="csr/reports/%Y/", blank=True, help_text="The PDF.")
    sha256 = models.CharField(max_length=64, blank=True, help_text="SHA-256 of the PDF.")
    report_number = models.CharField(
        max_length=40, blank=True, help_text="The number the reports app issued it under."
    )
    issued_report_id = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="The reports app's record of the issued PDF."
    )
    error = models.CharField(max_length=500, blank=True, help_text="Why rendering failed.")
    finished_at = models.DateTimeField(null=True, blank=True, help_text="When it was ready.")

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]
        constraints: ClassVar = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="csr_report_progress_100")
        ]

    def __str__(self) -> str:
        return f"CSR report {self.year} ({self.status})"
