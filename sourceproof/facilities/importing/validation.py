"""Validate an import table row by row and plan what applying it would change.

Validation reads the registry once (`load_lookups`: suppliers, product categories, facilities
and their categories — four queries whatever the file's size) and then works in memory. The
result is a `Plan`: the problems found (row, column, value, problem), warnings, and per row
whether it creates a facility, updates one (with the field differences) or changes nothing.
The same function runs again inside the apply transaction, so what is written is what the
registry looks like at that moment, not at upload.

Rules (docs/facility-import.md says the same for people):

- A row matches an existing facility on its facility code (an export carries it), else on its
  OS ID, else on `facility_match_key(name, address, country)`; a key match is skipped when both
  sides carry different OS IDs.
- An empty cell keeps the registry's value; an import never clears a field.
- Field rules are the model's validators (country, OS ID, Sedex ZS, lengths, coordinate ranges);
  the country must also be an assigned ISO 3166-1 alpha-2 code.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sourceproof.facilities.countries import validate_country_code
from sourceproof.facilities.importing.columns import (
    FIELD_LABELS,
    REQUIRED_FIELDS,
    map_headers,
)
from sourceproof.facilities.importing.duplicates import Site, likely_duplicates
from sourceproof.facilities.importing.reading import Table
from sourceproof.facilities.models import Facility, ProductCategory, Supplier
from sourceproof.facilities.normalise import facility_match_key

# The facility fields an import writes (besides supplier, on create, and product categories).
UPDATABLE_FIELDS: tuple[str, ...] = (
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
    "worker_count",
)
_TEXT_FIELDS = ("name", "address", "city", "region", "postal_code", "amfori_id")
_SIX_PLACES = Decimal("0.000001")
_WHOLE = re.compile(r"^\d+$")
_RANGE = re.compile(r"^(\d+)\s*-\s*(\d+)$")
_TRUE = {"true", "yes", "1", "y"}

# How much of a report is kept: enough to fix a file, bounded for a 20,000-row upload.
MAX_ERRORS = 500
MAX_WARNINGS = 200
MAX_LISTED = 200


@dataclass
class Issue:
    row: int
    column: str
    value: str
    problem: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "problem": self.problem,
        }


@dataclass
class ExistingFacility:
    id: int
    code: str
    supplier_id: int
    values: dict[str, Any]
    categories: set[int]
    name_key: str
    address_key: str


@dataclass
class Lookups:
    suppliers: dict[str, tuple[int, str]]  # supplier number (case-folded) → (id, number)
    supplier_numbers: dict[int, str]
    categories: dict[str, int]  # code (case-folded) → id
    category_names: dict[str, int]  # name (case-folded) → id
    category_codes: dict[int, str]
    facilities: dict[int, ExistingFacility]
    by_code: dict[str, int]
    by_os_id: dict[str, int]
    by_key: dict[str, list[int]]


def load_lookups() -> Lookups:
    """Everything validation needs from the database, in four queries."""
    suppliers: dict[str, tuple[int, str]] = {}
    supplier_numbers: dict[int, str] = {}
    for sid, number in Supplier.objects.values_list("id", "supplier_number"):
        suppliers[number.casefold()] = (sid, number)
        supplier_numbers[sid] = number
    categories: dict[str, int] = {}
    category_names: dict[str, int] = {}
    category_codes: dict[int, str] = {}
    for cid, code, name in ProductCategory.objects.values_list("id", "code", "name"):
        categories[code.casefold()] = cid
        category_names[name.casefold()] = cid
        category_codes[cid] = code
    through = Facility.product_categories.through
    facility_categories: dict[int, set[int]] = defaultdict(set)
    for fid, cid in through.objects.values_list("facility_id", "productcategory_id"):
        facility_categories[fid].add(cid)
    facilities: dict[int, ExistingFacility] = {}
    by_code: dict[str, int] = {}
    by_os_id: dict[str, int] = {}
    by_key: dict[str, list[int]] = defaultdict(list)
    for row in Facility.objects.values("id", "code", "supplier_id", *UPDATABLE_FIELDS).order_by(
        "id"
    ):
        key = facility_match_key(row["name"], row["address"], row["country"])
        name_key, address_key, _country = key.split("|", 2)
        existing = ExistingFacility(
            id=row["id"],
            code=row["code"],
            supplier_id=row["supplier_id"],
            values={name: row[name] for name in UPDATABLE_FIELDS},
            categories=facility_categories.get(row["id"], set()),
            name_key=name_key,
            address_key=address_key,
        )
        facilities[existing.id] = existing
        by_code[existing.code.casefold()] = existing.id
        if existing.values["os_id"]:
            by_os_id[existing.values["os_id"]] = existing.id
        by_key[key].append(existing.id)
    return Lookups(
        suppliers=suppliers,
        supplier_numbers=supplier_numbers,
        categories=categories,
        category_names=category_names,
        category_codes=category_codes,
        facilities=facilities,
        by_code=by_code,
        by_os_id=by_os_id,
        by_key=dict(by_key),
    )


@dataclass
class RowPlan:
    row: int
    action: str  # "create", "update" or "unchanged"
    facility_id: int | None
    code: str  # the existing facility's code ("" for a new one)
    supplier_id: int
    values: dict[str, Any]  # the target value of every updatable field
    categories: set[int]
    changes: dict[str, list[Any]] = field(default_factory=dict)
    categories_changed: bool = False
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (other, reason)
    match_key: str = ""

    def __post_init__(self) -> None:
        if not self.match_key:
            self.match_key = facility_match_key(
                self.values["name"], self.values["address"], self.values["country"]
            )


@dataclass
class Plan:
    format: str
    rows_total: int
    mapped: dict[str, str]  # header as written → what it fills
    ignored: list[str]
    supplier_number: str
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    rows: list[RowPlan] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def of(self, action: str) -> list[RowPlan]:
        return [r for r in self.rows if r.action == action]

    def counts(self) -> dict[str, int]:
        return {
            "rows": self.rows_total,
            "create": sum(1 for r in self.rows if r.action == "create"),
            "update": sum(1 for r in self.rows if r.action == "update"),
            "unchanged": sum(1 for r in self.rows if r.action == "unchanged"),
            "duplicates": sum(1 for r in self.rows if r.action == "create" and r.duplicates),
            "errors": len(self.errors),
            "warnings": len(self.warnings),
        }

    def report(self) -> dict[str, Any]:
        """The plan as JSON for `FacilityImport.report`, lists cut to a readable length."""
        updates = [
            {"row": r.row, "facility": r.code, "changes": r.changes} for r in self.of("update")
        ]
        duplicates = [
            {"row": r.row, "name": r.values["name"], "similar_to": other, "reason": reason}
            for r in self.of("create")
            for other, reason in r.duplicates
        ]
        return {
            "format": self.format,
            "supplier_number": self.supplier_number,
            "columns": {"mapped": self.mapped, "ignored": self.ignored},
            "counts": self.counts(),
            "errors": [i.as_dict() for i in self.errors[:MAX_ERRORS]],
            "warnings": [i.as_dict() for i in self.warnings[:MAX_WARNINGS]],
            "updates": updates[:MAX_LISTED],
            "duplicates": duplicates[:MAX_LISTED],
        }


_MAPPED_TARGET = {
    "os_number_of_workers": "worker_count",
    "os_product_type": "product_categories",
    "os_is_closed": "is_closed (warning only)",
}

ProgressCallback = Callable[[int, int], None]


def validate_table(
    table: Table,
    *,
    supplier_number: str = "",
    lookups: Lookups | None = None,
    progress: ProgressCallback | None = None,
) -> Plan:
    """Check every row; plan creates, updates and unchanged rows; find likely duplicates."""
    lookups = lookups or load_lookups()
    positions, labels, ignored = map_headers(table.header)
    plan = Plan(
        format=table.format,
        rows_total=len(table.rows),
        mapped={labels[f]: _MAPPED_TARGET.get(f, f) for f in positions},
        ignored=ignored,
        supplier_number=supplier_number,
    )
    missing = [f for f in REQUIRED_FIELDS if f not in positions]
    for name in missing:
        plan.errors.append(
            Issue(
                row=1,
                column=name,
                value="",
                problem=(
                    _(
                        "the file has no country column (or country_code, as Open Supply Hub names it)"
                    )
                    if name == "country"
                    else _("the file has no %(column)s column") % {"column": name}
                ),
            )
        )
    if not table.rows:
        plan.errors.append(
            Issue(row=2, column="", value="", problem=_("the file has no data rows"))
        )
    if missing or not table.rows:
        return plan

    default_supplier = (
        lookups.suppliers.get(supplier_number.casefold()) if supplier_number else None
    )
    checker = _RowChecker(plan, positions, labels, lookups, default_supplier)
    total = len(table.rows)
    for done, (number, cells) in enumerate(table.rows, start=1):
        checker.check(number, cells)
        if progress is not None and (done % 1000 == 0 or done == total):
            progress(done, total)
    checker.report_repeats()
    _find_duplicates(plan, lookups)
    return plan


class _RowChecker:
    def __init__(
        self,
        plan: Plan,
        positions: dict[str, int],
        labels: dict[str, str],
        lookups: Lookups,
        default_supplier: tuple[int, str] | None,
    ) -> None:
        self.plan = plan
        self.positions = positions
        self.labels = labels
        self.lookups = lookups
        self.default_supplier = default_supplier
        self.seen_codes: dict[str, list[int]] = defaultdict(list)
        self.seen_os_ids: dict[str, list[int]] = defaultdict(list)
        self.seen_keys: dict[str, list[int]] = defaultdict(list)
        self.seen_facilities: dict[int, list[int]] = defaultdict(list)

    # -- helpers -----------------------------------------------------------------------------
    def label(self, name: str) -> str:
        return self.labels.get(name) or FIELD_LABELS.get(name, name)

    def cell(self, cells: list[str], name: str) -> str:
        index = self.positions.get(name)
        if index is None or index >= len(cells):
            return ""
        return (cells[index] or "").strip()

    def error(self, row: int, name: str, value: str, problem: str) -> None:
        self.plan.errors.append(Issue(row, self.label(name) if name else "", value, problem))

    def warn(self, row: int, name: str, value: str, problem: str) -> None:
        self.plan.warnings.append(Issue(row, self.label(name) if name else "", value, problem))

    # -- one row -----------------------------------------------------------------------------
    def check(self, row: int, cells: list[str]) -> None:
        errors_before = len(self.plan.errors)
        raw = {name: self.cell(cells, name) for name in self.positions}
        parsed: dict[str, Any] = {}

        for name in REQUIRED_FIELDS:
            if not raw.get(name):
                self.error(
                    row, name, "", _("%(column)s is required") % {"column": self.label(name)}
                )
        for name in _TEXT_FIELDS:
            if raw.get(name):
                parsed[name] = self.text(row, name, raw[name])
        if raw.get("country"):
            parsed["country"] = self.country(row, raw["country"])
        for name, pattern_problem in (
            ("os_id", _("OS ID '%(value)s' does not look like CN2019303BQ3FZP")),
            (
                "sedex_zs",
                _(
                    "Sedex site reference '%(value)s' does not look like ZS followed by 6 to 12 digits"
                ),
            ),
        ):
            if raw.get(name):
                parsed[name] = self.coded(
                    row, name, raw[name].upper().replace(" ", ""), pattern_problem
                )
        self.coordinates(row, raw, parsed)
        self.workers(row, raw, parsed)
        categories = self.categories(row, raw)
        os_categories = self.os_product_types(row, raw)
        if raw.get("os_is_closed", "").casefold() in _TRUE:
            self.warn(
                row,
                "os_is_closed",
                raw["os_is_closed"],
                _("Open Supply Hub marks this facility as closed; it is imported all the same"),
            )
        supplier = self.supplier(row, raw)
        if len(self.plan.errors) > errors_before:
            return
        self.plan_row(row, raw, parsed, categories, os_categories, supplier)

    def text(self, row: int, name: str, value: str) -> str:
        model_field = _model_field(name)
        max_length = getattr(model_field, "max_length", None)
        if max_length and len(value) > max_length:
            self.error(
                row,
                name,
                value[:60],
                _("%(column)s is longer than %(max)d characters")
                % {"column": self.label(name), "max": max_length},
            )
        return value

    def country(self, row: int, value: str) -> str:
        code = value.upper()
        try:
            _model_field("country").run_validators(code)
            validate_country_code(code)
            ok = True
        except ValidationError:
            ok = False
        if not ok:
            self.error(
                row,
                "country",
                value,
                _("%(column)s '%(value)s' is not an ISO 3166-1 alpha-2 code")
                % {"column": self.label("country"), "value": value},
            )
        return code

    def coded(self, row: int, name: str, value: str, problem: str) -> str:
        try:
            _model_field(name).run_validators(value)
        except ValidationError:
            self.error(row, name, value, problem % {"value": value})
        return value

    def coordinates(self, row: int, raw: dict[str, str], parsed: dict[str, Any]) -> None:
        lat, lng = raw.get("latitude", ""), raw.get("longitude", "")
        if lat and not lng:
            self.error(row, "longitude", "", _("latitude without longitude"))
        elif lng and not lat:
            self.error(row, "latitude", "", _("longitude without latitude"))
        for name, value, low, high in (("latitude", lat, -90, 90), ("longitude", lng, -180, 180)):
            if not value:
                continue
            number = _decimal(value)
            if number is None:
                self.error(
                    row,
                    name,
                    value,
                    _("%(column)s '%(value)s' is not a number")
                    % {"column": self.label(name), "value": value},
                )
                continue
            number = number.quantize(_SIX_PLACES, rounding=ROUND_HALF_UP)
            try:
                _model_field(name).run_validators(number)
            except ValidationError:
                self.error(
                    row,
                    name,
                    value,
                    _("%(column)s %(value)s is not between %(low)d and %(high)d")
                    % {"column": self.label(name), "value": value, "low": low, "high": high},
                )
                continue
            parsed[name] = number

    def workers(self, row: int, raw: dict[str, str], parsed: dict[str, Any]) -> None:
        value = raw.get("worker_count", "")
        if value:
            number = _whole(value)
            if number is None:
                self.error(
                    row,
                    "worker_count",
                    value,
                    _("%(column)s '%(value)s' is not a whole number")
                    % {"column": self.label("worker_count"), "value": value},
                )
                return
            parsed["worker_count"] = self.in_range(row, "worker_count", value, number)
            return
        value = raw.get("os_number_of_workers", "")
        if value:
            # Open Supply Hub gives "250", or a range "1001-5000", several joined with "|":
            # the first value counts, a range by its upper bound.
            first = next((part.strip() for part in value.split("|") if part.strip()), "")
            match = _RANGE.match(first)
            number = int(match.group(2)) if match else _whole(first)
            if number is None:
                self.warn(
                    row,
                    "os_number_of_workers",
                    value,
                    _("number of workers '%(value)s' is not a number or range; not imported")
                    % {"value": value},
                )
                return
            parsed["worker_count"] = self.in_range(row, "os_number_of_workers", value, number)

    def in_range(self, row: int, name: str, value: str, number: int) -> int:
        try:
            _model_field("worker_count").run_validators(number)
        except ValidationError:
            self.error(
                row, name, value, _("%(column)s is too large") % {"column": self.label(name)}
            )
        return number

    def categories(self, row: int, raw: dict[str, str]) -> set[int] | None:
        value = raw.get("product_categories", "")
        if not value:
            return None
        found: set[int] = set()
        for code in (part.strip() for part in value.split(";")):
            if not code:
                continue
            category = self.lookups.categories.get(code.casefold())
            if category is None:
                self.error(
                    row,
                    "product_categories",
                    code,
                    _("product category '%(code)s' is unknown") % {"code": code},
                )
            else:
                found.add(category)
        return found

    def os_product_types(self, row: int, raw: dict[str, str]) -> set[int] | None:
        value = raw.get("os_product_type", "")
        if not value:
            return None
        found: set[int] = set()
        unknown: list[str] = []
        for part in (p.strip() for p in value.split("|")):
            if not part:
                continue
            key = part.casefold()
            category = self.lookups.categories.get(key) or self.lookups.category_names.get(key)
            if category is None:
                unknown.append(part)
            else:
                found.add(category)
        if unknown:
            self.warn(
                row,
                "os_product_type",
                ", ".join(unknown)[:200],
                _("product type matches no product category; not imported"),
            )
        return found

    def supplier(self, row: int, raw: dict[str, str]) -> tuple[int, str] | None:
        number = raw.get("supplier_number", "")
        if number:
            found = self.lookups.suppliers.get(number.casefold())
            if found is None:
                self.error(
                    row,
                    "supplier_number",
                    number,
                    _("supplier number %(number)s is unknown") % {"number": number},
                )
            return found
        return None

    # -- matching and planning ---------------------------------------------------------------
    def plan_row(
        self,
        row: int,
        raw: dict[str, str],
        parsed: dict[str, Any],
        categories: set[int] | None,
        os_categories: set[int] | None,
        row_supplier: tuple[int, str] | None,
    ) -> None:
        lookups = self.lookups
        code = raw.get("code", "")
        os_id = parsed.get("os_id", "")
        key = facility_match_key(parsed["name"], parsed["address"], parsed["country"])
        if code:
            self.seen_codes[code.casefold()].append(row)
        if os_id:
            self.seen_os_ids[os_id].append(row)
        elif not code:
            self.seen_keys[key].append(row)

        existing: ExistingFacility | None = None
        if code:
            fid = lookups.by_code.get(code.casefold())
            if fid is None:
                self.error(
                    row, "code", code, _("facility code '%(code)s' is unknown") % {"code": code}
                )
                return
            existing = lookups.facilities[fid]
        elif os_id and os_id in lookups.by_os_id:
            existing = lookups.facilities[lookups.by_os_id[os_id]]
        else:
            candidates = [
                lookups.facilities[fid]
                for fid in lookups.by_key.get(key, ())
                if not os_id or not lookups.facilities[fid].values["os_id"]
            ]
            if len(candidates) > 1:
                self.error(
                    row,
                    "name",
                    parsed["name"],
                    _(
                        "matches more than one facility (%(codes)s) on name, address and "
                        "country: add the facility code or OS ID to the row"
                    )
                    % {"codes": ", ".join(c.code for c in candidates[:5])},
                )
                return
            existing = candidates[0] if candidates else None

        if existing is not None and os_id:
            owner = lookups.by_os_id.get(os_id)
            if owner is not None and owner != existing.id:
                self.error(
                    row,
                    "os_id",
                    os_id,
                    _("OS ID %(os_id)s already belongs to facility %(code)s")
                    % {"os_id": os_id, "code": lookups.facilities[owner].code},
                )
                return

        if existing is None:
            supplier = row_supplier or self.default_supplier
            if supplier is None:
                self.error(
                    row,
                    "supplier_number",
                    "",
                    _(
                        "no supplier: fill supplier_number or choose the supplier on the "
                        "import screen"
                    ),
                )
                return
            values = {name: parsed.get(name, _empty(name)) for name in UPDATABLE_FIELDS}
            target = categories if categories is not None else (os_categories or set())
            self.plan.rows.append(
                RowPlan(
                    row=row,
                    action="create",
                    facility_id=None,
                    code="",
                    supplier_id=supplier[0],
                    values=values,
                    categories=target,
                    match_key=key,
                )
            )
            return

        self.seen_facilities[existing.id].append(row)
        if row_supplier is not None and row_supplier[0] != existing.supplier_id:
            self.warn(
                row,
                "supplier_number",
                row_supplier[1],
                _(
                    "facility %(code)s belongs to supplier %(number)s; an import does not move "
                    "a facility to another supplier"
                )
                % {
                    "code": existing.code,
                    "number": lookups.supplier_numbers.get(existing.supplier_id, "?"),
                },
            )
        values = dict(existing.values)
        for name in UPDATABLE_FIELDS:
            if name in parsed:
                values[name] = parsed[name]
        changes = {
            name: [_plain(existing.values[name]), _plain(values[name])]
            for name in UPDATABLE_FIELDS
            if values[name] != existing.values[name]
        }
        target = set(existing.categories)
        if categories is not None:
            target = categories
        elif os_categories:
            target |= os_categories
        categories_changed = target != existing.categories
        if categories_changed:
            changes["product_categories"] = [
                self.codes(existing.categories),
                self.codes(target),
            ]
        self.plan.rows.append(
            RowPlan(
                row=row,
                action="update" if changes else "unchanged",
                facility_id=existing.id,
                code=existing.code,
                supplier_id=existing.supplier_id,
                values=values,
                categories=target,
                changes=changes,
                categories_changed=categories_changed,
                match_key=key,  # name, address and country are required: the row's own
            )
        )

    def codes(self, ids: set[int]) -> list[str]:
        return sorted(self.lookups.category_codes[i] for i in ids)

    def report_repeats(self) -> None:
        """Rows that say the same thing twice: reported on the first row, naming the others."""
        reported: set[frozenset[int]] = set()
        groups = (
            (self.seen_codes, "code", _("the same facility code appears again in %(rows)s")),
            (self.seen_os_ids, "os_id", _("the same OS ID appears again in %(rows)s")),
            (
                self.seen_keys,
                "name",
                _("the same name, address and country appear again in %(rows)s"),
            ),
            (self.seen_facilities, "", _("this row and %(rows)s update the same facility")),
        )
        for seen, name, problem in groups:
            for rows in seen.values():
                if len(rows) < 2 or frozenset(rows) in reported:
                    continue
                reported.add(frozenset(rows))
                others = rows[1:]
                text = ngettext("row %(rows)s", "rows %(rows)s", len(others)) % {
                    "rows": ", ".join(str(r) for r in others)
                }
                self.plan.errors.append(
                    Issue(rows[0], self.label(name) if name else "", "", problem % {"rows": text})
                )
        self.plan.errors.sort(key=lambda issue: issue.row)


def _find_duplicates(plan: Plan, lookups: Lookups) -> None:
    creates = plan.of("create")
    if not creates:
        return
    by_row = {r.row: r for r in creates}
    new_sites = [site_for_plan(r) for r in creates]
    existing_sites = [site_for_existing(f) for f in lookups.facilities.values()]
    for pair in likely_duplicates(new_sites, existing_sites):
        assert isinstance(pair.new.ref, tuple)
        other = pair.other.ref
        label = (
            _("row %(row)s") % {"row": other[1]}
            if isinstance(other, tuple)
            else lookups.facilities[int(str(other))].code
        )
        by_row[pair.new.ref[1]].duplicates.append((label, pair.reason))


def site_for_plan(r: RowPlan, ref: Any = None) -> Site:
    name_key, address_key, _country = r.match_key.split("|", 2)
    return _site(ref if ref is not None else ("row", r.row), name_key, address_key, r.values)


def site_for_existing(f: ExistingFacility) -> Site:
    return _site(f.id, f.name_key, f.address_key, f.values)


def _site(ref: Any, name_key: str, address_key: str, values: dict[str, Any]) -> Site:
    lat, lng = values.get("latitude"), values.get("longitude")
    return Site(
        ref=ref,
        name_key=name_key,
        address_key=address_key,
        country=values["country"],
        latitude=float(lat) if lat is not None else None,
        longitude=float(lng) if lng is not None else None,
        sedex_zs=values.get("sedex_zs") or "",
        amfori_id=values.get("amfori_id") or "",
    )


def _model_field(name: str) -> models.Field[Any, Any]:
    found = Facility._meta.get_field(name)
    assert isinstance(found, models.Field)
    return found


def _decimal(value: str) -> Decimal | None:
    text = value.replace(" ", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")  # a decimal comma, as Dutch spreadsheets write it
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _whole(value: str) -> int | None:
    text = value.replace(" ", "")
    if _WHOLE.match(text):
        return int(text)
    number = _decimal(text)
    if number is not None and number == number.to_integral_value() and number >= 0:
        return int(number)
    return None


def _empty(name: str) -> Any:
    return None if name in {"latitude", "longitude", "worker_count"} else ""


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    return value
