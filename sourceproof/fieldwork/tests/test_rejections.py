"""A refused operation comes back with a reason a person understands, and changes nothing."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sourceproof.core.testing import Personas
from sourceproof.evidence.models import Photo
from sourceproof.fieldwork.models import AppliedOperation
from sourceproof.fieldwork.tests.helpers import jpeg, key_of, op, photographed, post_ops, started
from sourceproof.inspections import services as inspections
from sourceproof.inspections.models import DefectRecord

pytestmark = pytest.mark.django_db


def _one(client: Any, inspection: Any, operation: dict[str, Any]) -> dict[str, Any]:
    response = post_ops(client, inspection, operation)
    assert response.status_code == 200, response.content
    result: dict[str, Any] = response.json()["results"][0]
    return result


@pytest.mark.parametrize(
    ("kind", "payload", "reason"),
    [
        ("defect_adjust", {"defect_type": "MAJ-PRINT", "delta": -1}, "Only 0 unit(s) of MAJ-PRINT"),
        ("defect_adjust", {"defect_type": "NOPE", "delta": 1}, "no defect type NOPE"),
        (
            "defect_adjust",
            {"defect_type": "MAJ-PRINT", "delta": "lots"},
            "units to add or take away must be a whole number",
        ),
        ("defect_adjust", {"defect_type": "MAJ-PRINT", "delta": 5000}, "at most 1000 units"),
        ("defect_adjust", {"delta": 1}, "The defect type is missing."),
        ("defect_adjust", {"defect_type": "MAJ-PRINT", "delta": 81}, "more than the 80 units"),
        ("result", {"key": "c-none", "status": "pass"}, "has no checkpoint 'c-none'"),
        ("result", {"key": "HEIGHT", "status": "maybe"}, "Unknown result 'maybe'"),
        ("result", {"key": "HEIGHT", "status": "pass"}, "Record the values of 'Height'"),
        ("result", {"key": "HEIGHT", "measurements": [{"value": "tall"}]}, "is not a number"),
        ("result", {"key": "HEIGHT", "measurements": "95"}, "as a list"),
        ("defect_add", {"defect_type": "MAJ-PRINT", "unit_number": 200}, "outside the sample"),
        ("remarks", {"remarks": 42}, "The remarks must be text."),
        ("submit", {}, "is not checked yet"),
    ],
)
def test_it_refuses_with_a_reason(
    personas: Personas, client_for: Any, kind: str, payload: dict[str, Any], reason: str
) -> None:
    inspection = started(personas)
    if payload.get("key") == "HEIGHT":
        payload = {**payload, "key": key_of(inspection, "Height")}
    outcome = _one(client_for("inspector"), inspection, op(kind, **payload))
    assert outcome["status"] == "rejected"
    assert reason in outcome["reason"], outcome["reason"]
    assert outcome["errors"] or outcome["reason"]
    assert not AppliedOperation.objects.exists()
    assert not DefectRecord.objects.exists()


def _check_everything(personas: Personas, inspection: Any) -> None:
    for result in inspection.checkpoint_results.all():
        payload: dict[str, Any] = (
            {"measurements": [{"value": "95"}]} if result.kind == "measurement" else {}
        )
        inspections.inspection_record_result(
            inspection=inspection,
            key=result.key,
            status=None if payload else "pass",
            by=personas.inspector,
            **payload,
        )


def test_it_refuses_to_submit_without_the_photos_the_checklist_requires(
    personas: Personas, client_for: Any
) -> None:
    inspection = started(personas)
    _check_everything(personas, inspection)
    client = client_for("inspector")
    outcome = _one(client, inspection, op("submit"))
    assert outcome["status"] == "rejected"
    assert "'Matches the golden sample' needs 2 more photos (0 of 2 attached)." in outcome["reason"]
    # The Chinese screen names the checkpoint by its Chinese title.
    golden = inspection.checkpoint_results.get(key="golden-sample")
    response = client.post(
        f"/api/v1/field/inspections/{inspection.report_number}/photos",
        {"file": SimpleUploadedFile("front.jpg", jpeg("red")), "op_id": str(uuid.uuid4()),
         "checkpoint_key": golden.key, "side": "front"},
    )  # fmt: skip
    assert response.status_code == 201, response.content
    chinese = client.post(
        f"/api/v1/field/inspections/{inspection.report_number}/operations",
        {"operations": [op("submit")]},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    reason = chinese.json()["results"][0]["reason"]
    assert "与封样一致" in reason and "Matches the golden sample" not in reason
    inspection.refresh_from_db()
    assert inspection.status == "in_progress"
    response = client.post(
        f"/api/v1/field/inspections/{inspection.report_number}/photos",
        {"file": SimpleUploadedFile("back.jpg", jpeg("blue")), "op_id": str(uuid.uuid4()),
         "checkpoint_key": golden.key, "side": "back"},
    )  # fmt: skip
    assert response.status_code == 201, response.content
    assert _one(client, inspection, op("submit"))["status"] == "applied"


def test_it_refuses_changes_once_submitted(personas: Personas, client_for: Any) -> None:
    inspection = photographed(personas, started(personas))
    for result in inspection.checkpoint_results.all():
        if result.kind == "measurement":
            inspections.inspection_record_result(
                inspection=inspection,
                key=result.key,
                measurements=[{"value": "95"}],
                by=personas.inspector,
            )
        else:
            inspections.inspection_record_result(
                inspection=inspection, key=result.key, status="pass", by=personas.inspector
            )
    inspections.inspection_submit(inspection=inspection, by=personas.inspector)
    client = client_for("inspector")
    outcome = _one(client, inspection, op("defect_adjust", defect_type="MAJ-PRINT", delta=1))
    assert outcome["status"] == "rejected"
    assert "is submitted" in outcome["reason"]
    response = client.post(
        f"/api/v1/field/inspections/{inspection.report_number}/photos",
        {"file": SimpleUploadedFile("late.jpg", jpeg()), "op_id": str(uuid.uuid4())},
    )
    assert response.status_code == 400
    assert response.json()["status"] == "rejected"
    assert "photos are added while the inspection is in progress" in response.json()["reason"]


def test_it_refuses_a_file_that_is_not_a_photo(personas: Personas, client_for: Any) -> None:
    inspection = started(personas)
    response = client_for("inspector").post(
        f"/api/v1/field/inspections/{inspection.report_number}/photos",
        {
            "file": SimpleUploadedFile("holiday.jpg", b"%PDF-1.4 not a photo"),
            "op_id": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 400
    body = response.json()
    assert body["kind"] == "photo"
    assert "not a JPEG, PNG, HEIC or WebP image" in body["reason"]
    assert not Photo.objects.exists()


def test_it_keeps_a_photo_whose_defect_is_gone(personas: Personas, client_for: Any) -> None:
    """The counter was taken back to zero before the photo of it arrived: the photo is kept,
    attached to the inspection, with a note saying why."""
    inspection = started(personas)
    response = client_for("inspector").post(
        f"/api/v1/field/inspections/{inspection.report_number}/photos",
        {"file": SimpleUploadedFile("p.jpg", jpeg()), "op_id": str(uuid.uuid4()),
         "defect_type": "MAJ-PRINT"},
    )  # fmt: skip
    assert response.status_code == 201
    assert response.json()["result"]["notes"] == [
        "The defect it was taken for is not counted (any more)."
    ]
    assert Photo.objects.get().defect_record is None


@pytest.mark.parametrize(
    "body",
    [
        {"operations": []},
        {"operations": [{"op_id": "not-a-uuid", "kind": "remarks", "payload": {}}]},
        {"operations": [{"op_id": str(uuid.uuid4()), "kind": "photo", "payload": {}}]},
        {"operations": [{"op_id": str(uuid.uuid4()), "kind": "teleport", "payload": {}}]},
        {"nothing": True},
    ],
)
def test_it_answers_a_malformed_batch_with_422(
    personas: Personas, client_for: Any, body: dict[str, Any]
) -> None:
    inspection = started(personas)
    response = client_for("inspector").post(
        f"/api/v1/field/inspections/{inspection.report_number}/operations",
        body,
        content_type="application/json",
    )
    assert response.status_code == 422
