"""The dashboard tells the roles that draft findings which finished analyses still have
findings none of which became a draft audit finding."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sourceproof.core.testing import Personas
from sourceproof.payroll import services
from sourceproof.payroll.selectors import dashboard_panels
from sourceproof.payroll.tests.helpers import make_audit, make_run

pytestmark = pytest.mark.django_db


def test_it_lists_runs_whose_findings_are_not_drafted(
    personas: Personas, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        run = make_run(personas)
    run.refresh_from_db()

    [panel] = dashboard_panels(user=personas.csr_manager)
    assert panel["count"] == 1 and panel["tone"] == "warn"
    assert panel["items"][0]["url"] == reverse("payroll:run_detail", args=[run.pk])
    assert panel["items"][0]["note"] == "6 findings"
    page = client_for("csr_manager").get(reverse("core:dashboard")).content.decode()
    assert "Wage and hours findings not yet drafted" in page

    services.run_findings_draft(
        run=run, audit=make_audit(personas), positions=[0], by=personas.csr_manager
    )
    [panel] = dashboard_panels(user=personas.csr_manager)
    assert panel["count"] == 0 and panel["tone"] == "ok"


def test_roles_that_do_not_draft_get_no_panel(personas: Personas) -> None:
    for name in ("viewer", "inspector", "supplier_user", "customer_user", "auditor"):
        assert dashboard_panels(user=getattr(personas, name)) == []
