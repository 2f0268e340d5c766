"""Browser tests: Playwright's Python package driving Debian's Chromium against live_server.

Never `playwright install`: the browser is the system's `chromium` (path in $CHROMIUM),
started with flags that keep it off the network.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from typing import Any

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    path = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not os.path.exists(path):
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and no Chromium at {path}")
        pytest.skip(f"no Chromium at {path}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """On SQLite the live server and the test share a database file, not Django's default
    in-memory test database: a shared-cache memory database locks whole tables, so two
    requests of one page (the phone screen's outbox sending while the page reloads) failed
    with "database table is locked"."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        name = str(db.get("NAME") or "var/test.sqlite3")
        worker = os.environ.get("PYTEST_XDIST_WORKER", "")
        test_name = f"{name.removesuffix('.sqlite3')}-live{worker}.sqlite3"
        os.makedirs(os.path.dirname(os.path.abspath(test_name)), exist_ok=True)  # a fresh clone
        db.setdefault("TEST", {})["NAME"] = test_name


# Rows that Django itself recreates after a flush (post_migrate) are not kept here.
RECREATED_BY_DJANGO = {"contenttypes", "auth", "sessions", "admin"}


@pytest.fixture(scope="session")
def _seeded_rows(django_db_setup: None, django_db_blocker: Any) -> str:
    """What the migrations seeded (UNGC principles, emission factors, country risk, ...), as
    Django's JSON serialisation."""
    from django.apps import apps
    from django.core import serializers

    with django_db_blocker.unblock():
        seeded = [
            model
            for model in apps.get_models()
            if model._meta.app_label not in RECREATED_BY_DJANGO
            and model._meta.managed
            and not model._meta.proxy
            and model._default_manager.exists()
        ]
        return serializers.serialize(
            "json",
            itertools.chain.from_iterable(m._default_manager.order_by("pk") for m in seeded),
        )


@pytest.fixture(autouse=True)
def _seeded_rows_back(_seeded_rows: str, transactional_db: None) -> None:
    """The live server needs a transactional database, which Django empties after each test
    (the migrations' seed rows with it); they are put back here, so each browser test starts
    from the same database in any order. (Django's serialized rollback would do this, but
    its stored copy hangs on a connection object that Playwright's event loop does not see.)"""
    from django.core import serializers
    from django.db import connection, transaction

    objects = list(serializers.deserialize("json", _seeded_rows))
    if not objects or type(objects[0].object)._default_manager.exists():
        return
    with transaction.atomic(), connection.constraint_checks_disabled():
        for obj in objects:
            obj.save()
    connection.check_constraints(
        table_names=sorted({type(o.object)._meta.db_table for o in objects})
    )


@pytest.fixture
def new_page(chromium: Any, live_server: Any, transactional_db: None) -> Iterator[Any]:
    """new_page(viewport=PHONE) → a fresh page in its own context (own cookies)."""
    contexts: list[Any] = []

    def make(viewport: dict[str, int] | None = None, locale: str = "en-GB") -> Any:
        context = chromium.new_context(
            viewport=viewport or DESKTOP, locale=locale, base_url=live_server.url
        )
        context.set_default_timeout(30_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def log_in(page: Any, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
