"""Emissions per GHG Protocol scope 1 and 2 against examples worked out by hand.

Factors used (kg CO2e per unit): natural gas 2.0 /m3, diesel 3.0 /l, petrol 2.5 /l, grid mix
0.4 /kWh (location-based), grey 0.5 /kWh (market-based, no guarantees of origin), green with
guarantees of origin 0 /kWh, own solar 0 /kWh.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from sourceproof.csr import emissions
from sourceproof.csr.emissions import Activity, Factor

FACTORS = [
    Factor("natural_gas", "m3", D("2.0")),
    Factor("diesel", "l", D("3.0")),
    Factor("petrol", "l", D("2.5")),
    Factor("electricity_grid_mix", "kWh", D("0.4")),
    Factor("electricity_grey", "kWh", D("0.5")),
    Factor("electricity_green_go", "kWh", D("0")),
    Factor("electricity_own_solar", "kWh", D("0")),
]


def _by_source(lines: list[emissions.Line]) -> dict[str, emissions.Line]:
    return {line.source: line for line in lines}


def test_it_computes_scope_1_from_gas_and_fleet_fuel() -> None:
    lines = _by_source(
        emissions.compute(
            [
                Activity("natural_gas", D("1000"), "m3"),  # 1000 * 2.0 = 2000 kg
                Activity("diesel", D("200"), "l"),  # 200 * 3.0 = 600 kg
                Activity("petrol", D("100"), "l"),  # 100 * 2.5 = 250 kg
            ],
            FACTORS,
        )
    )
    assert lines["natural_gas"].kg_location == D("2000.000")
    assert lines["diesel"].kg_market == D("600.000")
    assert all(line.scope == 1 for line in lines.values())
    totals = emissions.totals(list(lines.values()))
    # scope 1 = 2000 + 600 + 250 = 2850, in both totals
    assert totals.scope1 == D("2850.000")
    assert totals.total_location == totals.total_market == D("2850.000")


def test_it_reports_scope_2_location_and_market_based() -> None:
    lines = emissions.compute(
        [
            Activity("electricity_grid", D("10000"), "kWh"),
            Activity("electricity_green", D("30000"), "kWh"),
            Activity("electricity_own_solar", D("5000"), "kWh"),
            Activity("ev_charging", D("2000"), "kWh"),
        ],
        FACTORS,
    )
    by = _by_source(lines)
    # grid: location 10000 * 0.4 = 4000; market 10000 * 0.5 = 5000
    assert (by["electricity_grid"].kg_location, by["electricity_grid"].kg_market) == (
        D("4000.000"),
        D("5000.000"),
    )
    # certified green: location 30000 * 0.4 = 12000 (the grid it came through); market 0
    assert (by["electricity_green"].kg_location, by["electricity_green"].kg_market) == (
        D("12000.000"),
        D("0.000"),
    )
    # own solar: not bought from the grid, zero both ways
    assert by["electricity_own_solar"].kg_location == by["electricity_own_solar"].kg_market == 0
    # EV charging: location 2000 * 0.4 = 800; market 2000 * 0.5 = 1000
    assert by["ev_charging"].kg_market == D("1000.000")
    totals = emissions.totals(lines)
    # location = 4000 + 12000 + 0 + 800 = 16800; market = 5000 + 0 + 0 + 1000 = 6000
    assert totals.scope2_location == D("16800.000")
    assert totals.scope2_market == D("6000.000")
    assert totals.scope1 == 0


def test_it_adds_up_a_sources_periods_first() -> None:
    lines = emissions.compute(
        [Activity("natural_gas", D("100.5"), "m3"), Activity("natural_gas", D("99.5"), "m3")],
        FACTORS,
    )
    # (100.5 + 99.5) * 2.0 = 400
    assert [(ln.amount, ln.kg_location) for ln in lines] == [(D("200.0"), D("400.000"))]


def test_it_rounds_to_the_gram() -> None:
    (line,) = emissions.compute(
        [Activity("natural_gas", D("1"), "m3")], [Factor("natural_gas", "m3", D("2.1345"))]
    )
    # 1 * 2.1345 = 2.1345 → 2.135 (half up)
    assert line.kg_location == D("2.135")


def test_it_reports_a_missing_factor_instead_of_guessing() -> None:
    (line,) = emissions.compute([Activity("diesel", D("10"), "l")], [])
    assert line.kg_location is None and line.kg_market is None
    assert "no factor for diesel" in line.problem
    assert emissions.totals([line]).scope1 == 0


def test_it_refuses_activity_in_the_wrong_unit() -> None:
    (line,) = emissions.compute([Activity("natural_gas", D("10"), "kWh")], FACTORS)
    assert line.kg_location is None
    assert "m3" in line.problem


def test_it_refuses_a_factor_in_another_unit() -> None:
    (line,) = emissions.compute(
        [Activity("natural_gas", D("10"), "m3")], [Factor("natural_gas", "GJ", D("56"))]
    )
    assert line.kg_location is None
    assert "per GJ" in line.problem


def test_it_accepts_unit_spellings() -> None:
    (line,) = emissions.compute([Activity("diesel", D("2"), "litre")], FACTORS)
    assert line.kg_location == D("6.000")


def test_it_rejects_an_unknown_source() -> None:
    with pytest.raises(ValueError, match="unknown emission source"):
        emissions.compute([Activity("coal", D("1"), "kg")], FACTORS)
