"""Serving a photo's files: only after a scoped selector found the photo, never from a
public media URL, and cached privately."""

from __future__ import annotations

from django.http import FileResponse

from sourceproof.evidence.models import Photo


def photo_file_response(photo: Photo, kind: str) -> FileResponse:
    """The original, the display copy (falls back to the original) or the thumbnail (falls
    back to the display copy, then the original, until the background task has run)."""
    fallback = False
    if kind == "thumbnail":
        field = photo.thumbnail or photo.display or photo.image
        fallback = not photo.thumbnail
    elif kind == "display":
        field = photo.display or photo.image
        fallback = not photo.display and photo.content_type not in {
            "image/jpeg",
            "image/png",
            "image/webp",
        }
    else:
        field = photo.image
    is_original = field.name == photo.image.name
    extension = photo.image.name.rsplit(".", 1)[-1] if is_original else "jpg"
    response = FileResponse(
        field.open("rb"),
        content_type=photo.content_type if is_original else "image/jpeg",
        as_attachment=False,
        filename=f"{photo.inspection.report_number}-photo-{photo.pk}"
        + ("" if kind == "image" else f"-{kind}")
        + f".{extension}",
    )
    # Private: only the browser of someone who passed the scope check may keep it.
    response["Cache-Control"] = "private, no-cache" if fallback else "private, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response
