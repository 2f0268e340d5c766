"""The customer's order list: its own orders only, filtered by status and number, the gate's
verdict at confirmation and the latest inspection verdict per order, in a fixed number of
queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sourceproof.core.testing import Personas
from sourceproof.portal.tests.builders import (
    confirm_through_gate,
    confirm_under_exception,
    more_orders,
)

pytestmark = pytest.mark.django_db


def test_it_lists_the_customers_own_orders_only(personas: Personas, client_for: Any) -> None:
    body = client_for("customer_user").get(reverse("portal:order_list")).content.decode()
    assert personas.order.number in body
    assert personas.other_order.number not in body
    assert "Bright Drinkware Plant 1" in body


def test_it_filters_by_status_and_number(personas: Personas, client_for: Any) -> None:
    draft = more_orders(personas, 1)[0]
    confirm_through_gate(personas)
    client = client_for("customer_user")
    body = client.get(reverse("portal:order_list") + "?status=confirmed").content.decode()
    assert personas.order.number in body and draft.number not in body
    body = client.get(reverse("portal:order_list") + f"?q={draft.number}").content.decode()
    assert draft.number in body and personas.order.number not in body
    fragment = client.get(
        reverse("portal:order_list") + "?status=draft", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "<html" not in fragment and draft.number in fragment


def test_it_ignores_a_status_that_does_not_exist(personas: Personas, client_for: Any) -> None:
    response = client_for("customer_user").get(reverse("portal:order_list") + "?status=nope")
    assert response.status_code == 200
    assert personas.order.number in response.content.decode()


def test_it_shows_the_gate_at_confirmation(personas: Personas, client_for: Any) -> None:
    passed = more_orders(personas, 1)[0]
    confirm_under_exception(personas)
    confirm_through_gate(personas, passed)
    body = client_for("customer_user").get(reverse("portal:order_list")).content.decode()
    assert 'class="badge warn">exception' in body
    assert 'class="badge ok">passed' in body


def test_it_reads_in_a_fixed_number_of_queries(personas: Personas, client_for: Any) -> None:
    client = client_for("customer_user")
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("portal:order_list")).status_code == 200
    more_orders(personas, 30)
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("portal:order_list")).status_code == 200
    assert len(many) == len(few)
