"""Pages for quality managers: decide checkpoints left open, review (counts the lot in its
stream), override a verdict."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sourceproof.accounts.permissions import Action, require
from sourceproof.core.http import acting_user
from sourceproof.inspections import selectors, services
from sourceproof.inspections.forms import DecideForm, OverrideForm, ReviewForm
from sourceproof.inspections.views.common import messages_of
from sourceproof.inspections.views.inspections import detail_context


@require_POST
@login_required
def checkpoint_decide(request: HttpRequest, report_number: str, key: str) -> HttpResponse:
    user = acting_user(request)
    inspection = selectors.get_inspection_for_user(user=user, report_number=report_number)
    require(user, Action.REVIEW_INSPECTIONS)
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    else:
        try:
            services.checkpoint_result_decide(
                inspection=inspection,
                key=key,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                by=user,
            )
        except ValidationError as error:
            messages.error(request, messages_of(error))
        else:
            messages.success(request, _("Checkpoint decided."))
    return redirect("inspections:inspection_detail", inspection.report_number)


@require_POST
@login_required
def inspection_review(request: HttpRequest, report_number: str) -> HttpResponse:
    user = acting_user(request)
    inspection = selectors.get_inspection_for_user(user=user, report_number=report_number)
    require(user, Action.REVIEW_INSPECTIONS)
    form = ReviewForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.inspection_review(inspection=inspection, note=note, by=user)
    except ValidationError as error:
        messages.error(request, _("Not reviewed: %(why)s") % {"why": messages_of(error)})
    else:
        messages.success(request, _("Reviewed; the lot counts in its sampling stream."))
    return redirect("inspections:inspection_detail", inspection.report_number)


@require_POST
@login_required
def inspection_override(request: HttpRequest, report_number: str) -> HttpResponse:
    user = acting_user(request)
    inspection = selectors.get_inspection_for_user(user=user, report_number=report_number)
    require(user, Action.OVERRIDE_VERDICT)
    form = OverrideForm(request.POST)
    if form.is_valid():
        try:
            services.inspection_override(
                inspection=inspection,
                verdict=form.cleaned_data["verdict"],
                reason=form.cleaned_data["reason"],
                by=user,
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Verdict overridden; the computed verdict stays visible."))
            return redirect("inspections:inspection_detail", inspection.report_number)
    inspection = selectors.get_inspection_for_user(user=user, report_number=report_number)
    return render(
        request,
        "inspections/inspection_detail.html",
        detail_context(user, inspection, override_form=form, override_open=True),
        status=400,
    )
