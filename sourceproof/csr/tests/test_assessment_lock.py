"""The yearly self-assessment: one a year, answered question by question, locked when
submitted (the services refuse every edit afterwards), with improvement actions that stay
workable, and a year-over-year chart."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sourceproof.core.testing import Personas
from sourceproof.csr.models import AssessmentAnswer, AssessmentStatus, SelfAssessment
from sourceproof.csr.services import assessment as services
from sourceproof.csr.tests.helpers import not_a_pdf, pdf, today

pytestmark = pytest.mark.django_db


def _answered(p: Personas, year: int, level: int = 3) -> SelfAssessment:
    assessment = services.assessment_start(year=year, by=p.csr_manager)
    for answer in assessment.answers.all():
        services.answer_update(answer=answer, maturity=level, evidence="ok", by=p.csr_manager)
    return assessment


def test_it_starts_one_assessment_a_year_with_every_question(personas: Personas) -> None:
    assessment = services.assessment_start(year=today().year, by=personas.csr_manager)
    assert assessment.answers.count() == 21  # 7 core subjects x 3 seeded questions
    with pytest.raises(ValidationError, match="already an assessment"):
        services.assessment_start(year=today().year, by=personas.csr_manager)


def test_it_refuses_to_submit_with_unanswered_questions(personas: Personas) -> None:
    assessment = services.assessment_start(year=today().year, by=personas.csr_manager)
    with pytest.raises(ValidationError, match="21 question"):
        services.assessment_submit(assessment=assessment, by=personas.csr_manager)


def test_it_locks_the_assessment_when_submitted(personas: Personas) -> None:
    by = personas.csr_manager
    assessment = _answered(personas, today().year - 1)
    services.assessment_submit(assessment=assessment, by=by)
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED and assessment.submitted_by == by
    answer = assessment.answers.first()
    assert answer is not None
    with pytest.raises(ValidationError, match="locked"):
        services.answer_update(answer=answer, maturity=0, evidence="changed", by=by)
    with pytest.raises(ValidationError, match="locked"):
        services.assessment_update(assessment=assessment, summary="rewritten", by=by)
    with pytest.raises(ValidationError, match="locked"):
        services.assessment_submit(assessment=assessment, by=by)
    answer.refresh_from_db()
    assert (answer.maturity, answer.evidence) == (3, "ok")


def test_a_stale_copy_cannot_slip_past_the_lock(personas: Personas) -> None:
    """The lock is read from the database, not from the caller's (possibly old) object."""
    by = personas.csr_manager
    assessment = _answered(personas, today().year - 1)
    answer = (
        AssessmentAnswer.objects.select_related("assessment").filter(assessment=assessment).first()
    )
    assert answer is not None
    services.assessment_submit(assessment=SelfAssessment.objects.get(pk=assessment.pk), by=by)
    assert answer.assessment.status == AssessmentStatus.DRAFT  # the stale copy
    with pytest.raises(ValidationError, match="locked"):
        services.answer_update(answer=answer, maturity=1, evidence="", by=by)


def test_the_page_refuses_edits_of_a_submitted_assessment(
    personas: Personas, client_for: Any
) -> None:
    assessment = _answered(personas, today().year - 1)
    services.assessment_submit(assessment=assessment, by=personas.csr_manager)
    answer = assessment.answers.first()
    assert answer is not None
    client = client_for("csr_manager")
    url = reverse("csr:assessment_detail", args=[assessment.year])
    page = client.get(url)
    assert b"Save answers" not in page.content and b"can no longer change" in page.content
    response = client.post(url, {f"maturity_{answer.pk}": "0", f"evidence_{answer.pk}": "x"})
    assert response.status_code == 400
    assert b"locked" in response.content
    answer.refresh_from_db()
    assert answer.maturity == 3


def test_it_keeps_improvement_actions_workable_after_submission(personas: Personas) -> None:
    by = personas.csr_manager
    assessment = _answered(personas, today().year - 1)
    services.assessment_submit(assessment=assessment, by=by)
    action = services.improvement_action_create(
        assessment=assessment, title="Gas-free office", owner=by, due_date=today(), by=by
    )
    services.improvement_action_update(action=action, status="done", by=by)
    action.refresh_from_db()
    assert action.status == "done" and action.completed_at is not None


def test_it_refuses_an_owner_outside_the_operator(personas: Personas) -> None:
    assessment = services.assessment_start(year=today().year, by=personas.csr_manager)
    with pytest.raises(ValidationError):
        services.improvement_action_create(
            assessment=assessment,
            title="x",
            owner=personas.supplier_user,
            due_date=today(),
            by=personas.csr_manager,
        )


def test_it_saves_answers_from_the_page_with_a_document(
    personas: Personas, client_for: Any
) -> None:
    assessment = services.assessment_start(year=today().year, by=personas.csr_manager)
    first, second = assessment.answers.order_by("pk")[:2]
    url = reverse("csr:assessment_detail", args=[assessment.year])
    response = client_for("csr_manager").post(
        url,
        {
            f"maturity_{first.pk}": "4",
            f"evidence_{first.pk}": "Board minutes 2026-03",
            f"file_{first.pk}": pdf(),
            f"maturity_{second.pk}": "2",
        },
    )
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.maturity, second.maturity) == (4, 2)
    assert first.evidence_sha256 and first.evidence_file.name.endswith(".pdf")


def test_it_refuses_a_document_that_is_not_a_pdf_or_image(personas: Personas) -> None:
    assessment = services.assessment_start(year=today().year, by=personas.csr_manager)
    answer = assessment.answers.first()
    assert answer is not None
    with pytest.raises(ValidationError) as caught:
        services.answer_update(
            answer=answer, maturity=1, evidence="", upload=not_a_pdf(), by=personas.csr_manager
        )
    assert "evidence_file" in caught.value.message_dict


def test_it_charts_maturity_year_over_year(personas: Personas, client_for: Any) -> None:
    services.assessment_submit(
        assessment=_answered(personas, today().year - 1, 2), by=personas.csr_manager
    )
    _answered(personas, today().year, 3)
    page = client_for("viewer").get(reverse("csr:assessment_list"))
    content = page.content.decode()
    assert page.status_code == 200
    assert 'id="maturity"' in content
    # every subject averages 2 last year and 3 this year; the bars carry their values
    assert f"Governance, {today().year - 1}: 2" in content
    assert f"Governance, {today().year}: 3" in content
