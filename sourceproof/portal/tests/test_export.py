"""Export of the customer's orders and inspections: CSV (one table) and XLSX (both sheets),
the list's filters applied, the customer's rows only, the columns fixed."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from sourceproof.core.testing import Personas
from sourceproof.portal import exporting
from sourceproof.portal.tests.builders import (
    EXCEPTION_REASON,
    audited,
    confirm_under_exception,
    more_orders,
    reviewed_psi,
)
from sourceproof.reports.inspection import inspection_report_for

pytestmark = pytest.mark.django_db


def _rows(response: Any) -> list[dict[str, str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_it_exports_the_orders_as_csv(personas: Personas, client_for: Any) -> None:
    confirm_under_exception(personas)
    audited(personas, findings=2)
    response = client_for("customer_user").get(reverse("portal:export", args=["csv"]))
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="northwind-orders-' in response["Content-Disposition"]
    rows = _rows(response)
    assert [r["order_number"] for r in rows] == [personas.order.number]
    row = rows[0]
    assert list(row) == list(exporting.ORDER_COLUMNS)
    assert row["status"] == "confirmed"
    assert row["facility_name"] == "Bright Drinkware Plant 1"
    assert row["facility_city"] == "Ningbo" and row["facility_country"] == "CN"
    assert row["gate_at_confirmation"] == "exception"
    assert row["gate_exception_reason"] == EXCEPTION_REASON
    assert row["latest_audit_standard"] == "SMETA 6.1"
    assert (row["open_findings_critical"], row["open_findings_major"]) == ("1", "1")
    assert row["units"] == "1000"


def test_it_exports_the_inspections_as_csv(
    personas: Personas, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    psi = reviewed_psi(personas, django_capture_on_commit_callbacks)
    report = inspection_report_for(inspection=psi)
    assert report is not None
    response = client_for("customer_user").get(
        reverse("portal:export", args=["csv"]) + "?what=inspections"
    )
    rows = _rows(response)
    assert [r["inspection_type"] for r in rows] == ["ppi", "psi"]
    row = rows[1]
    assert psi.plan_snapshot is not None
    assert list(row) == list(exporting.INSPECTION_COLUMNS)
    assert row["report_number"] == psi.report_number
    assert row["final_verdict"] == psi.final_verdict
    assert row["sample_size"] == str(psi.plan_snapshot["sample_size"])
    assert row["major_aql"].startswith("AQL ") and " Ac " in row["major_aql"]
    assert row["pdf_report_number"] == report.number
    assert row["pdf_sha256"] == report.sha256
    assert row["verify_url"].endswith(f"/verify/{report.number}")


def test_it_exports_both_sheets_as_xlsx(personas: Personas, client_for: Any) -> None:
    confirm_under_exception(personas)
    response = client_for("customer_user").get(reverse("portal:export", args=["xlsx"]))
    assert response["Content-Type"] == exporting.CONTENT_TYPES["xlsx"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["orders", "inspections"]
    orders = list(book["orders"].values)
    assert list(orders[0]) == list(exporting.ORDER_COLUMNS)
    assert orders[1][0] == personas.order.number
    assert orders[1][4] is not None and hasattr(orders[1][4], "year")  # a real date
    assert list(next(book["inspections"].values)) == list(exporting.INSPECTION_COLUMNS)


def test_it_applies_the_lists_filters(personas: Personas, client_for: Any) -> None:
    draft = more_orders(personas, 1)[0]
    confirm_under_exception(personas)
    client = client_for("customer_user")
    rows = _rows(client.get(reverse("portal:export", args=["csv"]) + "?status=draft"))
    assert [r["order_number"] for r in rows] == [draft.number]


def test_it_refuses_an_unknown_format_or_table(personas: Personas, client_for: Any) -> None:
    client = client_for("customer_user")
    assert client.get(reverse("portal:export", args=["pdf"])).status_code == 404
    response = client.get(reverse("portal:export", args=["csv"]) + "?what=everything")
    assert response.status_code == 400


def test_it_exports_in_a_fixed_number_of_queries(personas: Personas, client_for: Any) -> None:
    client = client_for("customer_user")
    url = reverse("portal:export", args=["xlsx"])
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    more_orders(personas, 20)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)
