"""Applying the phone's queued operations, each exactly once.

An operation is `(op_id, kind, payload)`: `op_id` is a UUID the phone made when the inspector
acted; `kind` says which service of the inspections or evidence app it becomes; `payload`
holds its arguments. `operation_apply` validates the payload, dispatches to that service
inside one transaction, and records an `AppliedOperation` with the result. Sending the same
`op_id` again (the phone never heard the answer) returns the stored result and changes
nothing, whatever happened since. A refused operation raises `ValidationError` with a
sentence a person understands and is *not* recorded: the phone keeps it, shows the reason,
and may send it again once the cause is gone.

Photos travel with their file, so they have their own entry point, `photo_operation_apply`:
the evidence app's `photo_add` examines the image before it takes any lock and commits on its
own (see its docstring), so it runs outside a transaction; it is idempotent by `client_uid`
(the operation's UUID), and the `AppliedOperation` is recorded right after it.

Kinds and payloads (unknown keys are ignored):

- `result`: `key` (checkpoint), optional `status` (not_checked, pass, fail, needs_decision),
  `measurements` ([{"unit": 3, "value": "95.2"}], replacing the stored ones), `note`.
- `defect_adjust`: `defect_type` (library code), `delta` (the +/- counter, e.g. 1 or -1).
- `defect_add`: `defect_type`, optional `unit_number`, `count`, `note`, `checkpoint_key`.
- `remarks`: `remarks`.
- `submit`: optional `remarks`.
- `photo` (with the file): optional `checkpoint_key`, `defect_type` (the counter of that
  type), `defect_op` (the op_id of a `defect_add`), `side` (of the golden sample).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any, Literal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from sourceproof.evidence import services as evidence
from sourceproof.evidence.models import PhotoSide
from sourceproof.fieldwork.models import AppliedOperation, OperationKind
from sourceproof.inspections import services as inspections
from sourceproof.inspections.models import (
    CheckpointResult,
    CheckpointStatus,
    DefectRecord,
    DefectType,
    Inspection,
)

if TYPE_CHECKING:
    from sourceproof.accounts.models import User

MAX_NOTE = 2000
MAX_REMARKS = 10_000
MAX_DELTA = 1000
MAX_MEASUREMENTS = 500

Status = Literal["applied", "already_applied", "rejected"]


@dataclass(frozen=True)
class OperationInput:
    op_id: uuid.UUID
    kind: str
    payload: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class OperationOutcome:
    """What became of one operation: applied now, applied before (a resend), or rejected
    with a reason (then nothing changed)."""

    op_id: uuid.UUID
    kind: str
    status: Status
    result: dict[str, Any] = field(default_factory=dict)
    reason: str = ""
    errors: dict[str, list[str]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "op_id": str(self.op_id),
            "kind": self.kind,
            "status": self.status,
            "result": self.result,
            "reason": self.reason,
            "errors": self.errors,
        }


# --------------------------------------------------------------------------- payload checks

_FIELDS = {
    "key": _lazy("The checkpoint"),
    "status": _lazy("The result"),
    "note": _lazy("The note"),
    "defect_type": _lazy("The defect type"),
    "delta": _lazy("The number of units to add or take away"),
    "count": _lazy("The number of units"),
    "unit_number": _lazy("The unit number"),
    "checkpoint_key": _lazy("The checkpoint"),
    "remarks": _lazy("The remarks"),
    "side": _lazy("The side"),
    "op_id": _lazy("The operation id"),
    "defect_op": _lazy("The defect's operation id"),
}


def _label(name: str) -> str:
    return str(_FIELDS.get(name, name))


def _text(payload: Mapping[str, Any], name: str, *, limit: int, required: bool = False) -> str:
    value = payload.get(name)
    if value is None or value == "":
        if required:
            raise ValidationError({name: _("%(what)s is missing.") % {"what": _label(name)}})
        return ""
    if not isinstance(value, str):
        raise ValidationError({name: _("%(what)s must be text.") % {"what": _label(name)}})
    if len(value) > limit:
        raise ValidationError(
            {
                name: _("%(what)s is too long (at most %(limit)s characters).")
                % {"what": _label(name), "limit": limit}
            }
        )
    return value


def _optional_text(payload: Mapping[str, Any], name: str, *, limit: int) -> str | None:
    if name not in payload or payload[name] is None:
        return None
    return _text(payload, name, limit=limit)


def _integer(payload: Mapping[str, Any], name: str, *, required: bool = False) -> int | None:
    value = payload.get(name)
    if value is None or value == "":
        if required:
            raise ValidationError({name: _("%(what)s is missing.") % {"what": _label(name)}})
        return None
    whole = _("%(what)s must be a whole number.") % {"what": _label(name)}
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValidationError({name: whole})
    try:
        return int(value)
    except ValueError:
        raise ValidationError({name: whole}) from None


def _uuid(value: Any, name: str) -> uuid.UUID | None:
    if value is None or value == "":
        return None
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        raise ValidationError(
            {name: _("%(what)s must be a UUID.") % {"what": _label(name)}}
        ) from None


def _defect_type(payload: Mapping[str, Any]) -> DefectType:
    code = _text(payload, "defect_type", limit=30, required=True)
    found = DefectType.objects.filter(code=code).first()
    if found is None:
        raise ValidationError(
            {"defect_type": _("There is no defect type %(code)s in the library.") % {"code": code}}
        )
    return found


def _measurements(payload: Mapping[str, Any]) -> list[dict[str, Any]] | None:
    raw = payload.get("measurements")
    if raw is None:
        return None
    if not isinstance(raw, list) or len(raw) > MAX_MEASUREMENTS:
        raise ValidationError({"measurements": _("Send the measured values as a list.")})
    cleaned = []
    for item in raw:
        if not isinstance(item, Mapping) or "value" not in item:
            raise ValidationError({"measurements": _("Each measurement needs a value.")})
        cleaned.append({"unit": item.get("unit"), "value": item["value"]})
    return cleaned


# --------------------------------------------------------------------------- dispatch


def _apply_result(
    inspection: Inspection, payload: Mapping[str, Any], by: User, op_id: uuid.UUID
) -> dict[str, Any]:
    key = _text(payload, "key", limit=40, required=True)
    status = _optional_text(payload, "status", limit=20)
    if status is not None and status not in CheckpointStatus.values:
        raise ValidationError({"status": _("Unknown result %(status)r.") % {"status": status}})
    result = inspections.inspection_record_result(
        inspection=inspection,
        key=key,
        status=status or None,
        measurements=_measurements(payload),
        note=_optional_text(payload, "note", limit=MAX_NOTE),
        by=by,
    )
    return {
        "key": result.key,
        "status": result.status,
        "measurements": result.measurements,
        "note": result.note,
    }


def _counter_count(inspection: Inspection, defect_type: DefectType) -> int:
    return sum(
        DefectRecord.objects.filter(
            inspection=inspection,
            defect_type=defect_type,
            unit_number__isnull=True,
            checkpoint_result__isnull=True,
            client_key__isnull=True,
        ).values_list("count", flat=True)
    )


def _apply_defect_adjust(
    inspection: Inspection, payload: Mapping[str, Any], by: User, op_id: uuid.UUID
) -> dict[str, Any]:
    defect_type = _defect_type(payload)
    delta = _integer(payload, "delta", required=True)
    assert delta is not None
    if not -MAX_DELTA <= delta <= MAX_DELTA:
        raise ValidationError(
            {"delta": _("Count at most %(n)s units at a time.") % {"n": MAX_DELTA}}
        )
    record = inspections.inspection_adjust_defect_count(
        inspection=inspection, defect_type=defect_type, delta=delta, by=by
    )
    return {
        "defect_type": defect_type.code,
        "delta": delta,
        "count": _counter_count(inspection, defect_type),
        "record_id": record.pk if record is not None else None,
    }


def _apply_defect_add(
    inspection: Inspection, payload: Mapping[str, Any], by: User, op_id: uuid.UUID
) -> dict[str, Any]:
    defect_type = _defect_type(payload)
    count = _integer(payload, "count")
    record = inspections.inspection_record_defect(
        inspection=inspection,
        defect_type=defect_type,
        unit_number=_integer(payload, "unit_number"),
        count=1 if count is None else count,
        note=_text(payload, "note", limit=500),
        checkpoint_key=_text(payload, "checkpoint_key", limit=40) or None,
        client_key=op_id,
        by=by,
    )
    return {
        "record_id": record.pk,
        "defect_type": defect_type.code,
        "defect_class": record.defect_class,
        "unit_number": record.unit_number,
        "count": record.count,
    }


def _apply_remarks(
    inspection: Inspection, payload: Mapping[str, Any], by: User, op_id: uuid.UUID
) -> dict[str, Any]:
    remarks = _text(payload, "remarks", limit=MAX_REMARKS)
    inspections.inspection_save_remarks(inspection=inspection, remarks=remarks, by=by)
    return {"remarks": inspection.remarks}


def _apply_submit(
    inspection: Inspection, payload: Mapping[str, Any], by: User, op_id: uuid.UUID
) -> dict[str, Any]:
    inspections.inspection_submit(
        inspection=inspection,
        remarks=_optional_text(payload, "remarks", limit=MAX_REMARKS),
        by=by,
    )
    return {
        "status": inspection.status,
        "computed_verdict": inspection.computed_verdict,
        "url": reverse("inspections:inspection_detail", args=[inspection.report_number]),
    }


_DISPATCH = {
    OperationKind.RESULT: _apply_result,
    OperationKind.DEFECT_ADJUST: _apply_defect_adjust,
    OperationKind.DEFECT_ADD: _apply_defect_add,
    OperationKind.REMARKS: _apply_remarks,
    OperationKind.SUBMIT: _apply_submit,
}


def _replay(found: AppliedOperation, inspection: Inspection, kind: str) -> OperationOutcome:
    """The answer to a resend: the stored result, if the UUID was used for this very change."""
    if found.inspection_id != inspection.pk or found.kind != kind:
        raise ValidationError(
            {
                "op_id": _(
                    "This operation id was already used for another change; the phone must "
                    "make a new one."
                )
            }
        )
    return OperationOutcome(
        op_id=found.op_id, kind=found.kind, status="already_applied", result=found.result
    )


def _lock(inspection: Inspection) -> None:
    """Serialise the phone's operations on one inspection (a row lock on PostgreSQL; SQLite
    takes the write lock at the start of the transaction)."""
    Inspection.objects.select_for_update().filter(pk=inspection.pk).values_list("pk").first()


@transaction.atomic
def _apply_once(
    *, inspection: Inspection, op_id: uuid.UUID, kind: str, payload: Mapping[str, Any], by: User
) -> OperationOutcome:
    _lock(inspection)
    found = AppliedOperation.objects.filter(op_id=op_id).first()
    if found is not None:
        return _replay(found, inspection, kind)
    handler = _DISPATCH[OperationKind(kind)]
    result = handler(inspection, payload, by, op_id)
    AppliedOperation.objects.create(
        op_id=op_id,
        inspection=inspection,
        kind=kind,
        applied_by=by,
        applied_at=timezone.now(),
        result=result,
    )
    return OperationOutcome(op_id=op_id, kind=kind, status="applied", result=result)


def operation_apply(
    *,
    inspection: Inspection,
    op_id: uuid.UUID | str,
    kind: str,
    payload: Mapping[str, Any],
    by: User,
) -> OperationOutcome:
    """Apply one operation from the phone, exactly once (see the module docstring).

    Runs in one transaction (the inspection's row locked first, so two resends of the same
    operation cannot both apply); raises `ValidationError` with the reason when the operation
    is refused, and `Http404` when `by` may not perform the inspection.
    """
    uid = _uuid(op_id, "op_id")
    if uid is None:
        raise ValidationError({"op_id": _("Every operation needs its UUID.")})
    if kind == OperationKind.PHOTO:
        raise ValidationError({"kind": _("A photo is sent with its file, one at a time.")})
    if kind not in _DISPATCH:
        raise ValidationError({"kind": _("Unknown kind of operation %(kind)r.") % {"kind": kind}})
    if not isinstance(payload, Mapping):
        raise ValidationError({"payload": _("The operation's details are missing.")})
    try:
        return _apply_once(inspection=inspection, op_id=uid, kind=kind, payload=payload, by=by)
    except IntegrityError:
        # Another request applied the same UUID between our check and our insert; ours was
        # rolled back whole, so answer as a resend.
        found = AppliedOperation.objects.filter(op_id=uid).first()
        if found is None:
            raise
        return _replay(found, inspection, kind)


def reason_of(error: ValidationError) -> tuple[str, dict[str, list[str]]]:
    if hasattr(error, "error_dict"):
        errors = {k: [str(m) for m in v] for k, v in error.message_dict.items()}
        return " ".join(m for ms in errors.values() for m in ms), errors
    return " ".join(str(m) for m in error.messages), {}


def operations_apply(
    *, inspection: Inspection, operations: Sequence[OperationInput], by: User
) -> list[OperationOutcome]:
    """Apply a batch in the order sent, each operation on its own (one refused does not undo
    or stop the others). Every operation gets an outcome."""
    outcomes = []
    for op in operations:
        try:
            outcome = operation_apply(
                inspection=inspection, op_id=op.op_id, kind=op.kind, payload=op.payload, by=by
            )
        except ValidationError as error:
            reason, errors = reason_of(error)
            outcome = OperationOutcome(
                op_id=op.op_id, kind=op.kind, status="rejected", reason=reason, errors=errors
            )
        outcomes.append(outcome)
    inspection.refresh_from_db()
    return outcomes


# --------------------------------------------------------------------------- photos


def _photo_links(
    inspection: Inspection, payload: Mapping[str, Any]
) -> tuple[CheckpointResult | None, DefectRecord | None, str, list[str]]:
    """What the photo belongs to. A link that no longer resolves (the checkpoint or defect
    it was taken for is gone) never costs the photo: it is attached to the inspection, with
    a note saying so."""
    notes: list[str] = []
    checkpoint = None
    key = _text(payload, "checkpoint_key", limit=40)
    if key:
        checkpoint = CheckpointResult.objects.filter(inspection=inspection, key=key).first()
        if checkpoint is None:
            notes.append(_("The checkpoint it was taken for is not on this inspection."))
    record = None
    defect_op = _uuid(payload.get("defect_op"), "defect_op")
    code = _text(payload, "defect_type", limit=30)
    if defect_op is not None:
        record = DefectRecord.objects.filter(inspection=inspection, client_key=defect_op).first()
    elif code:
        record = (
            DefectRecord.objects.filter(
                inspection=inspection,
                defect_type__code=code,
                unit_number__isnull=True,
                checkpoint_result__isnull=True,
                client_key__isnull=True,
            )
            .order_by("id")
            .first()
        )
    if (defect_op is not None or code) and record is None:
        notes.append(_("The defect it was taken for is not counted (any more)."))
    side = _text(payload, "side", limit=10)
    if side and side not in PhotoSide.values:
        raise ValidationError({"side": _("Unknown side %(side)r.") % {"side": side}})
    return checkpoint, record, side, notes


def photo_operation_apply(
    *,
    inspection: Inspection,
    op_id: uuid.UUID | str,
    file: IO[bytes] | bytes,
    payload: Mapping[str, Any],
    by: User,
) -> OperationOutcome:
    """Attach a photo the phone took (the operation's UUID is the photo's `client_uid`).

    Not one transaction: `evidence.services.photo_add` examines the image outside any lock
    and commits on its own. Idempotent all the same: a resend finds the `AppliedOperation`,
    or, if the answer was lost between the photo's commit and ours, `photo_add` finds the
    photo by its `client_uid` and the operation is recorded then. Raises `ValidationError`
    (not a photo, too large, inspection no longer open…) and `Http404` like `photo_add`.
    """
    uid = _uuid(op_id, "op_id")
    if uid is None:
        raise ValidationError({"op_id": _("Every operation needs its UUID.")})
    found = AppliedOperation.objects.filter(op_id=uid).first()
    if found is not None:
        return _replay(found, inspection, OperationKind.PHOTO)
    checkpoint, record, side, notes = _photo_links(inspection, payload)
    photo = evidence.photo_add(
        inspection=inspection,
        file=file,
        by=by,
        checkpoint_result=checkpoint,
        defect_record=record,
        side=side,
        client_uid=uid,
    )
    result = {
        "photo_id": photo.pk,
        "sha256": photo.sha256,
        "checkpoint_key": checkpoint.key if checkpoint else None,
        "defect_record_id": record.pk if record else None,
        "side": side,
        "thumbnail_url": reverse("evidence:photo_thumbnail", args=[photo.pk]),
        "url": reverse("evidence:photo_detail", args=[photo.pk]),
        "attention": photo.needs_attention,
        "notes": notes,
    }
    with transaction.atomic():
        applied, created = AppliedOperation.objects.get_or_create(
            op_id=uid,
            defaults={
                "inspection": inspection,
                "kind": OperationKind.PHOTO,
                "applied_by": by,
                "applied_at": timezone.now(),
                "result": result,
            },
        )
    if not created:
        return _replay(applied, inspection, OperationKind.PHOTO)
    status: Status = "applied" if photo.created_now else "already_applied"
    return OperationOutcome(op_id=uid, kind=OperationKind.PHOTO, status=status, result=result)
