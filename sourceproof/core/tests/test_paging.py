"""API pages: keys first, then the rows in the same order; the last page for a page past
the end; the same rows as a plain page, in a constant number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sourceproof.core.paging import api_page
from sourceproof.core.testing import SupplierFactory
from sourceproof.facilities.models import Supplier

pytestmark = pytest.mark.django_db


def _rows() -> list[int]:
    return list(Supplier.objects.order_by("-legal_name", "pk").values_list("pk", flat=True))


def test_it_pages_in_the_querys_order() -> None:
    SupplierFactory.create_batch(7)
    expected = _rows()
    rows = Supplier.objects.order_by("-legal_name", "pk")
    seen: list[int] = []
    for number in (1, 2, 3):
        count, page, pages, items = api_page(rows, number, size=3)
        assert (count, page, pages) == (len(expected), number, 3)
        seen += [s.pk for s in items]
    assert seen == expected
    assert [s.pk for s in api_page(rows, 99, size=3)[3]] == expected[6:]  # past the end: last
    assert [s.pk for s in api_page(rows, -1, size=3)[3]] == expected[:3]


def test_it_takes_as_many_queries_for_many_rows_as_for_few() -> None:
    SupplierFactory.create_batch(2)
    with CaptureQueriesContext(connection) as few:
        api_page(Supplier.objects.order_by("pk"), 1, size=50)
    SupplierFactory.create_batch(60)
    with CaptureQueriesContext(connection) as many:
        assert len(api_page(Supplier.objects.order_by("pk"), 2, size=50)[3]) == 12
    assert len(few) == len(many) == 3  # count, the page's keys, the rows


def test_it_pages_a_list_and_a_combined_query_plainly() -> None:
    SupplierFactory.create_batch(4)
    expected = _rows()
    assert api_page(expected, 2, size=3)[3] == expected[3:]
    both = (
        Supplier.objects.filter(pk__in=expected[:2])
        .order_by()
        .union(Supplier.objects.filter(pk__in=expected[2:]).order_by())
    )
    assert api_page(both.order_by("pk"), 1, size=10)[0] == 4
