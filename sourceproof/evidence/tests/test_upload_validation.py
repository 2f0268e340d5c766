"""Uploads are judged by their content, not their name; a refused upload leaves nothing."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from PIL import Image

from sourceproof.core.testing import Personas
from sourceproof.evidence import services
from sourceproof.evidence.models import EvidencePolicy, Photo
from sourceproof.evidence.tests import crafted
from sourceproof.inspections.models import Inspection

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspection(personas: Personas) -> Inspection:
    return crafted.running(personas)


def files_in_media() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def refused(personas: Personas, inspection: Inspection, data: bytes, name: str) -> str:
    with pytest.raises(ValidationError) as caught:
        services.photo_add(
            inspection=inspection, file=crafted.upload(data, name), by=personas.inspector
        )
    assert Photo.objects.count() == 0
    assert files_in_media() == []
    return " ".join(caught.value.message_dict["file"])


def test_it_accepts_a_png_named_jpg_as_png(personas: Personas, inspection: Inspection) -> None:
    data = crafted.photo(fmt="PNG", taken=timezone.now())
    photo = services.photo_add(
        inspection=inspection, file=crafted.upload(data, "IMG_0001.jpg"), by=personas.inspector
    )
    assert photo.content_type == "image/png"
    assert photo.image.name.endswith(".png")
    assert photo.original_name == "IMG_0001.jpg"
    assert (photo.width, photo.height) == (800, 600)


def test_it_accepts_webp(personas: Personas, inspection: Inspection) -> None:
    data = crafted.photo(fmt="WEBP", taken=timezone.now())
    photo = services.photo_add(
        inspection=inspection, file=crafted.upload(data, "x.webp"), by=personas.inspector
    )
    assert photo.content_type == "image/webp"
    assert photo.time_ok is True


def test_it_accepts_heic_with_its_exif(personas: Personas, inspection: Inspection) -> None:
    try:
        data = crafted.photo(fmt="HEIF", taken=timezone.now(), gps=crafted.NINGBO)
    except Exception as error:  # pragma: no cover - depends on the libheif build
        pytest.skip(f"pillow-heif cannot write HEIC here: {error}")
    photo = services.photo_add(
        inspection=inspection, file=crafted.upload(data, "IMG_0002.HEIC"), by=personas.inspector
    )
    assert photo.content_type in {"image/heic", "image/heif"}
    assert photo.image.name.endswith(".heic")
    assert photo.time_ok is True
    assert photo.latitude is not None


def test_it_refuses_a_text_file_named_jpg(personas: Personas, inspection: Inspection) -> None:
    message = refused(personas, inspection, b"just some notes\n" * 50, "photo.jpg")
    assert "not a JPEG, PNG, HEIC or WebP image" in message


def test_it_refuses_a_gif(personas: Personas, inspection: Inspection) -> None:
    message = refused(personas, inspection, crafted.encode(crafted.scene(1), "GIF"), "a.gif")
    assert "not a JPEG, PNG, HEIC or WebP image" in message


def test_it_refuses_an_empty_file(personas: Personas, inspection: Inspection) -> None:
    assert "empty" in refused(personas, inspection, b"", "empty.jpg")


def test_it_refuses_a_decompression_bomb_with_a_clear_message(
    personas: Personas, inspection: Inspection
) -> None:
    out = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(out, "PNG")  # 400 megapixels in ~50 KB
    assert len(out.getvalue()) < 100_000
    message = refused(personas, inspection, out.getvalue(), "bomb.png")
    assert "This image is too large to be a photo (400 megapixels)" in message


def test_it_refuses_more_pixels_than_the_policy_allows(
    personas: Personas, inspection: Inspection
) -> None:
    EvidencePolicy.objects.update_or_create(pk=1, defaults={"max_megapixels": 1})
    data = crafted.photo(size=(1500, 1000))
    message = refused(personas, inspection, data, "big.jpg")
    assert "This image is too large to be a photo (1.5 megapixels)" in message
    assert "The limit is 1 megapixels" in message


def test_it_refuses_a_truncated_jpeg(personas: Personas, inspection: Inspection) -> None:
    data = crafted.photo(taken=timezone.now())
    message = refused(personas, inspection, data[: len(data) // 2], "cut.jpg")
    assert "damaged or incomplete" in message


def test_it_refuses_a_corrupt_png(personas: Personas, inspection: Inspection) -> None:
    data = bytearray(crafted.photo(fmt="PNG"))
    data[200:260] = b"\x00" * 60  # inside the image data
    message = refused(personas, inspection, bytes(data), "broken.png")
    assert "damaged or incomplete" in message


def test_it_refuses_a_file_over_the_size_limit(
    personas: Personas, inspection: Inspection, settings: Any
) -> None:
    settings.UPLOAD_MAX_BYTES = 10_000
    message = refused(personas, inspection, crafted.photo(), "photo.jpg")
    assert "photos may be at most" in message


def test_a_failure_after_the_file_was_written_leaves_no_file_and_no_row(
    personas: Personas, inspection: Inspection, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**kwargs: Any) -> None:
        raise RuntimeError("the change log is down")

    monkeypatch.setattr(services, "record_change", broken)
    with pytest.raises(RuntimeError):
        services.photo_add(
            inspection=inspection,
            file=crafted.upload(crafted.photo(taken=timezone.now())),
            by=personas.inspector,
        )
    assert Photo.objects.count() == 0
    assert files_in_media() == []
