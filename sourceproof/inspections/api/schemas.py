"""Schemas of the inspections API and the small helpers every endpoint uses."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from ninja import Field, Schema, Status

from sourceproof.inspections import services
from sourceproof.inspections.models import (
    CheckpointStatus,
    DefectCategory,
    DefectClass,
    GeneralLevel,
    InspectionStatus,
    InspectionType,
    OverrideVerdict,
    StreamSeverity,
)

# --------------------------------------------------------------------------- schemas


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


class PartyOut(Schema):
    code: str
    name: str


class FacilityOut(Schema):
    code: str
    name: str
    country: str
    latitude: Decimal | None
    longitude: Decimal | None


class InspectionOut(Schema):
    report_number: str
    inspection_type: InspectionType
    status: InspectionStatus
    planned_date: dt.date
    order: str
    customer: PartyOut
    facility: FacilityOut
    product_category: str
    inspector: str | None = Field(None, description="The inspector's email.")
    lot_size: int
    level: str
    major_aql: str
    minor_aql: str
    computed_verdict: str
    final_verdict: str
    overridden: bool


class InspectionPage(Schema):
    count: int
    page: int
    pages: int
    items: list[InspectionOut]


class ClassPlanOut(Schema):
    name: str
    aql: str | None
    plan_code_letter: str
    sample_size: int
    accept: int
    reject: int
    zero_acceptance: bool


class PlanOut(Schema):
    edition: str
    lot_size: int
    level: str
    inspection: str = Field(description="Severity: normal, tightened or reduced.")
    code_letter: str
    sample_size: int
    classes: list[ClassPlanOut]


class MeasurementOut(Schema):
    unit: int | None
    value: str
    out_of_tolerance: bool


class CheckpointOut(Schema):
    key: str
    position: int
    kind: str
    title: str
    title_zh: str = ""
    instructions: str = ""
    test_kind: str = ""
    nominal: str | None = None
    tolerance: str | None = None
    unit: str = ""
    defect_class: str = "major"
    required_photos: int = 0
    level: str | None = None
    sample_size: int | None = None
    status: CheckpointStatus
    measurements: list[MeasurementOut]
    note: str
    decided_by: str | None
    decision_note: str


class DefectRecordOut(Schema):
    id: int
    defect_type: str
    description: str
    defect_class: DefectClass
    unit_number: int | None
    count: int
    note: str
    checkpoint_key: str | None
    client_key: uuid.UUID | None


class CodeCountOut(Schema):
    code: str
    label: str
    units: int


class ClassCountOut(Schema):
    name: str
    nonconforming: int
    sample_size: int
    accept: int
    reject: int
    accepted: bool
    codes: list[CodeCountOut]


class ReasonOut(Schema):
    code: str
    text: str
    passed: bool | None


class VerdictOut(Schema):
    computed: str = Field(description="pass, fail or pending: computed, never typed.")
    final: str = Field(description="The override if any, else the computed verdict.")
    classes: list[ClassCountOut]
    reasons: list[ReasonOut]


class OverrideOut(Schema):
    verdict: str
    computed_verdict: str
    reason: str
    by: str
    at: dt.datetime


class ColourOut(Schema):
    name: str
    pantone: str


class GoldenSampleOut(Schema):
    seal_number: str
    colours: list[ColourOut]
    logo_position: str
    logo_size: str
    dimensions: str
    materials: str
    notes: str
    approved_by: str
    approved_at: dt.datetime
    approved_in: str | None


class LineOut(Schema):
    sku: str
    product: str
    quantity: int


class InspectionDetailOut(InspectionOut):
    lines: list[LineOut]
    plan: PlanOut | None
    checklist: dict[str, Any] | None = Field(None, description="The checklist template used.")
    checkpoints: list[CheckpointOut]
    defects: list[DefectRecordOut]
    verdict: VerdictOut | None
    overrides: list[OverrideOut]
    golden_sample: GoldenSampleOut | None
    produced_percent: int | None
    packed_percent: int | None
    start_warnings: list[str]
    remarks: str
    window_start: dt.datetime = Field(description="Photos must be taken after this moment.")
    window_end: dt.datetime | None = Field(None, description="…and before this one (None: open).")
    started_at: dt.datetime | None
    submitted_at: dt.datetime | None
    reviewed_at: dt.datetime | None
    stream_before: dict[str, Any] | None
    stream_after: dict[str, Any] | None


class BookIn(Schema):
    order: str = Field(description="The order number.")
    inspection_type: InspectionType
    planned_date: dt.date
    inspector: str | None = Field(None, description="The inspector's email.")
    lines: list[str] = Field(
        default_factory=list, description="SKUs of the lines to inspect (empty: the whole order)."
    )
    lot_size: int | None = Field(None, ge=2)
    level: GeneralLevel | None = None
    major_aql: str | None = None
    minor_aql: str | None = None


class RescheduleIn(Schema):
    planned_date: dt.date | None = None
    inspector: str | None = Field(None, description="Email; an empty string unassigns.")
    lot_size: int | None = Field(None, ge=2)
    level: GeneralLevel | None = None
    major_aql: str | None = None
    minor_aql: str | None = None


class CancelIn(Schema):
    reason: str = Field(min_length=1, max_length=300)


class StartIn(Schema):
    produced_percent: int | None = Field(None, ge=0, le=100)
    packed_percent: int | None = Field(None, ge=0, le=100)
    lot_size: int | None = Field(None, ge=2)


class MeasurementIn(Schema):
    value: str = Field(description="The measured value, e.g. '95.2'.")
    unit: int | None = Field(None, ge=1, description="Which unit of the sample.")


class ResultIn(Schema):
    key: str
    status: CheckpointStatus | None = None
    measurements: list[MeasurementIn] | None = None
    note: str | None = None


class DefectIn(Schema):
    defect_type: str = Field(description="The defect code.")
    unit_number: int | None = Field(None, ge=1)
    count: int = Field(1, ge=1)
    note: str = ""
    checkpoint_key: str | None = None
    client_key: uuid.UUID | None = Field(
        None, description="A key made by an offline client: a resend returns the same record."
    )


class AdjustIn(Schema):
    defect_type: str
    delta: int = Field(description="+1 or -1 (or more).")


class SubmitIn(Schema):
    remarks: str | None = None


class DecisionIn(Schema):
    key: str
    status: CheckpointStatus
    note: str = Field(min_length=services.DECISION_NOTE_MIN_LENGTH)


class ReviewIn(Schema):
    note: str = ""


class OverrideIn(Schema):
    verdict: OverrideVerdict
    reason: str = Field(min_length=services.OVERRIDE_REASON_MIN_LENGTH)


class ColourIn(Schema):
    name: str
    pantone: str = ""


class GoldenSampleIn(Schema):
    seal_number: str = Field(min_length=1, max_length=60)
    colours: list[ColourIn] = Field(default_factory=list)
    logo_position: str = ""
    logo_size: str = ""
    dimensions: str = ""
    materials: str = ""
    notes: str = ""


class DefectTypeOut(Schema):
    code: str
    description_en: str
    description_nl: str
    description_zh: str
    defect_class: DefectClass
    category: DefectCategory
    is_active: bool


class DefectTypePage(Schema):
    count: int
    page: int
    pages: int
    items: list[DefectTypeOut]


class DefectTypeIn(Schema):
    code: str = Field(min_length=1, max_length=30)
    description_en: str = Field(min_length=1, max_length=200)
    description_nl: str = ""
    description_zh: str = ""
    defect_class: DefectClass
    category: DefectCategory = DefectCategory.OTHER


class DefectTypePatch(Schema):
    description_en: str | None = None
    description_nl: str | None = None
    description_zh: str | None = None
    defect_class: DefectClass | None = None
    category: DefectCategory | None = None
    is_active: bool | None = None


class TemplateCheckpointOut(Schema):
    position: int
    kind: str
    title: str
    title_zh: str
    instructions: str
    test_kind: str
    nominal: Decimal | None
    tolerance: Decimal | None
    unit: str
    defect_class: str
    required_photos: int
    level_override: str


class TemplateOut(Schema):
    id: int
    category: str
    version: int
    name: str
    notes: str
    is_current: bool
    created_at: dt.datetime


class TemplateDetailOut(TemplateOut):
    checkpoints: list[TemplateCheckpointOut]


class CheckpointIn(Schema):
    kind: str
    title: str
    title_zh: str = ""
    instructions: str = ""
    test_kind: str = ""
    nominal: Decimal | None = None
    tolerance: Decimal | None = None
    unit: str = ""
    defect_class: DefectClass = DefectClass.MAJOR
    required_photos: int = Field(0, ge=0, le=20)
    level_override: str = ""


class TemplateIn(Schema):
    category: str = Field(description="The product category code.")
    name: str = Field(min_length=1, max_length=200)
    notes: str = ""
    checkpoints: list[CheckpointIn] = Field(min_length=1)


class AqlOverrideOut(Schema):
    id: int
    customer: str | None
    product: str | None = Field(None, description="customer code/SKU of the product.")
    major_aql: str
    minor_aql: str
    level: str
    note: str


class AqlOverrideIn(Schema):
    customer: str = Field(description="The customer organisation's code.")
    sku: str = Field("", description="A product SKU of that customer (empty: the customer).")
    major_aql: str = ""
    minor_aql: str = ""
    level: GeneralLevel | None = None
    note: str = ""


class StreamOut(Schema):
    id: int
    facility: str
    facility_name: str
    product_category: str
    severity: StreamSeverity
    lots: int
    state: dict[str, Any]
    discontinued_at: dt.datetime | None


class StreamPage(Schema):
    count: int
    page: int
    pages: int
    items: list[StreamOut]


class ResumeIn(Schema):
    corrective_action: str = Field(min_length=services.CORRECTIVE_ACTION_MIN_LENGTH)
    reference: str = ""


# --------------------------------------------------------------------------- helpers


def error_out(error: ValidationError) -> ErrorOut:
    if hasattr(error, "error_dict"):
        errors = {k: [str(m) for m in v] for k, v in error.message_dict.items()}
        return ErrorOut(detail=" ".join(m for ms in errors.values() for m in ms), errors=errors)
    return ErrorOut(detail=" ".join(error.messages))


def bad_request(message: str, field: str = "") -> Status[Any]:
    return Status(400, ErrorOut(detail=message, errors={field: [message]} if field else {}))
