"""The columns an import understands: the project's template and Open Supply Hub's download.

A header is recognised after trimming, lower-casing and turning spaces and hyphens into
underscores, so "Postal code", "postal-code" and "postal_code" are the same column. Every
header not listed in `HEADER_FIELDS` is ignored and named as such in the report.
docs/facility-import.md is the reader's version of this module.
"""

from __future__ import annotations

import re

# The template, in order: what `facility_data:template` offers and an export starts from.
TEMPLATE_COLUMNS: tuple[str, ...] = (
    "supplier_number",
    "name",
    "address",
    "city",
    "region",
    "postal_code",
    "country",
    "latitude",
    "longitude",
    "os_id",
    "sedex_zs",
    "amfori_id",
    "product_categories",
    "worker_count",
)

# An export adds the facility code (so a re-import matches exactly) and two columns for
# people, which an import ignores.
EXPORT_COLUMNS: tuple[str, ...] = (
    "code",
    *TEMPLATE_COLUMNS,
    "supplier_name",
    "smeta_4p_valid_until",
)

# Recognised header → the internal field it fills. Two headers for one field: the first one
# in the file wins; the other is reported as ignored.
HEADER_FIELDS: dict[str, str] = {
    # the template (and an export)
    "code": "code",
    "facility_code": "code",
    "supplier_number": "supplier_number",
    "name": "name",
    "address": "address",
    "city": "city",
    "region": "region",
    "postal_code": "postal_code",
    "country": "country",
    "latitude": "latitude",
    "longitude": "longitude",
    "os_id": "os_id",
    "sedex_zs": "sedex_zs",
    "amfori_id": "amfori_id",
    "product_categories": "product_categories",
    "worker_count": "worker_count",
    # Open Supply Hub's facility download (os_id, name and address are shared with the template)
    "country_code": "country",
    "lat": "latitude",
    "lng": "longitude",
    "number_of_workers": "os_number_of_workers",
    "product_type": "os_product_type",
    "is_closed": "os_is_closed",
}

# Fields every row must fill (the column may carry another recognised header, e.g. country_code).
REQUIRED_FIELDS: tuple[str, ...] = ("name", "address", "country")

# The column name a person reads in messages about a field the file does not carry.
FIELD_LABELS: dict[str, str] = {
    "os_number_of_workers": "number_of_workers",
    "os_product_type": "product_type",
    "os_is_closed": "is_closed",
}

_HEADER_CLEAN = re.compile(r"[\s\-]+")


def normalise_header(header: object) -> str:
    text = "" if header is None else str(header)
    return _HEADER_CLEAN.sub("_", text.replace("\ufeff", "").strip().lower()).strip("_")


def map_headers(headers: list[str]) -> tuple[dict[str, int], dict[str, str], list[str]]:
    """(field → column index, field → header as written, ignored headers as written)."""
    positions: dict[str, int] = {}
    labels: dict[str, str] = {}
    ignored: list[str] = []
    for index, header in enumerate(headers):
        field = HEADER_FIELDS.get(normalise_header(header))
        if field is None or field in positions:
            if str(header or "").strip():
                ignored.append(str(header).strip())
            continue
        positions[field] = index
        labels[field] = str(header).strip()
    return positions, labels, ignored
