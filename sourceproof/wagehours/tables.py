"""Load a CSV or XLSX file as a table of text, keeping each record's row number.

Every cell is read as text (nothing is guessed) so that validation can say exactly which
cell is wrong. Column names are matched after trimming spaces and lower-casing. The format
is chosen by the file name's extension: `.csv` (UTF-8, comma-separated, header on line 1)
or `.xlsx`/`.xlsm` (the first worksheet, header in row 1; formulas give their cached values).
Rows whose cells are all empty are skipped; the row numbers of the others do not change.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import polars as pl

from sourceproof.wagehours.errors import InputProblem

#: Name of the column holding each record's row number (the header is row 1).
ROW = "__row"

Source = str | os.PathLike[str] | IO[bytes]


@dataclass(frozen=True, slots=True)
class RawTable:
    """A file's cells as text (`None` for empty), with `ROW`; or why it could not be read."""

    file: str
    frame: pl.DataFrame | None
    problem: InputProblem | None = None


def source_name(source: Source, name: str | None) -> str:
    """The name used for the file in messages and to choose its format."""
    if name:
        return name
    if isinstance(source, str | os.PathLike):
        return os.fspath(source)
    return str(getattr(source, "name", "") or "input")


def load_table(source: Source, *, name: str | None = None) -> RawTable:
    """Read `source` (a path or an open binary file) into a `RawTable`."""
    file = source_name(source, name)
    suffix = Path(file).suffix.lower()
    try:
        if suffix == ".csv":
            frame = _read_csv(source)
        elif suffix in (".xlsx", ".xlsm"):
            frame = _read_xlsx(source)
        else:
            return RawTable(
                file,
                None,
                InputProblem(file, None, None, "unsupported file type: use .csv or .xlsx"),
            )
    except FileNotFoundError:
        return RawTable(file, None, InputProblem(file, None, None, "file not found"))
    except _Unreadable as exc:
        return RawTable(file, None, InputProblem(file, exc.row, None, exc.message))
    except (OSError, pl.exceptions.PolarsError, zipfile.BadZipFile, ValueError, KeyError) as exc:
        kind = "CSV" if suffix == ".csv" else "XLSX"
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return RawTable(
            file, None, InputProblem(file, None, None, f"cannot read as {kind}: {detail}")
        )
    return _normalise(file, frame)


def _normalise(file: str, frame: pl.DataFrame) -> RawTable:
    """`frame` has positional columns and the header as its first row."""
    header = frame.row(0) if frame.height else ()
    names = [str(cell or "").strip().lower() for cell in header]
    seen: set[str] = set()
    for name in names:
        if name and name in seen:
            return RawTable(
                file, None, InputProblem(file, 1, name, "the column appears more than once")
            )
        seen.add(name)
    frame = frame.with_row_index(ROW, offset=1).slice(1)
    keep = {old: new for old, new in zip(frame.columns[1:], names, strict=True) if new}
    frame = frame.select(
        pl.col(ROW),
        *(pl.col(old).str.strip_chars().replace("", None).alias(new) for old, new in keep.items()),
    )
    # Blank lines and empty spreadsheet rows are skipped; other rows keep their numbers.
    if keep:
        frame = frame.filter(~pl.all_horizontal(pl.exclude(ROW).is_null()))
    return RawTable(file, frame)


class _Unreadable(Exception):
    def __init__(self, row: int | None, message: str) -> None:
        super().__init__(message)
        self.row = row
        self.message = message


def _read_csv(source: Source) -> pl.DataFrame:
    if isinstance(source, str | os.PathLike):
        data: bytes = Path(source).read_bytes()
    else:
        data = source.read()
    if data.startswith(b"\xef\xbb\xbf"):  # a byte-order mark, as Excel writes "CSV UTF-8"
        data = data[3:]
    if not data.strip():
        raise _Unreadable(None, "the file is empty")
    try:
        return pl.read_csv(data, has_header=False, infer_schema=False)
    except pl.exceptions.PolarsError:
        row, message = _csv_trouble(data)
        if message:
            raise _Unreadable(row, message) from None
        raise


def _csv_trouble(data: bytes) -> tuple[int | None, str]:
    """Why Polars could not parse `data`, found again slowly to name the row."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        return row, "not UTF-8 text: save the file as 'CSV UTF-8'"
    records = csv.reader(io.StringIO(text, newline=""))
    header = next(records, [])
    for number, record in enumerate(records, start=2):
        if len(record) > len(header):
            return number, f"{len(record)} values but the header names {len(header)} columns"
    return None, ""


def _cell_text(value: object) -> str | None:
    """A spreadsheet cell as the text a person would type for it."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _read_xlsx(source: Source) -> pl.DataFrame:
    from openpyxl import load_workbook

    book = load_workbook(source, read_only=True, data_only=True)
    try:
        if not book.worksheets:
            raise ValueError("the workbook has no worksheet")
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = next(rows, None)
        if header is None or all(cell is None for cell in header):
            raise ValueError("the first worksheet has no header row")
        columns: list[list[str | None]] = [[_cell_text(cell)] for cell in header]
        for row in rows:
            for index, column in enumerate(columns):
                column.append(_cell_text(row[index]) if index < len(row) else None)
    finally:
        book.close()
    return pl.DataFrame(
        {f"column_{index}": column for index, column in enumerate(columns)},
        schema={f"column_{index}": pl.String for index in range(len(columns))},
    )
