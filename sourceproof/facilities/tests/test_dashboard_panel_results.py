"""The registry's dashboard panels give the same counts and items as a straightforward
computation in Python, on a registry full of edge cases, for every kind of user; and a
constant number of queries.

The Python reference reads every facility and certificate and applies the definitions
literally: a certificate needs attention while it is within the warning days (or expired)
and no later one of the same scheme at the same facility replaces it; a facility has no
valid SMETA 4-pillar when the certificate `with_smeta` chooses (one that counts today if any,
else the latest audit that has started) is missing, expired or too old.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sourceproof.accounts.models import OPERATOR_ROLES, Role, User
from sourceproof.core.testing import (
    CertificateFactory,
    FacilityFactory,
    OrderLineFactory,
    Personas,
)
from sourceproof.facilities.models import Certificate, CertificateScheme, Facility
from sourceproof.facilities.selectors import (
    NO_VALID_SMETA,
    PANEL_ITEMS,
    FacilityCertFilter,
    Policy,
    certificate_state,
    current_policy,
    dashboard_panels,
    facility_list,
    smeta_label,
    smeta_state,
)
from sourceproof.orders.models import PurchaseOrder

pytestmark = pytest.mark.django_db

SMETA_4P = CertificateScheme.SMETA_4P
DAY = dt.timedelta(days=1)


def cert(facility: Facility, scheme: str, valid_from: dt.date, valid_until: dt.date) -> None:
    CertificateFactory.create(
        facility=facility, scheme=scheme, valid_from=valid_from, valid_until=valid_until
    )


def build_registry(personas: Personas, policy: Policy) -> None:
    """Facilities of both suppliers with every edge case, some producing for each customer."""
    today = policy.today
    warn = policy.warning_until
    too_old = policy.too_old_on_or_before  # an audit dated on or before this no longer counts
    mine, theirs = personas.supplier, personas.other_supplier

    def facility(name: str, supplier: Any = mine, **kwargs: Any) -> Facility:
        return FacilityFactory.create(supplier=supplier, name=name, **kwargs)

    # certificates of the personas' facilities: the customer's and the other customer's
    cert(personas.facility, SMETA_4P, today - 100 * DAY, today + 300 * DAY)  # valid
    cert(personas.facility, CertificateScheme.ISO_9001, today - 700 * DAY, today)  # expires today
    cert(personas.other_facility, CertificateScheme.SA8000, today - 900 * DAY, today - DAY)

    # the warning boundary: the last day flagged, and the day after (not flagged)
    at_boundary = facility("Boundary Works")
    cert(at_boundary, SMETA_4P, today - 30 * DAY, warn)  # expiring: still counts
    cert(at_boundary, CertificateScheme.ISO_14001, today - 30 * DAY, warn + DAY)
    # expired yesterday (the first day expired) and renewed certificates, which do not count
    renewed = facility("Renewed Plant", supplier=theirs)
    cert(renewed, SMETA_4P, today - 800 * DAY, today - DAY)  # replaced by the next one
    cert(renewed, SMETA_4P, today - 10 * DAY, today + 400 * DAY)
    cert(renewed, CertificateScheme.ISO_9001, today - 400 * DAY, today + 5 * DAY)
    cert(renewed, CertificateScheme.ISO_9001, today - 5 * DAY, today + 500 * DAY)
    just_expired = facility("Yesterday Textiles")
    cert(just_expired, SMETA_4P, today - 300 * DAY, today - DAY)
    # an audit on the age limit (too old) and the day after it (counts)
    aged = facility("Aged Audit Crafts", supplier=theirs)
    cert(aged, SMETA_4P, too_old, today + 100 * DAY)
    young = facility("Young Audit Crafts", supplier=theirs)
    cert(young, SMETA_4P, too_old + DAY, today + 100 * DAY)
    # only a 2-pillar audit; nothing at all; an audit that has not started yet
    two_pillar = facility("Two Pillar Garments")
    cert(two_pillar, CertificateScheme.SMETA_2P, today - 50 * DAY, today + 300 * DAY)
    facility("Bare Factory A", supplier=theirs)
    facility("Bare Factory B")
    future = facility("Future Audit Ltd")
    cert(future, SMETA_4P, today + 3 * DAY, today + 400 * DAY)
    # two SMETA certificates: an expired newer audit and a too-old one still running; an
    # old expired one and a valid one; two expired ones (the later audit is shown)
    expired_and_old = facility("Twice Audited Mill", supplier=theirs)
    cert(expired_and_old, SMETA_4P, too_old - 10 * DAY, today + 20 * DAY)
    cert(expired_and_old, SMETA_4P, too_old + 5 * DAY, today - 2 * DAY)
    old_and_valid = facility("Twice Valid Mill")
    cert(old_and_valid, SMETA_4P, today - 900 * DAY, today - 200 * DAY)
    cert(old_and_valid, SMETA_4P, today - 20 * DAY, today + 200 * DAY)
    twice_expired = facility("Twice Expired Mill", supplier=theirs)
    cert(twice_expired, SMETA_4P, today - 600 * DAY, today - 5 * DAY)
    cert(twice_expired, SMETA_4P, today - 900 * DAY, today - 300 * DAY)
    # suspended: left out of the SMETA panel, its certificates still count
    suspended = facility("Suspended Works", is_suspended=True, suspension_reason="Audit fraud")
    cert(suspended, CertificateScheme.FSC, today - 800 * DAY, today - 30 * DAY)
    # more expiring and expired certificates than a panel shows, some on the same day
    for n in range(7):
        busy = facility(f"Busy Plant {n}", supplier=theirs if n % 2 else mine)
        cert(busy, SMETA_4P, today - 40 * DAY, today + (n % 3) * DAY)
        cert(busy, CertificateScheme.GRS, today - 500 * DAY, today - (1 + n % 2) * DAY)

    # the customers' orders: which facilities each customer user sees
    for f in (at_boundary, just_expired, aged, two_pillar, suspended, expired_and_old):
        OrderLineFactory.create(order__customer=personas.customer, order__facility=f)
    for f in (renewed, young, future, twice_expired):
        OrderLineFactory.create(order__customer=personas.other_customer, order__facility=f)


# --- the reference ------------------------------------------------------------------------


def scope(user: User) -> list[Facility]:
    facilities = list(Facility.objects.select_related("supplier"))
    if user.role in OPERATOR_ROLES:
        return facilities
    if user.role == Role.SUPPLIER_USER:
        return [f for f in facilities if f.supplier.organisation_id == user.organisation_id]
    produced = set(
        PurchaseOrder.objects.filter(customer_id=user.organisation_id).values_list(
            "facility_id", flat=True
        )
    )
    return [f for f in facilities if f.pk in produced]


def expected_panels(user: User, policy: Policy) -> dict[str, dict[str, Any]]:
    today = policy.today
    facilities = {f.pk: f for f in scope(user)}
    everything = list(Certificate.objects.all())
    mine = [c for c in everything if c.facility_id in facilities]

    def renewed(c: Certificate) -> bool:
        return any(
            o.facility_id == c.facility_id
            and o.scheme == c.scheme
            and o.valid_until > c.valid_until
            for o in everything
        )

    attention = [c for c in mine if c.valid_until <= policy.warning_until and not renewed(c)]
    expiring = sorted(
        (c for c in attention if c.valid_until >= today),
        key=lambda c: (c.valid_until, facilities[c.facility_id].name, c.pk),
    )
    expired = sorted(
        (c for c in attention if c.valid_until < today),
        key=lambda c: (-c.valid_until.toordinal(), c.pk),
    )

    def cert_item(c: Certificate) -> dict[str, str]:
        f = facilities[c.facility_id]
        return {
            "label": f"{f.name} · {c.get_scheme_display()}",
            "url": reverse("facilities:facility_detail", args=[f.code]),
            "note": certificate_state(c, today, policy.warning_days).label,
        }

    def chosen(f: Facility) -> Certificate | None:
        started = [
            c
            for c in mine
            if c.facility_id == f.pk and c.scheme == SMETA_4P and c.valid_from <= today
        ]

        def counts(c: Certificate) -> bool:
            return c.valid_until >= today and c.valid_from > policy.too_old_on_or_before

        def key(c: Certificate) -> tuple[int, int, int, int]:
            return (
                0 if counts(c) else 1,
                -c.valid_from.toordinal(),
                -c.valid_until.toordinal(),
                -c.pk,
            )

        return min(started, key=key) if started else None

    without = []
    for f in facilities.values():
        c = chosen(f)
        state = smeta_state(c.valid_until if c else None, c.valid_from if c else None, policy)
        if not f.is_suspended and state in NO_VALID_SMETA:
            without.append((c.valid_until if c else None, f, state))
    without.sort(key=lambda r: (r[0] is not None, r[0] or today, r[1].name, r[1].pk))
    return {
        "certificates-expiring": {
            "count": len(expiring),
            "items": [cert_item(c) for c in expiring[:PANEL_ITEMS]],
        },
        "certificates-expired": {
            "count": len(expired),
            "items": [cert_item(c) for c in expired[:PANEL_ITEMS]],
        },
        "facilities-without-smeta": {
            "count": len(without),
            "items": [
                {
                    "label": f"{f.name} ({f.code})",
                    "url": reverse("facilities:facility_detail", args=[f.code]),
                    "note": smeta_label(state),
                }
                for _until, f, state in without[:PANEL_ITEMS]
            ],
        },
    }


def actual_panels(user: User) -> dict[str, dict[str, Any]]:
    return {
        p["key"]: {"count": p["count"], "items": p["items"]} for p in dashboard_panels(user=user)
    }


USERS = ["quality_manager", "viewer", "supplier_user", "other_supplier_user", "customer_user",
         "other_customer_user"]  # fmt: skip


class TestDashboardPanelResults:
    @pytest.mark.parametrize("who", USERS)
    def test_it_matches_the_reference(self, personas: Personas, who: str) -> None:
        policy = current_policy()
        build_registry(personas, policy)
        user = getattr(personas, who)

        assert actual_panels(user) == expected_panels(user, policy)

    def test_it_covers_the_edge_cases(self, personas: Personas) -> None:
        """The reference is not vacuous: the operator's panels hold what the data was made for."""
        policy = current_policy()
        build_registry(personas, policy)
        panels = expected_panels(personas.quality_manager, policy)

        assert panels["certificates-expiring"]["count"] == 10  # 7 busy, today, boundary, too old
        assert panels["certificates-expired"]["count"] == 11  # 7 busy, SA8000, FSC, 2 SMETA
        notes = {i["label"]: i["note"] for i in panels["facilities-without-smeta"]["items"]}
        assert panels["facilities-without-smeta"]["count"] == 9
        # no SMETA 4-pillar at all first (by name), then by the chosen certificate's last day
        assert list(notes) == [
            f"{f.name} ({f.code})"
            for f in Facility.objects.filter(
                name__in=[
                    "Bare Factory A",
                    "Bare Factory B",
                    "Canvas Bags Unit 2",
                    "Future Audit Ltd",
                    "Two Pillar Garments",
                ]
            ).order_by("name")
        ]
        assert set(notes.values()) == {"No SMETA 4P"}

    def test_it_agrees_with_the_facility_list_filter(self, personas: Personas) -> None:
        """The panel counts what its link lists (test_facility_list_cert_filter.py checks the
        list against the reference)."""
        build_registry(personas, current_policy())
        for who in USERS:
            user = getattr(personas, who)
            listed = facility_list(
                user=user, filters={"cert": FacilityCertFilter.NO_VALID_SMETA, "suspended": False}
            )
            panel = {p["key"]: p for p in dashboard_panels(user=user)}
            assert panel["facilities-without-smeta"]["count"] == listed.count(), who

    def test_it_shows_the_later_states_after_the_missing(self, personas: Personas) -> None:
        """Expired before too old: the chosen certificate's last day orders them."""
        policy = current_policy()
        build_registry(personas, policy)
        user = personas.other_supplier_user  # Bare Factory A, Canvas Bags, and the SMETA states
        items = actual_panels(user)["facilities-without-smeta"]["items"]

        assert [i["label"].split(" (")[0] for i in items] == [
            "Bare Factory A",
            "Canvas Bags Unit 2",
            "Twice Expired Mill",
            "Twice Audited Mill",
            "Aged Audit Crafts",
        ]
        assert [i["note"] for i in items[2:]] == [
            "SMETA 4P expired",
            "SMETA 4P expired",
            "SMETA 4P audit too old",
        ]

    def test_it_runs_the_same_queries_for_one_row_and_many(self, personas: Personas) -> None:
        user = personas.customer_user
        dashboard_panels(user=user)  # the policy row exists from here on
        with CaptureQueriesContext(connection) as few:
            dashboard_panels(user=user)
        build_registry(personas, current_policy())
        with CaptureQueriesContext(connection) as many:
            panels = dashboard_panels(user=user)

        assert all(p["items"] for p in panels)
        assert len(many.captured_queries) == len(few.captured_queries) <= 5
