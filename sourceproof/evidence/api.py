"""The photo-evidence API at /api/v1/evidence: upload a photo to an inspection (idempotent:
201 when stored, 200 when the same bytes or the same client_uid were sent before), list an
inspection's photos, one photo's metadata and flags, its files, and removing it.

Same selectors and services as the pages: an inspection or photo outside the caller's scope
is a 404, and so is an upload by someone who may not perform the inspection. A refused
upload (not a photo, damaged, too large, wrong state) is a 400 with the reason.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest
from django.urls import reverse
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from sourceproof.accounts.models import User
from sourceproof.core.http import acting_user
from sourceproof.evidence import selectors, services
from sourceproof.evidence.http import photo_file_response
from sourceproof.evidence.models import Photo, PhotoSide
from sourceproof.inspections.models import Inspection
from sourceproof.inspections.selectors import golden_sample_for

router = Router(tags=["evidence"])

PAGE_SIZE = 50

# --------------------------------------------------------------------------- schemas


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


class CheckpointRefOut(Schema):
    id: int
    key: str
    title: str


class ReusedFromOut(Schema):
    photo_id: int | None = None  # None: the earlier photo's inspection is outside your scope
    inspection: str | None = None


class FlagsOut(Schema):
    time_ok: bool | None
    taken_at: dt.datetime | None
    taken_basis: str
    taken_zone: str
    window_start: dt.datetime | None
    window_end: dt.datetime | None
    place_ok: bool | None
    distance_km: Decimal | None
    place_limit_km: Decimal | None
    no_exif: bool
    reused: bool
    reuse_distance: int | None
    reuse_max_distance: int
    reused_from: ReusedFromOut | None


class ExifOut(Schema):
    taken_raw: str
    taken_offset: str
    latitude: Decimal | None
    longitude: Decimal | None


class PhotoOut(Schema):
    id: int
    inspection: str
    checkpoint: CheckpointRefOut | None
    defect_record: int | None
    golden_sample: str | None  # the seal number
    side: PhotoSide | None
    original_name: str
    content_type: str
    size_bytes: int
    width: int
    height: int
    sha256: str
    phash: str
    client_uid: uuid.UUID | None
    uploaded_by: str | None
    received_at: dt.datetime
    exif: ExifOut
    flags: FlagsOut
    image_url: str
    display_url: str
    thumbnail_url: str
    thumbnail_ready: bool


class PhotoListOut(Schema):
    count: int
    page: int
    pages: int
    items: list[PhotoOut]


# --------------------------------------------------------------------------- helpers


def _error(error: ValidationError) -> ErrorOut:
    if hasattr(error, "error_dict"):
        errors = {k: [str(m) for m in v] for k, v in error.message_dict.items()}
        return ErrorOut(detail=" ".join(m for ms in errors.values() for m in ms), errors=errors)
    return ErrorOut(detail=" ".join(error.messages))


def _bad(message: str, field: str) -> Status[Any]:
    return Status(400, ErrorOut(detail=message, errors={field: [message]}))


def _photo_out(photo: Photo, visible_inspections: set[int]) -> PhotoOut:
    earlier = photo.reused_from
    reused_from = None
    if earlier is not None:
        seen = earlier.inspection_id in visible_inspections
        reused_from = ReusedFromOut(
            photo_id=earlier.pk if seen else None,
            inspection=earlier.inspection.report_number if seen else None,
        )
    result = photo.checkpoint_result
    return PhotoOut(
        id=photo.pk,
        inspection=photo.inspection.report_number,
        checkpoint=CheckpointRefOut(id=result.pk, key=result.key, title=result.title)
        if result is not None
        else None,
        defect_record=photo.defect_record_id,
        golden_sample=photo.golden_sample.seal_number if photo.golden_sample else None,
        side=PhotoSide(photo.side) if photo.side else None,
        original_name=photo.original_name,
        content_type=photo.content_type,
        size_bytes=photo.size_bytes,
        width=photo.width,
        height=photo.height,
        sha256=photo.sha256,
        phash=photo.phash_hex,
        client_uid=photo.client_uid,
        uploaded_by=photo.uploaded_by.email if photo.uploaded_by else None,
        received_at=photo.received_at,
        exif=ExifOut(
            taken_raw=photo.taken_raw,
            taken_offset=photo.taken_offset,
            latitude=photo.latitude,
            longitude=photo.longitude,
        ),
        flags=FlagsOut(
            time_ok=photo.time_ok,
            taken_at=photo.taken_at,
            taken_basis=photo.taken_basis,
            taken_zone=photo.taken_zone,
            window_start=photo.window_start,
            window_end=photo.window_end,
            place_ok=photo.place_ok,
            distance_km=photo.distance_km,
            place_limit_km=photo.place_limit_km,
            no_exif=photo.no_exif,
            reused=earlier is not None,
            reuse_distance=photo.reuse_distance,
            reuse_max_distance=photo.reuse_max_distance,
            reused_from=reused_from,
        ),
        image_url=reverse("api:evidence_photo_image", kwargs={"pk": photo.pk}),
        display_url=reverse("api:evidence_photo_display", kwargs={"pk": photo.pk}),
        thumbnail_url=reverse("api:evidence_photo_thumbnail", kwargs={"pk": photo.pk}),
        thumbnail_ready=bool(photo.thumbnail),
    )


def _outs(cards: list[selectors.PhotoCard]) -> list[PhotoOut]:
    visible = {
        c.photo.reused_from.inspection_id
        for c in cards
        if c.reused_visible and c.photo.reused_from is not None
    }
    return [_photo_out(c.photo, visible) for c in cards]


def _detail(user: User, pk: int) -> PhotoOut:
    photo = selectors.get_photo_for_user(user=user, pk=pk)
    return _outs(selectors.photo_cards(user=user, photos=[photo]))[0]


# --------------------------------------------------------------------------- endpoints


@router.post(
    "/inspections/{ref}/photos",
    response={200: PhotoOut, 201: PhotoOut, 400: ErrorOut},
    summary="Upload a photo to an inspection (idempotent)",
    description=(
        "Multipart: `file` (JPEG, PNG, HEIC or WebP, judged by content), optional "
        "`checkpoint_id` or `checkpoint_key`, `defect_id`, `side`, `golden` (a photo of the "
        "order's golden sample, at the PPI; needs `side`), and `client_uid` (a UUID the "
        "offline client makes once per photo). `ref` is the report number or the numeric id. "
        "201: stored now. 200: the same bytes or the same client_uid were stored before; "
        "nothing new. 400: refused, with the reason."
    ),
)
def upload_photo(
    request: HttpRequest,
    ref: str,
    file: File[UploadedFile],
    checkpoint_id: Form[int | None] = None,
    checkpoint_key: Form[str] = "",
    defect_id: Form[int | None] = None,
    side: Form[str] = "",
    golden: Form[bool] = False,
    client_uid: Form[uuid.UUID | None] = None,
) -> Status[Any]:
    user = acting_user(request)
    inspection = selectors.get_inspection_by_ref(user=user, ref=ref)
    checkpoint = None
    if checkpoint_id is not None or checkpoint_key:
        found = inspection.checkpoint_results.all()
        found = found.filter(pk=checkpoint_id) if checkpoint_id is not None else found
        found = found.filter(key=checkpoint_key) if checkpoint_key else found
        checkpoint = found.first()
        if checkpoint is None:
            return _bad(f"{inspection.report_number} has no such checkpoint.", "checkpoint")
    defect = None
    if defect_id is not None:
        defect = inspection.defect_records.filter(pk=defect_id).first()
        if defect is None:
            return _bad(f"{inspection.report_number} has no defect record {defect_id}.", "defect")
    golden_sample = None
    if golden:
        golden_sample = golden_sample_for(inspection=inspection)
        if golden_sample is None:
            return _bad("This order has no golden sample yet.", "golden")
    try:
        photo = services.photo_add(
            inspection=inspection,
            file=file,
            by=user,
            checkpoint_result=checkpoint,
            defect_record=defect,
            golden_sample=golden_sample,
            side=side,
            client_uid=client_uid,
        )
    except ValidationError as error:
        return Status(400, _error(error))
    return Status(201 if photo.created_now else 200, _detail(user, photo.pk))


@router.get(
    "/inspections/{ref}/photos",
    response=PhotoListOut,
    summary="The photos of an inspection, oldest first (50 a page)",
)
def list_photos(request: HttpRequest, ref: str, page: int = 1) -> PhotoListOut:
    user = acting_user(request)
    inspection: Inspection = selectors.get_inspection_by_ref(user=user, ref=ref)
    cards = selectors.inspection_photo_cards(user=user, inspection=inspection)
    paginator = Paginator(cards, PAGE_SIZE)
    pages = max(1, math.ceil(paginator.count / PAGE_SIZE))
    number = min(max(page, 1), pages)
    shown = list(paginator.page(number).object_list) if cards else []
    return PhotoListOut(count=paginator.count, page=number, pages=pages, items=_outs(shown))


@router.get("/photos/{pk}", response=PhotoOut, summary="One photo: metadata and evidence flags")
def get_photo(request: HttpRequest, pk: int) -> PhotoOut:
    return _detail(acting_user(request), pk)


@router.delete(
    "/photos/{pk}",
    response={204: None, 400: ErrorOut},
    summary="Remove a photo (until the inspection is submitted)",
)
def delete_photo(request: HttpRequest, pk: int) -> Status[Any]:
    user = acting_user(request)
    photo = selectors.get_photo_for_user(user=user, pk=pk)
    try:
        services.photo_delete(photo=photo, by=user)
    except ValidationError as error:
        return Status(400, _error(error))
    return Status(204, None)


@router.get(
    "/photos/{pk}/image",
    url_name="evidence_photo_image",
    summary="The photo's file as uploaded, byte for byte",
    response={200: None},
)
def photo_image(request: HttpRequest, pk: int) -> FileResponse:
    photo = selectors.get_photo_for_user(user=acting_user(request), pk=pk)
    return photo_file_response(photo, "image")


@router.get(
    "/photos/{pk}/display",
    url_name="evidence_photo_display",
    summary="A copy browsers can show (JPEG for HEIC; else the original)",
    response={200: None},
)
def photo_display(request: HttpRequest, pk: int) -> FileResponse:
    photo = selectors.get_photo_for_user(user=acting_user(request), pk=pk)
    return photo_file_response(photo, "display")


@router.get(
    "/photos/{pk}/thumbnail",
    url_name="evidence_photo_thumbnail",
    summary="The thumbnail (JPEG, 480 px); the original until it is made",
    response={200: None},
)
def photo_thumbnail(request: HttpRequest, pk: int) -> FileResponse:
    photo = selectors.get_photo_for_user(user=acting_user(request), pk=pk)
    return photo_file_response(photo, "thumbnail")
