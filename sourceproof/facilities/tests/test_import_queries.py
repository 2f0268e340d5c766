"""The import pages run a constant number of queries whatever the number of rows."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sourceproof.core.testing import FacilityFactory, Personas
from sourceproof.facilities.importing import services
from sourceproof.facilities.importing.testing import csv_bytes, template_row
from sourceproof.facilities.models import FacilityImport, ImportStatus, PossibleDuplicate

pytestmark = pytest.mark.django_db


def _queries(client: Any, url: str) -> int:
    client.get(url)  # warm: session, policy
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _file(personas: Personas, n: int) -> bytes:
    number = personas.supplier.supplier_number
    # Codes of their own: the factory's sequence does not know the codes imports hand out.
    existing = [
        FacilityFactory.create(supplier=personas.supplier, code=f"T{n}-{i}") for i in range(n // 2)
    ]
    rows = [
        template_row(code=f.code, name=f.name, address=f.address, country=f.country, city="X")
        for f in existing
    ]
    rows += [
        template_row(supplier_number=number, name=f"New {n} {i}", address=f"{i} Road")
        for i in range(n - len(rows))
    ]
    return csv_bytes(rows)


def test_the_preview_page_runs_the_same_queries_for_10_or_100_rows(
    personas: Personas, client_for: Any
) -> None:
    client = client_for("admin")

    def count(n: int) -> int:
        facility_import = services.facility_import_upload(
            data=_file(personas, n), original_name="f.csv", by=personas.admin
        )
        assert facility_import.status == ImportStatus.VALID
        assert facility_import.report["counts"]["update"] == n // 2
        return _queries(client, reverse("facility_data:import_detail", args=[facility_import.pk]))

    assert count(10) == count(100)


def test_applying_runs_a_query_per_batch_not_per_row(personas: Personas) -> None:
    def count(n: int) -> int:
        facility_import = services.facility_import_upload(
            data=_file(personas, n), original_name="f.csv", by=personas.admin
        )
        with CaptureQueriesContext(connection) as queries:
            assert services.facility_import_apply(
                facility_import=facility_import, by=personas.admin
            ).applied
        return len(queries)

    count(2)  # warm the caches (content types) a first write fills
    assert count(10) == count(60)
    # Beyond that, bulk writes add a query per batch (SQLite allows 999 parameters per
    # statement), never one per row.
    assert count(1000) < 60


def test_the_import_list_runs_the_same_queries_for_10_or_100_imports(
    personas: Personas, client_for: Any
) -> None:
    client = client_for("quality_manager")
    users = [personas.admin, personas.csr_manager, personas.quality_manager]

    def count(n: int) -> int:
        FacilityImport.objects.bulk_create(
            FacilityImport(
                original_name=f"{i}.csv",
                file=f"imports/{i}.csv",
                status=ImportStatus.APPLIED,
                report={"counts": {"rows": i}, "result": {"created": i, "updated": 0}},
                created_by=users[i % 3],
            )
            for i in range(n)
        )
        return _queries(client, reverse("facility_data:import_list"))

    assert count(10) == count(90)
    page = client.get(reverse("facility_data:import_list")).content.decode()
    assert page.count("<tr>") == 51  # header + 50 rows: paginated
    assert "Page 1 of 2" in page


def test_the_duplicate_list_runs_the_same_queries_for_10_or_100_pairs(
    personas: Personas, client_for: Any
) -> None:
    client = client_for("csr_manager")

    def count(n: int) -> int:
        for _ in range(n):
            new, old = FacilityFactory.create_batch(2)
            PossibleDuplicate.objects.create(facility=new, similar_to=old, reason="alike")
        return _queries(client, reverse("facility_data:duplicate_list"))

    assert count(10) == count(40)
