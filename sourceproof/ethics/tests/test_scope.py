"""Who may open what: every ethics page and API endpoint x every persona. Anyone outside gets
404, never 403; lists only show the rows in the user's scope."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import reverse

from sourceproof.core.testing import Personas
from sourceproof.ethics import services
from sourceproof.ethics.services import TextInput
from sourceproof.ethics.tests.helpers import draft, pdf, sign

pytestmark = pytest.mark.django_db

OPS = frozenset({"admin", "csr_manager", "quality_manager", "inspector", "viewer"})
CSR = frozenset({"admin", "csr_manager"})
SUPPLIER = frozenset({"supplier_user"})
SUPPLIERS = frozenset({"supplier_user", "other_supplier_user"})
PEOPLE = (
    *sorted(OPS),
    "supplier_user",
    "other_supplier_user",
    "customer_user",
    "other_customer_user",
    "auditor",
)


@dataclass
class World:
    ack: int


@pytest.fixture
def world(personas: Personas) -> World:
    code = draft(personas.csr_manager, "1")
    services.code_update(
        code=code, by=personas.csr_manager, texts=[TextInput("en", "Code", "Text.", pdf=pdf())]
    )
    code = services.code_publish(code=code, by=personas.csr_manager)
    ack = sign(code, personas.supplier_user)
    draft(personas.csr_manager, "2")
    return World(ack=ack.pk)


@dataclass(frozen=True)
class Door:
    name: str
    kwargs: Callable[[World], dict[str, Any]] = field(default=lambda w: {})
    allowed: frozenset[str] = frozenset()
    ok: int = 200


PAGES = [
    Door("ethics:index", allowed=OPS | SUPPLIERS, ok=302),
    Door("ethics:supplier_sign", allowed=SUPPLIERS),
    Door("ethics:version_list", allowed=OPS),
    Door("ethics:version_create", allowed=CSR),
    Door("ethics:version_detail", lambda w: {"version": "1"}, allowed=OPS),
    Door("ethics:version_detail", lambda w: {"version": "2"}, allowed=OPS),
    Door("ethics:version_edit", lambda w: {"version": "2"}, allowed=CSR),
    Door("ethics:version_publish", lambda w: {"version": "2"}, allowed=CSR),
    Door("ethics:code_pdf", lambda w: {"version": "1", "language": "en"}, allowed=OPS | SUPPLIERS),
    Door("ethics:code_pdf", lambda w: {"version": "2", "language": "en"}, allowed=frozenset()),
    Door("ethics:principle_list", allowed=OPS),
    Door("ethics:signature_list", allowed=OPS),
    Door("ethics:acknowledgement_list", allowed=OPS | SUPPLIERS),
    Door("ethics:acknowledgement_detail", lambda w: {"pk": w.ack}, allowed=OPS | SUPPLIER),
]


@pytest.mark.parametrize(
    "door", PAGES, ids=lambda d: f"{d.name}{sorted(d.kwargs(World(0)).values())}"
)
def test_pages_refuse_everyone_outside_with_404(door: Door, world: World, client_for: Any) -> None:
    url = reverse(door.name, kwargs=door.kwargs(world))
    for person in PEOPLE:
        response = client_for(person).get(url)
        expected = door.ok if person in door.allowed else 404
        assert response.status_code == expected, (person, url, response.status_code)


def test_the_reminder_button_is_for_the_csr_team_only(world: World, client_for: Any) -> None:
    url = reverse("ethics:send_reminders")
    for person in PEOPLE:
        expected = 302 if person in CSR else 404
        assert client_for(person).post(url).status_code == expected, person


API = [
    ("/api/v1/ethics/versions", OPS | SUPPLIERS),
    ("/api/v1/ethics/versions/1", OPS | SUPPLIERS),
    ("/api/v1/ethics/versions/2", OPS),
    ("/api/v1/ethics/principles", OPS | SUPPLIERS),
    ("/api/v1/ethics/acknowledgements", OPS | SUPPLIERS),
    ("/api/v1/ethics/acknowledgements/{ack}", OPS | SUPPLIER),
    ("/api/v1/ethics/suppliers", OPS),
    ("/api/v1/ethics/status", SUPPLIERS),
]


@pytest.mark.parametrize(("path", "allowed"), API, ids=[p for p, _a in API])
def test_endpoints_refuse_everyone_outside_with_404(
    path: str, allowed: frozenset[str], world: World, client_for: Any
) -> None:
    url = path.format(ack=world.ack)
    for person in PEOPLE:
        response = client_for(person).get(url)
        expected = 200 if person in allowed else 404
        assert response.status_code == expected, (person, url, response.status_code)


def test_only_supplier_users_sign_through_the_api(world: World, client_for: Any) -> None:
    body = {"language": "en", "signer_name": "A Person", "signer_role": "Owner", "accept": True}
    for person in PEOPLE:
        response = client_for(person).post(
            "/api/v1/ethics/acknowledgements", body, content_type="application/json"
        )
        if person == "other_supplier_user":
            assert response.status_code == 201, response.content
            assert response.json()["supplier_name"] == "Dhaka Canvas Bags Ltd."
        elif person == "supplier_user":
            assert response.status_code == 400  # it signed already
        else:
            assert response.status_code == 404, person


def test_lists_show_a_supplier_only_its_own_signatures(
    world: World, personas: Personas, client_for: Any
) -> None:
    own = client_for("supplier_user").get("/api/v1/ethics/acknowledgements").json()
    assert own["count"] == 1
    other = client_for("other_supplier_user").get("/api/v1/ethics/acknowledgements").json()
    assert other["count"] == 0
    page = client_for("other_supplier_user").get("/ethics/acknowledgements/").content.decode()
    assert "Ningbo Bright" not in page
    versions = client_for("other_supplier_user").get("/api/v1/ethics/versions").json()
    assert [v["version"] for v in versions] == ["1"]  # never the draft
    all_versions = client_for("viewer").get("/api/v1/ethics/versions").json()
    assert [v["version"] for v in all_versions] == ["2", "1"]
