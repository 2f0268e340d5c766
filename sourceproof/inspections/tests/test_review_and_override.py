"""Reviewing and overriding: open checkpoints are decided first; an override needs a written
reason; the computed verdict, every override and its author stay visible forever, in the
tamper-evident change log too."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from sourceproof.core.changelog import history_for, verify_chain
from sourceproof.core.models import ChangeRecord
from sourceproof.core.testing import Personas
from sourceproof.inspections import services
from sourceproof.inspections.models import (
    CheckpointStatus,
    Inspection,
    InspectionStatus,
    VerdictOverride,
)
from sourceproof.inspections.tests import builders

pytestmark = pytest.mark.django_db


def submitted(personas: Personas, *, decision: bool = False, reject: bool = False) -> Inspection:
    builders.checklist(personas.order.lines.get().product.category, personas.quality_manager)
    inspection = builders.start(personas, builders.book(personas))
    builders.check_everything(personas, inspection)
    if decision:
        drop = inspection.checkpoint_results.get(title="Drop test 80 cm")
        services.inspection_record_result(
            inspection=inspection, key=drop.key, status="needs_decision",
            note="One unit chipped; is that a failure?", by=personas.inspector,
        )  # fmt: skip
    if reject:
        services.inspection_record_defect(
            inspection=inspection,
            defect_type=builders.library(personas.quality_manager)["CRT-SHARP"],
            unit_number=2,
            by=personas.inspector,
        )
    services.inspection_submit(inspection=inspection, by=personas.inspector)
    return inspection


def test_it_refuses_to_review_a_pending_verdict_until_the_checkpoint_is_decided(
    personas: Personas,
) -> None:
    inspection = submitted(personas, decision=True)
    assert inspection.computed_verdict == "pending"
    with pytest.raises(ValidationError, match="pending"):
        services.inspection_review(inspection=inspection, by=personas.quality_manager)
    key = inspection.checkpoint_results.get(status=CheckpointStatus.NEEDS_DECISION).key
    with pytest.raises(ValidationError, match="Write down why"):
        services.checkpoint_result_decide(
            inspection=inspection, key=key, status="pass", note="ok", by=personas.quality_manager
        )
    result = services.checkpoint_result_decide(
        inspection=inspection, key=key, status="fail",
        note="A chipped unit in a drop test is a failure.", by=personas.quality_manager,
    )  # fmt: skip
    assert result.decided_by == personas.quality_manager
    assert inspection.computed_verdict == "fail"
    services.inspection_review(inspection=inspection, by=personas.quality_manager)
    assert inspection.status == InspectionStatus.REVIEWED
    assert inspection.final_verdict == "fail"


def test_it_lets_only_quality_managers_and_admins_decide_review_and_override(
    personas: Personas,
) -> None:
    inspection = submitted(personas)
    for who in (personas.inspector, personas.viewer, personas.csr_manager):
        with pytest.raises(Http404):
            services.inspection_review(inspection=inspection, by=who)
        with pytest.raises(Http404):
            services.inspection_override(
                inspection=inspection, verdict="fail", reason="x" * 30, by=who
            )
    services.inspection_review(inspection=inspection, by=personas.admin)


def test_it_keeps_the_computed_verdict_and_every_override_forever(personas: Personas) -> None:
    inspection = submitted(personas, reject=True)
    services.inspection_review(inspection=inspection, by=personas.quality_manager)
    assert inspection.computed_verdict == "fail"
    with pytest.raises(ValidationError, match="at least 20 characters"):
        services.inspection_override(
            inspection=inspection, verdict="pass", reason="ok", by=personas.quality_manager
        )
    with pytest.raises(ValidationError, match="already fail"):
        services.inspection_override(
            inspection=inspection, verdict="fail", reason="x" * 30, by=personas.quality_manager
        )
    first = services.inspection_override(
        inspection=inspection,
        verdict="pass",
        reason="The sharp edge was a burr from the test fixture, not the product.",
        by=personas.quality_manager,
    )
    second = services.inspection_override(
        inspection=inspection,
        verdict="fail",
        reason="Lab report shows the edge is on the product after all; back to fail.",
        by=personas.admin,
    )
    inspection.refresh_from_db()
    assert inspection.computed_verdict == "fail"
    assert (inspection.override_verdict, inspection.override_by) == ("fail", personas.admin)
    assert inspection.final_verdict == "fail"
    overrides = list(VerdictOverride.objects.filter(inspection=inspection).order_by("at", "id"))
    assert overrides == [first, second]
    assert [(o.computed_verdict, o.verdict, o.by) for o in overrides] == [
        ("fail", "pass", personas.quality_manager),
        ("fail", "fail", personas.admin),
    ]
    summaries = [r.summary for r in history_for(inspection)]
    assert "Verdict overridden: computed fail, now pass" in summaries
    assert "Verdict overridden: computed fail, now fail" in summaries
    assert verify_chain().ok


def test_it_shows_the_override_and_the_computed_verdict_to_the_customer(
    personas: Personas, client_for: Any
) -> None:
    inspection = submitted(personas, reject=True)
    services.inspection_review(inspection=inspection, by=personas.quality_manager)
    services.inspection_override(
        inspection=inspection,
        verdict="pass",
        reason="Customer accepted the lot after seeing the photos.",
        by=personas.quality_manager,
    )
    page = client_for("customer_user").get(f"/inspections/{inspection.report_number}/")
    html = page.content.decode()
    assert "Customer accepted the lot after seeing the photos." in html
    assert "Computed verdict: Fail." in html
    assert "Quinten Q" in html
    api = client_for("customer_user").get(f"/api/v1/inspections/{inspection.report_number}")
    data = api.json()
    assert (data["computed_verdict"], data["final_verdict"], data["overridden"]) == (
        "fail",
        "pass",
        True,
    )
    assert data["overrides"][0]["reason"] == "Customer accepted the lot after seeing the photos."


def test_it_writes_verdicts_and_defect_counts_to_the_tamper_evident_log(
    personas: Personas,
) -> None:
    inspection = submitted(personas, reject=True)
    entries = ChangeRecord.objects.filter(object_id=str(inspection.pk))
    verdict_changes = [
        e.changes["computed_verdict"] for e in entries if "computed_verdict" in e.changes
    ]
    assert {("", "pending"), ("pending", "pass"), ("pass", "fail")} <= {
        tuple(change) for change in verdict_changes
    }
    counts = [e.changes["nonconforming"] for e in entries if "nonconforming" in e.changes]
    assert any(new.get("critical") == 1 for _old, new in counts)
    assert verify_chain().ok
    tampered = entries.filter(changes__has_key="nonconforming").first()
    assert tampered is not None
    ChangeRecord.objects.filter(pk=tampered.pk).update(summary="edited afterwards")
    assert not verify_chain().ok


def test_it_runs_the_review_hooks_after_commit(personas: Personas) -> None:
    seen: list[int] = []

    def render_report(inspection_id: int) -> None:
        seen.append(inspection_id)

    inspection = submitted(personas)
    services.register_review_hook(render_report)
    try:
        from django.test import TestCase

        with TestCase.captureOnCommitCallbacks(execute=True):
            services.inspection_review(inspection=inspection, by=personas.quality_manager)
    finally:
        services.unregister_review_hook(render_report)
    assert seen == [inspection.pk]
