"""The API end to end: book, start, results, defects (a resend never duplicates), submit,
decide, review, override; 422 for a malformed request, 400 with the service's message."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from sourceproof.core.testing import Personas
from sourceproof.evidence.tests import crafted
from sourceproof.inspections.tests import builders

pytestmark = pytest.mark.django_db
JSON = "application/json"
API = "/api/v1/inspections"


def test_it_runs_an_inspection_through_the_api(personas: Personas, client_for: Any) -> None:
    builders.library(personas.quality_manager)
    builders.checklist(personas.order.lines.get().product.category, personas.quality_manager)
    builders.confirm(personas.order)
    qm, inspector = client_for("quality_manager"), client_for("inspector")

    booked = qm.post(
        API,
        {
            "order": personas.order.number,
            "inspection_type": "dupro",
            "planned_date": "2030-03-02",
            "inspector": personas.inspector.email,
            "lot_size": 5000,
        },
        content_type=JSON,
    )
    assert booked.status_code == 201, booked.content
    rn = booked.json()["report_number"]
    assert booked.json()["plan"] is None

    started = inspector.post(f"{API}/{rn}/start", {"produced_percent": 35}, content_type=JSON)
    assert started.status_code == 200
    data = started.json()
    assert data["plan"]["sample_size"] == 200 and data["plan"]["code_letter"] == "L"
    assert data["window_start"] and data["window_end"] is None
    for checkpoint in data["checkpoints"]:
        body: dict[str, Any] = {"key": checkpoint["key"], "status": "pass"}
        if checkpoint["kind"] == "measurement":
            body = {"key": checkpoint["key"], "measurements": [{"unit": 3, "value": "97.1"}]}
        if checkpoint["kind"] == "onsite_test":
            body = {"key": checkpoint["key"], "status": "needs_decision", "note": "chip"}
        assert inspector.post(f"{API}/{rn}/results", body, content_type=JSON).status_code == 200

    key = str(uuid.uuid4())
    first = inspector.post(
        f"{API}/{rn}/defects",
        {"defect_type": "MAJ-CRACK", "unit_number": 3, "client_key": key},
        content_type=JSON,
    )
    resent = inspector.post(
        f"{API}/{rn}/defects",
        {"defect_type": "MAJ-CRACK", "unit_number": 3, "client_key": key},
        content_type=JSON,
    )
    assert first.status_code == resent.status_code == 201
    assert first.json()["id"] == resent.json()["id"]
    inspector.post(
        f"{API}/{rn}/defects/adjust", {"defect_type": "MIN-SCRATCH", "delta": 2}, content_type=JSON
    )
    detail = inspector.get(f"{API}/{rn}").json()
    major = next(c for c in detail["verdict"]["classes"] if c["name"] == "major")
    assert major["nonconforming"] == 1  # unit 3: out of tolerance and cracked, counted once
    assert {c["code"] for c in major["codes"]} == {
        "MAJ-CRACK",
        f"measurement:{detail['checkpoints'][1]['key']}",
    }
    assert detail["verdict"]["computed"] == "pending"

    # The drop test requires a photo: submission waits for it and says which and how many.
    short = inspector.post(f"{API}/{rn}/submit", {"remarks": "ok"}, content_type=JSON)
    assert short.status_code == 400
    assert "'Drop test 80 cm' needs 1 more photo (0 of 1 attached)." in short.json()["detail"]
    drop_key = next(c["key"] for c in detail["checkpoints"] if c["kind"] == "onsite_test")
    photo = inspector.post(
        f"/api/v1/evidence/inspections/{rn}/photos",
        {"file": crafted.upload(crafted.photo(41)), "checkpoint_key": drop_key},
    )
    assert photo.status_code == 201, photo.content
    assert (
        inspector.post(f"{API}/{rn}/submit", {"remarks": "ok"}, content_type=JSON).status_code
        == 200
    )
    pending = qm.post(f"{API}/{rn}/review", {}, content_type=JSON)
    assert pending.status_code == 400
    assert "decide the checkpoints" in pending.json()["detail"]
    open_key = next(c["key"] for c in detail["checkpoints"] if c["kind"] == "onsite_test")
    decided = qm.post(
        f"{API}/{rn}/decisions",
        {"key": open_key, "status": "pass", "note": "Chip is cosmetic, within the standard."},
        content_type=JSON,
    )
    assert decided.json()["verdict"]["computed"] == "pass"
    reviewed = qm.post(f"{API}/{rn}/review", {"note": "fine"}, content_type=JSON).json()
    assert reviewed["status"] == "reviewed"
    assert reviewed["stream_after"]["inspection"] == "normal"
    overridden = qm.post(
        f"{API}/{rn}/override",
        {"verdict": "fail", "reason": "Customer complaint about cracks in an earlier lot."},
        content_type=JSON,
    ).json()
    assert (overridden["computed_verdict"], overridden["final_verdict"]) == ("pass", "fail")


def test_it_answers_422_for_a_malformed_request_and_400_for_a_refused_one(
    personas: Personas, client_for: Any
) -> None:
    builders.confirm(personas.order)
    qm = client_for("quality_manager")
    malformed = qm.post(API, {"order": personas.order.number}, content_type=JSON)
    assert malformed.status_code == 422
    refused = qm.post(
        API,
        {
            "order": personas.order.number,
            "inspection_type": "psi",
            "planned_date": "2030-01-01",
            "major_aql": "3",
        },
        content_type=JSON,
    )
    assert refused.status_code == 400
    assert "not one of the standard's preferred AQLs" in refused.json()["detail"]
    assert refused.json()["errors"]["major_aql"]
    unknown = qm.post(
        API,
        {"order": "NOPE", "inspection_type": "psi", "planned_date": "2030-01-01"},
        content_type=JSON,
    )
    assert unknown.status_code == 400


def test_it_manages_the_library_and_streams_through_the_api(
    personas: Personas, client_for: Any
) -> None:
    qm = client_for("quality_manager")
    made = qm.post(
        f"{API}/defect-types",
        {"code": "MAJ-WOBBLE", "description_en": "Wobbles", "description_zh": "晃动",
         "defect_class": "major", "category": "function"},
        content_type=JSON,
    )  # fmt: skip
    assert made.status_code == 201
    assert (
        qm.patch(f"{API}/defect-types/MAJ-WOBBLE", {"is_active": False}, content_type=JSON).json()[
            "is_active"
        ]
        is False
    )
    template = qm.post(
        f"{API}/checklist-templates",
        {
            "category": "drinkware",
            "name": "Mugs",
            "checkpoints": [
                {"kind": "measurement", "title": "Height", "nominal": "95", "tolerance": "1",
                 "unit": "mm", "level_override": "S-3"},
                {"kind": "visual", "title": "Looks"},
            ],
        },
        content_type=JSON,
    )  # fmt: skip
    assert template.status_code == 201
    assert template.json()["version"] == 1
    override = qm.post(
        f"{API}/aql-overrides",
        {"customer": "northwind", "major_aql": "1.5", "note": "contract §4"},
        content_type=JSON,
    )
    assert override.status_code == 200 and override.json()["customer"] == "northwind"
    builders.reviewed(personas)
    streams = qm.get(f"{API}/streams").json()
    assert streams["items"][0]["severity"] == "normal"
    refused = qm.post(
        f"{API}/streams/{streams['items'][0]['id']}/resume",
        {"corrective_action": "x" * 40},
        content_type=JSON,
    )
    assert refused.status_code == 400
