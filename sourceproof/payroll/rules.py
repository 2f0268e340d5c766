"""From the legal-wage table to the analyser's rules: which row fits a facility on a day.

Pure functions over rows already read (no queries), so they are easy to test and the
selector that calls them runs one query.

Choosing a row for a facility (country, region, city) on a day:

1. only rows of the facility's country, without a sector (a sector's rate applies only when a
   person picks that row), in force on the day (`effective_from` ≤ day ≤ `effective_until`);
2. the most specific: a row naming the facility's city among its areas, then a row naming
   its region (as the region or among the areas), then a row for the whole country;
3. among those, the latest `effective_from`.

Names are compared ignoring case, accents, spaces, hyphens and a trailing "province",
"state", "division" or "city" ("Zhejiang Province" = "zhejiang", "Binh Duong" = "Bình Dương").
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from sourceproof.payroll.models import LegalWage

# Specificity of a match: a city named among the areas beats the region, which beats the country.
CITY, REGION, COUNTRY = 2, 1, 0

_SUFFIXES = re.compile(r"(province|state|division|city)$")


def normalise_place(name: str) -> str:
    """A place name for comparison: no accents, no case, no spaces or punctuation."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^0-9a-z]+", "", text.casefold().replace("đ", "d"))
    stripped = _SUFFIXES.sub("", text)
    return stripped or text


def in_force(row: LegalWage, day: dt.date) -> bool:
    return row.effective_from <= day and (row.effective_until is None or day <= row.effective_until)


def specificity(row: LegalWage, *, region: str, city: str) -> int | None:
    """How closely the row fits a facility in `region` and `city`; None: not at all."""
    if not row.region and not row.areas.strip():
        return COUNTRY
    names = {normalise_place(n) for n in row.area_names}
    names.discard("")
    if city and normalise_place(city) in names:
        return CITY
    if region and normalise_place(region) in names:
        return REGION
    return None


def choose_legal_wage(
    rows: Iterable[LegalWage], *, country: str, region: str, city: str, day: dt.date
) -> LegalWage | None:
    """The row for a facility on a day (see the module docstring), or None."""
    best: tuple[int, dt.date, int] | None = None
    chosen: LegalWage | None = None
    for row in rows:
        if row.country != country or row.sector or not in_force(row, day):
            continue
        fit = specificity(row, region=region, city=city)
        if fit is None:
            continue
        key = (fit, row.effective_from, row.pk or 0)
        if best is None or key > best:
            best, chosen = key, row
    return chosen


def _number(value: Decimal | float | int) -> float | int:
    """A JSON/TOML number: whole numbers as int where the analyser wants an integer."""
    number = float(value)
    return int(number) if number.is_integer() else number


def rules_mapping(row: LegalWage) -> dict[str, Any]:
    """The analyser's rule keys (as in a rules TOML) for a legal-wage row.

    Limits the row leaves empty are left out, so the ETI defaults apply.
    """
    mapping: dict[str, Any] = {
        "minimum_hourly_wage": float(row.minimum_hourly_wage),
        "currency": row.currency,
        "overtime_premium": {
            "working": float(row.overtime_premium_working),
            "rest": float(row.overtime_premium_rest),
            "holiday": float(row.overtime_premium_holiday),
        },
    }
    if row.weekly_regular_hours_max is not None:
        mapping["weekly_regular_hours_max"] = float(row.weekly_regular_hours_max)
    if row.weekly_total_hours_max is not None:
        mapping["weekly_total_hours_max"] = float(row.weekly_total_hours_max)
    if row.minimum_age is not None:
        mapping["minimum_age"] = row.minimum_age
    return mapping


def merge_overrides(base: Mapping[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    """The base rules with the overrides on top (`overtime_premium` merged key by key)."""
    merged = {k: (dict(v) if isinstance(v, Mapping) else v) for k, v in base.items()}
    for key, value in overrides.items():
        if key == "overtime_premium" and isinstance(value, Mapping):
            premium = dict(merged.get("overtime_premium") or {})
            premium.update(value)
            merged[key] = premium
        else:
            merged[key] = value
    return merged


def place_label(*, country: str, region: str, city: str) -> str:
    return ", ".join(p for p in (country, region, city) if p)
