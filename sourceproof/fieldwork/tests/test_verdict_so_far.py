"""The verdict so far: computed on the server by the same pure function as the stored
verdict, from the data received; and the numbers the phone needs for its own "so far"."""

from __future__ import annotations

from typing import Any

import pytest

from sourceproof.core.testing import Personas
from sourceproof.fieldwork.tests.helpers import book, key_of, library, op, post_ops, started
from sourceproof.inspections import evaluation
from sourceproof.inspections import services as inspections
from sourceproof.inspections.models import Inspection

pytestmark = pytest.mark.django_db


def _verdict(client: Any, inspection: Inspection) -> dict[str, Any]:
    response = client.get(f"/api/v1/field/inspections/{inspection.report_number}/verdict")
    assert response.status_code == 200, response.content
    body: dict[str, Any] = response.json()
    return body


def _major(verdict: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = next(c for c in verdict["classes"] if c["name"] == "major")
    return found


def test_it_follows_the_data_received(personas: Personas, client_for: Any) -> None:
    inspection = started(personas)
    client = client_for("inspector")
    verdict = _verdict(client, inspection)
    assert verdict["outcome"] == "pending"  # nothing checked yet
    assert _major(verdict) | {"nonconforming": 0} == {
        "name": "major",
        "label": "Major",
        "nonconforming": 0,
        "sample_size": 80,
        "accept": 5,
        "reject": 6,
        "accepted": True,
    }
    height = key_of(inspection, "Height")
    post_ops(
        client,
        inspection,
        op("defect_adjust", defect_type="MAJ-PRINT", delta=5),
        op("result", key=height, measurements=[{"unit": 1, "value": "97.5"}]),
    )
    verdict = _verdict(client, inspection)
    assert _major(verdict)["nonconforming"] == 6  # 5 counted + 1 measured out of tolerance
    assert _major(verdict)["accepted"] is False
    assert verdict["outcome"] == "fail"
    assert any(r["tone"] == "bad" and "rejection number 6" in r["text"] for r in verdict["reasons"])


def test_it_is_the_pure_verdict_of_the_stored_rows(personas: Personas, client_for: Any) -> None:
    inspection = started(personas)
    client = client_for("inspector")
    post_ops(
        client,
        inspection,
        op("defect_adjust", defect_type="MIN-SCRATCH", delta=2),
        op("defect_add", defect_type="MAJ-CRACK", unit_number=3),
        op("result", key=key_of(inspection, "Overall appearance"), status="needs_decision"),
    )
    expected = evaluation.evaluate(Inspection.objects.get(pk=inspection.pk))
    assert expected is not None
    verdict = _verdict(client, inspection)
    assert verdict["outcome"] == expected.outcome == "pending"
    assert {c["name"]: c["nonconforming"] for c in verdict["classes"]} == expected.nonconforming


def test_it_gives_the_phone_the_units_counted_outside_its_counters(
    personas: Personas, client_for: Any
) -> None:
    """The phone adds its counters and measurements to `base_nonconforming` for its own
    "so far": units recorded some other way (numbered units, the desktop page)."""
    inspection = started(personas)
    types = library(personas)
    inspections.inspection_record_defect(
        inspection=inspection, defect_type=types["CRT-SHARP"], unit_number=7, by=personas.inspector
    )
    client = client_for("inspector")
    post_ops(client, inspection, op("defect_adjust", defect_type="CRT-SHARP", delta=1))
    state = client.get(f"/api/v1/field/inspections/{inspection.report_number}/state").json()
    assert state["base_nonconforming"] == {"critical": 1, "major": 0, "minor": 0}
    assert state["counters"] == {"CRT-SHARP": 1}
    assert [d["unit_number"] for d in state["other_defects"]] == [7]
    assert state["verdict"]["outcome"] == "fail"  # critical: zero acceptance
    assert state["plan"]["classes"][0] == {
        "name": "critical",
        "label": "Critical",
        "sample_size": 80,
        "accept": 0,
        "reject": 1,
        "aql": None,
        "zero_acceptance": True,
    }


def test_it_has_no_verdict_before_the_start(personas: Personas, client_for: Any) -> None:
    inspection = book(personas)
    response = client_for("inspector").get(
        f"/api/v1/field/inspections/{inspection.report_number}/verdict"
    )
    assert response.status_code == 409
    assert "not started" in response.json()["detail"]
