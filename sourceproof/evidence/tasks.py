"""Background work of photo evidence (django-tasks): thumbnails."""

from __future__ import annotations

from django_tasks import task


@task()
def make_photo_thumbnail(photo_id: int) -> None:
    """Make a photo's thumbnail (and display copy) after its upload was committed."""
    from sourceproof.evidence.services import photo_thumbnail_make

    photo_thumbnail_make(photo_id=photo_id)
