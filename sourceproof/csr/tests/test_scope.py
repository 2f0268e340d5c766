"""Who may open what: every CSR page and API endpoint x every persona.

Operator staff read (admin, CSR manager, quality manager, inspector, viewer); the CSR team
(admin, CSR manager) edits; suppliers, customers and auditors get 404 everywhere, never 403;
anonymous visitors are sent to log in (pages) or get 401 (API). Completeness is enforced: a
new csr page or API operation that is not in these tables fails the test.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from sourceproof.accounts import services as account_services
from sourceproof.core.testing import Personas
from sourceproof.csr.tests.helpers import World, make_world, today

pytestmark = pytest.mark.django_db

OPS = frozenset({"admin", "csr_manager", "quality_manager", "inspector", "viewer"})
TEAM = frozenset({"admin", "csr_manager"})
OUTSIDERS = (
    "supplier_user",
    "other_supplier_user",
    "customer_user",
    "other_customer_user",
    "auditor",
)


@pytest.fixture
def world(personas: Personas) -> World:
    return make_world(personas)


@dataclass(frozen=True)
class Door:
    name: str
    kwargs: Callable[[World], dict[str, Any]] = field(default=lambda w: {})
    allowed: frozenset[str] = OPS
    method: str = "get"

    def url(self, w: World) -> str:
        return reverse(f"csr:{self.name}", kwargs=self.kwargs(w))


def _ref(w: World) -> dict[str, Any]:
    return {"reference": w.decision.reference}


def _year(w: World) -> dict[str, Any]:
    return {"year": w.assessment.year}


PAGES = [
    Door("dashboard"),
    Door("scorecard"),
    Door("scorecard_method"),
    Door("scorecard_method", allowed=TEAM, method="post"),
    Door("snapshot_list"),
    Door("snapshot_list", allowed=TEAM, method="post"),
    Door("cell", lambda w: {"criterion": "energy_ghg", "indicator": "policies"}),
    Door("cell", lambda w: {"criterion": "energy_ghg", "indicator": "policies"}, TEAM, "post"),
    Door("evidence_document", lambda w: {"pk": w.evidence.pk}),
    Door("evidence_delete", lambda w: {"pk": w.evidence.pk}, TEAM, "post"),
    Door("assessment_list"),
    Door("assessment_start", allowed=TEAM, method="post"),
    Door("assessment_detail", _year),
    Door("assessment_detail", _year, TEAM, "post"),
    Door("assessment_summary", _year, TEAM, "post"),
    Door("assessment_submit", _year, TEAM, "post"),
    Door("action_create", _year, TEAM, "post"),
    Door("action_status", lambda w: {"pk": w.action_pk}, TEAM, "post"),
    Door("answer_document", lambda w: {"pk": w.answer_pk}),
    Door("kpi_list"),
    Door("kpi_detail", lambda w: {"code": "electricity_grid"}),
    Door("kpi_detail", lambda w: {"code": "electricity_grid"}, TEAM, "post"),
    Door("kpi_target", lambda w: {"code": "electricity_grid"}, TEAM, "post"),
    Door("value_delete", lambda w: {"pk": w.value.pk}, TEAM, "post"),
    Door("value_evidence", lambda w: {"pk": w.value.pk}),
    Door("emissions"),
    Door("factor_tables"),
    Door("factor_tables", allowed=TEAM, method="post"),
    Door("factor_table", lambda w: {"pk": w.table_pk}),
    Door("factor_table", lambda w: {"pk": w.table_pk}, TEAM, "post"),
    Door("decision_list"),
    Door("decision_create", allowed=TEAM),
    Door("decision_detail", _ref),
    Door("decision_edit", _ref, TEAM),
    Door("option_add", _ref, TEAM, "post"),
    Door("option_edit", lambda w: {"pk": w.option.pk}, TEAM),
    Door("option_delete", lambda w: {"pk": w.option.pk}, TEAM, "post"),
    Door("decision_choose", _ref, TEAM, "post"),
    Door("decision_approve", _ref, TEAM, "post"),
    Door("stakeholder_list"),
    Door("stakeholder_create", allowed=TEAM),
    Door("stakeholder_detail", lambda w: {"pk": w.stakeholder_pk}),
    Door("stakeholder_edit", lambda w: {"pk": w.stakeholder_pk}, TEAM),
    Door("dialogue_list"),
    Door("dialogue_create", allowed=TEAM),
    Door("dialogue_detail", lambda w: {"pk": w.dialogue.pk}),
    Door("dialogue_edit", lambda w: {"pk": w.dialogue.pk}, TEAM),
    Door("follow_up_add", lambda w: {"pk": w.dialogue.pk}, TEAM, "post"),
    Door("follow_up_list"),
    Door("follow_up_status", lambda w: {"pk": w.follow_up.pk}, TEAM, "post"),
    Door("control_list"),
    Door("control_create", allowed=TEAM),
    Door("control_detail", lambda w: {"pk": w.control_pk}),
    Door("control_result", lambda w: {"pk": w.control_pk}, TEAM, "post"),
    Door("control_edit", lambda w: {"pk": w.control_pk}, TEAM),
    Door("report_list"),
    Door("report_list", allowed=TEAM, method="post"),
    Door("report_detail", lambda w: {"pk": w.report.pk}),
    Door("report_download", lambda w: {"pk": w.report.pk}),
]


def _walk(patterns: list[Any], ns: str | None = None) -> Iterator[str]:
    for p in patterns:
        if isinstance(p, URLResolver):
            inner = ":".join(x for x in (ns, p.namespace) if x) or None
            yield from _walk(p.url_patterns, inner)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{ns}:{p.name}" if ns else p.name


def test_it_covers_every_csr_page() -> None:
    named = {n for n in _walk(get_resolver().url_patterns) if n.startswith("csr:")}
    assert named - {f"csr:{d.name}" for d in PAGES} == set()


def _clients(p: Personas) -> dict[str, Client]:
    clients = {}
    for name, user in p.all_users().items():
        clients[name] = Client()
        clients[name].force_login(user)
    return clients


def _knock(client: Client, door: Door, w: World) -> int:
    url = door.url(w)
    return (client.post(url, {}) if door.method == "post" else client.get(url)).status_code


def _check(door: Door, w: World) -> dict[str, int]:
    wrong: dict[str, int] = {}
    clients = _clients(w.personas)
    for name in sorted(clients, key=lambda n: n in door.allowed):  # outsiders first
        allowed = name in door.allowed
        status = _knock(clients[name], door, w)
        if allowed:
            ok = status == 200 if door.method == "get" else status != 404
        else:
            ok = status == 404
        if not ok:
            wrong[name] = status
        if allowed and door.method == "post":
            break  # one allowed write is enough (it may change the row)
    anonymous = _knock(Client(), door, w)
    if anonymous not in (302, 404):
        wrong["anonymous"] = anonymous
    return wrong


def test_it_opens_every_page_to_exactly_the_allowed_personas(world: World) -> None:
    wrong = {d.name: bad for d in PAGES if d.method == "get" and (bad := _check(d, world))}
    assert wrong == {}


@pytest.mark.parametrize("door", [d for d in PAGES if d.method == "post"], ids=lambda d: d.name)
def test_it_refuses_outsiders_and_readers_every_write(door: Door, world: World) -> None:
    assert _check(door, world) == {}


def test_it_hides_the_csr_records_from_each_outsider(world: World) -> None:
    """A direct look at a record by its id is a 404 for every outsider, like a missing row."""
    for name in OUTSIDERS:
        client = _clients(world.personas)[name]
        url = reverse("csr:decision_detail", kwargs={"reference": world.decision.reference})
        assert client.get(url).status_code == 404
        assert (
            client.get(
                reverse("csr:decision_detail", kwargs={"reference": "DEC-1-999"})
            ).status_code
            == 404
        )


# ------------------------------------------------------------------------------- the JSON API


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    params: Callable[[World], dict[str, Any]] = field(default=lambda w: {})
    allowed: frozenset[str] = OPS
    body: Callable[[World], dict[str, Any]] | None = None

    def url(self, w: World) -> str:
        return self.path.format(**self.params(w))


API = [
    Endpoint("get", "/api/v1/csr/kpis"),
    Endpoint("get", "/api/v1/csr/kpis/{code}", lambda w: {"code": "renewable_share"}),
    Endpoint(
        "post",
        "/api/v1/csr/kpis/{code}/values",
        lambda w: {"code": "natural_gas"},
        TEAM,
        body=lambda w: {"year": today().year, "period": "m01", "value": "10"},
    ),
    Endpoint(
        "delete", "/api/v1/csr/kpis/values/{value_id}", lambda w: {"value_id": w.value.pk}, TEAM
    ),
    Endpoint("get", "/api/v1/csr/emissions"),
    Endpoint("get", "/api/v1/csr/emission-factors"),
    Endpoint("get", "/api/v1/csr/scorecard"),
    Endpoint("get", "/api/v1/csr/scorecard/snapshots"),
    Endpoint("get", "/api/v1/csr/self-assessments"),
    Endpoint("get", "/api/v1/csr/self-assessments/{year}", lambda w: {"year": w.assessment.year}),
    Endpoint("get", "/api/v1/csr/decisions"),
    Endpoint(
        "get", "/api/v1/csr/decisions/{reference}", lambda w: {"reference": w.decision.reference}
    ),
    Endpoint("get", "/api/v1/csr/stakeholders"),
    Endpoint("get", "/api/v1/csr/dialogues"),
    Endpoint(
        "get", "/api/v1/csr/dialogues/{dialogue_id}", lambda w: {"dialogue_id": w.dialogue.pk}
    ),
    Endpoint("get", "/api/v1/csr/controls"),
    Endpoint(
        "post", "/api/v1/csr/reports", allowed=TEAM, body=lambda w: {"year": today().year - 2}
    ),
    Endpoint("get", "/api/v1/csr/reports/{report_id}", lambda w: {"report_id": w.report.pk}),
]


def test_it_covers_every_csr_api_operation() -> None:
    from sourceproof.api import api

    schema = api.get_openapi_schema()
    operations = {
        (method, path)
        for path, ops in schema["paths"].items()
        for method in ops
        if path.startswith("/api/v1/csr")
    }
    assert operations - {(e.method, e.path) for e in API} == set()


def _call(endpoint: Endpoint, w: World, token: str | None) -> int:
    headers: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    client = Client()
    if endpoint.method == "get":
        return client.get(endpoint.url(w), **headers).status_code
    body = endpoint.body(w) if endpoint.body else {}
    return getattr(client, endpoint.method)(
        endpoint.url(w), data=json.dumps(body), content_type="application/json", **headers
    ).status_code


def _check_api(endpoint: Endpoint, w: World) -> dict[str, int]:
    tokens = {
        name: account_services.api_token_create(user=user, name="t", read_only=False)[1]
        for name, user in w.personas.all_users().items()
    }
    wrong: dict[str, int] = {}
    for name in sorted(tokens, key=lambda n: n in endpoint.allowed):
        allowed = name in endpoint.allowed
        status = _call(endpoint, w, tokens[name])
        if allowed:
            ok = status == 200 if endpoint.method == "get" else status not in (401, 403, 404)
        else:
            ok = status == 404
        if not ok:
            wrong[name] = status
        if allowed and endpoint.method != "get":
            break
    if (anonymous := _call(endpoint, w, None)) != 401:
        wrong["anonymous"] = anonymous
    return wrong


def test_it_answers_every_read_endpoint_only_to_operator_staff(world: World) -> None:
    wrong = {e.path: bad for e in API if e.method == "get" and (bad := _check_api(e, world))}
    assert wrong == {}


@pytest.mark.parametrize(
    "endpoint", [e for e in API if e.method != "get"], ids=lambda e: f"{e.method} {e.path}"
)
def test_it_refuses_outsiders_and_readers_every_api_write(endpoint: Endpoint, world: World) -> None:
    assert _check_api(endpoint, world) == {}
