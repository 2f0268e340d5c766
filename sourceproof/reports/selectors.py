from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sourceproof.reports.models import IssuedReport, VerificationAttempt

VERIFY_LIMIT = 30  # look-ups per address …
VERIFY_WINDOW = dt.timedelta(minutes=10)  # … in this window


def report_by_number(*, number: str) -> IssuedReport | None:
    return IssuedReport.objects.select_related("superseded_by").filter(number=number).first()


def verification_allowed(*, ip_address: str | None) -> bool:
    """Record a look-up and say whether the address is still within its limit."""
    now = timezone.now()
    VerificationAttempt.objects.filter(at__lt=now - VERIFY_WINDOW).delete()
    recent = VerificationAttempt.objects.filter(ip_address=ip_address, at__gte=now - VERIFY_WINDOW)
    if recent.count() >= VERIFY_LIMIT:
        return False
    VerificationAttempt.objects.create(ip_address=ip_address)
    return True
