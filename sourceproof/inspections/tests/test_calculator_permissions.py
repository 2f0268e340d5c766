"""Who may use the AQL calculator: the roles with USE_AQL_CALCULATOR, page and API alike.

Operators, supplier users and auditors may; customer users get 404 (never 403);
anonymous visitors are sent to the login page, anonymous API callers get 401.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from sourceproof.accounts.permissions import PERMISSIONS, Action
from sourceproof.accounts.services import api_token_create
from sourceproof.core.testing import Personas

pytestmark = pytest.mark.django_db

ALLOWED = {
    "admin", "csr_manager", "quality_manager", "inspector", "viewer",
    "supplier_user", "other_supplier_user", "auditor",
}  # fmt: skip
REFUSED = {"customer_user", "other_customer_user"}
URLS = [
    "/aql/?lot_size=5000",
    "/aql/",
    "/api/v1/aql/plan?lot_size=5000&aql=2.5",
    "/api/v1/aql/oc?lot_size=5000&aql=2.5&at=0.5,1,2",
    "/api/v1/aql/classes?lot_size=5000",
]


def test_it_follows_the_permission_table(personas: Personas) -> None:
    roles = PERMISSIONS[Action.USE_AQL_CALCULATOR]
    users = personas.all_users()
    assert {name for name, user in users.items() if user.role in roles} == ALLOWED
    assert set(users) == ALLOWED | REFUSED


@pytest.mark.parametrize("persona", sorted(ALLOWED | REFUSED))
@pytest.mark.parametrize("url", URLS)
def test_it_lets_in_only_the_allowed_roles(client_for: Any, persona: str, url: str) -> None:
    response = client_for(persona).get(url)
    assert response.status_code == (200 if persona in ALLOWED else 404)


def test_it_sends_anonymous_visitors_to_the_login_page(db: None) -> None:
    response = Client().get("/aql/?lot_size=5000")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("url", [u for u in URLS if u.startswith("/api/")])
def test_it_refuses_anonymous_api_callers_with_401(db: None, url: str) -> None:
    assert Client().get(url).status_code == 401


def test_it_answers_a_read_only_token(personas: Personas) -> None:
    _, secret = api_token_create(user=personas.auditor, name="calculator")
    response = Client().get(
        "/api/v1/aql/plan?lot_size=5000&aql=2.5", HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    assert response.status_code == 200
    assert response.json()["sample_size"] == 200


def test_it_refuses_a_customers_token_with_404(personas: Personas) -> None:
    _, secret = api_token_create(user=personas.customer_user, name="calculator")
    response = Client().get(
        "/api/v1/aql/classes?lot_size=5000", HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    assert response.status_code == 404
