"""The registry API at /api/v1/: suppliers, facilities, certificates and country risk.

Same selectors and services as the pages: a row outside the caller's scope is a 404, and so is
a write the caller's role may not make. A bad payload is a 422 (schema validation); a service's
ValidationError is a 400 with the messages per field.

No `from __future__ import annotations` here: ninja reads the parameter annotations of the
paginated endpoints at run time.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest
from django.urls import reverse
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from sourceproof.accounts.permissions import Action, require
from sourceproof.core.http import acting_user
from sourceproof.facilities import selectors, services
from sourceproof.facilities.models import (
    Certificate,
    CertificateScheme,
    Facility,
    ProductCategory,
    Supplier,
)
from sourceproof.portal.selectors import supplier_name_visible

router = Router(tags=["facilities"])

PAGE_SIZE = 50
COUNTRY = r"^[A-Z]{2}$"


# --- schemas ------------------------------------------------------------------------------


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


class SupplierOut(Schema):
    id: int
    supplier_number: str
    legal_name: str
    country: str
    sedex_zc: str
    contact_name: str
    contact_email: str
    contact_phone: str
    address: str
    is_active: bool
    organisation_code: str = Field(..., alias="organisation.code")


class SupplierIn(Schema):
    legal_name: str = Field(..., min_length=1, max_length=200)
    supplier_number: str = Field(..., min_length=1, max_length=30)
    country: str = Field(..., pattern=COUNTRY, description="ISO 3166-1 alpha-2, e.g. CN.")
    sedex_zc: str = Field("", max_length=14)
    contact_name: str = Field("", max_length=200)
    contact_email: str = Field("", max_length=254)
    contact_phone: str = Field("", max_length=40)
    address: str = ""
    is_active: bool = True


class SupplierPatch(Schema):
    legal_name: str | None = Field(None, min_length=1, max_length=200)
    supplier_number: str | None = Field(None, min_length=1, max_length=30)
    country: str | None = Field(None, pattern=COUNTRY)
    sedex_zc: str | None = Field(None, max_length=14)
    contact_name: str | None = Field(None, max_length=200)
    contact_email: str | None = Field(None, max_length=254)
    contact_phone: str | None = Field(None, max_length=40)
    address: str | None = None
    is_active: bool | None = None


def _supplier_visible(context: Any) -> bool:
    """Whether the caller may read supplier names (portal sharing setting; no request: no)."""
    request = (context or {}).get("request")
    return request is not None and supplier_name_visible(user=request.user)


class FacilityOut(Schema):
    code: str
    name: str
    supplier_id: int | None = Field(
        None, description="null for a customer user the operator shares no supplier names with."
    )
    supplier: str | None = Field(
        None,
        description="The supplier's legal name; null for a customer user the operator shares "
        "no supplier names with.",
    )
    address: str
    city: str
    region: str
    postal_code: str
    country: str
    latitude: Decimal | None
    longitude: Decimal | None
    os_id: str
    sedex_zs: str
    amfori_id: str
    product_categories: list[str]
    worker_count: int | None
    is_suspended: bool
    suspension_reason: str
    smeta_4p: str = Field(
        ...,
        alias="smeta_status",
        description="valid, expiring, too_old (audit past the policy's age), expired or missing.",
    )
    smeta_4p_valid_until: dt.date | None = Field(None, alias="smeta_until")

    @staticmethod
    def resolve_supplier_id(obj: Facility, context: Any) -> int | None:
        return obj.supplier_id if _supplier_visible(context) else None

    @staticmethod
    def resolve_supplier(obj: Facility, context: Any) -> str | None:
        return obj.supplier.legal_name if _supplier_visible(context) else None

    @staticmethod
    def resolve_product_categories(obj: Facility) -> list[str]:
        return [c.code for c in obj.product_categories.all()]


class FacilityIn(Schema):
    supplier_id: int
    name: str = Field(..., min_length=1, max_length=200)
    address: str = Field(..., min_length=1, max_length=300)
    city: str = Field("", max_length=100)
    region: str = Field("", max_length=100)
    postal_code: str = Field("", max_length=20)
    country: str = Field(..., pattern=COUNTRY, description="ISO 3166-1 alpha-2, e.g. CN.")
    latitude: Decimal | None = Field(None, ge=-90, le=90, decimal_places=6)
    longitude: Decimal | None = Field(None, ge=-180, le=180, decimal_places=6)
    os_id: str = Field("", max_length=15)
    sedex_zs: str = Field("", max_length=14)
    amfori_id: str = Field("", max_length=40)
    product_categories: list[str] = Field([], description="Product category codes.")
    worker_count: int | None = Field(None, ge=0)


class FacilityPatch(Schema):
    supplier_id: int | None = None
    name: str | None = Field(None, min_length=1, max_length=200)
    address: str | None = Field(None, min_length=1, max_length=300)
    city: str | None = Field(None, max_length=100)
    region: str | None = Field(None, max_length=100)
    postal_code: str | None = Field(None, max_length=20)
    country: str | None = Field(None, pattern=COUNTRY)
    latitude: Decimal | None = Field(None, ge=-90, le=90, decimal_places=6)
    longitude: Decimal | None = Field(None, ge=-180, le=180, decimal_places=6)
    os_id: str | None = Field(None, max_length=15)
    sedex_zs: str | None = Field(None, max_length=14)
    amfori_id: str | None = Field(None, max_length=40)
    product_categories: list[str] | None = None
    worker_count: int | None = Field(None, ge=0)


class FacilityFilters(Schema):
    q: str = Field("", description="Search name, code, OS ID or city.")
    country: str = ""
    supplier: int | None = None
    category: str = Field("", description="Product category code.")
    cert: selectors.FacilityCertFilter | None = Field(
        None, description="SMETA 4-pillar state, or any_expiring."
    )
    suspended: bool | None = None


class CertificateOut(Schema):
    id: int
    facility: str = Field(..., alias="facility.code")
    scheme: str
    issuer: str
    number: str
    valid_from: dt.date
    valid_until: dt.date
    document_sha256: str
    document_url: str | None

    @staticmethod
    def resolve_document_url(obj: Certificate) -> str | None:
        if not obj.document:
            return None
        return reverse("api:certificate_document", kwargs={"pk": obj.pk})


class CertificateIn(Schema):
    scheme: CertificateScheme
    issuer: str = Field(..., min_length=1, max_length=200)
    number: str = Field("", max_length=100)
    valid_from: dt.date
    valid_until: dt.date


class CountryRiskOut(Schema):
    country: str
    name: str
    risk_class: str
    source: str
    year: int


# --- helpers ------------------------------------------------------------------------------


def _error(error: ValidationError) -> ErrorOut:
    if hasattr(error, "error_dict"):
        errors = {field: list(messages) for field, messages in error.message_dict.items()}
        detail = " ".join(m for messages in errors.values() for m in messages)
        return ErrorOut(detail=detail, errors=errors)
    return ErrorOut(detail=" ".join(error.messages), errors={"__all__": list(error.messages)})


def _categories(codes: list[str]) -> list[ProductCategory]:
    found = {c.code: c for c in ProductCategory.objects.filter(code__in=codes)}
    unknown = [code for code in codes if code not in found]
    if unknown:
        raise ValidationError(
            {"product_categories": [f"Unknown product category: {', '.join(unknown)}."]}
        )
    return [found[code] for code in codes]


def _supplier(request: HttpRequest, pk: int) -> Supplier:
    try:
        return selectors.get_supplier_for_user(user=acting_user(request), pk=pk)
    except Http404 as exc:
        raise ValidationError({"supplier_id": ["No such supplier."]}) from exc


def _facility_out(user: Any, code: str) -> Facility:
    """The facility with what FacilityOut shows (SMETA state, categories), scoped."""
    return selectors.get_facility_for_user(user=user, code=code)


# --- suppliers ----------------------------------------------------------------------------


@router.get("/suppliers", response=list[SupplierOut], summary="Suppliers in your scope")
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def list_suppliers(
    request: HttpRequest, q: str = "", country: str = "", active: bool | None = None
) -> Any:
    suppliers = selectors.supplier_list(
        user=acting_user(request), search=q, country=country, active=active
    )
    return suppliers.select_related("organisation")  # SupplierOut shows its code


@router.get("/suppliers/{int:supplier_id}", response=SupplierOut, summary="One supplier")
def get_supplier(request: HttpRequest, supplier_id: int) -> Supplier:
    return selectors.get_supplier_for_user(user=acting_user(request), pk=supplier_id)


@router.post(
    "/suppliers",
    response={201: SupplierOut, 400: ErrorOut},
    summary="Add a supplier (and its organisation)",
)
def create_supplier(request: HttpRequest, payload: SupplierIn) -> Any:
    user = acting_user(request)
    require(user, Action.EDIT_REGISTRY)
    try:
        supplier = services.supplier_create(by=user, **payload.dict())
    except ValidationError as error:
        return Status(400, _error(error))
    return Status(201, supplier)


@router.patch(
    "/suppliers/{int:supplier_id}",
    response={200: SupplierOut, 400: ErrorOut},
    summary="Change a supplier",
)
def update_supplier(request: HttpRequest, supplier_id: int, payload: SupplierPatch) -> Any:
    user = acting_user(request)
    require(user, Action.EDIT_REGISTRY)
    supplier = selectors.get_supplier_for_user(user=user, pk=supplier_id)
    try:
        services.supplier_update(supplier=supplier, by=user, **payload.dict(exclude_unset=True))
    except ValidationError as error:
        return Status(400, _error(error))
    return Status(200, supplier)


# --- facilities ---------------------------------------------------------------------------


@router.get("/facilities", response=list[FacilityOut], summary="Facilities in your scope")
@paginate(PageNumberPagination, page_size=PAGE_SIZE)
def list_facilities(request: HttpRequest, filters: Query[FacilityFilters]) -> Any:
    user = acting_user(request)
    data = filters.dict()
    search = data.pop("q")
    if not supplier_name_visible(user=user):
        data.pop("supplier")  # a customer who may not see supplier names cannot filter by one
    return selectors.facility_list(user=user, search=search, filters=data)


@router.get("/facilities/{code}", response=FacilityOut, summary="One facility by its code")
def get_facility(request: HttpRequest, code: str) -> Facility:
    return _facility_out(acting_user(request), code)


@router.post(
    "/facilities",
    response={201: FacilityOut, 400: ErrorOut},
    summary="Add a facility (its code is generated)",
)
def create_facility(request: HttpRequest, payload: FacilityIn) -> Any:
    user = acting_user(request)
    require(user, Action.EDIT_REGISTRY)
    data = payload.dict()
    try:
        supplier = _supplier(request, data.pop("supplier_id"))
        categories = _categories(data.pop("product_categories"))
        facility = services.facility_create(
            by=user, supplier=supplier, product_categories=categories, **data
        )
    except ValidationError as error:
        return Status(400, _error(error))
    return Status(201, _facility_out(user, facility.code))


@router.patch(
    "/facilities/{code}",
    response={200: FacilityOut, 400: ErrorOut},
    summary="Change a facility",
)
def update_facility(request: HttpRequest, code: str, payload: FacilityPatch) -> Any:
    user = acting_user(request)
    require(user, Action.EDIT_REGISTRY)
    facility = selectors.get_facility_for_user(user=user, code=code)
    data = payload.dict(exclude_unset=True)
    try:
        if "supplier_id" in data:
            data["supplier"] = _supplier(request, data.pop("supplier_id"))
        categories = None
        if data.get("product_categories") is not None:
            categories = _categories(data.pop("product_categories"))
        data.pop("product_categories", None)
        services.facility_update(facility=facility, by=user, product_categories=categories, **data)
    except ValidationError as error:
        return Status(400, _error(error))
    return Status(200, _facility_out(user, code))


# --- certificates -------------------------------------------------------------------------


@router.get(
    "/facilities/{code}/certificates",
    response=list[CertificateOut],
    summary="A facility's certificates",
)
def list_certificates(request: HttpRequest, code: str) -> Any:
    return selectors.facility_certificate_list(user=acting_user(request), code=code)


@router.post(
    "/facilities/{code}/certificates",
    response={201: CertificateOut, 400: ErrorOut},
    summary="Add a certificate, with its document (multipart: PDF, JPEG, PNG or WebP)",
)
def create_certificate(
    request: HttpRequest,
    code: str,
    payload: Form[CertificateIn],
    document: UploadedFile | None = File(None),  # noqa: B008 - ninja's parameter marker
) -> Any:
    user = acting_user(request)
    require(user, Action.EDIT_REGISTRY)
    facility = selectors.get_facility_for_user(user=user, code=code)
    try:
        certificate = services.certificate_create(
            facility=facility, by=user, document=document, **payload.dict()
        )
    except ValidationError as error:
        return Status(400, _error(error))
    return Status(201, certificate)


@router.get(
    "/certificates/{int:pk}/document",
    url_name="certificate_document",
    summary="A certificate's document",
    response={200: None},
)
def certificate_document(request: HttpRequest, pk: int) -> FileResponse:
    document = selectors.certificate_document_for_user(user=acting_user(request), pk=pk)
    return FileResponse(
        document.file,
        content_type=document.content_type,
        filename=document.filename,
        headers={"Cache-Control": "private, no-store"},
    )


# --- country risk -------------------------------------------------------------------------


@router.get(
    "/country-risks",
    response=list[CountryRiskOut],
    summary="The risk class of every country (operator roles)",
)
def list_country_risks(request: HttpRequest, risk_class: str = "") -> Any:
    return selectors.country_risk_list(user=acting_user(request), risk_class=risk_class)
