"""Switching through reviews: every reviewed inspection is one lot of its stream (facility x
product category); the engine's rules move the stream's severity, and the next inspection
uses it. Discontinuation closes the sourcing gate for that facility and category only, until
a quality manager records the corrective action and resumes on tightened inspection."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sourceproof.core.models import ChangeRecord
from sourceproof.core.testing import Personas, ProductCategoryFactory
from sourceproof.inspections import services
from sourceproof.inspections.models import SamplingStream, StreamSeverity
from sourceproof.inspections.tests import builders
from sourceproof.orders import services as order_services
from sourceproof.orders.models import OrderStatus, PurchaseOrder
from sourceproof.orders.tests.gates import open_gate
from sourceproof.sampling import Lot, run_stream

pytestmark = pytest.mark.django_db


def stream(personas: Personas) -> SamplingStream:
    category = personas.order.lines.get().product.category
    return SamplingStream.objects.get(facility=personas.facility, product_category=category)


def test_it_starts_a_stream_on_normal_and_counts_each_reviewed_lot(personas: Personas) -> None:
    first = builders.reviewed(personas)
    assert builders.js(first.plan_snapshot)["inspection"] == "normal"
    assert builders.js(first.stream_before)["inspection"] == "normal"
    s = stream(personas)
    assert s.lots == 1
    assert s.severity == StreamSeverity.NORMAL
    assert s.state == first.stream_after


def test_it_tightens_after_two_of_five_lots_not_accepted_and_the_next_plan_uses_it(
    personas: Personas,
) -> None:
    builders.reviewed(personas)
    builders.reviewed(personas, reject=True)
    builders.reviewed(personas)
    assert stream(personas).severity == StreamSeverity.NORMAL
    last = builders.reviewed(personas, reject=True)
    assert builders.js(last.stream_after)["inspection"] == "tightened"
    assert stream(personas).severity == StreamSeverity.TIGHTENED
    following = builders.start(personas, builders.book(personas))
    assert builders.js(following.plan_snapshot)["inspection"] == "tightened"
    normal_major = next(
        c for c in builders.js(last.plan_snapshot)["classes"] if c["name"] == "major"
    )
    tight_major = next(
        c for c in builders.js(following.plan_snapshot)["classes"] if c["name"] == "major"
    )
    assert tight_major["accept"] < normal_major["accept"]


def test_it_moves_the_stream_exactly_as_the_engines_stream_runner(personas: Personas) -> None:
    pattern = [False, True, False, False, True, True, True, True, True, False, True]
    seen = []
    counts = []
    for reject in pattern:
        lot = builders.reviewed(personas, reject=reject)
        seen.append(builders.js(lot.stream_after)["inspection"])
        counts.append(lot.nonconforming["major"])
    expected = run_stream([Lot(1000, n) for n in counts], "2.5", "II")
    assert seen == [o.next_inspection for o in expected]


def test_it_counts_the_computed_verdict_not_the_override(personas: Personas) -> None:
    rejected = builders.reviewed(personas, reject=True)
    services.inspection_override(
        inspection=rejected,
        verdict="pass",
        reason="Customer accepted the lot with a discount.",
        by=personas.quality_manager,
    )
    builders.reviewed(personas, reject=True)
    assert stream(personas).severity == StreamSeverity.TIGHTENED


def test_it_counts_a_lot_judged_on_an_older_severity_on_the_streams_current_plan(
    personas: Personas,
) -> None:
    builders.reviewed(personas, reject=True)
    running = builders.start(personas, builders.book(personas))  # started on normal
    builders.reviewed(personas, reject=True)  # the stream goes to tightened meanwhile
    builders.check_everything(personas, running)
    services.inspection_submit(inspection=running, by=personas.inspector)
    services.inspection_review(inspection=running, by=personas.quality_manager)
    running.refresh_from_db()
    assert builders.js(running.plan_snapshot)["inspection"] == "normal"
    assert builders.js(running.stream_before)["inspection"] == "tightened"
    assert builders.js(running.stream_after) == {
        **builders.js(running.stream_before),
        "tightened_accepted_run": 1,
    }


def _new_order(personas: Personas, category_code: str) -> PurchaseOrder:
    category = ProductCategoryFactory.create(code=category_code, name=category_code.title())
    order = builders.order_at(personas, category=category)
    PurchaseOrder.objects.filter(pk=order.pk).update(status=OrderStatus.DRAFT)
    order.refresh_from_db()
    return order


def discontinue(personas: Personas) -> SamplingStream:
    builders.reviewed(personas, reject=True)
    builders.reviewed(personas, reject=True)
    for _ in range(5):
        builders.reviewed(personas, reject=True)
    return stream(personas)


def test_it_discontinues_after_five_lots_not_accepted_on_tightened_and_blocks_the_gate(
    personas: Personas,
) -> None:
    open_gate(personas.facility)
    s = discontinue(personas)
    assert s.severity == StreamSeverity.DISCONTINUED
    assert s.discontinued_at is not None
    assert ChangeRecord.objects.filter(summary__contains="sourcing gate now blocks").exists()

    same_category = _new_order(personas, "drinkware")
    other_category = _new_order(personas, "bags")
    with pytest.raises(order_services.GateBlocked) as blocked:
        order_services.order_confirm(order=same_category, by=personas.quality_manager)
    reasons = [r.reason for r in blocked.value.failures]
    assert reasons == [
        "Inspection of Drinkware at this facility is discontinued after five lots not accepted "
        "on tightened inspection; no new order until a quality manager records the supplier's "
        "corrective action and resumes inspection."
    ]
    confirmed = order_services.order_confirm(order=other_category, by=personas.quality_manager)
    assert confirmed.status == OrderStatus.CONFIRMED


def test_it_refuses_to_start_an_inspection_on_a_discontinued_stream(personas: Personas) -> None:
    discontinue(personas)
    planned = builders.book(personas)
    with pytest.raises(ValidationError, match="discontinued"):
        builders.start(personas, planned)


def test_it_resumes_on_tightened_after_the_corrective_action_and_opens_the_gate(
    personas: Personas,
) -> None:
    open_gate(personas.facility)
    s = discontinue(personas)
    with pytest.raises(ValidationError, match="corrective action"):
        services.stream_resume(stream=s, corrective_action="Fixed.", by=personas.quality_manager)
    resumption = services.stream_resume(
        stream=s,
        corrective_action="New print screens and a first-article check on every shift; 8D "
        "report reviewed on site.",
        reference="8D-2026-014",
        by=personas.quality_manager,
    )
    s.refresh_from_db()
    assert s.severity == StreamSeverity.TIGHTENED
    assert resumption.state_before["inspection"] == "discontinued"
    order = _new_order(personas, "drinkware")
    assert order_services.order_confirm(order=order, by=personas.quality_manager).status == (
        OrderStatus.CONFIRMED
    )
    assert builders.js(builders.start(personas, builders.book(personas)).plan_snapshot)[
        "inspection"
    ] == ("tightened")
    with pytest.raises(ValidationError, match="Only a discontinued stream"):
        services.stream_resume(stream=s, corrective_action="x" * 40, by=personas.quality_manager)


def test_it_lets_only_quality_managers_and_admins_resume(personas: Personas) -> None:
    s = discontinue(personas)
    from django.http import Http404

    with pytest.raises(Http404):
        services.stream_resume(stream=s, corrective_action="x" * 40, by=personas.inspector)
