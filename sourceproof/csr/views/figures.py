"""Pages of KPIs and emissions: every KPI against its target, one KPI with its values, the
emissions by scope, and the emission-factor tables."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sourceproof.csr import kpis
from sourceproof.csr.forms import FactorForm, FactorTableForm, KpiValueForm, TargetForm
from sourceproof.csr.models import KpiDefinition, KpiGroup
from sourceproof.csr.presentation import emissions_chart, kpi_chart
from sourceproof.csr.selectors import figures as selectors
from sourceproof.csr.services import figures as services
from sourceproof.csr.views.common import (
    add_errors,
    editor,
    file_response,
    may_edit,
    page_of,
    viewer,
)


@login_required
def kpi_list(request: HttpRequest) -> HttpResponse:
    user = viewer(request)
    years, rows = selectors.kpi_rows(user=user)
    year = years[-1]
    groups = dict(KpiGroup.choices)
    items = [
        {
            **row.summary(year),
            "chart": kpi_chart(row, years),
            "group": groups.get(row.kpi.group, ""),
        }
        for row in rows
    ]
    return render(
        request,
        "csr/kpi_list.html",
        {"items": items, "year": year, "years": years, "can_edit": may_edit(user)},
    )


def _kpi_context(
    user: Any, kpi: KpiDefinition, request: HttpRequest, **extra: Any
) -> dict[str, Any]:
    years, rows = selectors.kpi_rows(user=user, definitions=[kpi])
    row = rows[0]
    values = page_of(request, selectors.kpi_values(user=user, kpi=kpi))
    return {
        "kpi": kpi,
        "row": row,
        "years": years,
        "year_rows": [row.summary(y) | {"year": y} for y in reversed(years)],
        "chart": kpi_chart(row, years),
        "page": values,
        "labels": {
            v.pk: kpis.period_label(v.period_start, v.period_end) for v in values.object_list
        },
        "form": extra.pop("form", None) or KpiValueForm(),
        "target_form": extra.pop("target_form", None)
        or TargetForm(initial={"year": timezone.localdate().year}),
        "can_edit": may_edit(user),
        **extra,
    }


@login_required
def kpi_detail(request: HttpRequest, code: str) -> HttpResponse:
    user = viewer(request)
    kpi = selectors.get_kpi_for_user(user=user, code=code)
    if request.method != "POST":
        return render(request, "csr/kpi_detail.html", _kpi_context(user, kpi, request))
    user = editor(request)
    form = KpiValueForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.kpi_value_add(
                kpi=kpi,
                year=data["year"],
                period=data["period"],
                value=data["value"],
                note=data["note"],
                upload=data["evidence"] or None,
                by=user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Value recorded."))
            return redirect("csr:kpi_detail", code=code)
    return render(
        request, "csr/kpi_detail.html", _kpi_context(user, kpi, request, form=form), status=400
    )


@login_required
@require_POST
def kpi_target(request: HttpRequest, code: str) -> HttpResponse:
    user = editor(request)
    kpi = selectors.get_kpi_for_user(user=user, code=code)
    form = TargetForm(request.POST)
    if form.is_valid():
        try:
            services.kpi_target_set(
                kpi=kpi, year=form.cleaned_data["year"], target=form.cleaned_data["target"], by=user
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Target saved."))
            return redirect("csr:kpi_detail", code=code)
    return render(
        request,
        "csr/kpi_detail.html",
        _kpi_context(user, kpi, request, target_form=form),
        status=400,
    )


@login_required
@require_POST
def value_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = editor(request)
    value = selectors.get_value_for_user(user=user, pk=pk)
    code = value.kpi.code
    services.kpi_value_delete(value=value, by=user)
    messages.success(request, _("Value deleted."))
    return redirect("csr:kpi_detail", code=code)


@login_required
def value_evidence(request: HttpRequest, pk: int) -> FileResponse:
    user = viewer(request)
    value = selectors.get_value_for_user(user=user, pk=pk)
    return file_response(value.evidence, f"{value.kpi.code}-{value.period_start.isoformat()}")


@login_required
def emissions(request: HttpRequest) -> HttpResponse:
    user = viewer(request)
    years = selectors.report_years()
    by_year = selectors.emissions_by_year(user=user, years=years)
    try:
        year = int(request.GET.get("year", years[-1]))
    except ValueError:
        year = years[-1]
    shown = by_year.get(year) or selectors.emissions_by_year(user=user, years=[year])[year]
    context = {
        "years": years,
        "year": year,
        "chosen": shown,
        "rows": [by_year[y] for y in reversed(years)],
        "chart": emissions_chart(by_year),
        "table": selectors.table_for_year(year),
    }
    return render(request, "csr/emissions.html", context)


@login_required
def factor_tables(request: HttpRequest) -> HttpResponse:
    user = viewer(request)
    form = FactorTableForm(request.POST or None)
    if request.method == "POST":
        user = editor(request)
        if form.is_valid():
            try:
                table = services.factor_table_create(by=user, **form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Factor table added; emissions recalculated."))
                return redirect("csr:factor_table", pk=table.pk)
    context = {
        "tables": selectors.factor_tables(user=user),
        "form": form,
        "can_edit": may_edit(user),
    }
    return render(
        request, "csr/factor_tables.html", context, status=400 if request.method == "POST" else 200
    )


@login_required
def factor_table(request: HttpRequest, pk: int) -> HttpResponse:
    user = viewer(request)
    table = selectors.get_factor_table_for_user(user=user, pk=pk)
    factors = list(table.factors.order_by("activity"))
    forms_by_pk = {
        f.pk: FactorForm(
            initial={
                "kg_co2e_per_unit": f.kg_co2e_per_unit,
                "source": f.source,
                "year": f.year,
                "illustrative": f.illustrative,
            },
            prefix=f"f{f.pk}",
        )
        for f in factors
    }
    status = 200
    if request.method == "POST":
        user = editor(request)
        factor = next((f for f in factors if str(f.pk) == request.POST.get("factor", "")), None)
        if factor is None:
            messages.error(request, _("Choose a factor of this table."))
            return redirect("csr:factor_table", pk=pk)
        form = FactorForm(request.POST, prefix=f"f{factor.pk}")
        forms_by_pk[factor.pk] = form
        if form.is_valid():
            try:
                services.factor_update(factor=factor, by=user, **form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Factor saved; emissions recalculated."))
                return redirect("csr:factor_table", pk=pk)
        status = 400
    context = {
        "table": table,
        "rows": [{"factor": f, "form": forms_by_pk[f.pk]} for f in factors],
        "can_edit": may_edit(user),
    }
    return render(request, "csr/factor_table.html", context, status=status)
