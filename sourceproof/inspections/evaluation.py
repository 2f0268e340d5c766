"""From rows to the pure verdict: build `verdict.py`'s inputs from an inspection's snapshot,
checkpoint results and defect records. Used by the services (to store the verdict) and the
selectors (to show the live verdict), so both always agree."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from sourceproof.inspections import verdict as pure
from sourceproof.inspections.models import (
    CheckpointKind,
    CheckpointResult,
    DefectRecord,
    Inspection,
)


def plan_of(inspection: Inspection) -> pure.PlanSnapshot | None:
    """The plan frozen at start, or None before the inspection started."""
    if not inspection.plan_snapshot:
        return None
    return pure.PlanSnapshot.from_dict(inspection.plan_snapshot)


def snapshot_checkpoints(inspection: Inspection) -> dict[str, dict[str, Any]]:
    """The checklist snapshot's checkpoints by key."""
    snapshot = inspection.checklist_snapshot or {}
    return {str(c["key"]): c for c in snapshot.get("checkpoints", [])}


def _decimal(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def checkpoint_outcomes(
    inspection: Inspection, results: Iterable[CheckpointResult]
) -> list[pure.CheckpointOutcome]:
    by_key = snapshot_checkpoints(inspection)
    outcomes = []
    for result in results:
        spec = by_key.get(result.key, {})
        outcomes.append(
            pure.CheckpointOutcome(
                key=result.key,
                title=result.title,
                kind=result.kind,
                status=result.status,
                nominal=_decimal(spec.get("nominal")),
                tolerance=_decimal(spec.get("tolerance")),
                unit_label=str(spec.get("unit", "")),
                defect_class=str(spec.get("defect_class") or pure.MAJOR),
                measurements=pure.parse_measurements(result.measurements or [])
                if result.kind == CheckpointKind.MEASUREMENT
                else (),
            )
        )
    return outcomes


def findings_of(records: Iterable[DefectRecord]) -> list[pure.Finding]:
    """Findings from defect records (their `defect_type` should be selected)."""
    return [
        pure.Finding(
            defect_class=r.defect_class,
            code=r.defect_type.code,
            unit=r.unit_number,
            count=r.count,
            label=r.defect_type.description_en,
        )
        for r in records
    ]


def evaluate(
    inspection: Inspection,
    *,
    results: Sequence[CheckpointResult] | None = None,
    records: Sequence[DefectRecord] | None = None,
) -> pure.VerdictResult | None:
    """The verdict now (None before the inspection started). Pass the rows if you have them;
    otherwise they are read (two queries)."""
    plan = plan_of(inspection)
    if plan is None:
        return None
    if results is None:
        results = list(inspection.checkpoint_results.order_by("position", "id"))
    if records is None:
        records = list(inspection.defect_records.select_related("defect_type").order_by("id"))
    return pure.compute_verdict(
        plan, findings_of(records), checkpoint_outcomes(inspection, results)
    )
