"""The list's pages (the page's keys first, then its rows): every page, the last included,
shows the right rows in the list's order (planned date, newest first, then id), for every
role's scope and with filters; the same rows whatever the page size of the dataset."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import QuerySet

from sourceproof.core.testing import Personas
from sourceproof.inspections.models import Inspection, InspectionStatus
from sourceproof.inspections.tests import builders

pytestmark = pytest.mark.django_db


def _page(client: Any, **query: Any) -> list[str]:
    response = client.get("/inspections/", query)
    assert response.status_code == 200
    return [i.report_number for i in response.context["rows"]]


def _expected(rows: QuerySet[Inspection], start: int) -> list[str]:
    ordered = rows.order_by("-planned_date", "-id").values_list("report_number", flat=True)
    return list(ordered[start : start + 50])


def test_it_shows_every_page_in_the_lists_order(personas: Personas, client_for: Any) -> None:
    builders.bulk(personas, 130)  # 20 planned dates: many ties broken by the id
    client = client_for("quality_manager")
    everything = Inspection.objects.all()
    assert everything.count() == 130
    for number, start in ((1, 0), (2, 50), (3, 100)):
        assert _page(client, page=number) == _expected(everything, start)
    assert len(_page(client, page=3)) == 30
    assert _page(client, page=999) == _expected(everything, 100)  # past the end: the last


def test_it_pages_filtered_and_scoped_lists_alike(personas: Personas, client_for: Any) -> None:
    builders.bulk(personas, 130, reviewed_share=3)
    reviewed = Inspection.objects.filter(status=InspectionStatus.REVIEWED)
    assert reviewed.count() == 44
    quality = client_for("quality_manager")
    failed = reviewed.filter(final_verdict="fail")
    assert _page(quality, status="reviewed", verdict="fail") == _expected(failed, 0)
    customer = client_for("customer_user")
    mine = reviewed.filter(order__customer=personas.customer)
    assert _page(customer) == _expected(mine, 0)
    assert len(_page(customer)) == 44
    supplier = client_for("supplier_user")
    assert _page(supplier) == _expected(reviewed.filter(facility__supplier=personas.supplier), 0)
    assert _page(client_for("other_customer_user")) == []
    assert _page(client_for("other_supplier_user")) == []


def test_it_refuses_the_list_to_an_outsider(personas: Personas, client_for: Any) -> None:
    builders.bulk(personas, 5)
    assert client_for("auditor").get("/inspections/", {"page": 2}).status_code == 404
