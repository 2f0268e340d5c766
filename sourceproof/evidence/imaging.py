"""Reading an uploaded photo by its content (Pillow, no Django): what it is, whether it is
whole, how big, its EXIF capture time and position, its perceptual hash; and thumbnails.

`examine(data, max_pixels=...)` never trusts the file name or the browser's content type:
the bytes must open as JPEG, PNG, HEIC/HEIF or WebP, declare at most `max_pixels` pixels,
and decode completely (a truncated or corrupt file is refused). A refusal is an
`ImageRefused` with a `code` and parameters; the caller words the message.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import math
import re
import warnings
from dataclasses import dataclass, field
from typing import Any

import imagehash
import pillow_heif
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

pillow_heif.register_heif_opener()

# Pillow format name → (content type, file extension). HEIF covers HEIC (iPhone photos).
FORMATS: dict[str, tuple[str, str]] = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
    "HEIF": ("image/heic", "heic"),
}
# Formats a browser shows as they are; others (HEIC) get a JPEG rendition for display.
BROWSER_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
# JPEGs are decoded at a reduced scale for hashing (DCT scaling: fast, and still complete).
HASH_DECODE_SIZE = 512

# EXIF tags (EXIF 2.32 / CIPA DC-008).
TAG_ORIENTATION = 0x0112
IFD_EXIF = 0x8769
IFD_GPS = 0x8825
TAG_DATETIME_ORIGINAL = 0x9003
TAG_DATETIME_DIGITIZED = 0x9004
TAG_OFFSET_TIME = 0x9010
TAG_OFFSET_TIME_ORIGINAL = 0x9011
TAG_OFFSET_TIME_DIGITIZED = 0x9012
GPS_LAT_REF, GPS_LAT, GPS_LNG_REF, GPS_LNG = 1, 2, 3, 4

_OFFSET = re.compile(r"^([+-])(\d{2}):(\d{2})$")
_BOMB_PIXELS = re.compile(r"\((\d+) pixels\)")


class ImageRefused(ValueError):
    """The upload is not a photo we accept. `code` is one of: empty, not_image,
    too_many_pixels (params: megapixels), damaged."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class ExifFacts:
    present: bool = False  # the file carries an EXIF block at all
    taken_raw: str = ""  # DateTimeOriginal as written, e.g. "2026:03:04 10:11:12"
    taken_local: dt.datetime | None = None  # the same, parsed (naive: camera's local time)
    offset_raw: str = ""  # OffsetTimeOriginal (or OffsetTime), e.g. "+08:00"
    offset: dt.timedelta | None = None
    latitude: float | None = None
    longitude: float | None = None

    @property
    def taken_at(self) -> dt.datetime | None:
        """The capture moment when the camera wrote its UTC offset; else None."""
        if self.taken_local is None or self.offset is None:
            return None
        return self.taken_local.replace(tzinfo=dt.timezone(self.offset))


@dataclass(frozen=True)
class PhotoFacts:
    format: str  # JPEG, PNG, WEBP or HEIF
    content_type: str
    extension: str
    width: int  # as displayed (EXIF orientation applied)
    height: int
    size_bytes: int
    sha256: str
    phash: int  # unsigned 64-bit perceptual hash (DCT pHash of the upright image)
    exif: ExifFacts = field(default_factory=ExifFacts)


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _open(data: bytes, max_pixels: int) -> Image.Image:
    """Open (header only) as one of the accepted formats, within the pixel limit."""
    if not data:
        raise ImageRefused("empty")
    with warnings.catch_warnings():
        # Pillow warns past Image.MAX_IMAGE_PIXELS and refuses past twice that; both are
        # refusals here (our own, lower limit is checked right after opening).
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=list(FORMATS))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            found = _BOMB_PIXELS.search(str(error))
            pixels = int(found.group(1)) if found else 0
            raise ImageRefused("too_many_pixels", megapixels=pixels / 1e6) from None
        except UnidentifiedImageError:
            raise ImageRefused("not_image") from None
        except Exception:  # a header so broken that the plugin fails outright
            raise ImageRefused("damaged") from None
    if image.format not in FORMATS:
        raise ImageRefused("not_image")
    width, height = image.size
    if width <= 0 or height <= 0:
        raise ImageRefused("damaged")
    if width * height > max_pixels:
        raise ImageRefused("too_many_pixels", megapixels=width * height / 1e6)
    return image


def examine(data: bytes, *, max_pixels: int) -> PhotoFacts:
    """Everything stored about a photo, or `ImageRefused`."""
    image = _open(data, max_pixels)
    fmt = str(image.format)
    exif, orientation = _exif_of(image)
    width, height = image.size
    if orientation in {5, 6, 7, 8}:
        width, height = height, width
    if fmt == "JPEG":
        image.draft("RGB", (HASH_DECODE_SIZE, HASH_DECODE_SIZE))
    # WeasyPrint sets Pillow's process-wide LOAD_TRUNCATED_IMAGES to True when it is imported
    # (the report renderer runs in the same process); evidence must refuse a truncated file.
    tolerant = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        image.load()  # decodes every byte: a truncated or corrupt file fails here
        upright = _upright(image)
        phash = int(str(imagehash.phash(upright)), 16)
    except Exception:
        raise ImageRefused("damaged") from None
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = tolerant
    content_type, extension = FORMATS[fmt]
    if fmt == "HEIF":
        content_type = getattr(image, "get_format_mimetype", lambda: None)() or content_type
    return PhotoFacts(
        format=fmt,
        content_type=content_type,
        extension=extension,
        width=width,
        height=height,
        size_bytes=len(data),
        sha256=sha256_of(data),
        phash=phash,
        exif=exif,
    )


def _upright(image: Image.Image) -> Image.Image:
    try:
        return ImageOps.exif_transpose(image)
    except Exception:  # an unreadable orientation: take the pixels as stored
        return image


# --------------------------------------------------------------------------- EXIF


def _exif_of(image: Image.Image) -> tuple[ExifFacts, int]:
    raw = image.info.get("exif")
    try:
        exif = image.getexif()
    except Exception:
        return ExifFacts(present=bool(raw)), 1
    present = bool(raw) or len(exif) > 0
    if not present:
        return ExifFacts(), 1
    orientation = exif.get(TAG_ORIENTATION, 1)
    try:
        main = exif.get_ifd(IFD_EXIF)
    except Exception:
        main = {}
    try:
        gps = exif.get_ifd(IFD_GPS)
    except Exception:
        gps = {}
    taken_raw = _text(main.get(TAG_DATETIME_ORIGINAL)) or _text(main.get(TAG_DATETIME_DIGITIZED))
    offset_raw = (
        _text(main.get(TAG_OFFSET_TIME_ORIGINAL))
        or _text(main.get(TAG_OFFSET_TIME))
        or _text(main.get(TAG_OFFSET_TIME_DIGITIZED))
    )
    position = _position(gps)
    return (
        ExifFacts(
            present=True,
            taken_raw=taken_raw,
            taken_local=parse_exif_datetime(taken_raw),
            offset_raw=offset_raw,
            offset=parse_exif_offset(offset_raw),
            latitude=position[0] if position else None,
            longitude=position[1] if position else None,
        ),
        orientation if isinstance(orientation, int) else 1,
    )


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    return str(value).strip("\x00 ").strip()


def parse_exif_datetime(text: str) -> dt.datetime | None:
    """EXIF's 'YYYY:MM:DD HH:MM:SS' (naive); None when blank or invalid."""
    text = text.strip("\x00 ")
    if not text:
        return None
    for pattern in ("%Y:%m:%d %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y:%m:%d %H:%M"):
        try:
            return dt.datetime.strptime(text[:19], pattern)
        except ValueError:
            continue
    return None


def parse_exif_offset(text: str) -> dt.timedelta | None:
    """EXIF's '+HH:MM' or '-HH:MM' (within ±14 h); None when absent or invalid."""
    found = _OFFSET.match(text.strip())
    if not found:
        return None
    sign, hours, minutes = found.groups()
    delta = dt.timedelta(hours=int(hours), minutes=int(minutes))
    if delta > dt.timedelta(hours=14) or int(minutes) >= 60:
        return None
    return -delta if sign == "-" else delta


def _degrees(value: Any) -> float | None:
    try:
        parts = [float(v) for v in value]
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    if not parts or len(parts) > 3 or not all(math.isfinite(p) for p in parts):
        return None
    parts += [0.0] * (3 - len(parts))
    return parts[0] + parts[1] / 60 + parts[2] / 3600


def _position(gps: Any) -> tuple[float, float] | None:
    """Signed decimal degrees from the GPS IFD; None when absent, invalid, or exactly 0/0
    (what a phone writes without a fix)."""
    if not gps:
        return None
    lat, lng = _degrees(gps.get(GPS_LAT)), _degrees(gps.get(GPS_LNG))
    if lat is None or lng is None:
        return None
    if _text(gps.get(GPS_LAT_REF)).upper() == "S":
        lat = -lat
    if _text(gps.get(GPS_LNG_REF)).upper() == "W":
        lng = -lng
    if not (-90 <= lat <= 90 and -180 <= lng <= 180) or (lat == 0 and lng == 0):
        return None
    return round(lat, 6), round(lng, 6)


# --------------------------------------------------------------------------- renditions


def rendition_jpeg(data: bytes, *, max_side: int, quality: int = 82) -> bytes:
    """An upright JPEG no larger than max_side on its longest side (thumbnails, and the
    displayable copy of a HEIC photo). Transparency is laid on white."""
    opened = Image.open(io.BytesIO(data), formats=list(FORMATS))
    if opened.format == "JPEG":
        opened.draft("RGB", (max_side, max_side))
    opened.load()
    image = _upright(opened)
    if image.mode in {"RGBA", "LA"} or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    elif image.mode != "RGB":
        image = image.convert("RGB")
    image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, optimize=True)
    return out.getvalue()
