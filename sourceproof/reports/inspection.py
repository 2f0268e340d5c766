"""The inspection report: what it contains, issuing it when an inspection is reviewed, and
correcting it.

- `inspection_report_context` builds the content from the inspections and evidence apps'
  rows: the verdict (computed, and any override with its reason and author) per class with
  the plan numbers, the order and facility, the inspector, times and place, checkpoints,
  measurements, defects with their photos, the golden sample side by side, and every
  photo's evidence flags. With `embed=True` (the PDF) each photo is a downscaled JPEG in a
  `data:` URI, read through the storage API (file system or S3); otherwise (the HTML view)
  photos point at the evidence app's scoped image views. The PDF and the HTML view render
  the same context with the same body template.
- A review hook (registered in `ReportsConfig.ready`) enqueues `tasks.render_inspection_report`
  after the review commits; the task calls `inspection_report_issue`, which issues version 1
  through `reports.services.report_issue` (number, QR code, content and file SHA-256) and does
  nothing when a report exists already: a report is re-rendered **only** by an explicit
  correction, `inspection_report_correct`, which issues the next version with its reason.
- `inspection_report_request` queues the first rendering again when it failed or never ran
  (an inspection reviewed before this app was deployed); it never replaces an issued report.

Reads here are not scoped by a user: callers pass an inspection they got from
`inspections.selectors.get_inspection_for_user` (pages, API) or load it by id (the task).
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sourceproof.accounts.permissions import Action, require
from sourceproof.core.changelog import record_change
from sourceproof.core.models import ChangeAction
from sourceproof.evidence import imaging
from sourceproof.evidence.models import Photo, PhotoSide
from sourceproof.facilities.countries import country_name
from sourceproof.inspections import presentation
from sourceproof.inspections.models import (
    GOLDEN_SAMPLE_CHECKPOINT,
    CheckpointKind,
    DefectClass,
    Edition,
    Inspection,
    InspectionStatus,
    InspectionType,
)
from sourceproof.inspections.selectors import inspection_view
from sourceproof.reports.models import IssuedReport, ReportKind
from sourceproof.reports.services import report_issue

if TYPE_CHECKING:
    from sourceproof.accounts.models import User

logger = logging.getLogger(__name__)

KIND = ReportKind.INSPECTION
TEMPLATE = "reports/inspection_report.html"
PDF_PHOTO_SIDE = 480  # pixels, longest side: ~200 dpi at the 60 mm a photo takes on A4
CORRECTION_REASON_MIN_LENGTH = 10
STALLED_AFTER = dt.timedelta(minutes=5)  # a first rendering still missing after this: retry
TASK_PATH = "sourceproof.reports.tasks.render_inspection_report"


class ReportStatus:
    READY = "ready"
    PREPARING = "preparing"
    FAILED = "failed"
    NOT_REVIEWED = "not_reviewed"


# --------------------------------------------------------------------------- selectors


def inspection_report_for(*, inspection: Inspection) -> IssuedReport | None:
    """The inspection's current report (its latest version), or None before it is issued.
    Uses the value `attach_inspection_reports` put on the inspection when there is one."""
    cached = getattr(inspection, "_issued_report", _MISSING)
    if cached is not _MISSING:
        return cast("IssuedReport | None", cached)
    return (
        IssuedReport.objects.filter(
            subject_type=_inspection_type(), subject_id=str(inspection.pk), kind=KIND
        )
        .select_related("superseded_by")
        .order_by("-version")
        .first()
    )


def inspection_report_versions(*, inspection: Inspection) -> list[IssuedReport]:
    """Every issued version, newest first."""
    return list(
        IssuedReport.objects.filter(
            subject_type=_inspection_type(), subject_id=str(inspection.pk), kind=KIND
        )
        .select_related("superseded_by", "issued_by")
        .order_by("-version")
    )


def inspection_report_version(*, inspection: Inspection, version: int) -> IssuedReport | None:
    """One issued version of the inspection's report, or None."""
    return IssuedReport.objects.filter(
        subject_type=_inspection_type(), subject_id=str(inspection.pk), kind=KIND, version=version
    ).first()


def attach_inspection_reports(inspections: list[Inspection]) -> list[Inspection]:
    """Read the current report of many inspections in one query (for lists that include
    `reports/inspection_report_link.html` on every row)."""
    if not inspections:
        return inspections
    current = {
        r.subject_id: r
        for r in IssuedReport.objects.filter(
            subject_type=_inspection_type(),
            subject_id__in=[str(i.pk) for i in inspections],
            kind=KIND,
            superseded_by__isnull=True,
        )
    }
    for inspection in inspections:
        inspection._issued_report = current.get(str(inspection.pk))  # type: ignore[attr-defined]
    return inspections


@dataclass(frozen=True)
class ReportState:
    """Where the inspection's report stands: ready, preparing (the task is queued or
    running), failed (the last rendering raised), or not reviewed yet (no report before)."""

    status: str
    report: IssuedReport | None
    stalled: bool = False  # preparing for longer than STALLED_AFTER: offer to queue it again

    @property
    def can_retry(self) -> bool:
        return self.status == ReportStatus.FAILED or self.stalled


def inspection_report_state(
    *, inspection: Inspection, report: IssuedReport | None = None
) -> ReportState:
    report = report if report is not None else inspection_report_for(inspection=inspection)
    if report is not None:
        return ReportState(status=ReportStatus.READY, report=report)
    if inspection.status != InspectionStatus.REVIEWED:
        return ReportState(status=ReportStatus.NOT_REVIEWED, report=None)
    if _last_rendering_failed(inspection.pk):
        return ReportState(status=ReportStatus.FAILED, report=None)
    since = inspection.reviewed_at or inspection.updated_at
    return ReportState(
        status=ReportStatus.PREPARING,
        report=None,
        stalled=since is not None and timezone.now() - since > STALLED_AFTER,
    )


def _last_rendering_failed(inspection_id: int) -> bool:
    """With the database task backend: whether the latest rendering task of the inspection
    failed. Other backends keep no readable record: never 'failed' (the page offers a retry
    once the rendering is overdue instead)."""
    backend = settings.TASKS.get("default", {}).get("BACKEND", "")
    if backend != "django_tasks_db.DatabaseBackend":
        return False
    from django_tasks_db.models import DBTaskResult

    status = (
        DBTaskResult.objects.filter(
            task_path=TASK_PATH, args_kwargs__kwargs__inspection_id=inspection_id
        )
        .order_by("-enqueued_at")
        .values_list("status", flat=True)
        .first()
    )
    return status == "FAILED"


_MISSING = object()


def _inspection_type() -> ContentType:
    return ContentType.objects.get_for_model(Inspection, for_concrete_model=True)


# --------------------------------------------------------------------------- content


@dataclass(frozen=True)
class ReportPhoto:
    """One photo as the report shows it: its reference (P1…, G1… for the golden sample's),
    where its picture comes from, and what it is attached to."""

    ref: str
    photo: Photo
    src: str  # a data: URI in the PDF; the scoped thumbnail URL in the HTML view
    href: str  # the photo's page (HTML view only)
    attached_to: str
    reused_from_number: str  # the earlier photo's inspection, when flagged as reused
    readable: bool = True  # False: the file could not be read (shown as such, never hidden)


@dataclass(frozen=True)
class GoldenRow:
    side: str
    label: str
    golden: list[ReportPhoto]
    found: list[ReportPhoto]


@dataclass(frozen=True)
class GpsSummary:
    """Where the photos were taken, against the facility's coordinates."""

    facility_has_position: bool
    photos: int
    with_position: int
    within: int
    far: int
    farthest_km: Decimal | None
    limit_km: Decimal | None


@dataclass
class _Photos:
    own: list[ReportPhoto] = field(default_factory=list)
    golden: list[ReportPhoto] = field(default_factory=list)


def _photo_rows(**filters: Any) -> list[Photo]:
    return list(
        Photo.objects.filter(**filters)
        .select_related(
            "checkpoint_result",
            "defect_record",
            "defect_record__defect_type",
            "reused_from",
            "reused_from__inspection",
        )
        .order_by("received_at", "id")
    )


def _jpeg_for_pdf(photo: Photo) -> bytes | None:
    """The thumbnail when made (a JPEG of at most 480 px), else a downscaled copy of the
    display copy or the original, made now with Pillow; None when no file can be read."""
    if photo.thumbnail:
        try:
            with photo.thumbnail.open("rb") as handle:
                return handle.read()
        except OSError:
            logger.warning("Thumbnail of photo %s unreadable; using the original", photo.pk)
    source = photo.display or photo.image
    try:
        with source.open("rb") as handle:
            data = handle.read()
        return imaging.rendition_jpeg(data, max_side=PDF_PHOTO_SIDE, quality=80)
    except Exception:  # a missing or undecodable file: the report says so, it does not fail
        logger.exception("Photo %s of inspection %s unreadable", photo.pk, photo.inspection_id)
        return None


def _attached_to(photo: Photo) -> str:
    if photo.golden_sample_id is not None:
        return _("Golden sample, %(side)s") % {"side": photo.get_side_display().lower()}
    if photo.defect_record is not None:
        return f"{photo.defect_record.defect_type.code} ({photo.defect_record.get_defect_class_display().lower()})"
    if photo.checkpoint_result is not None:
        return photo.checkpoint_result.title
    if photo.side:
        return str(photo.get_side_display())
    return _("General")


def _report_photo(photo: Photo, ref: str, *, embed: bool) -> ReportPhoto:
    readable = True
    if embed:
        data = _jpeg_for_pdf(photo)
        readable = data is not None
        src = "data:image/jpeg;base64," + base64.b64encode(data).decode() if data else ""
        href = ""
    else:
        src = reverse("evidence:photo_thumbnail", args=[photo.pk])
        href = reverse("evidence:photo_detail", args=[photo.pk])
    earlier = photo.reused_from
    return ReportPhoto(
        ref=ref,
        photo=photo,
        src=src,
        href=href,
        attached_to=_attached_to(photo),
        reused_from_number=earlier.inspection.report_number if earlier is not None else "",
        readable=readable,
    )


def _photos(inspection: Inspection, *, embed: bool) -> _Photos:
    """The inspection's photos (P1…, in the order received) and the golden sample's photos
    taken at the order's PPI (G1…); a PPI's own golden photos are among its P photos."""
    own = _photo_rows(inspection=inspection)
    golden = [
        p
        for p in _photo_rows(golden_sample__order_id=inspection.order_id)
        if p.inspection_id != inspection.pk
    ]
    return _Photos(
        own=[_report_photo(p, f"P{i}", embed=embed) for i, p in enumerate(own, 1)],
        golden=[_report_photo(p, f"G{i}", embed=embed) for i, p in enumerate(golden, 1)],
    )


def _golden_rows(photos: _Photos) -> tuple[list[GoldenRow], list[ReportPhoto], set[int]]:
    """The golden sample's photos by side beside this inspection's photos of the same side
    or of the golden-sample checkpoint (the evidence app's comparison rule). Returns the
    rows, this inspection's golden-checkpoint photos without a side, and the ids placed."""
    golden = photos.golden + [p for p in photos.own if p.photo.is_golden]
    found = [
        p
        for p in photos.own
        if not p.photo.is_golden
        and p.photo.defect_record_id is None
        and (
            p.photo.side
            or (
                p.photo.checkpoint_result is not None
                and p.photo.checkpoint_result.key == GOLDEN_SAMPLE_CHECKPOINT
            )
        )
    ]
    rows = []
    for side, label in PhotoSide.choices:
        g = [p for p in golden if p.photo.side == side]
        f = [p for p in found if p.photo.side == side]
        if g or f:
            rows.append(GoldenRow(side=side, label=str(label), golden=g, found=f))
    unsided = [p for p in found if not p.photo.side]
    placed = {p.photo.pk for p in golden} | {p.photo.pk for p in found}
    return rows, unsided, placed


def _gps(inspection: Inspection, own: list[ReportPhoto]) -> GpsSummary:
    photos = [p.photo for p in own]
    distances = [p.distance_km for p in photos if p.distance_km is not None]
    limits = [p.place_limit_km for p in photos if p.place_limit_km is not None]
    return GpsSummary(
        facility_has_position=inspection.facility.latitude is not None
        and inspection.facility.longitude is not None,
        photos=len(photos),
        with_position=sum(1 for p in photos if p.latitude is not None),
        within=sum(1 for p in photos if p.place_ok is True),
        far=sum(1 for p in photos if p.place_ok is False),
        farthest_km=max(distances) if distances else None,
        limit_km=limits[-1] if limits else None,
    )


def _decimal(value: Any) -> Decimal | None:
    try:
        return None if value in (None, "") else Decimal(str(value))
    except InvalidOperation:
        return None


def _measurement_row(checkpoint: dict[str, Any]) -> dict[str, Any]:
    spec = checkpoint["spec"]
    nominal, tolerance = _decimal(spec.get("nominal")), _decimal(spec.get("tolerance"))
    return {
        **checkpoint,
        "nominal": nominal,
        "tolerance": tolerance,
        "unit": spec.get("unit", ""),
        "low": nominal - tolerance if nominal is not None and tolerance is not None else None,
        "high": nominal + tolerance if nominal is not None and tolerance is not None else None,
        "defect_class": presentation.class_label(str(spec.get("defect_class") or "major")),
    }


def _edition_label(value: str) -> str:
    try:
        return str(Edition(value).label)
    except ValueError:
        return value


def inspection_report_context(*, inspection: Inspection, embed: bool) -> dict[str, Any]:
    """Everything the report shows. `inspection` should come with its order, customer,
    facility, inspector and reviewer selected (`get_inspection_for_user` or `_load`).
    `embed`: photos as data URIs (the PDF) instead of links to the scoped image views."""
    view = inspection_view(inspection=inspection)
    photos = _photos(inspection, embed=embed)
    golden_rows, golden_unsided, placed = _golden_rows(photos)
    by_defect: dict[int, list[ReportPhoto]] = {}
    by_checkpoint: dict[int, list[ReportPhoto]] = {}
    general: list[ReportPhoto] = []
    for p in photos.own:
        if p.photo.defect_record_id is not None:
            by_defect.setdefault(p.photo.defect_record_id, []).append(p)
        elif p.photo.pk in placed:
            continue
        elif p.photo.checkpoint_result_id is not None:
            by_checkpoint.setdefault(p.photo.checkpoint_result_id, []).append(p)
        else:
            general.append(p)
    refs_by_checkpoint: dict[int, list[str]] = {}
    for p in photos.own:
        if p.photo.checkpoint_result_id is not None:
            refs_by_checkpoint.setdefault(p.photo.checkpoint_result_id, []).append(p.ref)

    counts = {c.name: c for c in view.verdict.classes} if view.verdict else {}
    classes = [
        {"plan": c, "label": presentation.class_label(c.name), "count": counts.get(c.name)}
        for c in (view.plan.classes if view.plan else ())
    ]
    checkpoints = [
        {**c, "photo_refs": refs_by_checkpoint.get(c["result"].pk, [])} for c in view.checkpoints
    ]
    defect_groups = []
    for name, label in DefectClass.choices:
        records = [d for d in view.defects if d.defect_class == name]
        if records:
            defect_groups.append(
                {
                    "name": name,
                    "label": str(label),
                    "count": counts.get(name),
                    "records": [{"record": d, "photos": by_defect.get(d.pk, [])} for d in records],
                }
            )
    golden_checkpoint = next(
        (c for c in checkpoints if c["result"].key == GOLDEN_SAMPLE_CHECKPOINT), None
    )
    latest_override = view.overrides[0] if view.overrides else None
    reasons = inspection.computed_reasons or (
        [r.as_dict() for r in view.verdict.reasons] if view.verdict else []
    )
    own_photos = [p.photo for p in photos.own]
    return {
        "pdf": embed,
        "inspection": inspection,
        "order": inspection.order,
        "facility": inspection.facility,
        "country_name": country_name(inspection.facility.country),
        "lines": view.lines,
        "total_quantity": sum(line.quantity for line in view.lines),
        "plan": view.plan,
        "edition": _edition_label(view.plan.edition) if view.plan else "",
        "classes": classes,
        "reasons": presentation.reasons_for_display(reasons),
        "overrides": view.overrides,
        "latest_override": latest_override,
        "checkpoints": checkpoints,
        "measurements": [
            _measurement_row(c)
            for c in checkpoints
            if c["result"].kind == CheckpointKind.MEASUREMENT
        ],
        "defect_groups": defect_groups,
        "checkpoint_photos": [
            {"checkpoint": c["result"], "photos": by_checkpoint[c["result"].pk]}
            for c in checkpoints
            if c["result"].pk in by_checkpoint
        ],
        "general_photos": general,
        "golden_sample": view.golden_sample,
        "golden_rows": golden_rows,
        "golden_unsided": golden_unsided,
        "golden_checkpoint": golden_checkpoint,
        "show_golden": inspection.inspection_type != InspectionType.PPI
        or view.golden_sample is not None,
        "photos": photos.own,
        "golden_photos": photos.golden,
        "gps": _gps(inspection, photos.own),
        "flag_counts": {
            "time_outside": sum(1 for p in own_photos if p.time_ok is False),
            "time_unknown": sum(1 for p in own_photos if p.time_ok is None),
            "place_far": sum(1 for p in own_photos if p.place_ok is False),
            "no_exif": sum(1 for p in own_photos if p.no_exif),
            "reused": sum(1 for p in own_photos if p.reused_from_id is not None),
        },
    }


def report_title(inspection: Inspection) -> str:
    return _("Inspection report %(number)s") % {"number": inspection.report_number}


def _load(inspection_id: int) -> Inspection | None:
    return (
        Inspection.objects.select_related(
            "order",
            "order__customer",
            "facility",
            "facility__supplier",
            "product_category",
            "inspector",
            "reviewed_by",
            "override_by",
            "checklist_template",
            "stream",
        )
        .filter(pk=inspection_id)
        .first()
    )


def _build(inspection: Inspection) -> dict[str, Any]:
    """The PDF's context, in the site's default language (a report is one document for every
    reader, whatever language the person who caused it uses)."""
    with translation.override(settings.LANGUAGE_CODE):
        return inspection_report_context(inspection=inspection, embed=True)


def _issue(
    inspection: Inspection, context: dict[str, Any], *, by: User | None, reason: str = ""
) -> IssuedReport:
    with translation.override(settings.LANGUAGE_CODE):
        return report_issue(
            kind=KIND,
            subject=inspection,
            title=report_title(inspection),
            template=TEMPLATE,
            context=context,
            by=by,
            correction_reason=reason,
        )


# --------------------------------------------------------------------------- services


def inspection_report_issue(*, inspection_id: int) -> IssuedReport | None:
    """Issue the first version of a reviewed inspection's report (the background task's
    work). Does nothing when a report exists already (a re-run, a second hook call) or the
    inspection is not reviewed; returns the current report, or None.

    The photos are read and downscaled before the transaction; the inspection's row is then
    locked so that two workers cannot both issue version 1, and the content is rebuilt if
    the inspection changed in between."""
    inspection = _load(inspection_id)
    if inspection is None or inspection.status != InspectionStatus.REVIEWED:
        return None
    existing = inspection_report_for(inspection=inspection)
    if existing is not None:
        return existing
    context = _build(inspection)
    with transaction.atomic():
        locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
        existing = inspection_report_for(inspection=locked)
        if existing is not None:
            return existing
        if locked.updated_at != inspection.updated_at:
            inspection = _load(inspection_id) or inspection
            context = _build(inspection)
        report = _issue(inspection, context, by=inspection.reviewed_by)
        record_change(
            obj=inspection,
            actor=inspection.reviewed_by,
            action=ChangeAction.EVENT,
            changes={"report": [None, report.number]},
            summary=f"Report {report.number} issued (PDF SHA-256 {report.sha256[:16]}…)",
        )
    return report


def inspection_report_correct(*, inspection: Inspection, reason: str, by: User) -> IssuedReport:
    """Issue a corrected version of an inspection's report (quality managers and admins):
    the current content, a new report number, version + 1, the reason printed on it; the
    previous version is marked superseded and stays verifiable. Recorded in the change log of
    the report and of the inspection.

    Not one transaction from the start on purpose: the photos are read and downscaled first,
    then the report is issued under a lock on the inspection."""
    require(by, Action.REVIEW_INSPECTIONS)
    reason = (reason or "").strip()
    if len(reason) < CORRECTION_REASON_MIN_LENGTH:
        raise ValidationError(
            {
                "reason": _("Say why the report is corrected, in at least %(n)s characters.")
                % {"n": CORRECTION_REASON_MIN_LENGTH}
            }
        )
    fresh = _load(inspection.pk)
    if fresh is None or fresh.status != InspectionStatus.REVIEWED:
        raise ValidationError(_("Only the report of a reviewed inspection can be corrected."))
    previous = inspection_report_for(inspection=fresh)
    if previous is None:
        raise ValidationError(
            _("No report of %(number)s was issued yet, so there is nothing to correct.")
            % {"number": fresh.report_number}
        )
    context = _build(fresh)
    with transaction.atomic():
        Inspection.objects.select_for_update().filter(pk=fresh.pk).values_list("pk").first()
        previous = inspection_report_for(inspection=fresh) or previous
        report = _issue(fresh, context, by=by, reason=reason)
        record_change(
            obj=fresh,
            actor=by,
            action=ChangeAction.EVENT,
            changes={"report": [previous.number, report.number]},
            summary=f"Report corrected: {report.number} (version {report.version}) replaces "
            f"{previous.number}: {reason}"[:300],
        )
    return report


def inspection_report_request(*, inspection: Inspection, by: User) -> None:
    """Queue the first rendering again (quality managers and admins) when it failed or never
    ran. An issued report is only ever replaced by a correction."""
    require(by, Action.REVIEW_INSPECTIONS)
    if inspection.status != InspectionStatus.REVIEWED:
        raise ValidationError(_("The report is issued once the inspection is reviewed."))
    if inspection_report_for(inspection=inspection) is not None:
        raise ValidationError(
            _("The report was issued already; to change it, issue a correction with a reason.")
        )
    record_change(
        obj=inspection,
        actor=by,
        action=ChangeAction.EVENT,
        summary="Report rendering queued again",
    )
    enqueue_inspection_report(inspection.pk)


def enqueue_inspection_report(inspection_id: int) -> None:
    """The review hook: queue the rendering once the surrounding transaction commits (the
    hook is called after the review's commit; on_commit then runs at once)."""
    from sourceproof.reports.tasks import render_inspection_report

    transaction.on_commit(lambda: render_inspection_report.enqueue(inspection_id=inspection_id))
