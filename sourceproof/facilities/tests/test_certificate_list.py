"""The certificate list: expired and expiring certificates at a glance, by state and scheme."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sourceproof.core.models import OperatorPolicy
from sourceproof.core.testing import CertificateFactory, FacilityFactory, Personas
from sourceproof.facilities.models import Certificate, CertificateScheme

pytestmark = pytest.mark.django_db


def cert(
    facility: Any, days_left: int, scheme: str = CertificateScheme.SMETA_4P, **kw: Any
) -> Certificate:
    today = timezone.localdate()
    return CertificateFactory.create(
        facility=facility,
        scheme=scheme,
        valid_from=today - dt.timedelta(days=400),
        valid_until=today + dt.timedelta(days=days_left),
        **kw,
    )


def numbers(client: Any, **params: str) -> list[str]:
    response = client.get("/facilities/certificates/", params)
    assert response.status_code == 200
    return [row["certificate"].number for row in response.context["rows"]]


@pytest.fixture
def certificates(personas: Personas) -> None:
    cert(personas.facility, 61, number="VALID-61")
    cert(personas.facility, 60, scheme=CertificateScheme.ISO_9001, number="EXPIRING-60")
    cert(personas.facility, 0, scheme=CertificateScheme.FSC, number="EXPIRING-0")
    cert(personas.other_facility, -1, number="EXPIRED-1")
    cert(personas.other_facility, -30, scheme=CertificateScheme.GRS, number="OLD-GRS")
    cert(personas.other_facility, 300, scheme=CertificateScheme.GRS, number="NEW-GRS")


class TestCertificateList:
    def test_it_shows_what_needs_attention_by_default(
        self, certificates: None, client_for: Callable
    ) -> None:
        assert numbers(client_for("viewer")) == ["EXPIRED-1", "EXPIRING-0", "EXPIRING-60"]

    def test_it_filters_by_state(self, certificates: None, client_for: Callable) -> None:
        client = client_for("viewer")
        assert numbers(client, state="expiring") == ["EXPIRING-0", "EXPIRING-60"]
        assert numbers(client, state="expired") == ["EXPIRED-1"]
        assert numbers(client, state="valid") == [
            "EXPIRING-0",
            "EXPIRING-60",
            "VALID-61",
            "NEW-GRS",
        ]
        assert len(numbers(client, state="all")) == 6

    def test_it_leaves_out_a_certificate_replaced_by_a_later_one(
        self, certificates: None, client_for: Callable
    ) -> None:
        client = client_for("viewer")
        assert "OLD-GRS" not in numbers(client, state="expired")
        response = client.get("/facilities/certificates/", {"state": "all", "scheme": "grs"})
        assert "renewed" in response.content.decode()

    def test_it_filters_by_scheme_and_search(
        self, certificates: None, client_for: Callable
    ) -> None:
        client = client_for("viewer")
        assert numbers(client, state="all", scheme="fsc") == ["EXPIRING-0"]
        assert numbers(client, state="all", q="canvas") == ["OLD-GRS", "EXPIRED-1", "NEW-GRS"]

    def test_it_follows_the_policy_warning_days(
        self, certificates: None, client_for: Callable
    ) -> None:
        OperatorPolicy.objects.update_or_create(pk=1, defaults={"certificate_warning_days": 30})
        assert numbers(client_for("viewer"), state="expiring") == ["EXPIRING-0"]

    def test_it_shows_badges(self, certificates: None, client_for: Callable) -> None:
        body = client_for("viewer").get("/facilities/certificates/").content.decode()
        assert '<span class="badge bad">expired 1 day ago</span>' in body
        assert '<span class="badge warn">expires today</span>' in body
        assert '<span class="badge warn">expires in 60 days</span>' in body

    def test_it_scopes_to_the_supplier(self, certificates: None, client_for: Callable) -> None:
        assert numbers(client_for("supplier_user"), state="all") == [
            "EXPIRING-0",
            "EXPIRING-60",
            "VALID-61",
        ]
        assert numbers(client_for("other_supplier_user"), state="all") == [
            "OLD-GRS",
            "EXPIRED-1",
            "NEW-GRS",
        ]

    def test_it_runs_as_many_queries_for_100_rows_as_for_10(
        self, personas: Personas, client_for: Callable
    ) -> None:
        client = client_for("quality_manager")
        for facility in FacilityFactory.create_batch(10, supplier=personas.supplier):
            cert(facility, -5)
        client.get("/facilities/certificates/")  # warm up

        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                assert client.get("/facilities/certificates/?state=all").status_code == 200
            return len(queries)

        with_10 = count()
        for facility in FacilityFactory.create_batch(90, supplier=personas.supplier):
            cert(facility, 10)
        assert count() == with_10
