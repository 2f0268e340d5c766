"""Writes for KPI values and targets, emission-factor tables, and the recalculation of
emissions. Emissions are never typed: every change to activity data or to a factor table
recalculates the years it touches (`emissions_recalculate`), in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from sourceproof.csr import emissions, kpis
from sourceproof.csr.models import (
    EmissionFactor,
    EmissionFactorTable,
    EmissionLine,
    KpiDefinition,
    KpiTarget,
    KpiValue,
)
from sourceproof.csr.services.common import (
    ChangeAction,
    check_fields,
    checked_upload,
    created,
    diff,
    record_change,
    snapshot,
    validate,
)

if TYPE_CHECKING:
    from sourceproof.accounts.models import User

MAX_VALUE = Decimal("999999999999")


def _decimal(value: Any, field: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError({field: [_("Enter a number.")]}) from exc
    if not number.is_finite() or abs(number) > MAX_VALUE:
        raise ValidationError({field: [_("Enter a number.")]})
    return number


# --------------------------------------------------------------------------- KPI values


@transaction.atomic
def kpi_value_add(
    *,
    kpi: KpiDefinition,
    year: int,
    period: str,
    value: Any,
    note: str = "",
    upload: UploadedFile | None = None,
    by: User | None,
) -> KpiValue:
    """Record an entered KPI's value for a year, quarter or month.

    Refused for derived and external KPIs (they are computed), for a negative quantity, for a
    future period, and for a period that overlaps one already recorded (it would count twice).
    """
    if not kpi.is_entered:
        raise ValidationError(
            _("%(kpi)s is computed, not entered.") % {"kpi": kpi.name}, code="computed"
        )
    try:
        start, end = kpis.period_bounds(year, period)
    except (ValueError, TypeError) as exc:
        raise ValidationError({"period": [_("Choose the year, a quarter or a month.")]}) from exc
    number = _decimal(value, "value")
    errors: dict[str, list[str]] = {}
    if number < 0:
        errors.setdefault("value", []).append(_("A quantity cannot be negative."))
    if start > timezone.localdate():
        errors.setdefault("period", []).append(_("The period has not started yet."))
    existing = KpiValue.objects.select_for_update().filter(
        kpi=kpi, period_start__lte=end, period_end__gte=start
    )
    clash = existing.first()
    if clash is not None:
        errors.setdefault("period", []).append(
            _("A value for %(period)s is already recorded; delete it first.")
            % {"period": kpis.period_label(clash.period_start, clash.period_end)}
        )
    if errors:
        raise ValidationError(errors)
    record = KpiValue(
        kpi=kpi, period_start=start, period_end=end, value=number, note=note, entered_by=by
    )
    validate(record, exclude=["evidence"])
    if upload is not None:
        _kind, sha, name = checked_upload(upload, "evidence")
        upload.name = name
        record.evidence = upload
        record.evidence_sha256 = sha
    record.save()
    record_change(
        obj=record,
        actor=by,
        action=ChangeAction.CREATE,
        changes=created(snapshot(record)),
        summary=f"{kpi.code} {kpis.period_label(start, end)}: {number} {kpi.unit}",
    )
    if kpi.ghg_source:
        emissions_recalculate(years=[year])
    return record


@transaction.atomic
def kpi_value_delete(*, value: KpiValue, by: User | None) -> None:
    kpi, year = value.kpi, value.period_start.year
    record_change(
        obj=value,
        actor=by,
        action=ChangeAction.DELETE,
        summary=f"{kpi.code} {kpis.period_label(value.period_start, value.period_end)}: "
        f"{value.value} {kpi.unit} deleted",
    )
    value.delete()
    if kpi.ghg_source:
        emissions_recalculate(years=[year])


@transaction.atomic
def kpi_target_set(
    *, kpi: KpiDefinition, year: int, target: Any | None, by: User | None
) -> KpiTarget | None:
    """Set (or with None remove) a KPI's target for a year."""
    existing = KpiTarget.objects.select_for_update().filter(kpi=kpi, year=year).first()
    old = str(existing.target) if existing else None
    if target in (None, ""):
        if existing is not None:
            record_change(
                obj=existing, actor=by, action=ChangeAction.DELETE, changes={"target": [old, None]}
            )
            existing.delete()
        return None
    number = _decimal(target, "target")
    found = existing or KpiTarget(kpi=kpi, year=year)
    found.target = number
    validate(found, exclude=["kpi"])
    found.save()
    if old != str(found.target):
        record_change(
            obj=found,
            actor=by,
            action=ChangeAction.UPDATE if existing else ChangeAction.CREATE,
            changes={"target": [old, str(found.target)]},
            summary=f"Target {kpi.code} {year}",
        )
    return found


# --------------------------------------------------------------------------- factor tables

FACTOR_FIELDS = ("kg_co2e_per_unit", "unit", "source", "year", "illustrative")
TABLE_FIELDS = ("name", "applies_from_year", "source", "source_url", "notes", "is_active")


def _affected_years(table: EmissionFactorTable) -> list[int]:
    """Years whose emissions may change with the table: from its first year on."""
    return [y for y in _years_with_data() if y >= table.applies_from_year]


@transaction.atomic
def factor_update(*, factor: EmissionFactor, by: User | None, **fields: Any) -> EmissionFactor:
    """Correct a factor; the emissions of every year the table applies to are recalculated."""
    check_fields(fields, FACTOR_FIELDS)
    before = snapshot(factor, FACTOR_FIELDS)
    for name, value in fields.items():
        setattr(factor, name, _decimal(value, name) if name == "kg_co2e_per_unit" else value)

    def not_negative() -> None:
        if factor.kg_co2e_per_unit is not None and factor.kg_co2e_per_unit < 0:
            raise ValidationError({"kg_co2e_per_unit": [_("A factor cannot be negative.")]})

    validate(factor, checks=[not_negative])
    factor.save()
    record_change(
        obj=factor,
        actor=by,
        action=ChangeAction.UPDATE,
        changes=diff(before, snapshot(factor, FACTOR_FIELDS)),
    )
    emissions_recalculate(years=_affected_years(factor.table))
    return factor


@transaction.atomic
def factor_table_create(
    *,
    name: str,
    version: str,
    applies_from_year: int,
    source: str,
    source_url: str = "",
    notes: str = "",
    copy_from: EmissionFactorTable | None = None,
    by: User | None,
) -> EmissionFactorTable:
    """A new table version (usually a copy of the previous one to correct); recalculates the
    years it applies to."""
    if EmissionFactorTable.objects.filter(version=version).exists():
        raise ValidationError({"version": [_("This version already exists.")]})
    table = EmissionFactorTable(
        name=name,
        version=version,
        applies_from_year=applies_from_year,
        source=source,
        source_url=source_url,
        notes=notes,
    )
    validate(table)
    table.save()
    if copy_from is not None:
        EmissionFactor.objects.bulk_create(
            EmissionFactor(
                table=table,
                activity=f.activity,
                unit=f.unit,
                kg_co2e_per_unit=f.kg_co2e_per_unit,
                source=f.source,
                year=f.year,
                illustrative=f.illustrative,
            )
            for f in copy_from.factors.all()
        )
    record_change(obj=table, actor=by, action=ChangeAction.CREATE, changes=created(snapshot(table)))
    emissions_recalculate(years=_affected_years(table))
    return table


@transaction.atomic
def factor_table_update(
    *, table: EmissionFactorTable, by: User | None, **fields: Any
) -> EmissionFactorTable:
    check_fields(fields, TABLE_FIELDS)
    before = snapshot(table, TABLE_FIELDS)
    first_year = table.applies_from_year
    for name, value in fields.items():
        setattr(table, name, value)
    validate(table)
    table.save()
    record_change(
        obj=table,
        actor=by,
        action=ChangeAction.UPDATE,
        changes=diff(before, snapshot(table, TABLE_FIELDS)),
    )
    years = _years_with_data()
    emissions_recalculate(years=[y for y in years if y >= min(first_year, table.applies_from_year)])
    return table


@transaction.atomic
def factor_set(
    *,
    table: EmissionFactorTable,
    activity: str,
    unit: str,
    kg_co2e_per_unit: Any,
    source: str,
    year: int,
    illustrative: bool = False,
    by: User | None,
) -> EmissionFactor:
    """Add a factor to a table, or change the one it has for that activity."""
    existing = EmissionFactor.objects.filter(table=table, activity=activity).first()
    values = {
        "unit": unit,
        "kg_co2e_per_unit": kg_co2e_per_unit,
        "source": source,
        "year": year,
        "illustrative": illustrative,
    }
    if existing is not None:
        return factor_update(factor=existing, by=by, **values)
    factor = EmissionFactor(
        table=table,
        activity=activity,
        **{**values, "kg_co2e_per_unit": _decimal(kg_co2e_per_unit, "kg_co2e_per_unit")},
    )
    validate(factor)
    factor.save()
    record_change(
        obj=factor, actor=by, action=ChangeAction.CREATE, changes=created(snapshot(factor))
    )
    emissions_recalculate(years=_affected_years(table))
    return factor


# --------------------------------------------------------------------------- recalculation


def _years_with_data() -> list[int]:
    years = set(
        KpiValue.objects.exclude(kpi__ghg_source="")
        .annotate(y=ExtractYear("period_start"))
        .values_list("y", flat=True)
        .distinct()
    )
    years |= set(EmissionLine.objects.values_list("year", flat=True).distinct())
    return sorted(years)


@transaction.atomic
def emissions_recalculate(*, years: Iterable[int] | None = None) -> dict[int, list[EmissionLine]]:
    """Replace the stored emission lines of the given years (all years with data if None) with
    activity data x the factors of the table that applies to each year."""
    from sourceproof.csr.selectors.figures import table_for_year

    wanted = sorted(set(years)) if years is not None else _years_with_data()
    result: dict[int, list[EmissionLine]] = {}
    sources = {
        d.pk: d
        for d in KpiDefinition.objects.exclude(ghg_source="").only("pk", "ghg_source", "unit")
    }
    for year in wanted:
        activities = [
            emissions.Activity(sources[kpi_id].ghg_source, value, sources[kpi_id].unit)
            for kpi_id, value in KpiValue.objects.filter(
                kpi_id__in=list(sources), period_start__year=year
            ).values_list("kpi_id", "value")
        ]
        table = table_for_year(year)
        factors = (
            [emissions.Factor(f.activity, f.unit, f.kg_co2e_per_unit) for f in table.factors.all()]
            if table
            else []
        )
        lines = emissions.compute(activities, factors)
        EmissionLine.objects.filter(year=year).delete()
        rows = [
            EmissionLine(
                year=year,
                source=line.source,
                scope=line.scope,
                activity_amount=line.amount,
                unit=line.unit,
                location_factor=line.location_factor,
                market_factor=line.market_factor,
                kg_location=line.kg_location,
                kg_market=line.kg_market,
                problem=(line.problem or ("" if table else "no emission-factor table applies"))[
                    :200
                ],
                factor_table=table,
            )
            for line in lines
        ]
        result[year] = EmissionLine.objects.bulk_create(rows)
    return result
