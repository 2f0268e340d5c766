"""Pages of the facility import, export and duplicate review (operator staff; others 404)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRefresh
from django_htmx.middleware import HtmxDetails

from sourceproof.accounts.permissions import Action, require
from sourceproof.core.http import acting_user
from sourceproof.facilities import exporting
from sourceproof.facilities import selectors as registry
from sourceproof.facilities.forms import FacilityFilterForm
from sourceproof.facilities.importing import selectors, services
from sourceproof.facilities.importing.columns import TEMPLATE_COLUMNS
from sourceproof.facilities.importing.forms import DuplicateReviewForm, FacilityImportForm
from sourceproof.facilities.models import FacilityImport, ImportStatus

PER_PAGE = 50


class HtmxHttpRequest(HttpRequest):
    """A request that passed django-htmx's middleware (for the type checker)."""

    htmx: HtmxDetails


def _page(request: HttpRequest, items: QuerySet[Any]) -> Page[Any]:
    return Paginator(items, PER_PAGE).get_page(request.GET.get("page"))


def _upload_form(request: HttpRequest, user: Any, **kwargs: Any) -> FacilityImportForm:
    return FacilityImportForm(
        request.POST or None,
        request.FILES or None,
        suppliers=selectors.import_suppliers(user=user),
        **kwargs,
    )


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    require(user, Action.IMPORT_FACILITIES)
    form = _upload_form(request, user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            facility_import = services.facility_import_upload(
                data=upload.read(),
                original_name=upload.name or "",
                by=user,
                supplier=form.cleaned_data["supplier"],
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            return redirect("facility_data:import_detail", pk=facility_import.pk)
    return render(
        request,
        "facilities/import_upload.html",
        {"form": form, "columns": TEMPLATE_COLUMNS},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    require(acting_user(request), Action.IMPORT_FACILITIES)
    response = HttpResponse(
        "".join(exporting.export_csv([list(TEMPLATE_COLUMNS)])),
        content_type=exporting.CONTENT_TYPES["csv"],
    )
    response["Content-Disposition"] = 'attachment; filename="facility-import-template.csv"'
    return response


@login_required
def import_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    facility_import = selectors.get_facility_import_for_user(user=user, pk=pk)
    pending = facility_import.status == ImportStatus.PENDING
    if request.htmx and request.GET.get("progress"):
        if not pending:
            return HttpResponseClientRefresh()
        return render(
            request,
            "facilities/import_detail.html#progress",
            _detail_context(facility_import),
        )
    context = _detail_context(facility_import)
    if facility_import.status == ImportStatus.INVALID:
        context["form"] = _upload_form(
            request,
            user,
            initial={"supplier": facility_import.report.get("supplier_number") or None},
        )
    return render(request, "facilities/import_detail.html", context)


def _detail_context(facility_import: FacilityImport) -> dict[str, Any]:
    report = facility_import.report or {}
    counts = report.get("counts", {})
    progress = report.get("progress", {})
    total = progress.get("total") or 0
    done = progress.get("done") or 0
    return {
        "facility_import": facility_import,
        "report": report,
        "counts": counts,
        "result": report.get("result"),
        "errors": report.get("errors", []),
        "warnings": report.get("warnings", []),
        "updates": report.get("updates", []),
        "changes": [
            {
                "row": update["row"],
                "facility": update["facility"],
                "field": name,
                "old": _shown(old),
                "new": _shown(new),
            }
            for update in report.get("updates", [])
            for name, (old, new) in update["changes"].items()
        ],
        "duplicates": report.get("duplicates", []),
        "mapped": report.get("columns", {}).get("mapped", {}),
        "ignored": report.get("columns", {}).get("ignored", []),
        "more_errors": max(counts.get("errors", 0) - len(report.get("errors", [])), 0),
        "more_warnings": max(counts.get("warnings", 0) - len(report.get("warnings", [])), 0),
        "progress_percent": round(100 * done / total) if total else 0,
        "progress_done": done,
        "progress_total": total,
        "Status": ImportStatus,
    }


def _shown(value: Any) -> str:
    """A changed value as a person reads it: lists joined, nothing as empty."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


@login_required
@require_POST
def import_apply(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    facility_import = selectors.get_facility_import_for_user(user=user, pk=pk)
    try:
        result = services.facility_import_apply(facility_import=facility_import, by=user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if result.applied:
            messages.success(request, _("The import is applied."))
        else:
            messages.error(request, result.message)
    return redirect("facility_data:import_detail", pk=facility_import.pk)


@login_required
def import_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    page = _page(request, selectors.facility_import_list(user=user))
    return render(request, "facilities/import_list.html", {"page": page, "Status": ImportStatus})


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponseBase:
    user = acting_user(request)
    require(user, Action.EXPORT_FACILITIES)
    fmt = request.GET.get("format", "csv")
    if fmt not in exporting.FORMATS:
        return HttpResponse(_("Unknown format: use csv or xlsx."), status=400)
    form = FacilityFilterForm(
        request.GET or None,
        show_supplier=registry.can_see_suppliers(user),
        categories=registry.product_categories(),
    )
    search, filters = form.search_and_filters()
    facilities = exporting.facility_export_queryset(user=user, search=search, filters=filters)
    rows = exporting.facility_export_rows(facilities)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    filename = f"facilities-{stamp}.{fmt}"
    response: HttpResponse | StreamingHttpResponse
    if fmt == "xlsx":
        response = HttpResponse(
            exporting.export_xlsx(rows), content_type=exporting.CONTENT_TYPES[fmt]
        )
    else:
        response = StreamingHttpResponse(
            exporting.export_csv(rows), content_type=exporting.CONTENT_TYPES[fmt]
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def duplicate_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    page = _page(request, selectors.possible_duplicate_list(user=user))
    return render(request, "facilities/data_duplicate_list.html", {"page": page})


@login_required
@require_POST
def duplicate_review(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    duplicate = selectors.get_possible_duplicate_for_user(user=user, pk=pk)
    form = DuplicateReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose “not a duplicate” or “duplicate”."))
        return redirect("facility_data:duplicate_list")
    services.possible_duplicate_review(
        duplicate=duplicate, status=form.cleaned_data["status"], by=user
    )
    messages.success(request, _("The review is recorded."))
    return redirect("facility_data:duplicate_list")
