"""The AQL calculator page, /aql/: plans per class, the common sample, the OC curve.

A GET form; the results sit on the same page. With htmx the results region is re-rendered
as the inputs change (the ``results`` partial, with the fields' errors swapped out of band).
The numbers come from ``sourceproof.inspections.calculator``, the same as the API's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.formats import number_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sourceproof.accounts.permissions import Action, require
from sourceproof.core.http import acting_user
from sourceproof.inspections.calculator import (
    CalculatorResult,
    ClassOc,
    OcChart,
    calculate,
    is_special,
)
from sourceproof.inspections.calculator_forms import AQL_VALUES, CalculatorForm
from sourceproof.inspections.charts import Axis, Marker, ReferenceLine, Series, line_chart, percent
from sourceproof.sampling import Plan, SamplingError
from sourceproof.sampling.policy import ClassPlan

TEMPLATE = "inspections/calculator.html"
CLASS_LABELS = {
    "critical": gettext_lazy("Critical"),
    "major": gettext_lazy("Major"),
    "minor": gettext_lazy("Minor"),
}
TABLE_ROWS = 11  # rows of the OC table under the chart


@dataclass(frozen=True, slots=True)
class ClassRow:
    """One class of nonconformity as the page shows it."""

    name: str
    label: str
    plan: ClassPlan
    curve: ClassOc | None
    common_sample: int

    @property
    def standard(self) -> Plan | None:
        return self.plan.standard_plan

    @property
    def arrow(self) -> str:
        """↓ or ↑ when the master table's arrow sent the plan to another code letter."""
        found = self.plan.standard_plan
        if found is None or found.plan_code_letter == found.code_letter:
            return ""
        return "↓" if found.plan_code_letter > found.code_letter else "↑"

    @property
    def judged_on_whole_sample(self) -> bool:
        return self.plan.sample_size >= self.common_sample

    @property
    def per_hundred(self) -> bool:
        """Counted in nonconformities per 100 items (AQL above 10)."""
        return self.plan.aql is not None and self.plan.aql.is_per_hundred_only

    @property
    def producer_risk_text(self) -> str:
        return _num(self.curve.summary.producer_risk * 100, 1) if self.curve else ""

    @property
    def lq10_text(self) -> str:
        return _quality(self.curve.summary.lq10) if self.curve else ""

    @property
    def aoql_text(self) -> str:
        return _quality(self.curve.summary.aoql) if self.curve else ""

    @property
    def gap(self) -> range:
        """Counts that accept the lot but reinstate normal inspection (Z1.4 reduced)."""
        return range(self.plan.accept + 1, self.plan.reject)


def _num(value: float, decimals: int) -> str:
    return number_format(round(value, decimals), decimal_pos=decimals)


def _quality(value: float) -> str:
    """A quality (percent or per 100 items) with about three significant digits."""
    decimals = 0 if value >= 100 else 1 if value >= 10 else 2 if value >= 0.1 else 3
    return _num(value, decimals)


def _x_label(curves: tuple[ClassOc, ...]) -> str:
    kinds = {c.per_hundred for c in curves}
    if kinds == {False}:
        return _("Quality of the lot: percent nonconforming items")
    if kinds == {True}:
        return _("Quality of the lot: nonconformities per 100 items")
    return _("Quality: percent nonconforming (per 100 items above AQL 10)")


def oc_chart(chart: OcChart, number: int = 1) -> SafeString:
    """The OC curves of one chart, with the AQLs and the LQ10s marked."""
    series, references, markers, sentences = [], [], [], []
    for index, curve in enumerate(chart.curves):
        found, summary = curve.plan, curve.summary
        label = CLASS_LABELS.get(curve.name, curve.name)
        aql = float(found.aql.value)
        series.append(
            Series(
                _("%(class)s, AQL %(aql)s: n = %(n)s, Ac %(ac)s")
                % {
                    "class": label,
                    "aql": found.aql.text,
                    "n": found.sample_size,
                    "ac": found.accept,
                },
                [(point.p, point.pa) for point in summary.points],
            )
        )
        references.append(
            ReferenceLine("x", aql, _("AQL %(aql)s") % {"aql": found.aql.text}, series=index)
        )
        markers.append(
            Marker(
                aql,
                1 - summary.producer_risk,
                _("%(class)s: Pa %(pa)s %% at the AQL")
                % {"class": label, "pa": _num((1 - summary.producer_risk) * 100, 1)},
                series=index,
                show_label=False,
            )
        )
        markers.append(
            Marker(
                summary.lq10,
                0.10,
                _("LQ10 %(lq)s") % {"lq": _quality(summary.lq10)},
                series=index,
            )
        )
        sentences.append(
            _(
                "%(class)s plan (n = %(n)s, Ac %(ac)s): a lot at the AQL of %(aql)s is accepted "
                "%(pa)s %% of the time, a lot at %(lq)s only 10 %% of the time."
            )
            % {
                "class": label,
                "n": found.sample_size,
                "ac": found.accept,
                "aql": found.aql.text,
                "pa": _num((1 - summary.producer_risk) * 100, 1),
                "lq": _quality(summary.lq10),
            }
        )
    references.append(ReferenceLine("y", 0.10, _("Pa 10 %")))
    return line_chart(
        title=_("Operating characteristic: probability of acceptance against lot quality"),
        description=" ".join(sentences),
        series=series,
        x_axis=Axis(_x_label(chart.curves), low=0, high=chart.quality_max),
        y_axis=Axis(
            _("Probability of acceptance"),
            low=0,
            high=1,
            ticks=[0, 0.2, 0.4, 0.6, 0.8, 1],
            format=percent,
        ),
        reference_lines=references,
        markers=markers,
        width=500,
        height=330,
        chart_id=f"oc-chart-{number}",
    )


def _oc_table(chart: OcChart) -> list[tuple[float, list[float | None]]]:
    """A few rows of the curves as numbers (quality, Pa per curve), under the chart."""
    step = max(1, (len(chart.grid) - 1) // (TABLE_ROWS - 1))
    return [(q, [c.pa_at(q) for c in chart.curves]) for q in chart.grid[::step]]


def _charts(result: CalculatorResult) -> list[dict[str, Any]]:
    """One entry per chart: the SVG, its curves (for the words) and its table."""
    return [
        {
            "svg": oc_chart(chart, number),
            "rows": [row for row in _rows(result) for c in chart.curves if c.name == row.name],
            "table": _oc_table(chart),
        }
        for number, chart in enumerate(result.charts, start=1)
    ]


def _rows(result: CalculatorResult) -> list[ClassRow]:
    common = result.inspection_plan.sample_size
    return [
        ClassRow(c.name, str(CLASS_LABELS.get(c.name, c.name)), c, result.curve(c.name), common)
        for c in result.inspection_plan.classes
    ]


@login_required
def calculator(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    require(user, Action.USE_AQL_CALCULATOR)
    form = CalculatorForm.from_query(request.GET)
    result = None
    if form.is_bound and form.is_valid():
        try:
            result = calculate(form.to_request())
        except SamplingError as exc:  # anything the form did not catch: say it as it is
            form.add_error(None, str(exc))
    context = {
        "form": form,
        "result": result,
        "rows": _rows(result) if result else [],
        "charts": _charts(result) if result else [],
        "special_level": bool(result and is_special(result.inspection_plan.level)),
        "aql_values": AQL_VALUES,
        "query": request.GET.urlencode() if form.is_bound else "",
    }
    htmx = getattr(request, "htmx", None)
    partial = bool(htmx) and not getattr(htmx, "history_restore_request", False)
    context["partial"] = partial  # the partial also swaps the fields' errors out of band
    response = render(request, f"{TEMPLATE}#results" if partial else TEMPLATE, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
