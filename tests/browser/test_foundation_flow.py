"""Issue 2's end-to-end check in a real browser.

A quality manager logs in, imports a facility file with one bad row (nothing is imported,
the report names row, column and problem), uploads the corrected file and applies it, then
tries to confirm an order for a facility whose SMETA 4-pillar audit has expired and sees why
the sourcing gate refuses it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.utils import timezone

from sourceproof.core.testing import PASSWORD, CertificateFactory, make_personas
from sourceproof.facilities.models import Facility
from tests.browser.conftest import log_in

HEADER = "supplier_number,name,address,city,country,latitude,longitude,os_id\n"


def test_it_imports_a_fixed_file_and_shows_why_the_gate_blocks_an_order(
    new_page: Any, tmp_path: Path
) -> None:
    personas = make_personas()
    supplier = personas.supplier.supplier_number
    today = timezone.localdate()
    # The order's facility had a SMETA 4-pillar audit three years ago; its certificate expired.
    CertificateFactory.create(
        facility=personas.facility,
        valid_from=today - dt.timedelta(days=3 * 365),
        valid_until=today - dt.timedelta(days=30),
    )
    bad = tmp_path / "facilities.csv"
    bad.write_text(
        HEADER
        + f"{supplier},Yiwu Lanyard Works,8 Chouzhou Road,Yiwu,CN,29.3,120.07,CN2023001ABCDEF\n"
        + f"{supplier},Hangzhou Pen Co,12 Wensan Road,Hangzhou,XX,30.27,120.15,\n"
    )
    good = tmp_path / "facilities-fixed.csv"
    good.write_text(bad.read_text().replace(",XX,", ",CN,"))

    page = new_page()
    log_in(page, "quality@groen.test", PASSWORD)
    page.goto("/facilities/data/")
    page.get_by_label("File").set_input_files(str(bad))
    page.get_by_role("button", name="Upload and check").click()

    alert = page.get_by_role("alert").first
    assert "Nothing was imported" in alert.inner_text()
    problems = page.locator("table").first.inner_text()
    assert "3" in problems and "country" in problems and "XX" in problems
    assert not Facility.objects.filter(name="Yiwu Lanyard Works").exists()

    page.get_by_label("File").set_input_files(str(good))
    page.get_by_role("button", name="Upload and check").click()
    page.get_by_role("button", name="Apply").click()
    assert "Applied: 2 created" in page.locator("main").inner_text()
    assert Facility.objects.filter(name__in=["Yiwu Lanyard Works", "Hangzhou Pen Co"]).count() == 2

    page.goto(f"/orders/{personas.order.number}/confirm/")
    blocked = page.locator("#gate-blocked")
    assert "The gate blocks this order" in blocked.inner_text()
    assert "SMETA 4-pillar" in blocked.inner_text()
    assert page.get_by_role("button", name="Confirm order").is_disabled()
