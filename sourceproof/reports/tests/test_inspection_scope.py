"""Who may open an inspection's report: whoever may see the inspection (the inspections app's
scope) — operator roles all, the assigned inspector, the order's customer and the facility's
supplier once it is reviewed. Everyone else gets 404 on every page and endpoint, and the
write endpoints refuse everyone but quality managers and admins."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from sourceproof.accounts.models import Role
from sourceproof.core.testing import Personas, UserFactory
from sourceproof.inspections.tests.builders import reviewed
from sourceproof.reports import inspection as reports
from sourceproof.reports.tests import inspection_flow as flow

pytestmark = pytest.mark.django_db

INSIDERS = (
    "admin",
    "csr_manager",
    "quality_manager",
    "inspector",
    "viewer",
    "customer_user",
    "supplier_user",
)
OUTSIDERS = ("other_customer_user", "other_supplier_user", "auditor")


def _reads(number: str) -> list[str]:
    return [
        f"/reports/inspections/{number}/",
        f"/reports/inspections/{number}/pdf/",
        f"/reports/inspections/{number}/pdf/?version=1",
        f"/api/v1/reports/inspections/{number}",
        f"/api/v1/reports/inspections/{number}/pdf",
    ]


def _writes(number: str) -> list[str]:
    return [
        f"/reports/inspections/{number}/correct/",
        f"/reports/inspections/{number}/render/",
    ]


def test_every_page_and_endpoint_by_persona(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        inspection = reviewed(personas)
    assert reports.inspection_report_for(inspection=inspection) is not None
    number = inspection.report_number
    stranger = UserFactory.create(role=Role.INSPECTOR, organisation=personas.operator)
    for name in INSIDERS:
        client = Client()
        client.force_login(getattr(personas, name))
        for url in _reads(number):
            assert client.get(url).status_code == 200, (name, url)
        if name not in {"admin", "quality_manager"}:  # who may see it but not correct it
            for url in _writes(number):
                assert client.post(url, {"reason": "x" * 20}).status_code == 404, (name, url)
    for user in [*(getattr(personas, n) for n in OUTSIDERS), stranger]:
        client = Client()
        client.force_login(user)
        for url in _reads(number):
            assert client.get(url).status_code == 404, (user.email, url)
        for url in _writes(number):
            assert client.post(url, {"reason": "x" * 20}).status_code == 404, (user.email, url)
    anonymous = Client()
    assert anonymous.get(_reads(number)[0]).status_code == 302  # to the login page
    assert anonymous.get(_reads(number)[3]).status_code == 401


def test_customers_and_suppliers_see_nothing_before_the_review(
    personas: Personas, client_for: Any
) -> None:
    inspection = flow.performed_psi(personas, far_photo=False)  # submitted, not reviewed
    number = inspection.report_number
    for name in ("customer_user", "supplier_user", "other_customer_user"):
        client = client_for(name)
        for url in _reads(number):
            assert client.get(url).status_code == 404, (name, url)
    qm = client_for("quality_manager")
    page = qm.get(_reads(number)[0])
    assert page.status_code == 200
    assert "issued once the inspection is reviewed" in page.content.decode()
    assert qm.get(_reads(number)[1]).status_code == 404  # no PDF yet
    assert qm.get(_reads(number)[3]).json()["status"] == "not_reviewed"


def test_unknown_numbers_and_versions_are_404(
    personas: Personas, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        inspection = reviewed(personas)
    qm = client_for("quality_manager")
    number = inspection.report_number
    assert qm.get("/reports/inspections/QC-1999-99999/").status_code == 404
    assert qm.get(f"/reports/inspections/{number}/pdf/?version=2").status_code == 404
    assert qm.get(f"/reports/inspections/{number}/pdf/?version=x").status_code == 404
    assert qm.get(f"/api/v1/reports/inspections/{number}/pdf?version=2").status_code == 404
    assert qm.get(f"/reports/inspections/{number}/correct/").status_code == 405
