"""A resend (the offline queue retrying) never creates a second photo."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from sourceproof.core.testing import Personas
from sourceproof.evidence import services
from sourceproof.evidence.models import Photo
from sourceproof.evidence.tests import crafted
from sourceproof.inspections import services as inspection_services

pytestmark = pytest.mark.django_db


def stored_files() -> list[Path]:
    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def test_it_returns_the_stored_photo_when_the_same_bytes_come_again(
    personas: Personas,
) -> None:
    inspection = crafted.running(personas)
    data = crafted.photo(taken=timezone.now())
    first = services.photo_add(
        inspection=inspection, file=crafted.upload(data), by=personas.inspector
    )
    again = services.photo_add(
        inspection=inspection, file=crafted.upload(data, "renamed.jpg"), by=personas.inspector
    )
    assert first.created_now is True
    assert again.created_now is False
    assert again.pk == first.pk
    assert Photo.objects.count() == 1
    assert len(stored_files()) == 1


def test_it_returns_the_stored_photo_for_the_same_client_uid(personas: Personas) -> None:
    inspection = crafted.running(personas)
    uid = uuid.uuid4()
    data = crafted.photo(taken=timezone.now())
    first = services.photo_add(
        inspection=inspection, file=crafted.upload(data), by=personas.inspector, client_uid=uid
    )
    again = services.photo_add(
        inspection=inspection,
        file=crafted.upload(data),
        by=personas.inspector,
        client_uid=str(uid),
    )
    assert again.pk == first.pk
    assert first.client_uid == uid
    assert Photo.objects.count() == 1


def test_it_refuses_a_client_uid_used_for_another_photo(personas: Personas) -> None:
    inspection = crafted.running(personas)
    uid = uuid.uuid4()
    services.photo_add(
        inspection=inspection,
        file=crafted.upload(crafted.photo(1)),
        by=personas.inspector,
        client_uid=uid,
    )
    with pytest.raises(ValidationError) as caught:
        services.photo_add(
            inspection=inspection,
            file=crafted.upload(crafted.photo(2)),
            by=personas.inspector,
            client_uid=uid,
        )
    assert "client_uid" in caught.value.message_dict
    assert Photo.objects.count() == 1


def test_it_refuses_a_client_uid_that_is_no_uuid(personas: Personas) -> None:
    inspection = crafted.running(personas)
    with pytest.raises(ValidationError) as caught:
        services.photo_add(
            inspection=inspection,
            file=crafted.upload(crafted.photo(1)),
            by=personas.inspector,
            client_uid="not-a-uuid",
        )
    assert "client_uid" in caught.value.message_dict


def test_a_resend_after_submission_still_answers_with_the_stored_photo(
    personas: Personas,
) -> None:
    inspection = crafted.running(personas)
    data = crafted.photo(taken=timezone.now())
    uid = uuid.uuid4()
    first = services.photo_add(
        inspection=inspection, file=crafted.upload(data), by=personas.inspector, client_uid=uid
    )
    inspection_services.inspection_submit(inspection=inspection, by=personas.inspector)
    again = services.photo_add(
        inspection=inspection, file=crafted.upload(data), by=personas.inspector, client_uid=uid
    )
    assert again.pk == first.pk
    with pytest.raises(ValidationError, match="photos are added while the inspection is in"):
        services.photo_add(
            inspection=inspection,
            file=crafted.upload(crafted.photo(99)),
            by=personas.inspector,
        )


def test_the_same_photo_may_be_stored_on_two_inspections(personas: Personas) -> None:
    from sourceproof.inspections.tests.builders import order_at

    data = crafted.photo(taken=timezone.now())
    one = services.photo_add(
        inspection=crafted.running(personas), file=crafted.upload(data), by=personas.inspector
    )
    two = services.photo_add(
        inspection=crafted.running(personas, order_at(personas)),
        file=crafted.upload(data),
        by=personas.inspector,
    )
    assert one.pk != two.pk
    assert two.reused_from_id == one.pk
