"""Likely duplicates are flagged for review after an import, never merged; staff record a
verdict on the review page."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sourceproof.core.changelog import history_for
from sourceproof.core.models import ChangeAction
from sourceproof.core.testing import FacilityFactory, Personas
from sourceproof.facilities.importing import services
from sourceproof.facilities.importing.duplicates import Site, distance_m, likely_duplicates
from sourceproof.facilities.importing.testing import csv_bytes, template_row
from sourceproof.facilities.models import DuplicateStatus, Facility, PossibleDuplicate

pytestmark = pytest.mark.django_db


def _apply(personas: Personas, rows: list[dict[str, Any]]) -> dict[str, Any]:
    facility_import = services.facility_import_upload(
        data=csv_bytes(rows), original_name="new.csv", by=personas.quality_manager
    )
    assert facility_import.report["errors"] == []
    result = services.facility_import_apply(facility_import=facility_import, by=personas.admin)
    assert result.applied
    return result.facility_import.report


def test_it_flags_new_facilities_that_look_like_existing_ones(personas: Personas) -> None:
    existing = FacilityFactory.create(
        supplier=personas.supplier,
        name="Yiwu Gift Factory Co., Ltd.",
        address="1 Market Road",
        country="CN",
        latitude="29.300000",
        longitude="120.070000",
        sedex_zs="ZS7654321",
        amfori_id="156-012345-000",
    )
    number = personas.supplier.supplier_number
    rows = [
        # same name in the same country, another address
        template_row(
            supplier_number=number, name="YIWU GIFT FACTORY", address="88 Other St", country="CN"
        ),
        # 150 m north of it
        template_row(
            supplier_number=number,
            name="Hill Print",
            address="3 Hill Road",
            country="CN",
            latitude="29.301350",
            longitude="120.070000",
        ),
        # same Sedex site, same amfori ID
        template_row(
            supplier_number=number,
            name="Unrelated",
            address="9 Far Road",
            country="CN",
            sedex_zs="ZS7654321",
        ),
        template_row(
            supplier_number=number,
            name="Also unrelated",
            address="10 Far Road",
            country="CN",
            amfori_id="156-012345-000",
        ),
        # nothing alike: not flagged
        template_row(
            supplier_number=number,
            name="Yiwu Gift Factory",
            address="1 Market Road",
            country="VN",
            latitude="10.0",
            longitude="106.0",
        ),
    ]
    facilities_before = Facility.objects.count()

    report = _apply(personas, rows)

    assert report["counts"]["duplicates"] == 4
    assert report["result"]["duplicates_flagged"] == 4
    assert Facility.objects.count() == facilities_before + 5  # created, not merged
    flags = {
        Facility.objects.get(pk=p.facility_id).name: p.reason
        for p in PossibleDuplicate.objects.filter(similar_to=existing)
    }
    assert flags == {
        "YIWU GIFT FACTORY": "same name in the same country, different address",
        "Hill Print": "coordinates 150 m apart",
        "Unrelated": "same Sedex site reference ZS7654321",
        "Also unrelated": "same amfori ID 156-012345-000",
    }
    assert set(PossibleDuplicate.objects.values_list("status", flat=True)) == {"open"}


def test_it_flags_two_new_rows_that_look_alike_once(personas: Personas) -> None:
    number = personas.supplier.supplier_number
    rows = [
        template_row(supplier_number=number, name="Twin", address="1 A Road", country="CN"),
        template_row(supplier_number=number, name="Twin", address="2 B Road", country="CN"),
    ]

    report = _apply(personas, rows)

    assert report["duplicates"] == [
        {
            "row": 3,
            "name": "Twin",
            "similar_to": "row 2",
            "reason": "same name in the same country, different address",
        }
    ]
    pair = PossibleDuplicate.objects.get()
    assert pair.facility.address == "2 B Road"
    assert pair.similar_to.address == "1 A Road"


def test_the_review_page_shows_pairs_side_by_side_and_records_the_verdict(
    personas: Personas, client_for: Any
) -> None:
    new = FacilityFactory.create(supplier=personas.supplier, name="Twin", address="2 B Road")
    old = FacilityFactory.create(supplier=personas.supplier, name="Twin", address="1 A Road")
    pair = PossibleDuplicate.objects.create(facility=new, similar_to=old, reason="same name")
    other = PossibleDuplicate.objects.create(facility=old, similar_to=new, reason="same name")
    client = client_for("quality_manager")

    page = client.get(reverse("facility_data:duplicate_list")).content.decode()
    assert "2 B Road" in page and "1 A Road" in page
    assert page.count('name="status" value="not_duplicate"') == 2

    response = client.post(
        reverse("facility_data:duplicate_review", args=[pair.pk]), {"status": "not_duplicate"}
    )
    assert response.status_code == 302
    client.post(reverse("facility_data:duplicate_review", args=[other.pk]), {"status": "confirmed"})

    pair.refresh_from_db()
    other.refresh_from_db()
    assert pair.status == DuplicateStatus.NOT_DUPLICATE
    assert other.status == DuplicateStatus.CONFIRMED
    assert Facility.objects.filter(pk__in=[new.pk, old.pk]).count() == 2  # nothing merged
    review = history_for(pair).get()
    assert review.changes == {"status": ["open", "not_duplicate"]}
    assert review.actor == personas.quality_manager
    events = history_for(new).filter(action=ChangeAction.EVENT)
    assert {e.summary for e in events} == {
        f"Possible duplicate of {old.code} reviewed: Not a duplicate",
        f"Possible duplicate of {old.code} reviewed: Duplicate (to merge by hand)",
    }
    assert (
        "Nothing to review." in client.get(reverse("facility_data:duplicate_list")).content.decode()
    )


def test_a_bad_verdict_changes_nothing(personas: Personas, client_for: Any) -> None:
    pair = PossibleDuplicate.objects.create(
        facility=personas.facility, similar_to=personas.other_facility, reason="x"
    )

    client_for("admin").post(
        reverse("facility_data:duplicate_review", args=[pair.pk]), {"status": "merged"}
    )

    pair.refresh_from_db()
    assert pair.status == DuplicateStatus.OPEN


def test_distance_and_the_grid_agree_near_the_poles() -> None:
    assert round(distance_m(0, 0, 0, 0.001)) == 111
    north = Site(ref=1, name_key="a", address_key="", country="NO", latitude=78.2, longitude=15.6)
    east = Site(ref=2, name_key="b", address_key="", country="NO", latitude=78.2, longitude=15.6075)
    pairs = likely_duplicates([east], [north])
    assert [p.reason for p in pairs] == ["coordinates 171 m apart"]
