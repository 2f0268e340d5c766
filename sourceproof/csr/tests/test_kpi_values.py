"""KPI values: entered by the CSR team per year, quarter or month; shares derived, never typed;
supply-chain KPIs computed from the registry, audits and inspections; targets per year."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sourceproof.core.testing import CertificateFactory, FacilityFactory, Personas
from sourceproof.csr.selectors.figures import compute_kpi_rows
from sourceproof.csr.services import figures as services
from sourceproof.csr.tests.helpers import add_value, kpi, not_a_pdf, pdf, today

pytestmark = pytest.mark.django_db


def _figure(code: str, year: int) -> Decimal | None:
    _years, rows = compute_kpi_rows(years=[year])
    return next(r for r in rows if r.kpi.code == code).figures[year]


def test_it_adds_up_a_years_periods(personas: Personas) -> None:
    year = today().year - 1
    add_value("natural_gas", year, "q1", 400, personas.csr_manager)
    add_value("natural_gas", year, "q2", 100.5, personas.csr_manager)
    add_value("natural_gas", year, "m12", 50, personas.csr_manager)
    assert _figure("natural_gas", year) == Decimal("550.5")


def test_it_refuses_an_overlapping_period(personas: Personas) -> None:
    year = today().year - 1
    add_value("natural_gas", year, "q1", 400, personas.csr_manager)
    with pytest.raises(ValidationError, match="already recorded"):
        add_value("natural_gas", year, "m02", 1, personas.csr_manager)
    with pytest.raises(ValidationError, match="already recorded"):
        add_value("natural_gas", year, "year", 1, personas.csr_manager)


def test_it_refuses_typing_a_computed_kpi(personas: Personas) -> None:
    for code in ("renewable_share", "smeta_share", "open_wage_findings"):
        with pytest.raises(ValidationError, match="computed"):
            add_value(code, today().year, "year", 50, personas.csr_manager)


def test_it_refuses_negative_and_future_values(personas: Personas) -> None:
    with pytest.raises(ValidationError) as caught:
        add_value("natural_gas", today().year + 1, "year", -1, personas.csr_manager)
    assert set(caught.value.message_dict) == {"value", "period"}


def test_it_derives_the_renewable_and_separated_shares(personas: Personas) -> None:
    year = today().year - 1
    by = personas.csr_manager
    add_value("electricity_grid", year, "year", 10000, by)
    add_value("electricity_green", year, "year", 30000, by)
    add_value("electricity_solar", year, "year", 5000, by)
    # (30000 + 5000) / 45000 = 77.8 %
    assert _figure("renewable_share", year) == Decimal("77.8")
    add_value("waste_residual", year, "year", 300, by)
    add_value("waste_paper", year, "year", 600, by)
    add_value("waste_plastic", year, "year", 100, by)
    # (600 + 100) / 1000 = 70.0 %
    assert _figure("waste_separated_share", year) == Decimal("70.0")
    assert _figure("renewable_share", year - 1) is None  # nothing entered that year


def test_it_computes_the_smeta_share_from_the_registry(personas: Personas) -> None:
    # personas: two active facilities without SMETA; give one a valid SMETA 4-pillar audit
    CertificateFactory.create(facility=personas.facility)
    # a third facility, suspended: not counted at all
    FacilityFactory.create(is_suspended=True, suspension_reason="test")
    # 1 of 2 active facilities = 50.0 %
    assert _figure("smeta_share", today().year) == Decimal("50.0")


def test_it_counts_open_wage_findings(personas: Personas) -> None:
    from sourceproof.audits.models import ActionStatus, Clause
    from sourceproof.audits.tests.helpers import action_of, add_finding, make_audit

    audit = make_audit(personas)
    wage = add_finding(audit, personas.auditor, severity="major", clause=Clause.ETI_5)
    add_finding(audit, personas.auditor, severity="minor", clause=Clause.ETI_3)  # not wages
    assert _figure("open_wage_findings", today().year) == Decimal(1)
    action = action_of(wage)
    action.status = ActionStatus.VERIFIED
    action.verified_at = dt.datetime.now(dt.UTC)
    action.verified_by = personas.quality_manager
    action.save()
    assert _figure("open_wage_findings", today().year) == Decimal(0)


def test_it_records_a_value_with_evidence_on_the_page(personas: Personas, client_for: Any) -> None:
    url = reverse("csr:kpi_detail", args=["natural_gas"])
    response = client_for("csr_manager").post(
        url, {"year": today().year, "period": "m01", "value": "123.5", "evidence": pdf()}
    )
    assert response.status_code == 302
    value = kpi("natural_gas").values.get()
    assert value.value == Decimal("123.5") and value.entered_by == personas.csr_manager
    assert value.evidence_sha256
    bad = client_for("csr_manager").post(
        url, {"year": today().year, "period": "m02", "value": "1", "evidence": not_a_pdf()}
    )
    assert bad.status_code == 400 and b"not a PDF" in bad.content


def test_it_sets_targets_per_year_with_a_default(personas: Personas) -> None:
    year = today().year - 1
    gas = kpi("natural_gas")
    services.kpi_target_set(kpi=gas, year=year, target=500, by=personas.csr_manager)
    add_value("natural_gas", year, "year", 400, personas.csr_manager)
    _years, rows = compute_kpi_rows(years=[year, year + 1], definitions=[gas])
    row = rows[0]
    assert row.targets == {year: Decimal(500), year + 1: Decimal(0)}  # default: gas-free
    assert row.met(year) is True
    services.kpi_target_set(kpi=gas, year=year, target=None, by=personas.csr_manager)
    _years, rows = compute_kpi_rows(years=[year], definitions=[gas])
    assert rows[0].targets[year] == Decimal(0) and rows[0].met(year) is False
