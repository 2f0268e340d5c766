"""Turn uploaded bytes into a table of strings, deciding CSV or XLSX by content, not by name.

XLSX is a ZIP archive holding `[Content_Types].xml`; anything else that is valid UTF-8 text
(a byte-order mark is tolerated) is read as CSV, with the delimiter (comma, semicolon or tab)
taken from the header line. Everything else is refused with a message a person understands.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _


class ImportFileError(Exception):
    """The file cannot be read as a table at all (wrong type, broken, empty)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    """A sheet: the header row, then (row number as a person counts it, cells) per data row."""

    format: str  # "csv" or "xlsx"
    header: list[str]
    rows: list[tuple[int, list[str]]]


_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"%PDF", "PDF document"),
    (b"\xd0\xcf\x11\xe0", "Excel 97-2003 (.xls) workbook"),
    (b"\x1f\x8b", "gzip archive"),
)


def detect_format(data: bytes) -> str:
    """ "csv" or "xlsx", or ImportFileError saying what the file seems to be instead."""
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile as exc:
            raise ImportFileError(_("The file looks like a ZIP archive but is damaged.")) from exc
        if "[Content_Types].xml" in names:
            return "xlsx"
        raise ImportFileError(
            _("The file is a ZIP archive, not an XLSX workbook. Upload a CSV or XLSX file.")
        )
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise ImportFileError(
                _("The file is a %(kind)s, not CSV or XLSX. Upload a CSV or XLSX file.")
                % {"kind": kind}
            )
    if b"\x00" in data[:4096]:
        raise ImportFileError(_("The file is not CSV or XLSX. Upload a CSV or XLSX file."))
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _(
                "The CSV file is not UTF-8 text (byte %(position)s). Save it as "
                "“CSV UTF-8” or upload the XLSX workbook instead."
            )
            % {"position": exc.start + 1}
        ) from exc
    return "csv"


def read_table(data: bytes) -> Table:
    fmt = detect_format(data)
    rows = _read_xlsx(data) if fmt == "xlsx" else _read_csv(data)
    # Leading empty rows are skipped; the first row with content is the header.
    while rows and not any(cell.strip() for cell in rows[0][1]):
        rows.pop(0)
    if not rows:
        raise ImportFileError(_("The file has no header row."))
    (_header_number, header), *body = rows
    data_rows = [(number, cells) for number, cells in body if any(c.strip() for c in cells)]
    return Table(format=fmt, header=header, rows=data_rows)


def _read_csv(data: bytes) -> list[tuple[int, list[str]]]:
    text = data.decode("utf-8-sig")
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        # A record that spans lines (a quoted newline) is still one row to a person.
        return [(number, row) for number, row in enumerate(reader, start=1)]
    except csv.Error as exc:
        raise ImportFileError(
            _("The CSV file could not be read near line %(line)s: %(error)s")
            % {"line": reader.line_num, "error": exc}
        ) from exc


def _read_xlsx(data: bytes) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        raise ImportFileError(
            _("The XLSX workbook could not be opened: it may be damaged.")
        ) from exc
    try:
        if not workbook.worksheets:
            raise ImportFileError(_("The XLSX workbook has no sheet."))
        sheet = workbook.worksheets[0]
        rows: list[tuple[int, list[str]]] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            rows.append((number, [cell_text(value) for value in values]))
        return rows
    finally:
        workbook.close()


def cell_text(value: object) -> str:
    """A spreadsheet cell as the text a person sees: 315000.0 → "315000", a date → ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
