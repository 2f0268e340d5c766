"""Crafted photos for the evidence tests, made with Pillow at run time: drawn scenes with or
without EXIF (capture time, UTC offset, GPS), near copies (resized and recompressed), and
files that must be refused. Plus inspections to attach them to."""

from __future__ import annotations

import datetime as dt
import io
import random
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from sourceproof.core.testing import Personas
from sourceproof.facilities.models import Facility
from sourceproof.inspections.models import Inspection, InspectionType
from sourceproof.inspections.tests.builders import book, start

# Personas' facility placed in Ningbo (Yinzhou district).
NINGBO = (29.868336, 121.543990)


def scene(seed: int, size: tuple[int, int] = (800, 600)) -> Image.Image:
    """A product-like picture: a background and a dozen shapes, different for each seed."""
    rnd = random.Random(seed)
    w, h = size
    image = Image.new("RGB", size, tuple(rnd.randint(170, 255) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(10):
        x, y = rnd.randint(0, w - 60), rnd.randint(0, h - 60)
        colour = tuple(rnd.randint(0, 255) for _ in range(3))
        box = [x, y, x + rnd.randint(40, w // 2), y + rnd.randint(40, h // 2)]
        if rnd.random() < 0.5:
            draw.rectangle(box, fill=colour)
        else:
            draw.ellipse(box, fill=colour)
    return image


def exif_for(
    *,
    taken: dt.datetime | None = None,
    offset: str | None = "+08:00",
    gps: tuple[float, float] | None = None,
) -> Image.Exif:
    """EXIF with DateTimeOriginal (the local time of `taken` at `offset`), OffsetTimeOriginal
    and a GPS position, each only when given."""
    exif = Image.Exif()
    exif[0x010F] = "sourceproof test camera"
    if taken is not None:
        ifd = exif.get_ifd(0x8769)
        local = taken
        if taken.tzinfo is not None and offset:
            sign = -1 if offset[0] == "-" else 1
            delta = dt.timedelta(hours=int(offset[1:3]), minutes=int(offset[4:6])) * sign
            local = taken.astimezone(dt.timezone(delta))
        ifd[0x9003] = local.strftime("%Y:%m:%d %H:%M:%S")
        if offset:
            ifd[0x9011] = offset
    if gps is not None:
        lat, lng = gps
        g = exif.get_ifd(0x8825)
        g[1] = "N" if lat >= 0 else "S"
        g[2] = _dms(abs(lat))
        g[3] = "E" if lng >= 0 else "W"
        g[4] = _dms(abs(lng))
    return exif


def _dms(value: float) -> tuple[float, float, float]:
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round((value - degrees - minutes / 60) * 3600, 4)
    return float(degrees), float(minutes), seconds


def encode(
    image: Image.Image, fmt: str = "JPEG", exif: Image.Exif | None = None, **options: Any
) -> bytes:
    out = io.BytesIO()
    if exif is not None:
        options["exif"] = exif
    if fmt == "JPEG":
        options.setdefault("quality", 90)
    image.save(out, fmt, **options)
    return out.getvalue()


def photo(
    seed: int = 1,
    *,
    taken: dt.datetime | None = None,
    offset: str | None = "+08:00",
    gps: tuple[float, float] | None = None,
    with_exif: bool = True,
    fmt: str = "JPEG",
    size: tuple[int, int] = (800, 600),
) -> bytes:
    """A crafted photo; without `with_exif` no EXIF block at all."""
    exif = exif_for(taken=taken, offset=offset, gps=gps) if with_exif else None
    return encode(scene(seed, size), fmt, exif)


def near_copy(data: bytes, *, scale: float = 0.75, quality: int = 70) -> bytes:
    """The same picture resized and recompressed (EXIF dropped): bytes differ, hash is near."""
    image = Image.open(io.BytesIO(data))
    smaller = image.resize((int(image.width * scale), int(image.height * scale)))
    return encode(smaller.convert("RGB"), "JPEG", quality=quality)


def cropped(data: bytes, fraction: float = 0.02) -> bytes:
    """The picture with `fraction` cut off the top and the left: a near, not equal, hash."""
    image = Image.open(io.BytesIO(data))
    w, h = image.size
    return encode(image.crop((int(w * fraction), int(h * fraction), w, h)).convert("RGB"))


def phash_distance(a: bytes, b: bytes) -> int:
    from sourceproof.evidence import imaging, rules

    first = imaging.examine(a, max_pixels=50_000_000).phash
    return rules.hamming(first, imaging.examine(b, max_pixels=50_000_000).phash)


def upload(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg") -> Any:
    return SimpleUploadedFile(name, data, content_type=content_type)


def place(facility: Facility, where: tuple[float, float] | None = NINGBO) -> Facility:
    facility.latitude = None if where is None else Decimal(f"{where[0]:.6f}")
    facility.longitude = None if where is None else Decimal(f"{where[1]:.6f}")
    facility.save(update_fields=["latitude", "longitude"])
    return facility


def running(
    personas: Personas, order: Any = None, inspection_type: str = InspectionType.DUPRO
) -> Inspection:
    """An inspection of the personas' order (or `order`), booked and started now."""
    inspection = start(personas, book(personas, order, inspection_type))
    inspection.refresh_from_db()
    return inspection


def near(where: tuple[float, float], km_north: float) -> tuple[float, float]:
    """A point `km_north` kilometres north of `where` (1° of latitude ≈ 111.2 km)."""
    return where[0] + km_north / 111.195, where[1]
