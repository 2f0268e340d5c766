"""Each email is written in its recipient's language (the profile's), whatever language the
reviewer or the task runs in: Dutch, Simplified Chinese, or English by default."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

from sourceproof.core.testing import Personas
from sourceproof.inspections.tests import builders
from sourceproof.notifications.tasks import send_verdict_notification
from sourceproof.notifications.tests.helpers import colleague

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def compiled_locale(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The catalogues compiled into a private copy of locale/ (as core's translation tests)."""
    target = tmp_path_factory.mktemp("locale") / "locale"
    shutil.copytree(
        Path(settings.BASE_DIR) / "locale", target, ignore=shutil.ignore_patterns("*.mo")
    )
    with translation.override(None), override_settings(LOCALE_PATHS=[target]):
        call_command("compile_translations", verbosity=0)
    return target


@pytest.fixture(autouse=True)
def _compiled(settings: Any, compiled_locale: Path) -> Iterator[None]:
    settings.LOCALE_PATHS = [compiled_locale]
    yield
    translation.activate(settings.LANGUAGE_CODE)


def test_it_writes_each_email_in_its_recipients_language(personas: Personas) -> None:
    personas.customer_user.language = "nl"
    personas.customer_user.save(update_fields=["language"])
    colleague(personas, email="li@northwind.test", language="zh-hans")
    colleague(personas, email="en@northwind.test", language="")
    inspection = builders.reviewed(personas, reject=True)

    with translation.override("nl"):  # the language the task happens to run in is irrelevant
        send_verdict_notification.call(inspection_id=inspection.pk)

    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {
        personas.customer_user.email,
        "li@northwind.test",
        "en@northwind.test",
    }
    cases = {
        personas.customer_user.email: ("nl", "Afgekeurd"),
        "li@northwind.test": ("zh-hans", "不合格"),
        "en@northwind.test": ("en", "Fail"),
    }
    for address, (language, verdict) in cases.items():
        message = by_address[address]
        html = str(message.alternatives[0][0])  # type: ignore[attr-defined]
        assert message.extra_headers["Content-Language"] == language
        assert f'<html lang="{language}">' in html
        assert f">{verdict}</strong>" in html, address  # the verdict, in the user's words
        assert verdict in message.body, address
