"""The list's search: the start of a report number or an order number, in any case, from
the numbers' indexes; text starting with a digit is looked for anywhere in either number;
within the user's scope only."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from sourceproof.core.testing import Personas
from sourceproof.inspections.models import Inspection, InspectionStatus
from sourceproof.inspections.tests import builders
from sourceproof.orders.models import PurchaseOrder

pytestmark = pytest.mark.django_db


def _dataset(personas: Personas) -> list[Inspection]:
    """30 inspections: report numbers QC-2025-00001..30, order numbers PO-2025-00101..130,
    but the last five orders have a customer's own lower-case numbers acme-4500-1..5."""
    rows = builders.bulk(personas, 30, reviewed_share=1)
    for n, inspection in enumerate(rows, start=1):
        Inspection.objects.filter(pk=inspection.pk).update(report_number=f"QC-2025-{n:05d}")
        number = f"acme-4500-{n - 25}" if n > 25 else f"PO-2025-{100 + n:05d}"
        PurchaseOrder.objects.filter(pk=inspection.order_id).update(number=number)
    return rows


def _found(client: Any, q: str) -> list[str]:
    response = client.get("/inspections/", {"q": q})
    assert response.status_code == 200
    return sorted(i.report_number for i in response.context["rows"])


def _reports(*numbers: int) -> list[str]:
    return sorted(f"QC-2025-{n:05d}" for n in numbers)


@pytest.mark.parametrize("q", ["QC-2025-0001", "qc-2025-0001", "Qc-2025-0001 "])
def test_it_finds_by_the_start_of_the_report_number_in_any_case(
    personas: Personas, client_for: Any, q: str
) -> None:
    _dataset(personas)
    assert _found(client_for("quality_manager"), q) == _reports(*range(10, 20))


@pytest.mark.parametrize("q", ["PO-2025-0012", "po-2025-0012"])
def test_it_finds_by_the_start_of_the_order_number_in_any_case(
    personas: Personas, client_for: Any, q: str
) -> None:
    _dataset(personas)
    assert _found(client_for("quality_manager"), q) == _reports(*range(20, 26))


@pytest.mark.parametrize("q", ["ACME-4500", "acme-4500-", "Acme"])
def test_it_finds_a_customers_own_lower_case_order_number(
    personas: Personas, client_for: Any, q: str
) -> None:
    _dataset(personas)
    assert _found(client_for("quality_manager"), q) == _reports(26, 27, 28, 29, 30)


def test_it_looks_for_digits_anywhere_in_either_number(personas: Personas, client_for: Any) -> None:
    _dataset(personas)
    client = client_for("quality_manager")
    assert _found(client, "00012") == _reports(12)  # QC-2025-00012 (PO-2025-00112 too)
    assert _found(client, "4500-3") == _reports(28)


def test_it_does_not_match_letters_inside_a_number(personas: Personas, client_for: Any) -> None:
    """Text starting with a letter is the start of a number: "C-2025" is not QC-2025-..."""
    _dataset(personas)
    client = client_for("quality_manager")
    assert _found(client, "C-2025") == []
    assert _found(client, "QC-2026") == []
    assert _found(client, "QC_2025") == []  # no LIKE wildcard


def test_it_searches_only_within_the_users_scope(personas: Personas, client_for: Any) -> None:
    rows = _dataset(personas)
    other = builders.book(personas, personas.other_order)
    Inspection.objects.filter(pk=other.pk).update(
        report_number="QC-2025-99999",
        status=InspectionStatus.REVIEWED,
        plan_snapshot={"inspection": "normal"},
        started_at=timezone.now(),
        reviewed_at=timezone.now(),
    )
    assert len(rows) == 30
    assert _found(client_for("customer_user"), "QC-2025-9") == []
    assert _found(client_for("other_customer_user"), "QC-2025") == ["QC-2025-99999"]
    assert _found(client_for("quality_manager"), "qc-2025-9") == ["QC-2025-99999"]
    assert client_for("auditor").get("/inspections/", {"q": "QC"}).status_code == 404
