"""Export the facility registry (as the user may see it, filtered like the list) to CSV or XLSX.

The columns are the import template's plus the facility code, the supplier's name and the last
day of the current SMETA 4-pillar certificate, so an export can be edited and imported again:
the code makes every row match its facility, and an unchanged file changes nothing.
Two queries whatever the number of facilities: the facilities, then their product categories.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from sourceproof.accounts.permissions import Action, require
from sourceproof.facilities import selectors
from sourceproof.facilities.importing.columns import EXPORT_COLUMNS
from sourceproof.facilities.models import Facility

if TYPE_CHECKING:
    from sourceproof.accounts.models import User

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

_VALUES = (
    "pk",
    "code",
    "supplier__supplier_number",
    "supplier__legal_name",
    "name",
    "address",
    "city",
    "region",
    "postal_code",
    "country",
    "latitude",
    "longitude",
    "os_id",
    "sedex_zs",
    "amfori_id",
    "worker_count",
    "smeta_until",
)


def facility_export_queryset(
    *, user: User | None, search: str = "", filters: dict[str, Any] | None = None
) -> QuerySet[Facility]:
    """The facilities to export: the registry list's search and filters in the user's scope;
    every facility for the command line (`user=None`)."""
    if user is None:
        return selectors.with_smeta(Facility.objects.all(), selectors.current_policy()).order_by(
            "code"
        )
    require(user, Action.EXPORT_FACILITIES)
    return selectors.facility_list(user=user, search=search, filters=filters)


def facility_export_rows(facilities: QuerySet[Facility]) -> Iterator[list[Any]]:
    """The header, then one row per facility (typed values: Decimal, int, date or str)."""
    yield list(EXPORT_COLUMNS)
    through = Facility.product_categories.through
    categories: dict[int, list[str]] = defaultdict(list)
    for fid, code in through.objects.filter(
        facility_id__in=facilities.order_by().values("pk")
    ).values_list("facility_id", "productcategory__code"):
        categories[fid].append(code)
    for row in facilities.prefetch_related(None).values(*_VALUES).iterator(chunk_size=2000):
        yield [
            row["code"],
            row["supplier__supplier_number"],
            row["name"],
            row["address"],
            row["city"],
            row["region"],
            row["postal_code"],
            row["country"],
            row["latitude"],
            row["longitude"],
            row["os_id"],
            row["sedex_zs"],
            row["amfori_id"],
            ";".join(sorted(categories.get(row["pk"], ()))),
            row["worker_count"],
            row["supplier__legal_name"],
            row["smeta_until"],
        ]


class _Line:
    def write(self, value: str) -> str:
        return value


def export_csv(rows: Iterable[list[Any]]) -> Iterator[str]:
    """CSV lines (UTF-8 with a byte-order mark, so Excel reads accents), for streaming."""
    writer = csv.writer(_Line())
    yield "\ufeff"
    for row in rows:
        yield writer.writerow(["" if v is None else str(v) for v in row])


def export_xlsx(rows: Iterable[list[Any]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("facilities")
    for number, row in enumerate(rows):
        if number == 0:
            sheet.append(row)
            continue
        cells: list[Any] = []
        for column, value in zip(EXPORT_COLUMNS, row, strict=True):
            if value is None:
                cells.append(None)
            elif column in ("latitude", "longitude"):
                cells.append(float(value))
            elif column == "worker_count" or column == "smeta_4p_valid_until":
                cells.append(value)
            else:
                cells.append(str(value))
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
