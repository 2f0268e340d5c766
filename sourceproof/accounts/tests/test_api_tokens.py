"""API tokens: bearer authentication, read-only tokens, expiry and revocation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from sourceproof.accounts import services
from sourceproof.core.testing import Personas

pytestmark = pytest.mark.django_db


def test_it_authenticates_with_a_bearer_token(personas: Personas) -> None:
    _token, secret = services.api_token_create(user=personas.customer_user, name="ERP")
    response = Client().get("/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200
    assert response.json()["email"] == "buyer@northwind.test"
    assert response.json()["organisation_kind"] == "customer"


def test_it_refuses_no_token_a_bad_token_an_expired_or_revoked_one(personas: Personas) -> None:
    client = Client()
    assert client.get("/api/v1/accounts/me").status_code == 401
    assert client.get("/api/v1/accounts/me", HTTP_AUTHORIZATION="Bearer nope").status_code == 401
    token, secret = services.api_token_create(
        user=personas.viewer, name="old", expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    assert (
        client.get("/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401
    )
    token, secret = services.api_token_create(user=personas.viewer, name="x")
    services.api_token_revoke(token=token)
    assert (
        client.get("/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401
    )


def test_it_keeps_only_a_hash_of_the_secret(personas: Personas) -> None:
    token, secret = services.api_token_create(user=personas.viewer, name="x")
    token.refresh_from_db()
    assert secret not in token.key_hash
    assert len(token.key_hash) == 64


def test_it_serves_the_openapi_document() -> None:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "sourceproof API"


def test_it_gives_a_customer_user_read_only_tokens_on_the_profile(personas: Personas) -> None:
    """The portal's API is for reading; the only thing a customer could write through the API
    is their own email preferences, so the profile offers customers read-only tokens only."""
    client = Client()
    client.force_login(personas.customer_user)
    page = client.get("/accounts/profile/").content.decode()
    assert 'name="read_only"' not in page
    assert "Tokens of a customer account can only read." in page
    # Asking for a writing token through the form (the field is not offered) gives a reader.
    client.post("/accounts/profile/", {"form": "token", "name": "ERP", "expires_in_days": "30"})
    token = personas.customer_user.api_tokens.get()
    assert token.read_only
    # Other roles still choose.
    client.force_login(personas.supplier_user)
    assert 'name="read_only"' in client.get("/accounts/profile/").content.decode()
