"""Every page and API endpoint x every persona: allowed people get in, everyone else gets 404.

The tables below are the executable form of docs/permissions.md. Completeness is enforced:
a named URL or an API operation that is missing from these tables fails
`test_it_covers_every_page` / `test_it_covers_every_api_operation`, so a new page cannot
ship without saying who may open it. Each app's own scope tests go deeper (which rows a list
shows); this matrix proves the door is shut for outsiders everywhere.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from sourceproof.accounts import services as account_services
from sourceproof.core.testing import CertificateFactory, Personas, make_personas
from sourceproof.facilities.models import FacilityImport, PossibleDuplicate
from sourceproof.orders.models import GateException

pytestmark = pytest.mark.django_db

OPS = frozenset({"admin", "csr_manager", "quality_manager", "inspector", "viewer"})
STAFF = frozenset({"admin", "csr_manager", "quality_manager"})
QM = frozenset({"admin", "quality_manager"})
SUPPLIER = frozenset({"supplier_user"})
OTHER_SUPPLIER = frozenset({"other_supplier_user"})
CUSTOMER = frozenset({"customer_user"})
OTHER_CUSTOMER = frozenset({"other_customer_user"})
AUDITOR = frozenset({"auditor"})
EVERYONE = OPS | SUPPLIER | OTHER_SUPPLIER | CUSTOMER | OTHER_CUSTOMER | AUDITOR


@dataclass
class World:
    p: Personas
    certificate_pk: int
    import_pk: int
    duplicate_pk: int
    exception_pk: int
    product_pk: int


def build_world() -> World:
    p = make_personas()
    cert = CertificateFactory.create(facility=p.facility)
    imp = FacilityImport.objects.create(
        file="imports/x.csv", original_name="x.csv", status="invalid", created_by=p.admin
    )
    dup = PossibleDuplicate.objects.create(
        facility=p.facility, similar_to=p.other_facility, reason="test"
    )
    exc = GateException.objects.create(
        order=p.order,
        reason="A written reason that is long enough.",
        granted_by=p.quality_manager,
        expires_at=timezone.now() + dt.timedelta(days=5),
    )
    return World(
        p=p,
        certificate_pk=cert.pk,
        import_pk=imp.pk,
        duplicate_pk=dup.pk,
        exception_pk=exc.pk,
        product_pk=p.order.lines.get().product_id,
    )


@dataclass(frozen=True)
class Door:
    """A URL, how to fill its parameters, who may pass, and how to knock."""

    name: str
    kwargs: Callable[[World], dict[str, Any]] = field(default=lambda w: {})
    allowed: frozenset[str] = EVERYONE
    method: str = "get"
    query: str = ""

    def url(self, world: World) -> str:
        return reverse(self.name, kwargs=self.kwargs(world)) + self.query


def _facility(w: World) -> dict[str, Any]:
    return {"code": w.p.facility.code}


def _order(w: World) -> dict[str, Any]:
    return {"number": w.p.order.number}


PAGES: list[Door] = [
    Door("core:dashboard"),
    Door("accounts:profile"),
    Door("accounts:token_revoke", lambda w: {"pk": 999999}, frozenset(), method="post"),
    # facilities
    Door(
        "facilities:facility_list",
        allowed=OPS | SUPPLIER | OTHER_SUPPLIER | CUSTOMER | OTHER_CUSTOMER,
    ),
    Door("facilities:facility_create", allowed=STAFF),
    Door("facilities:facility_detail", _facility, OPS | SUPPLIER | CUSTOMER),
    Door("facilities:facility_edit", _facility, STAFF),
    Door("facilities:facility_suspend", _facility, STAFF, method="post"),
    Door("facilities:facility_unsuspend", _facility, STAFF, method="post"),
    Door("facilities:certificate_create", _facility, STAFF),
    Door("facilities:supplier_list", allowed=OPS | SUPPLIER | OTHER_SUPPLIER),
    Door("facilities:supplier_create", allowed=STAFF),
    Door("facilities:supplier_detail", lambda w: {"pk": w.p.supplier.pk}, OPS | SUPPLIER),
    Door("facilities:supplier_edit", lambda w: {"pk": w.p.supplier.pk}, STAFF),
    Door(
        "facilities:certificate_list",
        allowed=OPS | SUPPLIER | OTHER_SUPPLIER | CUSTOMER | OTHER_CUSTOMER,
    ),
    Door("facilities:certificate_edit", lambda w: {"pk": w.certificate_pk}, STAFF),
    Door("facilities:certificate_delete", lambda w: {"pk": w.certificate_pk}, STAFF, method="post"),
    Door("facilities:certificate_document", lambda w: {"pk": w.certificate_pk}, frozenset()),
    Door("facilities:country_risk_list", allowed=OPS),
    Door("facilities:country_risk_row", lambda w: {"country": "CN"}, OPS),
    Door(
        "facilities:country_risk_edit",
        lambda w: {"country": "CN"},
        frozenset({"admin", "csr_manager"}),
    ),
    # facility import and export
    Door("facility_data:import", allowed=STAFF),
    Door("facility_data:template", allowed=STAFF),
    Door("facility_data:import_list", allowed=STAFF),
    Door("facility_data:import_detail", lambda w: {"pk": w.import_pk}, STAFF),
    Door("facility_data:import_apply", lambda w: {"pk": w.import_pk}, STAFF, method="post"),
    Door("facility_data:export", allowed=OPS, query="?format=csv"),
    Door("facility_data:duplicate_list", allowed=STAFF),
    Door("facility_data:duplicate_review", lambda w: {"pk": w.duplicate_pk}, STAFF, method="post"),
    # orders
    Door("orders:order_list", allowed=OPS | SUPPLIER | OTHER_SUPPLIER | CUSTOMER | OTHER_CUSTOMER),
    Door("orders:order_create", allowed=STAFF),
    Door("orders:order_detail", _order, OPS | SUPPLIER | CUSTOMER),
    Door("orders:order_edit", _order, STAFF),
    Door("orders:order_confirm", _order, STAFF),
    Door("orders:order_status", _order, STAFF, method="post"),
    Door("orders:exception_grant", _order, QM),
    Door("orders:exception_list", allowed=OPS),
    Door("orders:exception_revoke", lambda w: {"pk": w.exception_pk}, QM, method="post"),
    Door(
        "orders:product_list",
        allowed=OPS | SUPPLIER | OTHER_SUPPLIER | CUSTOMER | OTHER_CUSTOMER,
    ),
    Door("orders:product_create", allowed=STAFF),
    Door("orders:product_edit", lambda w: {"pk": w.product_pk}, STAFF),
    # sampling
    Door("aql:calculator", allowed=OPS | SUPPLIER | OTHER_SUPPLIER | AUDITOR),
    # email preferences: a customer user's own
    Door("notifications:preferences", allowed=CUSTOMER | OTHER_CUSTOMER),
]

# Capabilities whose doors are proven by their own app's scope matrix (every page and endpoint
# x every persona, outsiders 404: <app>/tests/test_scope*.py) and not yet repeated here.
PENDING_NAMESPACES = (
    "audits:",
    "inspections:",
    "evidence:",
    "payroll:",
    "csr:",
    "ethics:",
    "fieldwork:",
    "field:",
    "reports:",
    "verify:",
    "portal:",
)

# Pages anyone may open, logged in or not, or that only act on the visitor themselves.
PUBLIC = {
    "core:healthz",
    "accounts:login",
    "accounts:logout",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "set_language",
}


def _walk(patterns: list[Any], ns: str | None = None) -> Iterator[str]:
    for p in patterns:
        if isinstance(p, URLResolver):
            inner = ":".join(x for x in (ns, p.namespace) if x) or None
            yield from _walk(p.url_patterns, inner)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{ns}:{p.name}" if ns else p.name


def test_it_covers_every_page() -> None:
    named = {
        n
        for n in _walk(get_resolver().url_patterns)
        if not n.startswith(("admin:", "api:", *PENDING_NAMESPACES))
    }
    covered = {door.name for door in PAGES} | PUBLIC
    assert named - covered == set(), "pages missing from the permission matrix"


def _knock(client: Client, door: Door, world: World) -> int:
    url = door.url(world)
    response = client.post(url, {}) if door.method == "post" else client.get(url)
    return response.status_code


def _clients(world: World) -> dict[str, Client]:
    clients = {}
    for name, user in world.p.all_users().items():
        clients[name] = Client()
        clients[name].force_login(user)
    return clients


def _check(door: Door, world: World, clients: dict[str, Client]) -> dict[str, int]:
    """Outsiders first; for a POST only the first allowed persona (it may change the row)."""
    wrong: dict[str, int] = {}
    ordered = sorted(clients, key=lambda name: name in door.allowed)
    tried_allowed = False
    for name in ordered:
        allowed = name in door.allowed
        if allowed and door.method == "post" and tried_allowed:
            continue
        status = _knock(clients[name], door, world)
        if allowed:
            tried_allowed = True
            ok = status == 200 if door.method == "get" else status != 404
        else:
            ok = status == 404
        if not ok:
            wrong[name] = status
    anonymous = _knock(Client(), door, world)
    if anonymous not in (302, 401, 404):
        wrong["anonymous"] = anonymous
    return wrong


def test_it_opens_every_page_to_exactly_the_allowed_personas() -> None:
    world = build_world()
    clients = _clients(world)
    wrong = {
        door.name: bad
        for door in PAGES
        if door.method == "get" and (bad := _check(door, world, clients))
    }
    assert wrong == {}, "unexpected status per page and persona"


@pytest.mark.parametrize("door", [d for d in PAGES if d.method == "post"], ids=lambda d: d.name)
def test_it_refuses_outsiders_every_action(door: Door) -> None:
    world = build_world()
    assert _check(door, world, _clients(world)) == {}


# ------------------------------------------------------------------------------- the JSON API


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str  # as in the OpenAPI document, e.g. /api/v1/facilities/{code}
    params: Callable[[World], dict[str, Any]] = field(default=lambda w: {})
    allowed: frozenset[str] = EVERYONE
    query: str = ""
    body: Callable[[World], dict[str, Any]] | None = (
        None  # a valid body: 404 must not hide behind 422
    )
    multipart: bool = False

    def url(self, world: World) -> str:
        return self.path.format(**self.params(world)) + self.query


def _csv_file() -> io.BytesIO:
    data = io.BytesIO(b"supplier_number,name,address,country\nS99999,X,1 Road,CN\n")
    data.name = "facilities.csv"
    return data


def _cert(w: World) -> dict[str, Any]:
    return {"pk": w.certificate_pk}


API: list[Endpoint] = [
    Endpoint("get", "/api/v1/accounts/me"),
    Endpoint("get", "/api/v1/suppliers", allowed=OPS | SUPPLIER | OTHER_SUPPLIER),
    Endpoint(
        "post",
        "/api/v1/suppliers",
        allowed=STAFF,
        body=lambda w: {"legal_name": "New Co", "supplier_number": "S-NEW", "country": "CN"},
    ),
    Endpoint(
        "get",
        "/api/v1/suppliers/{supplier_id}",
        lambda w: {"supplier_id": w.p.supplier.pk},
        OPS | SUPPLIER,
    ),
    Endpoint(
        "patch",
        "/api/v1/suppliers/{supplier_id}",
        lambda w: {"supplier_id": w.p.supplier.pk},
        STAFF,
    ),
    Endpoint(
        "get",
        "/api/v1/facilities",
        allowed=OPS | SUPPLIER | OTHER_SUPPLIER | CUSTOMER | OTHER_CUSTOMER,
    ),
    Endpoint(
        "post",
        "/api/v1/facilities",
        allowed=STAFF,
        body=lambda w: {
            "supplier_id": w.p.supplier.pk,
            "name": "New Plant",
            "address": "1 New Road",
            "country": "CN",
        },
    ),
    Endpoint("get", "/api/v1/facilities/{code}", _facility, OPS | SUPPLIER | CUSTOMER),
    Endpoint("patch", "/api/v1/facilities/{code}", _facility, STAFF),
    Endpoint("get", "/api/v1/facilities/{code}/certificates", _facility, OPS | SUPPLIER | CUSTOMER),
    Endpoint(
        "post",
        "/api/v1/facilities/{code}/certificates",
        _facility,
        STAFF,
        multipart=True,
        body=lambda w: {
            "scheme": "iso_9001",
            "issuer": "Example",
            "valid_from": "2026-01-01",
            "valid_until": "2027-01-01",
        },
    ),
    Endpoint("get", "/api/v1/certificates/{pk}/document", _cert, frozenset()),
    Endpoint("get", "/api/v1/country-risks", allowed=OPS),
    Endpoint(
        "post",
        "/api/v1/facility-imports",
        allowed=STAFF,
        multipart=True,
        body=lambda w: {"file": _csv_file()},
    ),
    Endpoint(
        "get", "/api/v1/facility-imports/{import_id}", lambda w: {"import_id": w.import_pk}, STAFF
    ),
    Endpoint(
        "post",
        "/api/v1/facility-imports/{import_id}/apply",
        lambda w: {"import_id": w.import_pk},
        STAFF,
    ),
    Endpoint(
        "get", "/api/v1/orders", allowed=OPS | SUPPLIER | OTHER_SUPPLIER | CUSTOMER | OTHER_CUSTOMER
    ),
    Endpoint(
        "post",
        "/api/v1/orders",
        allowed=STAFF,
        body=lambda w: {
            "customer": w.p.customer.code,
            "facility": w.p.facility.code,
            "agreed_ship_date": "2027-03-01",
            "lines": [{"sku": w.p.order.lines.get().product.sku, "quantity": 10}],
        },
    ),
    Endpoint("get", "/api/v1/orders/{number}", _order, OPS | SUPPLIER | CUSTOMER),
    Endpoint("get", "/api/v1/orders/{number}/gate", _order, OPS | SUPPLIER | CUSTOMER),
    Endpoint("post", "/api/v1/orders/{number}/confirm", _order, STAFF),
    Endpoint(
        "post",
        "/api/v1/orders/{number}/status",
        _order,
        STAFF,
        body=lambda w: {"status": "cancelled"},
    ),
    Endpoint(
        "post",
        "/api/v1/orders/{number}/exceptions",
        _order,
        QM,
        body=lambda w: {
            "reason": "A written reason that is long enough to pass.",
            "expires_at": (timezone.now() + dt.timedelta(days=3)).isoformat(),
        },
    ),
    Endpoint("get", "/api/v1/orders/exceptions", allowed=OPS),
    Endpoint(
        "get",
        "/api/v1/orders/products",
        allowed=OPS | SUPPLIER | OTHER_SUPPLIER | CUSTOMER | OTHER_CUSTOMER,
    ),
    Endpoint(
        "post",
        "/api/v1/orders/products",
        allowed=STAFF,
        body=lambda w: {
            "customer": w.p.customer.code,
            "sku": "NEW-1",
            "name": "New mug",
            "category": "drinkware",
        },
    ),
    Endpoint(
        "get",
        "/api/v1/aql/plan",
        allowed=OPS | SUPPLIER | OTHER_SUPPLIER | AUDITOR,
        query="?lot_size=500&aql=2.5",
    ),
    Endpoint(
        "get",
        "/api/v1/aql/oc",
        allowed=OPS | SUPPLIER | OTHER_SUPPLIER | AUDITOR,
        query="?lot_size=500&aql=2.5&at=1,2",
    ),
    Endpoint(
        "get",
        "/api/v1/aql/classes",
        allowed=OPS | SUPPLIER | OTHER_SUPPLIER | AUDITOR,
        query="?lot_size=500",
    ),
    Endpoint("get", "/api/v1/notifications/preferences", allowed=CUSTOMER | OTHER_CUSTOMER),
    Endpoint(
        "put",
        "/api/v1/notifications/preferences",
        allowed=CUSTOMER | OTHER_CUSTOMER,
        body=lambda w: {
            "failures_at_once": True,
            "every_verdict_at_once": False,
            "weekly_digest": True,
        },
    ),
]


def test_it_covers_every_api_operation() -> None:
    from sourceproof.api import api

    schema = api.get_openapi_schema()
    pending = tuple(f"/api/v1/{ns.rstrip(':')}" for ns in PENDING_NAMESPACES)
    operations = {
        (method, path)
        for path, ops in schema["paths"].items()
        for method in ops
        if not path.startswith(pending)
    }
    covered = {(e.method, e.path) for e in API}
    assert operations - covered == set(), "API operations missing from the permission matrix"


def _tokens(world: World) -> dict[str, str]:
    return {
        name: account_services.api_token_create(user=user, name="matrix", read_only=False)[1]
        for name, user in world.p.all_users().items()
    }


def _call(endpoint: Endpoint, world: World, token: str | None) -> int:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    url = endpoint.url(world)
    client = Client()
    if endpoint.method == "get":
        return client.get(url, headers=headers).status_code
    body = endpoint.body(world) if endpoint.body else {}
    if endpoint.multipart:
        return client.post(url, data=body, headers=headers).status_code
    return getattr(client, endpoint.method)(
        url, data=json.dumps(body), content_type="application/json", headers=headers
    ).status_code


def _check_api(endpoint: Endpoint, world: World, tokens: dict[str, str]) -> dict[str, int]:
    wrong: dict[str, int] = {}
    ordered = sorted(tokens, key=lambda name: name in endpoint.allowed)
    tried_allowed = False
    for name in ordered:
        allowed = name in endpoint.allowed
        if allowed and endpoint.method != "get" and tried_allowed:
            continue
        status = _call(endpoint, world, tokens[name])
        if allowed:
            tried_allowed = True
            ok = status == 200 if endpoint.method == "get" else status not in (401, 403, 404)
        else:
            ok = status == 404
        if not ok:
            wrong[name] = status
    anonymous = _call(endpoint, world, None)
    if anonymous != 401:
        wrong["anonymous"] = anonymous
    return wrong


def test_it_answers_every_read_endpoint_only_to_the_allowed_personas() -> None:
    world = build_world()
    tokens = _tokens(world)
    wrong = {
        f"GET {e.path}": bad
        for e in API
        if e.method == "get" and (bad := _check_api(e, world, tokens))
    }
    assert wrong == {}, "unexpected API status per endpoint and persona"


@pytest.mark.parametrize(
    "endpoint", [e for e in API if e.method != "get"], ids=lambda e: f"{e.method} {e.path}"
)
def test_it_refuses_outsiders_every_write_endpoint(endpoint: Endpoint) -> None:
    world = build_world()
    assert _check_api(endpoint, world, _tokens(world)) == {}
