"""Pages of the facility registry: suppliers, facilities, certificates and country risk.

Thin: parse the request, call a selector or service, render. Every read goes through a scoped
selector, so a row outside the user's scope is a 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from sourceproof.accounts.permissions import Action, can, require
from sourceproof.core.http import acting_user
from sourceproof.facilities import selectors, services
from sourceproof.facilities.forms import (
    CertificateFilterForm,
    CertificateForm,
    CountryRiskFilterForm,
    CountryRiskForm,
    FacilityFilterForm,
    FacilityForm,
    SupplierFilterForm,
    SupplierForm,
    SuspendForm,
)
from sourceproof.facilities.models import Supplier
from sourceproof.portal.selectors import supplier_name_visible

PAGE_SIZE = 50


def _page(request: HttpRequest, rows: Any) -> Page[Any]:
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def _query_without_page(request: HttpRequest) -> str:
    query: QueryDict = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _htmx_target(request: HttpRequest) -> str | None:
    """The id of the element an htmx request will swap (None for a plain request)."""
    htmx = getattr(request, "htmx", None)
    return htmx.target if htmx else None


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _add_errors(form: Any, error: ValidationError) -> None:
    """Put a service's ValidationError on the form (fields the form lacks go to the top)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _optional_url(name: str) -> str | None:
    """A URL of the import/export pages (another part of the app), if it is there."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def _export_urls(query: str) -> dict[str, str]:
    """The registry export (built with the import pages) in CSV and XLSX, once its URL exists.

    The list's filters go along, for an export that wants to honour them.
    """
    try:
        url = reverse("facility_data:export")
    except NoReverseMatch:
        return {}
    extra = f"&{query}" if query else ""
    return {fmt: f"{url}?format={fmt}{extra}" for fmt in ("csv", "xlsx")}


# --- suppliers ----------------------------------------------------------------------------


@login_required
def supplier_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    form = SupplierFilterForm(request.GET or None)
    suppliers = selectors.supplier_list(user=user, **form.filters())
    page = _page(request, suppliers)
    context = {
        "form": form,
        "page": page,
        "query": _query_without_page(request),
        "can_edit": can(user, Action.EDIT_REGISTRY),
    }
    if _htmx_target(request) == "supplier-results":
        return render(request, "facilities/supplier_list.html#results", context)
    return render(request, "facilities/supplier_list.html", context)


@login_required
def supplier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    supplier = selectors.get_supplier_for_user(user=user, pk=pk)
    facilities = selectors.supplier_facilities(user=user, supplier=supplier)
    context = {
        "supplier": supplier,
        "rows": selectors.facility_rows(facilities),
        "history": selectors.supplier_history(user=user, supplier=supplier),
        "can_edit": can(user, Action.EDIT_REGISTRY),
        "can_view_history": can(user, Action.VIEW_HISTORY),
    }
    return render(request, "facilities/supplier_detail.html", context)


@login_required
def supplier_create(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    require(user, Action.EDIT_REGISTRY)
    form = SupplierForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            supplier = services.supplier_create(by=user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The supplier is added."))
            return redirect("facilities:supplier_detail", pk=supplier.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "facilities/supplier_form.html",
        {"form": form, "supplier": None},
        status=status,
    )


@login_required
def supplier_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    require(user, Action.EDIT_REGISTRY)
    supplier = selectors.get_supplier_for_user(user=user, pk=pk)
    form = SupplierForm(request.POST or None, instance=Supplier.objects.get(pk=supplier.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.supplier_update(supplier=supplier, by=user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The supplier is saved."))
            return redirect("facilities:supplier_detail", pk=supplier.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "facilities/supplier_form.html",
        {"form": form, "supplier": supplier},
        status=status,
    )


# --- facilities ---------------------------------------------------------------------------


@login_required
def facility_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    require(user, Action.VIEW_REGISTRY)
    policy = selectors.current_policy()
    # The supplier column and its search field: for operators and suppliers, and for customer
    # users only when the operator shares supplier names with them (docs/portal.md); a
    # customer who may not see names cannot search by one either.
    show_supplier_link = selectors.can_see_suppliers(user)
    show_supplier = show_supplier_link or supplier_name_visible(user=user)
    form = FacilityFilterForm(
        request.GET or None,
        show_supplier=show_supplier,
        categories=selectors.product_categories(),
        warning_days=policy.warning_days,
    )
    search, filters = form.search_and_filters()
    # Page through the facilities' keys only, then load and annotate the page's 50 rows: the
    # last page no longer computes the SMETA and country-risk columns of every row it skips.
    keys = selectors.facility_keys(user=user, search=search, filters=filters)
    page = _page(request, keys)
    query = _query_without_page(request)
    context = {
        "form": form,
        "page": page,
        "rows": selectors.facility_rows(selectors.facility_page(keys=list(page.object_list))),
        "query": query,
        "export_urls": _export_urls(query) if can(user, Action.EXPORT_FACILITIES) else {},
        "import_url": (
            _optional_url("facility_data:import") if can(user, Action.IMPORT_FACILITIES) else None
        ),
        "can_edit": can(user, Action.EDIT_REGISTRY),
        "show_supplier": show_supplier,
        "show_supplier_link": show_supplier_link,
        "show_country_risk": selectors.can_read_country_risk(user),
        "policy": policy,
    }
    if _htmx_target(request) == "facility-results":
        return render(request, "facilities/facility_list.html#results", context)
    return render(request, "facilities/facility_list.html", context)


@login_required
def facility_detail(request: HttpRequest, code: str) -> HttpResponse:
    user = acting_user(request)
    facility = selectors.get_facility_for_user(user=user, code=code)
    policy = selectors.current_policy()
    context = {
        "facility": facility,
        "certificates": selectors.facility_certificates(facility, policy),
        "smeta": selectors.facility_smeta(facility, policy),
        "country_risk": selectors.facility_country_risk(facility),
        "history": selectors.facility_history(user=user, facility=facility),
        "policy": policy,
        "can_edit": can(user, Action.EDIT_REGISTRY),
        "can_suspend": can(user, Action.SUSPEND_FACILITY),
        "can_view_history": can(user, Action.VIEW_HISTORY),
        "show_supplier_link": selectors.can_see_suppliers(user),
    }
    return render(request, "facilities/facility_detail.html", context)


@login_required
def facility_create(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    require(user, Action.EDIT_REGISTRY)
    initial = {}
    if request.GET.get("supplier", "").isdigit():
        initial["supplier"] = int(request.GET["supplier"])
    form = FacilityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            facility = services.facility_create(
                by=user,
                product_categories=form.cleaned_data["product_categories"],
                **form.service_fields(),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request, _("The facility is added as %(code)s.") % {"code": facility.code}
            )
            return redirect("facilities:facility_detail", code=facility.code)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "facilities/facility_form.html", {"form": form, "facility": None}, status=status
    )


@login_required
def facility_edit(request: HttpRequest, code: str) -> HttpResponse:
    user = acting_user(request)
    require(user, Action.EDIT_REGISTRY)
    facility = selectors.get_facility_for_user(user=user, code=code)
    form = FacilityForm(request.POST or None, instance=facility)
    if request.method == "POST" and form.is_valid():
        # The form has written its values on the instance; the service compares with the
        # stored row, so it works on a fresh copy.
        stored = selectors.get_facility_for_user(user=user, code=code)
        try:
            services.facility_update(
                facility=stored,
                by=user,
                product_categories=form.cleaned_data["product_categories"],
                **form.service_fields(),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The facility is saved."))
            return redirect("facilities:facility_detail", code=stored.code)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "facilities/facility_form.html",
        {"form": form, "facility": facility},
        status=status,
    )


def _suspension(request: HttpRequest, code: str, *, suspend: bool) -> HttpResponse:
    user = acting_user(request)
    require(user, Action.SUSPEND_FACILITY)
    facility = selectors.get_facility_for_user(user=user, code=code)
    if facility.is_suspended == suspend:
        return redirect("facilities:facility_detail", code=facility.code)
    form = SuspendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        service = services.facility_suspend if suspend else services.facility_unsuspend
        try:
            service(facility=facility, by=user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                _("The facility is suspended.") if suspend else _("The suspension is lifted."),
            )
            return redirect("facilities:facility_detail", code=facility.code)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "facilities/facility_suspend.html",
        {"form": form, "facility": facility, "suspend": suspend},
        status=status,
    )


@login_required
def facility_suspend(request: HttpRequest, code: str) -> HttpResponse:
    return _suspension(request, code, suspend=True)


@login_required
def facility_unsuspend(request: HttpRequest, code: str) -> HttpResponse:
    return _suspension(request, code, suspend=False)


# --- certificates -------------------------------------------------------------------------


@login_required
def certificate_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    require(user, Action.VIEW_REGISTRY)
    policy = selectors.current_policy()
    form = CertificateFilterForm(request.GET or None, warning_days=policy.warning_days)
    page = _page(request, selectors.certificate_list(user=user, **form.filters()))
    context = {
        "form": form,
        "page": page,
        "rows": selectors.certificate_rows(page.object_list, policy),
        "query": _query_without_page(request),
        "policy": policy,
    }
    if _htmx_target(request) == "certificate-results":
        return render(request, "facilities/certificate_list.html#results", context)
    return render(request, "facilities/certificate_list.html", context)


@login_required
def certificate_create(request: HttpRequest, code: str) -> HttpResponse:
    user = acting_user(request)
    require(user, Action.EDIT_REGISTRY)
    facility = selectors.get_facility_for_user(user=user, code=code)
    form = CertificateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.certificate_create(
                facility=facility,
                by=user,
                document=form.cleaned_data.get("document") or None,
                **form.service_fields(),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The certificate is added."))
            return redirect("facilities:facility_detail", code=facility.code)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "facilities/certificate_form.html",
        {"form": form, "facility": facility, "certificate": None},
        status=status,
    )


@login_required
def certificate_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    require(user, Action.EDIT_REGISTRY)
    certificate = selectors.get_certificate_for_user(user=user, pk=pk)
    form = CertificateForm(request.POST or None, request.FILES or None, instance=certificate)
    if request.method == "POST" and form.is_valid():
        stored = selectors.get_certificate_for_user(user=user, pk=pk)
        try:
            services.certificate_update(
                certificate=stored,
                by=user,
                document=form.cleaned_data.get("document") or None,
                **form.service_fields(),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The certificate is saved."))
            return redirect("facilities:facility_detail", code=stored.facility.code)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "facilities/certificate_form.html",
        {"form": form, "facility": certificate.facility, "certificate": certificate},
        status=status,
    )


@login_required
def certificate_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    require(user, Action.EDIT_REGISTRY)
    certificate = selectors.get_certificate_for_user(user=user, pk=pk)
    facility = certificate.facility
    if request.method == "POST":
        services.certificate_delete(certificate=certificate, by=user)
        messages.success(request, _("The certificate is deleted."))
        return redirect("facilities:facility_detail", code=facility.code)
    return render(
        request,
        "facilities/certificate_delete.html",
        {"certificate": certificate, "facility": facility},
    )


@login_required
def certificate_document(request: HttpRequest, pk: int) -> FileResponse:
    """Serve a certificate's document to whoever may see the certificate (never a public URL)."""
    document = selectors.certificate_document_for_user(user=acting_user(request), pk=pk)
    return FileResponse(
        document.file,
        content_type=document.content_type,
        filename=document.filename,
        headers={"Cache-Control": "private, no-store"},
    )


# --- country risk -------------------------------------------------------------------------


@login_required
def country_risk_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    form = CountryRiskFilterForm(request.GET or None)
    page = _page(request, selectors.country_risk_list(user=user, **form.filters()))
    context = {
        "form": form,
        "page": page,
        "query": _query_without_page(request),
        "can_edit": can(user, Action.EDIT_COUNTRY_RISK),
    }
    if _htmx_target(request) == "country-risk-results":
        return render(request, "facilities/country_risk_list.html#results", context)
    return render(request, "facilities/country_risk_list.html", context)


@login_required
def country_risk_edit(request: HttpRequest, country: str) -> HttpResponse:
    """Edit one row: inline with htmx (the row swaps to a form and back), a page without."""
    user = acting_user(request)
    risk = selectors.get_country_risk_for_user(user=user, country=country)
    require(user, Action.EDIT_COUNTRY_RISK)
    # Its own ids: inline, the form sits on a page whose filter form has a risk_class field too.
    form = CountryRiskForm(request.POST or None, instance=risk, auto_id="edit_%s")
    if request.method == "POST" and form.is_valid():
        stored = selectors.get_country_risk_for_user(user=user, country=country)
        try:
            risk = services.country_risk_update(
                country_risk=stored,
                by=user,
                risk_class=form.cleaned_data["risk_class"],
                source=form.cleaned_data["source"],
                year=form.cleaned_data["year"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            if _is_htmx(request):
                return render(
                    request,
                    "facilities/country_risk_list.html#row",
                    {"risk": risk, "can_edit": True},
                )
            messages.success(request, _("The country risk is saved."))
            return redirect("facilities:country_risk_list")
    status = 400 if request.method == "POST" and not _is_htmx(request) else 200
    template = (
        "facilities/country_risk_list.html#edit-row"
        if _is_htmx(request)
        else "facilities/country_risk_edit.html"
    )
    return render(request, template, {"risk": risk, "form": form}, status=status)


@login_required
def country_risk_row(request: HttpRequest, country: str) -> HttpResponse:
    """One row of the table, read-only (htmx: cancel an inline edit)."""
    user = acting_user(request)
    risk = selectors.get_country_risk_for_user(user=user, country=country)
    return render(
        request,
        "facilities/country_risk_list.html#row",
        {"risk": risk, "can_edit": can(user, Action.EDIT_COUNTRY_RISK)},
    )
