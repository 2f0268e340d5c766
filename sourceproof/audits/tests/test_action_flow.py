"""The corrective-action flow: the supplier answers, uploads evidence (checked by content) and
submits; the operator verifies, sends back or notes progress; every step is kept."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from sourceproof.audits import services
from sourceproof.audits.models import (
    ActionStatus,
    CorrectiveAction,
    StepKind,
    VerificationMethod,
)
from sourceproof.audits.tests.helpers import (
    action_of,
    add_finding,
    answer_and_submit,
    image,
    make_audit,
    not_a_pdf,
    pdf,
)
from sourceproof.core.changelog import history_for, verify_chain
from sourceproof.core.models import ChangeAction
from sourceproof.core.testing import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def action(personas: Personas) -> CorrectiveAction:
    audit = make_audit(personas, status="report_received")
    return action_of(add_finding(audit, personas.csr_manager, severity="critical"))


def test_it_walks_answer_evidence_submit_verify_and_keeps_every_step(
    personas: Personas, action: CorrectiveAction
) -> None:
    submitted = answer_and_submit(action, personas)
    assert submitted.status == ActionStatus.SUBMITTED
    assert submitted.submitted_at is not None
    verified = services.action_verify(
        action=submitted, by=personas.csr_manager, comment="Register checked on site photos."
    )
    assert verified.status == ActionStatus.VERIFIED
    assert verified.verified_by == personas.csr_manager
    steps = list(verified.steps.order_by("at", "id"))
    assert [s.kind for s in steps] == [
        StepKind.CREATED,
        StepKind.RESPONDED,
        StepKind.EVIDENCE_ADDED,
        StepKind.SUBMITTED,
        StepKind.VERIFIED,
    ]
    assert [s.by for s in steps[1:]] == [personas.supplier_user] * 3 + [personas.csr_manager]
    assert steps[-1].comment == "Register checked on site photos."
    assert (steps[-1].status_before, steps[-1].status_after) == ("submitted", "verified")
    events = [r.changes.get("status") for r in history_for(verified).filter(action="event")]
    assert ["submitted", "verified"] in events
    assert verify_chain().ok


def test_it_checks_evidence_by_content_and_keeps_its_sha256(
    personas: Personas, action: CorrectiveAction
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.action_evidence_add(action=action, by=personas.supplier_user, upload=not_a_pdf())
    assert exc.value.message_dict["file"] == [
        "The file is not a PDF, JPEG or PNG (judged by its content)."
    ]
    gif = image("photo.gif", fmt="GIF")
    with pytest.raises(ValidationError):
        services.action_evidence_add(action=action, by=personas.supplier_user, upload=gif)
    for upload, kind in (
        (pdf("payroll.pdf"), "pdf"),
        (image("a.jpg", "JPEG"), "jpg"),
        (image(), "png"),
    ):
        evidence = services.action_evidence_add(
            action=action, by=personas.supplier_user, upload=upload
        )
        assert evidence.kind == kind
        assert len(evidence.sha256) == 64
    assert action.evidence_files.count() == 3


def test_it_refuses_evidence_over_the_size_limit(
    personas: Personas, action: CorrectiveAction, settings: Any
) -> None:
    settings.UPLOAD_MAX_BYTES = 10
    with pytest.raises(ValidationError) as exc:
        services.action_evidence_add(action=action, by=personas.supplier_user, upload=pdf())
    assert "most allowed" in exc.value.message_dict["file"][0]


def test_it_needs_a_full_answer_and_evidence_to_submit(
    personas: Personas, action: CorrectiveAction
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.action_submit(action=action, by=personas.supplier_user)
    assert set(exc.value.message_dict) == {"root_cause", "action", "owner_name", "file"}


def test_it_submits_a_follow_up_audit_action_without_evidence(
    personas: Personas, action: CorrectiveAction
) -> None:
    services.action_set_method(
        action=action, by=personas.csr_manager, method=VerificationMethod.FOLLOW_UP_AUDIT
    )
    services.action_respond(
        action=action, by=personas.supplier_user, root_cause="x", action_text="y", owner_name="z"
    )
    assert services.action_submit(action=action, by=personas.supplier_user).status == "submitted"


def test_it_sends_back_with_a_comment_and_takes_a_new_submission(
    personas: Personas, action: CorrectiveAction
) -> None:
    submitted = answer_and_submit(action, personas)
    with pytest.raises(ValidationError) as exc:
        services.action_send_back(action=submitted, by=personas.csr_manager, comment="")
    assert "comment" in exc.value.message_dict
    back = services.action_send_back(
        action=submitted, by=personas.csr_manager, comment="The photo does not show the exit."
    )
    assert back.status == ActionStatus.SENT_BACK
    services.action_evidence_add(action=back, by=personas.supplier_user, upload=image("exit.png"))
    again = services.action_submit(action=back, by=personas.supplier_user, comment="New photo.")
    assert again.status == ActionStatus.SUBMITTED


def test_it_notes_progress_with_a_new_due_date(
    personas: Personas, action: CorrectiveAction
) -> None:
    submitted = answer_and_submit(action, personas)
    new_due = timezone.localdate() + dt.timedelta(days=45)
    progressed = services.action_progress_made(
        action=submitted,
        by=personas.quality_manager,
        comment="Half the guards fitted.",
        due_date=new_due,
    )
    assert progressed.status == ActionStatus.PROGRESS_MADE
    assert (progressed.due_date, progressed.due_date_overridden) == (new_due, True)
    kinds = [s.kind for s in progressed.steps.order_by("at", "id")][-2:]
    assert kinds == [StepKind.DUE_DATE_CHANGED, StepKind.PROGRESS_MADE]


def test_it_verifies_only_a_submitted_action_unless_a_follow_up_audit_verified_it(
    personas: Personas, action: CorrectiveAction
) -> None:
    with pytest.raises(ValidationError):
        services.action_verify(action=action, by=personas.csr_manager)
    services.action_set_method(
        action=action, by=personas.csr_manager, method=VerificationMethod.FOLLOW_UP_AUDIT
    )
    with pytest.raises(ValidationError) as exc:
        services.action_verify(action=action, by=personas.csr_manager, comment="")
    assert "comment" in exc.value.message_dict
    verified = services.action_verify(
        action=action, by=personas.csr_manager, comment="Follow-up audit AUD-00009 saw it fixed."
    )
    assert verified.status == ActionStatus.VERIFIED


def test_it_lets_only_the_facilitys_supplier_answer(
    personas: Personas, action: CorrectiveAction
) -> None:
    with pytest.raises(ValidationError):
        services.action_respond(
            action=action,
            by=personas.other_supplier_user,
            root_cause="x",
            action_text="y",
            owner_name="z",
        )
    for name in ("csr_manager", "auditor", "customer_user", "viewer"):
        with pytest.raises(Http404):
            services.action_evidence_add(action=action, by=getattr(personas, name), upload=pdf())


def test_it_lets_only_operator_staff_give_verdicts(
    personas: Personas, action: CorrectiveAction
) -> None:
    submitted = answer_and_submit(action, personas)
    for name in ("supplier_user", "auditor", "viewer", "inspector", "customer_user"):
        with pytest.raises(Http404):
            services.action_verify(action=submitted, by=getattr(personas, name))


def test_it_locks_the_answer_while_waiting_for_verification(
    personas: Personas, action: CorrectiveAction
) -> None:
    submitted = answer_and_submit(action, personas)
    with pytest.raises(ValidationError):
        services.action_evidence_add(action=submitted, by=personas.supplier_user, upload=pdf())
    with pytest.raises(ValidationError):
        services.action_respond(
            action=submitted,
            by=personas.supplier_user,
            root_cause="a",
            action_text="b",
            owner_name="c",
        )


def test_it_records_a_due_date_override_with_its_reason(
    personas: Personas, action: CorrectiveAction
) -> None:
    with pytest.raises(ValidationError):
        services.action_set_due_date(
            action=action, by=personas.csr_manager, due_date=action.due_date, reason=""
        )
    new_due = action.due_date + dt.timedelta(days=14)
    services.action_set_due_date(
        action=action, by=personas.csr_manager, due_date=new_due, reason="Public holiday week"
    )
    entry = history_for(action).filter(action=ChangeAction.UPDATE).get()
    assert entry.summary.startswith("Override: Due date")
    assert entry.summary.endswith("Public holiday week")
