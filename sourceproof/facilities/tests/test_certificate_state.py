"""A certificate's state on a day: valid, expiring within the warning days, expired."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from sourceproof.facilities.selectors import (
    CertificateState,
    Policy,
    SmetaState,
    certificate_state,
    last_audit_date_counting_until,
    smeta_state,
)
from sourceproof.orders.gate import add_months

TODAY = dt.date(2026, 3, 1)


def cert(days_left: int, started_days_ago: int = 300) -> SimpleNamespace:
    return SimpleNamespace(
        valid_from=TODAY - dt.timedelta(days=started_days_ago),
        valid_until=TODAY + dt.timedelta(days=days_left),
    )


class TestCertificateState:
    def test_it_is_expiring_on_day_60_and_valid_on_day_61(self) -> None:
        day_60 = certificate_state(cert(60), TODAY, 60)
        day_61 = certificate_state(cert(61), TODAY, 60)
        assert (day_60.state, day_60.tone, day_60.days_left) == (
            CertificateState.EXPIRING,
            "warn",
            60,
        )
        assert day_60.label == "expires in 60 days"
        assert (day_61.state, day_61.tone) == (CertificateState.VALID, "ok")

    def test_it_is_still_valid_on_its_last_day_and_expired_the_day_after(self) -> None:
        last_day = certificate_state(cert(0), TODAY, 60)
        day_after = certificate_state(cert(-1), TODAY, 60)
        assert last_day.state == CertificateState.EXPIRING
        assert last_day.label == "expires today"
        assert (day_after.state, day_after.tone) == (CertificateState.EXPIRED, "bad")
        assert day_after.label == "expired 1 day ago"

    def test_it_says_one_day_in_the_singular(self) -> None:
        assert certificate_state(cert(1), TODAY, 60).label == "expires in 1 day"

    def test_it_follows_the_warning_days_of_the_policy(self) -> None:
        assert certificate_state(cert(20), TODAY, 14).state == CertificateState.VALID
        assert certificate_state(cert(14), TODAY, 14).state == CertificateState.EXPIRING

    def test_it_knows_a_certificate_that_has_not_started(self) -> None:
        status = certificate_state(cert(400, started_days_ago=-5), TODAY, 60)
        assert status.state == CertificateState.NOT_YET_VALID

    @given(st.integers(min_value=-3000, max_value=3000), st.integers(min_value=0, max_value=365))
    def test_it_agrees_with_the_smeta_state_of_a_young_audit(
        self, days_left: int, warning: int
    ) -> None:
        status = certificate_state(cert(days_left, started_days_ago=10), TODAY, warning)
        policy = Policy(today=TODAY, warning_days=warning, smeta_max_age_months=24)
        audit = TODAY - dt.timedelta(days=10)
        smeta = smeta_state(TODAY + dt.timedelta(days=days_left), audit, policy)
        assert status.state.value == smeta.value
        assert status.days_left == days_left


POLICY = Policy(today=TODAY, warning_days=60, smeta_max_age_months=24)


def day(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


class TestSmetaState:
    def test_it_is_missing_without_a_certificate(self) -> None:
        assert smeta_state(None, None, POLICY) == SmetaState.MISSING

    def test_it_has_the_certificate_boundaries(self) -> None:
        audit = day(-30)
        assert smeta_state(day(61), audit, POLICY) == SmetaState.VALID
        assert smeta_state(day(60), audit, POLICY) == SmetaState.EXPIRING
        assert smeta_state(TODAY, audit, POLICY) == SmetaState.EXPIRING
        assert smeta_state(day(-1), audit, POLICY) == SmetaState.EXPIRED

    def test_it_counts_an_audit_for_24_months_as_the_gate_does(self) -> None:
        # TODAY is 1 March 2026: an audit of 1 March 2024 counts through today, not after.
        assert smeta_state(day(400), dt.date(2024, 3, 1), POLICY) == SmetaState.EXPIRING
        assert smeta_state(day(400), dt.date(2024, 2, 29), POLICY) == SmetaState.TOO_OLD
        assert last_audit_date_counting_until(dt.date(2026, 2, 28), 24) == dt.date(2024, 2, 29)

    def test_it_warns_before_the_audit_grows_too_old(self) -> None:
        # Counts until add_months(audit, 24): 60 days ahead is 30 April 2026.
        assert smeta_state(day(400), dt.date(2024, 4, 30), POLICY) == SmetaState.EXPIRING
        assert smeta_state(day(400), dt.date(2024, 5, 1), POLICY) == SmetaState.VALID

    @given(
        st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31)), st.integers(1, 60)
    )
    def test_it_finds_the_last_audit_date_that_counts(self, until: dt.date, months: int) -> None:
        last = last_audit_date_counting_until(until, months)
        assert add_months(last, months) <= until
        assert add_months(last + dt.timedelta(days=1), months) > until
