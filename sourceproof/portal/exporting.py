"""Export a customer's orders and inspections (as the portal shows them) to CSV or XLSX.

CSV holds one table (`?what=orders`, the default, or `?what=inspections`); XLSX holds both, one
sheet each. The columns are fixed (docs/portal.md): a value the operator does not share with
the customer (the supplier's name) stays an empty cell, so the customer's systems always read
the same layout. A fixed number of queries whatever the number of rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from typing import Any

from django.utils import timezone

from sourceproof.portal.selectors import (
    InspectionRow,
    OrderRow,
    PortalFilters,
    PortalScope,
    audit_summaries,
    export_inspections,
    export_orders,
)
from sourceproof.reports.services import verify_url

FORMATS = ("csv", "xlsx")
TABLES = ("orders", "inspections")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

ORDER_COLUMNS = (
    "order_number",
    "status",
    "created_at",
    "confirmed_at",
    "agreed_ship_date",
    "units",
    "lines",
    "facility_code",
    "facility_name",
    "facility_city",
    "facility_country",
    "facility_os_id",
    "supplier_name",
    "gate_at_confirmation",
    "gate_exception_reason",
    "latest_audit_date",
    "latest_audit_standard",
    "open_findings_critical",
    "open_findings_major",
    "open_findings_minor",
    "reviewed_inspections",
    "latest_inspection_verdict",
)

INSPECTION_COLUMNS = (
    "report_number",
    "order_number",
    "inspection_type",
    "product_category",
    "facility_code",
    "planned_date",
    "reviewed_at",
    "final_verdict",
    "lot_size",
    "inspection_level",
    "code_letter",
    "sample_size",
    "major_aql",
    "minor_aql",
    "pdf_report_number",
    "pdf_sha256",
    "verify_url",
)


def _gate_value(row: OrderRow) -> str:
    if row.gate is None:
        return ""
    if row.gate.verdict.passed:
        return "passed"
    return "exception" if row.gate.under_exception else "failed"


def _local(moment: dt.datetime | None) -> dt.datetime | None:
    return timezone.localtime(moment).replace(tzinfo=None, microsecond=0) if moment else None


def order_table(*, scope: PortalScope, filters: PortalFilters | None = None) -> list[list[Any]]:
    """The header, then one row per order (typed values: str, int, date, datetime, None)."""
    rows = export_orders(scope=scope, filters=filters)
    audits = audit_summaries(facility_ids=[r.order.facility_id for r in rows], with_findings=False)
    table: list[list[Any]] = [list(ORDER_COLUMNS)]
    for row in rows:
        o = row.order
        audit = audits.get(o.facility_id)
        table.append(
            [
                o.number,
                o.status,
                _local(o.created_at),
                _local(o.confirmed_at),
                o.agreed_ship_date,
                getattr(o, "total_quantity", None) or 0,
                getattr(o, "line_count", None) or 0,
                o.facility.code,
                o.facility.name,
                o.facility.city,
                o.facility.country,
                o.facility.os_id,
                row.supplier_name,
                _gate_value(row),
                row.gate.exception_reason if row.gate and row.gate.under_exception else "",
                audit.date if audit else None,
                audit.standard_label if audit else "",
                audit.open_by_severity.get("critical", 0) if audit else None,
                audit.open_by_severity.get("major", 0) if audit else None,
                audit.open_by_severity.get("minor", 0) if audit else None,
                row.inspections.reviewed,
                row.inspections.latest_verdict,
            ]
        )
    return table


def _plan_class(row: InspectionRow, name: str) -> str:
    if row.plan is None:
        return ""
    for c in row.plan.classes:
        if c.name == name:
            return f"AQL {c.aql} Ac {c.accept} Re {c.reject}" if c.aql else ""
    return ""


def inspection_table(
    *, scope: PortalScope, filters: PortalFilters | None = None
) -> list[list[Any]]:
    table: list[list[Any]] = [list(INSPECTION_COLUMNS)]
    for row in export_inspections(scope=scope, filters=filters):
        i = row.inspection
        table.append(
            [
                i.report_number,
                i.order.number,
                i.inspection_type,
                i.product_category.code if i.product_category_id else "",
                i.facility.code,
                i.planned_date,
                _local(i.reviewed_at),
                i.final_verdict,
                i.lot_size,
                row.plan.level if row.plan else i.level,
                row.plan.code_letter if row.plan else "",
                row.plan.sample_size if row.plan else None,
                _plan_class(row, "major"),
                _plan_class(row, "minor"),
                row.report_number,
                row.report_sha256,
                verify_url(row.report_number) if row.report_number else "",
            ]
        )
    return table


class _Line:
    def write(self, value: str) -> str:
        return value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return str(value)


def export_csv(table: Iterable[list[Any]]) -> Iterator[str]:
    """CSV lines (UTF-8 with a byte-order mark, so Excel reads accents), for streaming."""
    writer = csv.writer(_Line())
    yield "\ufeff"
    for row in table:
        yield writer.writerow([_text(v) for v in row])


def export_xlsx(tables: dict[str, list[list[Any]]]) -> bytes:
    """One sheet per table; dates and numbers stay typed."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for name, table in tables.items():
        sheet = workbook.create_sheet(name)
        for row in table:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
