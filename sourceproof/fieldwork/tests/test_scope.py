"""Only whoever may perform an inspection reaches its phone screen and its API: the assigned
inspector (and a quality manager or admin, as the services allow). Another inspector, a
viewer, customers, suppliers and auditors get a 404, like on the inspections pages; an
anonymous visitor is sent to log in (pages) or refused (API)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sourceproof.core.testing import Personas, UserFactory
from sourceproof.evidence.models import Photo
from sourceproof.fieldwork.models import AppliedOperation
from sourceproof.fieldwork.tests.helpers import jpeg, op, started
from sourceproof.inspections.models import DefectRecord

pytestmark = pytest.mark.django_db

OUTSIDERS = [
    "viewer",
    "csr_manager",
    "customer_user",
    "other_customer_user",
    "supplier_user",
    "other_supplier_user",
    "auditor",
]


def _requests(number: str) -> list[tuple[str, str, dict[str, Any]]]:
    api = f"/api/v1/field/inspections/{number}"
    return [
        ("get", f"/field/{number}/", {}),
        ("post", f"/field/{number}/start/", {"data": {"packed_percent": 100}}),
        ("get", f"{api}/state", {}),
        ("get", f"{api}/verdict", {}),
        (
            "post",
            f"{api}/operations",
            {
                "data": {"operations": [op("defect_adjust", defect_type="MAJ-PRINT", delta=1)]},
                "content_type": "application/json",
            },
        ),
        (
            "post",
            f"{api}/photos",
            {"data": {"file": SimpleUploadedFile("p.jpg", jpeg()), "op_id": str(uuid.uuid4())}},
        ),
    ]


def _call(client: Client, method: str, url: str, kwargs: dict[str, Any]) -> int:
    return int(getattr(client, method)(url, **kwargs).status_code)


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_it_hides_the_screen_from_those_who_may_not_perform_it(
    personas: Personas, client_for: Any, persona: str
) -> None:
    inspection = started(personas)
    client = client_for(persona)
    for method, url, kwargs in _requests(inspection.report_number):
        assert _call(client, method, url, kwargs) == 404, (persona, url)
    assert not DefectRecord.objects.exists()
    assert not Photo.objects.exists()
    assert not AppliedOperation.objects.exists()


def test_it_hides_the_screen_from_another_inspector(personas: Personas) -> None:
    inspection = started(personas)
    client = Client()
    client.force_login(UserFactory.create(role="inspector", organisation=personas.operator))
    for method, url, kwargs in _requests(inspection.report_number):
        assert _call(client, method, url, kwargs) == 404, url
    assert client.get("/field/").status_code == 200
    assert inspection.report_number not in client.get("/field/").content.decode()
    assert not DefectRecord.objects.exists()


@pytest.mark.parametrize("persona", ["inspector", "quality_manager"])
def test_it_lets_the_performers_in(personas: Personas, client_for: Any, persona: str) -> None:
    inspection = started(personas)
    client = client_for(persona)
    number = inspection.report_number
    assert client.get(f"/field/{number}/").status_code == 200
    assert client.get(f"/api/v1/field/inspections/{number}/state").status_code == 200
    response = client.post(
        f"/api/v1/field/inspections/{number}/operations",
        {"operations": [op("defect_adjust", defect_type="MAJ-PRINT", delta=1)]},
        content_type="application/json",
    )
    assert response.json()["results"][0]["status"] == "applied"


def test_it_refuses_the_list_to_roles_that_do_not_perform(client_for: Any) -> None:
    for persona in OUTSIDERS:
        assert client_for(persona).get("/field/").status_code == 404, persona


def test_it_sends_an_anonymous_visitor_to_log_in(personas: Personas) -> None:
    inspection = started(personas)
    client = Client()
    assert client.get("/field/").status_code == 302
    assert client.get(f"/field/{inspection.report_number}/").status_code == 302
    api = f"/api/v1/field/inspections/{inspection.report_number}"
    assert client.get(f"{api}/state").status_code == 401
    assert (
        client.post(
            f"{api}/operations",
            {"operations": [op("remarks", remarks="x")]},
            content_type="application/json",
        ).status_code
        == 401
    )


def test_it_needs_the_csrf_token_for_the_session(personas: Personas) -> None:
    inspection = started(personas)
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.inspector)
    response = client.post(
        f"/api/v1/field/inspections/{inspection.report_number}/operations",
        {"operations": [op("remarks", remarks="x")]},
        content_type="application/json",
    )
    assert response.status_code == 403
    page = client.get(f"/field/{inspection.report_number}/")
    token = page.cookies["csrftoken"].value
    response = client.post(
        f"/api/v1/field/inspections/{inspection.report_number}/operations",
        {"operations": [op("remarks", remarks="x")]},
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 200
