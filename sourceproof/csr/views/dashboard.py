"""The CSR dashboard."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sourceproof.csr.presentation import emissions_chart, kpi_chart
from sourceproof.csr.selectors.dashboard import dashboard_data
from sourceproof.csr.views.common import viewer


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = viewer(request)
    data = dashboard_data(user=user)
    year, years = data["year"], data["years"]
    rows = {row.kpi.code: row for row in data["kpi_rows"]}
    renewable = rows.get("renewable_share")
    context = {
        **data,
        "kpi_summary": [row.summary(year) for row in data["kpi_rows"]],
        "emissions_chart": emissions_chart(data["emissions"]),
        "renewable_chart": kpi_chart(renewable, years, chart_id="renewable") if renewable else None,
        "year_emissions": data["emissions"].get(year),
        "gap_rows": data["scorecard"].gap_rows(limit=5),
    }
    return render(request, "csr/dashboard.html", context)
