"""The inspections demo: every type in every status, the library in three languages, a
tightened and a discontinued stream, through the services; a second run adds nothing."""

from __future__ import annotations

import pytest

from sourceproof.core.demo import demo_load
from sourceproof.inspections.demo import load_inspection_demo
from sourceproof.inspections.models import (
    DefectType,
    Inspection,
    InspectionStatus,
    InspectionType,
    SamplingStream,
    StreamSeverity,
)
from sourceproof.orders.models import PurchaseOrder
from sourceproof.orders.selectors import order_gate_verdict

pytestmark = pytest.mark.django_db


def test_it_loads_every_type_in_every_status_once() -> None:
    demo_load()
    first = load_inspection_demo()
    assert first.created["inspections"] >= 20
    assert load_inspection_demo().created == {}
    combinations = set(Inspection.objects.values_list("inspection_type", "status"))
    assert combinations == {(t, s) for t in InspectionType.values for s in InspectionStatus.values}
    assert not DefectType.objects.filter(description_zh="").exists()
    assert not DefectType.objects.filter(description_nl="").exists()
    severities = dict(
        SamplingStream.objects.values_list("facility__code", "severity").filter(
            facility__code__in=["FAC-00102", "FAC-00108"]
        )
    )
    assert severities == {
        "FAC-00102": StreamSeverity.TIGHTENED,
        "FAC-00108": StreamSeverity.DISCONTINUED,
    }
    assert Inspection.objects.exclude(override_verdict="").exists()
    textile_order = PurchaseOrder.objects.get(number="GP-10016")
    verdict = order_gate_verdict(order=textile_order)
    assert "inspection_not_discontinued" in [r.code for r in verdict.failures]
