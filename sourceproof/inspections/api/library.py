"""The quality library in the API: defect types, checklist templates, AQL overrides and
sampling streams."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Status

from sourceproof.accounts.models import Organisation, OrganisationKind
from sourceproof.accounts.permissions import Action, require
from sourceproof.core.http import acting_user
from sourceproof.core.paging import api_page
from sourceproof.inspections import selectors, services
from sourceproof.inspections.api import router
from sourceproof.inspections.api.schemas import (
    AqlOverrideIn,
    AqlOverrideOut,
    DefectTypeIn,
    DefectTypeOut,
    DefectTypePage,
    DefectTypePatch,
    ErrorOut,
    ResumeIn,
    StreamOut,
    StreamPage,
    TemplateCheckpointOut,
    TemplateDetailOut,
    TemplateIn,
    TemplateOut,
    bad_request,
    error_out,
)
from sourceproof.inspections.models import (
    AqlOverride,
    ChecklistTemplate,
    DefectCategory,
    DefectClass,
    DefectType,
    SamplingStream,
    StreamSeverity,
)
from sourceproof.orders.models import Product


def _defect_type_out(t: DefectType) -> DefectTypeOut:
    return DefectTypeOut(
        code=t.code,
        description_en=t.description_en,
        description_nl=t.description_nl,
        description_zh=t.description_zh,
        defect_class=DefectClass(t.defect_class),
        category=DefectCategory(t.category),
        is_active=t.is_active,
    )


def _template_out(t: ChecklistTemplate) -> dict[str, Any]:
    return {
        "id": t.pk,
        "category": t.product_category.code,
        "version": t.version,
        "name": t.name,
        "notes": t.notes,
        "is_current": t.is_current,
        "created_at": t.created_at,
    }


def _stream_out(s: SamplingStream) -> StreamOut:
    return StreamOut(
        id=s.pk,
        facility=s.facility.code,
        facility_name=s.facility.name,
        product_category=s.product_category.code,
        severity=StreamSeverity(s.severity),
        lots=s.lots,
        state=s.state or {},
        discontinued_at=s.discontinued_at,
    )


def _aql_override_out(o: AqlOverride) -> AqlOverrideOut:
    return AqlOverrideOut(
        id=o.pk,
        customer=o.customer.code if o.customer else None,
        product=f"{o.product.customer.code}/{o.product.sku}" if o.product else None,
        major_aql=o.major_aql,
        minor_aql=o.minor_aql,
        level=o.level,
        note=o.note,
    )


# --------------------------------------------------------------------------- the library
# (before /{report_number} so that these paths are not read as report numbers)


@router.get("/defect-types", response=DefectTypePage, summary="The defect library")
def list_defect_types(
    request: HttpRequest,
    q: str = "",
    defect_class: DefectClass | None = None,
    category: DefectCategory | None = None,
    page: int = 1,
) -> dict[str, Any]:
    user = acting_user(request)
    rows = selectors.defect_type_list(
        user=user, q=q, defect_class=defect_class or "", category=category or ""
    )
    count, number, pages, items = api_page(rows, page)
    return {
        "count": count,
        "page": number,
        "pages": pages,
        "items": [_defect_type_out(t) for t in items],
    }


@router.post(
    "/defect-types", response={201: DefectTypeOut, 400: ErrorOut}, summary="Add a defect type"
)
def create_defect_type(request: HttpRequest, payload: DefectTypeIn) -> Status[Any]:
    user = acting_user(request)
    require(user, Action.EDIT_QUALITY_LIBRARY)
    try:
        created = services.defect_type_create(by=user, **payload.dict())
    except ValidationError as error:
        return Status(400, error_out(error))
    return Status(201, _defect_type_out(created))


@router.patch(
    "/defect-types/{code}",
    response={200: DefectTypeOut, 400: ErrorOut},
    summary="Edit a defect type",
)
def update_defect_type(request: HttpRequest, code: str, payload: DefectTypePatch) -> Status[Any]:
    user = acting_user(request)
    found = selectors.get_defect_type_for_user(user=user, code=code)
    require(user, Action.EDIT_QUALITY_LIBRARY)
    try:
        services.defect_type_update(defect_type=found, by=user, **payload.dict(exclude_unset=True))
    except ValidationError as error:
        return Status(400, error_out(error))
    return Status(200, _defect_type_out(found))


@router.get(
    "/checklist-templates",
    response=list[TemplateOut],
    summary="Checklist versions (current ones, or every version of one category)",
)
def list_templates(request: HttpRequest, category: str = "") -> list[dict[str, Any]]:
    user = acting_user(request)
    if category:
        found = selectors.get_category(user=user, code=category)
        rows = list(selectors.checklist_versions(user=user, category=found))
    else:
        rows = [r.current for r in selectors.checklist_overview(user=user) if r.current]
    return [_template_out(t) for t in rows]


@router.get(
    "/checklist-templates/{pk}", response=TemplateDetailOut, summary="One checklist version"
)
def get_template(request: HttpRequest, pk: int) -> TemplateDetailOut:
    user = acting_user(request)
    template = selectors.get_checklist_for_user(user=user, pk=pk)
    return TemplateDetailOut(
        **_template_out(template),
        checkpoints=[
            TemplateCheckpointOut(
                position=c.position,
                kind=c.kind,
                title=c.title,
                title_zh=c.title_zh,
                instructions=c.instructions,
                test_kind=c.test_kind,
                nominal=c.nominal,
                tolerance=c.tolerance,
                unit=c.unit,
                defect_class=c.defect_class,
                required_photos=c.required_photos,
                level_override=c.level_override,
            )
            for c in selectors.checklist_checkpoints(template=template)
        ],
    )


@router.post(
    "/checklist-templates",
    response={201: TemplateDetailOut, 400: ErrorOut},
    summary="A new version of a category's checklist",
)
def create_template(request: HttpRequest, payload: TemplateIn) -> Status[Any]:
    user = acting_user(request)
    category = selectors.get_category(user=user, code=payload.category)
    require(user, Action.EDIT_QUALITY_LIBRARY)
    try:
        template = services.checklist_template_create(
            product_category=category,
            name=payload.name,
            notes=payload.notes,
            checkpoints=[services.CheckpointInput(**c.dict()) for c in payload.checkpoints],
            by=user,
        )
    except ValidationError as error:
        return Status(400, error_out(error))
    return Status(201, get_template(request, template.pk))


@router.get("/aql-overrides", response=list[AqlOverrideOut], summary="AQL overrides")
def list_aql_overrides(request: HttpRequest) -> list[AqlOverrideOut]:
    user = acting_user(request)
    return [_aql_override_out(o) for o in selectors.aql_override_list(user=user)]


@router.post(
    "/aql-overrides",
    response={200: AqlOverrideOut, 400: ErrorOut},
    summary="Set the AQL override of a customer or of one of its products",
)
def set_aql_override(request: HttpRequest, payload: AqlOverrideIn) -> Status[Any]:
    user = acting_user(request)
    require(user, Action.EDIT_QUALITY_LIBRARY)
    customer = Organisation.objects.filter(
        code=payload.customer, kind=OrganisationKind.CUSTOMER
    ).first()
    if customer is None:
        return bad_request(f"No customer {payload.customer!r}.", "customer")
    product = None
    if payload.sku:
        product = Product.objects.filter(customer=customer, sku=payload.sku).first()
        if product is None:
            return bad_request(f"{customer.name} has no product {payload.sku!r}.", "sku")
    try:
        override = services.aql_override_set(
            customer=None if product else customer,
            product=product,
            major_aql=payload.major_aql,
            minor_aql=payload.minor_aql,
            level=payload.level or "",
            note=payload.note,
            by=user,
        )
    except ValidationError as error:
        return Status(400, error_out(error))
    return Status(200, _aql_override_out(override))


@router.get("/streams", response=StreamPage, summary="Sampling streams (facility x category)")
def list_streams(
    request: HttpRequest, severity: StreamSeverity | None = None, page: int = 1
) -> dict[str, Any]:
    user = acting_user(request)
    rows = selectors.stream_list(user=user, severity=severity or "")
    count, number, pages, items = api_page(rows, page)
    return {
        "count": count,
        "page": number,
        "pages": pages,
        "items": [_stream_out(s) for s in items],
    }


@router.get("/streams/{pk}", response=StreamOut, summary="One sampling stream")
def get_stream(request: HttpRequest, pk: int) -> StreamOut:
    user = acting_user(request)
    return _stream_out(selectors.get_stream_for_user(user=user, pk=pk))


@router.post(
    "/streams/{pk}/resume",
    response={200: StreamOut, 400: ErrorOut},
    summary="Record the supplier's corrective action and resume on tightened inspection",
)
def resume_stream(request: HttpRequest, pk: int, payload: ResumeIn) -> Status[Any]:
    user = acting_user(request)
    stream = selectors.get_stream_for_user(user=user, pk=pk)
    require(user, Action.RESUME_STREAM)
    try:
        services.stream_resume(
            stream=stream,
            corrective_action=payload.corrective_action,
            reference=payload.reference,
            by=user,
        )
    except ValidationError as error:
        return Status(400, error_out(error))
    return Status(200, _stream_out(selectors.get_stream_for_user(user=user, pk=pk)))
