"""The three uploaded record files, judged by content: CSV (UTF-8 text) or XLSX (a workbook).

The analyser chooses a reader by the file name's extension; the name a person gives a file
may be wrong (`time.txt`, or an `.xlsx` that is a PDF), so the format is decided here from the
bytes, and the stored file gets the matching extension.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

KINDS = ("workers", "time", "pay")

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "an Excel 97-2003 (.xls) workbook; save it as .xlsx"),
    (b"\x1f\x8b", "a gzip archive"),
)


@dataclass(frozen=True)
class RecordFile:
    """One checked upload: its bytes, the name it came with, its format, size and SHA-256."""

    kind: str  # workers, time or pay
    data: bytes
    original_name: str
    format: str  # csv or xlsx

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def stored_name(self) -> str:
        return f"{self.kind}.{self.format}"

    @property
    def label(self) -> str:
        """The name problems are reported under: the upload's name, with the right extension."""
        name = PurePath(self.original_name or self.kind).name or self.kind
        suffixes = (".csv",) if self.format == "csv" else (".xlsx", ".xlsm")
        if PurePath(name).suffix.lower() in suffixes:
            return name[:200]
        return f"{name[:190]}.{self.format}"

    def meta(self) -> dict[str, object]:
        return {
            "name": self.label,
            "original_name": self.original_name[:200],
            "format": self.format,
            "size": self.size,
            "sha256": self.sha256,
        }


def detect_format(data: bytes) -> str:
    """ "csv" or "xlsx"; a ValidationError saying what the file is instead."""
    if not data.strip():
        raise ValidationError(_("The file is empty."), code="empty")
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile as exc:
            raise ValidationError(
                _("The file looks like a ZIP archive but is damaged."), code="bad_type"
            ) from exc
        if "xl/workbook.xml" in names:
            return "xlsx"
        raise ValidationError(
            _("The file is a ZIP archive but not an XLSX workbook. Upload CSV or XLSX."),
            code="bad_type",
        )
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise ValidationError(
                _("The file is %(what)s, not CSV or XLSX.") % {"what": what}, code="bad_type"
            )
    text = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    if b"\x00" in text[:65536]:
        raise ValidationError(
            _("The file is not text (it holds binary data); upload CSV or XLSX."),
            code="bad_type",
        )
    try:
        text.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = text[: exc.start].count(b"\n") + 1
        raise ValidationError(
            _("The file is not UTF-8 text (line %(line)s): save it as 'CSV UTF-8' or XLSX.")
            % {"line": line},
            code="bad_encoding",
        ) from exc
    return "csv"


def check_upload(kind: str, data: bytes, original_name: str) -> RecordFile:
    """A record file within the size limit and readable as CSV or XLSX (by content)."""
    if len(data) > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s MB; the most allowed is %(max)s MB.")
            % {
                "size": f"{len(data) / 1_048_576:.1f}",
                "max": f"{settings.UPLOAD_MAX_BYTES / 1_048_576:.1f}",
            },
            code="too_large",
        )
    return RecordFile(
        kind=kind, data=data, original_name=original_name or kind, format=detect_format(data)
    )
