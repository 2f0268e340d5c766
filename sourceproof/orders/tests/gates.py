"""Helpers for the orders tests: put a facility on either side of the sourcing gate."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sourceproof.core.testing import CertificateFactory
from sourceproof.facilities.models import Certificate, CountryRisk, Facility, RiskClass


def open_gate(facility: Facility) -> Certificate:
    """Give the facility a recent SMETA 4-pillar audit in an allowed, unsuspended country."""
    CountryRisk.objects.update_or_create(
        country=facility.country,
        defaults={
            "name": facility.country,
            "risk_class": RiskClass.RISK,
            "source": "t",
            "year": 2026,
        },
    )
    Facility.objects.filter(pk=facility.pk).update(is_suspended=False, suspension_reason="")
    facility.is_suspended = False
    facility.suspension_reason = ""
    today = timezone.localdate()
    return CertificateFactory.create(
        facility=facility,
        valid_from=today - dt.timedelta(days=100),
        valid_until=today + dt.timedelta(days=600),
    )


def expired_audit(facility: Facility) -> Certificate:
    """A SMETA 4-pillar audit three years old (too old and expired)."""
    today = timezone.localdate()
    return CertificateFactory.create(
        facility=facility,
        number="OLD-SMETA",
        valid_from=today - dt.timedelta(days=3 * 365),
        valid_until=today - dt.timedelta(days=2 * 365),
    )


def suspend(facility: Facility, reason: str = "Unannounced visit found locked fire exits") -> None:
    Facility.objects.filter(pk=facility.pk).update(is_suspended=True, suspension_reason=reason)
    facility.is_suspended = True
    facility.suspension_reason = reason


def block_country(country: str) -> None:
    CountryRisk.objects.update_or_create(
        country=country,
        defaults={
            "name": {"CN": "China", "BD": "Bangladesh"}.get(country, country),
            "risk_class": RiskClass.NO_SOURCING,
            "source": "t",
            "year": 2026,
        },
    )
