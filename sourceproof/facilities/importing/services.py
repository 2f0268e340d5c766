"""Writes of the facility import: upload and validate, apply all-or-nothing, review duplicates.

- `facility_import_upload` stores the file and validates it (in a background task when it has
  more than `BACKGROUND_ROWS` rows, so the page can show progress).
- `facility_import_apply` validates the stored file again inside one transaction and writes
  every row or none: creates and updates in bulk, the change log in bulk, and a
  `PossibleDuplicate` for each new facility that resembles another.
- `possible_duplicate_review` records a person's verdict on a flagged pair.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sourceproof.core.changelog import PendingChange, record_change, record_changes
from sourceproof.core.models import ChangeAction
from sourceproof.facilities.importing.duplicates import likely_duplicates
from sourceproof.facilities.importing.reading import ImportFileError, read_table
from sourceproof.facilities.importing.validation import (
    UPDATABLE_FIELDS,
    Lookups,
    Plan,
    ProgressCallback,
    RowPlan,
    load_lookups,
    site_for_existing,
    site_for_plan,
    validate_table,
)
from sourceproof.facilities.models import (
    DuplicateStatus,
    Facility,
    FacilityImport,
    ImportStatus,
    PossibleDuplicate,
    Supplier,
)
from sourceproof.facilities.services import FACILITY_CODE_PREFIX, facility_next_code

if TYPE_CHECKING:
    from sourceproof.accounts.models import User

logger = logging.getLogger(__name__)

# Files with more rows than this are validated by a background task; the page polls.
BACKGROUND_ROWS = 5000
_BATCH = 500


def read_upload(data: bytes) -> int:
    """Check that the bytes are a readable CSV or XLSX table; return its number of data rows.

    Raises `ValidationError` with a message for a person (wrong type, not UTF-8, empty, too big).
    """
    limit = getattr(settings, "UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
    if len(data) > limit:
        raise ValidationError(
            _("The file is larger than %(mb)d MB.") % {"mb": limit // (1024 * 1024)}
        )
    try:
        return len(read_table(data).rows)
    except ImportFileError as exc:
        raise ValidationError(exc.message) from exc


@transaction.atomic
def facility_import_upload(
    *, data: bytes, original_name: str, by: User, supplier: Supplier | None = None
) -> FacilityImport:
    """Store an uploaded file and validate it (now, or in the background for a large file)."""
    rows = read_upload(data)
    name = PurePath(original_name or "facilities").name[:200] or "facilities"
    facility_import = FacilityImport(
        original_name=name,
        status=ImportStatus.PENDING,
        report={
            "supplier_number": supplier.supplier_number if supplier else "",
            "progress": {"done": 0, "total": rows},
        },
        created_by=by,
    )
    facility_import.file.save(name, ContentFile(data), save=False)
    facility_import.save()
    if rows > BACKGROUND_ROWS:
        from sourceproof.facilities.importing.tasks import validate_facility_import

        pk = facility_import.pk
        transaction.on_commit(lambda: validate_facility_import.enqueue(import_id=pk))
    else:
        facility_import_validate(facility_import=facility_import)
    return facility_import


def _stored_plan(
    facility_import: FacilityImport,
    *,
    lookups: Lookups | None = None,
    progress: ProgressCallback | None = None,
) -> Plan:
    with facility_import.file.open("rb") as handle:
        data = handle.read()
    table = read_table(data)
    return validate_table(
        table,
        supplier_number=str(facility_import.report.get("supplier_number", "")),
        lookups=lookups,
        progress=progress,
    )


def facility_import_validate(
    *, facility_import: FacilityImport, progress: ProgressCallback | None = None
) -> FacilityImport:
    """Validate the stored file and keep the report: status `valid` or `invalid`.

    Not one transaction on purpose: it only reads, then saves one row, and a background run
    reports progress (through `progress`) that the page must see while it works.
    """
    supplier_number = facility_import.report.get("supplier_number", "")
    try:
        plan = _stored_plan(facility_import, progress=progress)
    except ImportFileError as exc:  # the stored file was readable at upload; be safe anyway
        facility_import.status = ImportStatus.INVALID
        facility_import.report = {
            "supplier_number": supplier_number,
            "counts": {"errors": 1},
            "errors": [{"row": 1, "column": "", "value": "", "problem": exc.message}],
        }
    else:
        facility_import.status = ImportStatus.VALID if plan.is_valid else ImportStatus.INVALID
        facility_import.report = plan.report()
    facility_import.save(update_fields=["status", "report", "updated_at"])
    return facility_import


def facility_import_progress(*, import_id: int, done: int, total: int) -> None:
    """Note how far a background validation has got (read by the polling page)."""
    report = FacilityImport.objects.filter(pk=import_id).values_list("report", flat=True).first()
    if report is None:
        return
    report = {**report, "progress": {"done": done, "total": total}}
    FacilityImport.objects.filter(pk=import_id, status=ImportStatus.PENDING).update(report=report)


@dataclass
class ApplyResult:
    applied: bool
    facility_import: FacilityImport
    message: str = ""


@transaction.atomic
def facility_import_apply(*, facility_import: FacilityImport, by: User) -> ApplyResult:
    """Write the import all-or-nothing, after validating the stored file again in this
    transaction. Returns applied=False (and writes no facility) when the file no longer
    validates against the registry, or when the database refuses a row."""
    locked = FacilityImport.objects.select_for_update().get(pk=facility_import.pk)
    if locked.status != ImportStatus.VALID:
        raise ValidationError(_("Only a validated import without errors can be applied."))
    lookups = load_lookups()
    plan = _stored_plan(locked, lookups=lookups)
    if not plan.is_valid:
        locked.status = ImportStatus.INVALID
        locked.report = {
            **plan.report(),
            "apply_error": _(
                "The registry changed since the file was checked; nothing was imported. "
                "See the problems below."
            ),
        }
        locked.save(update_fields=["status", "report", "updated_at"])
        return ApplyResult(
            applied=False, facility_import=locked, message=locked.report["apply_error"]
        )
    try:
        with transaction.atomic():
            result = _write_plan(plan, lookups=lookups, by=by, facility_import=locked)
    except IntegrityError as exc:
        logger.warning("Facility import %s refused by the database: %s", locked.pk, exc)
        message = _(
            "The database refused the import (another change conflicted with a row, for "
            "example an OS ID taken in the meantime); nothing was imported. Apply again to "
            "check the file against the registry as it is now."
        )
        locked.report = {**locked.report, "apply_error": message}
        locked.save(update_fields=["report", "updated_at"])
        return ApplyResult(applied=False, facility_import=locked, message=message)
    locked.status = ImportStatus.APPLIED
    locked.applied_at = timezone.now()
    report = plan.report()
    report.pop("apply_error", None)
    locked.report = {**report, "result": result}
    locked.save(update_fields=["status", "applied_at", "report", "updated_at"])
    return ApplyResult(applied=True, facility_import=locked)


def _new_codes(count: int) -> list[str]:
    if not count:
        return []
    first = int(facility_next_code()[len(FACILITY_CODE_PREFIX) :])
    return [f"{FACILITY_CODE_PREFIX}{n:05d}" for n in range(first, first + count)]


def _write_plan(
    plan: Plan, *, lookups: Lookups, by: User, facility_import: FacilityImport
) -> dict[str, int]:
    """Updates, then creates, then their product categories, the change log and the
    likely-duplicate flags; in bulk, a few queries per 500 rows."""
    now = timezone.now()
    summary = _("Imported from %(file)s (import %(id)s), row %(row)s")
    updates = plan.of("update")
    creates = plan.of("create")
    through = Facility.product_categories.through

    # Updates: every updatable field is written (unchanged ones with their current value).
    updated = [_facility_from(r, now=now) for r in updates]
    Facility.objects.bulk_update(
        updated, [*UPDATABLE_FIELDS, "match_key", "updated_at"], batch_size=_BATCH
    )

    # Creates: codes the registry would give, one after another.
    created = []
    for r, code in zip(creates, _new_codes(len(creates)), strict=True):
        facility = _facility_from(r, now=now)
        facility.code = code
        facility.supplier_id = r.supplier_id
        facility.created_at = now
        created.append(facility)
    created = Facility.objects.bulk_create(created, batch_size=_BATCH)
    if created and created[0].pk is None:  # a database that returns no ids from bulk inserts
        ids = dict(
            Facility.objects.filter(code__in=[f.code for f in created]).values_list("code", "id")
        )
        for facility in created:
            facility.pk = ids[facility.code]

    # Product categories: replace the links of changed facilities, add those of new ones.
    changed_ids = [r.facility_id for r in updates if r.categories_changed]
    if changed_ids:
        through.objects.filter(facility_id__in=changed_ids).delete()
    links = [
        through(facility_id=r.facility_id, productcategory_id=c)
        for r in updates
        if r.categories_changed
        for c in sorted(r.categories)
    ] + [
        through(facility_id=f.pk, productcategory_id=c)
        for r, f in zip(creates, created, strict=True)
        for c in sorted(r.categories)
    ]
    through.objects.bulk_create(links, batch_size=_BATCH)

    # The change log: one entry per created or changed facility.
    def note(r: RowPlan) -> str:
        return summary % {
            "file": facility_import.original_name,
            "id": facility_import.pk,
            "row": r.row,
        }

    entries = [
        PendingChange(obj=f, action=ChangeAction.UPDATE, changes=r.changes, summary=note(r))
        for r, f in zip(updates, updated, strict=True)
    ]
    for r, f in zip(creates, created, strict=True):
        changes: dict[str, Any] = {"code": [None, f.code], "supplier": [None, r.supplier_id]}
        changes.update({k: [None, _plain(v)] for k, v in r.values.items() if v not in ("", None)})
        if r.categories:
            changes["product_categories"] = [
                None,
                sorted(lookups.category_codes[c] for c in r.categories),
            ]
        entries.append(
            PendingChange(obj=f, action=ChangeAction.CREATE, changes=changes, summary=note(r))
        )
    record_changes(entries, actor=by)

    # Likely duplicates of the new facilities, for a person to review.
    flags = _flag_duplicates(creates, created, lookups)
    return {
        "created": len(created),
        "updated": len(updated),
        "unchanged": len(plan.of("unchanged")),
        "duplicates_flagged": flags,
    }


def _facility_from(r: RowPlan, *, now: dt.datetime) -> Facility:
    facility = Facility(pk=r.facility_id, code=r.code, **r.values)
    facility.match_key = r.match_key
    facility.updated_at = now
    return facility


def _flag_duplicates(creates: list[RowPlan], created: list[Facility], lookups: Lookups) -> int:
    if not created:
        return 0
    new_sites = [site_for_plan(r, ref=f.pk) for r, f in zip(creates, created, strict=True)]
    existing = [site_for_existing(f) for f in lookups.facilities.values()]
    flags = [
        PossibleDuplicate(
            facility_id=int(str(pair.new.ref)),
            similar_to_id=int(str(pair.other.ref)),
            reason=pair.reason,
        )
        for pair in likely_duplicates(new_sites, existing)
    ]
    PossibleDuplicate.objects.bulk_create(flags, batch_size=_BATCH, ignore_conflicts=True)
    return len(flags)


def _plain(value: Any) -> Any:
    return str(value) if not isinstance(value, str | int | type(None)) else value


@transaction.atomic
def possible_duplicate_review(
    *, duplicate: PossibleDuplicate, status: DuplicateStatus | str, by: User
) -> PossibleDuplicate:
    """Record a person's verdict on a flagged pair: not a duplicate, or a duplicate to merge by
    hand. Nothing is merged here; both facilities' histories note the verdict."""
    if status not in (DuplicateStatus.NOT_DUPLICATE, DuplicateStatus.CONFIRMED):
        raise ValidationError(_("Choose “not a duplicate” or “duplicate”."))
    locked = (
        PossibleDuplicate.objects.select_for_update()
        .select_related("facility", "similar_to")
        .get(pk=duplicate.pk)
    )
    before = locked.status
    if before == status:
        return locked
    locked.status = str(status)
    locked.save(update_fields=["status", "updated_at"])
    record_change(
        obj=locked,
        actor=by,
        action=ChangeAction.UPDATE,
        changes={"status": [before, locked.status]},
    )
    verdict = DuplicateStatus(locked.status).label
    for facility, other in (
        (locked.facility, locked.similar_to),
        (locked.similar_to, locked.facility),
    ):
        record_change(
            obj=facility,
            actor=by,
            action=ChangeAction.EVENT,
            summary=_("Possible duplicate of %(code)s reviewed: %(verdict)s")
            % {"code": other.code, "verdict": verdict},
        )
    return locked
