"""Reads for KPIs and emissions: definitions, values, a year's figure of every KPI (entered,
derived or computed from the other apps), targets, factor tables and computed emissions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Min, Prefetch, QuerySet
from django.utils import timezone

from sourceproof.csr import emissions, kpis
from sourceproof.csr.models import (
    EmissionFactor,
    EmissionFactorTable,
    EmissionLine,
    KpiDefinition,
    KpiKind,
    KpiTarget,
    KpiValue,
    ShareRole,
)
from sourceproof.csr.selectors.common import get_or_404, require_view
from sourceproof.csr.selectors.supply_chain import external_figure

# Derived KPI code → (the share role counted, the share role it is counted against).
DERIVED_SHARES: dict[str, tuple[str, str]] = {
    "renewable_share": (ShareRole.RENEWABLE_ELECTRICITY, ShareRole.OTHER_ELECTRICITY),
    "waste_separated_share": (ShareRole.SEPARATED_WASTE, ShareRole.RESIDUAL_WASTE),
}
MAX_YEARS = 10


@dataclass
class KpiRow:
    kpi: KpiDefinition
    figures: dict[int, Decimal | None] = field(default_factory=dict)
    targets: dict[int, Decimal | None] = field(default_factory=dict)

    def met(self, year: int) -> bool | None:
        return kpis.target_met(self.figures.get(year), self.targets.get(year), self.kpi.direction)

    def summary(self, year: int) -> dict[str, Any]:
        return {
            "kpi": self.kpi,
            "value": self.figures.get(year),
            "target": self.targets.get(year),
            "met": self.met(year),
        }


def kpi_queryset(*, user: Any) -> QuerySet[KpiDefinition]:
    require_view(user)
    return KpiDefinition.objects.filter(is_active=True).order_by("order", "pk")


def get_kpi_for_user(*, user: Any, code: str) -> KpiDefinition:
    require_view(user)
    return get_or_404(KpiDefinition.objects.all(), code=code)


def get_value_for_user(*, user: Any, pk: int) -> KpiValue:
    require_view(user)
    return get_or_404(KpiValue.objects.select_related("kpi", "entered_by"), pk=pk)


def kpi_values(*, user: Any, kpi: KpiDefinition) -> QuerySet[KpiValue]:
    require_view(user)
    return (
        KpiValue.objects.filter(kpi=kpi)
        .select_related("entered_by")
        .order_by("-period_start", "-period_end", "-pk")
    )


def report_years(today: dt.date | None = None) -> list[int]:
    """The years the figures cover: from the first value (at most MAX_YEARS back) to now."""
    today = today or timezone.localdate()
    first = KpiValue.objects.aggregate(first=Min("period_start"))["first"]
    start = first.year if first else today.year
    start = max(start, today.year - MAX_YEARS + 1)
    return list(range(min(start, today.year), today.year + 1))


def _entered_figures(
    definitions: Sequence[KpiDefinition], years: Sequence[int]
) -> dict[str, dict[int, Decimal | None]]:
    wanted = {d.pk: d for d in definitions if d.kind == KpiKind.ENTERED}
    grouped: dict[tuple[int, int], list[kpis.PeriodValue]] = {}
    rows = KpiValue.objects.filter(
        kpi_id__in=list(wanted), period_start__year__in=list(years)
    ).values_list("kpi_id", "period_start", "period_end", "value")
    for kpi_id, start, end, value in rows:
        grouped.setdefault((kpi_id, start.year), []).append(kpis.PeriodValue(start, end, value))
    return {
        d.code: {y: kpis.year_figure(grouped.get((pk, y), []), d.aggregation) for y in years}
        for pk, d in wanted.items()
    }


def year_figures(
    definitions: Sequence[KpiDefinition], years: Sequence[int], today: dt.date | None = None
) -> dict[str, dict[int, Decimal | None]]:
    """Each KPI's figure per year: entered KPIs from their values, derived ones from those,
    external ones from the registry, audits and inspections (a few queries per year)."""
    figures = _entered_figures(definitions, years)
    roles = {d.code: d.share_role for d in definitions if d.kind == KpiKind.ENTERED}
    for d in definitions:
        if d.kind == KpiKind.DERIVED:
            part, rest = DERIVED_SHARES.get(d.code, ("", ""))
            figures[d.code] = {
                y: kpis.share(
                    {c: f[y] for c, f in figures.items() if c in roles}, roles, part, rest
                )
                if part
                else None
                for y in years
            }
        elif d.kind == KpiKind.EXTERNAL:
            figures[d.code] = {y: external_figure(d.code, y, today) for y in years}
    return figures


def year_targets(
    definitions: Sequence[KpiDefinition], years: Sequence[int]
) -> dict[str, dict[int, Decimal | None]]:
    rows = KpiTarget.objects.filter(kpi__in=list(definitions), year__in=list(years)).values_list(
        "kpi_id", "year", "target"
    )
    own = {(kpi_id, year): target for kpi_id, year, target in rows}
    return {d.code: {y: own.get((d.pk, y), d.default_target) for y in years} for d in definitions}


def kpi_rows(
    *,
    user: Any,
    years: Sequence[int] | None = None,
    definitions: Sequence[KpiDefinition] | None = None,
    today: dt.date | None = None,
) -> tuple[list[int], list[KpiRow]]:
    """Every active KPI (or the ones given) with its figure and target per year."""
    require_view(user)
    return compute_kpi_rows(years=years, definitions=definitions, today=today)


def compute_kpi_rows(
    *,
    years: Sequence[int] | None = None,
    definitions: Sequence[KpiDefinition] | None = None,
    today: dt.date | None = None,
) -> tuple[list[int], list[KpiRow]]:
    years = list(years) if years is not None else report_years(today)
    defs = (
        list(definitions)
        if definitions is not None
        else list(KpiDefinition.objects.filter(is_active=True).order_by("order", "pk"))
    )
    if definitions is not None and any(d.kind == KpiKind.DERIVED for d in defs):
        # a derived share needs the entered KPIs it is made of
        entered = [d for d in KpiDefinition.objects.filter(kind=KpiKind.ENTERED, is_active=True)]
        all_defs = {d.pk: d for d in [*defs, *entered]}.values()
        figures = year_figures(list(all_defs), years, today)
    else:
        figures = year_figures(defs, years, today)
    targets = year_targets(defs, years)
    return years, [KpiRow(d, figures.get(d.code, {}), targets.get(d.code, {})) for d in defs]


# --------------------------------------------------------------------------- emissions


def factor_tables(*, user: Any) -> list[EmissionFactorTable]:
    require_view(user)
    return list(
        EmissionFactorTable.objects.prefetch_related(
            Prefetch("factors", queryset=EmissionFactor.objects.order_by("activity"))
        ).order_by("-applies_from_year", "-pk")
    )


def get_factor_table_for_user(*, user: Any, pk: int) -> EmissionFactorTable:
    require_view(user)
    return get_or_404(EmissionFactorTable.objects.all(), pk=pk)


def get_factor_for_user(*, user: Any, pk: int) -> EmissionFactor:
    require_view(user)
    return get_or_404(EmissionFactor.objects.select_related("table"), pk=pk)


def table_for_year(year: int) -> EmissionFactorTable | None:
    """The newest active table that applies from the year or before."""
    return (
        EmissionFactorTable.objects.filter(is_active=True, applies_from_year__lte=year)
        .order_by("-applies_from_year", "-pk")
        .first()
    )


def _as_line(row: EmissionLine) -> emissions.Line:
    return emissions.Line(
        source=row.source,
        scope=row.scope,
        amount=row.activity_amount,
        unit=row.unit,
        location_factor=row.location_factor,
        market_factor=row.market_factor,
        kg_location=row.kg_location,
        kg_market=row.kg_market,
        problem=row.problem,
    )


@dataclass
class YearEmissions:
    year: int
    lines: list[EmissionLine]
    totals: emissions.Totals
    table: EmissionFactorTable | None


def emissions_by_year(*, user: Any, years: Iterable[int] | None = None) -> dict[int, YearEmissions]:
    """The stored emission lines and scope totals per year (two queries)."""
    require_view(user)
    return compute_emissions_by_year(years=years)


def compute_emissions_by_year(*, years: Iterable[int] | None = None) -> dict[int, YearEmissions]:
    rows = EmissionLine.objects.select_related("factor_table").order_by("year", "scope", "source")
    if years is not None:
        rows = rows.filter(year__in=list(years))
    grouped: dict[int, list[EmissionLine]] = {}
    for row in rows:
        grouped.setdefault(row.year, []).append(row)
    result = {}
    for year in sorted(set(years) if years is not None else grouped):
        lines = grouped.get(year, [])
        result[year] = YearEmissions(
            year=year,
            lines=lines,
            totals=emissions.totals([_as_line(r) for r in lines]),
            table=lines[0].factor_table if lines else None,
        )
    return result
