"""The dashboard panels (operators: who has yet to sign; suppliers: a request to sign) and the
figures for the annual CSR report."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from sourceproof.core.testing import Personas, SupplierFactory
from sourceproof.ethics.models import Acknowledgement, CodeOfEthics
from sourceproof.ethics.selectors import dashboard_panels, ethics_summary
from sourceproof.ethics.tests.helpers import publish, sign
from sourceproof.facilities.models import Supplier

pytestmark = pytest.mark.django_db


def test_no_panel_before_a_code_is_published(personas: Personas) -> None:
    for user in personas.all_users().values():
        assert dashboard_panels(user=user) == []


def test_operators_see_the_suppliers_yet_to_sign(personas: Personas, client_for: Any) -> None:
    code = publish(personas.csr_manager, "1")
    sign(code, personas.supplier_user)
    [panel] = dashboard_panels(user=personas.viewer)
    assert panel["title"] == "Suppliers yet to sign the code of ethics v1"
    assert panel["count"] == 1 and panel["tone"] == "bad"
    assert [i["label"] for i in panel["items"]] == ["Dhaka Canvas Bags Ltd."]
    page = client_for("quality_manager").get("/").content.decode()
    assert 'id="panel-ethics-unsigned"' in page


def test_suppliers_are_asked_to_sign_when_they_must(personas: Personas, client_for: Any) -> None:
    code = publish(personas.csr_manager, "1")
    [panel] = dashboard_panels(user=personas.supplier_user)
    assert panel["title"] == "Please sign the code of ethics v1"
    assert panel["url"] == "/ethics/sign/" and panel["tone"] == "bad"
    assert 'id="panel-ethics-sign"' in client_for("supplier_user").get("/").content.decode()
    sign(code, personas.supplier_user)
    assert dashboard_panels(user=personas.supplier_user) == []
    for persona in ("customer_user", "auditor"):
        assert dashboard_panels(user=getattr(personas, persona)) == []


def test_a_supplier_within_the_grace_period_is_asked_with_its_deadline(
    personas: Personas,
) -> None:
    v1 = publish(personas.csr_manager, "1", days_ago=300)
    sign(v1, personas.supplier_user, days_ago=299)
    v2 = publish(personas.csr_manager, "2", grace_days=60, days_ago=10)
    [panel] = dashboard_panels(user=personas.supplier_user)
    deadline = timezone.localdate(v2.published_at) + dt.timedelta(days=60)
    assert panel["tone"] == "warn"
    assert panel["items"][0]["note"] == f"before {deadline.isoformat()}"
    [ops] = dashboard_panels(user=personas.csr_manager)
    assert ops["count"] == 2 and ops["tone"] == "bad"  # one pending, one overdue


def test_the_summary_counts_signed_pending_and_overdue(personas: Personas) -> None:
    year = timezone.localdate().year
    assert ethics_summary(year=year)["version"] is None
    v1 = publish(personas.csr_manager, "1", days_ago=300)
    sign(v1, personas.supplier_user, days_ago=299)
    sign(v1, personas.other_supplier_user, days_ago=298)
    v2 = publish(personas.csr_manager, "2", grace_days=365, days_ago=1)
    sign(v2, personas.supplier_user)
    SupplierFactory.create(legal_name="New Supplier Ltd")  # never signed anything
    summary = ethics_summary(year=year)
    assert summary["version"] == "2"
    assert summary["published_on"] == timezone.localdate(v2.published_at)
    assert (summary["suppliers"], summary["signed"], summary["pending"], summary["overdue"]) == (
        3,
        1,
        1,
        1,
    )


def test_the_summary_of_a_past_year_is_as_it_stood_at_its_end(personas: Personas) -> None:
    today = timezone.localdate()
    last_year = today.year - 1
    Supplier.objects.update(created_at=timezone.make_aware(dt.datetime(last_year, 1, 1)))
    v1 = publish(personas.csr_manager, "1", days_ago=1)
    CodeOfEthics.objects.filter(pk=v1.pk).update(
        published_at=timezone.make_aware(dt.datetime(last_year, 3, 1, 12))
    )
    ack = sign(v1, personas.supplier_user)
    Acknowledgement.objects.filter(pk=ack.pk).update(
        signed_at=timezone.make_aware(dt.datetime(last_year, 4, 1, 12))
    )
    sign(v1, personas.other_supplier_user)  # signed this year: not yet at the end of last year
    summary = ethics_summary(year=last_year)
    assert summary["version"] == "1"
    assert summary["as_of"] == dt.date(last_year, 12, 31)
    assert summary["signed"] == 1 and summary["overdue"] == 1
    assert summary["versions_published_in_year"] == ["1"]
    assert summary["signatures_in_year"] == 1
