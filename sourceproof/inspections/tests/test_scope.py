"""Who sees what: every inspections page and endpoint, for every persona. Outsiders get 404.

Operator roles see every inspection, except an inspector, who sees only those assigned to
them; the customer user sees only the reviewed inspections of its orders; the supplier user
only the reviewed inspections at its facilities; the other customer's and supplier's users and
the auditor see none of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from sourceproof.accounts.models import Role
from sourceproof.core.testing import Personas, UserFactory
from sourceproof.inspections import services
from sourceproof.inspections.models import (
    ChecklistTemplate,
    DefectRecord,
    Inspection,
    InspectionType,
)
from sourceproof.inspections.tests import builders

pytestmark = pytest.mark.django_db

OPERATORS = {"admin", "csr_manager", "quality_manager", "inspector", "viewer"}
NOT_INSPECTOR = OPERATORS - {"inspector"}
BOOKERS = {"admin", "quality_manager"}
PERFORMERS = {"admin", "quality_manager", "inspector"}
QUALITY = {"admin", "csr_manager", "quality_manager", "viewer"}
OWN = {"customer_user", "supplier_user"}
OTHERS = {"other_customer_user", "other_supplier_user"}
OUTSIDERS = OTHERS | {"auditor"}
EVERYONE = OPERATORS | OWN | OUTSIDERS
LISTERS = OPERATORS | OWN | OTHERS  # may open the (scoped) lists


@dataclass
class World:
    reviewed: Inspection
    planned: Inspection
    running: Inspection
    others: Inspection  # assigned to another inspector
    template: ChecklistTemplate
    record: DefectRecord  # a defect record of the running inspection


def world(personas: Personas) -> World:
    qm = personas.quality_manager
    builders.library(qm)
    template = builders.checklist(personas.order.lines.get().product.category, qm)
    reviewed = builders.reviewed(personas, inspection_type=InspectionType.PSI)
    planned = builders.book(personas)
    running = builders.start(personas, builders.book(personas, inspection_type=InspectionType.PPI))
    someone = UserFactory.create(role=Role.INSPECTOR, organisation=personas.operator)
    others = builders.book(personas, inspector=someone)
    record = services.inspection_record_defect(
        inspection=running,
        defect_type=builders.library(qm)["MIN-SCRATCH"],
        unit_number=1,
        by=personas.inspector,
    )
    return World(reviewed, planned, running, others, template, record)


def pages(w: World) -> list[tuple[str, set[str]]]:
    return [
        ("/inspections/", LISTERS),
        ("/inspections/calendar/", LISTERS),
        (f"/inspections/{w.reviewed.report_number}/", OPERATORS | OWN),
        (f"/inspections/{w.planned.report_number}/", OPERATORS),
        (f"/inspections/{w.others.report_number}/", NOT_INSPECTOR),
        ("/inspections/new/", BOOKERS),
        (f"/inspections/{w.planned.report_number}/edit/", BOOKERS),
        (f"/inspections/{w.planned.report_number}/start/", PERFORMERS),
        (f"/inspections/{w.others.report_number}/start/", BOOKERS),
        (f"/inspections/{w.running.report_number}/perform/", PERFORMERS),
        (f"/inspections/{w.running.report_number}/golden-sample/", PERFORMERS),
        ("/inspections/defects/", OPERATORS),
        ("/inspections/defects/new/", BOOKERS),
        ("/inspections/defects/MAJ-PRINT/edit/", BOOKERS),
        ("/inspections/checklists/", OPERATORS),
        (f"/inspections/checklists/{w.template.pk}/", OPERATORS),
        ("/inspections/checklists/category/drinkware/", OPERATORS),
        ("/inspections/checklists/category/drinkware/new/", BOOKERS),
        ("/inspections/aql-overrides/", OPERATORS),
        ("/inspections/quality/", QUALITY),
        ("/inspections/streams/", QUALITY),
        (f"/inspections/streams/{w.reviewed.stream_id}/", QUALITY),
    ]


def endpoints(w: World) -> list[tuple[str, set[str]]]:
    api = "/api/v1/inspections"
    return [
        (api, LISTERS),
        (f"{api}/{w.reviewed.report_number}", OPERATORS | OWN),
        (f"{api}/{w.planned.report_number}", OPERATORS),
        (f"{api}/{w.others.report_number}", NOT_INSPECTOR),
        (f"{api}/defect-types", OPERATORS),
        (f"{api}/checklist-templates", OPERATORS),
        (f"{api}/checklist-templates/{w.template.pk}", OPERATORS),
        (f"{api}/aql-overrides", OPERATORS),
        (f"{api}/streams", QUALITY),
        (f"{api}/streams/{w.reviewed.stream_id}", QUALITY),
    ]


def _statuses(client: Client, urls: list[tuple[str, set[str]]], persona: str) -> list[Any]:
    wrong = []
    for url, allowed in urls:
        expected = 200 if persona in allowed else 404
        got = client.get(url).status_code
        if got != expected:
            wrong.append((url, expected, got))
    return wrong


@pytest.mark.parametrize("persona", sorted(EVERYONE))
def test_it_scopes_every_page(personas: Personas, client_for: Any, persona: str) -> None:
    w = world(personas)
    assert _statuses(client_for(persona), pages(w), persona) == []


@pytest.mark.parametrize("persona", sorted(EVERYONE))
def test_it_scopes_every_read_endpoint(personas: Personas, client_for: Any, persona: str) -> None:
    w = world(personas)
    assert _statuses(client_for(persona), endpoints(w), persona) == []


def _writes(client: Client, w: World) -> list[int]:
    json = "application/json"
    api = "/api/v1/inspections"
    planned, running, reviewed = (
        w.planned.report_number,
        w.running.report_number,
        w.reviewed.report_number,
    )
    key = w.running.checkpoint_results.first().key  # type: ignore[union-attr]
    attempts = [
        client.post(
            api,
            {"order": "X", "inspection_type": "psi", "planned_date": "2031-01-01"},
            content_type=json,
        ),
        client.patch(f"{api}/{planned}", {"lot_size": 50}, content_type=json),
        client.post(f"{api}/{planned}/cancel", {"reason": "no"}, content_type=json),
        client.post(f"{api}/{planned}/start", {"produced_percent": 40}, content_type=json),
        client.post(f"{api}/{running}/results", {"key": key, "status": "pass"}, content_type=json),
        client.post(f"{api}/{running}/defects", {"defect_type": "MAJ-PRINT"}, content_type=json),
        client.post(
            f"{api}/{running}/defects/adjust",
            {"defect_type": "MAJ-PRINT", "delta": 1},
            content_type=json,
        ),
        client.delete(f"{api}/{running}/defects/{w.record.pk}"),
        client.post(f"{api}/{running}/golden-sample", {"seal_number": "S1"}, content_type=json),
        client.post(f"{api}/{running}/submit", {}, content_type=json),
        client.post(
            f"{api}/{reviewed}/decisions",
            {"key": key, "status": "pass", "note": "x" * 20},
            content_type=json,
        ),
        client.post(f"{api}/{reviewed}/review", {}, content_type=json),
        client.post(
            f"{api}/{reviewed}/override",
            {"verdict": "fail", "reason": "x" * 30},
            content_type=json,
        ),
        client.post(
            f"{api}/defect-types",
            {"code": "NEW", "description_en": "New", "defect_class": "minor"},
            content_type=json,
        ),
        client.patch(f"{api}/defect-types/MAJ-PRINT", {"is_active": False}, content_type=json),
        client.post(
            f"{api}/checklist-templates",
            {
                "category": "drinkware",
                "name": "N",
                "checkpoints": [{"kind": "visual", "title": "T"}],
            },
            content_type=json,
        ),
        client.post(
            f"{api}/aql-overrides",
            {"customer": "northwind", "major_aql": "1.0"},
            content_type=json,
        ),
        client.post(
            f"{api}/streams/{w.reviewed.stream_id}/resume",
            {"corrective_action": "x" * 40},
            content_type=json,
        ),
        client.post("/inspections/new/", {"order": "X"}),
        client.post(f"/inspections/{planned}/cancel/", {"reason": "no"}),
        client.post(f"/inspections/{planned}/start/", {"produced_percent": 40}),
        client.post(f"/inspections/{running}/perform/results/{key}/", {}),
        client.post(f"/inspections/{running}/perform/defects/adjust/", {}),
        client.post(
            f"/inspections/{running}/perform/defects/",
            {"defect_type": "MAJ-PRINT", "unit_number": "2", "count": "1"},
        ),
        client.post(f"/inspections/{running}/perform/defects/{w.record.pk}/delete/", {}),
        client.post(f"/inspections/{running}/perform/remarks/", {"remarks": "x"}),
        client.post(f"/inspections/{running}/golden-sample/", {"seal_number": "S1"}),
        client.post(f"/inspections/{planned}/edit/", {"lot_size": "50"}),
        client.post("/inspections/defects/new/", {"code": "NEW2", "description_en": "New"}),
        client.post("/inspections/defects/MAJ-PRINT/edit/", {"description_en": "Changed"}),
        client.post("/inspections/checklists/category/drinkware/new/", {"name": "N"}),
        client.post(f"/inspections/{running}/submit/", {}),
        client.post(f"/inspections/{reviewed}/review/", {}),
        client.post(f"/inspections/{reviewed}/override/", {"verdict": "fail", "reason": "x" * 30}),
        client.post(f"/inspections/{reviewed}/decide/{key}/", {}),
        client.post(f"/inspections/streams/{w.reviewed.stream_id}/", {"corrective_action": "x"}),
    ]
    return [r.status_code for r in attempts]


@pytest.mark.parametrize("persona", sorted(OUTSIDERS | OWN))
def test_it_refuses_every_write_to_customers_suppliers_and_outsiders(
    personas: Personas, client_for: Any, persona: str
) -> None:
    w = world(personas)
    codes = _writes(client_for(persona), w)
    assert codes == [404] * len(codes)
    assert DefectRecord.objects.filter(pk=w.record.pk).exists()


def test_it_refuses_the_writes_of_an_inspector_not_assigned(
    personas: Personas, client_for: Any
) -> None:
    w = world(personas)
    someone = UserFactory.create(role=Role.INSPECTOR, organisation=personas.operator)
    client = Client()
    client.force_login(someone)
    codes = _writes(client, w)
    assert codes == [404] * len(codes)


def test_it_lists_for_each_persona_only_what_it_may_see(
    personas: Personas, client_for: Any
) -> None:
    w = world(personas)

    def listed(persona: str) -> set[str]:
        items = client_for(persona).get("/api/v1/inspections").json()["items"]
        return {i["report_number"] for i in items}

    everything = {i.report_number for i in (w.reviewed, w.planned, w.running, w.others)}
    assert listed("viewer") == everything
    assert listed("inspector") == everything - {w.others.report_number}
    assert listed("customer_user") == {w.reviewed.report_number}
    assert listed("supplier_user") == {w.reviewed.report_number}
    assert listed("other_customer_user") == set()
    assert listed("other_supplier_user") == set()
    page = client_for("customer_user").get("/inspections/").content.decode()
    assert w.reviewed.report_number in page
    assert w.planned.report_number not in page
