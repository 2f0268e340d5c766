"""Reads for the phone screen, scoped through the inspections app's selectors.

Scope: the inspector's list shows only the inspections assigned to the acting user; one
inspection opens for whoever may perform it (the assigned inspector; a quality manager or
admin too, as the services allow); everyone else gets a 404, like the inspections pages.

`field_state` is everything the screen shows of one inspection as plain JSON: the page
embeds it, the API returns it after every batch, and the phone keeps the last one so the
screen can be rebuilt without a connection. It lists the operations already applied, so the
phone knows which of its queued operations the state already contains.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from sourceproof.accounts.models import Role
from sourceproof.accounts.permissions import Action, require
from sourceproof.evidence.selectors import PhotoCard, inspection_evidence
from sourceproof.fieldwork.models import AppliedOperation
from sourceproof.inspections import evaluation, presentation
from sourceproof.inspections import verdict as pure
from sourceproof.inspections.models import (
    GOLDEN_SAMPLE_CHECKPOINT,
    CheckpointKind,
    CheckpointStatus,
    DefectClass,
    DefectRecord,
    Inspection,
    InspectionStatus,
    Verdict,
)
from sourceproof.inspections.selectors import (
    active_defect_types,
    checkpoint_results,
    defect_records,
    get_inspection_for_user,
    inspection_queryset,
)

if TYPE_CHECKING:
    from sourceproof.accounts.models import User
    from sourceproof.evidence.models import Photo

# --------------------------------------------------------------------------- the list


def week_of(today: dt.date) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of the week holding `today`."""
    monday = today - dt.timedelta(days=today.weekday())
    return monday, monday + dt.timedelta(days=6)


GROUP_IN_PROGRESS, GROUP_OVERDUE, GROUP_TODAY, GROUP_THIS_WEEK, GROUP_SUBMITTED = range(5)


def my_inspections(*, user: User, today: dt.date) -> QuerySet[Inspection]:
    """The acting user's assigned inspections that matter on the floor this week: every one
    in progress, the planned ones up to Sunday (earlier ones not started yet included), and
    those submitted this week. Annotated with `group` (in progress, overdue, today, later
    this week, submitted) and ordered by it; one query."""
    require(user, Action.PERFORM_INSPECTIONS)
    monday, sunday = week_of(today)
    rows = inspection_queryset(user=user).filter(inspector_id=user.pk)
    rows = rows.filter(
        Q(status=InspectionStatus.IN_PROGRESS)
        | Q(status=InspectionStatus.PLANNED, planned_date__lte=sunday)
        | Q(status=InspectionStatus.SUBMITTED, submitted_at__date__gte=monday)
    )
    return (
        rows.annotate(
            group=Case(
                When(status=InspectionStatus.IN_PROGRESS, then=Value(GROUP_IN_PROGRESS)),
                When(status=InspectionStatus.SUBMITTED, then=Value(GROUP_SUBMITTED)),
                When(planned_date__lt=today, then=Value(GROUP_OVERDUE)),
                When(planned_date=today, then=Value(GROUP_TODAY)),
                default=Value(GROUP_THIS_WEEK),
                output_field=IntegerField(),
            )
        )
        .select_related("order", "order__customer", "facility", "product_category")
        .order_by("group", "planned_date", "report_number")
    )


def get_field_inspection(*, user: User, report_number: str) -> Inspection:
    """One inspection the user may perform, or 404 (an inspector sees only their own)."""
    require(user, Action.PERFORM_INSPECTIONS)
    inspection = get_inspection_for_user(user=user, report_number=report_number)
    if user.role == Role.INSPECTOR and inspection.inspector_id != user.pk:
        raise Http404("Not found.")
    return inspection


# --------------------------------------------------------------------------- the verdict


def verdict_of(inspection: Inspection, result: pure.VerdictResult | None) -> dict[str, Any] | None:
    """The server's verdict for the data received, with translated reasons."""
    if result is None:
        return None
    labels = dict(Verdict.choices)
    return {
        "outcome": result.outcome,
        "label": str(labels.get(result.outcome, result.outcome)),
        "classes": [
            {
                "name": c.name,
                "label": presentation.class_label(c.name),
                "nonconforming": c.nonconforming,
                "sample_size": c.sample_size,
                "accept": c.accept,
                "reject": c.reject,
                "accepted": c.accepted,
            }
            for c in result.classes
        ],
        "reasons": presentation.reasons_for_display(r.as_dict() for r in result.reasons),
    }


def field_verdict(*, inspection: Inspection) -> dict[str, Any] | None:
    """The verdict so far, computed by the pure verdict function on the rows stored now."""
    found = verdict_of(inspection, evaluation.evaluate(inspection))
    if found is not None:
        found["as_of"] = timezone.now().isoformat()
    return found


# --------------------------------------------------------------------------- the state


def _photo(photo: Photo) -> dict[str, Any]:
    return {
        "id": photo.pk,
        "client_uid": str(photo.client_uid) if photo.client_uid else None,
        "thumbnail_url": reverse("evidence:photo_thumbnail", args=[photo.pk]),
        "url": reverse("evidence:photo_detail", args=[photo.pk]),
        "attention": photo.needs_attention,
        "side": photo.side,
        "side_label": photo.get_side_display() if photo.side else "",
    }


def _photos(cards: Iterable[PhotoCard]) -> list[dict[str, Any]]:
    return [_photo(c.photo) for c in cards]


def _is_counter(record: DefectRecord) -> bool:
    """A record of the +/- counter: no unit number, no checkpoint, no client key."""
    return (
        record.unit_number is None
        and record.checkpoint_result_id is None
        and record.client_key is None
    )


def _local_language(language: str) -> str:
    return "zh" if language.startswith("zh") else "nl" if language.startswith("nl") else "en"


def field_state(*, user: User, inspection: Inspection, language: str) -> dict[str, Any]:
    """Everything the phone screen shows of the inspection, as JSON, in a fixed number of
    queries. `inspection` must come from `get_field_inspection`."""
    lang = _local_language(language)
    plan = evaluation.plan_of(inspection)
    results = checkpoint_results(inspection=inspection)
    records = defect_records(inspection=inspection)
    specs = evaluation.snapshot_checkpoints(inspection)
    evidence = inspection_evidence(user=user, inspection=inspection)
    kinds = dict(CheckpointKind.choices)
    statuses = dict(CheckpointStatus.choices)

    checkpoints = []
    for r in results:
        spec = specs.get(r.key, {})
        title = spec.get("title_zh") if lang == "zh" and spec.get("title_zh") else r.title
        checkpoints.append(
            {
                "key": r.key,
                "position": r.position,
                "kind": r.kind,
                "kind_label": str(kinds.get(r.kind, r.kind)),
                "title": title,
                "instructions": spec.get("instructions", ""),
                "nominal": spec.get("nominal"),
                "tolerance": spec.get("tolerance"),
                "unit": spec.get("unit", ""),
                "defect_class": spec.get("defect_class") or pure.MAJOR,
                "required_photos": int(spec.get("required_photos") or 0),
                "level": spec.get("level"),
                "sample_size": spec.get("sample_size") or (plan.sample_size if plan else None),
                "golden": r.key == GOLDEN_SAMPLE_CHECKPOINT,
                "status": r.status,
                "status_label": str(statuses.get(r.status, r.status)),
                "measurements": list(r.measurements or []),
                "note": r.note,
                "photos": _photos(evidence.by_checkpoint.get(r.pk, [])),
            }
        )

    counters: dict[str, int] = {}
    counter_photos: dict[str, list[dict[str, Any]]] = {}
    others = []
    for record in records:
        code = record.defect_type.code
        if _is_counter(record):
            counters[code] = counters.get(code, 0) + record.count
            counter_photos.setdefault(code, []).extend(
                _photos(evidence.by_defect.get(record.pk, []))
            )
        else:
            others.append(record)
    # Units counted outside the counters (numbered units, checkpoint defects, desktop
    # entries): the phone adds its own counters and measurements to these for its "so far".
    counted = (
        pure.count_nonconforming(plan, evaluation.findings_of(others)) if plan is not None else {}
    )
    base = {name: counted.get(name, (0, (), 0))[0] for name in pure.CLASSES}

    defect_types = [
        {
            "code": t.code,
            "description": t.description(lang),
            "class": t.defect_class,
        }
        for t in active_defect_types()
    ]

    golden = evidence.golden
    golden_sample = golden.golden_sample if golden else None
    verdict = verdict_of(
        inspection, evaluation.evaluate(inspection, results=results, records=records)
    )
    applied = AppliedOperation.objects.filter(inspection=inspection).values_list("op_id", flat=True)
    return {
        "report_number": inspection.report_number,
        "status": inspection.status,
        "status_label": inspection.get_status_display(),
        "as_of": timezone.now().isoformat(),
        "language": lang,
        "plan": None
        if plan is None
        else {
            "sample_size": plan.sample_size,
            "code_letter": plan.code_letter,
            "inspection": plan.inspection,
            "classes": [
                {
                    "name": c.name,
                    "label": presentation.class_label(c.name),
                    "sample_size": c.sample_size,
                    "accept": c.accept,
                    "reject": c.reject,
                    "aql": c.aql,
                    "zero_acceptance": c.zero_acceptance,
                }
                for c in plan.classes
            ],
        },
        "checkpoints": checkpoints,
        "status_labels": {value: str(label) for value, label in CheckpointStatus.choices},
        "classes": [{"name": v, "label": str(label)} for v, label in DefectClass.choices],
        "defect_types": defect_types,
        "counters": counters,
        "counter_photos": counter_photos,
        "base_nonconforming": base,
        "other_defects": [
            {
                "id": r.pk,
                "code": r.defect_type.code,
                "description": r.defect_type.description(lang),
                "class": r.defect_class,
                "unit_number": r.unit_number,
                "count": r.count,
                "checkpoint": r.checkpoint_result.title if r.checkpoint_result else "",
                "note": r.note,
            }
            for r in others
        ],
        "golden": None
        if golden_sample is None
        else {
            "seal_number": golden_sample.seal_number,
            "colours": list(golden_sample.colours or []),
            "logo_position": golden_sample.logo_position,
            "logo_size": golden_sample.logo_size,
            "dimensions": golden_sample.dimensions,
            "materials": golden_sample.materials,
            "notes": golden_sample.notes,
            "sides": [
                {"side": row.side, "label": row.label, "photos": _photos(row.golden)}
                for row in golden.rows
                if row.golden
            ]
            if golden
            else [],
        },
        "remarks": inspection.remarks,
        "verdict": verdict,
        "applied_ops": [str(op) for op in applied],
    }
