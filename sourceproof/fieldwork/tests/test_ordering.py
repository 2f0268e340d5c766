"""A batch is applied in the order sent, each operation on its own: a refused one neither
stops nor undoes the others."""

from __future__ import annotations

from typing import Any

import pytest

from sourceproof.core.testing import Personas
from sourceproof.fieldwork.models import AppliedOperation
from sourceproof.fieldwork.tests.helpers import key_of, op, post_ops, started
from sourceproof.inspections.models import DefectRecord

pytestmark = pytest.mark.django_db


def test_it_applies_a_batch_in_the_order_sent(personas: Personas, client_for: Any) -> None:
    inspection = started(personas)
    key = key_of(inspection, "Overall appearance")
    ops = [
        op("result", key=key, status="pass", note="first look"),
        op("defect_adjust", defect_type="MAJ-PRINT", delta=1),
        op("defect_adjust", defect_type="MAJ-PRINT", delta=1),
        op("result", key=key, status="fail", note="scuffs on the rim"),
        op("defect_adjust", defect_type="MAJ-PRINT", delta=-1),
    ]
    response = post_ops(client_for("inspector"), inspection, *ops)
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["op_id"] for r in results] == [o["op_id"] for o in ops]
    assert [r["result"].get("count") for r in results[1:3]] == [1, 2]
    result = inspection.checkpoint_results.get(key=key)
    assert (result.status, result.note) == ("fail", "scuffs on the rim")
    assert DefectRecord.objects.get(inspection=inspection).count == 1
    applied = list(AppliedOperation.objects.order_by("applied_at", "id").values_list("op_id"))
    assert [str(a[0]) for a in applied] == [o["op_id"] for o in ops]


def test_it_goes_on_after_a_refused_operation(personas: Personas, client_for: Any) -> None:
    inspection = started(personas)
    ops = [
        op("defect_adjust", defect_type="MIN-SCRATCH", delta=1),
        op("defect_adjust", defect_type="MIN-SCRATCH", delta=-3),  # only 1 counted
        op("defect_adjust", defect_type="MIN-SCRATCH", delta=1),
    ]
    results = post_ops(client_for("inspector"), inspection, *ops).json()["results"]
    assert [r["status"] for r in results] == ["applied", "rejected", "applied"]
    assert DefectRecord.objects.get(inspection=inspection).count == 2
    assert not AppliedOperation.objects.filter(op_id=ops[1]["op_id"]).exists()


def test_it_applies_a_refused_operation_sent_again_once_its_cause_is_gone(
    personas: Personas, client_for: Any
) -> None:
    """A refusal is not recorded: the phone keeps the operation and may send it again."""
    inspection = started(personas)
    client = client_for("inspector")
    minus = op("defect_adjust", defect_type="MAJ-CRACK", delta=-1)
    assert post_ops(client, inspection, minus).json()["results"][0]["status"] == "rejected"
    post_ops(client, inspection, op("defect_adjust", defect_type="MAJ-CRACK", delta=2))
    assert post_ops(client, inspection, minus).json()["results"][0]["status"] == "applied"
    assert DefectRecord.objects.get(inspection=inspection).count == 1


def test_it_returns_the_state_after_the_batch(personas: Personas, client_for: Any) -> None:
    inspection = started(personas)
    body = post_ops(
        client_for("inspector"),
        inspection,
        op("defect_adjust", defect_type="MAJ-PRINT", delta=3),
        op("remarks", remarks="Cartons wet on pallet 3."),
    ).json()
    state = body["state"]
    assert state["counters"] == {"MAJ-PRINT": 3}
    assert state["remarks"] == "Cartons wet on pallet 3."
    assert state["verdict"]["classes"][1] == {
        "name": "major",
        "label": "Major",
        "nonconforming": 3,
        "sample_size": 80,
        "accept": 5,
        "reject": 6,
        "accepted": True,
    }
    assert set(state["applied_ops"]) == {r["op_id"] for r in body["results"]}
