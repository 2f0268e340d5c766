"""The same operation sent twice has one effect, and the second answer is the first one."""

from __future__ import annotations

import threading
import uuid
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from sourceproof.core.testing import Personas
from sourceproof.evidence.models import Photo
from sourceproof.evidence.services import photo_add
from sourceproof.fieldwork import services
from sourceproof.fieldwork.models import AppliedOperation
from sourceproof.fieldwork.tests.helpers import jpeg, key_of, op, photographed, post_ops, started
from sourceproof.inspections.models import DefectRecord

pytestmark = pytest.mark.django_db


def _apply(personas: Personas, inspection: Any, op_id: uuid.UUID, kind: str, **payload: Any):
    return services.operation_apply(
        inspection=inspection, op_id=op_id, kind=kind, payload=payload, by=personas.inspector
    )


def test_it_counts_a_resent_counter_once(personas: Personas) -> None:
    inspection = started(personas)
    op_id = uuid.uuid4()
    first = _apply(personas, inspection, op_id, "defect_adjust", defect_type="MAJ-PRINT", delta=2)
    again = _apply(personas, inspection, op_id, "defect_adjust", defect_type="MAJ-PRINT", delta=2)
    assert first.status == "applied"
    assert again.status == "already_applied"
    assert (
        again.result
        == first.result
        == {
            "defect_type": "MAJ-PRINT",
            "delta": 2,
            "count": 2,
            "record_id": first.result["record_id"],
        }
    )
    assert DefectRecord.objects.get(inspection=inspection).count == 2
    assert AppliedOperation.objects.filter(op_id=op_id).count() == 1


def test_it_answers_a_late_resend_with_the_original_result(personas: Personas) -> None:
    """A result sent, then changed, then the first one resent: the resend changes nothing."""
    inspection = started(personas)
    key = key_of(inspection, "Overall appearance")
    first_id = uuid.uuid4()
    first = _apply(personas, inspection, first_id, "result", key=key, status="pass", note="ok")
    _apply(personas, inspection, uuid.uuid4(), "result", key=key, status="fail", note="scuffs")
    replay = _apply(personas, inspection, first_id, "result", key=key, status="pass", note="ok")
    assert replay.status == "already_applied"
    assert (
        replay.result
        == first.result
        == {
            "key": key,
            "status": "pass",
            "measurements": [],
            "note": "ok",
        }
    )
    result = inspection.checkpoint_results.get(key=key)
    assert (result.status, result.note) == ("fail", "scuffs")


def test_it_records_a_defect_once_with_the_operation_as_client_key(personas: Personas) -> None:
    inspection = started(personas)
    op_id = uuid.uuid4()
    for _ in range(2):
        _apply(personas, inspection, op_id, "defect_add", defect_type="CRT-SHARP", unit_number=4)
    record = DefectRecord.objects.get(inspection=inspection)
    assert (record.client_key, record.unit_number, record.count) == (op_id, 4, 1)


def test_it_saves_remarks_and_submits_once(personas: Personas) -> None:
    inspection = photographed(personas, started(personas))
    for result in inspection.checkpoint_results.all():
        if result.kind == "measurement":
            payload: dict[str, Any] = {"measurements": [{"unit": 1, "value": "95"}]}
        else:
            payload = {"status": "pass"}
        _apply(personas, inspection, uuid.uuid4(), "result", key=result.key, **payload)
    remarks_id, submit_id = uuid.uuid4(), uuid.uuid4()
    _apply(personas, inspection, remarks_id, "remarks", remarks="All good.")
    first = _apply(personas, inspection, submit_id, "submit")
    # The inspection is submitted now: a resend of either still answers, and changes nothing.
    assert _apply(personas, inspection, remarks_id, "remarks", remarks="x").status == (
        "already_applied"
    )
    again = _apply(personas, inspection, submit_id, "submit")
    assert again.status == "already_applied"
    assert again.result == first.result
    assert first.result["status"] == "submitted"
    assert first.result["computed_verdict"] == "pass"
    inspection.refresh_from_db()
    assert inspection.remarks == "All good."


def test_it_refuses_an_operation_id_used_for_another_change(personas: Personas) -> None:
    inspection = started(personas)
    op_id = uuid.uuid4()
    _apply(personas, inspection, op_id, "defect_adjust", defect_type="MAJ-PRINT", delta=1)
    with pytest.raises(ValidationError) as caught:
        _apply(personas, inspection, op_id, "remarks", remarks="different")
    assert "already used for another change" in " ".join(caught.value.messages)


def test_it_keeps_the_api_answer_of_a_resent_batch(personas: Personas, client_for: Any) -> None:
    inspection = started(personas)
    client = client_for("inspector")
    batch = [
        op("defect_adjust", defect_type="MIN-SCRATCH", delta=1),
        op("defect_adjust", defect_type="MIN-SCRATCH", delta=1),
    ]
    first = post_ops(client, inspection, *batch).json()
    again = post_ops(client, inspection, *batch).json()
    assert [r["status"] for r in first["results"]] == ["applied", "applied"]
    assert [r["status"] for r in again["results"]] == ["already_applied", "already_applied"]
    assert [r["result"] for r in again["results"]] == [r["result"] for r in first["results"]]
    assert DefectRecord.objects.get(inspection=inspection).count == 2
    assert set(again["state"]["applied_ops"]) == {o["op_id"] for o in batch}


def _upload(client: Any, inspection: Any, op_id: uuid.UUID, data: bytes, **fields: str) -> Any:
    return client.post(
        f"/api/v1/field/inspections/{inspection.report_number}/photos",
        {"file": SimpleUploadedFile("p.jpg", data, "image/jpeg"), "op_id": str(op_id), **fields},
    )


def test_it_stores_a_resent_photo_once(personas: Personas, client_for: Any) -> None:
    inspection = started(personas)
    client = client_for("inspector")
    op_id = uuid.uuid4()
    key = key_of(inspection, "Overall appearance")
    first = _upload(client, inspection, op_id, jpeg("red"), checkpoint_key=key)
    again = _upload(client, inspection, op_id, jpeg("red"), checkpoint_key=key)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["status"] == "already_applied"
    assert again.json()["result"] == first.json()["result"]
    photo = Photo.objects.get(inspection=inspection)
    assert photo.client_uid == op_id
    assert photo.checkpoint_result.key == key  # type: ignore[union-attr]


def test_it_records_a_photo_whose_answer_was_lost_before_the_operation(
    personas: Personas, client_for: Any
) -> None:
    """The photo committed but the operation row did not (the request died in between): the
    resend finds the photo by its client_uid, records the operation, stores nothing new."""
    inspection = started(personas)
    op_id = uuid.uuid4()
    photo_add(inspection=inspection, file=jpeg("navy"), by=personas.inspector, client_uid=op_id)
    response = _upload(client_for("inspector"), inspection, op_id, jpeg("navy"))
    assert response.status_code == 200
    assert response.json()["status"] == "already_applied"
    assert Photo.objects.filter(inspection=inspection).count() == 1
    assert AppliedOperation.objects.get(op_id=op_id).kind == "photo"


@pytest.mark.django_db(transaction=True)
def test_it_applies_two_simultaneous_resends_once(personas: Personas) -> None:
    """Two requests with the same operation at the same moment (a retry racing the first
    attempt): the inspection's row lock makes one wait, and it answers as a resend.
    PostgreSQL only: SQLite's test database lives in memory, shared by threads through table
    locks; a real SQLite file serialises writers with BEGIN IMMEDIATE anyway."""
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent connections (PostgreSQL)")
    inspection = started(personas)
    op_id = uuid.uuid4()
    statuses: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def send() -> None:
        try:
            barrier.wait()
            outcome = services.operation_apply(
                inspection=inspection,
                op_id=op_id,
                kind="defect_adjust",
                payload={"defect_type": "MAJ-CRACK", "delta": 1},
                by=personas.inspector,
            )
            statuses.append(outcome.status)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert sorted(statuses) == ["already_applied", "applied"]
    assert DefectRecord.objects.get(inspection=inspection).count == 1
