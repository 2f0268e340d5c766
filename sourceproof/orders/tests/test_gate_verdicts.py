"""The gate's facts from the database, and its verdicts for one order or many at a constant
number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sourceproof.core.models import OperatorPolicy
from sourceproof.core.testing import (
    CertificateFactory,
    FacilityFactory,
    Personas,
    PurchaseOrderFactory,
)
from sourceproof.facilities.models import CountryRisk, Facility
from sourceproof.orders import selectors
from sourceproof.orders.models import PurchaseOrder
from sourceproof.orders.tests.gates import block_country, open_gate, suspend

pytestmark = pytest.mark.django_db


def test_it_builds_the_facts_from_certificates_country_risk_and_suspension(
    personas: Personas,
) -> None:
    facility = personas.facility
    verdict = selectors.facility_gate_verdict(facility=facility)
    assert not verdict.passed
    assert verdict.facility_code == facility.code
    assert [r.code for r in verdict.failures] == ["smeta_4p_audit"]

    open_gate(facility)
    assert selectors.facility_gate_verdict(facility=facility).passed

    suspend(facility, "Wages unpaid for two months")
    block_country("CN")
    reasons = [r.reason for r in selectors.facility_gate_verdict(facility=facility).failures]
    assert reasons == [
        "China is on the operator's no-sourcing list.",
        "The facility is suspended: Wages unpaid for two months.",
    ]


def test_it_uses_the_operator_policy_for_the_audit_age(personas: Personas) -> None:
    today = timezone.localdate()
    CertificateFactory.create(
        facility=personas.facility,
        valid_from=today - dt.timedelta(days=400),
        valid_until=today + dt.timedelta(days=400),
    )
    assert selectors.facility_gate_verdict(facility=personas.facility).passed
    policy = OperatorPolicy.current()
    policy.smeta_max_age_months = 12
    policy.save()
    verdict = selectors.facility_gate_verdict(facility=personas.facility)
    assert not verdict.passed
    assert "the policy allows 12" in verdict.failures[0].reason


def test_it_passes_a_country_missing_from_the_table_with_a_note(personas: Personas) -> None:
    open_gate(personas.facility)
    CountryRisk.objects.filter(country=personas.facility.country).delete()
    verdict = selectors.facility_gate_verdict(facility=personas.facility)
    assert verdict.passed
    assert verdict.warnings[0].reason.startswith("No risk class is recorded for CN")


def test_it_judges_one_order_in_a_few_queries_whatever_its_certificates(
    personas: Personas,
) -> None:
    open_gate(personas.facility)
    OperatorPolicy.current()
    order = PurchaseOrder.objects.select_related("facility").get(pk=personas.order.pk)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert selectors.order_gate_verdict(order=order).passed
        return len(captured.captured_queries)

    few = queries()
    CertificateFactory.create_batch(20, facility=personas.facility, scheme="iso_9001")
    assert queries() == few
    # policy, certificates, country risk, order categories; a couple per registered provider
    assert few <= 4 + 2 * len(selectors._FACT_PROVIDERS)


def test_it_judges_many_orders_at_a_constant_number_of_queries(personas: Personas) -> None:
    OperatorPolicy.current()

    def orders(n: int) -> list[PurchaseOrder]:
        for _ in range(n):
            facility = FacilityFactory.create(country="VN")
            open_gate(facility)
            PurchaseOrderFactory.create(facility=facility)
        return list(PurchaseOrder.objects.select_related("facility"))

    few = orders(3)
    with CaptureQueriesContext(connection) as small:
        assert len(selectors.gate_verdicts_for_orders(few)) == len(few)
    many = orders(40)
    with CaptureQueriesContext(connection) as large:
        verdicts = selectors.gate_verdicts_for_orders(many)
    assert len(small.captured_queries) == len(large.captured_queries)
    assert sum(v.passed for v in verdicts.values()) == 43


def test_it_lets_a_later_capability_add_facts(personas: Personas) -> None:
    open_gate(personas.facility)

    def provider(facilities: Sequence[Facility]) -> Mapping[int, Mapping[str, Any]]:
        return {
            f.pk: {"is_suspended": True, "suspension_reason": "Open zero-tolerance finding"}
            for f in facilities
        }

    selectors.register_fact_provider(provider)
    try:
        verdict = selectors.facility_gate_verdict(facility=personas.facility)
    finally:
        selectors.unregister_fact_provider(provider)
    assert [r.reason for r in verdict.failures] == [
        "The facility is suspended: Open zero-tolerance finding."
    ]
    assert selectors.facility_gate_verdict(facility=personas.facility).passed
