"""The photo pages: an inspection's photos, uploading through the form, one photo's page,
the files, removing a photo; and a constant number of queries whatever the photo count."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sourceproof.core.testing import Personas
from sourceproof.evidence import services
from sourceproof.evidence.models import Photo
from sourceproof.evidence.tests import crafted
from sourceproof.inspections.models import Inspection, InspectionType
from sourceproof.inspections.tests.builders import order_at

pytestmark = pytest.mark.django_db


def add(personas: Personas, inspection: Inspection, data: bytes, **kwargs: Any) -> Photo:
    return services.photo_add(
        inspection=inspection, file=crafted.upload(data), by=personas.inspector, **kwargs
    )


def photos_url(inspection: Inspection) -> str:
    return reverse("evidence:inspection_photos", args=[inspection.report_number])


def test_the_photos_page_shows_each_photo_with_its_flags(
    personas: Personas, client_for: Any
) -> None:
    crafted.place(personas.facility)
    inspection = crafted.running(personas)
    add(personas, inspection, crafted.photo(1, taken=timezone.now(), gps=crafted.NINGBO))
    far = crafted.near(crafted.NINGBO, 50)
    add(personas, inspection, crafted.photo(2, taken=timezone.now(), gps=far))
    add(personas, inspection, crafted.photo(3, with_exif=False))
    response = client_for("quality_manager").get(photos_url(inspection))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="photo-card') == 3
    assert "Time ✓" in html
    assert "Place ✗ 50.0 km away" in html
    assert "No EXIF" in html
    assert 'capture="environment"' in html  # a performer on an inspection in progress
    assert reverse("evidence:photo_upload", args=[inspection.report_number]) in html


def test_the_photos_page_has_no_upload_form_for_a_viewer(
    personas: Personas, client_for: Any
) -> None:
    inspection = crafted.running(personas)
    html = client_for("viewer").get(photos_url(inspection)).content.decode()
    assert "No photos yet." in html
    assert 'type="file"' not in html


def test_uploading_several_files_adds_each_and_names_the_refused_one(
    personas: Personas, client_for: Any
) -> None:
    inspection = crafted.running(personas)
    url = reverse("evidence:photo_upload", args=[inspection.report_number])
    response = client_for("inspector").post(
        url,
        {
            "photos": [
                crafted.upload(crafted.photo(1, taken=timezone.now()), "a.jpg"),
                crafted.upload(crafted.photo(2, taken=timezone.now()), "b.jpg"),
                crafted.upload(b"not a photo at all", "c.jpg"),
            ],
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == photos_url(inspection)
    html = response.content.decode()
    assert "a.jpg: added." in html
    assert "b.jpg: added." in html
    assert "c.jpg: This file is not a JPEG, PNG, HEIC or WebP image" in html
    assert Photo.objects.filter(inspection=inspection).count() == 2


def test_the_camera_input_attaches_a_photo_to_a_checkpoint(
    personas: Personas, client_for: Any
) -> None:
    inspection = crafted.running(personas, inspection_type=InspectionType.PSI)
    result = inspection.checkpoint_results.get(key="golden-sample")
    url = reverse("evidence:photo_upload", args=[inspection.report_number])
    back = reverse("inspections:inspection_detail", args=[inspection.report_number])
    response = client_for("inspector").post(
        url,
        {
            "camera": crafted.upload(crafted.photo(5, taken=timezone.now())),
            "checkpoint": result.pk,
            "side": "front",
            "next": back,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == back
    photo = Photo.objects.get()
    assert photo.checkpoint_result == result
    assert photo.side == "front"


def test_the_upload_page_refuses_an_empty_form_and_an_outside_next(
    personas: Personas, client_for: Any
) -> None:
    inspection = crafted.running(personas)
    url = reverse("evidence:photo_upload", args=[inspection.report_number])
    client = client_for("inspector")
    response = client.post(url, {})
    assert response.status_code == 200
    assert "Choose at least one photo." in response.content.decode()
    response = client.post(
        url,
        {"photos": [crafted.upload(crafted.photo(1))], "next": "https://evil.example/"},
    )
    assert response["Location"] == photos_url(inspection)


def test_the_photo_page_shows_the_measurements_and_links_the_earlier_photo(
    personas: Personas, client_for: Any
) -> None:
    crafted.place(personas.facility)
    first = crafted.running(personas)
    data = crafted.photo(8, taken=timezone.now(), gps=crafted.near(crafted.NINGBO, 0.2))
    original = add(personas, first, data)
    second = crafted.running(personas, order_at(personas))
    photo = add(personas, second, crafted.near_copy(data))
    response = client_for("quality_manager").get(reverse("evidence:photo_detail", args=[photo.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert photo.sha256 in html
    assert photo.phash_hex in html
    assert "window " in html
    assert reverse("evidence:photo_detail", args=[original.pk]) in html
    assert first.report_number in html
    assert "Remove this photo" in html
    assert "History" in html


def test_the_image_is_served_privately_byte_for_byte(personas: Personas, client_for: Any) -> None:
    data = crafted.photo(9, taken=timezone.now())
    photo = add(personas, crafted.running(personas), data)
    response = client_for("viewer").get(reverse("evidence:photo_image", args=[photo.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"].startswith("private")
    assert "inline" in response["Content-Disposition"]


def test_the_thumbnail_falls_back_to_the_original_until_it_is_made(
    personas: Personas, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    inspection = crafted.running(personas)
    data = crafted.photo(10, size=(1600, 1200), taken=timezone.now())
    photo = add(personas, inspection, data)
    url = reverse("evidence:photo_thumbnail", args=[photo.pk])
    client = client_for("inspector")
    before = client.get(url)
    assert b"".join(before.streaming_content) == data
    assert before["Cache-Control"] == "private, no-cache"
    services.photo_thumbnail_make(photo_id=photo.pk)
    after = client.get(url)
    thumb = b"".join(after.streaming_content)
    assert thumb != data and thumb[:2] == b"\xff\xd8"
    assert after["Cache-Control"] == "private, max-age=86400"


def test_removing_a_photo_from_its_page(personas: Personas, client_for: Any) -> None:
    inspection = crafted.running(personas)
    photo = add(personas, inspection, crafted.photo(12))
    response = client_for("inspector").post(reverse("evidence:photo_delete", args=[photo.pk]))
    assert response.status_code == 302
    assert response["Location"] == photos_url(inspection)
    assert not Photo.objects.filter(pk=photo.pk).exists()


def test_the_golden_sample_photos_appear_beside_the_psi_photos(
    personas: Personas, client_for: Any
) -> None:
    from sourceproof.inspections import services as inspection_services

    ppi = crafted.running(personas, inspection_type=InspectionType.PPI)
    golden = inspection_services.golden_sample_approve(
        inspection=ppi, seal_number="GS-77", by=personas.inspector
    )
    front = add(personas, ppi, crafted.photo(20), golden_sample=golden, side="front")
    psi = crafted.running(personas, inspection_type=InspectionType.PSI)
    result = psi.checkpoint_results.get(key="golden-sample")
    found = add(personas, psi, crafted.photo(21), checkpoint_result=result, side="front")
    html = client_for("inspector").get(photos_url(psi)).content.decode()
    table = html[html.index("golden-compare") :]
    assert "GS-77" in html
    assert f'id="photo-{front.pk}"' in table
    assert f'id="photo-{found.pk}"' in table


def _bulk_photos(inspection: Inspection, count: int, start: int) -> None:
    """Rows only (no files): the grid shows thumbnails by URL."""
    Photo.objects.bulk_create(
        [
            Photo(
                inspection=inspection,
                image=f"evidence/x/{start + i}.jpg",
                content_type="image/jpeg",
                size_bytes=1000,
                width=800,
                height=600,
                sha256=f"{start + i:064x}",
                received_at=timezone.now(),
                no_exif=i % 3 == 0,
                phash=start + i,
                phash_hex=f"{start + i:016x}",
                phash_band0=0,
                phash_band1=0,
                phash_band2=0,
                phash_band3=(start + i) % 65536,
                reuse_max_distance=6,
            )
            for i in range(count)
        ]
    )


@pytest.mark.parametrize("persona", ["quality_manager", "inspector"])
def test_the_photos_page_runs_the_same_queries_for_10_and_100_photos(
    personas: Personas, client_for: Any, persona: str
) -> None:
    client = client_for(persona)
    few = crafted.running(personas)
    many = crafted.running(personas, order_at(personas))
    earlier = add(personas, crafted.running(personas, order_at(personas)), crafted.photo(1))
    _bulk_photos(few, 10, 1000)
    _bulk_photos(many, 100, 5000)
    for inspection in (few, many):  # one reused photo each, linking another inspection
        first = Photo.objects.filter(inspection=inspection).order_by("id").values("pk")[:1]
        Photo.objects.filter(pk__in=first).update(reused_from=earlier, reuse_distance=1)
    counts = []
    for inspection in (few, many):
        client.get(photos_url(inspection))  # warm caches (content types, policies)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(photos_url(inspection))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_template_tag_gives_other_pages_the_photos_by_checkpoint(
    personas: Personas, rf: Any
) -> None:
    from django.template import Context, Template

    inspection = crafted.running(personas, inspection_type=InspectionType.PSI)
    result = inspection.checkpoint_results.get(key="golden-sample")
    mine = add(personas, inspection, crafted.photo(30), checkpoint_result=result)
    other = add(personas, inspection, crafted.photo(31))
    request = rf.get("/")
    request.user = personas.quality_manager
    html = Template(
        "{% load evidence %}{% inspection_evidence inspection as ev %}"
        '{% include "evidence/_photo_grid.html" with cards=ev.by_checkpoint|photos_of:r.pk %}'
        "|{{ ev.counts.total }}|{{ ev.can_upload }}|"
        '{% include "evidence/_upload_form.html" with inspection=inspection checkpoint=r %}'
    ).render(Context({"inspection": inspection, "r": result, "request": request}))
    assert f'id="photo-{mine.pk}"' in html
    assert f'id="photo-{other.pk}"' not in html
    assert "|2|True|" in html
    assert f'name="checkpoint" value="{result.pk}"' in html
    assert 'capture="environment"' in html
