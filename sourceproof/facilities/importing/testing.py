"""Helpers for tests of the import: build CSV and XLSX files in memory."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from sourceproof.facilities.importing.columns import TEMPLATE_COLUMNS


def template_row(**values: Any) -> dict[str, Any]:
    """A valid template row (for a supplier the test names), with overrides."""
    row: dict[str, Any] = {
        "supplier_number": "",
        "name": "Sunrise Bags Factory",
        "address": "12 Harbour Road",
        "city": "Dhaka",
        "region": "",
        "postal_code": "1207",
        "country": "BD",
        "latitude": "",
        "longitude": "",
        "os_id": "",
        "sedex_zs": "",
        "amfori_id": "",
        "product_categories": "",
        "worker_count": "",
    }
    row.update(values)
    return row


def csv_bytes(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None) -> bytes:
    columns = list(columns or (rows[0].keys() if rows else TEMPLATE_COLUMNS))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else row.get(c, "") for c in columns])
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None) -> bytes:
    from openpyxl import Workbook

    columns = list(columns or (rows[0].keys() if rows else TEMPLATE_COLUMNS))
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(columns)
    for row in rows:
        sheet.append([row.get(c) if row.get(c) != "" else None for c in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(data: bytes, name: str = "facilities.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)
