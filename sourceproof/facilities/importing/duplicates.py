"""Likely duplicates among facilities: plain data in, pairs with a reason out (no Django models).

A new facility is a likely duplicate of another when

- it has the same normalised name in the same country (whatever the address: an identical
  address would normally have matched on import, so this means two OS IDs for one place, or a
  second spelling of the address);
- its coordinates lie within `NEAR_METRES` (200 m) of the other's;
- or it has the same Sedex site reference (ZS…) or the same amfori ID.

Pairs are only ever flagged for a person to review; nothing here merges anything.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

NEAR_METRES = 200.0
_EARTH_RADIUS_M = 6_371_008.8
_CELL_DEG = 0.002  # about 222 m of latitude: a point's neighbours lie in adjacent cells
_MAX_PAIRS_PER_SITE = 20


@dataclass(frozen=True)
class Site:
    ref: Hashable  # a facility id, or a row number for a facility not written yet
    name_key: str  # the normalised name (first part of the match key)
    address_key: str  # the normalised address (second part)
    country: str
    latitude: float | None = None
    longitude: float | None = None
    sedex_zs: str = ""
    amfori_id: str = ""


@dataclass(frozen=True)
class Pair:
    new: Site
    other: Site
    reason: str


def distance_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


class _Index:
    def __init__(self) -> None:
        self.by_name: dict[tuple[str, str], list[Site]] = defaultdict(list)
        self.by_sedex: dict[str, list[Site]] = defaultdict(list)
        self.by_amfori: dict[str, list[Site]] = defaultdict(list)
        self.by_cell: dict[tuple[int, int], list[Site]] = defaultdict(list)

    def add(self, site: Site) -> None:
        if site.name_key:
            self.by_name[(site.name_key, site.country)].append(site)
        if site.sedex_zs:
            self.by_sedex[site.sedex_zs].append(site)
        if site.amfori_id:
            self.by_amfori[site.amfori_id.casefold()].append(site)
        if site.latitude is not None and site.longitude is not None:
            self.by_cell[_cell(site.latitude, site.longitude)].append(site)

    def near(self, site: Site) -> list[tuple[Site, float]]:
        if site.latitude is None or site.longitude is None:
            return []
        lat, lng = site.latitude, site.longitude
        row, col = _cell(lat, lng)
        # A degree of longitude shrinks with latitude: look further east and west near the poles.
        cos_lat = max(math.cos(math.radians(lat)), 0.01)
        reach = min(math.ceil(NEAR_METRES / (111_320 * cos_lat * _CELL_DEG)), 500)
        found = []
        for r in (row - 1, row, row + 1):
            for c in range(col - reach, col + reach + 1):
                for other in self.by_cell.get((r, c), ()):
                    assert other.latitude is not None and other.longitude is not None
                    metres = distance_m(lat, lng, other.latitude, other.longitude)
                    if metres <= NEAR_METRES:
                        found.append((other, metres))
        return found


def _cell(lat: float, lng: float) -> tuple[int, int]:
    return (math.floor(lat / _CELL_DEG), math.floor(lng / _CELL_DEG))


def likely_duplicates(new: Sequence[Site], existing: Sequence[Site]) -> list[Pair]:
    """Pairs (new site, a site it resembles) with the reasons; each new site is compared with
    the existing ones and with the new ones before it, so a pair is reported once."""
    index = _Index()
    for site in existing:
        index.add(site)
    pairs: list[Pair] = []
    for site in new:
        reasons: dict[Hashable, tuple[Site, list[str]]] = {}

        def note(other: Site, reason: str, _reasons: dict = reasons, _site: Site = site) -> None:
            if other.ref == _site.ref:
                return
            _reasons.setdefault(other.ref, (other, []))[1].append(reason)

        for other in index.by_name.get((site.name_key, site.country), ()):
            if other.address_key == site.address_key:
                note(other, _("same name and address in the same country"))
            else:
                note(other, _("same name in the same country, different address"))
        for other, metres in index.near(site):
            note(other, _("coordinates %(metres)d m apart") % {"metres": round(metres)})
        if site.sedex_zs:
            for other in index.by_sedex.get(site.sedex_zs, ()):
                note(other, _("same Sedex site reference %(ref)s") % {"ref": site.sedex_zs})
        if site.amfori_id:
            for other in index.by_amfori.get(site.amfori_id.casefold(), ()):
                note(other, _("same amfori ID %(ref)s") % {"ref": site.amfori_id})
        for other, why in list(reasons.values())[:_MAX_PAIRS_PER_SITE]:
            pairs.append(Pair(new=site, other=other, reason="; ".join(why)[:200]))
        index.add(site)
    return pairs
