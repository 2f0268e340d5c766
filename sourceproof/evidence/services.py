"""Every write of photo evidence: add (idempotent), delete, thumbnails, the policy.

`photo_add` examines the upload by its content before it opens a transaction (decoding a
12-megapixel photo takes a while and must not hold the database's write lock), then, in one
transaction under a lock on the inspection: returns the stored photo if the same content or
the same `client_uid` was sent before, otherwise judges the flags, writes the file and the
row, and records the change log. The file is written only after every check passed, and
removed again if the transaction fails, so a refused upload leaves neither a row nor a file.
It commits on its own: call it outside any other transaction (pages and API do), or a later
rollback of the caller's transaction would leave the file behind.
"""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from sourceproof.accounts.permissions import Action, require
from sourceproof.core.changelog import diff, record_change, snapshot
from sourceproof.core.models import ChangeAction
from sourceproof.evidence import imaging, rules
from sourceproof.evidence.imaging import ImageRefused, PhotoFacts
from sourceproof.evidence.models import EvidencePolicy, Photo, PhotoSide, TimeBasis
from sourceproof.evidence.selectors import (
    accepts_golden_photos,
    accepts_photos,
    is_performer,
    nearest_earlier_photo,
    photos_deletable,
)
from sourceproof.inspections.models import (
    CheckpointResult,
    DefectRecord,
    GoldenSample,
    Inspection,
    InspectionPolicy,
    InspectionStatus,
)

if TYPE_CHECKING:
    from sourceproof.accounts.models import User

THUMBNAIL_SIDE = 480  # pixels, longest side
DISPLAY_SIDE = 2048  # the JPEG copy of a photo browsers cannot show (HEIC)
POLICY_FIELDS = ("reuse_max_distance", "max_megapixels")

Upload = IO[bytes] | bytes


def _refusal(error: ImageRefused, policy: EvidencePolicy) -> str:
    if error.code == "empty":
        return _("The file is empty.")
    if error.code == "too_many_pixels":
        return _(
            "This image is too large to be a photo (%(n)s megapixels). The limit is "
            "%(limit)s megapixels."
        ) % {"n": _megapixels(error.params.get("megapixels")), "limit": policy.max_megapixels}
    if error.code == "damaged":
        return _(
            "This image is damaged or incomplete (truncated or corrupt). Take the photo "
            "again or send the original file."
        )
    return _("This file is not a JPEG, PNG, HEIC or WebP image, whatever its name says.")


def _megapixels(value: Any) -> str:
    if not isinstance(value, int | float) or value <= 0:
        return "?"
    return f"{value:.0f}" if value >= 10 else f"{value:.1f}"


def _read(file: Upload) -> tuple[bytes, str]:
    """The upload's bytes (within UPLOAD_MAX_BYTES) and its name as the device gave it."""
    limit = settings.UPLOAD_MAX_BYTES
    if isinstance(file, bytes):
        data, name = file, ""
    else:
        size = getattr(file, "size", None)
        if size is not None and size > limit:
            raise ValidationError({"file": _too_big(size, limit)})
        if hasattr(file, "seek"):
            file.seek(0)
        data = file.read(limit + 1)
        name = str(getattr(file, "name", "") or "")
    if len(data) > limit:
        raise ValidationError({"file": _too_big(len(data), limit)})
    return data, name.rsplit("/", 1)[-1][:255]


def _too_big(size: int, limit: int) -> str:
    return _("The file is %(size)s MB; photos may be at most %(limit)s MB.") % {
        "size": f"{size / 1_048_576:.1f}",
        "limit": f"{limit / 1_048_576:.0f}",
    }


def _client_uid(value: uuid.UUID | str | None) -> uuid.UUID | None:
    if value is None or value == "":
        return None
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise ValidationError({"client_uid": _("client_uid must be a UUID.")}) from None


def _require_performer(user: User, inspection: Inspection) -> None:
    require(user, Action.PERFORM_INSPECTIONS)
    if not is_performer(user, inspection):
        raise Http404("Not found.")


def _existing(inspection: Inspection, sha256: str, client_uid: uuid.UUID | None) -> Photo | None:
    """The photo a resend refers to: the same client_uid, or the same bytes."""
    if client_uid is not None:
        found = Photo.objects.filter(inspection=inspection, client_uid=client_uid).first()
        if found is not None:
            if found.sha256 != sha256:
                raise ValidationError(
                    {
                        "client_uid": _(
                            "This client_uid was already used for a different photo of this "
                            "inspection."
                        )
                    }
                )
            return found
    return Photo.objects.filter(inspection=inspection, sha256=sha256).first()


def examine(data: bytes, policy: EvidencePolicy | None = None) -> PhotoFacts:
    """What the bytes are, or a ValidationError on `file` that says why they are refused."""
    policy = policy or EvidencePolicy.current()
    try:
        return imaging.examine(data, max_pixels=policy.max_megapixels * 1_000_000)
    except ImageRefused as error:
        raise ValidationError({"file": _refusal(error, policy)}) from None


# --------------------------------------------------------------------------- add


def photo_add(
    *,
    inspection: Inspection,
    file: Upload,
    by: User,
    checkpoint_result: CheckpointResult | None = None,
    defect_record: DefectRecord | None = None,
    golden_sample: GoldenSample | None = None,
    side: str = "",
    client_uid: uuid.UUID | str | None = None,
) -> Photo:
    """Attach a photo to an inspection (the assigned inspector, a quality manager or an admin;
    while the inspection is in progress, or for golden-sample photos while its PPI is in
    progress or submitted). Idempotent: the same bytes, or the same `client_uid`, sent again
    return the photo stored the first time (`created_now` False), whatever the state."""
    _require_performer(by, inspection)
    uid = _client_uid(client_uid)
    data, name = _read(file)
    existing = _existing(inspection, imaging.sha256_of(data), uid)
    if existing is not None:
        return existing
    policy = EvidencePolicy.current()
    facts = examine(data, policy)
    return _store(
        inspection=inspection,
        data=data,
        facts=facts,
        name=name,
        by=by,
        policy=policy,
        received_at=timezone.now(),
        checkpoint_result=checkpoint_result,
        defect_record=defect_record,
        golden_sample=golden_sample,
        side=side,
        client_uid=uid,
        check_state=True,
    )


def photo_import(
    *,
    inspection: Inspection,
    data: bytes,
    by: User | None,
    received_at: dt.datetime,
    name: str = "",
    checkpoint_result: CheckpointResult | None = None,
    defect_record: DefectRecord | None = None,
    golden_sample: GoldenSample | None = None,
    side: str = "",
    client_uid: uuid.UUID | None = None,
) -> Photo:
    """Attach a photo received earlier (demo data, a migration from another system): the
    same checks and flags as `photo_add`, judged at `received_at`, in any state but
    cancelled. Trusted callers only: no role check; never behind a page or the API."""
    if inspection.status == InspectionStatus.CANCELLED:
        raise ValidationError(_("A cancelled inspection takes no photos."))
    existing = _existing(inspection, imaging.sha256_of(data), client_uid)
    if existing is not None:
        return existing
    policy = EvidencePolicy.current()
    return _store(
        inspection=inspection,
        data=data,
        facts=examine(data, policy),
        name=name,
        by=by,
        policy=policy,
        received_at=received_at,
        checkpoint_result=checkpoint_result,
        defect_record=defect_record,
        golden_sample=golden_sample,
        side=side,
        client_uid=client_uid,
        check_state=False,
    )


def _check_links(
    inspection: Inspection,
    checkpoint_result: CheckpointResult | None,
    defect_record: DefectRecord | None,
    golden_sample: GoldenSample | None,
    side: str,
) -> None:
    errors: dict[str, list[str]] = {}
    if checkpoint_result is not None and checkpoint_result.inspection_id != inspection.pk:
        errors.setdefault("checkpoint", []).append(
            _("That checkpoint belongs to another inspection.")
        )
    if defect_record is not None and defect_record.inspection_id != inspection.pk:
        errors.setdefault("defect", []).append(
            _("That defect record belongs to another inspection.")
        )
    if side and side not in PhotoSide.values:
        errors.setdefault("side", []).append(_("Unknown side %(side)r.") % {"side": side})
    if golden_sample is not None:
        if golden_sample.order_id != inspection.order_id:
            errors.setdefault("golden_sample", []).append(
                _("That golden sample belongs to another order.")
            )
        if not side:
            errors.setdefault("side", []).append(
                _("Say which side of the golden sample the photo shows.")
            )
    if errors:
        raise ValidationError(errors)


def _check_state(inspection: Inspection, golden_sample: GoldenSample | None) -> None:
    if accepts_photos(inspection):
        return
    if golden_sample is not None and accepts_golden_photos(inspection):
        return
    raise ValidationError(
        _("%(number)s is %(status)s; photos are added while the inspection is in progress.")
        % {
            "number": inspection.report_number,
            "status": inspection.get_status_display().lower(),
        }
    )


def _capture_moment(
    facts: PhotoFacts, inspection: Inspection
) -> tuple[dt.datetime | None, str, str]:
    """(moment, basis, zone assumed): the EXIF time with the camera's offset when written,
    else in the facility's local time zone (the system's tz database by country, nearest
    reference city when a country has several), else the site's TIME_ZONE."""
    exif = facts.exif
    if exif.taken_at is not None:
        return exif.taken_at, TimeBasis.OFFSET, ""
    if exif.taken_local is None:
        return None, "", ""
    facility = inspection.facility
    zone = (
        rules.local_zone(
            facility.country,
            float(facility.latitude) if facility.latitude is not None else None,
            float(facility.longitude) if facility.longitude is not None else None,
        )
        or settings.TIME_ZONE
    )
    moment = timezone.make_aware(exif.taken_local, zoneinfo.ZoneInfo(zone))
    return moment, TimeBasis.ASSUMED_ZONE, zone


def _judge(photo: Photo, facts: PhotoFacts, inspection: Inspection, policy: EvidencePolicy) -> None:
    """Set the four flags and their measurements on the unsaved photo."""
    inspection_policy = InspectionPolicy.current()
    exif = facts.exif
    photo.no_exif = not exif.present
    photo.taken_raw = exif.taken_raw[:32]
    photo.taken_offset = exif.offset_raw[:6] if exif.offset is not None else ""
    photo.taken_at, photo.taken_basis, photo.taken_zone = _capture_moment(facts, inspection)
    # Time: the inspection's window; while it is still open, up to the receipt (plus the
    # same slack, for a camera clock running a little fast).
    slack = dt.timedelta(minutes=inspection_policy.photo_window_slack_minutes)
    photo.window_start = inspection.window_start
    photo.window_end = inspection.window_end or photo.received_at + slack
    photo.time_ok = rules.time_in_window(photo.taken_at, photo.window_start, photo.window_end)
    # Place.
    if exif.latitude is not None and exif.longitude is not None:
        photo.latitude = Decimal(f"{exif.latitude:.6f}")
        photo.longitude = Decimal(f"{exif.longitude:.6f}")
    facility = inspection.facility
    where = (
        (float(facility.latitude), float(facility.longitude))
        if facility.latitude is not None and facility.longitude is not None
        else None
    )
    limit = Decimal(inspection_policy.photo_max_distance_km)
    ok, km = rules.place_ok(
        (exif.latitude, exif.longitude)
        if exif.latitude is not None and exif.longitude is not None
        else None,
        where,
        float(limit),
    )
    photo.place_ok = ok
    photo.distance_km = None if km is None else Decimal(f"{km:.3f}")
    photo.place_limit_km = limit
    # Reuse.
    photo.reuse_max_distance = policy.reuse_max_distance
    match = nearest_earlier_photo(
        phash=facts.phash,
        exclude_inspection_id=inspection.pk,
        max_distance=policy.reuse_max_distance,
    )
    if match is not None:
        photo.reused_from_id = match.photo_id
        photo.reuse_distance = match.distance


def _flag_summary(photo: Photo) -> str:
    parts = []
    if photo.time_ok is False:
        parts.append("taken outside the inspection's window")
    if photo.place_ok is False:
        parts.append(f"taken {photo.distance_km} km from the facility")
    if photo.no_exif:
        parts.append("no EXIF")
    if photo.reused_from_id is not None:
        parts.append(f"near photo {photo.reused_from_id} (distance {photo.reuse_distance})")
    return "; ".join(parts)


def _store(
    *,
    inspection: Inspection,
    data: bytes,
    facts: PhotoFacts,
    name: str,
    by: User | None,
    policy: EvidencePolicy,
    received_at: dt.datetime,
    checkpoint_result: CheckpointResult | None,
    defect_record: DefectRecord | None,
    golden_sample: GoldenSample | None,
    side: str,
    client_uid: uuid.UUID | None,
    check_state: bool,
) -> Photo:
    written = ""
    try:
        with transaction.atomic():
            locked = (
                Inspection.objects.select_for_update()
                .select_related("facility", "order")
                .get(pk=inspection.pk)
            )
            existing = _existing(locked, facts.sha256, client_uid)
            if existing is not None:
                return existing
            if check_state:
                _check_state(locked, golden_sample)
            _check_links(locked, checkpoint_result, defect_record, golden_sample, side)
            photo = Photo(
                inspection=locked,
                checkpoint_result=checkpoint_result,
                defect_record=defect_record,
                golden_sample=golden_sample,
                side=side,
                original_name=name,
                content_type=facts.content_type,
                size_bytes=facts.size_bytes,
                width=facts.width,
                height=facts.height,
                sha256=facts.sha256,
                client_uid=client_uid,
                uploaded_by=by,
                received_at=received_at,
                phash=rules.to_signed(facts.phash),
                phash_hex=f"{facts.phash:016x}",
            )
            for i, band in enumerate(rules.bands(facts.phash)):
                setattr(photo, f"phash_band{i}", band)
            _judge(photo, facts, locked, policy)
            # Only now, every check passed, is the file written.
            photo.image.save(f"{facts.sha256}.{facts.extension}", ContentFile(data), save=False)
            written = photo.image.name
            photo.save(force_insert=True)
            flags = _flag_summary(photo)
            record_change(
                obj=photo,
                actor=by,
                action=ChangeAction.CREATE,
                changes={
                    "inspection": [None, locked.report_number],
                    "sha256": [None, photo.sha256],
                    "content_type": [None, photo.content_type],
                    "checkpoint_result": [None, photo.checkpoint_result_id],
                    "defect_record": [None, photo.defect_record_id],
                    "golden_sample": [None, photo.golden_sample_id],
                    "side": [None, photo.side],
                    "taken_at": [None, photo.taken_at],
                    "time_ok": [None, photo.time_ok],
                    "distance_km": [None, photo.distance_km],
                    "place_ok": [None, photo.place_ok],
                    "no_exif": [None, photo.no_exif],
                    "reused_from": [None, photo.reused_from_id],
                    "reuse_distance": [None, photo.reuse_distance],
                },
                summary=f"Photo added to {locked.report_number}" + (f": {flags}" if flags else ""),
            )
            record_change(
                obj=locked,
                actor=by,
                action=ChangeAction.EVENT,
                changes={"photo": [None, photo.pk]},
                summary=f"Photo {photo.sha256[:12]} added" + (f": {flags}" if flags else ""),
            )
            photo_id = photo.pk
            transaction.on_commit(lambda: _enqueue_thumbnail(photo_id))
    except BaseException:
        if written:
            default_storage.delete(written)
        raise
    photo.created_now = True
    return photo


def _enqueue_thumbnail(photo_id: int) -> None:
    from sourceproof.evidence.tasks import make_photo_thumbnail

    make_photo_thumbnail.enqueue(photo_id=photo_id)


# --------------------------------------------------------------------------- delete


def photo_delete(*, photo: Photo, by: User) -> None:
    """Take a photo back (a mistake) until the inspection is submitted. A photo that a later
    photo of another inspection was flagged as reused from stays: it is that flag's evidence.
    The file goes once the deletion is committed."""
    _require_performer(by, photo.inspection)
    with transaction.atomic():
        locked = Inspection.objects.select_for_update().get(pk=photo.inspection_id)
        if not photos_deletable(locked):
            raise ValidationError(
                _("%(number)s is %(status)s; its photos can no longer be removed.")
                % {
                    "number": locked.report_number,
                    "status": locked.get_status_display().lower(),
                }
            )
        later = (
            Photo.objects.filter(reused_from=photo)
            .select_related("inspection")
            .order_by("id")
            .first()
        )
        if later is not None:
            raise ValidationError(
                _(
                    "This photo stays: a photo of %(number)s was flagged as reused from it, "
                    "and it is the evidence of that flag."
                )
                % {"number": later.inspection.report_number}
            )
        record_change(
            obj=photo,
            actor=by,
            action=ChangeAction.DELETE,
            changes={
                "sha256": [photo.sha256, None],
                "image": [photo.image.name, None],
                "checkpoint_result": [photo.checkpoint_result_id, None],
                "defect_record": [photo.defect_record_id, None],
                "received_at": [photo.received_at, None],
            },
            summary=f"Photo {photo.sha256[:12]} removed from {locked.report_number}",
        )
        record_change(
            obj=locked,
            actor=by,
            action=ChangeAction.EVENT,
            changes={"photo": [photo.pk, None]},
            summary=f"Photo {photo.sha256[:12]} removed",
        )
        names = [f.name for f in (photo.image, photo.display, photo.thumbnail) if f.name]
        photo.delete()
        transaction.on_commit(lambda: _delete_files(names))


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


# --------------------------------------------------------------------------- thumbnails


def photo_thumbnail_make(*, photo_id: int) -> Photo | None:
    """Make the photo's thumbnail (and, for a format browsers cannot show, its JPEG display
    copy). Idempotent; None when the photo is gone. Called by the background task."""
    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is None:
        return None
    needs_display = photo.content_type not in {"image/jpeg", "image/png", "image/webp"}
    if photo.thumbnail and (photo.display or not needs_display):
        return photo
    with photo.image.open("rb") as handle:
        data = handle.read()
    written: dict[str, str] = {}
    try:
        photo.thumbnail.save(
            f"{photo.sha256}-thumb.jpg",
            ContentFile(imaging.rendition_jpeg(data, max_side=THUMBNAIL_SIDE)),
            save=False,
        )
        written["thumbnail"] = photo.thumbnail.name
        if needs_display:
            photo.display.save(
                f"{photo.sha256}-display.jpg",
                ContentFile(imaging.rendition_jpeg(data, max_side=DISPLAY_SIDE, quality=88)),
                save=False,
            )
            written["display"] = photo.display.name
        with transaction.atomic():
            updated = Photo.objects.filter(pk=photo.pk, thumbnail="").update(**written)
    except BaseException:
        for name in written.values():
            default_storage.delete(name)
        raise
    if not updated:  # another worker was faster
        for name in written.values():
            default_storage.delete(name)
        photo.refresh_from_db()
    return photo


# --------------------------------------------------------------------------- policy


@transaction.atomic
def evidence_policy_update(*, by: User, **values: Any) -> EvidencePolicy:
    """Change the photo-evidence policy (operator admins). Photos already stored keep the
    limits they were judged by."""
    require(by, Action.ADMINISTER)
    unknown = set(values) - set(POLICY_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown policy fields: {', '.join(sorted(unknown))}.")
    policy = EvidencePolicy.objects.select_for_update().get(pk=EvidencePolicy.current().pk)
    before = snapshot(policy, POLICY_FIELDS)
    for name, value in values.items():
        setattr(policy, name, value)
    policy.full_clean()
    policy.save()
    record_change(
        obj=policy,
        actor=by,
        action=ChangeAction.UPDATE,
        changes=diff(before, snapshot(policy, POLICY_FIELDS)),
    )
    return policy


# --------------------------------------------------------------------------- submit check


def photos_missing(inspection: Inspection) -> list[str]:
    """The checkpoints that have fewer photos attached than the checklist snapshot requires,
    one sentence each naming the checkpoint (its Chinese title for a Chinese reader) and how
    many more photos it needs: "'Drop test 80 cm' needs 1 more photo (0 of 1 attached)."

    Registered with `inspections.services.register_submit_check` by `EvidenceConfig.ready()`,
    so an inspection is not submitted without them. Photos count for a checkpoint when they
    are linked to its result (golden-sample photos of the PSI's "matches the golden sample"
    checkpoint included)."""
    specs = [
        c
        for c in (inspection.checklist_snapshot or {}).get("checkpoints", [])
        if int(c.get("required_photos") or 0) > 0
    ]
    if not specs:
        return []
    attached: dict[str, int] = {}
    for key in Photo.objects.filter(
        inspection=inspection, checkpoint_result__isnull=False
    ).values_list("checkpoint_result__key", flat=True):
        attached[key] = attached.get(key, 0) + 1
    chinese = (get_language() or "").lower().startswith("zh")
    problems = []
    for spec in specs:
        need = int(spec["required_photos"])
        have = attached.get(spec["key"], 0)
        if have >= need:
            continue
        missing = need - have
        title = (chinese and spec.get("title_zh")) or spec.get("title") or spec["key"]
        problems.append(
            ngettext(
                "'%(title)s' needs %(missing)s more photo (%(have)s of %(need)s attached).",
                "'%(title)s' needs %(missing)s more photos (%(have)s of %(need)s attached).",
                missing,
            )
            % {"title": title, "missing": missing, "have": have, "need": need}
        )
    return problems
