"""The code-of-ethics block the CSR dashboard and the annual CSR report show
(`ethics.selectors.csr_block`, the contract in docs/csr.md)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from sourceproof.core.testing import Personas
from sourceproof.csr.selectors.reports import annual_report_data
from sourceproof.ethics.selectors import csr_block
from sourceproof.ethics.tests.helpers import publish, sign

pytestmark = pytest.mark.django_db


def _facts(block: dict[str, Any]) -> dict[str, str]:
    return {label: value for label, value in block["facts"]}


def test_it_summarises_the_current_version_and_who_signed(personas: Personas) -> None:
    code = publish(personas.csr_manager, "1")
    sign(code, personas.supplier_user)
    block = csr_block(user=personas.viewer, year=None)
    assert block is not None
    assert block["title"] == "Code of ethics" and block["url"] == "/ethics/"
    facts = _facts(block)
    day = timezone.localdate(code.published_at).isoformat()
    assert facts["Current version"] == f"v1 (published {day})"
    assert facts["Suppliers signed"] == "1 of 2"
    assert facts["Overdue"] == "1"
    assert facts[f"Versions published in {timezone.localdate().year}"] == "v1"


def test_it_says_when_no_version_is_published(personas: Personas) -> None:
    block = csr_block(user=None, year=timezone.localdate().year)
    assert block is not None
    assert _facts(block)["Current version"] == "none published yet"


def test_it_gives_no_block_to_a_user_who_may_not_read_the_codes(personas: Personas) -> None:
    for persona in ("customer_user", "other_customer_user", "supplier_user", "auditor"):
        assert csr_block(user=getattr(personas, persona), year=None) is None


def test_it_appears_in_the_annual_report_and_on_the_csr_dashboard(
    personas: Personas, client_for: Any
) -> None:
    code = publish(personas.csr_manager, "1")
    sign(code, personas.supplier_user)
    data = annual_report_data(year=timezone.localdate().year)
    assert data["ethics"] is not None
    assert _facts(data["ethics"])["Suppliers signed"] == "1 of 2"
    page = client_for("viewer").get(reverse("csr:dashboard")).content.decode()
    assert 'id="ethics-block"' in page and "1 of 2" in page
