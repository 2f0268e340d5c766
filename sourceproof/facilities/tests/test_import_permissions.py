"""Only operator staff may import and review duplicates; everyone else gets 404 on every page
and endpoint. Export is for operator roles (EXPORT_FACILITIES)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sourceproof.core.testing import Personas
from sourceproof.facilities.importing import services
from sourceproof.facilities.importing.testing import csv_bytes, template_row, upload
from sourceproof.facilities.models import FacilityImport, PossibleDuplicate

pytestmark = pytest.mark.django_db

OUTSIDERS = [
    "customer_user",
    "other_customer_user",
    "supplier_user",
    "other_supplier_user",
    "auditor",
    "inspector",
    "viewer",
]
STAFF = ["admin", "csr_manager", "quality_manager"]


@pytest.fixture
def things(personas: Personas) -> dict[str, Any]:
    row = template_row(supplier_number=personas.supplier.supplier_number)
    facility_import = services.facility_import_upload(
        data=csv_bytes([row]), original_name="a.csv", by=personas.admin
    )
    pair = PossibleDuplicate.objects.create(
        facility=personas.facility, similar_to=personas.other_facility, reason="x"
    )
    return {"import": facility_import, "pair": pair, "row": row}


def _requests(things: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    pk, pair = things["import"].pk, things["pair"].pk
    return [
        ("get", reverse("facility_data:import"), {}),
        ("post", reverse("facility_data:import"), {"file": upload(csv_bytes([things["row"]]))}),
        ("get", reverse("facility_data:template"), {}),
        ("get", reverse("facility_data:import_list"), {}),
        ("get", reverse("facility_data:import_detail", args=[pk]), {}),
        ("post", reverse("facility_data:import_apply", args=[pk]), {}),
        ("get", reverse("facility_data:duplicate_list"), {}),
        ("post", reverse("facility_data:duplicate_review", args=[pair]), {"status": "confirmed"}),
        ("get", f"/api/v1/facility-imports/{pk}", {}),
        ("post", f"/api/v1/facility-imports/{pk}/apply", {}),
        ("post", "/api/v1/facility-imports", {"file": upload(csv_bytes([things["row"]]))}),
    ]


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_it_answers_404_to_everyone_but_operator_staff(
    persona: str, things: dict[str, Any], client_for: Any
) -> None:
    client = client_for(persona)
    for method, url, data in _requests(things):
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, (persona, method, url)
    assert FacilityImport.objects.count() == 1
    assert things["pair"].__class__.objects.get().status == "open"


@pytest.mark.parametrize("persona", STAFF)
def test_operator_staff_may_open_every_page(
    persona: str, things: dict[str, Any], client_for: Any
) -> None:
    client = client_for(persona)
    for method, url, _data in _requests(things):
        if method == "get":
            assert client.get(url).status_code == 200, url


def test_anonymous_users_are_sent_to_log_in(things: dict[str, Any], client: Any) -> None:
    response = client.get(reverse("facility_data:import"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    assert client.get(f"/api/v1/facility-imports/{things['import'].pk}").status_code == 401


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("viewer", 200),
        ("inspector", 200),
        ("quality_manager", 200),
        ("customer_user", 404),
        ("other_customer_user", 404),
        ("supplier_user", 404),
        ("other_supplier_user", 404),
        ("auditor", 404),
    ],
)
def test_export_is_for_operator_roles(
    persona: str, status: int, personas: Personas, client_for: Any
) -> None:
    response = client_for(persona).get(reverse("facility_data:export") + "?format=csv")
    assert response.status_code == status
