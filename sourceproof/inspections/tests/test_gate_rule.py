"""The sourcing-gate rule for discontinued inspection streams, cell by cell, and its facts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sourceproof.core.testing import FacilityFactory, Personas, ProductCategoryFactory
from sourceproof.inspections.gate_rules import (
    RULE_CODE,
    discontinued_stream_facts,
    rule_inspection_not_discontinued,
)
from sourceproof.inspections.models import SamplingStream, StreamSeverity
from sourceproof.orders import gate
from sourceproof.orders.gate import GateFacts, GatePolicy

POLICY = GatePolicy(smeta_max_age_months=24, today=dt.date(2026, 6, 1))
BAGS = ("bags", "Bags")
PENS = ("pens", "Pens")


def facts(**values: object) -> GateFacts:
    return GateFacts(facility_code="FAC-1", country="CN", **values)  # type: ignore[arg-type]


def test_it_passes_when_no_stream_is_discontinued() -> None:
    result = rule_inspection_not_discontinued(facts(order_categories=("bags",)), POLICY)
    assert (result.code, result.passed, result.warning) == (RULE_CODE, True, False)
    assert result.reason == "No inspection stream at this facility is discontinued."


def test_it_fails_an_order_with_a_line_of_a_discontinued_category() -> None:
    result = rule_inspection_not_discontinued(
        facts(order_categories=("bags", "pens"), discontinued_inspection_categories=(BAGS,)),
        POLICY,
    )
    assert not result.passed
    assert result.reason.startswith("Inspection of Bags at this facility is discontinued")


def test_it_names_every_blocked_category_of_the_order() -> None:
    result = rule_inspection_not_discontinued(
        facts(order_categories=("bags", "pens"), discontinued_inspection_categories=(PENS, BAGS)),
        POLICY,
    )
    assert "Inspection of Bags and Pens at this facility" in result.reason


def test_it_passes_with_a_warning_an_order_of_another_category() -> None:
    result = rule_inspection_not_discontinued(
        facts(order_categories=("pens",), discontinued_inspection_categories=(BAGS,)), POLICY
    )
    assert result.passed and result.warning
    assert result.reason == ("Inspection is discontinued here for Bags only; this order has none.")


def test_it_warns_when_judging_a_facility_without_an_order() -> None:
    result = rule_inspection_not_discontinued(
        facts(discontinued_inspection_categories=(BAGS,)), POLICY
    )
    assert result.passed and result.warning
    assert "new orders of that category are blocked" in result.reason


def test_it_is_registered_with_the_gate() -> None:
    assert rule_inspection_not_discontinued in gate.RULES


@pytest.mark.django_db
def test_it_reads_the_facts_of_many_facilities_in_one_query(personas: Personas) -> None:
    bags = ProductCategoryFactory.create(code="bags", name="Bags")
    facilities = [FacilityFactory.create() for _ in range(30)]
    for f in facilities[:10]:
        SamplingStream.objects.create(
            facility=f, product_category=bags, severity=StreamSeverity.DISCONTINUED
        )
    SamplingStream.objects.create(
        facility=facilities[10], product_category=bags, severity=StreamSeverity.TIGHTENED
    )
    with CaptureQueriesContext(connection) as captured:
        found = discontinued_stream_facts(facilities)
    assert len(captured.captured_queries) == 1
    assert set(found) == {f.pk for f in facilities[:10]}
    assert found[facilities[0].pk] == {"discontinued_inspection_categories": (("bags", "Bags"),)}
