"""The preferences page at /notifications/: a customer user ticks what to receive; every
other role gets 404, an anonymous visitor the login page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from sourceproof.core.changelog import history_for
from sourceproof.core.testing import Personas
from sourceproof.notifications.models import NotificationPreference

pytestmark = pytest.mark.django_db

URL = "/notifications/"


def ticked(html: str) -> set[str]:
    """The names of the checked boxes."""
    return {
        m.group(1)
        for m in re.finditer(r'<input type="checkbox" name="(\w+)"[^>]*>', html)
        if " checked" in m.group(0)
    }


def test_it_shows_the_defaults_to_a_customer_user_who_never_saved(client_for: Any) -> None:
    response = client_for("customer_user").get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert ticked(html) == {"failures_at_once", "weekly_digest"}
    assert set(re.findall(r'<input type="checkbox" name="(\w+)"', html)) == {
        "failures_at_once",
        "every_verdict_at_once",
        "weekly_digest",
    }
    assert 'name="viewport"' in html  # the base layout, which works on a phone
    assert not NotificationPreference.objects.exists()  # reading makes no row


def test_it_saves_the_choices_with_a_message_and_records_the_change(
    personas: Personas, client_for: Any
) -> None:
    client = client_for("customer_user")
    response = client.post(URL, {"every_verdict_at_once": "on"}, follow=True)
    assert response.redirect_chain == [(URL, 302)]
    assert "Your email preferences are saved." in response.content.decode()
    saved = NotificationPreference.objects.get(user=personas.customer_user)
    assert (saved.failures_at_once, saved.every_verdict_at_once, saved.weekly_digest) == (
        False,
        True,
        False,
    )
    client.post(URL, {"every_verdict_at_once": "on", "weekly_digest": "on"})
    saved.refresh_from_db()
    assert saved.weekly_digest is True
    entries = list(history_for(saved).order_by("id"))
    assert [e.action for e in entries] == ["create", "update"]
    assert entries[1].changes == {"weekly_digest": [False, True]}
    assert entries[1].actor == personas.customer_user


@pytest.mark.parametrize(
    "name",
    [
        "admin",
        "csr_manager",
        "quality_manager",
        "inspector",
        "viewer",
        "supplier_user",
        "other_supplier_user",
        "auditor",
    ],
)
def test_it_is_not_found_for_any_other_role(name: str, client_for: Any) -> None:
    client = client_for(name)
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"weekly_digest": "on"}).status_code == 404
    assert not NotificationPreference.objects.exists()


def test_a_customer_user_changes_only_her_own_preferences(
    personas: Personas, client_for: Any
) -> None:
    client_for("other_customer_user").post(URL, {})
    saved = NotificationPreference.objects.get()
    assert saved.user == personas.other_customer_user
    assert ticked(client_for("other_customer_user").get(URL).content.decode()) == set()
    assert ticked(client_for("customer_user").get(URL).content.decode()) == {
        "failures_at_once",
        "weekly_digest",
    }


def test_it_sends_an_anonymous_visitor_to_the_login_page() -> None:
    response = Client().get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_uses_a_few_queries(client_for: Any, django_assert_max_num_queries: Any) -> None:
    client = client_for("customer_user")
    with django_assert_max_num_queries(8):
        assert client.get(URL).status_code == 200


def test_the_profile_links_to_it_for_customer_users_only(client_for: Any) -> None:
    assert f'href="{URL}"' in client_for("customer_user").get("/accounts/profile/").content.decode()
    assert (
        f'href="{URL}"'
        not in client_for("supplier_user").get("/accounts/profile/").content.decode()
    )
