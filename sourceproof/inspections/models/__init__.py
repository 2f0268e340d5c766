"""QC inspections: bookings, checklists, sampling snapshots, defects, verdicts and streams.

An `Inspection` belongs to a purchase order (optionally some of its lines) at the order's
facility and covers one product category. When it starts, the sampling plan (ISO 2859-1,
from `sourceproof.sampling`) and the checklist are frozen onto it as JSON snapshots, so a
later change of policy or template never rewrites history. Results are `CheckpointResult`
and `DefectRecord` rows; the verdict is computed from them by the pure function in
`inspections/verdict.py` and stored with its reasons; a quality manager may override it
(`VerdictOverride`, append-only). Every reviewed inspection is one lot of its
`SamplingStream` (facility x product category), whose switching state the engine advances.

Writes go through `inspections/services`; every change is recorded in the change log.
"""

from sourceproof.inspections.models.choices import (
    GOLDEN_SAMPLE_CHECKPOINT,
    SPECIAL_LEVEL_KINDS,
    CheckpointKind,
    CheckpointStatus,
    DefectCategory,
    DefectClass,
    Edition,
    GeneralLevel,
    InspectionStatus,
    InspectionType,
    OnsiteTest,
    OverrideVerdict,
    SpecialLevel,
    StreamSeverity,
    Verdict,
)
from sourceproof.inspections.models.inspections import (
    CheckpointResult,
    DefectRecord,
    GoldenSample,
    Inspection,
    VerdictOverride,
)
from sourceproof.inspections.models.library import ChecklistTemplate, Checkpoint, DefectType
from sourceproof.inspections.models.policy import AqlOverride, InspectionPolicy
from sourceproof.inspections.models.streams import SamplingStream, StreamResumption

__all__ = [
    "GOLDEN_SAMPLE_CHECKPOINT",
    "SPECIAL_LEVEL_KINDS",
    "AqlOverride",
    "ChecklistTemplate",
    "Checkpoint",
    "CheckpointKind",
    "CheckpointResult",
    "CheckpointStatus",
    "DefectCategory",
    "DefectClass",
    "DefectRecord",
    "DefectType",
    "Edition",
    "GeneralLevel",
    "GoldenSample",
    "Inspection",
    "InspectionPolicy",
    "InspectionStatus",
    "InspectionType",
    "OnsiteTest",
    "OverrideVerdict",
    "SamplingStream",
    "SpecialLevel",
    "StreamResumption",
    "StreamSeverity",
    "Verdict",
    "VerdictOverride",
]  # fmt: skip
