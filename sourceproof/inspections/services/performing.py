"""Performing an inspection: start (snapshot the plan and the checklist), record checkpoint
results and defects, approve the golden sample (PPI), submit.

These are the services the inspector's screens call (the desktop "perform" page here, the
phone screen with its offline queue later): every one takes the inspection and the acting
user, checks that the user is the assigned inspector (or a quality manager or admin), runs
in one transaction, records the change log and stores the recomputed verdict.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sourceproof.core.changelog import diff, record_change, snapshot
from sourceproof.core.models import ChangeAction
from sourceproof.inspections import evaluation
from sourceproof.inspections import verdict as pure
from sourceproof.inspections.models import (
    GOLDEN_SAMPLE_CHECKPOINT,
    ChecklistTemplate,
    CheckpointKind,
    CheckpointResult,
    CheckpointStatus,
    DefectRecord,
    DefectType,
    GoldenSample,
    Inspection,
    InspectionPolicy,
    InspectionStatus,
    InspectionType,
    SamplingStream,
    StreamSeverity,
)
from sourceproof.inspections.services.common import (
    Registry,
    created,
    lock,
    refresh,
    require_performer,
    store_verdict,
)
from sourceproof.sampling import SamplingError, SwitchingState

if TYPE_CHECKING:
    from sourceproof.accounts.models import User

# Checks another capability adds before an inspection may be submitted (e.g. the photo
# evidence app: "Drop test needs 2 photos; 0 attached"). Each gets the inspection and
# returns the problems as sentences; any problem refuses the submission.
SubmitCheck = Callable[[Inspection], list[str]]
SUBMIT_CHECKS: Registry[SubmitCheck] = Registry()
register_submit_check = SUBMIT_CHECKS.register
unregister_submit_check = SUBMIT_CHECKS.unregister


def _require_running(inspection: Inspection) -> None:
    if inspection.status != InspectionStatus.IN_PROGRESS:
        raise ValidationError(
            _("%(number)s is %(status)s; results are recorded while it is in progress.")
            % {
                "number": inspection.report_number,
                "status": inspection.get_status_display().lower(),
            }
        )


# --------------------------------------------------------------------------- start


def _stream_for(inspection: Inspection) -> SamplingStream:
    stream, _created = SamplingStream.objects.select_for_update().get_or_create(
        facility_id=inspection.facility_id, product_category_id=inspection.product_category_id
    )
    return stream


GOLDEN_SAMPLE_SPEC: dict[str, Any] = {
    "key": GOLDEN_SAMPLE_CHECKPOINT,
    "kind": CheckpointKind.VISUAL.value,
    "title": "Matches the golden sample",
    "title_zh": "与封样一致",
    "instructions": "Compare colours (Pantone), logo position and size, dimensions and "
    "materials with the sealed golden sample; photograph both side by side.",
    "test_kind": "",
    "nominal": None,
    "tolerance": None,
    "unit": "",
    "defect_class": "major",
    "required_photos": 2,
    "level": None,
    "sample_size": None,
    "mandatory": True,
}


def _checklist_snapshot(
    inspection: Inspection, template: ChecklistTemplate | None, plan: pure.PlanSnapshot
) -> dict[str, Any]:
    checkpoints: list[dict[str, Any]] = []
    if template is not None:
        for cp in template.checkpoints.all():
            sample_size = None
            if cp.level_override:
                sample_size = pure.special_level_sample_size(
                    lot_size=plan.lot_size,
                    level=cp.level_override,
                    aql=inspection.major_aql,
                    inspection=plan.inspection,
                    edition=plan.edition,
                )
            checkpoints.append(
                {
                    "key": f"c{cp.pk}",
                    "kind": cp.kind,
                    "title": cp.title,
                    "title_zh": cp.title_zh,
                    "instructions": cp.instructions,
                    "test_kind": cp.test_kind,
                    "nominal": None if cp.nominal is None else str(cp.nominal.normalize()),
                    "tolerance": None if cp.tolerance is None else str(cp.tolerance.normalize()),
                    "unit": cp.unit,
                    "defect_class": cp.defect_class,
                    "required_photos": cp.required_photos,
                    "level": cp.level_override or None,
                    "sample_size": sample_size,
                    "mandatory": False,
                }
            )
    if inspection.inspection_type == InspectionType.PSI:
        checkpoints.append(dict(GOLDEN_SAMPLE_SPEC))
    return {
        "template": None
        if template is None
        else {
            "id": template.pk,
            "name": template.name,
            "version": template.version,
            "category": inspection.product_category.code,
        },
        "checkpoints": checkpoints,
    }


@transaction.atomic
def inspection_start(
    *,
    inspection: Inspection,
    by: User,
    produced_percent: int | None = None,
    packed_percent: int | None = None,
    lot_size: int | None = None,
) -> Inspection:
    """Start a planned inspection: freeze the sampling plan (at the stream's current severity)
    and the checklist onto it, and make one result row per checkpoint.

    DUPRO needs the produced percentage (outside the policy's range, typically 20-60 %, it
    starts with a warning); PSI needs the packed percentage and refuses to start below the
    policy's minimum (80 % by default): come back when the goods are packed. A stream on
    discontinued inspection refuses to start until a quality manager resumes it.
    """
    require_performer(by, inspection)
    locked = lock(inspection)
    if locked.status != InspectionStatus.PLANNED:
        raise ValidationError(
            _("Only a planned inspection can start; %(number)s is %(status)s.")
            % {"number": locked.report_number, "status": locked.get_status_display().lower()}
        )
    if locked.inspector_id is None:
        raise ValidationError(_("Assign an inspector before the inspection starts."))
    policy = InspectionPolicy.current()
    errors: dict[str, list[str]] = {}
    warnings: list[str] = []
    for name, value in (("produced_percent", produced_percent), ("packed_percent", packed_percent)):
        if value is not None and not 0 <= value <= 100:
            errors.setdefault(name, []).append(_("A percentage lies between 0 and 100."))
    if locked.inspection_type == InspectionType.DUPRO:
        if produced_percent is None:
            errors.setdefault("produced_percent", []).append(
                _("Record how much of the order is produced (percent).")
            )
        elif not policy.dupro_produced_min <= produced_percent <= policy.dupro_produced_max:
            warnings.append(
                _(
                    "%(produced)s %% produced: a DUPRO is usually done between %(min)s and "
                    "%(max)s %%."
                )
                % {
                    "produced": produced_percent,
                    "min": policy.dupro_produced_min,
                    "max": policy.dupro_produced_max,
                }
            )
    if locked.inspection_type == InspectionType.PSI:
        if packed_percent is None:
            errors.setdefault("packed_percent", []).append(
                _("Record how much of the order is packed (percent).")
            )
        elif packed_percent < policy.psi_packed_min:
            errors.setdefault("packed_percent", []).append(
                _(
                    "Only %(packed)s %% packed: a PSI needs at least %(min)s %% of the goods "
                    "packed. Reschedule the inspection."
                )
                % {"packed": packed_percent, "min": policy.psi_packed_min}
            )
    if lot_size is not None and lot_size < 2:
        errors.setdefault("lot_size", []).append(_("A lot has at least 2 units."))
    if errors:
        raise ValidationError(errors)
    if lot_size is not None:
        locked.lot_size = lot_size

    stream = _stream_for(locked)
    if stream.severity == StreamSeverity.DISCONTINUED:
        raise ValidationError(
            _(
                "Inspection is discontinued for %(category)s at %(facility)s: a quality "
                "manager must record the supplier's corrective action and resume the stream "
                "first."
            )
            % {"category": locked.product_category.name, "facility": locked.facility.name}
        )
    try:
        plan = pure.build_plan(
            lot_size=locked.lot_size,
            aqls={"critical": None, "major": locked.major_aql, "minor": locked.minor_aql},
            level=locked.level,
            inspection=stream.severity,
            edition=policy.edition,
            minimum_level=policy.minimum_level,
        )
    except SamplingError as error:
        raise ValidationError(str(error)) from None
    template = (
        ChecklistTemplate.objects.filter(
            product_category_id=locked.product_category_id, is_current=True
        )
        .prefetch_related("checkpoints")
        .first()
    )
    if template is None:
        warnings.append(
            _("No checklist template for %(category)s: only the built-in checkpoints apply.")
            % {"category": locked.product_category.name}
        )
    now = timezone.now()
    plan_data = plan.as_dict()
    plan_data["policy"] = {
        "minimum_level": policy.minimum_level,
        "zero_acceptance_for_critical": True,
        "reduced_allowed": policy.reduced_allowed,
    }
    plan_data["aql_source"] = locked.aql_source
    plan_data["stream"] = {"id": stream.pk, "state": stream.state or SwitchingState().as_dict()}
    plan_data["snapshotted_at"] = now.isoformat()
    checklist = _checklist_snapshot(locked, template, plan)

    locked.plan_snapshot = plan_data
    locked.checklist_snapshot = checklist
    locked.checklist_template = template
    locked.stream = stream
    locked.produced_percent = (
        produced_percent if locked.inspection_type == InspectionType.DUPRO else None
    )
    locked.packed_percent = packed_percent if locked.inspection_type == InspectionType.PSI else None
    locked.start_warnings = warnings
    locked.status = InspectionStatus.IN_PROGRESS
    locked.started_at = now
    locked.save()
    CheckpointResult.objects.bulk_create(
        [
            CheckpointResult(
                inspection=locked,
                key=spec["key"],
                position=position,
                kind=spec["kind"],
                title=spec["title"],
            )
            for position, spec in enumerate(checklist["checkpoints"], start=1)
        ]
    )
    record_change(
        obj=locked,
        actor=by,
        action=ChangeAction.EVENT,
        changes={
            "status": [InspectionStatus.PLANNED, InspectionStatus.IN_PROGRESS],
            "plan": [
                None,
                f"{plan.inspection} inspection, level {plan.level}, code letter "
                f"{plan.code_letter}, n={plan.sample_size}; "
                + ", ".join(f"{c.name} Ac {c.accept} Re {c.reject}" for c in plan.classes),
            ],
            "checklist": [
                None,
                f"{template.name} v{template.version}" if template else "built-in only",
            ],
            "produced_percent": [None, locked.produced_percent],
            "packed_percent": [None, locked.packed_percent],
        },
        summary="Started" + (": " + " ".join(warnings) if warnings else ""),
    )
    store_verdict(locked, by=by)
    refresh(inspection, locked)
    return inspection


# --------------------------------------------------------------------------- checkpoint results


@dataclass(frozen=True)
class MeasurementInput:
    value: Decimal | str | float | int
    unit: int | None = None


def _measurement_limit(spec: Mapping[str, Any], plan: pure.PlanSnapshot) -> int:
    return int(spec.get("sample_size") or plan.sample_size)


def _clean_measurements(
    values: Iterable[MeasurementInput | Mapping[str, Any]],
    *,
    spec: Mapping[str, Any],
    plan: pure.PlanSnapshot,
) -> list[dict[str, Any]]:
    limit = _measurement_limit(spec, plan)
    cleaned: list[dict[str, Any]] = []
    errors: list[str] = []
    seen_units: set[int] = set()
    for item in values:
        raw_value = item.value if isinstance(item, MeasurementInput) else item.get("value")
        raw_unit = item.unit if isinstance(item, MeasurementInput) else item.get("unit")
        try:
            value = Decimal(str(raw_value).strip().replace(",", "."))
        except (InvalidOperation, AttributeError):
            errors.append(_("%(value)s is not a number.") % {"value": repr(raw_value)})
            continue
        if not value.is_finite():
            errors.append(_("%(value)s is not a number.") % {"value": repr(raw_value)})
            continue
        unit: int | None = None
        if raw_unit not in (None, ""):
            try:
                unit = int(str(raw_unit))
            except ValueError:
                errors.append(_("Unit %(unit)s is not a unit number.") % {"unit": repr(raw_unit)})
                continue
            if not 1 <= unit <= limit:
                errors.append(
                    _("Unit %(unit)s is outside the sample (1 to %(limit)s).")
                    % {"unit": unit, "limit": limit}
                )
                continue
            if unit in seen_units:
                errors.append(_("Unit %(unit)s is measured twice.") % {"unit": unit})
                continue
            seen_units.add(unit)
        cleaned.append({"unit": unit, "value": str(value)})
    if len(cleaned) > limit:
        errors.append(_("At most %(limit)s units are measured (the sample).") % {"limit": limit})
    if errors:
        raise ValidationError({"measurements": errors})
    return cleaned


@transaction.atomic
def inspection_record_result(
    *,
    inspection: Inspection,
    key: str,
    by: User,
    status: str | None = None,
    measurements: Sequence[MeasurementInput | Mapping[str, Any]] | None = None,
    note: str | None = None,
) -> CheckpointResult:
    """Record the result of one checkpoint (the phone screen calls this per checkpoint).

    Measurements replace the ones stored; a measurement checkpoint with values and no status
    given becomes `pass` ("measured": values out of tolerance count as defects of the
    checkpoint's class, they do not fail the checkpoint). Saving the same result twice
    changes nothing.
    """
    require_performer(by, inspection)
    locked = lock(inspection)
    _require_running(locked)
    result = CheckpointResult.objects.select_for_update().filter(inspection=locked, key=key).first()
    if result is None:
        raise ValidationError(
            {
                "key": _("%(number)s has no checkpoint %(key)s.")
                % {"number": locked.report_number, "key": repr(key)}
            }
        )
    if status is not None and status not in CheckpointStatus.values:
        raise ValidationError(
            {"status": _("Unknown status %(status)s.") % {"status": repr(status)}}
        )
    plan = evaluation.plan_of(locked)
    assert plan is not None
    spec = evaluation.snapshot_checkpoints(locked).get(key, {})
    before = snapshot(result, ["status", "measurements", "note"])
    if measurements is not None:
        if result.kind != CheckpointKind.MEASUREMENT:
            raise ValidationError(
                {
                    "measurements": _("'%(title)s' is not a measurement checkpoint.")
                    % {"title": result.title}
                }
            )
        result.measurements = _clean_measurements(measurements, spec=spec, plan=plan)
        if status is None:
            status = CheckpointStatus.PASS if result.measurements else CheckpointStatus.NOT_CHECKED
    if status is not None:
        if (
            result.kind == CheckpointKind.MEASUREMENT
            and status == CheckpointStatus.PASS
            and not result.measurements
        ):
            raise ValidationError(
                {"measurements": _("Record the values of '%(title)s'.") % {"title": result.title}}
            )
        result.status = status
    if note is not None:
        result.note = note.strip()
    changes = diff(before, snapshot(result, ["status", "measurements", "note"]))
    if not changes:
        return result
    result.recorded_by = by
    result.recorded_at = timezone.now()
    result.save()
    record_change(obj=result, actor=by, action=ChangeAction.UPDATE, changes=changes)
    store_verdict(locked, by=by)
    refresh(inspection, locked)
    return result


# --------------------------------------------------------------------------- defects


def _check_class_totals(inspection: Inspection, plan: pure.PlanSnapshot) -> None:
    """No class may count more nonconforming units than its sample holds."""
    records = list(inspection.defect_records.select_related("defect_type"))
    counted = pure.count_nonconforming(plan, evaluation.findings_of(records))
    for class_plan in plan.classes:
        n = counted[class_plan.name][0]
        if n > class_plan.sample_size:
            raise ValidationError(
                {
                    "count": _(
                        "%(n)s nonconforming %(class)s units is more than the %(sample)s units "
                        "judged for that class."
                    )
                    % {"n": n, "class": class_plan.name, "sample": class_plan.sample_size}
                }
            )


@transaction.atomic
def inspection_record_defect(
    *,
    inspection: Inspection,
    defect_type: DefectType,
    by: User,
    unit_number: int | None = None,
    count: int = 1,
    note: str = "",
    checkpoint_key: str | None = None,
    client_key: uuid.UUID | str | None = None,
) -> DefectRecord:
    """Record nonconforming units: one numbered unit of the sample, or `count` distinct units.

    `client_key` (a UUID made by an offline client) makes the call idempotent: sending the
    same key again returns the record made the first time and changes nothing.
    """
    require_performer(by, inspection)
    locked = lock(inspection)
    if client_key is not None:
        key = client_key if isinstance(client_key, uuid.UUID) else uuid.UUID(str(client_key))
        existing = DefectRecord.objects.filter(inspection=locked, client_key=key).first()
        if existing is not None:
            return existing
    else:
        key = None
    _require_running(locked)
    plan = evaluation.plan_of(locked)
    assert plan is not None
    errors: dict[str, list[str]] = {}
    if not defect_type.is_active:
        errors.setdefault("defect_type", []).append(
            _("%(code)s is no longer in use.") % {"code": defect_type.code}
        )
    if unit_number is not None:
        if not 1 <= unit_number <= plan.sample_size:
            errors.setdefault("unit_number", []).append(
                _("Unit %(unit)s is outside the sample (1 to %(limit)s).")
                % {"unit": unit_number, "limit": plan.sample_size}
            )
        if count != 1:
            errors.setdefault("count", []).append(_("A numbered unit counts once."))
    if count < 1:
        errors.setdefault("count", []).append(_("Count at least one unit."))
    checkpoint = None
    if checkpoint_key:
        checkpoint = locked.checkpoint_results.filter(key=checkpoint_key).first()
        if checkpoint is None:
            errors.setdefault("checkpoint_key", []).append(
                _("No checkpoint %(key)s.") % {"key": repr(checkpoint_key)}
            )
    if errors:
        raise ValidationError(errors)
    record = DefectRecord.objects.create(
        inspection=locked,
        defect_type=defect_type,
        defect_class=defect_type.defect_class,
        unit_number=unit_number,
        count=count,
        note=note.strip()[:500],
        checkpoint_result=checkpoint,
        client_key=key,
        recorded_by=by,
    )
    _check_class_totals(locked, plan)
    record_change(obj=record, actor=by, action=ChangeAction.CREATE, changes=created(record))
    store_verdict(locked, by=by)
    refresh(inspection, locked)
    return record


@transaction.atomic
def inspection_adjust_defect_count(
    *, inspection: Inspection, defect_type: DefectType, delta: int, by: User
) -> DefectRecord | None:
    """The +/- counter of a defect type: add or take away units on the type's record without
    a unit number. Returns the record, or None when the count reached zero (deleted)."""
    require_performer(by, inspection)
    locked = lock(inspection)
    _require_running(locked)
    plan = evaluation.plan_of(locked)
    assert plan is not None
    if delta == 0:
        raise ValidationError({"delta": _("Add or take away at least one unit.")})
    record = (
        DefectRecord.objects.select_for_update()
        .filter(
            inspection=locked,
            defect_type=defect_type,
            unit_number__isnull=True,
            checkpoint_result__isnull=True,
            client_key__isnull=True,
        )
        .order_by("id")
        .first()
    )
    current = record.count if record else 0
    new = current + delta
    if new < 0:
        raise ValidationError(
            {
                "delta": _("Only %(count)s unit(s) of %(code)s counted.")
                % {"count": current, "code": defect_type.code}
            }
        )
    if record is None:
        if not defect_type.is_active:
            raise ValidationError(
                {"defect_type": _("%(code)s is no longer in use.") % {"code": defect_type.code}}
            )
        record = DefectRecord.objects.create(
            inspection=locked,
            defect_type=defect_type,
            defect_class=defect_type.defect_class,
            count=new,
            recorded_by=by,
        )
        record_change(obj=record, actor=by, action=ChangeAction.CREATE, changes=created(record))
        result: DefectRecord | None = record
    elif new == 0:
        record_change(
            obj=record,
            actor=by,
            action=ChangeAction.DELETE,
            changes={"count": [current, 0]},
            summary=f"{defect_type.code}: counter back to zero",
        )
        record_change(
            obj=locked,
            actor=by,
            action=ChangeAction.EVENT,
            changes={"defect_record": [record.pk, None]},
            summary=f"{defect_type.code}: counter back to zero",
        )
        record.delete()
        result = None
    else:
        record.count = new
        record.save(update_fields=["count", "updated_at"])
        record_change(
            obj=record, actor=by, action=ChangeAction.UPDATE, changes={"count": [current, new]}
        )
        result = record
    _check_class_totals(locked, plan)
    store_verdict(locked, by=by)
    refresh(inspection, locked)
    return result


@transaction.atomic
def defect_record_delete(*, record: DefectRecord, by: User) -> None:
    """Take back a defect record (a mistake) while the inspection is in progress."""
    inspection = record.inspection
    require_performer(by, inspection)
    locked = lock(inspection)
    _require_running(locked)
    record_change(
        obj=record,
        actor=by,
        action=ChangeAction.DELETE,
        changes={
            "defect_type": [record.defect_type.code, None],
            "defect_class": [record.defect_class, None],
            "unit_number": [record.unit_number, None],
            "count": [record.count, None],
        },
        summary=f"Removed {record}",
    )
    record_change(
        obj=locked,
        actor=by,
        action=ChangeAction.EVENT,
        changes={"defect_record": [record.pk, None]},
        summary=f"Removed defect record {record}",
    )
    record.delete()
    store_verdict(locked, by=by)


# --------------------------------------------------------------------------- golden sample


@dataclass(frozen=True)
class Colour:
    name: str
    pantone: str


@transaction.atomic
def golden_sample_approve(
    *,
    inspection: Inspection,
    by: User,
    seal_number: str,
    colours: Sequence[Colour] = (),
    logo_position: str = "",
    logo_size: str = "",
    dimensions: str = "",
    materials: str = "",
    notes: str = "",
) -> GoldenSample:
    """Approve (or correct) the order's golden sample during its PPI. Photos of each side
    are attached through the photo-evidence app."""
    require_performer(by, inspection)
    locked = lock(inspection)
    if locked.inspection_type != InspectionType.PPI:
        raise ValidationError(
            _("The golden sample is approved during the pre-production inspection.")
        )
    if locked.status not in {InspectionStatus.IN_PROGRESS, InspectionStatus.SUBMITTED}:
        raise ValidationError(
            _(
                "%(number)s is %(status)s; the golden sample is approved while the PPI is in "
                "progress or submitted."
            )
            % {"number": locked.report_number, "status": locked.get_status_display().lower()}
        )
    seal_number = seal_number.strip()
    if not seal_number:
        raise ValidationError({"seal_number": _("Record the number of the seal on the sample.")})
    values = {
        "approved_in": locked,
        "seal_number": seal_number,
        "colours": [
            {"name": c.name.strip(), "pantone": c.pantone.strip()}
            for c in colours
            if c.name.strip() or c.pantone.strip()
        ],
        "logo_position": logo_position.strip(),
        "logo_size": logo_size.strip(),
        "dimensions": dimensions.strip(),
        "materials": materials.strip(),
        "notes": notes.strip(),
        "approved_by": by,
        "approved_at": timezone.now(),
    }
    sample = GoldenSample.objects.select_for_update().filter(order_id=locked.order_id).first()
    if sample is None:
        sample = GoldenSample.objects.create(order_id=locked.order_id, **values)
        record_change(obj=sample, actor=by, action=ChangeAction.CREATE, changes=created(sample))
    else:
        before = snapshot(sample)
        for name, value in values.items():
            setattr(sample, name, value)
        sample.save()
        changes = diff(before, snapshot(sample))
        changes.pop("approved_at", None)
        record_change(obj=sample, actor=by, action=ChangeAction.UPDATE, changes=changes)
    record_change(
        obj=locked,
        actor=by,
        action=ChangeAction.EVENT,
        changes={"golden_sample": [None, seal_number]},
        summary=f"Golden sample approved, seal {seal_number}",
    )
    return sample


# --------------------------------------------------------------------------- submit


@transaction.atomic
def inspection_submit(
    *, inspection: Inspection, by: User, remarks: str | None = None
) -> Inspection:
    """Hand the inspection in for review: every checkpoint must have a result (pass, fail or
    needs decision), and every registered submit check must agree."""
    require_performer(by, inspection)
    locked = lock(inspection)
    _require_running(locked)
    open_checkpoints = list(
        locked.checkpoint_results.filter(status=CheckpointStatus.NOT_CHECKED)
        .order_by("position", "id")
        .values_list("key", "title")
    )
    specs = evaluation.snapshot_checkpoints(locked)
    chinese = (get_language() or "").lower().startswith("zh")
    problems = [
        _("'%(title)s' is not checked yet.")
        % {"title": (chinese and specs.get(key, {}).get("title_zh")) or title}
        for key, title in open_checkpoints
    ]
    for check in SUBMIT_CHECKS:
        problems.extend(check(locked))
    if problems:
        raise ValidationError(problems)
    if remarks is not None:
        locked.remarks = remarks.strip()
    locked.status = InspectionStatus.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.save(update_fields=["status", "submitted_at", "remarks", "updated_at"])
    store_verdict(locked, by=by)
    record_change(
        obj=locked,
        actor=by,
        action=ChangeAction.EVENT,
        changes={
            "status": [InspectionStatus.IN_PROGRESS, InspectionStatus.SUBMITTED],
            "computed_verdict": [None, locked.computed_verdict],
        },
        summary=f"Submitted; computed verdict {locked.computed_verdict}",
    )
    refresh(inspection, locked)
    return inspection


@transaction.atomic
def inspection_save_remarks(*, inspection: Inspection, remarks: str, by: User) -> Inspection:
    """Save the inspector's remarks while the inspection is in progress."""
    require_performer(by, inspection)
    locked = lock(inspection)
    _require_running(locked)
    old = locked.remarks
    locked.remarks = remarks.strip()
    locked.save(update_fields=["remarks", "updated_at"])
    record_change(
        obj=locked,
        actor=by,
        action=ChangeAction.UPDATE,
        changes={"remarks": [old, locked.remarks]} if old != locked.remarks else {},
    )
    refresh(inspection, locked)
    return inspection
