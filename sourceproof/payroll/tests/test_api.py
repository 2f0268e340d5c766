"""The API: POST /api/v1/payroll/runs (multipart) → 202 with the id; GET /runs/{id} gives
the status and, when done, exactly the command line's JSON plus counts; the legal-wage table."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from sourceproof.accounts import services as account_services
from sourceproof.core.testing import Personas
from sourceproof.payroll.models import RunStatus, WageHoursRun
from sourceproof.payroll.tests.helpers import (
    EXPECTED_RULES,
    TIME,
    cli_json,
    files,
    make_audit,
    make_wage,
)

pytestmark = pytest.mark.django_db

RUNS = "/api/v1/payroll/runs"


def bearer(user: Any) -> dict[str, Any]:
    token = account_services.api_token_create(user=user, name="test", read_only=False)[1]
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def post_run(personas: Personas, **data: Any) -> Any:
    body = {"facility": personas.facility.code, "rules": '{"minimum_hourly_wage": 14.0}', **files()}
    body.update(data)
    return Client().post(RUNS, data=body, **bearer(personas.csr_manager))


def test_it_starts_a_run_and_reports_the_cli_json(
    personas: Personas, django_capture_on_commit_callbacks: Any, tmp_path: Path
) -> None:
    rules = json.dumps(
        {
            "minimum_hourly_wage": 14.0,
            "weekly_regular_hours_max": 48,
            "overtime_premium": {"working": 1.25, "rest": 1.25, "holiday": 1.25},
        }
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = post_run(personas, rules=rules)
    assert response.status_code == 202, response.content
    run_id = response.json()["id"]
    assert response.json()["status"] == "queued"

    queued = Client().get(f"{RUNS}/{run_id}", **bearer(personas.viewer)).json()
    assert queued["status"] == "queued"
    assert queued["report"] is None and queued["counts"] is None

    callbacks[0]()

    done = Client().get(f"{RUNS}/{run_id}", **bearer(personas.viewer)).json()
    run = WageHoursRun.objects.get(pk=run_id)
    assert done["status"] == "done"
    assert done["report"] == cli_json(tmp_path, run.rules)
    assert set(done["report"]) == {"findings", "not_checked"}
    assert done["counts"] == EXPECTED_RULES
    assert done["facility"] == personas.facility.code
    assert done["rules"]["weekly_regular_hours_max"] == 48
    assert done["files"]["time"]["format"] == "csv"


def test_a_run_for_an_audit_by_reference(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    audit = make_audit(personas)

    with django_capture_on_commit_callbacks(execute=True):
        response = post_run(personas, facility="", audit=audit.reference, wage_date="2023-06-01")

    assert response.status_code == 202
    run = WageHoursRun.objects.get(pk=response.json()["id"])
    assert run.audit == audit and str(run.wage_date) == "2023-06-01"
    assert run.legal_wage is not None and str(run.legal_wage.effective_from) == "2021-08-01"


def test_failed_inputs_come_back_as_problems(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = post_run(
            personas, time=files(time=TIME.replace(",8,0,working", ",x,0,working", 1))["time"]
        )

    body = Client().get(f"{RUNS}/{response.json()['id']}", **bearer(personas.viewer)).json()
    assert body["status"] == RunStatus.FAILED
    assert body["report"] is None
    assert body["problems"] == [
        {"file": "time.csv", "row": 2, "column": "regular_hours", "message": "'x' is not a number"}
    ]


def test_bad_requests_say_what_is_wrong(personas: Personas) -> None:
    client = Client()
    headers = bearer(personas.csr_manager)

    missing = client.post(RUNS, data={"facility": personas.facility.code}, **headers)
    assert missing.status_code == 422
    assert set(missing.json()["errors"]) == {"workers", "time", "pay"}

    bad_rules = client.post(
        RUNS, data={"facility": personas.facility.code, "rules": "{nope", **files()}, **headers
    )
    assert bad_rules.status_code == 422
    assert "JSON" in bad_rules.json()["detail"]

    unknown = client.post(RUNS, data={"facility": "FAC-NOPE", **files()}, **headers)
    assert unknown.status_code == 400
    assert unknown.json()["errors"] == {"facility": ["No facility FAC-NOPE."]}

    not_csv = client.post(
        RUNS,
        data={
            **files(),
            "facility": personas.facility.code,
            "pay": files(pay=b"%PDF-1.4 x")["pay"],
        },
        **headers,
    )
    assert not_csv.status_code == 400
    assert "PDF" in not_csv.json()["errors"]["pay"][0]

    bad_override = client.post(
        RUNS, data={"facility": personas.facility.code, "rules": "speed = 3", **files()}, **headers
    )
    assert bad_override.status_code == 400
    assert "speed" in bad_override.json()["errors"]["rules"][0]
    assert not WageHoursRun.objects.exists()


def test_it_lists_the_legal_wages(personas: Personas) -> None:
    make_wage(
        country="ID", region="Jawa Barat", areas="Bekasi, Karawang", minimum_hourly_wage="12.5"
    )

    body = Client().get("/api/v1/payroll/legal-wages?country=ID", **bearer(personas.viewer)).json()

    assert len(body) == 1
    assert body[0]["areas"] == ["Bekasi", "Karawang"]
    assert body[0]["minimum_hourly_wage"] == 12.5
    assert body[0]["overtime_premium"] == {"working": 1.25, "rest": 1.25, "holiday": 1.25}
    nl_2026 = (
        Client()
        .get("/api/v1/payroll/legal-wages?country=NL&on=2026-03-01", **bearer(personas.viewer))
        .json()
    )
    assert [row["minimum_hourly_wage"] for row in nl_2026] == [14.71]


def test_the_run_list(personas: Personas, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        post_run(personas)

    body = Client().get(RUNS, **bearer(personas.viewer)).json()

    assert body["count"] == 1
    assert body["results"][0]["finding_count"] is not None
