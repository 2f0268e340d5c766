"""Who may open what: every audits page and API endpoint x every persona (and an auditor of
another firm). Anyone outside gets 404, never 403; the rows a list shows are scoped too."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sourceproof.audits import services
from sourceproof.audits.models import AuditStatus, Finding
from sourceproof.audits.tests.helpers import action_of, add_finding, image, make_audit, pdf
from sourceproof.core.testing import OrganisationFactory, Personas, UserFactory

pytestmark = pytest.mark.django_db

OPS = frozenset({"admin", "csr_manager", "quality_manager", "inspector", "viewer"})
STAFF = frozenset({"admin", "csr_manager", "quality_manager"})
SUPPLIER = frozenset({"supplier_user"})
OTHER_SUPPLIER = frozenset({"other_supplier_user"})
AUDITOR = frozenset({"auditor"})
ANY_AUDITOR = frozenset({"auditor", "other_auditor"})  # role-level pages (scoped lists)
PEOPLE = (
    *sorted(OPS),
    "supplier_user",
    "other_supplier_user",
    "customer_user",
    "other_customer_user",
    "auditor",
    "other_auditor",
)


@dataclass
class World:
    personas: Personas
    audit: str
    finding: str
    evidence: int
    users: dict[str, Any]


@pytest.fixture
def world(personas: Personas) -> World:
    audit = make_audit(personas, status=AuditStatus.REPORT_RECEIVED)
    finding = add_finding(audit, personas.auditor, severity="critical")
    evidence = services.action_evidence_add(
        action=action_of(finding), by=personas.supplier_user, upload=image()
    )
    users = dict(personas.all_users())
    users["other_auditor"] = UserFactory.create(
        role="auditor", organisation=OrganisationFactory.create(kind="audit_firm")
    )
    return World(personas, audit.reference, finding.reference, evidence.pk, users)


@dataclass(frozen=True)
class Door:
    name: str
    kwargs: Callable[[World], dict[str, Any]] = field(default=lambda w: {})
    allowed: frozenset[str] = frozenset()
    method: str = "get"


def _audit(w: World) -> dict[str, Any]:
    return {"reference": w.audit}


def _finding(w: World) -> dict[str, Any]:
    return {"reference": w.finding}


PAGES = [
    Door("audits:audit_list", allowed=OPS | SUPPLIER | OTHER_SUPPLIER | ANY_AUDITOR),
    Door("audits:audit_create", allowed=STAFF),
    Door("audits:due_list", allowed=OPS),
    Door(
        "audits:facility_compliance",
        lambda w: {"code": w.personas.facility.code},
        OPS | SUPPLIER,
    ),
    Door("audits:finding_template", lambda w: {"fmt": "xlsx"}, STAFF | ANY_AUDITOR),
    Door("audits:audit_detail", _audit, OPS | SUPPLIER | AUDITOR),
    Door("audits:audit_edit", _audit, STAFF),
    Door("audits:audit_status", _audit, STAFF, "post"),
    Door("audits:audit_report", _audit, STAFF | AUDITOR, "post"),
    Door("audits:audit_report_download", _audit, OPS | SUPPLIER | AUDITOR),
    Door("audits:finding_create", _audit, STAFF | AUDITOR),
    Door("audits:finding_import", _audit, STAFF | AUDITOR),
    Door("audits:finding_edit", _finding, STAFF | AUDITOR),
    Door("audits:finding_confirm", _finding, STAFF | AUDITOR, "post"),
    Door("audits:finding_withdraw", _finding, STAFF | AUDITOR),
    Door("audits:action_list", allowed=OPS | SUPPLIER | OTHER_SUPPLIER | ANY_AUDITOR),
    Door("audits:supplier_actions", allowed=SUPPLIER | OTHER_SUPPLIER),
    Door("audits:action_detail", _finding, OPS | SUPPLIER | AUDITOR),
    Door("audits:action_respond", _finding, SUPPLIER, "post"),
    Door("audits:action_evidence", _finding, SUPPLIER, "post"),
    Door(
        "audits:evidence_download",
        lambda w: {"reference": w.finding, "pk": w.evidence},
        OPS | SUPPLIER | AUDITOR,
    ),
    Door("audits:action_submit", _finding, SUPPLIER, "post"),
    Door("audits:action_review", _finding, STAFF, "post"),
    Door("audits:action_due_date", _finding, STAFF, "post"),
    Door("audits:action_method", _finding, STAFF, "post"),
]

API = [
    ("get", "/api/v1/audits", OPS | SUPPLIER | OTHER_SUPPLIER | ANY_AUDITOR),
    ("post", "/api/v1/audits", STAFF),
    ("get", "/api/v1/audits/{audit}", OPS | SUPPLIER | AUDITOR),
    ("patch", "/api/v1/audits/{audit}", STAFF),
    ("post", "/api/v1/audits/{audit}/status", STAFF),
    ("post", "/api/v1/audits/{audit}/report", STAFF | AUDITOR),
    ("get", "/api/v1/audits/{audit}/report", OPS | SUPPLIER | AUDITOR),
    ("get", "/api/v1/audits/{audit}/findings", OPS | SUPPLIER | AUDITOR),
    ("post", "/api/v1/audits/{audit}/findings", STAFF | AUDITOR),
    ("post", "/api/v1/audits/{audit}/findings/import", STAFF | AUDITOR),
    ("get", "/api/v1/audits/findings/{finding}", OPS | SUPPLIER | AUDITOR),
    ("patch", "/api/v1/audits/findings/{finding}", STAFF | AUDITOR),
    ("post", "/api/v1/audits/findings/{finding}/confirm", STAFF | AUDITOR),
    ("post", "/api/v1/audits/findings/{finding}/withdraw", STAFF | AUDITOR),
    ("get", "/api/v1/audits/actions", OPS | SUPPLIER | OTHER_SUPPLIER | ANY_AUDITOR),
    ("get", "/api/v1/audits/actions/{finding}", OPS | SUPPLIER | AUDITOR),
    ("patch", "/api/v1/audits/actions/{finding}", SUPPLIER),
    ("post", "/api/v1/audits/actions/{finding}/evidence", SUPPLIER),
    ("get", "/api/v1/audits/actions/{finding}/evidence/{evidence}", OPS | SUPPLIER | AUDITOR),
    ("post", "/api/v1/audits/actions/{finding}/submit", SUPPLIER),
    ("post", "/api/v1/audits/actions/{finding}/verify", STAFF),
    ("post", "/api/v1/audits/actions/{finding}/send-back", STAFF),
    ("post", "/api/v1/audits/actions/{finding}/progress", STAFF),
    ("post", "/api/v1/audits/actions/{finding}/due-date", STAFF),
    ("post", "/api/v1/audits/actions/{finding}/method", STAFF),
    ("get", "/api/v1/audits/facilities/{facility}/compliance", OPS | SUPPLIER),
    ("get", "/api/v1/audits/due", OPS),
]

# Bodies that pass the request's validation, so that only the scope decides (a 400 from a
# service is "let in").
BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("patch", "/api/v1/audits/actions/{finding}"): {
        "root_cause": "r",
        "action": "a",
        "owner_name": "o",
    },
    ("post", "/api/v1/audits/findings/{finding}/withdraw"): {"reason": "(scope check only)"},
    ("post", "/api/v1/audits/actions/{finding}/progress"): {"comment": ""},
    ("post", "/api/v1/audits/actions/{finding}/due-date"): {
        "due_date": "2020-01-01",
        "reason": "",
    },
    ("post", "/api/v1/audits/actions/{finding}/method"): {"verification_method": "desktop_review"},
    ("post", "/api/v1/audits/{audit}/status"): {"status": "draft"},
    ("post", "/api/v1/audits/{audit}/findings"): {
        "finding_type": "observation",
        "pillar": "labour_standards",
        "clause": "1",
        "severity": "major",
        "title": "t",
    },
    ("post", "/api/v1/audits"): {
        "facility": "FAC-NONE",
        "standard": "sa8000",
        "audit_type": "periodic",
        "announcement": "announced",
    },
}
MULTIPART = {
    ("post", "/api/v1/audits/{audit}/report"): "report",
    ("post", "/api/v1/audits/actions/{finding}/evidence"): "file",
    ("post", "/api/v1/audits/{audit}/findings/import"): "file",
}


def _client(world: World, name: str) -> Client:
    client = Client()
    client.force_login(world.users[name])
    return client


@pytest.mark.parametrize("door", PAGES, ids=[d.name for d in PAGES])
def test_it_lets_in_only_the_allowed_on_every_page(world: World, door: Door) -> None:
    url = reverse(door.name, kwargs=door.kwargs(world))
    for name in PEOPLE:
        response = getattr(_client(world, name), door.method)(url)
        allowed = name in door.allowed
        assert (response.status_code != 404) == allowed, (name, url, response.status_code)


def _api_url(template: str, world: World) -> str:
    return template.format(
        audit=world.audit,
        finding=world.finding,
        evidence=world.evidence,
        facility=world.personas.facility.code,
    )


@pytest.mark.parametrize(
    ("method", "template", "allowed"), API, ids=[f"{m} {t}" for m, t, _ in API]
)
def test_it_lets_in_only_the_allowed_on_every_endpoint(
    world: World, method: str, template: str, allowed: frozenset[str]
) -> None:
    url = _api_url(template, world)
    for name in PEOPLE:
        client = _client(world, name)
        key = (method, template)
        if key in MULTIPART:
            upload = pdf() if MULTIPART[key] != "file" or "import" in template else image()
            response = client.post(url, {MULTIPART[key]: upload})
        elif method == "get":
            response = client.get(url)
        else:
            response = getattr(client, method)(
                url, data=BODIES.get(key, {}), content_type="application/json"
            )
        assert (response.status_code != 404) == (name in allowed), (
            name,
            method,
            url,
            response.status_code,
            response.content[:300],
        )


def test_it_hides_a_planned_audit_from_the_supplier(personas: Personas, client_for: Any) -> None:
    audit = make_audit(personas, announcement="unannounced")
    assert client_for("supplier_user").get(f"/audits/{audit.reference}/").status_code == 404
    assert client_for("auditor").get(f"/audits/{audit.reference}/").status_code == 200
    listed = client_for("supplier_user").get("/api/v1/audits").json()
    assert listed["count"] == 0


def test_it_hides_draft_findings_from_the_supplier(personas: Personas, client_for: Any) -> None:
    audit = make_audit(personas, status=AuditStatus.REPORT_RECEIVED)
    draft = add_finding(audit, personas.csr_manager, draft=True)
    assert (
        client_for("supplier_user").get(f"/api/v1/audits/findings/{draft.reference}").status_code
        == 404
    )
    body = client_for("supplier_user").get(f"/api/v1/audits/{audit.reference}").json()
    assert body["findings"] == []
    assert client_for("viewer").get(f"/api/v1/audits/{audit.reference}").json()["findings"]


def test_it_lists_only_each_users_own_rows(personas: Personas, client_for: Any) -> None:
    mine = make_audit(personas, status=AuditStatus.REPORT_RECEIVED)
    theirs = make_audit(
        personas, facility=personas.other_facility, status=AuditStatus.REPORT_RECEIVED
    )
    add_finding(mine, personas.csr_manager)
    add_finding(theirs, personas.csr_manager)
    refs = lambda name, url: [i["reference"] for i in client_for(name).get(url).json()["items"]]  # noqa: E731
    assert refs("supplier_user", "/api/v1/audits") == [mine.reference]
    assert refs("other_supplier_user", "/api/v1/audits") == [theirs.reference]
    assert sorted(refs("viewer", "/api/v1/audits")) == sorted([mine.reference, theirs.reference])
    assert refs("supplier_user", "/api/v1/audits/actions") == [f"{mine.reference}-F01"]
    assert refs("other_supplier_user", "/api/v1/audits/actions") == [f"{theirs.reference}-F01"]
    assert Finding.objects.count() == 2


def test_it_shows_the_compliance_panel_only_to_those_who_may_see_it(
    personas: Personas, rf: Any
) -> None:
    from django.template import Context, Template

    template = Template("{% load audits %}{% facility_compliance_panel facility %}")
    for name, visible, with_risk in (
        ("viewer", True, True),
        ("supplier_user", True, False),
        ("other_supplier_user", False, False),
        ("customer_user", False, False),
        ("auditor", False, False),
    ):
        request = rf.get("/")
        request.user = getattr(personas, name)
        html = template.render(Context({"request": request, "facility": personas.facility}))
        assert ('id="facility-compliance"' in html) == visible, name
        assert ("Next audit due" in html) == with_risk, name
