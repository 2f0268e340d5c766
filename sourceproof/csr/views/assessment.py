"""Pages of the yearly self-assessment: list with the year-over-year chart, one assessment with
its answers and improvement actions, submit (lock)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sourceproof.csr.forms import (
    ActionStatusForm,
    AnswersForm,
    AssessmentStartForm,
    ImprovementActionForm,
    SummaryForm,
)
from sourceproof.csr.models import ActionStatus, SelfAssessment
from sourceproof.csr.presentation import maturity_chart
from sourceproof.csr.selectors import assessment as selectors
from sourceproof.csr.selectors.common import this_year
from sourceproof.csr.services import assessment as services
from sourceproof.csr.views.common import add_errors, editor, file_response, may_edit, viewer


@login_required
def assessment_list(request: HttpRequest) -> HttpResponse:
    user = viewer(request)
    subjects, by_year = selectors.maturity_by_year(user=user)
    context = {
        "assessments": list(selectors.assessment_list(user=user)),
        "chart": maturity_chart(subjects, by_year),
        "subjects": subjects,
        "by_year": by_year,
        "form": AssessmentStartForm(initial={"year": this_year()}),
        "can_edit": may_edit(user),
    }
    return render(request, "csr/assessment_list.html", context)


@login_required
@require_POST
def assessment_start(request: HttpRequest) -> HttpResponse:
    user = editor(request)
    form = AssessmentStartForm(request.POST)
    if form.is_valid():
        try:
            found = services.assessment_start(year=form.cleaned_data["year"], by=user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Self-assessment %(year)s started.") % {"year": found.year})
            return redirect("csr:assessment_detail", year=found.year)
    subjects, by_year = selectors.maturity_by_year(user=user)
    context = {
        "assessments": list(selectors.assessment_list(user=user)),
        "chart": maturity_chart(subjects, by_year),
        "subjects": subjects,
        "by_year": by_year,
        "form": form,
        "can_edit": True,
    }
    return render(request, "csr/assessment_list.html", context, status=400)


def _detail_context(user: Any, assessment: SelfAssessment, **extra: Any) -> dict[str, Any]:
    blocks = selectors.assessment_blocks(assessment)
    answers = [a for b in blocks for a in b.answers]
    form = extra.pop("answers_form", None) or AnswersForm(answers=answers)
    fields = form.field_rows()
    can_edit = may_edit(user)
    return {
        "assessment": assessment,
        "blocks": [
            {"block": b, "rows": [{"answer": a, "fields": fields[a.pk]} for a in b.answers]}
            for b in blocks
        ],
        "answers_form": form,
        "unanswered": sum(1 for a in answers if a.maturity is None),
        "actions": list(selectors.assessment_actions(assessment)),
        "summary_form": extra.pop("summary_form", None)
        or SummaryForm(initial={"summary": assessment.summary}),
        "action_form": extra.pop("action_form", None) or ImprovementActionForm(),
        "status_choices": ActionStatus.choices,
        "can_edit": can_edit and not assessment.is_locked,
        "can_manage_actions": can_edit,
        **extra,
    }


@login_required
def assessment_detail(request: HttpRequest, year: int) -> HttpResponse:
    user = viewer(request)
    assessment = selectors.get_assessment_for_user(user=user, year=year)
    if request.method != "POST":
        return render(request, "csr/assessment_detail.html", _detail_context(user, assessment))
    user = editor(request)
    blocks = selectors.assessment_blocks(assessment)
    form = AnswersForm(request.POST, request.FILES, answers=[a for b in blocks for a in b.answers])
    if form.is_valid():
        try:
            with transaction.atomic():
                for answer, maturity, evidence, upload in form.changed_answers():
                    services.answer_update(
                        answer=answer, maturity=maturity, evidence=evidence, upload=upload, by=user
                    )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Answers saved."))
            return redirect("csr:assessment_detail", year=year)
    context = _detail_context(user, assessment, answers_form=form)
    return render(request, "csr/assessment_detail.html", context, status=400)


@login_required
@require_POST
def assessment_summary(request: HttpRequest, year: int) -> HttpResponse:
    user = editor(request)
    assessment = selectors.get_assessment_for_user(user=user, year=year)
    form = SummaryForm(request.POST)
    if form.is_valid():
        try:
            services.assessment_update(
                assessment=assessment, summary=form.cleaned_data["summary"], by=user
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Conclusions saved."))
            return redirect("csr:assessment_detail", year=year)
    context = _detail_context(user, assessment, summary_form=form)
    return render(request, "csr/assessment_detail.html", context, status=400)


@login_required
@require_POST
def assessment_submit(request: HttpRequest, year: int) -> HttpResponse:
    user = editor(request)
    assessment = selectors.get_assessment_for_user(user=user, year=year)
    try:
        services.assessment_submit(assessment=assessment, by=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Self-assessment %(year)s submitted and locked.") % {"year": year}
        )
    return redirect("csr:assessment_detail", year=year)


@login_required
@require_POST
def action_create(request: HttpRequest, year: int) -> HttpResponse:
    user = editor(request)
    assessment = selectors.get_assessment_for_user(user=user, year=year)
    form = ImprovementActionForm(request.POST)
    if form.is_valid():
        try:
            services.improvement_action_create(assessment=assessment, by=user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Improvement action added."))
            return redirect("csr:assessment_detail", year=year)
    context = _detail_context(user, assessment, action_form=form)
    return render(request, "csr/assessment_detail.html", context, status=400)


@login_required
@require_POST
def action_status(request: HttpRequest, pk: int) -> HttpResponse:
    user = editor(request)
    action = selectors.get_action_for_user(user=user, pk=pk)
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        services.improvement_action_update(
            action=action, status=form.cleaned_data["status"], by=user
        )
        messages.success(request, _("Action updated."))
    else:
        messages.error(request, _("Choose a valid status."))
    return redirect("csr:assessment_detail", year=action.assessment.year)


@login_required
def answer_document(request: HttpRequest, pk: int) -> FileResponse:
    user = viewer(request)
    answer = selectors.get_answer_for_user(user=user, pk=pk)
    return file_response(
        answer.evidence_file, f"assessment-{answer.assessment.year}-{answer.question.code}"
    )
