"""A CSR manager records a SMETA 4-pillar audit with a critical finding: the facility becomes
suspended and the gate blocks its order. The supplier answers on a phone and uploads evidence,
the CSR manager verifies it, the facility is approved again and the order can be confirmed."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from django.utils import timezone
from PIL import Image

from sourceproof.audits.tests.helpers import PDF_BYTES
from sourceproof.core.testing import PASSWORD, make_personas
from sourceproof.orders.models import OrderStatus, PurchaseOrder
from tests.browser.conftest import PHONE, log_in


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), "green").save(buffer, format="PNG")
    return buffer.getvalue()


def test_it_suspends_on_a_critical_finding_and_approves_once_verified(new_page: Any) -> None:
    personas = make_personas()
    facility = personas.facility
    order = personas.order
    today = timezone.localdate()

    # --- the CSR manager records the audit -------------------------------------------------
    csr = new_page()
    log_in(csr, "csr@groen.test", PASSWORD)
    csr.goto(f"/audits/new/?facility={facility.code}")
    csr.get_by_label("Standard").select_option("smeta_6_1")
    csr.get_by_label("Pillars").select_option("4")
    csr.get_by_label("Audit type").select_option("periodic")
    csr.get_by_label("Announcement").select_option("semi_announced")
    csr.get_by_label("Audit firm").select_option(label="Fair Audits Ltd")
    csr.get_by_label("Lead auditor", exact=True).fill("Alex Auditor")
    csr.get_by_label("Lead auditor's APSCA number").fill("CSCA 21701234")
    csr.get_by_label("First day").fill((today - dt.timedelta(days=3)).isoformat())
    csr.get_by_label("Last day").fill((today - dt.timedelta(days=2)).isoformat())
    csr.get_by_label("Sedex audit reference").fill("ZAA600123456")
    csr.get_by_role("button", name="Save audit").click()
    csr.wait_for_url(re.compile(r"/audits/AUD-\d+/$"))
    reference = csr.url.rstrip("/").rsplit("/", 1)[-1]

    csr.get_by_label("Audit report (PDF)").set_input_files(
        {"name": "smeta-report.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    csr.get_by_role("button", name="Upload report").click()
    csr.get_by_role("button", name="Move to “Report received”").click()
    assert csr.locator("#audit-status").inner_text() == "Report received"

    csr.get_by_role("link", name="Add a finding").click()
    csr.get_by_label("Type").select_option("non_compliance")
    csr.get_by_label("Pillar").select_option("health_safety")
    csr.get_by_label("Clause").select_option("3")
    csr.get_by_label("Severity").select_option("critical")
    csr.locator("#id_title").fill("Emergency exit on floor 2 locked during shift")
    csr.get_by_label("Evidence").fill("Seen at 10:40; key held by the guard.")
    csr.get_by_role("button", name="Save finding").click()
    finding = f"{reference}-F01"
    assert csr.locator(f'tr[data-finding="{finding}"]').is_visible()

    # --- the facility is suspended, and the gate blocks the order -------------------------
    csr.goto(f"/audits/facilities/{facility.code}/")
    assert csr.locator("#compliance-status").inner_text() == "Suspended"
    assert "Open critical finding" in csr.locator(".compliance-reasons").inner_text()

    csr.goto(f"/orders/{order.number}/confirm/")
    blocked = csr.locator("#gate-blocked").inner_text()
    assert "compliance status is suspended" in blocked
    assert "Emergency exit on floor 2 locked during shift" in blocked
    assert csr.get_by_role("button", name="Confirm order").is_disabled()
    smeta = csr.locator('.gate-rule[data-rule="smeta_4p_audit"]').inner_text()
    assert reference in smeta  # the audit itself opens the SMETA rule

    # --- the supplier answers on a phone ---------------------------------------------------
    supplier = new_page(viewport=PHONE)
    log_in(supplier, "sales@bright.test", PASSWORD)
    supplier.goto("/audits/my-actions/")
    supplier.locator(f'a[data-finding="{finding}"]').click()
    supplier.get_by_label("Root cause").fill("The guard locked the exit against theft.")
    supplier.get_by_label("Corrective action").fill(
        "Exit unlocked, panic bar fitted, guards instructed."
    )
    supplier.get_by_label("Responsible person").fill("Wang Fang, EHS manager")
    supplier.get_by_role("button", name="Save answer").click()
    supplier.get_by_label("Evidence file").set_input_files(
        {"name": "exit-open.png", "mimeType": "image/png", "buffer": _png()}
    )
    supplier.get_by_label("What does it show?").fill("The exit with its panic bar")
    supplier.get_by_role("button", name="Upload evidence").click()
    assert supplier.get_by_role("link", name="exit-open.png").is_visible()
    supplier.get_by_role("button", name="Submit for verification").click()
    assert supplier.locator("#action-status").inner_text() == "Submitted for verification"

    # --- the CSR manager verifies -----------------------------------------------------------
    csr.goto(f"/audits/actions/{finding}/")
    assert csr.get_by_role("link", name="exit-open.png").is_visible()
    csr.get_by_label("Verify: the action is done").check()
    csr.get_by_label("Comment").fill("Photo and guard instruction seen.")
    csr.get_by_role("button", name="Record decision").click()
    assert csr.locator("#action-status").inner_text() == "Verified"

    csr.goto(f"/audits/facilities/{facility.code}/")
    assert csr.locator("#compliance-status").inner_text() == "Approved"

    # --- and the order goes through the gate ------------------------------------------------
    csr.goto(f"/orders/{order.number}/confirm/")
    csr.get_by_role("button", name="Confirm order").click()
    csr.wait_for_url(f"**/orders/{order.number}/")
    assert PurchaseOrder.objects.get(pk=order.pk).status == OrderStatus.CONFIRMED
