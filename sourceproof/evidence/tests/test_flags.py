"""The four evidence flags, judged on crafted photos: time, place, no EXIF, reuse."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from sourceproof.core.testing import Personas
from sourceproof.evidence import services
from sourceproof.evidence.models import EvidencePolicy, Photo, TimeBasis
from sourceproof.evidence.tests import crafted
from sourceproof.inspections.models import Inspection
from sourceproof.inspections.tests.builders import order_at

pytestmark = pytest.mark.django_db


def add(personas: Personas, inspection: Inspection, data: bytes, **kwargs: Any) -> Photo:
    return services.photo_add(
        inspection=inspection, file=crafted.upload(data), by=personas.inspector, **kwargs
    )


class TestTime:
    def test_it_accepts_a_photo_taken_during_the_inspection(self, personas: Personas) -> None:
        inspection = crafted.running(personas)
        taken = timezone.now() - dt.timedelta(minutes=5)
        photo = add(personas, inspection, crafted.photo(taken=taken))
        assert photo.time_ok is True
        assert photo.taken_basis == TimeBasis.OFFSET
        assert photo.taken_offset == "+08:00"
        assert photo.taken_at is not None
        assert abs((photo.taken_at - taken).total_seconds()) < 1
        assert photo.window_start == inspection.window_start
        assert photo.window_end is not None and photo.window_end > photo.received_at

    def test_it_flags_a_photo_taken_days_before_the_inspection(self, personas: Personas) -> None:
        inspection = crafted.running(personas)
        photo = add(
            personas, inspection, crafted.photo(taken=timezone.now() - dt.timedelta(days=3))
        )
        assert photo.time_ok is False
        assert photo.taken_at is not None and photo.window_start is not None
        assert photo.taken_at < photo.window_start

    def test_it_flags_a_capture_time_after_the_receipt(self, personas: Personas) -> None:
        inspection = crafted.running(personas)
        photo = add(
            personas, inspection, crafted.photo(taken=timezone.now() + dt.timedelta(hours=5))
        )
        assert photo.time_ok is False

    def test_it_reads_a_time_without_offset_as_the_facilitys_local_time(
        self, personas: Personas
    ) -> None:
        inspection = crafted.running(personas)
        taken = timezone.now() - dt.timedelta(minutes=10)
        shanghai = taken.astimezone(dt.timezone(dt.timedelta(hours=8))).replace(tzinfo=None)
        exif = crafted.exif_for(offset=None)
        exif.get_ifd(0x8769)[0x9003] = shanghai.strftime("%Y:%m:%d %H:%M:%S")
        photo = add(personas, inspection, crafted.encode(crafted.scene(3), "JPEG", exif))
        assert photo.taken_basis == TimeBasis.ASSUMED_ZONE
        assert photo.taken_zone == "Asia/Shanghai"
        assert photo.taken_offset == ""
        assert photo.time_ok is True

    def test_it_flags_a_local_time_that_does_not_fit_the_facilitys_zone(
        self, personas: Personas
    ) -> None:
        inspection = crafted.running(personas)
        # A camera set to Amsterdam time while the facility is in China: 6-7 hours off.
        amsterdam = timezone.localtime(timezone.now()).replace(tzinfo=None)
        exif = crafted.exif_for(offset=None)
        exif.get_ifd(0x8769)[0x9003] = amsterdam.strftime("%Y:%m:%d %H:%M:%S")
        photo = add(personas, inspection, crafted.encode(crafted.scene(4), "JPEG", exif))
        assert photo.taken_zone == "Asia/Shanghai"
        assert photo.time_ok is False

    def test_it_leaves_the_time_unknown_when_exif_has_none(self, personas: Personas) -> None:
        inspection = crafted.running(personas)
        photo = add(personas, inspection, crafted.photo(taken=None))
        assert photo.no_exif is False
        assert photo.taken_at is None
        assert photo.time_ok is None

    def test_it_uses_the_submission_as_the_end_of_the_window(self, personas: Personas) -> None:
        inspection = crafted.running(personas)
        taken = timezone.now() - dt.timedelta(minutes=1)
        data = crafted.photo(taken=taken)
        photo = services.photo_import(
            inspection=inspection,
            data=data,
            by=personas.inspector,
            received_at=timezone.now(),
        )
        assert photo.time_ok is True
        assert photo.created_now


class TestPlace:
    def test_it_accepts_a_photo_taken_at_the_facility(self, personas: Personas) -> None:
        crafted.place(personas.facility)
        inspection = crafted.running(personas)
        where = crafted.near(crafted.NINGBO, 0.4)
        photo = add(personas, inspection, crafted.photo(taken=timezone.now(), gps=where))
        assert photo.place_ok is True
        assert photo.distance_km is not None
        assert Decimal("0.3") < photo.distance_km < Decimal("0.5")
        assert photo.place_limit_km == Decimal("2.00")
        assert photo.latitude == Decimal(f"{where[0]:.6f}")

    def test_it_flags_a_photo_taken_50_km_away(self, personas: Personas) -> None:
        crafted.place(personas.facility)
        inspection = crafted.running(personas)
        where = crafted.near(crafted.NINGBO, 50)
        photo = add(personas, inspection, crafted.photo(taken=timezone.now(), gps=where))
        assert photo.place_ok is False
        assert photo.distance_km is not None
        assert Decimal("49.5") < photo.distance_km < Decimal("50.5")

    def test_it_leaves_the_place_unknown_without_gps(self, personas: Personas) -> None:
        crafted.place(personas.facility)
        inspection = crafted.running(personas)
        photo = add(personas, inspection, crafted.photo(taken=timezone.now(), gps=None))
        assert photo.place_ok is None
        assert photo.distance_km is None

    def test_it_leaves_the_place_unknown_when_the_facility_has_no_coordinates(
        self, personas: Personas
    ) -> None:
        crafted.place(personas.facility, None)
        inspection = crafted.running(personas)
        photo = add(personas, inspection, crafted.photo(taken=timezone.now(), gps=crafted.NINGBO))
        assert photo.latitude is not None
        assert photo.place_ok is None
        assert photo.distance_km is None


class TestNoExif:
    def test_it_flags_a_photo_without_exif_and_keeps_it(self, personas: Personas) -> None:
        crafted.place(personas.facility)
        inspection = crafted.running(personas)
        photo = add(personas, inspection, crafted.photo(with_exif=False))
        assert photo.pk is not None
        assert photo.no_exif is True
        assert photo.time_ok is None
        assert photo.place_ok is None
        assert photo.needs_attention

    def test_it_does_not_flag_a_png_carrying_exif(self, personas: Personas) -> None:
        inspection = crafted.running(personas)
        photo = add(personas, inspection, crafted.photo(taken=timezone.now(), fmt="PNG"))
        assert photo.no_exif is False
        assert photo.time_ok is True


class TestReuse:
    def test_it_flags_a_resized_recompressed_copy_from_another_inspection(
        self, personas: Personas
    ) -> None:
        first = crafted.running(personas)
        original = add(personas, first, crafted.photo(11, taken=timezone.now()))
        second = crafted.running(personas, order_at(personas))
        copy = crafted.near_copy(crafted.photo(11, taken=timezone.now()))
        photo = add(personas, second, copy)
        assert photo.sha256 != original.sha256
        assert photo.reused_from_id == original.pk
        assert photo.reuse_distance is not None
        assert photo.reuse_distance <= photo.reuse_max_distance == 6

    def test_it_does_not_flag_a_different_photo(self, personas: Personas) -> None:
        first = crafted.running(personas)
        add(personas, first, crafted.photo(21, taken=timezone.now()))
        second = crafted.running(personas, order_at(personas))
        photo = add(personas, second, crafted.photo(22, taken=timezone.now()))
        assert photo.reused_from is None
        assert photo.reuse_distance is None

    def test_it_does_not_flag_near_photos_of_the_same_inspection(self, personas: Personas) -> None:
        inspection = crafted.running(personas)
        data = crafted.photo(31, taken=timezone.now())
        add(personas, inspection, data)
        photo = add(personas, inspection, crafted.near_copy(data))
        assert photo.reused_from is None

    def test_it_flags_the_same_bytes_on_another_inspection_at_distance_zero(
        self, personas: Personas
    ) -> None:
        data = crafted.photo(41, taken=timezone.now())
        original = add(personas, crafted.running(personas), data)
        photo = add(personas, crafted.running(personas, order_at(personas)), data)
        assert photo.reused_from_id == original.pk
        assert photo.reuse_distance == 0

    def test_it_links_the_nearest_of_several_earlier_photos(self, personas: Personas) -> None:
        data = crafted.photo(51, taken=timezone.now())
        rough_copy = crafted.cropped(data, 0.02)
        assert 0 < crafted.phash_distance(data, rough_copy) <= 6
        rough = add(personas, crafted.running(personas), rough_copy)
        exact = add(personas, crafted.running(personas, order_at(personas)), data)
        photo = add(personas, crafted.running(personas, order_at(personas)), data)
        assert rough.pk != exact.pk
        assert photo.reused_from_id == exact.pk
        assert photo.reuse_distance == 0

    def test_it_follows_the_policy_threshold(self, personas: Personas) -> None:
        data = crafted.photo(61, taken=timezone.now())
        copy = crafted.cropped(data, 0.02)
        distance = crafted.phash_distance(data, copy)
        assert 0 < distance <= 6
        original = add(personas, crafted.running(personas), data)
        EvidencePolicy.objects.update_or_create(pk=1, defaults={"reuse_max_distance": distance - 1})
        strict = add(personas, crafted.running(personas, order_at(personas)), copy)
        assert strict.reused_from is None
        assert strict.reuse_max_distance == distance - 1
        services.photo_delete(photo=strict, by=personas.inspector)  # only the original left
        EvidencePolicy.objects.filter(pk=1).update(reuse_max_distance=distance)
        lenient = add(personas, crafted.running(personas, order_at(personas)), copy)
        assert lenient.reused_from_id == original.pk
        assert lenient.reuse_distance == distance
