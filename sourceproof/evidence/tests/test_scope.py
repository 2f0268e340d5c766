"""Every photo page and API endpoint x every persona: who may see what, and 404 for everyone
else (outsiders, other customers and suppliers, an inspector not assigned, anonymous)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sourceproof.accounts import services as account_services
from sourceproof.accounts.models import Role, User
from sourceproof.core.testing import Personas, UserFactory, make_personas
from sourceproof.evidence import services
from sourceproof.evidence.models import Photo
from sourceproof.evidence.tests import crafted
from sourceproof.inspections import services as inspection_services
from sourceproof.inspections.models import Inspection, InspectionType
from sourceproof.inspections.tests.builders import check_everything, order_at

pytestmark = pytest.mark.django_db

OPS = frozenset({"admin", "csr_manager", "quality_manager", "inspector", "viewer"})
PERFORMERS = frozenset({"admin", "quality_manager", "inspector"})
OWNERS = frozenset({"customer_user", "supplier_user"})
EVERYONE = (
    OPS
    | OWNERS
    | {
        "other_customer_user",
        "other_supplier_user",
        "auditor",
        "other_inspector",
    }
)


@dataclass
class World:
    p: Personas
    users: dict[str, User]
    reviewed: Inspection  # the customer's order at the supplier's facility, reviewed
    running: Inspection  # another order of the same customer and facility, in progress
    reviewed_photo: Photo
    running_photo: Photo
    golden_photo: Photo  # taken at a PPI still in progress, of the reviewed order


def build() -> World:
    p = make_personas()
    users = p.all_users()
    users["other_inspector"] = UserFactory.create(
        role=Role.INSPECTOR, organisation=p.operator, email="other-inspector@groen.test"
    )
    reviewed = crafted.running(p, p.order)
    reviewed_photo = services.photo_add(
        inspection=reviewed,
        file=crafted.upload(crafted.photo(1, taken=timezone.now())),
        by=p.inspector,
    )
    check_everything(p, reviewed)
    inspection_services.inspection_submit(inspection=reviewed, by=p.inspector)
    inspection_services.inspection_review(inspection=reviewed, by=p.quality_manager)
    running = crafted.running(p, order_at(p))
    running_photo = services.photo_add(
        inspection=running,
        file=crafted.upload(crafted.photo(2, taken=timezone.now())),
        by=p.inspector,
    )
    ppi = crafted.running(p, p.order, InspectionType.PPI)
    golden = inspection_services.golden_sample_approve(
        inspection=ppi, seal_number="GS-9", by=p.inspector
    )
    golden_photo = services.photo_add(
        inspection=ppi,
        file=crafted.upload(crafted.photo(3)),
        by=p.inspector,
        golden_sample=golden,
        side="front",
    )
    reviewed.refresh_from_db()
    return World(p, users, reviewed, running, reviewed_photo, running_photo, golden_photo)


@dataclass(frozen=True)
class Door:
    name: str
    kwargs: Callable[[World], dict[str, Any]]
    allowed: frozenset[str]
    method: str = "get"


def _r(w: World) -> dict[str, Any]:
    return {"report_number": w.reviewed.report_number}


def _q(w: World) -> dict[str, Any]:
    return {"report_number": w.running.report_number}


def _pr(w: World) -> dict[str, Any]:
    return {"pk": w.reviewed_photo.pk}


def _pq(w: World) -> dict[str, Any]:
    return {"pk": w.running_photo.pk}


def _pg(w: World) -> dict[str, Any]:
    return {"pk": w.golden_photo.pk}


PAGES = [
    Door("evidence:inspection_photos", _r, OPS | OWNERS),
    Door("evidence:inspection_photos", _q, OPS),
    Door("evidence:photo_upload", _q, PERFORMERS),
    Door("evidence:photo_upload", _r, PERFORMERS),  # 200: says photos are closed
    *[Door(f"evidence:{n}", _pr, OPS | OWNERS) for n in ("photo_detail", "photo_image")],
    *[Door(f"evidence:{n}", _pr, OPS | OWNERS) for n in ("photo_display", "photo_thumbnail")],
    *[Door(f"evidence:{n}", _pq, OPS) for n in ("photo_detail", "photo_image")],
    *[Door(f"evidence:{n}", _pq, OPS) for n in ("photo_display", "photo_thumbnail")],
    # The golden sample is the order's reference: seen beside the reviewed inspection.
    Door("evidence:photo_detail", _pg, OPS | OWNERS),
    Door("evidence:photo_thumbnail", _pg, OPS | OWNERS),
]


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_every_page_opens_to_exactly_the_allowed_personas() -> None:
    world = build()
    wrong = {}
    for door in PAGES:
        url = reverse(door.name, kwargs=door.kwargs(world))
        for name in sorted(EVERYONE):
            status = _client(world.users[name]).get(url).status_code
            expected = 200 if name in door.allowed else 404
            if status != expected:
                wrong[f"{door.name} {url} {name}"] = status
        anonymous = _client(None).get(url).status_code
        if anonymous != 302:
            wrong[f"{door.name} anonymous"] = anonymous
    assert wrong == {}


@pytest.mark.parametrize("name", sorted(EVERYONE - PERFORMERS))
def test_only_performers_may_upload_or_remove_through_the_pages(name: str) -> None:
    world = build()
    client = _client(world.users[name])
    upload = reverse("evidence:photo_upload", kwargs=_q(world))
    data = {"photos": [crafted.upload(crafted.photo(50))]}
    assert client.post(upload, data).status_code == 404
    delete = reverse("evidence:photo_delete", kwargs=_pq(world))
    assert client.post(delete).status_code == 404
    assert Photo.objects.count() == 3


@pytest.mark.parametrize("name", sorted(PERFORMERS))
def test_performers_may_upload_and_remove_through_the_pages(name: str) -> None:
    world = build()
    client = _client(world.users[name])
    upload = reverse("evidence:photo_upload", kwargs=_q(world))
    assert client.post(upload, {"photos": [crafted.upload(crafted.photo(50))]}).status_code == 302
    delete = reverse("evidence:photo_delete", kwargs=_pq(world))
    assert client.post(delete).status_code == 302
    assert not Photo.objects.filter(pk=world.running_photo.pk).exists()


# ------------------------------------------------------------------------------- the API


def _tokens(world: World) -> dict[str, str]:
    return {
        name: account_services.api_token_create(user=user, name="t", read_only=False)[1]
        for name, user in world.users.items()
    }


def _api(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"} if token else {}


READS: list[tuple[Callable[[World], str], frozenset[str]]] = [
    (lambda w: f"/api/v1/evidence/inspections/{w.reviewed.report_number}/photos", OPS | OWNERS),
    (lambda w: f"/api/v1/evidence/inspections/{w.reviewed.pk}/photos", OPS | OWNERS),
    (lambda w: f"/api/v1/evidence/inspections/{w.running.report_number}/photos", OPS),
    *[
        (lambda w, s=suffix: f"/api/v1/evidence/photos/{w.reviewed_photo.pk}{s}", OPS | OWNERS)
        for suffix in ("", "/image", "/display", "/thumbnail")
    ],
    *[
        (lambda w, s=suffix: f"/api/v1/evidence/photos/{w.running_photo.pk}{s}", OPS)
        for suffix in ("", "/image", "/display", "/thumbnail")
    ],
    (lambda w: f"/api/v1/evidence/photos/{w.golden_photo.pk}", OPS | OWNERS),
]


def test_every_read_endpoint_answers_only_the_allowed_personas() -> None:
    world = build()
    tokens = _tokens(world)
    wrong = {}
    for path, allowed in READS:
        url = path(world)
        for name in sorted(EVERYONE):
            status = Client().get(url, headers=_api(tokens[name])).status_code
            if status != (200 if name in allowed else 404):
                wrong[f"{url} {name}"] = status
        anonymous = Client().get(url).status_code
        if anonymous != 401:
            wrong[f"{url} anonymous"] = anonymous
    assert wrong == {}


def test_the_writes_refuse_everyone_but_performers_with_404() -> None:
    world = build()
    tokens = _tokens(world)
    upload = f"/api/v1/evidence/inspections/{world.running.report_number}/photos"
    delete = f"/api/v1/evidence/photos/{world.running_photo.pk}"
    for name in sorted(EVERYONE - PERFORMERS):
        file = crafted.upload(crafted.photo(60))
        assert Client().post(upload, {"file": file}, headers=_api(tokens[name])).status_code == 404
        assert Client().delete(delete, headers=_api(tokens[name])).status_code == 404
    assert Client().post(upload, {"file": crafted.upload(crafted.photo(60))}).status_code == 401
    assert Client().delete(delete).status_code == 401
    assert Photo.objects.count() == 3
    for name in sorted(PERFORMERS):
        file = crafted.upload(crafted.photo(61))
        assert Client().post(upload, {"file": file}, headers=_api(tokens[name])).status_code in {
            200,
            201,
        }
    assert Client().delete(delete, headers=_api(tokens["inspector"])).status_code == 204


def test_a_customer_sees_a_reuse_flag_but_not_another_customers_photo() -> None:
    world = build()
    other = crafted.running(world.p, world.p.other_order)
    data = crafted.photo(70, taken=timezone.now())
    earlier = services.photo_add(inspection=other, file=crafted.upload(data), by=world.p.inspector)
    # The reviewed inspection is closed: attach the copy as a trusted import.
    copy = services.photo_import(
        inspection=world.reviewed,
        data=crafted.near_copy(data),
        by=world.p.inspector,
        received_at=timezone.now(),
    )
    assert copy.reused_from_id == earlier.pk
    tokens = _tokens(world)
    customer = (
        Client()
        .get(f"/api/v1/evidence/photos/{copy.pk}", headers=_api(tokens["customer_user"]))
        .json()
    )
    assert customer["flags"]["reused"] is True
    assert customer["flags"]["reused_from"] == {"photo_id": None, "inspection": None}
    manager = (
        Client()
        .get(f"/api/v1/evidence/photos/{copy.pk}", headers=_api(tokens["quality_manager"]))
        .json()
    )
    assert manager["flags"]["reused_from"] == {
        "photo_id": earlier.pk,
        "inspection": other.report_number,
    }
    page = _client(world.users["customer_user"]).get(
        reverse("evidence:photo_detail", args=[copy.pk])
    )
    html = page.content.decode()
    assert other.report_number not in html
    assert "an inspection you cannot open" in html
