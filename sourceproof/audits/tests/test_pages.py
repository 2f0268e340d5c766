"""The audit pages end to end through the forms: record an audit, upload its report, enter a
finding, the supplier answers on its own screen, the operator verifies; plus the compliance
page, the audits-due list and live search."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sourceproof.audits.models import ActionStatus, Audit, AuditStatus, Finding
from sourceproof.audits.tests.helpers import (
    action_of,
    add_finding,
    answer_and_submit,
    days_ago,
    image,
    make_audit,
    pdf,
)
from sourceproof.core.testing import Personas

pytestmark = pytest.mark.django_db


def test_it_records_an_audit_through_the_pages(personas: Personas, client_for: Any) -> None:
    client = client_for("csr_manager")
    form = client.get(f"/audits/new/?facility={personas.facility.code}")
    assert personas.facility.code in form.content.decode()
    data = {
        "facility": personas.facility.code,
        "standard": "smeta_6_1",
        "pillars": "4",
        "audit_type": "periodic",
        "announcement": "semi_announced",
        "audit_firm": personas.audit_firm.pk,
        "lead_auditor_name": "Alex Auditor",
        "lead_auditor_apsca": "CSCA 21701234",
        "start_date": days_ago(3).isoformat(),
        "end_date": days_ago(2).isoformat(),
        "sedex_audit_reference": "ZAA600123456",
    }
    response = client.post("/audits/new/", data)
    assert response.status_code == 302
    audit = Audit.objects.get()
    assert response["Location"] == f"/audits/{audit.reference}/"

    refused = client.post(f"/audits/{audit.reference}/status/", {"status": "report_received"})
    assert refused.status_code == 400
    assert "Upload the audit report first." in refused.content.decode()

    uploaded = client.post(f"/audits/{audit.reference}/report/", {"report": pdf()})
    assert uploaded.status_code == 302
    moved = client.post(f"/audits/{audit.reference}/status/", {"status": "report_received"})
    assert moved.status_code == 302
    audit.refresh_from_db()
    assert audit.status == AuditStatus.REPORT_RECEIVED
    download = client.get(f"/audits/{audit.reference}/report/download/")
    assert download["Content-Type"] == "application/pdf"
    assert download["Cache-Control"] == "private, no-store"


def test_it_shows_form_errors_beside_their_fields(personas: Personas, client_for: Any) -> None:
    response = client_for("csr_manager").post(
        "/audits/new/",
        {
            "facility": "FAC-99999",
            "standard": "smeta_6_1",
            "audit_type": "periodic",
            "announcement": "announced",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "No facility has this code." in html


def test_it_refuses_a_report_that_is_not_a_pdf_on_the_page(
    personas: Personas, client_for: Any
) -> None:
    audit = make_audit(personas)
    response = client_for("auditor").post(f"/audits/{audit.reference}/report/", {"report": image()})
    assert response.status_code == 400
    assert "The report must be a PDF document" in response.content.decode()


def test_it_enters_a_finding_through_the_form(personas: Personas, client_for: Any) -> None:
    audit = make_audit(personas, status="report_received")
    response = client_for("auditor").post(
        f"/audits/{audit.reference}/findings/new/",
        {
            "finding_type": "non_compliance",
            "pillar": "health_safety",
            "clause": "3",
            "severity": "critical",
            "title": "Emergency exit locked on the second floor",
            "applied_standard": "both",
        },
    )
    assert response.status_code == 302
    finding = Finding.objects.get()
    assert action_of(finding).status == ActionStatus.OPEN
    page = client_for("viewer").get(f"/audits/{audit.reference}/").content.decode()
    assert "Emergency exit locked on the second floor" in page
    assert f'data-finding="{finding.reference}"' in page


def test_it_takes_the_suppliers_answer_on_its_own_screens(
    personas: Personas, client_for: Any
) -> None:
    audit = make_audit(personas, status="report_received")
    finding = add_finding(audit, personas.auditor, severity="critical")
    supplier = client_for("supplier_user")
    screen = supplier.get("/audits/my-actions/").content.decode()
    assert f'data-finding="{finding.reference}"' in screen
    url = f"/audits/actions/{finding.reference}/"
    assert supplier.post(url + "submit/").status_code == 400  # nothing answered yet
    answered = supplier.post(
        url + "answer/",
        {"root_cause": "Keys kept by the guard", "action": "Exit unlocked", "owner_name": "Li"},
    )
    assert answered.status_code == 302
    bad = supplier.post(url + "evidence/", {"file": SimpleUploadedFile("x.png", b"nope")})
    assert bad.status_code == 400
    assert supplier.post(url + "evidence/", {"file": image()}).status_code == 302
    assert supplier.post(url + "submit/", {"comment": "Photos attached"}).status_code == 302
    assert action_of(finding).status == ActionStatus.SUBMITTED

    review = client_for("csr_manager").post(url + "review/", {"decision": "send_back"})
    assert review.status_code == 400  # a comment is needed
    assert (
        client_for("csr_manager")
        .post(url + "review/", {"decision": "send_back", "comment": "Show the exit from outside."})
        .status_code
        == 302
    )
    page = supplier.get(url).content.decode()
    assert 'id="last-verdict"' in page
    assert "Show the exit from outside." in page


def test_it_verifies_and_closes_the_finding_on_the_page(
    personas: Personas, client_for: Any
) -> None:
    audit = make_audit(personas, status="report_received")
    finding = add_finding(audit, personas.auditor, severity="major")
    answer_and_submit(action_of(finding), personas)
    response = client_for("quality_manager").post(
        f"/audits/actions/{finding.reference}/review/", {"decision": "verify"}
    )
    assert response.status_code == 302
    assert action_of(finding).status == ActionStatus.VERIFIED


def test_it_highlights_overdue_actions(personas: Personas, client_for: Any) -> None:
    from sourceproof.audits.models import CorrectiveAction

    audit = make_audit(personas, status="report_received")
    finding = add_finding(audit, personas.auditor, severity="major")
    CorrectiveAction.objects.filter(finding=finding).update(due_date=days_ago(4))
    screen = client_for("supplier_user").get("/audits/my-actions/").content.decode()
    assert "1 corrective action is overdue." in screen
    assert "4 days overdue" in screen
    listing = client_for("viewer").get("/audits/actions/?state=overdue").content.decode()
    assert finding.reference in listing
    assert "4 days overdue" in listing


def test_it_explains_a_facilitys_compliance_and_risk(personas: Personas, client_for: Any) -> None:
    audit = make_audit(personas, status="report_received")
    add_finding(audit, personas.auditor, severity="critical", clause="4", title="Child at work")
    html = client_for("viewer").get(f"/audits/facilities/{personas.facility.code}/").content
    text = html.decode()
    assert 'data-status="suspended"' in text
    assert "Open critical finding" in text
    assert "Risk score" in text
    supplier_view = (
        client_for("supplier_user")
        .get(f"/audits/facilities/{personas.facility.code}/")
        .content.decode()
    )
    assert "Open critical finding" in supplier_view
    assert "Risk score" not in supplier_view


def test_it_lists_audits_due_by_date_and_risk(personas: Personas, client_for: Any) -> None:
    make_audit(personas, status="report_received", end=days_ago(400))
    client = client_for("viewer")
    html = client.get("/audits/due/").content.decode()
    assert f'data-facility="{personas.other_facility.code}"' in html  # never audited: due now
    assert html.index(personas.other_facility.code) < html.index(personas.facility.code)
    due_now = client.get("/audits/due/?within=0").content.decode()
    assert personas.facility.code not in due_now
    partial = client.get("/audits/due/?q=Bright", HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith('<div id="due-results">')
    assert personas.other_facility.code not in partial


def test_it_searches_the_audit_list_live(personas: Personas, client_for: Any) -> None:
    make_audit(personas)
    other = make_audit(personas, facility=personas.other_facility)
    partial = client_for("viewer").get("/audits/?q=Canvas", HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith('<div id="audit-results">')
    assert other.reference in partial
    assert "AUD-00001" not in partial


def test_it_shows_the_history_to_operator_roles_only(personas: Personas, client_for: Any) -> None:
    audit = make_audit(personas, status="report_received")
    add_finding(audit, personas.auditor)
    assert (
        'id="history"' in client_for("viewer").get(f"/audits/{audit.reference}/").content.decode()
    )
    for name in ("auditor", "supplier_user"):
        page = client_for(name).get(f"/audits/{audit.reference}/").content.decode()
        assert 'id="history"' not in page
