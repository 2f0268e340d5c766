"""The main menu leads customer users to their portal, and no one else."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sourceproof.core.testing import Personas

pytestmark = pytest.mark.django_db


def test_it_offers_customers_their_orders_and_photos(personas: Personas, client_for: Any) -> None:
    body = client_for("customer_user").get(reverse("core:dashboard")).content.decode()
    assert f'href="{reverse("portal:order_list")}"' in body
    assert f'href="{reverse("portal:photo_feed")}"' in body


@pytest.mark.parametrize("role", ["quality_manager", "supplier_user", "auditor", "inspector"])
def test_it_offers_no_portal_to_others(personas: Personas, client_for: Any, role: str) -> None:
    body = client_for(role).get(reverse("core:dashboard")).content.decode()
    assert f'<a href="{reverse("portal:order_list")}"' not in body
