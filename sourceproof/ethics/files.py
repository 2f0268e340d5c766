"""The optional PDF of a version's text: judged by its content, at most
`settings.UPLOAD_MAX_BYTES`, kept with its SHA-256."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _


def check_pdf(upload: UploadedFile) -> None:
    """A PDF by content (it starts with %PDF-), not empty, not too large."""
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
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head != b"%PDF-":
        raise ValidationError(
            _("The file must be a PDF document (judged by its content)."), code="bad_type"
        )


def sha256_of(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
