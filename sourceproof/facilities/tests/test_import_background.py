"""A file of more than 5,000 rows is checked by a background task; the page polls with htmx
and shows a progress bar until the report is ready."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sourceproof.core.testing import Personas
from sourceproof.facilities.importing import services
from sourceproof.facilities.importing.testing import csv_bytes, template_row, upload
from sourceproof.facilities.models import FacilityImport, ImportStatus

pytestmark = pytest.mark.django_db


def test_a_large_file_is_checked_in_the_background(
    personas: Personas, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    number = personas.other_supplier.supplier_number
    rows = [
        template_row(supplier_number=number, name=f"Site {i}", address=f"{i} Long Road")
        for i in range(services.BACKGROUND_ROWS + 1)
    ]
    client = client_for("admin")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("facility_data:import"), {"file": upload(csv_bytes(rows), "big.csv")}
        )
    facility_import = FacilityImport.objects.get()
    assert facility_import.status == ImportStatus.PENDING
    assert len(callbacks) == 1

    page = client.get(response["Location"]).content.decode()
    assert '<div class="progress"' in page
    assert 'hx-trigger="load delay:1s"' in page
    assert "0 of 5,001 rows" in page

    callbacks[0]()  # the task (the immediate backend in tests runs it at once)

    facility_import.refresh_from_db()
    assert facility_import.status == ImportStatus.VALID
    assert facility_import.report["counts"]["create"] == 5001
    fragment = client.get(
        reverse("facility_data:import_detail", args=[facility_import.pk]) + "?progress=1",
        HTTP_HX_REQUEST="true",
    )
    assert fragment["HX-Refresh"] == "true"


def test_the_progress_fragment_shows_how_far_it_got(personas: Personas, client_for: Any) -> None:
    facility_import = FacilityImport.objects.create(
        original_name="big.csv",
        file="imports/big.csv",
        status=ImportStatus.PENDING,
        report={"progress": {"done": 3000, "total": 12000}},
        created_by=personas.admin,
    )

    response = client_for("csr_manager").get(
        reverse("facility_data:import_detail", args=[facility_import.pk]) + "?progress=1",
        HTTP_HX_REQUEST="true",
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>" not in html  # the fragment, not the page
    assert '<span style="width: 25%"></span>' in html
    assert "3,000 of 12,000 rows" in html


def test_the_task_notes_progress(personas: Personas) -> None:
    facility_import = FacilityImport.objects.create(
        original_name="big.csv",
        file="imports/big.csv",
        status=ImportStatus.PENDING,
        report={"supplier_number": "S1", "progress": {"done": 0, "total": 10}},
        created_by=personas.admin,
    )

    services.facility_import_progress(import_id=facility_import.pk, done=4, total=10)

    facility_import.refresh_from_db()
    assert facility_import.report == {"supplier_number": "S1", "progress": {"done": 4, "total": 10}}
