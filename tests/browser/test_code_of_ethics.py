"""A CSR manager publishes a new code of ethics (no grace period), a supplier signs it on a
phone, and the sourcing gate lets that supplier's order through while it blocks the order of
a supplier that has not signed."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from sourceproof.core.testing import PASSWORD, CertificateFactory, make_personas
from sourceproof.ethics.tests.helpers import publish, sign
from sourceproof.orders.models import OrderStatus, PurchaseOrder
from tests.browser.conftest import PHONE, log_in


def test_it_publishes_a_version_a_supplier_signs_and_the_gate_follows(new_page: Any) -> None:
    personas = make_personas()
    for facility in (personas.facility, personas.other_facility):
        CertificateFactory.create(facility=facility)  # a valid SMETA 4-pillar audit
    v1 = publish(personas.csr_manager, "1", days_ago=100)
    sign(v1, personas.supplier_user, days_ago=90)
    sign(v1, personas.other_supplier_user, days_ago=90)

    # The CSR manager drafts v2 from v1, with no grace period, and publishes it.
    csr = new_page()
    log_in(csr, "csr@groen.test", PASSWORD)
    csr.goto("/ethics/versions/")
    csr.get_by_role("link", name="Draft a new version").click()
    expect(csr.get_by_label("Version")).to_have_value("2")
    csr.get_by_label("Grace period (days)").fill("0")
    csr.locator("#id_en-title").fill("Supplier code of ethics v2")
    csr.locator("#id_en-body").fill(
        "## 1. Human rights\n\nWe respect human rights.\n\n## 2. Labour\n\nNo forced labour."
    )
    csr.get_by_role("button", name="Save the draft").click()
    expect(csr.get_by_role("heading", name=re.compile("Code of ethics v2"))).to_be_visible()
    csr.get_by_role("link", name="Publish…").click()
    expect(csr.locator("#publish-effect")).to_contain_text(
        "2 active suppliers must sign this version."
    )
    expect(csr.locator("#publish-effect")).to_contain_text("There is no grace period")
    csr.get_by_role("button", name="Publish v2").click()
    expect(csr.get_by_text("Version v2 is published")).to_be_visible()

    # The supplier is asked to sign on its dashboard, reads the code and signs, on a phone.
    supplier = new_page(viewport=PHONE)
    log_in(supplier, "sales@bright.test", PASSWORD)
    expect(supplier.locator("#panel-ethics-sign")).to_contain_text(
        "Please sign the code of ethics v2"
    )
    supplier.locator(".nav-toggle-label").click()
    supplier.get_by_role("link", name="Code of ethics", exact=True).click()
    expect(supplier.locator("#code-text")).to_contain_text("We respect human rights.")
    supplier.get_by_label("Your full name").fill("Zhang Min")
    supplier.get_by_label("Your role or title").fill("General manager")
    supplier.get_by_label(re.compile("accept it on behalf of Ningbo Bright Drinkware")).check()
    supplier.get_by_role("button", name="Sign").click()
    expect(supplier.locator("#signed")).to_contain_text(
        "Zhang Min (General manager) signed the code of ethics v2"
    )

    # The gate lets the signed supplier's order through ...
    csr.goto(f"/orders/{personas.order.number}/confirm/")
    expect(csr.locator("#gate")).to_contain_text("Every gate rule passes")
    csr.get_by_role("button", name="Confirm order").click()
    expect(csr.get_by_text(f"Order {personas.order.number} confirmed.")).to_be_visible()
    assert PurchaseOrder.objects.get(pk=personas.order.pk).status == OrderStatus.CONFIRMED

    # ... and blocks the order of the supplier that has not signed v2, saying why.
    csr.goto(f"/orders/{personas.other_order.number}/confirm/")
    expect(csr.locator("#gate-blocked")).to_contain_text(
        "Dhaka Canvas Bags Ltd. has not signed the code of ethics v2"
    )
    expect(csr.locator("#gate-blocked")).to_contain_text("this version has no grace period")
    expect(csr.get_by_role("button", name="Confirm order")).to_be_disabled()
    assert PurchaseOrder.objects.get(pk=personas.other_order.pk).status == OrderStatus.DRAFT
