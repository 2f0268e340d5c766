"""The phone screen's API at /api/v1/field: what the inspections and evidence APIs lack for a
screen that works offline.

- `POST /inspections/{report_number}/operations`: a batch of queued operations, applied in
  order, each exactly once (by its `op_id`); one outcome per operation (applied, already
  applied, or rejected with the reason) and the screen's state afterwards.
- `POST /inspections/{report_number}/photos`: one photo with its operation id (multipart),
  attached to a checkpoint, to a defect counter or to a recorded defect, idempotent.
- `GET /inspections/{report_number}/state`: the screen's state (what the page embeds).
- `GET /inspections/{report_number}/verdict`: the verdict so far, computed on the server by
  the pure verdict function from the data received.

Only whoever may perform the inspection reaches these (the assigned inspector, a quality
manager or admin); anyone else gets a 404, as everywhere.
"""

from __future__ import annotations

import uuid
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from sourceproof.core.http import acting_user
from sourceproof.fieldwork import selectors, services
from sourceproof.fieldwork.models import OperationKind

router = Router(tags=["fieldwork"])

MAX_BATCH = 100

BatchKind = Literal["result", "defect_adjust", "defect_add", "remarks", "submit"]


class OperationIn(Schema):
    op_id: uuid.UUID = Field(description="A UUID the phone made once for this operation.")
    kind: BatchKind
    payload: dict[str, Any] = Field(default_factory=dict)


class BatchIn(Schema):
    operations: list[OperationIn] = Field(..., min_length=1, max_length=MAX_BATCH)


class OutcomeOut(Schema):
    op_id: uuid.UUID
    kind: str
    status: Literal["applied", "already_applied", "rejected"]
    reason: str = ""
    errors: dict[str, list[str]] = {}
    result: dict[str, Any] = {}


class BatchOut(Schema):
    results: list[OutcomeOut]
    state: dict[str, Any]


def _outcome(outcome: services.OperationOutcome) -> OutcomeOut:
    return OutcomeOut(**outcome.as_dict())


def _state(request: HttpRequest, inspection: Any) -> dict[str, Any]:
    return selectors.field_state(
        user=acting_user(request), inspection=inspection, language=get_language() or "en"
    )


@router.post(
    "/inspections/{report_number}/operations",
    response=BatchOut,
    url_name="field_operations",
    summary="Apply the phone's queued operations, in order, each exactly once",
)
def apply_operations(request: HttpRequest, report_number: str, payload: BatchIn) -> BatchOut:
    user = acting_user(request)
    inspection = selectors.get_field_inspection(user=user, report_number=report_number)
    outcomes = services.operations_apply(
        inspection=inspection,
        operations=[
            services.OperationInput(op_id=op.op_id, kind=op.kind, payload=op.payload)
            for op in payload.operations
        ],
        by=user,
    )
    return BatchOut(results=[_outcome(o) for o in outcomes], state=_state(request, inspection))


@router.post(
    "/inspections/{report_number}/photos",
    response={200: OutcomeOut, 201: OutcomeOut, 400: OutcomeOut},
    url_name="field_photos",
    summary="Attach one photo the phone took (idempotent by op_id)",
    description=(
        "Multipart: `file`, `op_id` (the photo's client_uid), optional `checkpoint_key`, "
        "`defect_type` (the counter of that type), `defect_op` (the op_id of a recorded "
        "defect), `side` (of the golden sample). 201: stored now; 200: sent before; 400: "
        "refused, with the reason."
    ),
)
def upload_photo(
    request: HttpRequest,
    report_number: str,
    file: File[UploadedFile],
    op_id: Form[uuid.UUID],
    checkpoint_key: Form[str] = "",
    defect_type: Form[str] = "",
    defect_op: Form[str] = "",
    side: Form[str] = "",
) -> Status[Any]:
    user = acting_user(request)
    inspection = selectors.get_field_inspection(user=user, report_number=report_number)
    try:
        outcome = services.photo_operation_apply(
            inspection=inspection,
            op_id=op_id,
            file=file,
            payload={
                "checkpoint_key": checkpoint_key,
                "defect_type": defect_type,
                "defect_op": defect_op,
                "side": side,
            },
            by=user,
        )
    except ValidationError as error:
        reason, errors = services.reason_of(error)
        return Status(
            400,
            OutcomeOut(
                op_id=op_id,
                kind=OperationKind.PHOTO,
                status="rejected",
                reason=reason,
                errors=errors,
            ),
        )
    return Status(201 if outcome.status == "applied" else 200, _outcome(outcome))


@router.get(
    "/inspections/{report_number}/state",
    response=dict[str, Any],
    url_name="field_state",
    summary="The phone screen's state of one inspection",
)
def get_state(request: HttpRequest, report_number: str) -> dict[str, Any]:
    user = acting_user(request)
    inspection = selectors.get_field_inspection(user=user, report_number=report_number)
    return _state(request, inspection)


class ClassOut(Schema):
    name: str
    label: str
    nonconforming: int
    sample_size: int
    accept: int
    reject: int
    accepted: bool


class ReasonOut(Schema):
    text: str
    tone: str
    code: str


class VerdictOut(Schema):
    outcome: Literal["pass", "fail", "pending"]
    label: str
    classes: list[ClassOut]
    reasons: list[ReasonOut]
    as_of: str


@router.get(
    "/inspections/{report_number}/verdict",
    response={200: VerdictOut, 409: dict[str, str]},
    url_name="field_verdict",
    summary="The verdict so far, from the data the server has received",
)
def get_verdict(request: HttpRequest, report_number: str) -> Status[Any]:
    user = acting_user(request)
    inspection = selectors.get_field_inspection(user=user, report_number=report_number)
    found = selectors.field_verdict(inspection=inspection)
    if found is None:
        return Status(409, {"detail": "The inspection has not started: no plan, no verdict."})
    return Status(200, found)
