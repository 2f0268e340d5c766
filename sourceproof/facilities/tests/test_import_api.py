"""The import over the API: upload, read, apply; 400 for an unreadable file, 422 with the
row report for a file with problems."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from sourceproof.accounts import services as accounts
from sourceproof.core.testing import Personas
from sourceproof.facilities.importing.testing import csv_bytes, template_row, upload
from sourceproof.facilities.models import Facility

pytestmark = pytest.mark.django_db

URL = "/api/v1/facility-imports"


@pytest.fixture
def api(personas: Personas) -> Client:
    _token, secret = accounts.api_token_create(
        user=personas.quality_manager, name="ERP", read_only=False
    )
    return Client(headers={"Authorization": f"Bearer {secret}"})


def _rows(personas: Personas) -> list[dict[str, Any]]:
    return [
        template_row(name="API Works", address="1 Api Road"),
        template_row(name="API Works 2", address="2 Api Road"),
    ]


def test_it_uploads_reads_and_applies(personas: Personas, api: Client) -> None:
    client = api
    response = client.post(
        URL,
        {
            "file": upload(csv_bytes(_rows(personas)), "api.csv"),
            "supplier_number": personas.other_supplier.supplier_number,
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "valid"
    assert body["report"]["counts"]["create"] == 2
    import_id = body["id"]

    assert client.get(f"{URL}/{import_id}").json()["status"] == "valid"

    response = client.post(f"{URL}/{import_id}/apply")
    assert response.status_code == 200
    assert response.json()["report"]["result"]["created"] == 2
    assert Facility.objects.filter(name__startswith="API Works").count() == 2

    response = client.post(f"{URL}/{import_id}/apply")
    assert response.status_code == 400
    assert "validated import" in response.json()["detail"]


def test_a_file_with_problems_is_a_422_with_the_rows(personas: Personas, api: Client) -> None:
    rows = _rows(personas)
    rows[1]["os_id"] = "CN123"

    response = api.post(
        URL,
        {
            "file": upload(csv_bytes(rows), "bad.csv"),
            "supplier_number": personas.other_supplier.supplier_number,
        },
    )

    assert response.status_code == 422
    assert response.json()["report"]["errors"] == [
        {
            "row": 3,
            "column": "os_id",
            "value": "CN123",
            "problem": "OS ID 'CN123' does not look like CN2019303BQ3FZP",
        }
    ]
    response = api.post(f"{URL}/{response.json()['id']}/apply")
    assert response.status_code == 400


def test_an_unreadable_file_or_unknown_supplier_is_a_400(personas: Personas, api: Client) -> None:
    response = api.post(URL, {"file": upload(b"%PDF-1.7 ...", "x.csv")})
    assert response.status_code == 400
    assert "PDF document" in response.json()["detail"]

    response = api.post(
        URL, {"file": upload(csv_bytes(_rows(personas))), "supplier_number": "S999"}
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Supplier number S999 is unknown."


def test_a_read_only_token_may_only_read(personas: Personas) -> None:
    _token, secret = accounts.api_token_create(user=personas.admin, name="ro", read_only=True)
    client = Client(headers={"Authorization": f"Bearer {secret}"})
    response = client.post(URL, {"file": upload(csv_bytes(_rows(personas)))})
    assert response.status_code == 403


def test_an_unknown_import_is_a_404(api: Client) -> None:
    assert api.get(f"{URL}/999999").status_code == 404
