"""Performing: checkpoint results and measurements, defect records (numbered units, counts,
+/- counters, client keys), the live verdict, submission and its checks."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from sourceproof.accounts.models import Role
from sourceproof.core.testing import Personas, UserFactory
from sourceproof.inspections import services
from sourceproof.inspections.models import (
    CheckpointStatus,
    DefectRecord,
    Inspection,
    InspectionStatus,
)
from sourceproof.inspections.tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(personas: Personas) -> Inspection:
    builders.library(personas.quality_manager)
    builders.checklist(personas.order.lines.get().product.category, personas.quality_manager)
    return builders.start(personas, builders.book(personas, lot_size=5000))  # n = 200


def key(inspection: Inspection, title: str) -> str:
    return inspection.checkpoint_results.get(title=title).key


def lib(personas: Personas) -> dict[str, Any]:
    return builders.library(personas.quality_manager)


def test_it_marks_a_measured_checkpoint_checked_and_counts_values_out_of_tolerance(
    personas: Personas, running: Inspection
) -> None:
    result = services.inspection_record_result(
        inspection=running,
        key=key(running, "Height"),
        measurements=[{"unit": 1, "value": "95.4"}, {"unit": 2, "value": "96,8"}],
        by=personas.inspector,
    )
    assert result.status == CheckpointStatus.PASS
    assert result.measurements == [{"unit": 1, "value": "95.4"}, {"unit": 2, "value": "96.8"}]
    running.refresh_from_db()
    assert running.nonconforming["major"] == 1


def test_it_refuses_bad_measurements(personas: Personas, running: Inspection) -> None:
    height = key(running, "Height")
    for bad, message in (
        ([{"unit": 1, "value": "tall"}], "is not a number"),
        ([{"unit": 201, "value": "95"}], "outside the sample"),
        ([{"unit": 1, "value": "95"}, {"unit": 1, "value": "96"}], "measured twice"),
    ):
        with pytest.raises(ValidationError, match=message):
            services.inspection_record_result(
                inspection=running, key=height, measurements=bad, by=personas.inspector
            )
    with pytest.raises(ValidationError, match="not a measurement checkpoint"):
        services.inspection_record_result(
            inspection=running,
            key=key(running, "Overall appearance"),
            measurements=[{"value": "1"}],
            by=personas.inspector,
        )
    with pytest.raises(ValidationError, match="no checkpoint"):
        services.inspection_record_result(
            inspection=running, key="nope", status="pass", by=personas.inspector
        )


def test_it_records_nothing_when_a_result_is_saved_twice(
    personas: Personas, running: Inspection
) -> None:
    from sourceproof.core.changelog import history_for

    appearance = key(running, "Overall appearance")
    first = services.inspection_record_result(
        inspection=running, key=appearance, status="pass", note="fine", by=personas.inspector
    )
    entries = history_for(first).count()
    services.inspection_record_result(
        inspection=running, key=appearance, status="pass", note="fine", by=personas.inspector
    )
    assert history_for(first).count() == entries == 1


def test_it_counts_numbered_units_once_per_class(personas: Personas, running: Inspection) -> None:
    types = lib(personas)
    for code, unit in (("MAJ-PRINT", 4), ("MAJ-CRACK", 4), ("MIN-SCRATCH", 4), ("MAJ-PRINT", 9)):
        services.inspection_record_defect(
            inspection=running, defect_type=types[code], unit_number=unit, by=personas.inspector
        )
    running.refresh_from_db()
    assert running.nonconforming == {"critical": 0, "major": 2, "minor": 1}


def test_it_refuses_units_outside_the_sample_and_more_units_than_the_sample(
    personas: Personas, running: Inspection
) -> None:
    types = lib(personas)
    with pytest.raises(ValidationError, match="outside the sample"):
        services.inspection_record_defect(
            inspection=running, defect_type=types["MAJ-PRINT"], unit_number=201,
            by=personas.inspector,
        )  # fmt: skip
    with pytest.raises(ValidationError, match="more than the 200 units"):
        services.inspection_record_defect(
            inspection=running, defect_type=types["MAJ-PRINT"], count=201, by=personas.inspector
        )
    with pytest.raises(ValidationError, match="counts once"):
        services.inspection_record_defect(
            inspection=running, defect_type=types["MAJ-PRINT"], unit_number=3, count=2,
            by=personas.inspector,
        )  # fmt: skip
    assert not DefectRecord.objects.exists()


def test_it_never_duplicates_a_resent_defect(personas: Personas, running: Inspection) -> None:
    client_key = uuid.uuid4()
    first = services.inspection_record_defect(
        inspection=running, defect_type=lib(personas)["MAJ-PRINT"], count=2,
        client_key=client_key, by=personas.inspector,
    )  # fmt: skip
    again = services.inspection_record_defect(
        inspection=running, defect_type=lib(personas)["MAJ-PRINT"], count=2,
        client_key=str(client_key), by=personas.inspector,
    )  # fmt: skip
    assert again.pk == first.pk
    running.refresh_from_db()
    assert running.nonconforming["major"] == 2


def test_it_counts_up_and_down_with_the_counter(personas: Personas, running: Inspection) -> None:
    minor = lib(personas)["MIN-SCRATCH"]
    for _ in range(3):
        services.inspection_adjust_defect_count(
            inspection=running, defect_type=minor, delta=1, by=personas.inspector
        )
    record = services.inspection_adjust_defect_count(
        inspection=running, defect_type=minor, delta=-1, by=personas.inspector
    )
    assert record is not None and record.count == 2
    with pytest.raises(ValidationError, match="Only 2 unit"):
        services.inspection_adjust_defect_count(
            inspection=running, defect_type=minor, delta=-3, by=personas.inspector
        )
    assert (
        services.inspection_adjust_defect_count(
            inspection=running, defect_type=minor, delta=-2, by=personas.inspector
        )
        is None
    )
    running.refresh_from_db()
    assert running.nonconforming["minor"] == 0


def test_it_takes_back_a_record_while_in_progress(personas: Personas, running: Inspection) -> None:
    record = services.inspection_record_defect(
        inspection=running, defect_type=lib(personas)["CRT-SHARP"], unit_number=1,
        by=personas.inspector,
    )  # fmt: skip
    running.refresh_from_db()
    assert running.computed_verdict == "fail"
    services.defect_record_delete(record=record, by=personas.inspector)
    running.refresh_from_db()
    assert running.computed_verdict == "pending"
    assert running.nonconforming["critical"] == 0


def test_it_shows_the_verdict_so_far_as_results_come_in(
    personas: Personas, running: Inspection
) -> None:
    builders.check_everything(personas, running)
    running.refresh_from_db()
    assert running.computed_verdict == "pass"
    services.inspection_record_result(
        inspection=running, key=key(running, "Drop test 80 cm"), status="needs_decision",
        by=personas.inspector,
    )  # fmt: skip
    running.refresh_from_db()
    assert running.computed_verdict == "pending"


def test_it_submits_only_when_every_checkpoint_has_a_result(
    personas: Personas, running: Inspection
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.inspection_submit(inspection=running, by=personas.inspector)
    assert "'Overall appearance' is not checked yet." in refused.value.messages
    builders.check_everything(personas, running)
    services.inspection_submit(inspection=running, remarks="All good.", by=personas.inspector)
    assert running.status == InspectionStatus.SUBMITTED
    assert running.remarks == "All good."
    with pytest.raises(ValidationError, match="in progress"):
        services.inspection_record_result(
            inspection=running, key=key(running, "Height"), status="fail", by=personas.inspector
        )


def test_it_runs_the_submit_checks_other_capabilities_register(
    personas: Personas, running: Inspection
) -> None:
    def photos(inspection: Inspection) -> list[str]:
        return ["'Drop test 80 cm' needs 1 photo; 0 attached."]

    builders.check_everything(personas, running)
    services.register_submit_check(photos)
    try:
        with pytest.raises(ValidationError, match="needs 1 photo"):
            services.inspection_submit(inspection=running, by=personas.inspector)
    finally:
        services.unregister_submit_check(photos)
    services.inspection_submit(inspection=running, by=personas.inspector)


def test_it_refuses_every_write_of_an_inspector_not_assigned(
    personas: Personas, running: Inspection
) -> None:
    someone = UserFactory.create(role=Role.INSPECTOR, organisation=personas.operator)
    with pytest.raises(Http404):
        services.inspection_record_result(
            inspection=running, key=key(running, "Height"), status="pass", by=someone
        )
    with pytest.raises(Http404):
        services.inspection_record_defect(
            inspection=running, defect_type=lib(personas)["MAJ-PRINT"], by=someone
        )
    with pytest.raises(Http404):
        services.inspection_submit(inspection=running, by=someone)
    services.inspection_record_result(
        inspection=running, key=key(running, "Height"), status="needs_decision",
        by=personas.quality_manager,
    )  # fmt: skip


def test_it_approves_the_golden_sample_during_the_ppi_only(personas: Personas) -> None:
    ppi = builders.start(personas, builders.book(personas, inspection_type="ppi"))
    sample = services.golden_sample_approve(
        inspection=ppi,
        seal_number="GS-001",
        colours=[services.Colour("logo red", "186 C"), services.Colour("", "")],
        logo_position="front centre",
        by=personas.inspector,
    )
    assert sample.order == personas.order
    assert sample.colours == [{"name": "logo red", "pantone": "186 C"}]
    corrected = services.golden_sample_approve(
        inspection=ppi, seal_number="GS-002", by=personas.inspector
    )
    assert corrected.pk == sample.pk and corrected.seal_number == "GS-002"
    dupro = builders.start(personas, builders.book(personas))
    with pytest.raises(ValidationError, match="pre-production"):
        services.golden_sample_approve(inspection=dupro, seal_number="X", by=personas.inspector)
