"""Taking a photo back: only until submission, recorded, and never the evidence of a reuse."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from sourceproof.core.changelog import history_for
from sourceproof.core.testing import Personas
from sourceproof.evidence import services
from sourceproof.evidence.models import Photo
from sourceproof.evidence.tests import crafted
from sourceproof.inspections import services as inspection_services
from sourceproof.inspections.models import Inspection
from sourceproof.inspections.tests.builders import order_at

pytestmark = pytest.mark.django_db


def add(personas: Personas, inspection: Inspection, seed: int = 1) -> Photo:
    return services.photo_add(
        inspection=inspection,
        file=crafted.upload(crafted.photo(seed, taken=timezone.now())),
        by=personas.inspector,
    )


def test_it_deletes_the_row_and_then_the_file(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    inspection = crafted.running(personas)
    with django_capture_on_commit_callbacks(execute=True):
        photo = add(personas, inspection)
    photo.refresh_from_db()
    files = [Path(photo.image.path), Path(photo.thumbnail.path)]
    assert all(f.exists() for f in files)
    pk = photo.pk
    with django_capture_on_commit_callbacks(execute=True):
        services.photo_delete(photo=photo, by=personas.inspector)
    assert not Photo.objects.filter(pk=pk).exists()
    assert not any(f.exists() for f in files)
    entry = history_for(inspection).filter(summary__contains="removed").get()
    assert entry.changes == {"photo": [pk, None]}


def test_it_refuses_once_the_inspection_is_submitted(personas: Personas) -> None:
    inspection = crafted.running(personas)
    photo = add(personas, inspection)
    inspection_services.inspection_submit(inspection=inspection, by=personas.inspector)
    photo.refresh_from_db()
    with pytest.raises(ValidationError, match="can no longer be removed"):
        services.photo_delete(photo=photo, by=personas.inspector)
    assert Photo.objects.filter(pk=photo.pk).exists()


def test_it_keeps_a_photo_another_inspection_reused(personas: Personas) -> None:
    original = add(personas, crafted.running(personas), seed=7)
    services.photo_add(
        inspection=crafted.running(personas, order_at(personas)),
        file=crafted.upload(crafted.photo(7, taken=timezone.now())),
        by=personas.inspector,
    )
    with pytest.raises(ValidationError, match="flagged as reused from it"):
        services.photo_delete(photo=original, by=personas.inspector)


@pytest.mark.parametrize("name", ["viewer", "customer_user", "other_supplier_user"])
def test_others_get_404(personas: Personas, name: str) -> None:
    photo = add(personas, crafted.running(personas))
    with pytest.raises(Http404):
        services.photo_delete(photo=photo, by=getattr(personas, name))
