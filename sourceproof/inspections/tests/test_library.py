"""The quality library: the defect library (three languages, quality managers edit) and
versioned checklist templates (a new version per edit; special levels only on measurements
and on-site tests), with their pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from sourceproof.core.testing import Personas, ProductCategoryFactory
from sourceproof.inspections import services
from sourceproof.inspections.models import ChecklistTemplate, Checkpoint, DefectType
from sourceproof.inspections.services import CheckpointInput
from sourceproof.inspections.tests import builders

pytestmark = pytest.mark.django_db


def test_it_keeps_the_defect_library_in_three_languages(personas: Personas) -> None:
    made = services.defect_type_create(
        code="maj-leak",
        description_en="Leaks at the lid",
        description_nl="Lekt bij het deksel",
        description_zh="盖子渗漏",
        defect_class="major",
        category="function",
        by=personas.quality_manager,
    )
    assert made.code == "MAJ-LEAK"
    assert made.description("zh-hans") == "盖子渗漏"
    assert made.description("nl") == "Lekt bij het deksel"
    assert made.description("de") == "Leaks at the lid"
    with pytest.raises(ValidationError, match="already exists"):
        services.defect_type_create(
            code="MAJ-LEAK", description_en="x", defect_class="major", by=personas.quality_manager
        )
    with pytest.raises(Http404):
        services.defect_type_create(
            code="X", description_en="x", defect_class="minor", by=personas.inspector
        )


def test_it_keeps_the_class_a_defect_was_counted_in_when_the_type_changes(
    personas: Personas,
) -> None:
    lib = builders.library(personas.quality_manager)
    inspection = builders.start(personas, builders.book(personas))
    services.inspection_record_defect(
        inspection=inspection, defect_type=lib["MIN-SCRATCH"], unit_number=1, by=personas.inspector
    )
    services.defect_type_update(
        defect_type=lib["MIN-SCRATCH"], defect_class="major", by=personas.quality_manager
    )
    record = inspection.defect_records.get()
    assert record.defect_class == "minor"
    assert DefectType.objects.get(code="MIN-SCRATCH").defect_class == "major"


def test_it_makes_a_new_version_for_every_edit_and_keeps_the_old_ones(personas: Personas) -> None:
    category = personas.order.lines.get().product.category
    first = builders.checklist(category, personas.quality_manager)
    inspection = builders.start(personas, builders.book(personas))
    second = services.checklist_template_create(
        product_category=category,
        name="Drinkware v2",
        checkpoints=[
            CheckpointInput.from_checkpoint(cp) for cp in first.checkpoints.order_by("position")
        ][:2],
        notes="Dropped the drop test.",
        by=personas.quality_manager,
    )
    first.refresh_from_db()
    assert (first.version, first.is_current) == (1, False)
    assert (second.version, second.is_current) == (2, True)
    assert first.checkpoints.count() == 4 and second.checkpoints.count() == 2
    assert ChecklistTemplate.objects.filter(product_category=category).count() == 2
    assert inspection.checklist_template == first
    assert len(builders.js(inspection.checklist_snapshot)["checkpoints"]) == 4


@pytest.mark.parametrize(
    ("checkpoint", "message"),
    [
        (CheckpointInput(kind="visual", title="Look", level_override="S-2"), "only on measurement"),
        (CheckpointInput(kind="measurement", title="H", level_override="II"), "special level, S-1"),
        (CheckpointInput(kind="measurement", title="H"), "nominal value, a tolerance and a unit"),
        (
            CheckpointInput(
                kind="visual", title="Look", nominal=Decimal(1), tolerance=Decimal(1), unit="mm"
            ),
            "only a measurement",
        ),
        (CheckpointInput(kind="onsite_test", title="Test"), "choose which on-site test"),
        (CheckpointInput(kind="visual", title=" "), "say what to check"),
        (CheckpointInput(kind="visual", title="Look", required_photos=21), "between 0 and 20"),
    ],
)
def test_it_refuses_a_checkpoint_that_breaks_the_rules(
    personas: Personas, checkpoint: CheckpointInput, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        services.checklist_template_create(
            product_category=ProductCategoryFactory.create(code="bags", name="Bags"),
            name="Bags",
            checkpoints=[checkpoint],
            by=personas.quality_manager,
        )


def test_it_allows_special_levels_on_measurements_and_on_site_tests(personas: Personas) -> None:
    template = services.checklist_template_create(
        product_category=ProductCategoryFactory.create(code="bags", name="Bags"),
        name="Bags",
        checkpoints=[
            CheckpointInput(
                kind="measurement", title="W", nominal=Decimal(380), tolerance=Decimal(10),
                unit="mm", level_override="S-4",
            ),
            CheckpointInput(
                kind="onsite_test", title="Pull", test_kind="function_test", level_override="S-1"
            ),
        ],
        by=personas.quality_manager,
    )  # fmt: skip
    assert list(
        Checkpoint.objects.filter(template=template).values_list("level_override", flat=True)
    ) == [
        "S-4",
        "S-1",
    ]


def test_it_edits_the_library_through_its_pages(personas: Personas, client_for: Any) -> None:
    client = client_for("quality_manager")
    response = client.post(
        "/inspections/defects/new/",
        {
            "code": "MIN-DUST",
            "description_en": "Dust inside the box",
            "description_nl": "Stof in de doos",
            "description_zh": "盒内有灰尘",
            "defect_class": "minor",
            "category": "packing",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    listed = client.get("/inspections/defects/?q=dust").content.decode()
    assert "Stof in de doos" in listed and "盒内有灰尘" in listed
    category = personas.order.lines.get().product.category
    form = {
        "name": "Drinkware via the page",
        "notes": "First",
        "checkpoints-TOTAL_FORMS": "2",
        "checkpoints-INITIAL_FORMS": "0",
        "checkpoints-MIN_NUM_FORMS": "0",
        "checkpoints-MAX_NUM_FORMS": "1000",
        "checkpoints-0-kind": "measurement",
        "checkpoints-0-title": "Height",
        "checkpoints-0-nominal": "95",
        "checkpoints-0-tolerance": "1",
        "checkpoints-0-unit": "mm",
        "checkpoints-0-defect_class": "major",
        "checkpoints-0-required_photos": "0",
        "checkpoints-0-level_override": "S-3",
        "checkpoints-1-kind": "visual",
        "checkpoints-1-title": "Looks right",
        "checkpoints-1-defect_class": "major",
        "checkpoints-1-level_override": "S-2",
    }
    refused = client.post(f"/inspections/checklists/category/{category.code}/new/", form)
    assert refused.status_code == 400
    assert "only on measurement and on-site-test" in refused.content.decode()
    form["checkpoints-1-level_override"] = ""
    saved = client.post(f"/inspections/checklists/category/{category.code}/new/", form)
    assert saved.status_code == 302
    template = ChecklistTemplate.objects.get(product_category=category)
    versions = client.get(f"/inspections/checklists/category/{category.code}/").content.decode()
    assert "v1" in versions and "current" in versions
    assert template.checkpoints.count() == 2
