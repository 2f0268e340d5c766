"""The photo API: idempotent upload (201 new, 200 resend), refusals as 400 with the reason,
listing, one photo's flags, its files, removal."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from sourceproof.accounts import services as account_services
from sourceproof.core.testing import Personas
from sourceproof.evidence.models import Photo
from sourceproof.evidence.tests import crafted
from sourceproof.inspections.models import Inspection, InspectionType

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(personas: Personas) -> Any:
    def make(name: str = "inspector") -> tuple[Client, dict[str, str]]:
        secret = account_services.api_token_create(
            user=getattr(personas, name), name="test", read_only=False
        )[1]
        return Client(), {"Authorization": f"Bearer {secret}"}

    return make


def url(inspection: Inspection) -> str:
    return f"/api/v1/evidence/inspections/{inspection.report_number}/photos"


def test_it_stores_a_new_photo_with_201_and_a_resend_with_200(personas: Personas, api: Any) -> None:
    crafted.place(personas.facility)
    inspection = crafted.running(personas)
    client, auth = api()
    data = crafted.photo(1, taken=timezone.now(), gps=crafted.near(crafted.NINGBO, 0.5))
    uid = str(uuid.uuid4())
    first = client.post(
        url(inspection), {"file": crafted.upload(data), "client_uid": uid}, headers=auth
    )
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["inspection"] == inspection.report_number
    assert body["client_uid"] == uid
    assert body["content_type"] == "image/jpeg"
    assert body["flags"]["time_ok"] is True
    assert body["flags"]["place_ok"] is True
    assert 0.4 < float(body["flags"]["distance_km"]) < 0.6
    assert body["flags"]["no_exif"] is False
    assert body["flags"]["reused"] is False
    assert body["image_url"] == f"/api/v1/evidence/photos/{body['id']}/image"
    again = client.post(
        url(inspection), {"file": crafted.upload(data), "client_uid": uid}, headers=auth
    )
    assert again.status_code == 200
    assert again.json()["id"] == body["id"]
    assert Photo.objects.count() == 1


def test_it_accepts_the_numeric_id_and_a_checkpoint_key(personas: Personas, api: Any) -> None:
    inspection = crafted.running(personas, inspection_type=InspectionType.PSI)
    client, auth = api()
    response = client.post(
        f"/api/v1/evidence/inspections/{inspection.pk}/photos",
        {"file": crafted.upload(crafted.photo(2)), "checkpoint_key": "golden-sample"},
        headers=auth,
    )
    assert response.status_code == 201
    assert response.json()["checkpoint"]["key"] == "golden-sample"


def test_it_refuses_a_text_file_named_jpg_with_400(personas: Personas, api: Any) -> None:
    inspection = crafted.running(personas)
    client, auth = api()
    response = client.post(
        url(inspection), {"file": crafted.upload(b"hello", "photo.jpg")}, headers=auth
    )
    assert response.status_code == 400
    body = response.json()
    assert "not a JPEG, PNG, HEIC or WebP image" in body["detail"]
    assert "file" in body["errors"]
    assert Photo.objects.count() == 0


def test_it_refuses_an_unknown_checkpoint_or_defect(personas: Personas, api: Any) -> None:
    inspection = crafted.running(personas)
    client, auth = api()
    for extra in ({"checkpoint_key": "nope"}, {"defect_id": "999999"}):
        response = client.post(
            url(inspection), {"file": crafted.upload(crafted.photo(3)), **extra}, headers=auth
        )
        assert response.status_code == 400
    response = client.post(
        url(inspection),
        {"file": crafted.upload(crafted.photo(3)), "client_uid": "not-a-uuid"},
        headers=auth,
    )
    assert response.status_code == 422
    assert Photo.objects.count() == 0


def test_it_lists_shows_serves_and_removes(personas: Personas, api: Any) -> None:
    inspection = crafted.running(personas)
    client, auth = api()
    data = crafted.photo(4, with_exif=False)
    created = client.post(url(inspection), {"file": crafted.upload(data)}, headers=auth).json()
    listed = client.get(url(inspection), headers=auth).json()
    assert listed["count"] == 1
    assert listed["items"][0]["flags"]["no_exif"] is True
    detail = client.get(f"/api/v1/evidence/photos/{created['id']}", headers=auth).json()
    assert detail["sha256"] == created["sha256"]
    image = client.get(detail["image_url"], headers=auth)
    assert image.status_code == 200
    assert b"".join(image.streaming_content) == data
    assert image["Cache-Control"].startswith("private")
    assert client.get(detail["thumbnail_url"], headers=auth).status_code == 200
    gone = client.delete(f"/api/v1/evidence/photos/{created['id']}", headers=auth)
    assert gone.status_code == 204
    assert client.get(f"/api/v1/evidence/photos/{created['id']}", headers=auth).status_code == 404


def test_a_closed_inspection_answers_400(personas: Personas, api: Any) -> None:
    from sourceproof.inspections import services as inspection_services

    inspection = crafted.running(personas)
    inspection_services.inspection_submit(inspection=inspection, by=personas.inspector)
    client, auth = api()
    response = client.post(
        url(inspection), {"file": crafted.upload(crafted.photo(5))}, headers=auth
    )
    assert response.status_code == 400
    assert "in progress" in response.json()["detail"]


def test_a_read_only_token_may_not_upload(personas: Personas) -> None:
    inspection = crafted.running(personas)
    secret = account_services.api_token_create(user=personas.inspector, name="ro", read_only=True)[
        1
    ]
    response = Client().post(
        url(inspection),
        {"file": crafted.upload(crafted.photo(6))},
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 403
    assert Photo.objects.count() == 0
