"""The CSR demo: two years of figures, a submitted and a draft assessment, decisions,
dialogue and controls; loading it again creates nothing and fails on nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sourceproof.core.testing import Personas
from sourceproof.csr.demo import load_csr_demo
from sourceproof.csr.models import (
    AssessmentStatus,
    Control,
    Decision,
    DecisionStatus,
    Dialogue,
    EmissionLine,
    KpiValue,
    ScorecardEvidence,
    SelfAssessment,
)
from sourceproof.csr.selectors.dialogue import control_list, control_rows
from sourceproof.csr.tests.helpers import today

pytestmark = pytest.mark.django_db


def test_it_loads_a_working_csr_year_and_is_idempotent(personas: Personas, client_for: Any) -> None:
    first = load_csr_demo()
    assert first.created["KPI values"] > 40
    counts = (
        KpiValue.objects.count(),
        ScorecardEvidence.objects.count(),
        Decision.objects.count(),
        Dialogue.objects.count(),
        Control.objects.count(),
    )
    again = load_csr_demo()
    assert again.created == {}
    assert counts == (
        KpiValue.objects.count(),
        ScorecardEvidence.objects.count(),
        Decision.objects.count(),
        Dialogue.objects.count(),
        Control.objects.count(),
    )
    year = today().year
    assert SelfAssessment.objects.get(year=year - 1).status == AssessmentStatus.SUBMITTED
    assert SelfAssessment.objects.get(year=year).status == AssessmentStatus.DRAFT
    assert set(Decision.objects.values_list("status", flat=True)) == {
        DecisionStatus.APPROVED,
        DecisionStatus.DRAFT,
    }
    assert EmissionLine.objects.filter(year=year - 1, scope=1).exists()
    assert any(r.overdue for r in control_rows(control_list(user=personas.csr_manager)))
    for name in ("csr:dashboard", "csr:scorecard", "csr:kpi_list", "csr:emissions"):
        assert client_for("viewer").get(reverse(name)).status_code == 200
