"""The quality dashboard (pass rate over time by product category and by facility, defect
Pareto, streams on tightened or discontinued inspection) and the sampling streams."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sourceproof.accounts.permissions import Action, can, require
from sourceproof.core.http import acting_user
from sourceproof.inspections import charts, presentation, selectors, services
from sourceproof.inspections.forms import DashboardFilterForm, ResumeForm, StreamFilterForm
from sourceproof.inspections.models import StreamSeverity
from sourceproof.inspections.pareto import Bar, bar_chart
from sourceproof.inspections.views.common import (
    add_errors,
    is_htmx,
    page_of,
    query_without_page,
)


def _rate_chart(
    series: list[selectors.RateSeries], axis: list[Any], title: str, chart_id: str
) -> str:
    index = {month: i for i, month in enumerate(axis)}
    lines = [
        charts.Series(
            f"{s.label} ({s.passed}/{s.total})",
            [(index[m], passed / total) for m, total, passed in s.points if total],
        )
        for s in series
    ]

    def month_label(value: float) -> str:
        i = round(value)
        return date_format(axis[i], "M y") if 0 <= i < len(axis) else ""

    step = max(1, len(axis) // 6)
    return charts.line_chart(
        title=title,
        description=_("Share of reviewed inspections passed, per month; one line per group."),
        series=lines,
        x_axis=charts.Axis(
            _("Month reviewed"),
            low=0,
            high=max(1, len(axis) - 1),
            ticks=list(range(0, len(axis), step)),
            format=month_label,
        ),
        y_axis=charts.Axis(_("Pass rate"), low=0, high=1, format=charts.percent),
        chart_id=chart_id,
        empty_text=_("No reviewed inspections in this period"),
    )


@login_required
def quality_dashboard(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    require(user, Action.VIEW_QUALITY_DASHBOARD)
    categories = [(c.code, c.name) for c in selectors.product_categories()]
    form = DashboardFilterForm(request.GET or None, categories=categories)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    filters = selectors.DashboardFilters(
        months=data.get("months") or 12,
        facility=(data.get("facility") or "").strip(),
        category=data.get("category") or "",
    )
    today = timezone.localdate()
    axis = selectors.month_axis(months=filters.months, today=today)
    by_category = selectors.pass_rates(user=user, by="category", filters=filters, today=today)
    by_facility = selectors.pass_rates(user=user, by="facility", filters=filters, today=today)
    pareto = selectors.defect_pareto(user=user, filters=filters, today=today)
    bars = [
        Bar(
            label=b.code,
            value=b.units,
            note=_("%(share)s %% · %(cumulative)s %% cumulative")
            % {"share": round(b.share * 100), "cumulative": round(b.cumulative * 100)},
            tooltip=f"{b.code}: {b.label} ({presentation.class_label(b.defect_class)})",
            group=b.defect_class,
        )
        for b in pareto
    ]
    context = {
        "form": form,
        "filters": filters,
        "totals": selectors.dashboard_totals(user=user, filters=filters, today=today),
        "category_chart": _rate_chart(
            by_category, axis, _("Pass rate by product category"), "rate-by-category"
        ),
        "facility_chart": _rate_chart(
            by_facility, axis, _("Pass rate by facility (busiest six)"), "rate-by-facility"
        ),
        "by_category": by_category,
        "by_facility": by_facility,
        "pareto": pareto,
        "pareto_chart": bar_chart(
            title=_("Defect Pareto"),
            description=_("Units found per defect type in reviewed inspections, largest first."),
            bars=bars,
            chart_id="pareto",
            empty_text=_("No defects recorded in this period"),
        ),
        "streams": selectors.streams_needing_attention(user=user),
    }
    return render(request, "inspections/quality_dashboard.html", context)


@login_required
def stream_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    form = StreamFilterForm(request.GET or None)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    page = page_of(
        request,
        selectors.stream_list(
            user=user, severity=data.get("severity") or "", q=data.get("q") or ""
        ),
    )
    context = {
        "form": form,
        "page": page,
        "rows": list(page.object_list),
        "query": query_without_page(request),
    }
    template = (
        "inspections/stream_list.html#results"
        if is_htmx(request)
        else "inspections/stream_list.html"
    )
    return render(request, template, context)


@login_required
def stream_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    stream = selectors.get_stream_for_user(user=user, pk=pk)
    can_resume = can(user, Action.RESUME_STREAM) and stream.severity == StreamSeverity.DISCONTINUED
    form = ResumeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        require(user, Action.RESUME_STREAM)
        if form.is_valid():
            try:
                services.stream_resume(
                    stream=stream,
                    corrective_action=form.cleaned_data["corrective_action"],
                    reference=form.cleaned_data["reference"],
                    by=user,
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request, _("Inspection resumed on tightened; new orders may go through again.")
                )
                return redirect("inspections:stream_detail", stream.pk)
        status = 400
    context = {
        "stream": stream,
        "lots": selectors.stream_lots(stream=stream),
        "resumptions": selectors.stream_resumptions(stream=stream),
        "history": selectors.stream_history(user=user, stream=stream),
        "can_resume": can_resume,
        "form": form,
    }
    return render(request, "inspections/stream_detail.html", context, status=status)
