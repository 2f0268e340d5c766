"""Inspections in the API: list, detail, book, reschedule, cancel, start, results, defects,
golden sample, submit, decisions, review, override."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Query, Status

from sourceproof.accounts.models import Role, User
from sourceproof.accounts.permissions import Action, require
from sourceproof.core.http import acting_user
from sourceproof.core.paging import api_page
from sourceproof.inspections import selectors, services
from sourceproof.inspections.api import router
from sourceproof.inspections.api.schemas import (
    AdjustIn,
    BookIn,
    CancelIn,
    CheckpointOut,
    ClassCountOut,
    CodeCountOut,
    ColourOut,
    DecisionIn,
    DefectIn,
    DefectRecordOut,
    ErrorOut,
    GoldenSampleIn,
    GoldenSampleOut,
    InspectionDetailOut,
    InspectionPage,
    LineOut,
    MeasurementOut,
    OverrideIn,
    OverrideOut,
    PlanOut,
    ReasonOut,
    RescheduleIn,
    ResultIn,
    ReviewIn,
    StartIn,
    SubmitIn,
    VerdictOut,
    bad_request,
    error_out,
)
from sourceproof.inspections.models import (
    DefectClass,
    DefectRecord,
    DefectType,
    Inspection,
    InspectionStatus,
    InspectionType,
    Verdict,
)


def _inspection_out(i: Inspection) -> dict[str, Any]:
    return {
        "report_number": i.report_number,
        "inspection_type": i.inspection_type,
        "status": i.status,
        "planned_date": i.planned_date,
        "order": i.order.number,
        "customer": {"code": i.order.customer.code, "name": i.order.customer.name},
        "facility": {
            "code": i.facility.code,
            "name": i.facility.name,
            "country": i.facility.country,
            "latitude": i.facility.latitude,
            "longitude": i.facility.longitude,
        },
        "product_category": i.product_category.code,
        "inspector": i.inspector.email if i.inspector else None,
        "lot_size": i.lot_size,
        "level": i.level,
        "major_aql": i.major_aql,
        "minor_aql": i.minor_aql,
        "computed_verdict": i.computed_verdict,
        "final_verdict": i.final_verdict,
        "overridden": bool(i.override_verdict),
    }


def _detail(user: User, report_number: str) -> InspectionDetailOut:
    inspection = selectors.get_inspection_for_user(user=user, report_number=report_number)
    view = selectors.inspection_view(inspection=inspection)
    checkpoints = []
    for c in view.checkpoints:
        result, spec = c["result"], c["spec"]
        checkpoints.append(
            CheckpointOut(
                key=result.key,
                position=result.position,
                kind=result.kind,
                title=result.title,
                title_zh=spec.get("title_zh", ""),
                instructions=spec.get("instructions", ""),
                test_kind=spec.get("test_kind", ""),
                nominal=spec.get("nominal"),
                tolerance=spec.get("tolerance"),
                unit=spec.get("unit", ""),
                defect_class=spec.get("defect_class", "major"),
                required_photos=spec.get("required_photos", 0),
                level=spec.get("level"),
                sample_size=spec.get("sample_size"),
                status=result.status,
                measurements=[
                    MeasurementOut(unit=m["unit"], value=str(m["value"]), out_of_tolerance=m["out"])
                    for m in c["measurements"]
                ],
                note=result.note,
                decided_by=str(result.decided_by) if result.decided_by else None,
                decision_note=result.decision_note,
            )
        )
    verdict = None
    if view.verdict is not None:
        verdict = VerdictOut(
            computed=view.verdict.outcome,
            final=inspection.override_verdict or view.verdict.outcome,
            classes=[
                ClassCountOut(
                    name=c.name,
                    nonconforming=c.nonconforming,
                    sample_size=c.sample_size,
                    accept=c.accept,
                    reject=c.reject,
                    accepted=c.accepted,
                    codes=[CodeCountOut(code=k, label=lbl, units=n) for k, lbl, n in c.codes],
                )
                for c in view.verdict.classes
            ],
            reasons=[
                ReasonOut(code=r.code, text=r.text, passed=r.passed) for r in view.verdict.reasons
            ],
        )
    golden = view.golden_sample
    return InspectionDetailOut(
        **_inspection_out(inspection),
        lines=[
            LineOut(sku=li.product.sku, product=li.product.name, quantity=li.quantity)
            for li in view.lines
        ],
        plan=PlanOut(**view.plan.as_dict()) if view.plan else None,
        checklist=(inspection.checklist_snapshot or {}).get("template"),
        checkpoints=checkpoints,
        defects=[
            DefectRecordOut(
                id=d.pk,
                defect_type=d.defect_type.code,
                description=d.defect_type.description_en,
                defect_class=DefectClass(d.defect_class),
                unit_number=d.unit_number,
                count=d.count,
                note=d.note,
                checkpoint_key=d.checkpoint_result.key if d.checkpoint_result else None,
                client_key=d.client_key,
            )
            for d in view.defects
        ],
        verdict=verdict,
        overrides=[
            OverrideOut(
                verdict=o.verdict,
                computed_verdict=o.computed_verdict,
                reason=o.reason,
                by=str(o.by),
                at=o.at,
            )
            for o in view.overrides
        ],
        golden_sample=GoldenSampleOut(
            seal_number=golden.seal_number,
            colours=[ColourOut(**c) for c in golden.colours],
            logo_position=golden.logo_position,
            logo_size=golden.logo_size,
            dimensions=golden.dimensions,
            materials=golden.materials,
            notes=golden.notes,
            approved_by=str(golden.approved_by),
            approved_at=golden.approved_at,
            approved_in=golden.approved_in.report_number if golden.approved_in else None,
        )
        if golden
        else None,
        produced_percent=inspection.produced_percent,
        packed_percent=inspection.packed_percent,
        start_warnings=list(inspection.start_warnings or []),
        remarks=inspection.remarks,
        window_start=inspection.window_start,
        window_end=inspection.window_end,
        started_at=inspection.started_at,
        submitted_at=inspection.submitted_at,
        reviewed_at=inspection.reviewed_at,
        stream_before=inspection.stream_before,
        stream_after=inspection.stream_after,
    )


def _inspector_by_email(email: str) -> User | None:
    return User.objects.filter(email__iexact=email.strip(), role=Role.INSPECTOR).first()


def _defect_type(code: str) -> DefectType | None:
    return DefectType.objects.filter(code=code).first()


# --------------------------------------------------------------------------- inspections


@router.get("", response=InspectionPage, summary="Inspections in your scope, filtered")
def list_inspections(
    request: HttpRequest,
    status: InspectionStatus | None = None,
    inspection_type: InspectionType | None = None,
    verdict: Verdict | None = None,
    facility: str = Query("", description="Facility code."),
    customer: str = Query("", description="Customer organisation code."),
    inspector: str = Query("", description="Inspector's email."),
    order: str = Query("", description="Order number."),
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    page: int = 1,
) -> dict[str, Any]:
    user = acting_user(request)
    inspector_id = None
    if inspector:
        found = _inspector_by_email(inspector)
        inspector_id = found.pk if found else -1
    filters = selectors.InspectionFilters(
        status=status or "",
        inspection_type=inspection_type or "",
        verdict=verdict or "",
        facility=facility,
        customer=customer,
        inspector=inspector_id,
        order=order,
        date_from=date_from,
        date_to=date_to,
    )
    rows = selectors.inspection_list(user=user, filters=filters)
    count, number, pages, items = api_page(rows, page)
    return {
        "count": count,
        "page": number,
        "pages": pages,
        "items": [_inspection_out(i) for i in items],
    }


@router.post("", response={201: InspectionDetailOut, 400: ErrorOut}, summary="Book an inspection")
def book_inspection(request: HttpRequest, payload: BookIn) -> Status[Any]:
    user = acting_user(request)
    require(user, Action.BOOK_INSPECTIONS)
    try:
        order = selectors.get_bookable_order(user=user, number=payload.order)
    except Http404:
        return bad_request(f"No confirmed order {payload.order!r}.", "order")
    inspector = None
    if payload.inspector:
        inspector = _inspector_by_email(payload.inspector)
        if inspector is None:
            return bad_request(f"No inspector {payload.inspector!r}.", "inspector")
    lines = []
    if payload.lines:
        by_sku = {li.product.sku: li for li in order.lines.select_related("product")}
        unknown = [sku for sku in payload.lines if sku not in by_sku]
        if unknown:
            return bad_request(f"Not lines of {order.number}: {', '.join(unknown)}.", "lines")
        lines = [by_sku[sku] for sku in payload.lines]
    try:
        inspection = services.inspection_book(
            order=order,
            inspection_type=payload.inspection_type,
            planned_date=payload.planned_date,
            inspector=inspector,
            lines=lines or None,
            lot_size=payload.lot_size,
            level=payload.level,
            major_aql=payload.major_aql,
            minor_aql=payload.minor_aql,
            by=user,
        )
    except ValidationError as error:
        return Status(400, error_out(error))
    return Status(201, _detail(user, inspection.report_number))


@router.get("/{report_number}", response=InspectionDetailOut, summary="One inspection")
def get_inspection(request: HttpRequest, report_number: str) -> InspectionDetailOut:
    return _detail(acting_user(request), report_number)


def _act(request: HttpRequest, report_number: str) -> tuple[User, Inspection]:
    user = acting_user(request)
    return user, selectors.get_inspection_for_user(user=user, report_number=report_number)


@router.patch(
    "/{report_number}",
    response={200: InspectionDetailOut, 400: ErrorOut},
    summary="Reschedule, reassign or change the sampling inputs of a planned inspection",
)
def reschedule(request: HttpRequest, report_number: str, payload: RescheduleIn) -> Status[Any]:
    user, inspection = _act(request, report_number)
    require(user, Action.BOOK_INSPECTIONS)
    inspector = None
    if payload.inspector:
        inspector = _inspector_by_email(payload.inspector)
        if inspector is None:
            return bad_request(f"No inspector {payload.inspector!r}.", "inspector")
    try:
        services.inspection_update(
            inspection=inspection,
            planned_date=payload.planned_date,
            inspector=inspector,
            unassign=payload.inspector == "",
            lot_size=payload.lot_size,
            level=payload.level,
            major_aql=payload.major_aql,
            minor_aql=payload.minor_aql,
            by=user,
        )
    except ValidationError as error:
        return Status(400, error_out(error))
    return Status(200, _detail(user, report_number))


@router.post(
    "/{report_number}/cancel",
    response={200: InspectionDetailOut, 400: ErrorOut},
    summary="Cancel a planned or running inspection",
)
def cancel(request: HttpRequest, report_number: str, payload: CancelIn) -> Status[Any]:
    user, inspection = _act(request, report_number)
    require(user, Action.BOOK_INSPECTIONS)
    try:
        services.inspection_cancel(inspection=inspection, reason=payload.reason, by=user)
    except ValidationError as error:
        return Status(400, error_out(error))
    return Status(200, _detail(user, report_number))


@router.post(
    "/{report_number}/start",
    response={200: InspectionDetailOut, 400: ErrorOut},
    summary="Start: snapshot the sampling plan and the checklist",
)
def start(request: HttpRequest, report_number: str, payload: StartIn) -> Status[Any]:
    user, inspection = _act(request, report_number)
    try:
        services.inspection_start(inspection=inspection, by=user, **payload.dict())
    except ValidationError as error:
        return Status(400, error_out(error))
    return Status(200, _detail(user, report_number))


@router.post(
    "/{report_number}/results",
    response={200: InspectionDetailOut, 400: ErrorOut},
    summary="Record one checkpoint's result (and measurements)",
)
def record_result(request: HttpRequest, report_number: str, payload: ResultIn) -> Status[Any]:
    user, inspection = _act(request, report_number)
    try:
        services.inspection_record_result(
            inspection=inspection,
            key=payload.key,
            status=payload.status,
            measurements=[m.dict() for m in payload.measurements]
            if payload.measurements is not None
            else None,
            note=payload.note,
            by=user,
        )
    except ValidationError as error:
        return Status(400, error_out(error))
    return Status(200, _detail(user, report_number))


@router.post(
    "/{report_number}/defects",
    response={201: DefectRecordOut, 400: ErrorOut},
    summary="Record nonconforming units (idempotent with client_key)",
)
def record_defect(request: HttpRequest, report_number: str, payload: DefectIn) -> Status[Any]:
    user, inspection = _act(request, report_number)
    defect_type = _defect_type(payload.defect_type)
    if defect_type is None:
        return bad_request(f"No defect type {payload.defect_type!r}.", "defect_type")
    try:
        record = services.inspection_record_defect(
            inspection=inspection,
            defect_type=defect_type,
            unit_number=payload.unit_number,
            count=payload.count,
            note=payload.note,
            checkpoint_key=payload.checkpoint_key,
            client_key=payload.client_key,
            by=user,
        )
    except ValidationError as error:
        return Status(400, error_out(error))
    return Status(
        201,
        DefectRecordOut(
            id=record.pk,
            defect_type=defect_type.code,
            description=defect_type.description_en,
            defect_class=DefectClass(record.defect_class),
            unit_number=record.unit_number,
            count=record.count,
            note=record.note,
            checkpoint_key=record.checkpoint_result.key if record.checkpoint_result else None,
            client_key=record.client_key,
        ),
    )


@router.post(
    "/{report_number}/defects/adjust",
    response={200: InspectionDetailOut, 400: ErrorOut},
    summary="The +/- counter of a defect type",
)
def adjust_defect(request: HttpRequest, report_number: str, payload: AdjustIn) -> Status[Any]:
    user, inspection = _act(request, report_number)
    defect_type = _defect_type(payload.defect_type)
    if defect_type is None:
        return bad_request(f"No defect type {payload.defect_type!r}.", "defect_type")
    try:
        services.inspection_adjust_defect_count(
            inspection=inspection, defect_type=defect_type, delta=payload.delta, by=user
        )
    except ValidationError as error:
        return Status(400, error_out(error))
    return Status(200, _detail(user, report_number))


@router.delete(
    "/{report_number}/defects/{pk}",
    response={204: None, 400: ErrorOut},
    summary="Take back a defect record",
)
def delete_defect(request: HttpRequest, report_number: str, pk: int) -> Status[Any]:
    user, inspection = _act(request, report_number)
    record = (
        DefectRecord.objects.select_related("defect_type", "inspection")
        .filter(pk=pk, inspection=inspection)
        .first()
    )
    if record is None:
        raise Http404("Not found.")
    try:
        services.defect_record_delete(record=record, by=user)
    except ValidationError as error:
        return Status(400, error_out(error))
    return Status(204, None)


@router.post(
    "/{report_number}/golden-sample",
    response={200: InspectionDetailOut, 400: ErrorOut},
    summary="Approve the order's golden sample (PPI)",
)
def approve_golden_sample(
    request: HttpRequest, report_number: str, payload: GoldenSampleIn
) -> Status[Any]:
    user, inspection = _act(request, report_number)
    try:
        services.golden_sample_approve(
            inspection=inspection,
            seal_number=payload.seal_number,
            colours=[services.Colour(name=c.name, pantone=c.pantone) for c in payload.colours],
            logo_position=payload.logo_position,
            logo_size=payload.logo_size,
            dimensions=payload.dimensions,
            materials=payload.materials,
            notes=payload.notes,
            by=user,
        )
    except ValidationError as error:
        return Status(400, error_out(error))
    return Status(200, _detail(user, report_number))


@router.post(
    "/{report_number}/submit",
    response={200: InspectionDetailOut, 400: ErrorOut},
    summary="Submit for review",
)
def submit(request: HttpRequest, report_number: str, payload: SubmitIn) -> Status[Any]:
    user, inspection = _act(request, report_number)
    try:
        services.inspection_submit(inspection=inspection, remarks=payload.remarks, by=user)
    except ValidationError as error:
        return Status(400, error_out(error))
    return Status(200, _detail(user, report_number))


@router.post(
    "/{report_number}/decisions",
    response={200: InspectionDetailOut, 400: ErrorOut},
    summary="Decide a checkpoint left to the operator (quality manager)",
)
def decide(request: HttpRequest, report_number: str, payload: DecisionIn) -> Status[Any]:
    user, inspection = _act(request, report_number)
    require(user, Action.REVIEW_INSPECTIONS)
    try:
        services.checkpoint_result_decide(
            inspection=inspection,
            key=payload.key,
            status=payload.status,
            note=payload.note,
            by=user,
        )
    except ValidationError as error:
        return Status(400, error_out(error))
    return Status(200, _detail(user, report_number))


@router.post(
    "/{report_number}/review",
    response={200: InspectionDetailOut, 400: ErrorOut},
    summary="Review (quality manager): the lot counts in its sampling stream",
)
def review(request: HttpRequest, report_number: str, payload: ReviewIn) -> Status[Any]:
    user, inspection = _act(request, report_number)
    require(user, Action.REVIEW_INSPECTIONS)
    try:
        services.inspection_review(inspection=inspection, note=payload.note, by=user)
    except ValidationError as error:
        return Status(400, error_out(error))
    return Status(200, _detail(user, report_number))


@router.post(
    "/{report_number}/override",
    response={200: InspectionDetailOut, 400: ErrorOut},
    summary="Override the verdict with a written reason (quality manager)",
)
def override(request: HttpRequest, report_number: str, payload: OverrideIn) -> Status[Any]:
    user, inspection = _act(request, report_number)
    require(user, Action.OVERRIDE_VERDICT)
    try:
        services.inspection_override(
            inspection=inspection, verdict=payload.verdict, reason=payload.reason, by=user
        )
    except ValidationError as error:
        return Status(400, error_out(error))
    return Status(200, _detail(user, report_number))
