"""The audits API: record an audit and its findings, walk a corrective action, read a
facility's compliance and risk, with readable errors (400 from services, 422 from schemas)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from sourceproof.accounts.services import api_token_create
from sourceproof.audits.tests.helpers import add_finding, days_ago, image, make_audit, pdf
from sourceproof.core.testing import Personas

pytestmark = pytest.mark.django_db


def bearer(user: Any, read_only: bool = False) -> Client:
    _token, secret = api_token_create(user=user, name="test", read_only=read_only)
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_it_records_an_audit_with_findings_over_the_api(personas: Personas) -> None:
    api = bearer(personas.csr_manager)
    created = api.post(
        "/api/v1/audits",
        {
            "facility": personas.facility.code,
            "standard": "smeta_7_0",
            "pillars": 4,
            "audit_type": "full_initial",
            "announcement": "unannounced",
            "audit_firm": personas.audit_firm.code,
            "lead_auditor_apsca": "CSCA 21701234",
            "start_date": days_ago(2).isoformat(),
            "end_date": days_ago(1).isoformat(),
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    reference = created.json()["reference"]
    assert created.json()["status"] == "draft"

    report = api.post(f"/api/v1/audits/{reference}/report", {"report": pdf()})
    assert report.status_code == 200
    assert report.json()["has_report"] is True
    moved = api.post(
        f"/api/v1/audits/{reference}/status",
        {"status": "report_received"},
        content_type="application/json",
    )
    assert moved.json()["status"] == "report_received"

    finding = bearer(personas.auditor).post(
        f"/api/v1/audits/{reference}/findings",
        {
            "finding_type": "collaborative_action",
            "pillar": "labour_standards",
            "clause": "5",
            "title": "Wages below a living wage across the region",
        },
        content_type="application/json",
    )
    assert finding.status_code == 201, finding.content
    assert finding.json()["corrective_action"] is None
    detail = api.get(f"/api/v1/audits/{reference}").json()
    assert [f["reference"] for f in detail["findings"]] == [f"{reference}-F01"]


def test_it_explains_refusals(personas: Personas) -> None:
    api = bearer(personas.csr_manager)
    bad = api.post(
        "/api/v1/audits",
        {
            "facility": personas.facility.code,
            "standard": "smeta_6_1",
            "audit_type": "periodic",
            "announcement": "announced",
            "audit_firm": personas.audit_firm.code,
            "bsci_grade": "B",
        },
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert set(bad.json()["errors"]) == {"pillars", "bsci_grade"}
    malformed = api.post("/api/v1/audits", {"standard": "smeta_9"}, content_type="application/json")
    assert malformed.status_code == 422


def test_it_walks_a_corrective_action_over_the_api(personas: Personas) -> None:
    audit = make_audit(personas, status="report_received")
    finding = add_finding(audit, personas.auditor, severity="critical")
    url = f"/api/v1/audits/actions/{finding.reference}"
    supplier = bearer(personas.supplier_user)
    answered = supplier.patch(
        url,
        {
            "root_cause": "No lock-out procedure",
            "action": "Procedure and training",
            "owner_name": "Li",
        },
        content_type="application/json",
    )
    assert answered.status_code == 200
    too_early = supplier.post(url + "/submit", {}, content_type="application/json")
    assert too_early.status_code == 400
    assert "file" in too_early.json()["errors"]
    evidence = supplier.post(url + "/evidence", {"file": image(), "description": "Training sheet"})
    assert evidence.status_code == 201
    assert evidence.json()["kind"] == "png"
    assert supplier.get(url + f"/evidence/{evidence.json()['id']}").status_code == 200
    assert supplier.post(url + "/submit", {}, content_type="application/json").json()["status"] == (
        "submitted"
    )
    refused = supplier.post(url + "/verify", {}, content_type="application/json")
    assert refused.status_code == 404
    verified = bearer(personas.csr_manager).post(
        url + "/verify", {"comment": "Seen."}, content_type="application/json"
    )
    assert verified.status_code == 200
    body = verified.json()
    assert body["status"] == "verified"
    assert [s["kind"] for s in body["steps"]] == [
        "created",
        "responded",
        "evidence_added",
        "submitted",
        "verified",
    ]


def test_it_refuses_writes_with_a_read_only_token(personas: Personas) -> None:
    api = bearer(personas.csr_manager, read_only=True)
    assert api.get("/api/v1/audits").status_code == 200
    response = api.post("/api/v1/audits", {}, content_type="application/json")
    assert response.status_code == 403


def test_it_reads_compliance_and_risk(personas: Personas) -> None:
    audit = make_audit(personas, status="report_received")
    add_finding(audit, personas.auditor, severity="major")
    body = (
        bearer(personas.viewer)
        .get(f"/api/v1/audits/facilities/{personas.facility.code}/compliance")
        .json()
    )
    assert body["status"] == "conditional"
    assert body["reasons"][0]["code"] == "major_open"
    assert body["risk"]["risk_class"] in {"low", "medium", "high"}
    assert len(body["risk"]["parts"]) == 5
    supplier = (
        bearer(personas.supplier_user)
        .get(f"/api/v1/audits/facilities/{personas.facility.code}/compliance")
        .json()
    )
    assert supplier["risk"] is None
    due = bearer(personas.viewer).get("/api/v1/audits/due?within_days=0").json()
    assert [i["facility"]["code"] for i in due["items"]] == [personas.other_facility.code]
