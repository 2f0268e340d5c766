"""Every list runs the same number of queries for 10 rows as for 100, and so does the order
list with the ethics gate rule in play."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sourceproof.core.testing import (
    FacilityFactory,
    OrderLineFactory,
    Personas,
    SupplierFactory,
)
from sourceproof.ethics.models import Acknowledgement, CodeOfEthics, CodeStatus, CodeText
from sourceproof.ethics.tests.helpers import publish, sign

pytestmark = pytest.mark.django_db


def _fill(personas: Personas, count: int) -> None:
    """`count` more suppliers (half signed v2, a third signed v1), each with a facility and a
    draft order, and `count` more superseded versions. Made directly, for speed."""
    v1 = CodeOfEthics.objects.get(version="1")
    v2 = CodeOfEthics.objects.get(version="2")
    now = timezone.now()
    start = CodeOfEthics.objects.count()
    for i in range(count):
        supplier = SupplierFactory.create()
        facility = FacilityFactory.create(supplier=supplier)
        OrderLineFactory.create(order__customer=personas.customer, order__facility=facility)
        for code, signed in ((v2, i % 2 == 0), (v1, i % 3 == 0)):
            if signed:
                Acknowledgement.objects.create(
                    code=code,
                    supplier=supplier,
                    signer_name="A Signer",
                    signer_role="Owner",
                    signed_at=now,
                    language="en",
                    content_sha256="0" * 64,
                )
        old = CodeOfEthics.objects.create(
            version=f"0.{start + i}",
            effective_date=timezone.localdate(),
            grace_days=30,
            status=CodeStatus.SUPERSEDED,
            published_at=now - dt.timedelta(days=1000 + i),
        )
        CodeText.objects.create(code=old, language="en", title="T", body="B", sha256="0" * 64)


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("viewer", "/ethics/versions/"),
        ("viewer", "/ethics/signatures/"),
        ("viewer", "/ethics/signatures/?state=pending"),
        ("viewer", "/ethics/signatures/?state=overdue&q=Supplier"),
        ("viewer", "/ethics/acknowledgements/"),
        ("viewer", "/ethics/acknowledgements/?version=2"),
        ("viewer", "/ethics/versions/2/"),
        ("viewer", "/ethics/principles/"),
        ("viewer", "/"),
        ("quality_manager", "/orders/"),
        ("quality_manager", "/orders/?blocked=1"),
        ("supplier_user", "/ethics/sign/"),
        ("viewer", "/api/v1/ethics/versions"),
        ("viewer", "/api/v1/ethics/acknowledgements"),
        ("viewer", "/api/v1/ethics/suppliers"),
        ("viewer", "/api/v1/ethics/suppliers?state=overdue"),
        ("viewer", "/api/v1/orders"),
    ],
)
def test_it_runs_the_same_queries_for_10_and_100_rows(
    persona: str, url: str, personas: Personas, client_for: Any
) -> None:
    v1 = publish(personas.csr_manager, "1", days_ago=200)
    sign(v1, personas.supplier_user, days_ago=190)
    publish(personas.csr_manager, "2", grace_days=60, days_ago=5)
    client = client_for(persona)
    _fill(personas, 10)
    _queries(client, url)  # warm up: the first request may create the policy rows
    few = _queries(client, url)
    _fill(personas, 90)
    many = _queries(client, url)
    assert few == many, f"{url}: {few} queries for 10 rows, {many} for 100"
