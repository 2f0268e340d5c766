"""A person logs in on a phone, sees the dashboard and the menu, and logs out."""

from __future__ import annotations

from typing import Any

from sourceproof.core.testing import PASSWORD, make_personas
from tests.browser.conftest import PHONE, log_in


def test_it_logs_in_on_a_phone_and_out_again(new_page: Any) -> None:
    make_personas()
    page = new_page(viewport=PHONE)
    log_in(page, "quality@groen.test", PASSWORD)
    assert page.get_by_role("heading", name="What needs attention").is_visible()
    page.locator(".nav-toggle-label").click()
    assert page.get_by_role("link", name="Orders").is_visible()
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/accounts/login/")


def test_it_shows_a_wrong_password_error(new_page: Any) -> None:
    make_personas()
    page = new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("quality@groen.test")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Log in").click()
    assert page.get_by_role("alert").inner_text().startswith("That email and password")
