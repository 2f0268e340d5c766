"""A pre-shipment inspection from booking to the customer, on phones.

A quality manager books a PSI on the booking page. The inspector performs it on the phone
screen (/field/): results one checkpoint at a time, a measurement out of tolerance flagged
while typing, defects counted with +/-, photos (made here by Pillow) attached in one tap.
Halfway the network drops: the inspector keeps working, sees the work queued, reloads the
page without a connection (the service worker serves it, the outbox in IndexedDB still holds
everything), goes back online and sees everything sent, with no duplicates on the server,
even for an answer lost on the way back. The computed verdict shows, the quality manager
reviews it, the background task produces the PDF report, and the customer of the order sees
the reviewed inspection with its photos and downloads the PDF while another customer's user
gets a 404 for the page, the PDF and the photos.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from sourceproof.core.testing import PASSWORD, make_personas
from sourceproof.evidence.models import Photo
from sourceproof.fieldwork.models import AppliedOperation
from sourceproof.fieldwork.tests.helpers import checklist, confirm, library, started
from sourceproof.inspections import services as inspections
from sourceproof.inspections.models import DefectRecord, Inspection
from sourceproof.reports.inspection import inspection_report_for
from tests.browser.conftest import PHONE, log_in

NARROW = {"width": 360, "height": 740}


def _photo(colour: str, size: tuple[int, int] = (640, 480)) -> dict[str, Any]:
    """A real JPEG with an EXIF capture time of now (so its evidence flags are quiet)."""
    image = Image.new("RGB", size, colour)
    for x in range(0, size[0], 40):  # some texture, so the perceptual hashes differ
        image.paste((x % 255, 90, 160), (x, (x * 7) % size[1], x + 20, (x * 7) % size[1] + 20))
    exif = Image.Exif()
    exif[0x0132] = timezone.localtime().strftime("%Y:%m:%d %H:%M:%S")
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes())
    return {"name": f"{colour}.jpg", "mimeType": "image/jpeg", "buffer": buffer.getvalue()}


@pytest.fixture
def phone(chromium: Any, live_server: Any, transactional_db: None) -> Iterator[Any]:
    """phone() → a fresh page on a phone-sized viewport in its own context, service workers
    allowed (the inspector's screen registers one)."""
    contexts: list[Any] = []

    def make(viewport: dict[str, int] | None = None) -> Any:
        context = chromium.new_context(
            viewport=viewport or PHONE,
            locale="en-GB",
            base_url=live_server.url,
            service_workers="allow",
            has_touch=True,
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def _current(page: Any) -> Any:
    return page.locator("#checkpoints .cp:not([hidden])")


def _sync_text(page: Any) -> str:
    return str(page.locator('#sync-bar [data-role="sync-text"]').inner_text())


def _wait_all_sent(page: Any) -> None:
    page.wait_for_function(
        """() => {
          const items = [...document.querySelectorAll('#outbox .outbox-item')];
          return items.length > 0 && items.every(i => i.dataset.status === 'sent');
        }""",
        timeout=20_000,
    )


def _attach(page: Any, scope: Any, colour: str) -> None:
    """Choose a photo and wait until the phone has queued it: reading, shrinking and storing
    it takes a moment, and a wait for "everything sent" must not finish before it is queued."""
    photos = '#outbox .outbox-item[data-kind="photo"]'
    before = page.locator(photos).count()
    scope.locator('input[type="file"]').set_input_files(_photo(colour))
    page.wait_for_function(
        f"() => document.querySelectorAll('{photos}').length > {before}", timeout=20_000
    )


def _counter(page: Any, code: str) -> Any:
    return page.locator(f'.counter[data-code="{code}"]')


def _no_sideways_scroll(page: Any) -> None:
    assert page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    ), "the page scrolls sideways"


def test_it_books_performs_offline_and_recovers_reviews_and_shows_the_customer(
    phone: Any,
) -> None:
    personas = make_personas()
    library(personas)
    checklist(personas)
    order = confirm(personas.order)
    today = timezone.localdate()

    # --- the quality manager books the PSI ------------------------------------------------
    qm = phone()
    log_in(qm, "quality@groen.test", PASSWORD)
    qm.goto(f"/inspections/new/?order={order.number}")
    qm.get_by_label("Type").select_option("psi")
    qm.get_by_label("Planned date").fill(today.isoformat())
    qm.get_by_label("Inspector").select_option(label="Li Wei")
    qm.get_by_label("Lot size").fill("1000")
    qm.get_by_role("button", name="Book", exact=True).click()
    qm.wait_for_url(re.compile(r"/inspections/QC-[\w-]+/$"))
    number = qm.url.rstrip("/").rsplit("/", 1)[-1]

    # --- the inspector finds it on the phone and starts it -----------------------------------
    ins = phone()
    log_in(ins, "inspector@groen.test", PASSWORD)
    ins.goto("/field/")
    assert ins.get_by_role("heading", name="Today").is_visible()
    ins.locator(f'a.field-item[data-report="{number}"]').click()
    ins.get_by_label("Packed (%)").fill("100")
    ins.get_by_role("button", name="Start the inspection").click()
    ins.wait_for_url(f"**/field/{number}/")
    ins.wait_for_selector('#field[data-ready="true"]')
    inspection = Inspection.objects.get(report_number=number)
    assert inspection.status == "in_progress"
    _no_sideways_scroll(ins)
    total = inspection.checkpoint_results.count()
    assert ins.locator('[data-role="progress"]').inner_text() == f"1 / {total}"

    # The service worker takes control of the screen (reload once so it controls the page).
    ins.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.ready")
    ins.reload()
    ins.wait_for_selector('#field[data-ready="true"]')
    ins.wait_for_function("() => !!navigator.serviceWorker.controller")

    # Checkpoint 1: pass, with a photo in one tap.
    assert _current(ins).locator(".cp-title").inner_text() == "Overall appearance"
    _current(ins).get_by_role("button", name="Pass").click()
    _attach(ins, _current(ins), "red")
    _wait_all_sent(ins)

    # Checkpoint 2: a measurement; 97 mm is out of 95 ± 1 mm, flagged while typing.
    ins.get_by_role("button", name="Next").click()
    assert ins.locator('[data-role="progress"]').inner_text() == f"2 / {total}"
    cp = _current(ins)
    assert cp.locator(".cp-title").inner_text() == "Height"
    assert "95 ± 1 mm" in cp.locator(".nominal").inner_text()
    cp.locator('[data-role="value"]').first.fill("95.4")
    assert "ok" in (cp.locator(".measure-row").first.get_attribute("class") or "")
    cp.get_by_role("button", name="+ Add a measured value").click()
    cp.locator('[data-role="value"]').nth(1).fill("97")
    assert "out" in (cp.locator(".measure-row").nth(1).get_attribute("class") or "")
    cp.locator('[data-role="note"]').fill("Unit 2 too tall")
    cp.get_by_role("button", name="Pass").click()

    # Defects: two major units counted with the picker and +, one photo of the defect.
    ins.locator('select[data-class="major"]').select_option("MAJ-PRINT")
    _counter(ins, "MAJ-PRINT").get_by_role("button", name="One unit more").click()
    # The counter shows once the operation is kept on the phone (an IndexedDB write).
    expect(_counter(ins, "MAJ-PRINT").locator('[data-role="count"]')).to_have_text("2")
    _attach(ins, _counter(ins, "MAJ-PRINT"), "blue")
    _wait_all_sent(ins)
    expect(ins.locator('.defect-class[data-class="major"] [data-role="class-total"]')).to_have_text(
        "3"
    )  # 2 counted + 1 measured out

    # A lost answer: the server applies a batch, the phone never hears back and resends.
    lost: list[str] = []

    def lose_answer(route: Any) -> None:
        route.fetch()  # the server applies it …
        lost.append(route.request.post_data or "")
        route.abort("connectionreset")  # … and the answer is lost

    ins.route("**/operations", lose_answer, times=1)
    _counter(ins, "MAJ-PRINT").get_by_role("button", name="One unit more").click()
    ins.wait_for_function("() => document.querySelector('#sync-bar').dataset.state === 'error'")
    ins.get_by_role("button", name="Send now").click()
    _wait_all_sent(ins)
    assert lost, "the route did not see the batch"
    record = DefectRecord.objects.get(inspection=inspection, defect_type__code="MAJ-PRINT")
    assert record.count == 3  # once, not twice
    _counter(ins, "MAJ-PRINT").get_by_role("button", name="One unit fewer").click()
    _wait_all_sent(ins)

    # --- the network drops mid-way ------------------------------------------------------------
    ins.context.set_offline(True)
    ins.wait_for_function("() => navigator.onLine === false")
    ins.get_by_role("button", name="Next").click()
    cp = _current(ins)
    assert cp.locator(".cp-title").inner_text() == "Carton marking and barcode"
    cp.get_by_role("button", name="Pass").click()
    cp.locator('[data-role="note"]').fill("Barcodes scan; cartons dry.")
    _attach(ins, cp, "green")
    ins.locator('select[data-class="minor"]').select_option("MIN-SCRATCH")
    _counter(ins, "MIN-SCRATCH").get_by_role("button", name="One unit more").click()
    _counter(ins, "MIN-SCRATCH").get_by_role("button", name="One unit fewer").click()
    ins.get_by_role("button", name="Next").click()  # leaving the checkpoint queues its note
    assert "Offline" in _sync_text(ins)
    queued = ins.locator('#outbox .outbox-item[data-status="pending"]').count()
    assert queued >= 5
    assert (
        ins.locator('#outbox .outbox-item[data-kind="photo"][data-status="pending"]').count() == 1
    )
    assert Photo.objects.filter(inspection=inspection).count() == 2  # nothing arrived
    assert not DefectRecord.objects.filter(defect_type__code="MIN-SCRATCH").exists()
    assert "waiting" in _sync_text(ins)
    # A note typed and not yet left (only its draft is kept) when the page goes away.
    _current(ins).locator('[data-role="note"]').fill("Seal number 0042 intact")

    # Reload without a connection: the screen comes back with everything still queued.
    ins.reload()
    ins.wait_for_selector('#field[data-ready="true"]')
    served_by = ins.evaluate("() => performance.getEntriesByType('navigation')[0].deliveryType")
    assert served_by == "cache-storage"  # the service worker's copy, not the network
    note = _current(ins).locator('[data-role="note"]')
    assert note.input_value() == "Seal number 0042 intact"
    assert ins.locator('#outbox .outbox-item[data-status="pending"]').count() == queued + 1
    assert _counter(ins, "MIN-SCRATCH").locator('[data-role="count"]').inner_text() == "1"
    assert ins.locator('[data-role="progress"]').inner_text() == f"4 / {total}"
    ins.get_by_role("button", name="Previous").click()
    assert (
        _current(ins).locator('[data-role="note"]').input_value() == "Barcodes scan; cartons dry."
    )
    assert _current(ins).locator(".thumbs .pending").count() == 1
    ins.get_by_role("button", name="Next").click()
    _no_sideways_scroll(ins)

    # --- back online: everything is sent, once -----------------------------------------------
    ins.context.set_offline(False)
    _wait_all_sent(ins)
    assert "sent" in ins.locator('[data-role="outbox-summary"]').inner_text()
    assert Photo.objects.filter(inspection=inspection).count() == 3
    assert Photo.objects.filter(inspection=inspection).values("sha256").distinct().count() == 3
    assert DefectRecord.objects.get(defect_type__code="MIN-SCRATCH").count == 1
    assert DefectRecord.objects.get(defect_type__code="MAJ-PRINT").count == 2
    assert inspection.checkpoint_results.get(title="Carton marking and barcode").note == (
        "Barcodes scan; cartons dry."
    )
    assert inspection.checkpoint_results.get(title="Matches the golden sample").note == (
        "Seal number 0042 intact"
    )
    applied = AppliedOperation.objects.filter(inspection=inspection)
    assert applied.count() == applied.values("op_id").distinct().count()

    # The last checkpoint (the golden sample), then submit: the phone itself refuses, its two
    # photos are missing (it says so offline too, while the inspector can still take them).
    cp = _current(ins)
    assert cp.locator(".cp-title").inner_text() == "Matches the golden sample"
    cp.get_by_role("button", name="Pass").click()
    assert cp.locator('[data-role="photo-count"]').inner_text() == "0 / 2"
    ins.get_by_role("button", name="Next").click()
    ins.get_by_label("Remarks").fill("Lot in good order.")
    ins.get_by_role("button", name="Submit for review").click()
    message = ins.locator('[data-role="submit-message"]')
    message.wait_for()
    assert message.inner_text() == (
        "Take the photos these checkpoints need before submitting: "
        "Matches the golden sample (0 / 2)"
    )
    assert ins.locator('#outbox .outbox-item[data-kind="submit"]').count() == 0
    inspection.refresh_from_db()
    assert inspection.status == "in_progress"
    # The side-by-side photos: the front and the back of a production unit, then submit.
    ins.get_by_role("button", name="Previous").click()
    cp = _current(ins)
    for side, colour in (("front", "yellow"), ("back", "purple")):
        cp.locator('[data-role="side"]').select_option(side)
        _attach(ins, cp, colour)
    ins.wait_for_function(
        """() => [...document.querySelectorAll('#outbox .outbox-item[data-kind="photo"]')]
                 .filter(i => i.dataset.status === 'sent'
                              && i.innerText.includes('Matches the golden sample')).length === 2"""
    )
    assert cp.locator('[data-role="photo-count"]').inner_text() == "2 / 2"
    golden_photos = Photo.objects.filter(
        inspection=inspection, checkpoint_result__key="golden-sample"
    )
    assert sorted(golden_photos.values_list("side", flat=True)) == ["back", "front"]
    ins.get_by_role("button", name="Next").click()
    ins.get_by_role("button", name="Submit for review").click()
    banner = ins.locator('[data-role="submitted"]')
    banner.wait_for()
    assert "Computed verdict: pass" in banner.inner_text()
    assert ins.locator('[data-role="local-verdict"]').inner_text() == "Pass so far"
    inspection.refresh_from_db()
    assert inspection.status == "submitted"
    assert inspection.computed_verdict == "pass"
    assert inspection.remarks == "Lot in good order."
    assert inspection.nonconforming == {"critical": 0, "major": 3, "minor": 1}
    ins.set_viewport_size(NARROW)
    _no_sideways_scroll(ins)

    # --- the quality manager reviews it ------------------------------------------------------
    qm.goto(f"/inspections/{number}/")
    assert "Pass" in qm.locator("#verdict").inner_text()
    qm.get_by_role("button", name="Review and count the lot").click()
    qm.wait_for_url(f"**/inspections/{number}/")
    inspection.refresh_from_db()
    assert inspection.status == "reviewed"

    # --- the PDF: rendered by the background task the review queued ------------------------
    pdf_url = reverse("reports:inspection_pdf", args=[number])
    for _ in range(120):
        report = inspection_report_for(inspection=inspection)
        if report is not None:
            break
        qm.wait_for_timeout(500)
    assert report is not None, "the report task did not issue the PDF"
    qm.goto(f"/inspections/{number}/")
    assert qm.locator(".report-link").get_by_role("link", name="Download the PDF").is_visible()

    # --- the customer of the order sees it; another customer does not ----------------------
    customer = phone()
    log_in(customer, "buyer@northwind.test", PASSWORD)
    response = customer.goto(f"/inspections/{number}/")
    assert response is not None and response.status == 200
    assert number in customer.locator("h1").inner_text()
    assert customer.locator("figure.photo-card").count() >= 5  # with its photos
    assert customer.locator(".golden-compare").count() == 1  # side by side
    link = customer.locator(".report-link").get_by_role("link", name="Download the PDF")
    assert link.get_attribute("href") == pdf_url
    pdf = customer.request.get(pdf_url)
    assert pdf.status == 200
    assert pdf.body().startswith(b"%PDF")
    assert hashlib.sha256(pdf.body()).hexdigest() == report.sha256  # the file as issued
    thumbnail = customer.locator("figure.photo-card img").first.get_attribute("src")
    assert thumbnail and customer.request.get(thumbnail).status == 200

    outsider = phone()
    log_in(outsider, "buyer@contoso.test", PASSWORD)
    response = outsider.goto(f"/inspections/{number}/")
    assert response is not None and response.status == 404
    assert outsider.request.get(pdf_url).status == 404
    assert outsider.request.get(thumbnail).status == 404


def test_it_keeps_a_refused_change_in_sight_with_its_reason(phone: Any) -> None:
    """While the phone is offline, the quality manager takes the counted unit back on the
    desktop; the phone's own "one unit fewer" then arrives for nothing and is refused. It
    stays in the outbox with the server's reason until the inspector discards it."""
    personas = make_personas()
    inspection = started(personas)
    types = library(personas)
    inspections.inspection_adjust_defect_count(
        inspection=inspection, defect_type=types["MAJ-PRINT"], delta=1, by=personas.inspector
    )
    ins = phone()
    log_in(ins, "inspector@groen.test", PASSWORD)
    ins.goto(f"/field/{inspection.report_number}/")
    ins.wait_for_selector('#field[data-ready="true"]')
    assert _counter(ins, "MAJ-PRINT").locator('[data-role="count"]').inner_text() == "1"

    ins.context.set_offline(True)
    ins.wait_for_function("() => navigator.onLine === false")
    _counter(ins, "MAJ-PRINT").get_by_role("button", name="One unit fewer").click()
    inspections.inspection_adjust_defect_count(
        inspection=inspection, defect_type=types["MAJ-PRINT"], delta=-1, by=personas.quality_manager
    )
    ins.context.set_offline(False)
    refused = ins.locator('#outbox .outbox-item[data-status="rejected"]')
    refused.wait_for()
    assert "Only 0 unit(s) of MAJ-PRINT counted." in refused.inner_text()
    assert ins.locator("#sync-bar").get_attribute("data-state") == "error"
    refused.get_by_role("button", name="Send again").click()  # still refused: same reason
    ins.wait_for_function(
        "() => document.querySelector('#outbox .outbox-item').dataset.status === 'rejected'"
    )
    ins.once("dialog", lambda dialog: dialog.accept())
    refused.get_by_role("button", name="Discard").click()
    ins.wait_for_function("() => !document.querySelector('.outbox-item[data-status=rejected]')")
    assert not DefectRecord.objects.filter(inspection=inspection).exists()
    assert not AppliedOperation.objects.filter(inspection=inspection).exists()


def test_it_shows_a_photo_upload_progressing(phone: Any) -> None:
    """On a slow line, the photo's own progress bar moves while it uploads."""
    personas = make_personas()
    inspection = started(personas)
    ins = phone()
    log_in(ins, "inspector@groen.test", PASSWORD)
    ins.goto(f"/field/{inspection.report_number}/")
    ins.wait_for_selector('#field[data-ready="true"]')
    cdp = ins.context.new_cdp_session(ins)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 50, "downloadThroughput": -1, "uploadThroughput": 60_000},
    )
    noise = Image.frombytes("RGB", (800, 600), os.urandom(800 * 600 * 3))
    buffer = io.BytesIO()
    noise.save(buffer, format="JPEG", quality=90)
    photo = {"name": "noise.jpg", "mimeType": "image/jpeg", "buffer": buffer.getvalue()}
    assert len(photo["buffer"]) > 150_000
    _current(ins).locator('input[type="file"]').set_input_files(photo)
    bar = ins.locator('.outbox-item[data-kind="photo"] [data-role="upload"]')
    bar.wait_for(state="visible")
    ins.wait_for_function(
        """() => {
          const bar = document.querySelector('.outbox-item[data-kind="photo"] [data-role="upload"] span');
          const width = bar ? parseFloat(bar.style.width) : 0;
          return width > 0 && width < 100;
        }"""
    )
    _wait_all_sent(ins)
    assert Photo.objects.filter(inspection=inspection).count() == 1
