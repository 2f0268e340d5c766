"""Pages: the inspection list and booking calendar, the detail page, booking, editing and
cancelling. Thin: parse, call a selector or service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sourceproof.accounts.models import Role, User
from sourceproof.accounts.permissions import Action, can, require
from sourceproof.core.http import acting_user
from sourceproof.inspections import presentation, selectors, services
from sourceproof.inspections.defaults import sampling_defaults
from sourceproof.inspections.forms import (
    BookingForm,
    CancelForm,
    DecideForm,
    InspectionEditForm,
    InspectionFilterForm,
    MonthForm,
    OverrideForm,
    ReviewForm,
)
from sourceproof.inspections.models import (
    CheckpointStatus,
    Inspection,
    InspectionStatus,
    InspectionType,
    Verdict,
)
from sourceproof.inspections.views.common import (
    add_errors,
    is_htmx,
    messages_of,
    page_by_keys,
    query_without_page,
)


def may_perform(user: User, inspection: Inspection) -> bool:
    """The assigned inspector, or a quality manager or admin."""
    if not can(user, Action.PERFORM_INSPECTIONS):
        return False
    return user.role != Role.INSPECTOR or inspection.inspector_id == user.pk


def _filters(form: InspectionFilterForm) -> selectors.InspectionFilters:
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    return selectors.InspectionFilters(
        status=data.get("status") or "",
        inspection_type=data.get("inspection_type") or "",
        verdict=data.get("verdict") or "",
        facility=(data.get("facility") or "").strip(),
        customer=data.get("customer") or "",
        inspector=data.get("inspector") or None,
        q=data.get("q") or "",
    )


@login_required
def inspection_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    require(user, Action.VIEW_INSPECTIONS)
    choices = selectors.inspection_filter_choices(user=user)
    form = InspectionFilterForm(request.GET or None, choices=choices)
    page = page_by_keys(request, selectors.inspection_list(user=user, filters=_filters(form)))
    context = {
        "form": form,
        "page": page,
        "rows": list(page.object_list),
        "query": query_without_page(request),
        "can_book": can(user, Action.BOOK_INSPECTIONS),
        "is_operator": user.is_operator,
    }
    template = (
        "inspections/inspection_list.html#results"
        if is_htmx(request)
        else "inspections/inspection_list.html"
    )
    return render(request, template, context)


@login_required
def inspection_calendar(request: HttpRequest) -> HttpResponse:
    """The booking calendar: a month grid (a list of days on a phone)."""
    user = acting_user(request)
    require(user, Action.VIEW_INSPECTIONS)
    today = timezone.localdate()
    year, month = MonthForm(request.GET).year_month(today)
    choices = selectors.inspection_filter_choices(user=user)
    form = InspectionFilterForm(request.GET or None, choices=choices)
    filters = _filters(form)
    found = selectors.calendar_month(
        user=user, year=year, month=month, today=today, filters=filters
    )
    query = request.GET.copy()
    query.pop("month", None)
    context = {
        "calendar": found,
        "form": form,
        "query": query.urlencode(),
        "can_book": can(user, Action.BOOK_INSPECTIONS),
        "is_operator": user.is_operator,
        "weekdays": [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")],
    }
    return render(request, "inspections/calendar.html", context)


@login_required
def inspection_detail(request: HttpRequest, report_number: str) -> HttpResponse:
    user = acting_user(request)
    inspection = selectors.get_inspection_for_user(user=user, report_number=report_number)
    return render(request, "inspections/inspection_detail.html", detail_context(user, inspection))


def detail_context(user: User, inspection: Inspection, **extra: Any) -> dict[str, Any]:
    view = selectors.inspection_view(inspection=inspection)
    status = inspection.status
    reviewer = can(user, Action.REVIEW_INSPECTIONS)
    computed = view.verdict.outcome if view.verdict else ""
    open_decisions = [
        c for c in view.checkpoints if c["result"].status == CheckpointStatus.NEEDS_DECISION
    ]
    context: dict[str, Any] = {
        "inspection": inspection,
        "view": view,
        "reasons": presentation.reasons_for_display(
            [r.as_dict() for r in view.verdict.reasons] if view.verdict else []
        ),
        "classes": _class_rows(view),
        "history": selectors.inspection_history(user=user, inspection=inspection),
        "is_operator": user.is_operator,
        "can_see_streams": can(user, Action.VIEW_QUALITY_DASHBOARD),
        "can_edit": can(user, Action.BOOK_INSPECTIONS) and status == InspectionStatus.PLANNED,
        "can_cancel": can(user, Action.BOOK_INSPECTIONS)
        and status in {InspectionStatus.PLANNED, InspectionStatus.IN_PROGRESS},
        "can_start": may_perform(user, inspection) and status == InspectionStatus.PLANNED,
        "can_perform": may_perform(user, inspection) and status == InspectionStatus.IN_PROGRESS,
        # The phone screen (fieldwork app) for whoever performs it: the assigned inspector,
        # a quality manager or an admin.
        "can_field": may_perform(user, inspection)
        and status in {InspectionStatus.PLANNED, InspectionStatus.IN_PROGRESS},
        "can_golden": may_perform(user, inspection)
        and inspection.inspection_type == InspectionType.PPI
        and status in {InspectionStatus.IN_PROGRESS, InspectionStatus.SUBMITTED},
        "can_review": reviewer and status == InspectionStatus.SUBMITTED,
        "can_decide": reviewer and status == InspectionStatus.SUBMITTED and bool(open_decisions),
        "open_decisions": open_decisions,
        "can_override": can(user, Action.OVERRIDE_VERDICT)
        and status in {InspectionStatus.SUBMITTED, InspectionStatus.REVIEWED}
        and computed in {Verdict.PASS, Verdict.FAIL},
        "cancel_form": CancelForm(),
        "review_form": ReviewForm(),
        "override_form": OverrideForm(
            initial={"verdict": "pass" if inspection.final_verdict == Verdict.FAIL else "fail"}
        ),
        "decide_form": DecideForm(),
        "show_golden": inspection.inspection_type != InspectionType.PPI
        or view.golden_sample is not None,
    }
    context.update(extra)
    return context


def _class_rows(view: selectors.InspectionView) -> list[dict[str, Any]]:
    if view.plan is None:
        return []
    counts = {c.name: c for c in view.verdict.classes} if view.verdict else {}
    return [
        {
            "plan": c,
            "label": presentation.class_label(c.name),
            "count": counts.get(c.name),
        }
        for c in view.plan.classes
    ]


# --------------------------------------------------------------------------- booking


@login_required
def inspection_book(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    require(user, Action.BOOK_INSPECTIONS)
    data = request.POST if request.method == "POST" else None
    number = (data or request.GET).get("order", "").strip()
    order = None
    order_lines: list[Any] = []
    if number:
        try:
            order = selectors.get_bookable_order(user=user, number=number)
        except Http404:
            order = None
        else:
            order_lines = list(
                order.lines.select_related("product", "product__category").order_by("id")
            )
    initial = {"order": number, "planned_date": timezone.localdate()}
    if request.GET.get("type") in InspectionType.values:
        initial["inspection_type"] = request.GET["type"]
    form = BookingForm(
        data, initial=initial, inspectors=selectors.inspectors(), order_lines=order_lines
    )
    defaults = sampling_defaults(order=order, lines=order_lines) if order else None
    if request.method == "POST" and form.is_valid():
        if order is None:
            form.add_error("order", _("No confirmed order with this number; inspections need one."))
        else:
            try:
                inspection = services.inspection_book(
                    order=order,
                    inspection_type=form.cleaned_data["inspection_type"],
                    planned_date=form.cleaned_data["planned_date"],
                    inspector=form.cleaned_data["inspector"],
                    lines=form.chosen_lines() or None,
                    lot_size=form.cleaned_data["lot_size"],
                    level=form.cleaned_data["level"] or None,
                    major_aql=form.cleaned_data["major_aql"] or None,
                    minor_aql=form.cleaned_data["minor_aql"] or None,
                    by=user,
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Inspection %(number)s booked.") % {"number": inspection.report_number},
                )
                return redirect("inspections:inspection_detail", inspection.report_number)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "inspections/inspection_form.html",
        {"form": form, "order": order, "defaults": defaults, "inspection": None},
        status=status,
    )


@login_required
def inspection_edit(request: HttpRequest, report_number: str) -> HttpResponse:
    user = acting_user(request)
    inspection = selectors.get_inspection_for_user(user=user, report_number=report_number)
    require(user, Action.BOOK_INSPECTIONS)
    if inspection.status != InspectionStatus.PLANNED:
        messages.error(request, _("Only a planned inspection can be changed."))
        return redirect("inspections:inspection_detail", inspection.report_number)
    form = InspectionEditForm(
        request.POST if request.method == "POST" else None,
        inspectors=selectors.inspectors(),
        initial={
            "planned_date": inspection.planned_date,
            "inspector": inspection.inspector_id,
            "lot_size": inspection.lot_size,
            "level": inspection.level,
            "major_aql": inspection.major_aql,
            "minor_aql": inspection.minor_aql,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.inspection_update(
                inspection=inspection,
                planned_date=data["planned_date"],
                inspector=data["inspector"],
                unassign=data["inspector"] is None,
                lot_size=data["lot_size"],
                level=data["level"] if data["level"] != inspection.level else None,
                major_aql=data["major_aql"] if data["major_aql"] != inspection.major_aql else None,
                minor_aql=data["minor_aql"] if data["minor_aql"] != inspection.minor_aql else None,
                by=user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Inspection saved."))
            return redirect("inspections:inspection_detail", inspection.report_number)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "inspections/inspection_form.html",
        {"form": form, "order": inspection.order, "inspection": inspection, "defaults": None},
        status=status,
    )


@require_POST
@login_required
def inspection_cancel(request: HttpRequest, report_number: str) -> HttpResponse:
    user = acting_user(request)
    inspection = selectors.get_inspection_for_user(user=user, report_number=report_number)
    require(user, Action.BOOK_INSPECTIONS)
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the inspection is cancelled."))
    else:
        try:
            services.inspection_cancel(
                inspection=inspection, reason=form.cleaned_data["reason"], by=user
            )
        except ValidationError as error:
            messages.error(request, messages_of(error))
        else:
            messages.success(request, _("Inspection cancelled."))
    return redirect("inspections:inspection_detail", inspection.report_number)
