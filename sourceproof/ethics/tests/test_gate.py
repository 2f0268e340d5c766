"""The gate with the ethics rule, from the database: each cell, confirming orders, bulk facts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sourceproof.core.testing import CertificateFactory, FacilityFactory, Personas, SupplierFactory
from sourceproof.ethics.gate_facts import code_of_ethics_gate_facts
from sourceproof.ethics.gate_rules import ETHICS_RULE
from sourceproof.ethics.tests.helpers import publish, sign
from sourceproof.orders import selectors as order_selectors
from sourceproof.orders import services as order_services
from sourceproof.orders.gate import RuleResult, format_day
from sourceproof.orders.models import OrderStatus

pytestmark = pytest.mark.django_db


def _ethics_result(personas: Personas) -> RuleResult:
    verdict = order_selectors.facility_gate_verdict(facility=personas.facility)
    return next(r for r in verdict.results if r.code == ETHICS_RULE)


def test_it_passes_when_no_code_is_published(personas: Personas) -> None:
    result = _ethics_result(personas)
    assert result.passed
    assert "No code of ethics has been published" in result.reason


def test_it_passes_when_the_supplier_signed_the_current_version(personas: Personas) -> None:
    code = publish(personas.csr_manager, "1")
    sign(code, personas.supplier_user)
    result = _ethics_result(personas)
    assert result.passed and not result.warning
    assert result.reason.startswith(
        "Ningbo Bright Drinkware Co., Ltd. signed the code of ethics v1"
    )


def test_it_passes_with_a_warning_within_the_grace_period(personas: Personas) -> None:
    v1 = publish(personas.csr_manager, "1", days_ago=400)
    sign(v1, personas.supplier_user, days_ago=390)
    publish(personas.csr_manager, "2", grace_days=60, days_ago=10)
    result = _ethics_result(personas)
    assert result.passed and result.warning
    assert "it signed v1, which counts until the grace period ends on" in result.reason


def test_it_blocks_after_the_grace_period(personas: Personas) -> None:
    v1 = publish(personas.csr_manager, "1", days_ago=400)
    sign(v1, personas.supplier_user, days_ago=390)
    v2 = publish(personas.csr_manager, "2", grace_days=60, days_ago=61)
    result = _ethics_result(personas)
    assert not result.passed
    published = timezone.localdate(v2.published_at)
    ended = published + dt.timedelta(days=60)
    assert result.reason == (
        f"Ningbo Bright Drinkware Co., Ltd. has not signed the code of ethics v2 (published "
        f"{format_day(published)}); the grace period ended {format_day(ended)}."
    )


def test_it_blocks_a_supplier_that_never_signed(personas: Personas) -> None:
    publish(personas.csr_manager, "1")
    result = _ethics_result(personas)
    assert not result.passed
    assert "has not signed the code of ethics v1" in result.reason


def test_it_lets_the_signed_suppliers_order_through_and_blocks_the_other(
    personas: Personas,
) -> None:
    for facility in (personas.facility, personas.other_facility):
        CertificateFactory.create(facility=facility)
    code = publish(personas.csr_manager, "1", grace_days=0)
    sign(code, personas.supplier_user)
    order_services.order_confirm(order=personas.order, by=personas.quality_manager)
    personas.order.refresh_from_db()
    assert personas.order.status == OrderStatus.CONFIRMED
    with pytest.raises(order_services.GateBlocked):
        order_services.order_confirm(order=personas.other_order, by=personas.quality_manager)
    personas.other_order.refresh_from_db()
    assert personas.other_order.status == OrderStatus.DRAFT


def test_it_reads_the_facts_of_any_number_of_facilities_in_two_queries(
    personas: Personas,
) -> None:
    code = publish(personas.csr_manager, "1")
    sign(code, personas.supplier_user)

    def count(n: int) -> int:
        facilities = [FacilityFactory.create(supplier=SupplierFactory.create()) for _ in range(n)]
        facilities.append(personas.facility)
        with CaptureQueriesContext(connection) as captured:
            facts = code_of_ethics_gate_facts(facilities)
        assert facts[personas.facility.pk]["code_of_ethics"].signed_current_on is not None
        assert len(facts) == n + 1
        return len(captured.captured_queries)

    assert count(3) == count(30) == 2
