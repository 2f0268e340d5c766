"""The customer portal on a phone: a customer follows one order from its confirmation to the
pre-shipment inspection's report, opens the photo feed, downloads the PDF and checks it on the
public verification page; a tampered copy (one byte changed) fails; another customer's user
gets a 404 on the first customer's order, photos and report.

The data is made through the services (reports.tests.inspection_flow): the order is confirmed
through the sourcing gate, a PPI approves the golden sample, a PSI is performed and reviewed,
and its PDF is issued by the task that runs on commit.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from django.urls import reverse

from sourceproof.core.testing import PASSWORD, make_personas
from sourceproof.portal.tests.builders import confirm_through_gate
from sourceproof.reports.inspection import inspection_report_for
from sourceproof.reports.tests.inspection_flow import golden_ppi, performed_psi, review
from tests.browser.conftest import PHONE, log_in


@contextlib.contextmanager
def _after_commit(execute: bool = True) -> Iterator[None]:
    """Outside a test transaction the report's on-commit hook runs by itself."""
    yield


def test_a_customer_follows_an_order_to_its_verified_report(new_page: Any) -> None:
    personas = make_personas()
    confirm_through_gate(personas)
    golden_ppi(personas)
    psi = performed_psi(personas)
    review(personas, psi, _after_commit)
    report = inspection_report_for(inspection=psi)
    assert report is not None, "the PSI's PDF was not issued"
    number = personas.order.number

    page = new_page(viewport=PHONE)
    log_in(page, personas.customer_user.email, PASSWORD)
    page.goto(reverse("portal:order_list"))
    page.get_by_role("link", name=number).click()
    page.wait_for_url(f"**{reverse('portal:order_detail', args=[number])}")

    timeline = page.locator("#order-timeline")
    assert "Draft" in timeline.inner_text() and "Confirmed" in timeline.inner_text()
    assert (
        "Every rule of the sourcing gate passed."
        in page.locator("#gate-at-confirmation").inner_text()
    )
    inspection = page.locator(f'article[data-report="{psi.report_number}"]')
    assert "Pre-shipment inspection (PSI)" in inspection.inner_text()
    assert report.number in inspection.inner_text()
    assert page.locator("#golden-vs-psi").get_by_text("GS-0042").is_visible()
    # Nothing overflows the phone's width.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1

    with page.expect_download() as info:
        inspection.get_by_role("link", name="Download the PDF").click()
    pdf = info.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")

    page.get_by_role("link", name="Production photos").first.click()
    page.wait_for_url(f"**{reverse('portal:photo_feed')}")
    cards = page.locator("#photo-feed .photo-card")
    assert cards.count() > 3
    assert "Time ✓" in page.locator("#photo-feed").inner_text()

    page.goto(reverse("verify:report", args=[report.number]))
    page.get_by_label("The PDF you received").set_input_files(
        {"name": f"{report.number}.pdf", "mimeType": "application/pdf", "buffer": pdf}
    )
    page.get_by_role("button", name="Check").click()
    assert "Genuine." in page.locator("#verify-outcome").inner_text()

    tampered = bytearray(pdf)
    tampered[len(tampered) // 2] ^= 0x01
    page.get_by_label("The PDF you received").set_input_files(
        {"name": f"{report.number}.pdf", "mimeType": "application/pdf", "buffer": bytes(tampered)}
    )
    page.get_by_role("button", name="Check").click()
    assert "Not the issued file." in page.locator("#verify-outcome").inner_text()

    other = new_page(viewport=PHONE)
    log_in(other, personas.other_customer_user.email, PASSWORD)
    for url in (
        reverse("portal:order_detail", args=[number]),
        reverse("portal:order_photos", args=[number]),
        reverse("reports:inspection_pdf", args=[psi.report_number]),
        reverse("reports:inspection_html", args=[psi.report_number]),
    ):
        response = other.request.get(url)
        assert response.status == 404, url
    feed = other.goto(reverse("portal:photo_feed"))
    assert feed is not None and feed.status == 200
    assert other.locator("#photo-feed .photo-card").count() == 0
