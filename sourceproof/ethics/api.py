"""The code-of-ethics API at /api/v1/ethics: versions, the ten UN Global Compact principles,
signatures (list, detail, and signing for supplier users), each supplier's state.

Same selectors and services as the pages: operators read everything; a supplier user reads
the current version, the versions it signed and its own supplier's signatures, and signs; anyone
else gets 404. A service's ValidationError is a 400 with the messages by field; a malformed
request is a 422.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status

from sourceproof.accounts.permissions import Action, can, require
from sourceproof.core.http import acting_user, client_ip
from sourceproof.ethics import selectors, services
from sourceproof.ethics.models import Acknowledgement, CodeOfEthics
from sourceproof.facilities.models import Supplier

router = Router(tags=["ethics"])

PAGE_SIZE = 50


# --------------------------------------------------------------------------- schemas


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


class VersionOut(Schema):
    version: str
    status: str
    effective_date: dt.date
    grace_days: int
    published_at: dt.datetime | None
    superseded_at: dt.datetime | None
    languages: list[str]


class TextOut(Schema):
    language: str
    title: str
    body: str
    sha256: str = Field(description="SHA-256 of the title and body: what a signature keeps.")
    has_pdf: bool
    pdf_sha256: str


class CoverageOut(Schema):
    principle: int
    sections: str
    covered: bool


class VersionDetailOut(VersionOut):
    notes: str
    texts: list[TextOut]
    coverage: list[CoverageOut]
    uncovered_principles: list[int]


class PrincipleOut(Schema):
    number: int
    area: str
    text: str


class AcknowledgementOut(Schema):
    id: int
    version: str
    supplier: str = Field(description="The supplier's number.")
    supplier_name: str
    signer_name: str
    signer_role: str
    user_email: str
    signed_at: dt.datetime
    ip_address: str | None
    language: str
    content_sha256: str


class AcknowledgementPage(Schema):
    count: int
    page: int
    pages: int
    items: list[AcknowledgementOut]


class SignIn(Schema):
    language: str = Field(description="The language version read: en, nl or zh-hans.")
    signer_name: str = Field(min_length=1, max_length=200, description="Your typed full name.")
    signer_role: str = Field(min_length=1, max_length=200, description="Your role or title.")
    accept: bool = Field(description="true: you accept the code on behalf of your supplier.")
    version: str = Field("", description="If given, it must be the current version.")
    content_sha256: str = Field(
        "", description="If given, the SHA-256 of the text you read; it must still match."
    )


class SupplierStateOut(Schema):
    supplier: str
    supplier_name: str
    state: str = Field(description="signed, pending (within the grace period) or overdue.")
    signed_at: dt.datetime | None
    last_signed_version: str


class SupplierStatePage(Schema):
    version: str
    grace_ends_on: dt.date | None
    count: int
    page: int
    pages: int
    items: list[SupplierStateOut]


class StatusOut(Schema):
    version: str | None = Field(description="The current version; null if none is published.")
    state: str | None
    must_sign: bool
    grace_ends_on: dt.date | None
    signed_at: dt.datetime | None


# --------------------------------------------------------------------------- helpers


def _error(error: ValidationError) -> ErrorOut:
    if hasattr(error, "error_dict"):
        errors = {k: [str(m) for m in v] for k, v in error.message_dict.items()}
        return ErrorOut(detail=" ".join(m for ms in errors.values() for m in ms), errors=errors)
    return ErrorOut(detail=" ".join(error.messages))


def _paginate(rows: Any, page: int) -> tuple[int, int, int, list[Any]]:
    paginator = Paginator(rows, PAGE_SIZE)
    count = paginator.count
    pages = max(1, math.ceil(count / PAGE_SIZE))
    number = min(max(page, 1), pages)
    return count, number, pages, list(paginator.page(number).object_list)


def _version_out(code: CodeOfEthics, languages: list[str]) -> dict[str, Any]:
    return {
        "version": code.version,
        "status": code.status,
        "effective_date": code.effective_date,
        "grace_days": code.grace_days,
        "published_at": code.published_at,
        "superseded_at": code.superseded_at,
        "languages": languages,
    }


def _ack_out(ack: Acknowledgement) -> dict[str, Any]:
    return {
        "id": ack.pk,
        "version": ack.code.version,
        "supplier": ack.supplier.supplier_number,
        "supplier_name": ack.supplier.legal_name,
        "signer_name": ack.signer_name,
        "signer_role": ack.signer_role,
        "user_email": ack.user_email,
        "signed_at": ack.signed_at,
        "ip_address": ack.ip_address,
        "language": ack.language,
        "content_sha256": ack.content_sha256,
    }


# --------------------------------------------------------------------------- endpoints


@router.get("/versions", response=list[VersionOut], summary="Versions of the code of ethics")
def list_versions(request: HttpRequest) -> list[dict[str, Any]]:
    user = acting_user(request)
    codes = list(selectors.code_list(user=user).prefetch_related("texts"))
    return [_version_out(c, sorted(t.language for t in c.texts.all())) for c in codes]


@router.get("/versions/{version}", response=VersionDetailOut, summary="One version, with its texts")
def get_version(request: HttpRequest, version: str) -> dict[str, Any]:
    user = acting_user(request)
    code = selectors.get_code_for_user(user=user, version=version)
    texts = selectors.code_texts(code=code)
    coverage = selectors.code_coverage(code=code)
    return {
        **_version_out(code, list(texts)),
        "notes": code.notes if can(user, Action.VIEW_CODES_OF_ETHICS) else "",
        "texts": [
            {
                "language": t.language,
                "title": t.title,
                "body": t.body,
                "sha256": t.sha256,
                "has_pdf": bool(t.pdf),
                "pdf_sha256": t.pdf_sha256,
            }
            for t in texts.values()
        ],
        "coverage": [
            {"principle": r.principle.number, "sections": r.sections, "covered": r.covered}
            for r in coverage
        ],
        "uncovered_principles": [p.number for p in selectors.uncovered_principles(coverage)],
    }


@router.get(
    "/principles", response=list[PrincipleOut], summary="The ten UN Global Compact principles"
)
def list_principles(request: HttpRequest) -> list[dict[str, Any]]:
    user = acting_user(request)
    return [
        {"number": p.number, "area": p.area, "text": p.text}
        for p in selectors.principle_list(user=user)
    ]


@router.get("/acknowledgements", response=AcknowledgementPage, summary="Signatures in your scope")
def list_acknowledgements(
    request: HttpRequest,
    version: str = "",
    supplier: str = Query("", description="A supplier number (operators)."),
    page: int = 1,
) -> dict[str, Any]:
    user = acting_user(request)
    supplier_pk = None
    if supplier and can(user, Action.VIEW_CODES_OF_ETHICS):
        supplier_pk = (
            Supplier.objects.filter(supplier_number=supplier).values_list("pk", flat=True).first()
        )
        if supplier_pk is None:
            return {"count": 0, "page": 1, "pages": 1, "items": []}
    acks = selectors.acknowledgement_list(
        user=user,
        filters=selectors.AcknowledgementFilters(version=version, supplier=supplier_pk),
    )
    count, number, pages, items = _paginate(acks, page)
    return {"count": count, "page": number, "pages": pages, "items": [_ack_out(a) for a in items]}


@router.get("/acknowledgements/{ack_id}", response=AcknowledgementOut, summary="One signature")
def get_acknowledgement(request: HttpRequest, ack_id: int) -> dict[str, Any]:
    user = acting_user(request)
    return _ack_out(selectors.get_acknowledgement_for_user(user=user, pk=ack_id))


@router.post(
    "/acknowledgements",
    response={201: AcknowledgementOut, 400: ErrorOut},
    summary="Sign the current version for your own supplier (supplier users)",
)
def sign(request: HttpRequest, payload: SignIn) -> Status[Any]:
    user = acting_user(request)
    supplier = selectors.own_supplier(user=user)
    codes = selectors.published_codes()
    if codes is None:
        return Status(400, ErrorOut(detail="No code of ethics is published."))
    code = codes.current
    if payload.version and payload.version.lstrip("vV") != code.version:
        return Status(
            400,
            ErrorOut(
                detail=f"Only the current version (v{code.version}) can be signed.",
                errors={"version": [f"The current version is {code.version}."]},
            ),
        )
    try:
        ack = services.acknowledgement_sign(
            code=code,
            supplier=supplier,
            by=user,
            signer_name=payload.signer_name,
            signer_role=payload.signer_role,
            language=payload.language,
            accepted=payload.accept,
            ip_address=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
            shown_sha256=payload.content_sha256,
        )
    except ValidationError as error:
        return Status(400, _error(error))
    return Status(201, _ack_out(selectors.get_acknowledgement_for_user(user=user, pk=ack.pk)))


@router.get(
    "/suppliers",
    response=SupplierStatePage,
    summary="Every active supplier's state for the current version (operators)",
)
def list_supplier_states(
    request: HttpRequest,
    state: str = Query("", description="signed, pending or overdue"),
    q: str = "",
    page: int = 1,
) -> dict[str, Any]:
    user = acting_user(request)
    require(user, Action.VIEW_CODES_OF_ETHICS)
    codes = selectors.published_codes()
    if codes is None:
        raise Http404("No code of ethics is published.")
    suppliers = selectors.supplier_signature_list(
        user=user, codes=codes, filters=selectors.SignatureFilters(state=state, q=q)
    )
    count, number, pages, items = _paginate(suppliers, page)
    rows = selectors.supplier_rows(items, codes=codes)
    return {
        "version": codes.current.version,
        "grace_ends_on": codes.grace_ends_on if codes.previous else None,
        "count": count,
        "page": number,
        "pages": pages,
        "items": [
            {
                "supplier": r.supplier.supplier_number,
                "supplier_name": r.supplier.legal_name,
                "state": r.state.value,
                "signed_at": r.signed_at,
                "last_signed_version": r.last_signed_version,
            }
            for r in rows
        ],
    }


@router.get("/status", response=StatusOut, summary="Must your supplier sign? (supplier users)")
def my_status(request: HttpRequest) -> dict[str, Any]:
    user = acting_user(request)
    status = selectors.supplier_status(supplier=selectors.own_supplier(user=user))
    return {
        "version": status.codes.current.version if status.codes else None,
        "state": status.state.value if status.state else None,
        "must_sign": status.must_sign,
        "grace_ends_on": status.grace_ends_on,
        "signed_at": status.acknowledgement.signed_at if status.acknowledgement else None,
    }
