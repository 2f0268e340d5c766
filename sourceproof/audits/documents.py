"""Checks for uploaded files, judged by content: audit reports (PDF) and corrective-action
evidence (PDF, JPEG or PNG), at most `settings.UPLOAD_MAX_BYTES`, with their SHA-256."""

from __future__ import annotations

import hashlib
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

_IMAGE_KINDS = {"JPEG": "jpg", "PNG": "png"}
CONTENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}


def _check_size(upload: UploadedFile) -> None:
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s MB; the most allowed is %(max)s MB.")
            % {
                "size": f"{size / 1_048_576:.1f}",
                "max": f"{settings.UPLOAD_MAX_BYTES / 1_048_576:.1f}",
            },
            code="too_large",
        )


def _is_pdf(upload: IO[bytes]) -> bool:
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    return head == b"%PDF-"


def check_report(upload: UploadedFile) -> str:
    """An audit report must be a PDF (by content) within the size limit. Returns "pdf"."""
    _check_size(upload)
    if not _is_pdf(upload):
        raise ValidationError(
            _("The report must be a PDF document (judged by its content)."), code="bad_type"
        )
    return "pdf"


def check_evidence(upload: UploadedFile) -> str:
    """Evidence must be a PDF, JPEG or PNG (by content) within the size limit. Returns the kind:
    pdf, jpg or png."""
    _check_size(upload)
    if _is_pdf(upload):
        return "pdf"
    message = _("The file is not a PDF, JPEG or PNG (judged by its content).")
    try:
        with Image.open(upload) as image:
            kind = _IMAGE_KINDS.get(image.format or "")
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(message, code="bad_type") from exc
    finally:
        upload.seek(0)
    if kind is None:
        raise ValidationError(message, code="bad_type")
    return kind


def sha256_of(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
