"""Logging in with email and password, throttling, and password reset by email."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from sourceproof.core.testing import PASSWORD, Personas

pytestmark = pytest.mark.django_db


def test_it_logs_in_with_email_and_password(personas: Personas) -> None:
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"email": "Quality@Groen.test", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("core:dashboard")
    assert client.get(reverse("core:dashboard")).status_code == 200


def test_it_refuses_a_wrong_password_with_a_clear_message(personas: Personas) -> None:
    response = Client().post(
        reverse("accounts:login"), {"email": "quality@groen.test", "password": "wrong"}
    )
    assert response.status_code == 400
    assert "do not match an active account" in response.content.decode()


def test_it_throttles_after_repeated_failures(personas: Personas, settings: object) -> None:
    client = Client()
    url = reverse("accounts:login")
    for _ in range(5):
        client.post(url, {"email": "quality@groen.test", "password": "wrong"})
    response = client.post(url, {"email": "quality@groen.test", "password": PASSWORD})
    assert response.status_code == 400
    assert "Too many failed attempts" in response.content.decode()
    # Another account is not affected.
    ok = client.post(url, {"email": "csr@groen.test", "password": PASSWORD})
    assert ok.status_code == 302


def test_it_refuses_a_user_of_an_inactive_organisation(personas: Personas) -> None:
    personas.customer.is_active = False
    personas.customer.save()
    response = Client().post(
        reverse("accounts:login"), {"email": "buyer@northwind.test", "password": PASSWORD}
    )
    assert response.status_code == 400


def test_it_sends_a_password_reset_link_that_works(personas: Personas) -> None:
    client = Client()
    client.post(reverse("accounts:password_reset"), {"email": "csr@groen.test"})
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/reset/" in line)
    path = link.split("testserver", 1)[1]
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url,
        {"new_password1": "a-new-long-password-9", "new_password2": "a-new-long-password-9"},
    )
    assert response.status_code == 302
    assert client.login(email="csr@groen.test", password="a-new-long-password-9")


def test_it_redirects_anonymous_visitors_to_login() -> None:
    response = Client().get(reverse("core:dashboard"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
