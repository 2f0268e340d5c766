"""GET and PUT /api/v1/notifications/preferences: the acting customer user's own preferences;
404 for every other role and for an anonymous caller."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import NoReverseMatch, reverse
from ninja.testing import TestClient

from sourceproof.accounts import services as accounts
from sourceproof.core.testing import Personas
from sourceproof.notifications.api import router
from sourceproof.notifications.models import NotificationPreference

pytestmark = pytest.mark.django_db

PATH = "/preferences"
BODY = {"failures_at_once": False, "every_verdict_at_once": True, "weekly_digest": False}


@pytest.fixture
def api() -> TestClient:
    """The router on its own (the tests do not depend on where sourceproof/api.py mounts it)."""
    return TestClient(router)


def test_it_reads_the_defaults_then_replaces_them(personas: Personas, api: TestClient) -> None:
    user = personas.customer_user
    response = api.get(PATH, user=user)
    assert response.status_code == 200
    assert response.json() == {
        "failures_at_once": True,
        "every_verdict_at_once": False,
        "weekly_digest": True,
        "language": user.language,
        "saved": False,
    }
    response = api.put(PATH, json=BODY, user=user)
    assert response.status_code == 200
    assert response.json() == {**BODY, "language": user.language, "saved": True}
    saved = NotificationPreference.objects.get()
    assert (saved.user, saved.every_verdict_at_once, saved.weekly_digest) == (user, True, False)
    assert api.get(PATH, user=user).json()["every_verdict_at_once"] is True


def test_it_refuses_an_incomplete_body(personas: Personas, api: TestClient) -> None:
    response = api.put(PATH, json={"weekly_digest": False}, user=personas.customer_user)
    assert response.status_code == 422
    assert not NotificationPreference.objects.exists()


@pytest.mark.parametrize(
    "name", ["admin", "quality_manager", "inspector", "supplier_user", "auditor", None]
)
def test_it_is_not_found_for_anyone_but_a_customer_user(
    name: str | None, personas: Personas, api: TestClient
) -> None:
    who: dict[str, Any] = {"user": getattr(personas, name)} if name else {}
    assert api.get(PATH, **who).status_code == 404
    assert api.put(PATH, json=BODY, **who).status_code == 404
    assert not NotificationPreference.objects.exists()


def test_the_other_customers_user_sees_and_changes_only_her_own(
    personas: Personas, api: TestClient
) -> None:
    api.put(PATH, json=BODY, user=personas.customer_user)
    theirs = api.get(PATH, user=personas.other_customer_user).json()
    assert theirs["saved"] is False and theirs["every_verdict_at_once"] is False


def _mounted() -> bool:
    try:
        reverse("api:notifications_preferences")
    except NoReverseMatch:
        return False
    return True


@pytest.mark.skipif(not _mounted(), reason="lead: mount the router in sourceproof/api.py")
def test_it_answers_at_api_v1_with_a_token(personas: Personas, client: Any) -> None:
    _token, secret = accounts.api_token_create(
        user=personas.customer_user, name="t", read_only=False
    )
    headers = {"Authorization": f"Bearer {secret}"}
    url = "/api/v1/notifications/preferences"
    assert client.put(url, BODY, content_type="application/json", headers=headers).json()["saved"]
    _token, other = accounts.api_token_create(
        user=personas.supplier_user, name="t", read_only=False
    )
    assert client.get(url, headers={"Authorization": f"Bearer {other}"}).status_code == 404
    assert client.get(url).status_code in {401, 404}
