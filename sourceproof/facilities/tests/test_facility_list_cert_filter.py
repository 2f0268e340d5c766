"""The facility list's certificate filters give the same facilities, in the same order, as a
straightforward computation in Python, for every kind of user and every filter; the page
shows each row's SMETA 4-pillar standing; and the queries do not grow with the rows.

The filters find facilities with EXISTS / NOT EXISTS over the SMETA 4-pillar certificates that
count today (and, for the finer states, one value of the chosen certificate) instead of
classifying every facility with `with_smeta`; the reference classifies every facility
literally: the chosen certificate is one that counts today if any (latest audit, then latest
last day), else the latest audit that has started.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sourceproof.accounts.models import User
from sourceproof.core.testing import CertificateFactory, FacilityFactory, Personas
from sourceproof.facilities.models import Certificate, CertificateScheme, Facility
from sourceproof.facilities.selectors import (
    NO_VALID_SMETA,
    FacilityCertFilter,
    Policy,
    SmetaState,
    current_policy,
    facility_keys,
    facility_list,
    smeta_state,
)
from sourceproof.facilities.tests import test_dashboard_panel_results as registry

pytestmark = pytest.mark.django_db

SMETA_4P = CertificateScheme.SMETA_4P
DAY = dt.timedelta(days=1)


def cert(facility: Facility, scheme: str, valid_from: dt.date, valid_until: dt.date) -> None:
    CertificateFactory.create(
        facility=facility, scheme=scheme, valid_from=valid_from, valid_until=valid_until
    )


def build_registry(personas: Personas, policy: Policy) -> None:
    """The dashboard's edge cases, and the ones that tell valid from expiring apart."""
    registry.build_registry(personas, policy)
    today, warn = policy.today, policy.warning_until
    fading = policy.too_old_soon_on_or_before  # an audit on or before this ages within the days
    mine, theirs = personas.supplier, personas.other_supplier

    def facility(name: str, supplier: Any = mine, **kwargs: Any) -> Facility:
        return FacilityFactory.create(supplier=supplier, name=name, **kwargs)

    # a SMETA 4-pillar certificate whose last day is today (still counts: expiring)
    cert(facility("Last Day Knits"), SMETA_4P, today - 60 * DAY, today)
    # the day after the warning days (valid); the audit ageing within the warning days and the
    # day after (expiring, valid)
    cert(facility("Long Run Works", supplier=theirs), SMETA_4P, today - 60 * DAY, warn + DAY)
    cert(facility("Fading Audit Co"), SMETA_4P, fading, today + 400 * DAY)
    cert(facility("Lasting Audit Co", supplier=theirs), SMETA_4P, fading + DAY, today + 400 * DAY)
    # two that count: the later audit is chosen although it runs out first (expiring) ...
    later_short = facility("Later Short Mill")
    cert(later_short, SMETA_4P, today - 200 * DAY, today + 300 * DAY)
    cert(later_short, SMETA_4P, today - 10 * DAY, today + 5 * DAY)
    # ... and on the same audit day the longer certificate is chosen (valid)
    same_day = facility("Same Day Mill", supplier=theirs)
    cert(same_day, SMETA_4P, today - 10 * DAY, today + 5 * DAY)
    cert(same_day, SMETA_4P, today - 10 * DAY, today + 300 * DAY)
    # an expired audit and one that has not started yet (expired); an expired 4-pillar and a
    # valid 2-pillar (expired: the 2-pillar does not count)
    waiting = facility("Waiting Audit Ltd")
    cert(waiting, SMETA_4P, today - 400 * DAY, today - 3 * DAY)
    cert(waiting, SMETA_4P, today + 2 * DAY, today + 400 * DAY)
    mixed = facility("Mixed Pillars Ltd", supplier=theirs)
    cert(mixed, SMETA_4P, today - 500 * DAY, today - 30 * DAY)
    cert(mixed, CertificateScheme.SMETA_2P, today - 30 * DAY, today + 300 * DAY)
    # suspended facilities: one valid, one without any SMETA 4-pillar, one too old
    cert(
        facility("Suspended Valid", is_suspended=True, suspension_reason="Audit fraud"),
        SMETA_4P,
        today - DAY,
        today + 300 * DAY,
    )
    facility("Suspended Bare", supplier=theirs, is_suspended=True, suspension_reason="Audit fraud")
    old_suspended = facility("Suspended Aged", is_suspended=True, suspension_reason="Audit fraud")
    cert(old_suspended, SMETA_4P, policy.too_old_on_or_before - DAY, today + 50 * DAY)


# --- the reference ------------------------------------------------------------------------


def expected_states(user: User, policy: Policy) -> dict[int, SmetaState]:
    """Every facility in the user's scope with its SMETA 4-pillar standing, in Python."""
    today = policy.today
    certificates = list(Certificate.objects.filter(scheme=SMETA_4P, valid_from__lte=today))

    def counts(c: Certificate) -> bool:
        return c.valid_until >= today and c.valid_from > policy.too_old_on_or_before

    def key(c: Certificate) -> tuple[int, int, int, int]:
        rank = 0 if counts(c) else 1
        return (rank, -c.valid_from.toordinal(), -c.valid_until.toordinal(), -c.pk)

    states = {}
    for f in registry.scope(user):
        started = [c for c in certificates if c.facility_id == f.pk]
        chosen = min(started, key=key) if started else None
        states[f.pk] = smeta_state(
            chosen.valid_until if chosen else None, chosen.valid_from if chosen else None, policy
        )
    return states


def expected_any_expiring(user: User, policy: Policy) -> set[int]:
    """Facilities with a certificate (any scheme) in its warning days that nothing renews."""
    everything = list(Certificate.objects.all())
    return {
        c.facility_id
        for c in everything
        if policy.today <= c.valid_until <= policy.warning_until
        and not any(
            o.facility_id == c.facility_id
            and o.scheme == c.scheme
            and o.valid_until > c.valid_until
            for o in everything
        )
    } & {f.pk for f in registry.scope(user)}


def expected_list(
    user: User, policy: Policy, cert: FacilityCertFilter, **filters: Any
) -> list[int]:
    states = expected_states(user, policy)
    if cert == FacilityCertFilter.NO_VALID_SMETA:
        wanted = {pk for pk, state in states.items() if state in NO_VALID_SMETA}
    elif cert == FacilityCertFilter.ANY_EXPIRING:
        wanted = expected_any_expiring(user, policy)
    else:
        wanted = {pk for pk, state in states.items() if state == SmetaState(cert.value)}
    facilities = [f for f in registry.scope(user) if f.pk in wanted]
    if "suspended" in filters:
        facilities = [f for f in facilities if f.is_suspended == filters["suspended"]]
    return [f.pk for f in sorted(facilities, key=lambda f: (f.name, f.pk))]


USERS = registry.USERS
FILTERS = list(FacilityCertFilter)


class TestCertFilterResults:
    @pytest.mark.parametrize("who", USERS)
    def test_every_filter_matches_the_reference(self, personas: Personas, who: str) -> None:
        policy = current_policy()
        build_registry(personas, policy)
        user = getattr(personas, who)
        states = expected_states(user, policy)

        for cert in FILTERS:
            for suspended in ({}, {"suspended": False}, {"suspended": True}):
                listed: Any = facility_list(  # annotated by with_smeta
                    user=user, filters={"cert": cert, **suspended}
                )
                expected = expected_list(user, policy, cert, **suspended)
                assert [f.pk for f in listed] == expected, (cert, suspended)
                keys = facility_keys(user=user, filters={"cert": cert, **suspended})
                assert list(keys) == expected, (cert, suspended)
                # each row still carries its own standing, computed for the rows shown
                assert {f.pk: SmetaState(f.smeta_status) for f in listed} == {
                    pk: states[pk] for pk in expected
                }

    def test_the_reference_covers_every_state(self, personas: Personas) -> None:
        """Not vacuous: the operator sees facilities in every state, and the edge cases land
        where they were made to."""
        policy = current_policy()
        build_registry(personas, policy)
        states = expected_states(personas.quality_manager, policy)
        by_name = {f.name: states[f.pk] for f in Facility.objects.all()}

        assert set(states.values()) == set(SmetaState)
        assert {
            name: by_name[name]
            for name in [
                "Last Day Knits",
                "Long Run Works",
                "Fading Audit Co",
                "Lasting Audit Co",
                "Later Short Mill",
                "Same Day Mill",
                "Waiting Audit Ltd",
                "Mixed Pillars Ltd",
                "Two Pillar Garments",
                "Twice Audited Mill",
                "Aged Audit Crafts",
                "Suspended Bare",
                "Suspended Aged",
            ]
        } == {
            "Last Day Knits": SmetaState.EXPIRING,
            "Long Run Works": SmetaState.VALID,
            "Fading Audit Co": SmetaState.EXPIRING,
            "Lasting Audit Co": SmetaState.VALID,
            "Later Short Mill": SmetaState.EXPIRING,
            "Same Day Mill": SmetaState.VALID,
            "Waiting Audit Ltd": SmetaState.EXPIRED,
            "Mixed Pillars Ltd": SmetaState.EXPIRED,
            "Two Pillar Garments": SmetaState.MISSING,
            "Twice Audited Mill": SmetaState.EXPIRED,
            "Aged Audit Crafts": SmetaState.TOO_OLD,
            "Suspended Bare": SmetaState.MISSING,
            "Suspended Aged": SmetaState.TOO_OLD,
        }
        for cert in FILTERS:
            assert expected_list(personas.quality_manager, policy, cert), cert

    def test_it_finds_what_the_dashboard_counts(self, personas: Personas) -> None:
        """The dashboard panel links here: the same facilities, by the same definition."""
        from sourceproof.facilities.selectors import dashboard_panels

        build_registry(personas, current_policy())
        for who in USERS:
            user = getattr(personas, who)
            panel = {p["key"]: p for p in dashboard_panels(user=user)}["facilities-without-smeta"]
            listed = facility_keys(
                user=user, filters={"cert": FacilityCertFilter.NO_VALID_SMETA, "suspended": False}
            )
            assert panel["count"] == listed.count(), who


class TestCertFilterPage:
    @pytest.mark.parametrize("cert", [c.value for c in FILTERS])
    def test_the_page_shows_each_rows_standing(
        self, personas: Personas, client_for: Callable, cert: str
    ) -> None:
        policy = current_policy()
        build_registry(personas, policy)
        states = expected_states(personas.quality_manager, policy)

        response = client_for("quality_manager").get("/facilities/", {"cert": cert})

        assert response.status_code == 200
        rows = response.context["rows"]
        expected = expected_list(personas.quality_manager, policy, FacilityCertFilter(cert))
        assert [r["facility"].pk for r in rows] == expected
        assert all(r["smeta_state"] == states[r["facility"].pk] for r in rows)
        for r in rows:
            assert r["smeta_label"] in response.content.decode()

    def test_the_dashboard_link_lists_the_unsuspended_without_smeta(
        self, personas: Personas, client_for: Callable
    ) -> None:
        policy = current_policy()
        build_registry(personas, policy)
        response = client_for("customer_user").get(
            "/facilities/", {"cert": "no_valid_smeta", "suspended": "no"}
        )

        assert response.status_code == 200
        names = [r["facility"].name for r in response.context["rows"]]
        assert names == [
            Facility.objects.get(pk=pk).name
            for pk in expected_list(
                personas.customer_user,
                policy,
                FacilityCertFilter.NO_VALID_SMETA,
                suspended=False,
            )
        ]
        assert "Suspended Works" not in names and "Aged Audit Crafts" in names

    @pytest.mark.parametrize("cert", ["no_valid_smeta", "missing", "expired", "valid"])
    def test_it_runs_as_many_queries_for_many_rows_as_for_one(
        self, personas: Personas, client_for: Callable, cert: str
    ) -> None:
        client = client_for("quality_manager")
        today = current_policy().today

        def add(n: int) -> None:
            for _ in range(n):
                f = FacilityFactory.create(supplier=personas.supplier)
                if cert == "valid":
                    cert_until = today + 300 * DAY
                elif cert == "expired":
                    cert_until = today - 3 * DAY
                else:
                    continue
                CertificateFactory.create(
                    facility=f, scheme=SMETA_4P, valid_from=today - 30 * DAY, valid_until=cert_until
                )

        add(1)
        client.get("/facilities/", {"cert": cert})  # warm up: session, policy row
        with CaptureQueriesContext(connection) as few:
            one = client.get("/facilities/", {"cert": cert})
        add(30)
        with CaptureQueriesContext(connection) as many:
            more = client.get("/facilities/", {"cert": cert})

        assert len(one.context["rows"]) < len(more.context["rows"])
        assert len(many.captured_queries) == len(few.captured_queries)
