"""The pure rules: hash encoding, the multi-index guarantee, distances, the window, zones,
and EXIF's time formats."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sourceproof.evidence import imaging, rules

HASHES = st.integers(min_value=0, max_value=(1 << 64) - 1)


@given(HASHES)
def test_a_hash_survives_the_signed_column(value: int) -> None:
    signed = rules.to_signed(value)
    assert -(1 << 63) <= signed < 1 << 63
    assert rules.to_unsigned(signed) == value
    assert rules.to_hex(signed) == f"{value:016x}"
    assert rules.hamming(signed, value) == 0


@given(HASHES, st.lists(st.integers(0, 63), max_size=rules.MAX_SEARCH_DISTANCE), st.data())
def test_the_band_probes_find_every_hash_within_the_distance(
    value: int, flips: list[int], data: st.DataObject
) -> None:
    other = value
    for bit in flips:
        other ^= 1 << bit
    distance = rules.hamming(value, other)
    max_distance = data.draw(st.integers(distance, rules.MAX_SEARCH_DISTANCE))
    probes = rules.band_probes(value, max_distance)
    assert any(band in probes[i] for i, band in enumerate(rules.bands(other)))


def test_the_probes_per_band_grow_with_the_radius() -> None:
    assert [len(p) for p in rules.band_probes(0, 3)] == [1] * 4
    assert [len(p) for p in rules.band_probes(0, 7)] == [17] * 4
    assert [len(p) for p in rules.band_probes(0, 11)] == [137] * 4
    with pytest.raises(ValueError):
        rules.band_probes(0, rules.MAX_SEARCH_DISTANCE + 1)


def test_the_bands_are_the_hash_in_four_16_bit_pieces() -> None:
    assert rules.bands(0x0123_4567_89AB_CDEF) == (0x0123, 0x4567, 0x89AB, 0xCDEF)
    assert rules.bands(rules.to_signed(0xFFFF_0000_0000_0001)) == (0xFFFF, 0, 0, 1)


def test_one_degree_of_latitude_is_111_km() -> None:
    assert rules.distance_km(30.0, 121.0, 31.0, 121.0) == pytest.approx(111.195, abs=0.01)
    assert rules.distance_km(52.37, 4.90, 52.37, 4.90) == 0


def test_the_place_is_unknown_without_both_positions() -> None:
    assert rules.place_ok(None, (1.0, 1.0), 2.0) == (None, None)
    assert rules.place_ok((1.0, 1.0), None, 2.0) == (None, None)
    ok, km = rules.place_ok((30.0, 121.0), (30.01, 121.0), 2.0)
    assert ok is True and km == pytest.approx(1.112, abs=0.01)


def test_the_window_includes_both_ends() -> None:
    start = dt.datetime(2026, 3, 4, 8, 0, tzinfo=dt.UTC)
    end = start + dt.timedelta(hours=8)
    assert rules.time_in_window(start, start, end) is True
    assert rules.time_in_window(end, start, end) is True
    assert rules.time_in_window(end + dt.timedelta(seconds=1), start, end) is False
    assert rules.time_in_window(None, start, end) is None
    with pytest.raises(ValueError):
        rules.time_in_window(dt.datetime(2026, 3, 4, 9, 0), start, end)


def test_a_facility_gets_its_countrys_zone_or_the_nearest() -> None:
    assert rules.local_zone("CN") == "Asia/Shanghai"
    assert rules.local_zone("bd") == "Asia/Dhaka"
    assert rules.local_zone("US", 34.05, -118.25) == "America/Los_Angeles"
    assert rules.local_zone("XX") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("+08:00", dt.timedelta(hours=8)),
        ("-03:30", -dt.timedelta(hours=3, minutes=30)),
        ("+15:00", None),
        ("08:00", None),
        ("", None),
    ],
)
def test_exif_offsets(text: str, expected: dt.timedelta | None) -> None:
    assert imaging.parse_exif_offset(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026:03:04 10:11:12", dt.datetime(2026, 3, 4, 10, 11, 12)),
        ("2026:03:04 10:11:12\x00", dt.datetime(2026, 3, 4, 10, 11, 12)),
        ("    :  :     :  :  ", None),
        ("0000:00:00 00:00:00", None),
    ],
)
def test_exif_times(text: str, expected: dt.datetime | None) -> None:
    assert imaging.parse_exif_datetime(text) == expected
