"""Pages of the quality library: the defect library and the versioned checklist templates
(operator roles read; quality managers and admins edit), and the AQL overrides."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sourceproof.accounts.permissions import Action, can, require
from sourceproof.core.http import acting_user
from sourceproof.inspections import selectors, services
from sourceproof.inspections.forms import (
    ChecklistForm,
    CheckpointFormSet,
    DefectTypeFilterForm,
    DefectTypeForm,
)
from sourceproof.inspections.models import ChecklistTemplate
from sourceproof.inspections.views.common import (
    add_errors,
    is_htmx,
    page_of,
    query_without_page,
)

# --------------------------------------------------------------------------- defect types


@login_required
def defect_type_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    form = DefectTypeFilterForm(request.GET or None)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    rows = selectors.defect_type_list(
        user=user,
        q=data.get("q") or "",
        defect_class=data.get("defect_class") or "",
        category=data.get("category") or "",
    )
    page = page_of(request, rows)
    context = {
        "form": form,
        "page": page,
        "rows": list(page.object_list),
        "query": query_without_page(request),
        "can_edit": can(user, Action.EDIT_QUALITY_LIBRARY),
    }
    template = (
        "inspections/defect_type_list.html#results"
        if is_htmx(request)
        else "inspections/defect_type_list.html"
    )
    return render(request, template, context)


@login_required
def defect_type_create(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    require(user, Action.EDIT_QUALITY_LIBRARY)
    form = DefectTypeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            defect_type = services.defect_type_create(
                code=data["code"],
                description_en=data["description_en"],
                description_nl=data["description_nl"],
                description_zh=data["description_zh"],
                defect_class=data["defect_class"],
                category=data["category"],
                by=user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Defect %(code)s added.") % {"code": defect_type.code})
            return redirect("inspections:defect_type_list")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "inspections/defect_type_form.html",
        {"form": form, "defect_type": None, "history": []},
        status=status,
    )


@login_required
def defect_type_edit(request: HttpRequest, code: str) -> HttpResponse:
    user = acting_user(request)
    defect_type = selectors.get_defect_type_for_user(user=user, code=code)
    require(user, Action.EDIT_QUALITY_LIBRARY)
    form = DefectTypeForm(
        request.POST if request.method == "POST" else None,
        editing=True,
        initial={
            "code": defect_type.code,
            "description_en": defect_type.description_en,
            "description_nl": defect_type.description_nl,
            "description_zh": defect_type.description_zh,
            "defect_class": defect_type.defect_class,
            "category": defect_type.category,
            "is_active": defect_type.is_active,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.defect_type_update(
                defect_type=defect_type,
                description_en=data["description_en"],
                description_nl=data["description_nl"],
                description_zh=data["description_zh"],
                defect_class=data["defect_class"],
                category=data["category"],
                is_active=data["is_active"],
                by=user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Defect %(code)s saved.") % {"code": defect_type.code})
            return redirect("inspections:defect_type_list")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "inspections/defect_type_form.html",
        {
            "form": form,
            "defect_type": defect_type,
            "history": selectors.defect_type_history(user=user, defect_type=defect_type),
        },
        status=status,
    )


# --------------------------------------------------------------------------- checklists


@login_required
def checklist_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    return render(
        request,
        "inspections/checklist_list.html",
        {
            "rows": selectors.checklist_overview(user=user),
            "can_edit": can(user, Action.EDIT_QUALITY_LIBRARY),
        },
    )


@login_required
def checklist_category(request: HttpRequest, code: str) -> HttpResponse:
    """Every version of one category's checklist."""
    user = acting_user(request)
    category = selectors.get_category(user=user, code=code)
    return render(
        request,
        "inspections/checklist_versions.html",
        {
            "category": category,
            "versions": list(selectors.checklist_versions(user=user, category=category)),
            "can_edit": can(user, Action.EDIT_QUALITY_LIBRARY),
        },
    )


@login_required
def checklist_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    template = selectors.get_checklist_for_user(user=user, pk=pk)
    return render(
        request,
        "inspections/checklist_detail.html",
        {
            "template": template,
            "checkpoints": selectors.checklist_checkpoints(template=template),
            "history": selectors.checklist_history(user=user, template=template),
            "can_edit": can(user, Action.EDIT_QUALITY_LIBRARY),
        },
    )


def _more_checkpoints(request: HttpRequest) -> QueryDict | None:
    """ "More checkpoints" re-renders the form with three more blank rows (works without JS)."""
    if "more" not in request.POST:
        return None
    data = request.POST.copy()
    try:
        total = int(data.get("checkpoints-TOTAL_FORMS", "0"))
    except ValueError:
        total = 0
    data["checkpoints-TOTAL_FORMS"] = str(min(total + 3, 100))
    return data


@login_required
def checklist_new_version(request: HttpRequest, code: str) -> HttpResponse:
    """A new version of a category's checklist, starting from the current one (or empty)."""
    user = acting_user(request)
    category = selectors.get_category(user=user, code=code)
    require(user, Action.EDIT_QUALITY_LIBRARY)
    base: ChecklistTemplate | None = (
        selectors.checklist_versions(user=user, category=category).filter(is_current=True).first()
    )
    initial_checkpoints = [
        {
            "kind": cp.kind,
            "title": cp.title,
            "title_zh": cp.title_zh,
            "instructions": cp.instructions,
            "test_kind": cp.test_kind,
            "nominal": cp.nominal,
            "tolerance": cp.tolerance,
            "unit": cp.unit,
            "defect_class": cp.defect_class,
            "required_photos": cp.required_photos,
            "level_override": cp.level_override,
        }
        for cp in (selectors.checklist_checkpoints(template=base) if base else [])
    ]
    more = _more_checkpoints(request) if request.method == "POST" else None
    data = more if more is not None else (request.POST if request.method == "POST" else None)
    form = ChecklistForm(
        data, initial={"name": base.name if base else f"{category.name} checklist"}
    )
    formset = CheckpointFormSet(data, initial=initial_checkpoints, prefix="checkpoints")
    if more is None and request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            template = services.checklist_template_create(
                product_category=category,
                name=form.cleaned_data["name"],
                notes=form.cleaned_data["notes"],
                checkpoints=formset.checkpoint_inputs(),
                by=user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("Version %(version)s of the checklist saved; new inspections use it.")
                % {"version": template.version},
            )
            return redirect("inspections:checklist_detail", template.pk)
    status = 400 if request.method == "POST" and more is None else 200
    return render(
        request,
        "inspections/checklist_form.html",
        {"form": form, "formset": formset, "category": category, "base": base},
        status=status,
    )


@login_required
def aql_override_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    return render(
        request,
        "inspections/aql_override_list.html",
        {"rows": list(selectors.aql_override_list(user=user))},
    )
