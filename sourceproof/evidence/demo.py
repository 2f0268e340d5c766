"""Demo photos, drawn with Pillow at run time (no binary in the repository): every started
inspection gets a few photos of the product on the factory table, with EXIF capture time
(the facility's local time and UTC offset) and a GPS position a few hundred metres from the
facility, attached to its first checkpoints; PSIs get photos for the golden-sample
checkpoint, and PPIs with an approved golden sample get the golden sample's sides. Three
photos are there to be caught:

- a reused photo: a later inspection carries a resized, recompressed copy (EXIF stripped, as
  a chat app does) of a photo of an earlier inspection: flagged reused (and no EXIF);
- a photo taken far away: GPS about 50 km north of the facility: flagged place;
- a screenshot-like PNG without any EXIF: flagged no EXIF.

`load_evidence_demo()` is idempotent: each demo photo has a fixed client_uid (derived from
the report number and its slot) and is skipped when present. Thumbnails are made at once.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import uuid
import zoneinfo
from dataclasses import dataclass, field

from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from sourceproof.evidence import rules, services
from sourceproof.evidence.models import Photo
from sourceproof.inspections.models import (
    GOLDEN_SAMPLE_CHECKPOINT,
    CheckpointResult,
    GoldenSample,
    Inspection,
    InspectionStatus,
    InspectionType,
)

NAMESPACE = uuid.UUID("5b0e2a4c-8f61-4f7e-9d1e-3c0b6a9e2f11")
SIZE = (1024, 768)
FAR_KM = 50.0
PHOTOS_PER_INSPECTION = 2
PNG_SIGNATURE = b"\x89PNG"


@dataclass
class EvidenceDemoResult:
    created: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str) -> None:
        self.created[kind] = self.created.get(kind, 0) + 1


# --------------------------------------------------------------------------- drawing


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow without FreeType
        return ImageFont.load_default()


def draw_product(seed: int, *, label: str, colour_seed: int) -> Image.Image:
    """A product on a factory table: the product's colours come from `colour_seed` (the same
    for every photo of one order), the scene (table, position, size, clutter) from `seed`."""
    rnd = random.Random(seed)
    colours = random.Random(colour_seed)
    body = tuple(colours.randint(20, 230) for _ in range(3))
    logo = tuple(255 - c for c in body)
    w, h = SIZE
    table = tuple(rnd.randint(120, 210) for _ in range(3))
    image = Image.new("RGB", SIZE, table)
    draw = ImageDraw.Draw(image)
    for _ in range(rnd.randint(6, 12)):  # clutter: cartons, tape, tools
        x, y = rnd.randint(-100, w), rnd.randint(-100, h)
        shade = tuple(max(0, min(255, c + rnd.randint(-70, 70))) for c in table)
        draw.rectangle([x, y, x + rnd.randint(60, 360), y + rnd.randint(40, 260)], fill=shade)
    pw, ph = rnd.randint(260, 420), rnd.randint(300, 460)
    x0, y0 = rnd.randint(40, w - pw - 140), rnd.randint(40, h - ph - 60)
    draw.rounded_rectangle([x0, y0, x0 + pw, y0 + ph], radius=28, fill=body, outline=(30, 30, 30))
    draw.arc(
        [x0 + pw - 30, y0 + ph // 4, x0 + pw + 110, y0 + ph * 3 // 4],
        start=-90,
        end=90,
        fill=(30, 30, 30),
        width=18,
    )
    draw.rectangle([x0 + pw // 5, y0 + ph // 3, x0 + pw * 4 // 5, y0 + ph // 2], fill=logo)
    draw.text((x0 + pw // 5 + 10, y0 + ph // 3 + 10), "LOGO", fill=body, font=_font(36))
    draw.rectangle([20, h - 70, 520, h - 20], fill=(250, 250, 245), outline=(40, 40, 40))
    draw.text((32, h - 62), label, fill=(20, 20, 20), font=_font(26))
    return _lit(image, rnd)


def _lit(image: Image.Image, rnd: random.Random) -> Image.Image:
    """Uneven light, as in a factory hall: a coarse pattern of brighter and darker patches
    of its own per photo, so that no two demo scenes look alike to the perceptual hash
    (without it two scenes of one order once came within the reuse distance)."""
    w, h = image.size
    small = Image.new("L", (4, 4))
    small.putdata([rnd.randint(40, 255) for _ in range(16)])
    shade = small.resize((w, h), Image.Resampling.BILINEAR)
    return Image.composite(image, Image.new("RGB", (w, h), (0, 0, 0)), shade)


def _exif(
    taken: dt.datetime | None, zone: str | None, where: tuple[float, float] | None
) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "sourceproof"
    exif[0x0110] = "demo camera"
    if taken is not None:
        local = taken.astimezone(zoneinfo.ZoneInfo(zone)) if zone else taken
        offset = local.utcoffset() or dt.timedelta()
        minutes = int(offset.total_seconds() // 60)
        sign = "-" if minutes < 0 else "+"
        ifd = exif.get_ifd(0x8769)
        ifd[0x9003] = local.strftime("%Y:%m:%d %H:%M:%S")
        ifd[0x9011] = f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    if where is not None:
        gps = exif.get_ifd(0x8825)
        for ref_tag, tag, value, positive, negative in (
            (1, 2, where[0], "N", "S"),
            (3, 4, where[1], "E", "W"),
        ):
            gps[ref_tag] = positive if value >= 0 else negative
            degrees = abs(value)
            whole = int(degrees)
            minutes_f = (degrees - whole) * 60
            gps[tag] = (float(whole), float(int(minutes_f)), round((minutes_f % 1) * 60, 3))
    return exif


def _jpeg(image: Image.Image, exif: Image.Exif | None, quality: int = 85) -> bytes:
    out = io.BytesIO()
    if exif is not None:
        image.save(out, "JPEG", quality=quality, exif=exif)
    else:
        image.save(out, "JPEG", quality=quality)
    return out.getvalue()


def reencoded(data: bytes, scale: float = 0.8, quality: int = 72) -> bytes:
    """What a chat app makes of a photo: smaller, recompressed, EXIF gone."""
    image = Image.open(io.BytesIO(data)).convert("RGB")
    smaller = image.resize((int(image.width * scale), int(image.height * scale)))
    return _jpeg(smaller, None, quality)


def screenshot(label: str) -> bytes:
    image = Image.new("RGB", (750, 1334), (245, 245, 247))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, 750, 120], fill=(30, 30, 30))
    draw.text((30, 40), "12:41  chat", fill=(255, 255, 255), font=_font(34))
    draw.rounded_rectangle([40, 200, 710, 900], radius=24, fill=(220, 235, 220))
    draw.text((70, 240), label, fill=(20, 20, 20), font=_font(30))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


# --------------------------------------------------------------------------- loading


def _uid(inspection: Inspection, slot: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"{inspection.report_number}/{slot}")


def _place(inspection: Inspection) -> tuple[float, float] | None:
    f = inspection.facility
    if f.latitude is None or f.longitude is None:
        return None
    return float(f.latitude), float(f.longitude)


def _zone(inspection: Inspection) -> str | None:
    where = _place(inspection)
    return (
        rules.local_zone(inspection.facility.country, *(where if where else (None, None))) or None
    )


def _moments(inspection: Inspection, n: int, now: dt.datetime) -> list[dt.datetime]:
    """n capture moments spread over the time the inspection ran."""
    start = inspection.started_at or now
    end = inspection.submitted_at or now
    if end <= start:
        end = start + dt.timedelta(minutes=n + 1)
    step = (end - start) / (n + 1)
    return [start + step * (i + 1) for i in range(n)]


def _jitter(where: tuple[float, float], seed: int, km: float = 0.3) -> tuple[float, float]:
    rnd = random.Random(seed)
    return (
        where[0] + rnd.uniform(-km, km) / 111.195,
        where[1] + rnd.uniform(-km, km) / 111.195,
    )


def _add(
    result: EvidenceDemoResult,
    inspection: Inspection,
    slot: str,
    data: bytes,
    taken: dt.datetime,
    now: dt.datetime,
    *,
    checkpoint_result: CheckpointResult | None = None,
    golden_sample: GoldenSample | None = None,
    side: str = "",
) -> Photo:
    received = min(taken + dt.timedelta(minutes=2), max(taken, now))
    photo = services.photo_import(
        inspection=inspection,
        data=data,
        by=inspection.inspector,
        received_at=received,
        name=f"{slot}.{'png' if data.startswith(PNG_SIGNATURE) else 'jpg'}",
        client_uid=_uid(inspection, slot),
        checkpoint_result=checkpoint_result,
        golden_sample=golden_sample,
        side=side,
    )
    if photo.created_now:
        result.count("photos")
        services.photo_thumbnail_make(photo_id=photo.pk)
    return photo


REQUIRED_SPAN = dt.timedelta(hours=4)


def photograph_required(
    inspection: Inspection, *, now: dt.datetime | None = None
) -> EvidenceDemoResult:
    """Take the photos each checkpoint of a running inspection still needs before it can be
    submitted (the evidence app's submit check, `services.photos_missing`), as its inspector
    would: drawn scenes with EXIF time in the facility's zone and GPS near the facility, taken
    between the start and four hours later (or now, if sooner). The PSI's golden-sample
    checkpoint gets the front and the back. Idempotent (fixed slots); the inspections demo
    calls it before it submits, `load_evidence_demo` adds the rest afterwards."""
    result = EvidenceDemoResult()
    now = now or timezone.now()
    start = inspection.started_at or now
    end = min(now, start + REQUIRED_SPAN)
    if end <= start:
        end = start + dt.timedelta(minutes=10)
    specs = {
        c["key"]: int(c.get("required_photos") or 0)
        for c in (inspection.checklist_snapshot or {}).get("checkpoints", [])
    }
    wanted = []
    for result_row in inspection.checkpoint_results.order_by("position", "id"):
        have = Photo.objects.filter(checkpoint_result=result_row).count()
        for k in range(have, specs.get(result_row.key, 0)):
            if result_row.key == GOLDEN_SAMPLE_CHECKPOINT and k < 2:
                side = ("front", "back")[k]
                wanted.append((result_row, f"golden-check-{side}", side, 100 + k))
            else:
                wanted.append((result_row, f"required-{result_row.key}-{k}", "", 300 + len(wanted)))
    if not wanted:
        return result
    where = _place(inspection)
    zone = _zone(inspection)
    step = (end - start) / (len(wanted) + 1)
    colour_seed = int(uuid.uuid5(NAMESPACE, inspection.order.number).int % 1_000_000)
    seed_base = int(uuid.uuid5(NAMESPACE, inspection.report_number).int % 1_000_000)
    for n, (result_row, slot, side, offset) in enumerate(wanted, start=1):
        taken = start + step * n
        label = f"{inspection.report_number} · {side or result_row.title[:24]}"
        image = draw_product(seed_base + offset, label=label, colour_seed=colour_seed)
        gps = _jitter(where, seed_base + offset) if where else None
        data = _jpeg(image, _exif(taken, zone, gps))
        _add(result, inspection, slot, data, taken, now, checkpoint_result=result_row, side=side)
    return result


def load_evidence_demo(*, now: dt.datetime | None = None) -> EvidenceDemoResult:
    """Photos for every started (not cancelled) inspection; rows already present are kept."""
    result = EvidenceDemoResult()
    now = now or timezone.now()
    inspections = list(
        Inspection.objects.filter(
            status__in=[
                InspectionStatus.IN_PROGRESS,
                InspectionStatus.SUBMITTED,
                InspectionStatus.REVIEWED,
            ],
            started_at__isnull=False,
        )
        .select_related("facility", "order", "inspector")
        .order_by("started_at", "id")
    )
    if not inspections:
        return result
    present = set(
        Photo.objects.filter(client_uid__isnull=False).values_list("inspection_id", "client_uid")
    )
    golden = {g.approved_in_id: g for g in GoldenSample.objects.filter(approved_in__isnull=False)}
    with_place = [i for i in inspections if _place(i) is not None]
    far_target = next(
        (i for i in with_place if i.status == InspectionStatus.SUBMITTED),
        with_place[-1] if with_place else None,
    )
    reviewed = [i for i in inspections if i.status == InspectionStatus.REVIEWED]
    reuse_source = reviewed[0] if len(reviewed) >= 2 else None
    reuse_target = reviewed[-1] if len(reviewed) >= 2 else None
    screenshot_target = next(
        (i for i in inspections if i.status == InspectionStatus.IN_PROGRESS), inspections[-1]
    )
    originals: dict[int, bytes] = {}

    for inspection in inspections:
        checkpoints = list(inspection.checkpoint_results.order_by("position", "id"))
        where = _place(inspection)
        zone = _zone(inspection)
        moments = _moments(inspection, PHOTOS_PER_INSPECTION + 2, now)
        colour_seed = int(uuid.uuid5(NAMESPACE, inspection.order.number).int % 1_000_000)
        seed_base = int(uuid.uuid5(NAMESPACE, inspection.report_number).int % 1_000_000)
        for i in range(PHOTOS_PER_INSPECTION):
            slot = f"photo-{i}"
            gps = _jitter(where, seed_base + i) if where else None
            if inspection == far_target and i == 1 and where is not None:
                gps = _north_of(where, FAR_KM)
                slot = "photo-far"
            kept_for_reuse = inspection == reuse_source and i == 0
            if (inspection.pk, _uid(inspection, slot)) in present and not kept_for_reuse:
                continue
            image = draw_product(
                seed_base + i,
                label=f"{inspection.report_number} · {i + 1}",
                colour_seed=colour_seed,
            )
            data = _jpeg(image, _exif(moments[i], zone, gps))
            if kept_for_reuse:  # drawn again on a second run: the copy needs the bytes
                originals[inspection.pk] = data
            if (inspection.pk, _uid(inspection, slot)) in present:
                continue
            checkpoint = checkpoints[i] if i < len(checkpoints) else None
            _add(result, inspection, slot, data, moments[i], now, checkpoint_result=checkpoint)
        if inspection.inspection_type == InspectionType.PSI:
            result_row = next((c for c in checkpoints if c.key == GOLDEN_SAMPLE_CHECKPOINT), None)
            for j, side in enumerate(("front", "back")):
                slot = f"golden-check-{side}"
                if result_row is None or (inspection.pk, _uid(inspection, slot)) in present:
                    continue
                image = draw_product(
                    seed_base + 100 + j,
                    label=f"{inspection.report_number} · {side}",
                    colour_seed=colour_seed,
                )
                gps = _jitter(where, seed_base + 100 + j) if where else None
                taken = moments[PHOTOS_PER_INSPECTION + j]
                data = _jpeg(image, _exif(taken, zone, gps))
                _add(
                    result,
                    inspection,
                    slot,
                    data,
                    taken,
                    now,
                    checkpoint_result=result_row,
                    side=side,
                )
        sample = golden.get(inspection.pk)
        if sample is not None:
            for j, side in enumerate(("front", "back", "top")):
                slot = f"golden-{side}"
                if (inspection.pk, _uid(inspection, slot)) in present:
                    continue
                image = draw_product(
                    seed_base + 200 + j,
                    label=f"{sample.seal_number} · {side}",
                    colour_seed=colour_seed,
                )
                gps = _jitter(where, seed_base + 200 + j) if where else None
                taken = moments[min(j, len(moments) - 1)]
                data = _jpeg(image, _exif(taken, zone, gps))
                _add(
                    result,
                    inspection,
                    slot,
                    data,
                    taken,
                    now,
                    golden_sample=sample,
                    side=side,
                )

    if reuse_source is not None and reuse_target is not None:
        slot = "reused"
        if (reuse_target.pk, _uid(reuse_target, slot)) not in present:
            original = originals.get(reuse_source.pk)
            if original is not None:
                taken = _moments(reuse_target, 1, now)[0]
                _add(result, reuse_target, slot, reencoded(original), taken, now)
    slot = "screenshot"
    if (screenshot_target.pk, _uid(screenshot_target, slot)) not in present:
        taken = _moments(screenshot_target, 1, now)[0]
        data = screenshot(f"{screenshot_target.report_number}: carton marks")
        _add(result, screenshot_target, slot, data, taken, now)
    return result


def _north_of(where: tuple[float, float], km: float) -> tuple[float, float]:
    """A point `km` kilometres due north (1 degree of latitude is about 111.2 km)."""
    return where[0] + km / 111.195, where[1]
