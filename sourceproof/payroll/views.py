"""Pages of the wage and working-hours analyser and the legal-wage table (operator roles only).

Thin: parse the request, call a selector or a service, render. The results page polls with
htmx while the analysis runs (and refreshes itself with a meta tag without JavaScript), and
swaps the worker chart in place when another worker is picked.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRefresh

from sourceproof.accounts.permissions import Action, can, require
from sourceproof.audits.models import Audit
from sourceproof.audits.selectors import get_audit_for_user
from sourceproof.core.http import acting_user
from sourceproof.facilities.models import Facility
from sourceproof.facilities.selectors import get_facility_for_user
from sourceproof.payroll import charts, selectors, services
from sourceproof.payroll.files import KINDS
from sourceproof.payroll.forms import (
    DraftForm,
    LegalWageFilterForm,
    LegalWageForm,
    RunFilterForm,
    RunForm,
)
from sourceproof.payroll.models import LegalWage, RunStage, RunStatus, WageHoursRun
from sourceproof.wagehours.text import RULE_TITLES

PAGE_SIZE = 50
_STAGES = [RunStage.WAITING, RunStage.READING, RunStage.CHECKING, RunStage.SAVING]


def _page(request: HttpRequest, rows: Any) -> Page[Any]:
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def _query_without(request: HttpRequest, *names: str) -> str:
    query: QueryDict = request.GET.copy()
    for name in ("page", *names):
        query.pop(name, None)
    return query.urlencode()


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _add_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


# --------------------------------------------------------------------------- runs


@login_required
@require_GET
def run_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    require(user, Action.VIEW_WAGE_HOURS_RUNS)
    form = RunFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.RunFilters(
        status=data.get("status") or "",
        facility=data.get("facility") or "",
        audit=data.get("audit") or "",
    )
    page = _page(request, selectors.run_list(user=user, filters=filters))
    context = {
        "form": form,
        "page": page,
        "query": _query_without(request),
        "can_run": can(user, Action.RUN_WAGE_HOURS_ANALYSER),
        "can_see_wages": can(user, Action.VIEW_LEGAL_WAGES),
        "Status": RunStatus,
    }
    if _is_htmx(request):
        return render(request, "payroll/run_list.html#results", context)
    return render(request, "payroll/run_list.html", context)


def _lookup_place(
    user: Any, *, audit_ref: str, facility_code: str
) -> tuple[Audit | None, Facility | None, dict[str, str]]:
    """The audit and facility named on the form (scoped: an unknown one is a field error)."""
    audit: Audit | None = None
    facility: Facility | None = None
    errors: dict[str, str] = {}
    if audit_ref:
        try:
            audit = get_audit_for_user(user=user, reference=audit_ref.strip())
        except Http404:
            errors["audit"] = _("No audit %(ref)s.") % {"ref": audit_ref}
    if facility_code:
        try:
            facility = get_facility_for_user(user=user, code=facility_code.strip())
        except Http404:
            errors["facility"] = _("No facility %(code)s.") % {"code": facility_code}
    return audit, facility, errors


def _preview(
    user: Any,
    *,
    audit_ref: str,
    facility_code: str,
    day: dt.date | None,
    legal_wage: Any,
    overrides: Any,
) -> dict[str, Any]:
    audit, facility, errors = _lookup_place(user, audit_ref=audit_ref, facility_code=facility_code)
    if errors:
        return {"preview_errors": list(errors.values())}
    facility = facility or (audit.facility if audit else None)
    if facility is None:
        return {}
    on = day or (audit and (audit.end_date or audit.start_date)) or timezone.localdate()
    try:
        built = selectors.rules_for_facility(
            facility=facility, on=on, legal_wage=legal_wage, overrides=overrides or {}
        )
    except selectors.RulesUnavailable as exc:
        return {"preview_facility": facility, "preview_day": on, "preview_errors": exc.messages}
    return {
        "preview_facility": facility,
        "preview_day": on,
        "preview_rules": built.mapping,
        "preview_row": built.legal_wage,
    }


def _run_form(request: HttpRequest, *, country: str = "") -> RunForm:
    legal_wages = (
        selectors.legal_wage_choices(country=country) if country else LegalWage.objects.all()
    )
    initial = {k: request.GET.get(k, "") for k in ("audit", "facility")}
    return RunForm(
        request.POST or None,
        request.FILES or None,
        legal_wages=legal_wages.order_by("country", "region", "sector", "-effective_from"),
        initial=initial,
    )


@login_required
def run_create(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    require(user, Action.RUN_WAGE_HOURS_ANALYSER)
    form = _run_form(request)
    if request.method == "GET" and request.GET.get("preview") and _is_htmx(request):
        preview_form = RunForm(request.GET, legal_wages=LegalWage.objects.all())
        preview_form.is_valid()
        data = getattr(preview_form, "cleaned_data", {})
        preview = _preview(
            user,
            audit_ref=request.GET.get("audit", ""),
            facility_code=request.GET.get("facility", ""),
            day=data.get("wage_date"),
            legal_wage=data.get("legal_wage"),
            overrides=data.get("overrides") if "overrides" in data else {},
        )
        if "overrides" in preview_form.errors:
            preview["preview_errors"] = [
                *preview.get("preview_errors", []),
                *preview_form.errors["overrides"],
            ]
        return render(request, "payroll/run_form.html#preview", preview)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        audit, facility, errors = _lookup_place(
            user, audit_ref=data["audit"], facility_code=data["facility"]
        )
        for field, message in errors.items():
            form.add_error(field, message)
        if not errors:
            try:
                run = services.run_create(
                    by=user,
                    workers=data["workers"],
                    time=data["time"],
                    pay=data["pay"],
                    facility=facility,
                    audit=audit,
                    wage_date=data["wage_date"],
                    legal_wage=data["legal_wage"],
                    overrides=data["overrides"],
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                return redirect("payroll:run_detail", pk=run.pk)
    context: dict[str, Any] = {"form": form}
    if request.method == "GET":
        context.update(
            _preview(
                user,
                audit_ref=request.GET.get("audit", ""),
                facility_code=request.GET.get("facility", ""),
                day=None,
                legal_wage=None,
                overrides={},
            )
        )
    return render(
        request,
        "payroll/run_form.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


def _progress_context(run: WageHoursRun) -> dict[str, Any]:
    step = _STAGES.index(RunStage(run.stage)) if run.stage in _STAGES else len(_STAGES)
    return {
        "run": run,
        "stage_label": RunStage(run.stage).label,
        "progress_percent": round(100 * (step + 0.5) / (len(_STAGES) + 1)),
        "Status": RunStatus,
    }


def _worker_context(run: WageHoursRun, worker_id: str) -> dict[str, Any]:
    rules = selectors.rules_from_snapshot(run.rules)
    weeks = selectors.run_worker_weeks(run=run, worker_id=worker_id) if worker_id else []
    return {
        "run": run,
        "worker_id": worker_id,
        "worker_known": worker_id in set(selectors.run_worker_ids(run)),
        "worker_chart": charts.worker_weeks_chart(
            weeks,
            worker_id=worker_id,
            regular_max=float(rules.weekly_regular_hours_max),
            total_max=float(rules.weekly_total_hours_max),
        )
        if worker_id
        else None,
        "worker_weeks": weeks,
        "regular_max": float(rules.weekly_regular_hours_max),
        "total_max": float(rules.weekly_total_hours_max),
    }


def _draft_form(request: HttpRequest, user: Any, run: WageHoursRun) -> DraftForm:
    findings = selectors.run_finding_rules(run)
    audits = selectors.draft_audit_choices(user=user, run=run)
    return DraftForm(
        request.POST if request.method == "POST" else None,
        audits=audits,
        findings=findings,
        initial={"audit": run.audit_id},
    )


def _results_context(request: HttpRequest, user: Any, run: WageHoursRun) -> dict[str, Any]:
    rules = selectors.rules_from_snapshot(run.rules)
    summary = run.summary or {}
    groups = selectors.run_findings_by_rule(run)
    worker_id = (request.GET.get("worker") or "").strip() or selectors.run_default_worker(run)
    can_draft = can(user, Action.DRAFT_WAGE_HOURS_FINDINGS)
    histogram = summary.get("histogram") or {}
    context: dict[str, Any] = {
        "groups": groups,
        "finding_total": sum(g.count for g in groups),
        "summary": summary,
        "rules": rules,
        "not_checked": selectors.run_not_checked(run),
        "histogram_chart": charts.weekly_hours_histogram(
            histogram.get("bins") or [],
            bin_hours=float(histogram.get("bin_hours") or 4),
            regular_max=float(rules.weekly_regular_hours_max),
            total_max=float(rules.weekly_total_hours_max),
            weeks_over_total=int(summary.get("weeks_over_total") or 0),
        ),
        "top_chart": charts.workers_over_limit_chart(
            summary.get("top_workers") or [],
            total_max=float(rules.weekly_total_hours_max),
            regular_max=float(rules.weekly_regular_hours_max),
        ),
        "worker_ids": selectors.run_worker_ids(run),
        "can_draft": can_draft,
        "rule_titles": RULE_TITLES,
    }
    context.update(_worker_context(run, worker_id))
    if can_draft:
        context["draft_form"] = _draft_form(request, user, run)
    return context


@login_required
@require_GET
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    if _is_htmx(request) and request.GET.get("progress"):
        status = selectors.get_run_status_for_user(user=user, pk=pk)
        if status.is_finished:
            return HttpResponseClientRefresh()
        return render(request, "payroll/run_detail.html#progress", _progress_context(status))
    run = selectors.get_run_for_user(user=user, pk=pk)
    if _is_htmx(request) and "worker" in request.GET and run.status == RunStatus.DONE:
        return render(
            request,
            "payroll/run_detail.html#worker",
            _worker_context(run, (request.GET.get("worker") or "").strip()),
        )
    context = {
        **_progress_context(run),
        "can_download": can(user, Action.RUN_WAGE_HOURS_ANALYSER),
        "file_kinds": [(kind, (run.files or {}).get(kind) or {}) for kind in KINDS],
    }
    if run.status == RunStatus.DONE:
        context.update(_results_context(request, user, run))
    return render(request, "payroll/run_detail.html", context)


@login_required
@require_POST
def run_draft(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    require(user, Action.DRAFT_WAGE_HOURS_FINDINGS)
    run = selectors.get_run_for_user(user=user, pk=pk)
    if run.status != RunStatus.DONE:
        messages.error(request, _("Only a finished analysis has findings to draft."))
        return redirect("payroll:run_detail", pk=run.pk)
    form = _draft_form(request, user, run)
    if form.is_valid():
        try:
            created = services.run_findings_draft(
                run=run,
                audit=form.cleaned_data["audit"],
                positions=form.cleaned_data["picked"],
                severity=form.cleaned_data["severity"],
                by=user,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(count)s draft findings added to %(audit)s. Review and confirm them there.")
                % {"count": len(created), "audit": form.cleaned_data["audit"].reference},
            )
            return redirect("payroll:run_detail", pk=run.pk)
    context = {
        **_progress_context(run),
        "can_download": can(user, Action.RUN_WAGE_HOURS_ANALYSER),
        "file_kinds": [(kind, (run.files or {}).get(kind) or {}) for kind in KINDS],
        **_results_context(request, user, run),
        "draft_form": form,
    }
    return render(request, "payroll/run_detail.html", context, status=400)


_CONTENT_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@login_required
@require_GET
def run_file(request: HttpRequest, pk: int, kind: str) -> FileResponse:
    """One of the run's stored files, to the roles that may upload them (personal data)."""
    user = acting_user(request)
    require(user, Action.RUN_WAGE_HOURS_ANALYSER)
    if kind not in KINDS:
        raise Http404("Not found.")
    run = selectors.get_run_for_user(user=user, pk=pk)
    field_file = getattr(run, f"{kind}_file")
    meta = (run.files or {}).get(kind) or {}
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Not found.") from exc
    return FileResponse(
        handle,
        content_type=_CONTENT_TYPES.get(str(meta.get("format")), "application/octet-stream"),
        filename=str(meta.get("name") or f"{kind}.{meta.get('format', 'csv')}"),
        as_attachment=True,
        headers={"Cache-Control": "private, no-store"},
    )


# --------------------------------------------------------------------------- legal wages


@login_required
@require_GET
def legal_wage_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    require(user, Action.VIEW_LEGAL_WAGES)
    form = LegalWageFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.LegalWageFilters(
        country=data.get("country") or "", q=data.get("q") or "", on=data.get("on")
    )
    context = {
        "form": form,
        "page": _page(request, selectors.legal_wage_list(user=user, filters=filters)),
        "query": _query_without(request),
        "can_edit": can(user, Action.EDIT_LEGAL_WAGES),
    }
    if _is_htmx(request):
        return render(request, "payroll/legal_wage_list.html#results", context)
    return render(request, "payroll/legal_wage_list.html", context)


@login_required
@require_GET
def legal_wage_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    row = selectors.get_legal_wage_for_user(user=user, pk=pk)
    return render(
        request,
        "payroll/legal_wage_detail.html",
        {
            "row": row,
            "rules": selectors.rules_mapping_for(row),
            "history": selectors.legal_wage_history(user=user, legal_wage=row),
            "can_edit": can(user, Action.EDIT_LEGAL_WAGES),
        },
    )


def _form_values(form: LegalWageForm) -> dict[str, Any]:
    return {name: form.cleaned_data.get(name) for name in LegalWageForm.Meta.fields}


@login_required
def legal_wage_create(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    require(user, Action.EDIT_LEGAL_WAGES)
    form = LegalWageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            row = services.legal_wage_create(by=user, **_form_values(form))
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Legal wage saved."))
            return redirect("payroll:legal_wage_detail", pk=row.pk)
    return render(
        request,
        "payroll/legal_wage_form.html",
        {"form": form, "row": None},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def legal_wage_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    require(user, Action.EDIT_LEGAL_WAGES)
    row = selectors.get_legal_wage_for_user(user=user, pk=pk)
    form = LegalWageForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        try:
            services.legal_wage_update(legal_wage=row, by=user, **_form_values(form))
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Legal wage saved."))
            return redirect("payroll:legal_wage_detail", pk=row.pk)
    return render(
        request,
        "payroll/legal_wage_form.html",
        {"form": form, "row": row},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def legal_wage_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    require(user, Action.EDIT_LEGAL_WAGES)
    row = selectors.get_legal_wage_for_user(user=user, pk=pk)
    services.legal_wage_delete(legal_wage=row, by=user)
    messages.success(request, _("Legal wage deleted."))
    return redirect("payroll:legal_wage_list")
