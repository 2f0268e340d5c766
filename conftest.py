"""Project-wide pytest fixtures: fast password hashing, personas, logged-in clients."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from sourceproof.core.testing import Personas, make_personas

# Property tests judge correctness, not speed: on a loaded 2-core machine (or CI) a slow
# example must not fail a test. Examples are reproducible from the printed seed.
hypothesis_settings.register_profile(
    "sourceproof",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)
hypothesis_settings.load_profile("sourceproof")


@pytest.fixture(autouse=True)
def _test_settings(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SECURE_SSL_REDIRECT = False
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def personas(db: None) -> Personas:
    return make_personas()


@pytest.fixture
def client_for(personas: Personas) -> Any:
    """client_for("quality_manager") → a test client logged in as that persona."""

    def make(name: str) -> Client:
        client = Client()
        client.force_login(getattr(personas, name))
        return client

    return make
