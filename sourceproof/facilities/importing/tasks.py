"""Background work of the facility import (django-tasks): validating a large file."""

from __future__ import annotations

from django_tasks import task

from sourceproof.facilities.models import FacilityImport, ImportStatus


@task()
def validate_facility_import(import_id: int) -> None:
    """Validate a stored import file, noting progress every 1,000 rows for the polling page."""
    from sourceproof.facilities.importing.services import (
        facility_import_progress,
        facility_import_validate,
    )

    facility_import = FacilityImport.objects.filter(pk=import_id).first()
    if facility_import is None or facility_import.status != ImportStatus.PENDING:
        return

    def progress(done: int, total: int) -> None:
        facility_import_progress(import_id=import_id, done=done, total=total)

    facility_import_validate(facility_import=facility_import, progress=progress)
