"""Photo evidence: every photo of an inspection with what makes it trustworthy or not.

A `Photo` belongs to one inspection, and optionally to one of its checkpoint results, one of
its defect records, or the order's golden sample (then with the side shown). It stores the
file (default storage: the file system or S3, never a public URL), its SHA-256 (one photo
per content per inspection: a resend returns the stored row), the server's receive time,
what EXIF says (capture time, UTC offset, GPS position), the pixel size, a perceptual hash,
and the four evidence flags with the measurements behind them, frozen at upload:

- `time_ok`: the capture time lies in the inspection's window (`window_start`..`window_end`);
- `place_ok`: the GPS position lies within `place_limit_km` of the facility (`distance_km`);
- `no_exif`: the file carries no EXIF at all (flagged, never refused);
- `reused_from`: the nearest earlier photo of any other inspection whose perceptual hash is
  within `reuse_max_distance` bits (`reuse_distance`).

docs/evidence.md defines each flag exactly. Writes go through `evidence/services.py`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sourceproof.core.models import BaseModel
from sourceproof.evidence.rules import BAND_MASK, MAX_SEARCH_DISTANCE


class PhotoSide(models.TextChoices):
    FRONT = "front", _("Front")
    BACK = "back", _("Back")
    LEFT = "left", _("Left")
    RIGHT = "right", _("Right")
    TOP = "top", _("Top")
    BOTTOM = "bottom", _("Bottom")
    DETAIL = "detail", _("Detail")


class TimeBasis(models.TextChoices):
    OFFSET = "offset", _("the camera's UTC offset")
    ASSUMED_ZONE = "assumed_zone", _("the facility's local time (the photo has no UTC offset)")


class EvidencePolicy(models.Model):
    """The photo-evidence policy: one row (pk=1), edited by operator admins.

    The place limit and the time window's slack are the inspection policy's
    (`InspectionPolicy.photo_max_distance_km`, `photo_window_slack_minutes`): they belong to
    the inspection. A change applies to photos received afterwards; each photo keeps the
    limits it was judged by."""

    reuse_max_distance = models.PositiveSmallIntegerField(
        default=6,
        validators=[MaxValueValidator(MAX_SEARCH_DISTANCE)],
        help_text=(
            "A photo whose perceptual hash differs in at most this many of 64 bits from a "
            f"photo of another inspection is flagged as reused (0-{MAX_SEARCH_DISTANCE})."
        ),
    )
    max_megapixels = models.PositiveSmallIntegerField(
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(150)],
        help_text="Uploads with more pixels than this (in millions) are refused.",
    )
    updated_at = models.DateTimeField(auto_now=True, help_text="When the policy last changed.")

    class Meta:
        verbose_name = _("photo evidence policy")
        verbose_name_plural = _("photo evidence policy")
        constraints: ClassVar = [
            models.CheckConstraint(condition=models.Q(pk=1), name="evidence_policy_singleton"),
            models.CheckConstraint(
                condition=models.Q(reuse_max_distance__lte=MAX_SEARCH_DISTANCE),
                name="evidence_policy_reuse_distance_searchable",
            ),
            models.CheckConstraint(
                condition=models.Q(max_megapixels__gte=1, max_megapixels__lte=150),
                name="evidence_policy_megapixels_range",
            ),
        ]

    def __str__(self) -> str:
        return "Photo evidence policy"

    @classmethod
    def current(cls) -> EvidencePolicy:
        policy, _created = cls.objects.get_or_create(pk=1)
        return policy


def photo_path(instance: Photo, filename: str) -> str:
    return f"evidence/{instance.inspection_id}/{filename}"


def rendition_path(instance: Photo, filename: str) -> str:
    return f"evidence/{instance.inspection_id}/renditions/{filename}"


class Photo(BaseModel):
    """One photo of an inspection, with its evidence flags and their measurements."""

    inspection = models.ForeignKey(
        "inspections.Inspection",
        on_delete=models.PROTECT,
        related_name="photos",
        help_text="The inspection the photo was taken for.",
    )
    checkpoint_result = models.ForeignKey(
        "inspections.CheckpointResult",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="photos",
        help_text="The checkpoint it documents, if any.",
    )
    defect_record = models.ForeignKey(
        "inspections.DefectRecord",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="photos",
        help_text="The defect record it documents, if any.",
    )
    golden_sample = models.ForeignKey(
        "inspections.GoldenSample",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="photos",
        help_text="The golden sample it shows (photos taken at the PPI).",
    )
    side = models.CharField(
        max_length=10,
        choices=PhotoSide.choices,
        blank=True,
        help_text="Which side of the product it shows (required for golden-sample photos).",
    )
    image = models.FileField(
        upload_to=photo_path, max_length=300, help_text="The file as uploaded, byte for byte."
    )
    display = models.FileField(
        upload_to=rendition_path,
        max_length=300,
        blank=True,
        help_text="A JPEG copy for browsers that cannot show the original (HEIC).",
    )
    thumbnail = models.FileField(
        upload_to=rendition_path,
        max_length=300,
        blank=True,
        help_text="A small JPEG, made in the background after upload.",
    )
    original_name = models.CharField(
        max_length=255, blank=True, help_text="The file name the uploader's device gave."
    )
    content_type = models.CharField(
        max_length=40, help_text="The type found in the content (never the name's)."
    )
    size_bytes = models.PositiveIntegerField(help_text="The file's size in bytes.")
    width = models.PositiveIntegerField(help_text="Width in pixels, upright.")
    height = models.PositiveIntegerField(help_text="Height in pixels, upright.")
    sha256 = models.CharField(max_length=64, help_text="SHA-256 of the file's bytes (hex).")
    client_uid = models.UUIDField(
        null=True,
        blank=True,
        help_text="Key sent by an offline client so a resend never creates a duplicate.",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who uploaded it.",
    )
    received_at = models.DateTimeField(db_index=True, help_text="When the server received it.")
    # What EXIF says.
    no_exif = models.BooleanField(
        default=False, help_text="Flag: the file carries no EXIF at all (flagged, not refused)."
    )
    taken_raw = models.CharField(
        max_length=32, blank=True, help_text="EXIF DateTimeOriginal as written by the camera."
    )
    taken_offset = models.CharField(
        max_length=6, blank=True, help_text="EXIF OffsetTimeOriginal (or OffsetTime), e.g. +08:00."
    )
    taken_at = models.DateTimeField(
        null=True, blank=True, help_text="The capture moment read from EXIF, if any."
    )
    taken_basis = models.CharField(
        max_length=15,
        choices=TimeBasis.choices,
        blank=True,
        help_text="How the capture moment was placed in time: the camera's offset, or the "
        "facility's local time zone assumed.",
    )
    taken_zone = models.CharField(
        max_length=64, blank=True, help_text="The time zone assumed when EXIF had no offset."
    )
    latitude = models.DecimalField(
        max_digits=9, decimal_places=6, null=True, blank=True, help_text="EXIF GPS latitude."
    )
    longitude = models.DecimalField(
        max_digits=9, decimal_places=6, null=True, blank=True, help_text="EXIF GPS longitude."
    )
    # The time check and its measurements.
    window_start = models.DateTimeField(
        null=True, blank=True, help_text="Start of the inspection's window, as judged."
    )
    window_end = models.DateTimeField(
        null=True, blank=True, help_text="End of the inspection's window, as judged."
    )
    time_ok = models.BooleanField(
        null=True,
        blank=True,
        help_text="Flag: taken inside the window (empty: no capture time in the file).",
    )
    # The place check and its measurements.
    distance_km = models.DecimalField(
        max_digits=9,
        decimal_places=3,
        null=True,
        blank=True,
        help_text="Distance from the facility's coordinates (haversine), in km.",
    )
    place_limit_km = models.DecimalField(
        max_digits=6, decimal_places=2, null=True, blank=True, help_text="The limit applied."
    )
    place_ok = models.BooleanField(
        null=True,
        blank=True,
        help_text="Flag: within the limit (empty: the photo or the facility has no position).",
    )
    # The reuse check: a 64-bit perceptual hash, and its 4 bands of 16 bits for the index.
    phash = models.BigIntegerField(help_text="Perceptual hash (pHash), as a signed 64-bit integer.")
    phash_hex = models.CharField(max_length=16, help_text="The same hash in hex (16 digits).")
    phash_band0 = models.IntegerField(help_text="Bits 63-48 of the hash (near-duplicate index).")
    phash_band1 = models.IntegerField(help_text="Bits 47-32 of the hash (near-duplicate index).")
    phash_band2 = models.IntegerField(help_text="Bits 31-16 of the hash (near-duplicate index).")
    phash_band3 = models.IntegerField(help_text="Bits 15-0 of the hash (near-duplicate index).")
    reused_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reused_by",
        help_text="Flag: the nearest earlier photo of another inspection with a near hash.",
    )
    reuse_distance = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Hash distance to that photo (bits of 64)."
    )
    reuse_max_distance = models.PositiveSmallIntegerField(
        help_text="The reuse threshold applied (bits of 64)."
    )

    # Not a field: set by photo_add, True when this call stored the photo (API: 201 vs 200).
    created_now: bool = False

    class Meta:
        ordering: ClassVar = ["received_at", "id"]
        indexes: ClassVar = [
            # The near-duplicate index: one lookup per band, answered from the index alone
            # (SQLite: COVERING INDEX, PostgreSQL: Index Only Scan), see docs/evidence.md.
            # The id is the last key column rather than an INCLUDE column: SQLite has no
            # INCLUDE (Django warns models.W040 and drops it there), and as a trailing key
            # column it covers the lookup on both databases alike.
            *[
                models.Index(
                    fields=[f"phash_band{i}", "phash", "inspection", "id"],
                    name=f"photo_phash_band{i}_cover",
                )
                for i in range(4)
            ],
            models.Index(fields=["inspection", "received_at"], name="photo_inspection_received"),
        ]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["inspection", "sha256"], name="photo_content_once_per_inspection"
            ),
            models.UniqueConstraint(
                fields=["inspection", "client_uid"],
                condition=models.Q(client_uid__isnull=False),
                name="photo_client_uid_once_per_inspection",
            ),
            models.CheckConstraint(
                condition=models.Q(golden_sample__isnull=True) | ~models.Q(side=""),
                name="photo_golden_sample_has_side",
            ),
            models.CheckConstraint(
                condition=models.Q(reused_from__isnull=True, reuse_distance__isnull=True)
                | models.Q(reused_from__isnull=False, reuse_distance__isnull=False),
                name="photo_reuse_has_distance",
            ),
            models.CheckConstraint(
                condition=models.Q(place_ok__isnull=True) | models.Q(distance_km__isnull=False),
                name="photo_place_flag_has_distance",
            ),
            models.CheckConstraint(
                condition=models.Q(time_ok__isnull=True) | models.Q(taken_at__isnull=False),
                name="photo_time_flag_has_time",
            ),
            *[
                models.CheckConstraint(
                    condition=models.Q(
                        **{f"phash_band{i}__gte": 0, f"phash_band{i}__lte": BAND_MASK}
                    ),
                    name=f"photo_phash_band{i}_16_bits",
                )
                for i in range(4)
            ],
        ]

    def __str__(self) -> str:
        return f"Photo {self.sha256[:12]}"

    @property
    def is_golden(self) -> bool:
        return self.golden_sample_id is not None

    @property
    def megapixels(self) -> float:
        return round(self.width * self.height / 1e6, 1)

    def flags(self) -> dict[str, Any]:
        """The flags as plain values (the API and the report)."""
        return {
            "time_ok": self.time_ok,
            "place_ok": self.place_ok,
            "no_exif": self.no_exif,
            "reused": self.reused_from_id is not None,
        }

    @property
    def needs_attention(self) -> bool:
        """Any flag that speaks against the photo (unknowns do not count)."""
        return (
            self.time_ok is False
            or self.place_ok is False
            or self.no_exif
            or self.reused_from_id is not None
        )
