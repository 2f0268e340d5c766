"""Reads of photo evidence, scoped by the acting user through the inspections app's scope.

A photo is visible to whoever may see its inspection (`inspection_queryset`: operator roles
all, an inspector the inspections assigned to them, a customer user its orders' reviewed
inspections, a supplier user its facilities' reviewed inspections). A golden-sample photo is
the order's reference, shown beside every later inspection of the order: it is also visible
to whoever may see any inspection of that order. Anything else is a 404.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.http import Http404

from sourceproof.accounts.models import Role, User
from sourceproof.accounts.permissions import Action, can
from sourceproof.evidence import rules
from sourceproof.evidence.models import Photo, PhotoSide
from sourceproof.inspections.models import (
    GOLDEN_SAMPLE_CHECKPOINT,
    GoldenSample,
    Inspection,
    InspectionStatus,
    InspectionType,
)
from sourceproof.inspections.selectors import get_inspection_for_user, inspection_queryset

# --------------------------------------------------------------------------- scope


def photo_queryset(*, user: User) -> QuerySet[Photo]:
    """Every photo the user may see (404 for a role that may see no inspection)."""
    visible = inspection_queryset(user=user)
    return Photo.objects.filter(
        Q(inspection__in=visible)
        | Q(golden_sample__isnull=False, golden_sample__order__in=visible.values("order_id"))
    )


def get_photo_for_user(*, user: User, pk: int) -> Photo:
    """One photo with what its page shows, or 404."""
    found = (
        photo_queryset(user=user)
        .select_related(
            "inspection",
            "inspection__facility",
            "inspection__order",
            "checkpoint_result",
            "defect_record",
            "defect_record__defect_type",
            "golden_sample",
            "uploaded_by",
            "reused_from",
            "reused_from__inspection",
        )
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("Not found.")
    return found


def get_inspection_by_ref(*, user: User, ref: str) -> Inspection:
    """An inspection by its report number or its numeric id, or 404 (report numbers are
    never all digits)."""
    if ref.isdigit():
        number = (
            inspection_queryset(user=user)
            .filter(pk=int(ref))
            .values_list("report_number", flat=True)
            .first()
        )
        if number is None:
            raise Http404("Not found.")
        ref = number
    return get_inspection_for_user(user=user, report_number=ref)


def may_see_inspection(*, user: User, inspection_id: int) -> bool:
    return inspection_queryset(user=user).filter(pk=inspection_id).exists()


# --------------------------------------------------------------------------- who may act


def is_performer(user: User, inspection: Inspection) -> bool:
    """The assigned inspector, or a quality manager or admin (as `inspection_start`)."""
    if not can(user, Action.PERFORM_INSPECTIONS):
        return False
    return user.role != Role.INSPECTOR or inspection.inspector_id == user.pk


def accepts_photos(inspection: Inspection) -> bool:
    """Photos are added while the inspection is in progress."""
    return inspection.status == InspectionStatus.IN_PROGRESS


def accepts_golden_photos(inspection: Inspection) -> bool:
    """Golden-sample photos are added during the PPI: in progress or submitted (when the
    golden sample itself may still be approved)."""
    return inspection.inspection_type == InspectionType.PPI and inspection.status in {
        InspectionStatus.IN_PROGRESS,
        InspectionStatus.SUBMITTED,
    }


def photos_deletable(inspection: Inspection) -> bool:
    """Photos may be taken back until the inspection is submitted."""
    return inspection.status in {InspectionStatus.PLANNED, InspectionStatus.IN_PROGRESS}


# --------------------------------------------------------------------------- near duplicates


@dataclass(frozen=True)
class NearMatch:
    photo_id: int
    inspection_id: int
    distance: int


def near_candidates(
    *, phash: int, exclude_inspection_id: int | None, max_distance: int
) -> QuerySet[Photo, tuple[int, int, int]]:
    """(id, inspection id, hash) of the stored photos sharing at least one probed band value
    with `phash`: a superset of those within `max_distance` bits. One query, a UNION ALL of
    one lookup per band, each answered from its covering index alone (see `rules` and
    docs/evidence.md); a photo matching in several bands comes once per band."""
    parts = []
    for i, values in enumerate(rules.band_probes(phash, max_distance)):
        part = Photo.objects.filter(**{f"phash_band{i}__in": values})
        if exclude_inspection_id is not None:
            part = part.exclude(inspection_id=exclude_inspection_id)
        parts.append(part.order_by().values_list("pk", "inspection_id", "phash"))
    return parts[0].union(*parts[1:], all=True)


def nearest_earlier_photo(
    *, phash: int, exclude_inspection_id: int | None, max_distance: int
) -> NearMatch | None:
    """The stored photo of another inspection nearest to `phash` within `max_distance` bits
    (ties: the earliest stored), whatever its inspection; None if there is none.

    Multi-index hashing (see `rules`): the candidates are read through the band indexes,
    which is guaranteed to include every hash within `max_distance`; the exact distance is
    computed on those candidates only."""
    best: tuple[int, int, int] | None = None  # (distance, id, inspection id)
    for pk, inspection_id, stored in near_candidates(
        phash=phash, exclude_inspection_id=exclude_inspection_id, max_distance=max_distance
    ):
        distance = rules.hamming(stored, phash)
        if distance <= max_distance and (best is None or (distance, pk) < best[:2]):
            best = (distance, pk, inspection_id)
    if best is None:
        return None
    return NearMatch(photo_id=best[1], inspection_id=best[2], distance=best[0])


# --------------------------------------------------------------------------- what pages show


@dataclass(frozen=True)
class PhotoCard:
    """A photo as a grid shows it: the earlier photo of a reuse is linked only when the
    user may see it."""

    photo: Photo
    reused_visible: bool = False


def photo_cards(*, user: User, photos: list[Photo]) -> list[PhotoCard]:
    """Cards for photos already read (one query for which earlier inspections are visible)."""
    earlier = {p.reused_from.inspection_id for p in photos if p.reused_from is not None}
    visible = (
        set(inspection_queryset(user=user).filter(pk__in=earlier).values_list("pk", flat=True))
        if earlier
        else set()
    )
    return [
        PhotoCard(
            photo=p,
            reused_visible=p.reused_from is not None and p.reused_from.inspection_id in visible,
        )
        for p in photos
    ]


def _photo_rows(photos: QuerySet[Photo]) -> QuerySet[Photo]:
    return photos.select_related(
        "inspection",
        "checkpoint_result",
        "defect_record",
        "defect_record__defect_type",
        "uploaded_by",
        "reused_from",
        "reused_from__inspection",
    ).order_by("received_at", "id")


def inspection_photo_cards(*, user: User, inspection: Inspection) -> list[PhotoCard]:
    """The inspection's own photos (golden-sample photos included for a PPI), oldest first.
    `inspection` must come from a scoped selector (`get_inspection_for_user`)."""
    return photo_cards(
        user=user, photos=list(_photo_rows(Photo.objects.filter(inspection=inspection)))
    )


@dataclass(frozen=True)
class SideRow:
    side: str
    label: str
    golden: list[PhotoCard]
    found: list[PhotoCard]


@dataclass(frozen=True)
class GoldenComparison:
    """The golden sample's photos by side beside this inspection's photos of the golden-sample
    checkpoint (or of the same side). Empty rows are left out."""

    golden_sample: GoldenSample | None
    rows: list[SideRow]
    unsided: list[PhotoCard]  # this inspection's golden-checkpoint photos without a side

    @property
    def has_photos(self) -> bool:
        return bool(self.rows or self.unsided)


def golden_comparison(
    *, user: User, inspection: Inspection, cards: list[PhotoCard] | None = None
) -> GoldenComparison:
    """Two queries at most (the golden sample, its photos); pass the inspection's cards
    when already read."""
    sample = GoldenSample.objects.filter(order_id=inspection.order_id).first()
    own = cards if cards is not None else inspection_photo_cards(user=user, inspection=inspection)
    golden: list[PhotoCard] = []
    if sample is not None:
        golden_photos = list(
            _photo_rows(Photo.objects.filter(golden_sample=sample)).exclude(inspection=inspection)
        )
        golden = photo_cards(user=user, photos=golden_photos) + [
            c for c in own if c.photo.is_golden
        ]
    found = [
        c
        for c in own
        if not c.photo.is_golden
        and (
            c.photo.side
            or (
                c.photo.checkpoint_result is not None
                and c.photo.checkpoint_result.key == GOLDEN_SAMPLE_CHECKPOINT
            )
        )
    ]
    rows = []
    for side, label in PhotoSide.choices:
        g = [c for c in golden if c.photo.side == side]
        f = [c for c in found if c.photo.side == side]
        if g or f:
            rows.append(SideRow(side=side, label=str(label), golden=g, found=f))
    return GoldenComparison(
        golden_sample=sample, rows=rows, unsided=[c for c in found if not c.photo.side]
    )


@dataclass(frozen=True)
class FlagCounts:
    total: int = 0
    time_outside: int = 0
    time_unknown: int = 0
    place_far: int = 0
    place_unknown: int = 0
    no_exif: int = 0
    reused: int = 0

    @property
    def attention(self) -> int:
        return self.time_outside + self.place_far + self.no_exif + self.reused


def flag_counts(cards: list[PhotoCard]) -> FlagCounts:
    photos = [c.photo for c in cards]
    return FlagCounts(
        total=len(photos),
        time_outside=sum(1 for p in photos if p.time_ok is False),
        time_unknown=sum(1 for p in photos if p.time_ok is None),
        place_far=sum(1 for p in photos if p.place_ok is False),
        place_unknown=sum(1 for p in photos if p.place_ok is None),
        no_exif=sum(1 for p in photos if p.no_exif),
        reused=sum(1 for p in photos if p.reused_from_id is not None),
    )


@dataclass(frozen=True)
class InspectionEvidence:
    """Everything the inspection's pages need of its photos, read in a fixed number of
    queries: all cards, grouped by checkpoint result and by defect record, the flag counts,
    the golden-sample comparison, and what the user may do."""

    inspection: Inspection
    cards: list[PhotoCard]
    by_checkpoint: dict[int, list[PhotoCard]] = field(default_factory=dict)
    by_defect: dict[int, list[PhotoCard]] = field(default_factory=dict)
    counts: FlagCounts = field(default_factory=FlagCounts)
    golden: GoldenComparison | None = None
    can_upload: bool = False
    can_upload_golden: bool = False
    can_delete: bool = False


def inspection_evidence(*, user: User, inspection: Inspection) -> InspectionEvidence:
    """`inspection` must come from a scoped selector (`get_inspection_for_user`)."""
    cards = inspection_photo_cards(user=user, inspection=inspection)
    by_checkpoint: dict[int, list[PhotoCard]] = {}
    by_defect: dict[int, list[PhotoCard]] = {}
    for card in cards:
        if card.photo.checkpoint_result_id is not None:
            by_checkpoint.setdefault(card.photo.checkpoint_result_id, []).append(card)
        if card.photo.defect_record_id is not None:
            by_defect.setdefault(card.photo.defect_record_id, []).append(card)
    performer = is_performer(user, inspection)
    golden = golden_comparison(user=user, inspection=inspection, cards=cards)
    return InspectionEvidence(
        inspection=inspection,
        cards=cards,
        by_checkpoint=by_checkpoint,
        by_defect=by_defect,
        counts=flag_counts(cards),
        golden=golden,
        can_upload=performer and accepts_photos(inspection),
        can_upload_golden=performer
        and accepts_golden_photos(inspection)
        and golden.golden_sample is not None,
        can_delete=performer and photos_deletable(inspection),
    )
