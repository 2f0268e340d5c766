"""Emissions are computed from activity data x the factor table of the year, stored, and
recalculated whenever either changes; never typed.

Seeded Dutch factors: natural gas 2.134 kg/m3, grid mix 0.328 kg/kWh (location-based),
grey 0.456 kg/kWh (market-based), green with guarantees of origin 0.
"""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

import pytest
from django.urls import reverse

from sourceproof.core.testing import Personas
from sourceproof.csr.models import EmissionFactor, EmissionFactorTable, EmissionLine
from sourceproof.csr.services import figures as services
from sourceproof.csr.tests.helpers import add_value, today

pytestmark = pytest.mark.django_db


def _line(year: int, source: str) -> EmissionLine:
    return EmissionLine.objects.get(year=year, source=source)


def test_it_computes_emissions_when_activity_data_is_entered(personas: Personas) -> None:
    year = today().year - 1
    add_value("natural_gas", year, "year", 1000, personas.csr_manager)
    # 1000 m3 x 2.134 = 2134 kg CO2e, scope 1
    line = _line(year, "natural_gas")
    assert (line.scope, line.kg_location, line.kg_market) == (1, D("2134.000"), D("2134.000"))
    add_value("electricity_green", year, "q1", 1000, personas.csr_manager)
    add_value("electricity_green", year, "q2", 1000, personas.csr_manager)
    # 2000 kWh x 0.328 = 656 location-based; market-based 0 (guarantees of origin)
    green = _line(year, "electricity_green")
    assert (green.activity_amount, green.kg_location, green.kg_market) == (
        D("2000.000"),
        D("656.000"),
        D("0.000"),
    )


def test_it_recalculates_when_a_factor_is_corrected(personas: Personas) -> None:
    year = today().year - 1
    add_value("natural_gas", year, "year", 1000, personas.csr_manager)
    factor = EmissionFactor.objects.get(table__version="nl-default-1", activity="natural_gas")
    services.factor_update(factor=factor, kg_co2e_per_unit=D("2.085"), by=personas.csr_manager)
    # 1000 x 2.085 = 2085
    assert _line(year, "natural_gas").kg_location == D("2085.000")


def test_a_new_table_version_applies_from_its_year_on(personas: Personas) -> None:
    by = personas.csr_manager
    last, this = today().year - 1, today().year
    add_value("natural_gas", last, "year", 100, by)
    add_value("natural_gas", this, "m01", 100, by)
    old = EmissionFactorTable.objects.get(version="nl-default-1")
    new = services.factor_table_create(
        name="Dutch factors, this year",
        version="nl-this-year",
        applies_from_year=this,
        source="co2emissiefactoren.nl",
        copy_from=old,
        by=by,
    )
    services.factor_update(
        factor=new.factors.get(activity="natural_gas"), kg_co2e_per_unit=D("3"), by=by
    )
    # last year keeps the old table: 100 x 2.134 = 213.4; this year: 100 x 3 = 300
    assert _line(last, "natural_gas").kg_location == D("213.400")
    assert _line(this, "natural_gas").kg_location == D("300.000")
    assert _line(this, "natural_gas").factor_table == new
    # switching the new table off falls back to the old one for this year
    services.factor_table_update(table=new, is_active=False, by=by)
    assert _line(this, "natural_gas").kg_location == D("213.400")


def test_it_recalculates_when_a_value_is_deleted(personas: Personas) -> None:
    year = today().year - 1
    add_value("natural_gas", year, "q1", 100, personas.csr_manager)
    second = add_value("natural_gas", year, "q2", 100, personas.csr_manager)
    assert _line(year, "natural_gas").kg_location == D("426.800")  # 200 x 2.134
    services.kpi_value_delete(value=second, by=personas.csr_manager)
    assert _line(year, "natural_gas").kg_location == D("213.400")


def test_a_missing_factor_shows_as_a_problem_not_a_number(personas: Personas) -> None:
    year = today().year - 1
    EmissionFactor.objects.filter(activity="diesel").delete()
    add_value("fleet_diesel", year, "year", 10, personas.csr_manager)
    line = _line(year, "diesel")
    assert line.kg_location is None and "no factor for diesel" in line.problem


def test_the_factor_page_corrects_a_factor_and_the_emissions_follow(
    personas: Personas, client_for: Any
) -> None:
    year = today().year - 1
    add_value("electricity_grid", year, "year", 1000, personas.csr_manager)
    table = EmissionFactorTable.objects.get(version="nl-default-1")
    grey = table.factors.get(activity="electricity_grey")
    response = client_for("csr_manager").post(
        reverse("csr:factor_table", args=[table.pk]),
        {
            "factor": grey.pk,
            f"f{grey.pk}-kg_co2e_per_unit": "0.5",
            f"f{grey.pk}-source": "checked against the 2025 list",
            f"f{grey.pk}-year": "2025",
        },
    )
    assert response.status_code == 302
    # market-based 1000 x 0.5 = 500; location-based unchanged 1000 x 0.328 = 328
    line = _line(year, "electricity_grid")
    assert (line.kg_location, line.kg_market) == (D("328.000"), D("500.000"))
    page = client_for("viewer").get(reverse("csr:emissions") + f"?year={year}")
    assert b"500.0" in page.content and b"328.0" in page.content
