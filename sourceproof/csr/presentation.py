"""Charts for the CSR pages and the annual report, built from selector data."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from sourceproof.csr.charts import BarSeries, bar_chart
from sourceproof.csr.models import CoreSubject
from sourceproof.csr.selectors.figures import KpiRow, YearEmissions
from sourceproof.inspections.charts import Axis, Marker, Series, format_number, line_chart


def _year(value: float) -> str:
    return str(round(value))


def _f(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def kpi_chart(row: KpiRow, years: Sequence[int], *, chart_id: str = "") -> SafeString:
    """A KPI's yearly figure against its target, year by year."""
    kpi = row.kpi
    values = [(float(y), v) for y in years if (v := _f(row.figures.get(y))) is not None]
    targets = [(float(y), t) for y in years if (t := _f(row.targets.get(y))) is not None]
    unit = kpi.unit
    series = [Series(_("Value"), values), Series(_("Target"), targets)]
    markers = [
        Marker(
            x,
            y,
            f"{_year(x)}: {format_number(round(y, 1))} {unit}",
            series=0,
            show_label=len(values) <= 4,
        )
        for x, y in values
    ]
    ticks = [float(y) for y in years]
    low = min(ticks) - 0.5 if len(ticks) == 1 else None
    high = max(ticks) + 0.5 if len(ticks) == 1 else None
    y_high = 100.0 if unit == "%" else None
    met = row.met(years[-1]) if years else None
    status = "" if met is None else (_("target met") if met else _("target missed"))
    return line_chart(
        title=f"{kpi.name} ({unit})",
        description=_("%(name)s per year against its target. %(status)s")
        % {"name": kpi.name, "status": status},
        series=series,
        x_axis=Axis(_("Year"), low=low, high=high, ticks=ticks, format=_year),
        y_axis=Axis(unit, low=0.0, high=y_high),
        markers=markers,
        chart_id=chart_id or f"kpi-{kpi.code}",
        empty_text=_("No values yet"),
    )


def emissions_chart(
    by_year: Mapping[int, YearEmissions], *, chart_id: str = "emissions"
) -> SafeString:
    """Tonnes CO2e per year: scope 1, scope 2 location-based and scope 2 market-based."""
    years = sorted(by_year)

    def tonnes(value: Decimal) -> float | None:
        return round(float(value) / 1000, 3)

    has = {y: bool(by_year[y].lines) for y in years}
    return bar_chart(
        title=_("Greenhouse-gas emissions by scope (t CO2e)"),
        description=_("Scope 1 and scope 2 (location- and market-based) per year."),
        categories=[str(y) for y in years],
        series=[
            BarSeries(
                _("Scope 1"), [tonnes(by_year[y].totals.scope1) if has[y] else None for y in years]
            ),
            BarSeries(
                _("Scope 2 location-based"),
                [tonnes(by_year[y].totals.scope2_location) if has[y] else None for y in years],
            ),
            BarSeries(
                _("Scope 2 market-based"),
                [tonnes(by_year[y].totals.scope2_market) if has[y] else None for y in years],
            ),
        ],
        y_axis=Axis(_("t CO2e"), low=0),
        chart_id=chart_id,
        empty_text=_("No activity data yet"),
    )


SHORT_SUBJECTS = {
    "governance": _lazy("Governance"),
    "human_rights": _lazy("Human rights"),
    "labour_practices": _lazy("Labour"),
    "environment": _lazy("Environment"),
    "fair_operating": _lazy("Fair operating"),
    "consumer_issues": _lazy("Consumers"),
    "community": _lazy("Community"),
}


def maturity_chart(
    subjects: Sequence[CoreSubject],
    by_year: Mapping[int, Mapping[str, Decimal]],
    *,
    chart_id: str = "maturity",
) -> SafeString:
    """Average maturity (0-4) per ISO 26000 core subject, one bar per assessment year."""
    years = sorted(by_year)[-4:]
    return bar_chart(
        title=_("Maturity per core subject, year over year"),
        description=_("Average maturity level 0-4 per ISO 26000 core subject."),
        categories=[str(SHORT_SUBJECTS.get(s.code, s.name)) for s in subjects],
        series=[BarSeries(str(y), [_f(by_year[y].get(s.code)) for s in subjects]) for y in years],
        y_axis=Axis(_("Maturity (0-4)"), low=0, high=4, ticks=[0, 1, 2, 3, 4]),
        chart_id=chart_id,
        width=640,
        empty_text=_("No assessments yet"),
    )
