"""Thumbnails are made in the background after the upload commits: with the immediate
backend, and once by a real database-backed worker."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from PIL import Image

from sourceproof.core.testing import Personas
from sourceproof.evidence import services
from sourceproof.evidence.models import Photo
from sourceproof.evidence.tests import crafted


def add(personas: Personas, data: bytes) -> Photo:
    return services.photo_add(
        inspection=crafted.running(personas), file=crafted.upload(data), by=personas.inspector
    )


@pytest.mark.django_db
def test_it_makes_the_thumbnail_after_commit(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        photo = add(personas, crafted.photo(size=(1600, 1200), taken=timezone.now()))
    assert not photo.thumbnail  # nothing before the commit
    for callback in callbacks:
        callback()
    photo.refresh_from_db()
    with photo.thumbnail.open("rb") as handle:
        thumb = Image.open(io.BytesIO(handle.read()))
    assert thumb.format == "JPEG"
    assert max(thumb.size) == services.THUMBNAIL_SIDE
    assert not photo.display  # a JPEG needs no display copy


@pytest.mark.django_db
def test_it_is_idempotent(personas: Personas, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        photo = add(personas, crafted.photo(taken=timezone.now()))
    photo.refresh_from_db()
    name = photo.thumbnail.name
    again = services.photo_thumbnail_make(photo_id=photo.pk)
    assert again is not None and again.thumbnail.name == name
    assert services.photo_thumbnail_make(photo_id=999_999) is None


@pytest.mark.django_db
def test_it_makes_a_jpeg_display_copy_of_a_heic_photo(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    try:
        data = crafted.photo(fmt="HEIF", taken=timezone.now())
    except Exception as error:  # pragma: no cover - depends on the libheif build
        pytest.skip(f"pillow-heif cannot write HEIC here: {error}")
    with django_capture_on_commit_callbacks(execute=True):
        photo = add(personas, data)
    photo.refresh_from_db()
    assert photo.thumbnail
    with photo.display.open("rb") as handle:
        assert Image.open(io.BytesIO(handle.read())).format == "JPEG"


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_makes_the_thumbnail(personas: Personas) -> None:
    from django_tasks_db.models import DBTaskResult

    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        photo = add(personas, crafted.photo(taken=timezone.now()))  # commits: task queued
        queued = DBTaskResult.objects.get()
        assert queued.task_path.endswith("make_photo_thumbnail")
        assert queued.args_kwargs["kwargs"] == {"photo_id": photo.pk}
        photo.refresh_from_db()
        assert not photo.thumbnail
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0")
    photo.refresh_from_db()
    assert photo.thumbnail
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
