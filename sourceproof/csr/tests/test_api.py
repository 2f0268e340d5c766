"""The CSR API: the same figures as the pages, writes through the same services, readable
errors (400 from a service, 422 for a malformed request)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from sourceproof.accounts import services as account_services
from sourceproof.core.testing import Personas
from sourceproof.csr.models import CsrReport, KpiValue
from sourceproof.csr.services import dialogue as dialogue_services
from sourceproof.csr.tests.helpers import add_value, make_decision, today

pytestmark = pytest.mark.django_db


def _client(user: Any, *, read_only: bool = False) -> Client:
    token = account_services.api_token_create(user=user, name="t", read_only=read_only)[1]
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def _post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_it_records_a_value_and_returns_the_recomputed_kpi(personas: Personas) -> None:
    client = _client(personas.csr_manager)
    year = today().year
    response = _post(
        client,
        "/api/v1/csr/kpis/electricity_green/values",
        {"year": year, "period": "m01", "value": "3000"},
    )
    assert response.status_code == 201
    _post(
        client,
        "/api/v1/csr/kpis/electricity_grid/values",
        {"year": year, "period": "m01", "value": "1000"},
    )
    share = client.get("/api/v1/csr/kpis/renewable_share").json()
    this_year = next(y for y in share["years"] if y["year"] == year)
    # 3000 / (3000 + 1000) = 75.0 %, against the default target of 100 %
    assert (Decimal(this_year["value"]), Decimal(this_year["target"]), this_year["met"]) == (
        Decimal("75.0"),
        Decimal("100"),
        False,
    )
    emissions = client.get("/api/v1/csr/emissions", {"first_year": year, "last_year": year}).json()
    # location: 4000 x 0.328 = 1312; market: 1000 x 0.456 = 456
    assert Decimal(emissions[0]["scope2_location_kg"]) == Decimal("1312")
    assert Decimal(emissions[0]["scope2_market_kg"]) == Decimal("456")


def test_it_answers_a_service_refusal_with_400(personas: Personas) -> None:
    client = _client(personas.csr_manager)
    url = "/api/v1/csr/kpis/natural_gas/values"
    assert (
        _post(client, url, {"year": today().year, "period": "q1", "value": "1"}).status_code == 201
    )
    clash = _post(client, url, {"year": today().year, "period": "m01", "value": "1"})
    assert clash.status_code == 400
    assert "already recorded" in clash.json()["detail"]
    assert "period" in clash.json()["errors"]
    computed = _post(
        client,
        "/api/v1/csr/kpis/smeta_share/values",
        {"year": today().year, "period": "year", "value": "1"},
    )
    assert computed.status_code == 400 and "computed" in computed.json()["detail"]


def test_it_answers_a_malformed_request_with_422(personas: Personas) -> None:
    client = _client(personas.csr_manager)
    response = _post(client, "/api/v1/csr/kpis/natural_gas/values", {"year": "soon", "value": -1})
    assert response.status_code == 422


def test_a_read_only_token_cannot_write(personas: Personas) -> None:
    client = _client(personas.csr_manager, read_only=True)
    response = _post(
        client,
        "/api/v1/csr/kpis/natural_gas/values",
        {"year": today().year, "period": "year", "value": "1"},
    )
    assert response.status_code == 403
    assert not KpiValue.objects.exists()


def test_it_deletes_a_value(personas: Personas) -> None:
    value = add_value("natural_gas", today().year, "m01", 5, personas.csr_manager)
    client = _client(personas.admin)
    assert client.delete(f"/api/v1/csr/kpis/values/{value.pk}").status_code == 204
    assert not KpiValue.objects.exists()


def test_it_serves_the_scorecard_with_medal_and_gaps(personas: Personas) -> None:
    body = _client(personas.viewer).get("/api/v1/csr/scorecard").json()
    assert body["overall"] == 0 and body["medal"]["medal"] is None
    assert body["medal"]["next_medal"] == "bronze"
    assert len(body["themes"]) == 4 and len(body["criteria"]) == 21
    assert len(body["gaps"]) == 21 * 7
    assert body["gaps"][0]["gain"] >= body["gaps"][-1]["gain"]
    assert "not EcoVadis" in body["method"]


def test_it_filters_decisions(personas: Personas) -> None:
    decision = make_decision(personas.csr_manager, title="Electric vans")
    make_decision(personas.csr_manager, title="Paper cups")
    client = _client(personas.quality_manager)
    found = client.get("/api/v1/csr/decisions", {"q": "vans"}).json()
    assert [d["reference"] for d in found["items"]] == [decision.reference]
    detail = client.get(f"/api/v1/csr/decisions/{decision.reference}").json()
    assert [o["environmental_score"] for o in detail["options"]] == [2, 1]


def test_it_serves_the_dialogue_log(personas: Personas) -> None:
    by = personas.csr_manager
    investor = dialogue_services.stakeholder_create(
        by=by, name="Impact fund", stakeholder_type="investors"
    )
    dialogue = dialogue_services.dialogue_create(
        by=by,
        stakeholder=investor,
        topic="Scope 3 plans",
        held_on=today(),
        channel="meeting",
        summary=".",
    )
    dialogue_services.follow_up_add(
        dialogue=dialogue, description="Share plan", owner=by, due_date=today(), by=by
    )
    client = _client(personas.inspector)
    listed = client.get("/api/v1/csr/dialogues", {"stakeholder_type": "investors"}).json()
    assert listed["items"][0]["open_follow_ups"] == 1
    detail = client.get(f"/api/v1/csr/dialogues/{dialogue.pk}").json()
    assert detail["follow_ups"][0]["description"] == "Share plan"


def test_it_queues_the_annual_report(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    client = _client(personas.csr_manager)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = _post(client, "/api/v1/csr/reports", {"year": today().year - 1})
    assert response.status_code == 202
    assert response.json()["status"] == "queued"
    assert len(callbacks) == 1  # the render task, after commit
    report = CsrReport.objects.get()
    assert client.get(f"/api/v1/csr/reports/{report.pk}").json()["year"] == today().year - 1
