"""A started inspection keeps its plan and checklist: a later change of the policy, the
AQL overrides, the checklist template or the stream's severity never rewrites it."""

from __future__ import annotations

import copy

import pytest

from sourceproof.core.testing import Personas
from sourceproof.inspections import services
from sourceproof.inspections.models import Inspection, SamplingStream, StreamSeverity
from sourceproof.inspections.tests import builders

pytestmark = pytest.mark.django_db


def test_it_keeps_the_plan_and_checklist_whatever_changes_later(personas: Personas) -> None:
    qm = personas.quality_manager
    category = personas.order.lines.get().product.category
    builders.checklist(category, qm)
    inspection = builders.start(personas, builders.book(personas, lot_size=5000))
    plan = copy.deepcopy(inspection.plan_snapshot)
    checklist = copy.deepcopy(inspection.checklist_snapshot)
    verdict = (inspection.computed_verdict, inspection.computed_reasons)

    services.inspection_policy_update(
        minimum_level="III", default_level="III", major_aql="0.65", minor_aql="1.0",
        edition="z1.4", by=personas.admin,
    )  # fmt: skip
    services.aql_override_set(customer=personas.customer, major_aql="0.40", by=qm)
    services.checklist_template_create(
        product_category=category,
        name="Stricter",
        checkpoints=[services.CheckpointInput(kind="visual", title="Only this now")],
        by=qm,
    )
    SamplingStream.objects.filter(facility=inspection.facility).update(
        severity=StreamSeverity.TIGHTENED, state={"inspection": "tightened"}
    )

    fresh = Inspection.objects.get(pk=inspection.pk)
    assert builders.js(fresh.plan_snapshot) == plan
    assert builders.js(fresh.checklist_snapshot) == checklist
    assert (fresh.computed_verdict, fresh.computed_reasons) == verdict
    # Results recorded afterwards are judged on the frozen plan, not the new policy.
    builders.check_everything(personas, fresh)
    services.inspection_record_defect(
        inspection=fresh,
        defect_type=builders.library(qm)["MAJ-PRINT"],
        count=10,  # Ac 10 at AQL 2.5, n = 200; AQL 0.65 would reject
        by=personas.inspector,
    )
    fresh.refresh_from_db()
    assert fresh.computed_verdict == "pass"
    assert builders.js(fresh.plan_snapshot) == plan
    # A new booking uses the new policy and override.
    later = builders.start(personas, builders.book(personas, lot_size=5000))
    assert later.level == "III"
    assert later.major_aql == "0.40"
    assert builders.js(later.plan_snapshot)["edition"] == "z1.4"
    assert builders.js(later.plan_snapshot)["inspection"] == "tightened"
    assert [c["title"] for c in builders.js(later.checklist_snapshot)["checkpoints"]] == [
        "Only this now"
    ]
