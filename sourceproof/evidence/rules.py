"""The evidence rules as plain Python (no Django, no Pillow): when a photo's time, place and
perceptual hash count as evidence, and how the near-duplicate index is searched.

- time: `time_in_window` — the EXIF capture moment inside the inspection's window;
- place: `distance_km` (haversine on a sphere of radius 6,371.0088 km) against a limit;
- reuse: the Hamming distance between two 64-bit perceptual hashes, and the multi-index
  hashing that finds every stored hash within a distance without reading them all.

Multi-index hashing (Norouzi, Punjani and Fleet, 2012): a 64-bit hash is cut into `BANDS`
bands of 16 bits, each stored in its own indexed column. If two hashes differ in at most
`d` bits, those `d` bits fall into the 4 bands somehow, so (pigeonhole) at least one band
differs in at most `d // 4` bits. Searching every band for the values within
`r = d // 4` bits of the query's band (1 value for r = 0, 17 for r = 1, 137 for r = 2) is
therefore guaranteed to return every stored hash within `d`; the exact distance of those
candidates is then computed and the rest dropped. With random 64-bit hashes each band value
is shared by about N / 65,536 rows, so a search reads about 4 x probes x N / 65,536
candidates: ~1,000 at N = 1,000,000 and r = 1.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import zoneinfo
from functools import lru_cache
from itertools import combinations
from pathlib import Path

BANDS = 4
BAND_BITS = 16
BAND_MASK = (1 << BAND_BITS) - 1
HASH_BITS = BANDS * BAND_BITS
# The largest distance a search supports: beyond it (r = 3) a search probes 697 values a band.
MAX_SEARCH_DISTANCE = 3 * BANDS - 1
EARTH_RADIUS_KM = 6371.0088  # the mean radius (IUGG)

# --------------------------------------------------------------------------- hashes


def to_signed(value: int) -> int:
    """An unsigned 64-bit hash as the signed 64-bit integer a BIGINT column holds."""
    if not 0 <= value < 1 << HASH_BITS:
        raise ValueError(f"{value} is not an unsigned 64-bit value.")
    return value - (1 << HASH_BITS) if value >= 1 << (HASH_BITS - 1) else value


def to_unsigned(value: int) -> int:
    """The signed 64-bit integer from the database back as the unsigned hash."""
    return value + (1 << HASH_BITS) if value < 0 else value


def to_hex(value: int) -> str:
    return f"{to_unsigned(value):016x}"


def hamming(a: int, b: int) -> int:
    """How many of the 64 bits differ (signed or unsigned inputs alike)."""
    return ((a ^ b) & ((1 << HASH_BITS) - 1)).bit_count()


def bands(value: int) -> tuple[int, ...]:
    """The hash's 4 bands of 16 bits, most significant first (each 0..65,535)."""
    unsigned = to_unsigned(value)
    return tuple((unsigned >> (BAND_BITS * (BANDS - 1 - i))) & BAND_MASK for i in range(BANDS))


def band_radius(max_distance: int) -> int:
    """How many bits a band may differ in for a search to find every hash within
    `max_distance` (pigeonhole over the bands)."""
    if not 0 <= max_distance <= MAX_SEARCH_DISTANCE:
        raise ValueError(f"The distance must lie between 0 and {MAX_SEARCH_DISTANCE}.")
    return max_distance // BANDS


@lru_cache(maxsize=8)
def _flips(radius: int) -> tuple[int, ...]:
    masks = [0]
    for r in range(1, radius + 1):
        for bits in combinations(range(BAND_BITS), r):
            mask = 0
            for bit in bits:
                mask |= 1 << bit
            masks.append(mask)
    return tuple(masks)


def band_probes(value: int, max_distance: int) -> list[list[int]]:
    """For each band, every band value within `band_radius(max_distance)` bits of the
    query's: a stored hash within `max_distance` matches at least one of them exactly."""
    masks = _flips(band_radius(max_distance))
    return [sorted(band ^ mask for mask in masks) for band in bands(value)]


# --------------------------------------------------------------------------- place


def distance_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """The great-circle distance (haversine) between two points, in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lng2 - lng1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def place_ok(
    photo: tuple[float, float] | None, facility: tuple[float, float] | None, limit_km: float
) -> tuple[bool | None, float | None]:
    """(within the limit, the distance); (None, None) when either side has no position."""
    if photo is None or facility is None:
        return None, None
    km = distance_km(photo[0], photo[1], facility[0], facility[1])
    return km <= limit_km, km


# --------------------------------------------------------------------------- time


def time_in_window(
    taken_at: dt.datetime | None, start: dt.datetime, end: dt.datetime
) -> bool | None:
    """Whether the capture moment lies in [start, end] (both inclusive); None when the
    photo has no capture time."""
    if taken_at is None:
        return None
    if taken_at.tzinfo is None or start.tzinfo is None or end.tzinfo is None:
        raise ValueError("Compare aware moments only.")
    return start <= taken_at <= end


# --------------------------------------------------------------------------- local time

_TAB_COORD = re.compile(r"^([+-]\d{4,6})([+-]\d{5,7})$")


def _tab_degrees(text: str, degree_digits: int) -> float:
    sign = -1 if text[0] == "-" else 1
    digits = text[1:]
    degrees = int(digits[:degree_digits])
    minutes = int(digits[degree_digits : degree_digits + 2])
    seconds = int(digits[degree_digits + 2 :] or 0)
    return sign * (degrees + minutes / 60 + seconds / 3600)


@lru_cache(maxsize=1)
def _zones_by_country() -> dict[str, list[tuple[str, float, float]]]:
    """country code → [(zone, lat, lng)] from the system's zone.tab (IANA tz database)."""
    zones: dict[str, list[tuple[str, float, float]]] = {}
    for folder in zoneinfo.TZPATH:
        tab = Path(folder) / "zone.tab"
        if not tab.is_file():
            continue
        for line in tab.read_text(encoding="utf-8").splitlines():
            if not line or line.startswith("#"):
                continue
            parts = line.split("\t")
            found = _TAB_COORD.match(parts[1]) if len(parts) >= 3 else None
            if found is None:
                continue
            lat = _tab_degrees(found.group(1), 2)
            lng = _tab_degrees(found.group(2), 3)
            zones.setdefault(parts[0], []).append((parts[2], lat, lng))
        break
    return zones


def local_zone(country: str, lat: float | None = None, lng: float | None = None) -> str | None:
    """The IANA time zone of a place in `country`: the country's only zone, or (for a
    country with several) the one whose reference city lies nearest the coordinates, else
    the country's first listed zone. None when the country is unknown to the system's tz
    database."""
    candidates = _zones_by_country().get(country.upper(), [])
    if not candidates:
        return None
    if len(candidates) == 1 or lat is None or lng is None:
        return candidates[0][0]
    return min(candidates, key=lambda z: distance_km(lat, lng, z[1], z[2]))[0]
