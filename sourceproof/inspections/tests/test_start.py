"""Starting an inspection: the plan and the checklist snapshots, produced and packed
percentages, the golden-sample checkpoint of a PSI, special levels on test checkpoints."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sourceproof.core.testing import Personas
from sourceproof.facilities.models import ProductCategory
from sourceproof.inspections.models import (
    GOLDEN_SAMPLE_CHECKPOINT,
    CheckpointStatus,
    InspectionStatus,
    InspectionType,
)
from sourceproof.inspections.tests import builders
from sourceproof.sampling import plans_for_classes

pytestmark = pytest.mark.django_db


def category(personas: Personas) -> ProductCategory:
    return personas.order.lines.get().product.category


def test_it_freezes_the_engines_plan_and_the_checklist_at_start(personas: Personas) -> None:
    template = builders.checklist(category(personas), personas.quality_manager)
    inspection = builders.start(personas, builders.book(personas, lot_size=5000))
    engine = plans_for_classes(5000, {"critical": None, "major": "2.5", "minor": "4.0"})
    plan = builders.js(inspection.plan_snapshot)
    assert inspection.status == InspectionStatus.IN_PROGRESS
    assert inspection.started_at is not None
    assert (plan["code_letter"], plan["sample_size"], plan["inspection"], plan["edition"]) == (
        "L",
        engine.sample_size,
        "normal",
        "iso2859-1",
    )
    assert [(c["name"], c["accept"], c["reject"]) for c in plan["classes"]] == [
        (c.name, c.accept, c.reject) for c in engine.classes
    ]
    assert inspection.checklist_template == template
    assert builders.js(inspection.checklist_snapshot)["template"]["version"] == 1
    keys = [c["key"] for c in builders.js(inspection.checklist_snapshot)["checkpoints"]]
    results = inspection.checkpoint_results.order_by("position")
    assert [r.key for r in results] == keys
    assert {r.status for r in results} == {CheckpointStatus.NOT_CHECKED}
    assert inspection.computed_verdict == "pending"


def test_it_gives_a_test_checkpoint_on_a_special_level_its_own_sample(personas: Personas) -> None:
    builders.checklist(category(personas), personas.quality_manager)
    inspection = builders.start(personas, builders.book(personas, lot_size=5000))
    drop = next(
        c
        for c in builders.js(inspection.checklist_snapshot)["checkpoints"]
        if c["title"].startswith("Drop")
    )
    assert drop["level"] == "S-2"
    assert drop["sample_size"] == 5  # S-2, 3201 to 10000 units: code letter C, n = 5


def test_it_adds_the_golden_sample_checkpoint_to_every_psi(personas: Personas) -> None:
    psi = builders.start(personas, builders.book(personas, inspection_type=InspectionType.PSI))
    dupro = builders.start(personas, builders.book(personas))
    psi_keys = [c["key"] for c in builders.js(psi.checklist_snapshot)["checkpoints"]]
    assert psi_keys == [GOLDEN_SAMPLE_CHECKPOINT]
    golden = builders.js(psi.checklist_snapshot)["checkpoints"][0]
    assert golden["required_photos"] == 2 and golden["mandatory"]
    assert builders.js(dupro.checklist_snapshot)["checkpoints"] == []
    assert any("No checklist template" in w for w in dupro.start_warnings)


def test_it_refuses_a_psi_below_the_packed_minimum(personas: Personas) -> None:
    planned = builders.book(personas, inspection_type=InspectionType.PSI)
    with pytest.raises(ValidationError, match="Only 79 % packed: a PSI needs at least 80 %"):
        builders.start(personas, planned, packed_percent=79)
    with pytest.raises(ValidationError, match="how much of the order is packed"):
        builders.start(personas, planned, packed_percent=None)
    started = builders.start(personas, planned, packed_percent=80)
    assert started.packed_percent == 80
    assert started.start_warnings == [
        "No checklist template for Drinkware: only the built-in checkpoints apply."
    ]


def test_it_warns_about_a_dupro_outside_the_usual_range_but_starts(personas: Personas) -> None:
    builders.checklist(category(personas), personas.quality_manager)
    early = builders.start(personas, builders.book(personas), produced_percent=10)
    assert early.start_warnings == ["10 % produced: a DUPRO is usually done between 20 and 60 %."]
    usual = builders.start(personas, builders.book(personas), produced_percent=60)
    assert usual.start_warnings == []
    with pytest.raises(ValidationError, match="how much of the order is produced"):
        builders.start(personas, builders.book(personas), produced_percent=None)


def test_it_lets_only_the_assigned_inspector_or_a_quality_manager_start(
    personas: Personas,
) -> None:
    from django.http import Http404

    from sourceproof.accounts.models import Role
    from sourceproof.core.testing import UserFactory
    from sourceproof.inspections import services

    planned = builders.book(personas)
    someone = UserFactory.create(role=Role.INSPECTOR, organisation=personas.operator)
    with pytest.raises(Http404):
        services.inspection_start(inspection=planned, produced_percent=40, by=someone)
    with pytest.raises(Http404):
        services.inspection_start(inspection=planned, produced_percent=40, by=personas.viewer)
    services.inspection_start(inspection=planned, produced_percent=40, by=personas.quality_manager)
    with pytest.raises(ValidationError, match="Only a planned inspection can start"):
        services.inspection_start(
            inspection=planned, produced_percent=40, by=personas.quality_manager
        )


def test_it_lets_the_lot_size_change_at_start(personas: Personas) -> None:
    started = builders.start(personas, builders.book(personas), lot_size=400)
    assert started.lot_size == 400
    assert builders.js(started.plan_snapshot)["lot_size"] == 400
