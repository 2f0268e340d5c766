"""The pages: the inspector's list (this week, own inspections only, constant queries), the
screen (state and sentences for the script, in the user's language), starting on the phone,
a finished inspection, the service worker and the offline page."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sourceproof.core.testing import OrderLineFactory, Personas, UserFactory
from sourceproof.evidence.services import photo_add
from sourceproof.fieldwork.selectors import field_state, week_of
from sourceproof.fieldwork.tests.helpers import (
    book,
    jpeg,
    key_of,
    library,
    op,
    photographed,
    post_ops,
    started,
)
from sourceproof.inspections import services as inspections
from sourceproof.inspections.models import Inspection, InspectionStatus
from sourceproof.orders.models import OrderStatus

pytestmark = pytest.mark.django_db


def _json(html: str, element_id: str) -> Any:
    found = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html)
    assert found, element_id
    return json.loads(found.group(1))


def _bulk(personas: Personas, count: int, inspector: Any) -> None:
    """`count` inspections assigned to `inspector`, made directly (for query counts): every
    status, planned over this week and the last one."""
    today = timezone.localdate()
    statuses = ["planned", "in_progress", "submitted", "reviewed", "cancelled"]
    for i in range(count):
        order = OrderLineFactory.create(
            order__customer=personas.customer,
            order__facility=personas.facility,
            order__status=OrderStatus.IN_PRODUCTION,
        ).order
        status = statuses[i % len(statuses)]
        started_ = status not in {"planned", "cancelled"}
        Inspection.objects.create(
            report_number=f"QC-F-{Inspection.objects.count() + 1:06d}",
            order=order,
            facility=personas.facility,
            product_category=order.lines.first().product.category,  # type: ignore[union-attr]
            inspection_type="psi",
            status=status,
            planned_date=today - dt.timedelta(days=i % 9),
            inspector=inspector,
            lot_size=1000,
            major_aql="2.5",
            minor_aql="4.0",
            plan_snapshot={"inspection": "normal"} if started_ else None,
            started_at=timezone.now() if started_ else None,
            submitted_at=timezone.now() if status in {"submitted", "reviewed"} else None,
            reviewed_at=timezone.now() if status == "reviewed" else None,
            cancel_reason="test",
        )


def test_it_lists_this_weeks_own_inspections_grouped(personas: Personas, client_for: Any) -> None:
    library(personas)
    today = timezone.localdate()
    monday, sunday = week_of(today)
    mine_today = book(personas, planned_date=today)
    mine_later = book(personas, planned_date=sunday + dt.timedelta(days=3))
    running = started(personas, planned_date=monday - dt.timedelta(days=10))
    someone_else = UserFactory.create(role="inspector", organisation=personas.operator)
    theirs = book(personas, planned_date=today, inspector=someone_else)
    page = client_for("inspector").get("/field/").content.decode()
    assert mine_today.report_number in page
    assert running.report_number in page
    assert mine_later.report_number not in page  # next week
    assert theirs.report_number not in page
    running_at, today_at = page.index("<h2>In progress</h2>"), page.index("<h2>Today</h2>")
    assert running_at < page.index(running.report_number) < today_at
    assert today_at < page.index(mine_today.report_number)


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def test_it_lists_in_a_constant_number_of_queries(personas: Personas, client_for: Any) -> None:
    client = client_for("inspector")
    _bulk(personas, 10, personas.inspector)
    client.get("/field/")
    few = _queries(client, "/field/")
    _bulk(personas, 90, personas.inspector)
    many = _queries(client, "/field/")
    assert few == many
    assert "?page=2" in client.get("/field/").content.decode()  # 60 rows shown, 50 a page


def test_it_builds_the_state_in_a_constant_number_of_queries(personas: Personas) -> None:
    def measure(inspection: Inspection) -> int:
        with CaptureQueriesContext(connection) as captured:
            field_state(user=personas.inspector, inspection=inspection, language="en")
        return len(captured.captured_queries)

    inspection = started(personas)
    types = library(personas)
    key = key_of(inspection, "Overall appearance")
    inspections.inspection_adjust_defect_count(
        inspection=inspection, defect_type=types["MAJ-PRINT"], delta=1, by=personas.inspector
    )
    photo_add(inspection=inspection, file=jpeg("red"), by=personas.inspector)
    few = measure(inspection)
    for i, colour in enumerate(["blue", "green", "yellow", "white", "black", "purple"]):
        record = inspections.inspection_adjust_defect_count(
            inspection=inspection,
            defect_type=list(types.values())[i % 4],
            delta=1,
            by=personas.inspector,
        )
        inspections.inspection_record_defect(
            inspection=inspection,
            defect_type=types["MIN-SCRATCH"],
            unit_number=i + 1,
            checkpoint_key=key,
            by=personas.inspector,
        )
        photo_add(
            inspection=inspection,
            file=jpeg(colour, size=(64 + i, 48)),
            by=personas.inspector,
            checkpoint_result=inspection.checkpoint_results.get(key=key),
            defect_record=record,
        )
    assert measure(inspection) == few


def test_it_hands_the_script_its_state_and_sentences(personas: Personas, client_for: Any) -> None:
    inspection = started(personas)
    post_ops(
        client_for("inspector"), inspection, op("defect_adjust", defect_type="MAJ-PRINT", delta=2)
    )
    html = client_for("inspector").get(f"/field/{inspection.report_number}/").content.decode()
    state = _json(html, "field-state")
    config = _json(html, "field-config")
    texts = _json(html, "field-texts")
    assert state["report_number"] == inspection.report_number
    assert state["counters"] == {"MAJ-PRINT": 2}
    assert [c["title"] for c in state["checkpoints"]] == [
        "Overall appearance",
        "Height",
        "Carton marking and barcode",
        "Matches the golden sample",
    ]
    assert config["urls"]["operations"].endswith(f"/{inspection.report_number}/operations")
    assert texts["sent_of"] == "%(sent)s of %(total)s sent"
    assert 'capture="environment"' in html
    assert 'accept="image/*"' in html
    assert '<meta name="csrf-token"' in html
    assert "Nominal 95 ± 1 mm" in html


def test_it_speaks_the_users_language_for_the_library(personas: Personas) -> None:
    inspection = started(personas)
    client = Client()
    client.force_login(personas.inspector)
    client.cookies["django_language"] = "zh-hans"
    html = client.get(f"/field/{inspection.report_number}/").content.decode()
    state = _json(html, "field-state")
    assert state["language"] == "zh"
    assert {t["code"]: t["description"] for t in state["defect_types"]}["MAJ-PRINT"] == (
        "标志印刷模糊"
    )
    assert state["checkpoints"][0]["title"] == "整体外观"
    assert "标志印刷模糊" in html


def test_it_starts_a_planned_inspection_on_the_phone(personas: Personas, client_for: Any) -> None:
    library(personas)
    inspection = book(personas)
    client = client_for("inspector")
    page = client.get(f"/field/{inspection.report_number}/")
    assert b"Start the inspection" in page.content
    refused = client.post(f"/field/{inspection.report_number}/start/", {"packed_percent": 50})
    assert refused.status_code == 400
    assert "needs at least 80" in refused.content.decode()
    response = client.post(f"/field/{inspection.report_number}/start/", {"packed_percent": 95})
    assert response.status_code == 302
    assert response["Location"] == f"/field/{inspection.report_number}/"
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.IN_PROGRESS


def test_it_shows_a_submitted_inspection_as_done(personas: Personas, client_for: Any) -> None:
    inspection = photographed(personas, started(personas))
    for result in inspection.checkpoint_results.all():
        payload: dict[str, Any] = (
            {"measurements": [{"value": "95"}]} if result.kind == "measurement" else {}
        )
        inspections.inspection_record_result(
            inspection=inspection,
            key=result.key,
            status=None if payload else "pass",
            by=personas.inspector,
            **payload,
        )
    inspections.inspection_submit(inspection=inspection, by=personas.inspector)
    html = client_for("inspector").get(f"/field/{inspection.report_number}/").content.decode()
    assert "nothing more is recorded on the phone" in html
    assert 'id="server-verdict" data-outcome="pass"' in html


def test_it_serves_the_service_worker_for_the_field_scope(client: Client) -> None:
    response = client.get("/field/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/field/"
    assert "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    assert "__VERSION__" not in body
    assert '"/static/fieldwork/outbox.js"' in body
    assert client.get("/field/offline/").status_code == 200
