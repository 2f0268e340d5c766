"""Issued PDF reports: the record that lets anyone check a report is genuine."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from sourceproof.core.models import BaseModel


class ReportKind(models.TextChoices):
    INSPECTION = "inspection", _("Inspection report")
    CSR_ANNUAL = "csr_annual", _("Annual CSR report")
    OTHER = "other", _("Report")


class IssuedReport(BaseModel):
    """One issued PDF. Rows are never changed after issue except to mark them superseded.

    `sha256` is the SHA-256 of the PDF file as issued: the verification page compares an
    uploaded file (or a pasted hash) with it. A PDF cannot contain its own hash, so the
    report prints `content_sha256` — the SHA-256 of the report's rendered content — next to
    its number, and the verification page shows both.
    """

    number = models.CharField(max_length=40, unique=True, help_text="Public report number.")
    kind = models.CharField(max_length=20, choices=ReportKind.choices, help_text="What it is.")
    title = models.CharField(max_length=200, help_text="Title printed on the report.")
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, help_text="The kind of record reported on."
    )
    subject_id = models.CharField(max_length=64, help_text="The record reported on.")
    version = models.PositiveSmallIntegerField(
        default=1, help_text="1 for the first issue; a correction issues version 2, 3, …"
    )
    file = models.FileField(upload_to="reports/%Y/%m/", help_text="The PDF as issued.")
    size = models.PositiveIntegerField(help_text="Size of the PDF in bytes.")
    sha256 = models.CharField(max_length=64, db_index=True, help_text="SHA-256 of the PDF file.")
    content_sha256 = models.CharField(
        max_length=64, help_text="SHA-256 of the rendered content, printed on the report."
    )
    issued_at = models.DateTimeField(help_text="When the report was issued.")
    issued_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who caused it to be issued (empty: the system).",
    )
    issuer_name = models.CharField(
        max_length=200, help_text="The issuing organisation, as printed on the report."
    )
    correction_reason = models.TextField(
        blank=True, help_text="Why this version replaced the previous one."
    )
    superseded_by = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supersedes",
        help_text="The corrected version that replaced this one.",
    )

    class Meta:
        ordering: ClassVar = ["-issued_at"]
        indexes: ClassVar = [models.Index(fields=["subject_type", "subject_id", "-version"])]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "kind", "version"],
                name="report_version_once",
            ),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="report_version_min"),
        ]

    def __str__(self) -> str:
        return self.number


class VerificationAttempt(models.Model):
    """A look-up on the public verification page, kept briefly to rate-limit it per address."""

    ip_address = models.GenericIPAddressField(null=True, help_text="Where the look-up came from.")
    at = models.DateTimeField(auto_now_add=True, db_index=True, help_text="When.")

    def __str__(self) -> str:
        return f"{self.ip_address} at {self.at}"
