"""The production photo feed, across all the customer's orders and per order: newest first,
every photo with its evidence badges, paginated with a "load more" (htmx), in a fixed number
of queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sourceproof.core.testing import Personas
from sourceproof.evidence.models import Photo
from sourceproof.portal import selectors
from sourceproof.portal.tests.builders import clone_photos, reviewed_psi

pytestmark = pytest.mark.django_db


@pytest.fixture
def psi(personas: Personas, django_capture_on_commit_callbacks: Any) -> Any:
    return reviewed_psi(personas, django_capture_on_commit_callbacks)


def test_it_shows_the_newest_photo_first_with_its_badges(
    personas: Personas, client_for: Any, psi: Any
) -> None:
    body = client_for("customer_user").get(reverse("portal:photo_feed")).content.decode()
    photos = list(Photo.objects.order_by("-received_at", "-id"))
    assert len(photos) > 3
    positions = [body.index(f'id="photo-{p.pk}"') for p in photos]
    assert positions == sorted(positions)
    assert "Time ✓" in body  # time checked
    assert "Place ✓" in body  # place checked
    assert "Place ✗" in body  # the photo taken 50 km away
    assert "Reused ✗" not in body  # none reused
    assert personas.order.number in body and psi.report_number in body


def test_it_flags_a_reused_photo(personas: Personas, client_for: Any, psi: Any) -> None:
    photo = Photo.objects.filter(inspection=psi).first()
    assert photo is not None
    earlier = Photo.objects.exclude(inspection=psi).first()
    assert earlier is not None
    Photo.objects.filter(pk=photo.pk).update(reused_from=earlier, reuse_distance=2)
    body = client_for("customer_user").get(reverse("portal:photo_feed")).content.decode()
    card = body[body.index(f'id="photo-{photo.pk}"') :]
    assert "Reused ✗" in card[: card.index("</figure>")]


def test_it_pages_with_load_more(personas: Personas, client_for: Any, psi: Any) -> None:
    first = Photo.objects.filter(inspection=psi).first()
    assert first is not None
    clone_photos(first, selectors.PHOTO_PAGE_SIZE + 5)
    client = client_for("customer_user")
    body = client.get(reverse("portal:photo_feed")).content.decode()
    assert body.count('class="photo-card') == selectors.PHOTO_PAGE_SIZE
    assert 'id="load-more"' in body and 'hx-get="?page=2"' in body
    more = client.get(reverse("portal:photo_feed") + "?page=2", HTTP_HX_REQUEST="true")
    fragment = more.content.decode()
    assert "<html" not in fragment
    total = Photo.objects.count()
    assert fragment.count('class="photo-card') == total - selectors.PHOTO_PAGE_SIZE
    shown_first = {p.pk for p in Photo.objects.order_by("-received_at", "-id")[:24]}
    assert not any(f'id="photo-{pk}"' in fragment for pk in shown_first)


def test_it_shows_one_orders_photos_only(personas: Personas, client_for: Any, psi: Any) -> None:
    url = reverse("portal:order_photos", args=[personas.order.number])
    body = client_for("customer_user").get(url).content.decode()
    assert (
        body.count('class="photo-card')
        == Photo.objects.filter(inspection__order=personas.order).count()
    )


def test_it_hides_photos_of_inspections_not_reviewed(personas: Personas, client_for: Any) -> None:
    from sourceproof.reports.tests.inspection_flow import performed_psi

    performed_psi(personas)  # submitted, not reviewed
    body = client_for("customer_user").get(reverse("portal:photo_feed")).content.decode()
    assert 'class="photo-card' not in body


def test_it_reads_in_a_fixed_number_of_queries(
    personas: Personas, client_for: Any, psi: Any
) -> None:
    client = client_for("customer_user")
    first = Photo.objects.filter(inspection=psi).first()
    assert first is not None
    Photo.objects.exclude(inspection=psi).exclude(golden_sample__isnull=False).delete()
    Photo.objects.filter(inspection=psi).exclude(pk=first.pk).update(reused_from=None)
    for url in (
        reverse("portal:photo_feed"),
        reverse("portal:order_photos", args=[personas.order.number]),
    ):
        with CaptureQueriesContext(connection) as few:
            assert client.get(url).status_code == 200
        clone_photos(first, 30)
        with CaptureQueriesContext(connection) as many:
            assert client.get(url).status_code == 200
        assert len(many) == len(few), url
