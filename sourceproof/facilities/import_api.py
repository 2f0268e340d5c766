"""The facility import over the API: upload (validate), read the report, apply.

Same services and permission as the pages: operator staff only, everyone else gets 404.
A file that is not CSV/XLSX is a 400; a file with row problems is a 422 with the row report.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from sourceproof.core.http import acting_user
from sourceproof.facilities.importing import selectors, services
from sourceproof.facilities.models import FacilityImport, ImportStatus

router = Router(tags=["facility imports"])


class ImportOut(Schema):
    id: int
    original_name: str
    status: str
    created_at: dt.datetime
    applied_at: dt.datetime | None
    report: dict[str, Any]


class ErrorOut(Schema):
    detail: str


def _out(facility_import: FacilityImport) -> ImportOut:
    return ImportOut(
        id=facility_import.pk,
        original_name=facility_import.original_name,
        status=facility_import.status,
        created_at=facility_import.created_at,
        applied_at=facility_import.applied_at,
        report=facility_import.report,
    )


_STATUS_CODE = {ImportStatus.PENDING: 202, ImportStatus.INVALID: 422, ImportStatus.VALID: 201}


@router.post(
    "",
    response={201: ImportOut, 202: ImportOut, 400: ErrorOut, 422: ImportOut},
    summary="Upload a facility file (CSV or XLSX) and validate it",
    description=(
        "201: valid, ready to apply. 202: a large file, validated in the background (poll "
        "GET /{id}). 422: rows with problems, see report.errors (row, column, value, problem); "
        "nothing is imported. 400: not a readable CSV or XLSX file."
    ),
)
def upload(
    request: HttpRequest,
    file: File[UploadedFile],
    supplier_number: Form[str] = "",
) -> Status[Any]:
    user = acting_user(request)
    suppliers = selectors.import_suppliers(user=user)
    supplier = None
    if supplier_number:
        supplier = suppliers.filter(supplier_number=supplier_number).first()
        if supplier is None:
            return Status(400, ErrorOut(detail=f"Supplier number {supplier_number} is unknown."))
    try:
        facility_import = services.facility_import_upload(
            data=file.read(), original_name=file.name or "", by=user, supplier=supplier
        )
    except ValidationError as exc:
        return Status(400, ErrorOut(detail=" ".join(exc.messages)))
    return Status(_STATUS_CODE[ImportStatus(facility_import.status)], _out(facility_import))


@router.get("/{import_id}", response=ImportOut, summary="An import: status and report")
def detail(request: HttpRequest, import_id: int) -> ImportOut:
    user = acting_user(request)
    return _out(selectors.get_facility_import_for_user(user=user, pk=import_id))


@router.post(
    "/{import_id}/apply",
    response={200: ImportOut, 400: ErrorOut, 422: ImportOut},
    summary="Apply a validated import, all rows or none",
    description=(
        "The stored file is validated again inside the transaction. 200: applied, see "
        "report.result. 422: the registry changed and rows now have problems (report.errors); "
        "nothing was written. 400: the import is not ready to apply, or the database refused it."
    ),
)
def apply(request: HttpRequest, import_id: int) -> Status[Any]:
    user = acting_user(request)
    facility_import = selectors.get_facility_import_for_user(user=user, pk=import_id)
    try:
        result = services.facility_import_apply(facility_import=facility_import, by=user)
    except ValidationError as exc:
        return Status(400, ErrorOut(detail=" ".join(exc.messages)))
    if result.applied:
        return Status(200, _out(result.facility_import))
    if result.facility_import.status == ImportStatus.INVALID:
        return Status(422, _out(result.facility_import))
    return Status(400, ErrorOut(detail=result.message))
