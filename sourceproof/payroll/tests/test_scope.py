"""Every payroll page and API operation x every persona: the allowed get in, everyone else
(suppliers, customers, auditors, outsiders) gets 404, anonymous visitors the login page or 401.

Auditors are kept out even of runs for their own firm's audits (the files hold workers' dates
of birth and pay; see docs/payroll.md). The tables below are also the rows for the project's
permission matrix (tests/test_permission_matrix.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from sourceproof.accounts import services as account_services
from sourceproof.core.testing import Personas
from sourceproof.payroll.models import LegalWage, WageHoursRun
from sourceproof.payroll.tests.helpers import files, make_audit, make_run

pytestmark = pytest.mark.django_db

OPS = frozenset({"admin", "csr_manager", "quality_manager", "inspector", "viewer"})
STAFF = frozenset({"admin", "csr_manager", "quality_manager"})
EDITORS = frozenset({"admin", "csr_manager"})
READERS = STAFF | {"viewer"}  # runs hold pay and birth dates: not the inspector


@dataclass
class World:
    p: Personas
    run: WageHoursRun
    wage: LegalWage


@pytest.fixture
def world(personas: Personas, django_capture_on_commit_callbacks: Any) -> World:
    audit = make_audit(personas)  # of the auditor's firm: still no access for the auditor
    with django_capture_on_commit_callbacks(execute=True):
        run = make_run(personas, audit=audit)
    return World(p=personas, run=run, wage=LegalWage.objects.order_by("pk").first())  # type: ignore[arg-type]


@dataclass(frozen=True)
class Door:
    name: str
    kwargs: Callable[[World], dict[str, Any]] = field(default=lambda w: {})
    allowed: frozenset[str] = OPS
    method: str = "get"


def _run(w: World) -> dict[str, Any]:
    return {"pk": w.run.pk}


def _wage(w: World) -> dict[str, Any]:
    return {"pk": w.wage.pk}


PAGES = [
    Door("payroll:run_list", allowed=READERS),
    Door("payroll:run_create", allowed=STAFF),
    Door("payroll:run_detail", _run, READERS),
    Door("payroll:run_draft", _run, STAFF, method="post"),
    Door("payroll:run_file", lambda w: {"pk": w.run.pk, "kind": "time"}, STAFF),
    Door("payroll:legal_wage_list"),
    Door("payroll:legal_wage_detail", _wage),
    Door("payroll:legal_wage_create", allowed=EDITORS),
    Door("payroll:legal_wage_edit", _wage, EDITORS),
    Door("payroll:legal_wage_delete", _wage, EDITORS, method="post"),
]


def test_it_covers_every_payroll_page() -> None:
    resolver = next(
        p
        for p in get_resolver().url_patterns
        if isinstance(p, URLResolver) and p.namespace == "payroll"
    )
    names = {f"payroll:{p.name}" for p in resolver.url_patterns if isinstance(p, URLPattern)}
    assert names == {door.name for door in PAGES}


@pytest.mark.parametrize("door", PAGES, ids=lambda d: d.name)
def test_each_page_opens_only_to_the_allowed(world: World, door: Door) -> None:
    url = reverse(door.name, kwargs=door.kwargs(world))
    wrong = {}
    users = world.p.all_users()
    # Outsiders first; for a POST only one allowed persona knocks (it may change the row).
    for name in sorted(users, key=lambda n: n in door.allowed):
        allowed = name in door.allowed
        if allowed and door.method == "post" and name != sorted(door.allowed)[0]:
            continue
        client = Client()
        client.force_login(users[name])
        response = client.post(url, {}) if door.method == "post" else client.get(url)
        ok = (
            (response.status_code != 404 if door.method == "post" else response.status_code == 200)
            if allowed
            else response.status_code == 404
        )
        if not ok:
            wrong[name] = response.status_code
    anonymous = Client().post(url, {}) if door.method == "post" else Client().get(url)
    if anonymous.status_code not in (302, 404):
        wrong["anonymous"] = anonymous.status_code
    assert wrong == {}


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    params: Callable[[World], dict[str, Any]] = field(default=lambda w: {})
    allowed: frozenset[str] = OPS


API = [
    Endpoint("post", "/api/v1/payroll/runs", allowed=STAFF),
    Endpoint("get", "/api/v1/payroll/runs", allowed=READERS),
    Endpoint("get", "/api/v1/payroll/runs/{run_id}", lambda w: {"run_id": w.run.pk}, READERS),
    Endpoint("get", "/api/v1/payroll/legal-wages"),
]


def test_it_covers_every_payroll_api_operation() -> None:
    from sourceproof.api import api

    schema = api.get_openapi_schema()
    operations = {
        (method, path)
        for path, ops in schema["paths"].items()
        for method in ops
        if path.startswith("/api/v1/payroll")
    }
    assert operations == {(e.method, e.path) for e in API}


@pytest.mark.parametrize("endpoint", API, ids=lambda e: f"{e.method} {e.path}")
def test_each_endpoint_answers_only_the_allowed(world: World, endpoint: Endpoint) -> None:
    url = endpoint.path.format(**endpoint.params(world))
    wrong = {}
    for name, user in world.p.all_users().items():
        allowed = name in endpoint.allowed
        if allowed and endpoint.method == "post" and name != "csr_manager":
            continue
        token = account_services.api_token_create(user=user, name="scope", read_only=False)[1]
        headers: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
        if endpoint.method == "post":
            body = {
                "facility": world.p.facility.code,
                "rules": "minimum_hourly_wage = 14.0",
                **files(),
            }
            status = Client().post(url, data=body, **headers).status_code
        else:
            status = Client().get(url, **headers).status_code
        ok = (status in (200, 202)) if allowed else status == 404
        if not ok:
            wrong[name] = status
    anonymous = Client().post(url, {}) if endpoint.method == "post" else Client().get(url)
    if anonymous.status_code != 401:
        wrong["anonymous"] = anonymous.status_code
    assert wrong == {}


def test_an_outsider_gets_404_even_without_a_body(world: World) -> None:
    token = account_services.api_token_create(user=world.p.auditor, name="x", read_only=False)[1]

    response = Client().post("/api/v1/payroll/runs", {}, HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.status_code == 404
