"""Figures the CSR team does not type: read from the registry, audits and inspections.

Each returns None when its app is not installed. A past year is measured as at its last day
(31 December); the current year as at today. The registry keeps no history of suspensions, so
"active facilities" are those active today.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from sourceproof.csr.kpis import percent
from sourceproof.facilities.models import Facility
from sourceproof.facilities.selectors import SmetaState, current_policy, with_smeta
from sourceproof.orders.models import OrderStatus, PurchaseOrder

COUNTING_SMETA = (SmetaState.VALID.value, SmetaState.EXPIRING.value)
SHIPPED = (OrderStatus.SHIPPED, OrderStatus.DELIVERED)


def cutoff(year: int, today: dt.date | None = None) -> dt.date | None:
    """The day a year is measured at; None for a future year."""
    today = today or timezone.localdate()
    if year > today.year:
        return None
    return today if year == today.year else dt.date(year, 12, 31)


@dataclass(frozen=True)
class Ratio:
    part: int
    whole: int

    @property
    def percent(self) -> Decimal | None:
        return percent(Decimal(self.part), Decimal(self.whole))


def smeta_coverage(year: int, today: dt.date | None = None) -> Ratio | None:
    """Active facilities with a SMETA 4-pillar audit that counts (as the sourcing gate counts
    it: valid and young enough) at the year's cutoff. One query."""
    day = cutoff(year, today)
    if day is None:
        return None
    facilities = Facility.objects.filter(is_suspended=False, supplier__is_active=True)
    annotated: Any = with_smeta(facilities, current_policy(today=day))  # annotations: Any
    counts = annotated.aggregate(
        whole=Count("pk"), part=Count("pk", filter=Q(smeta_status__in=COUNTING_SMETA))
    )
    return Ratio(counts["part"], counts["whole"])


def inspected_orders(year: int, today: dt.date | None = None) -> Ratio | None:
    """Orders shipped or delivered with a ship date in the year that have a submitted or
    reviewed inspection. None without the inspections app. Two queries."""
    if not apps.is_installed("sourceproof.inspections") or cutoff(year, today) is None:
        return None
    from sourceproof.inspections.models import Inspection, InspectionStatus

    done = Inspection.objects.filter(
        order=OuterRef("pk"),
        status__in=[InspectionStatus.SUBMITTED, InspectionStatus.REVIEWED],
    )
    orders = PurchaseOrder.objects.filter(status__in=SHIPPED, agreed_ship_date__year=year)
    whole = orders.count()
    part = orders.filter(Exists(done)).count()
    return Ratio(part, whole)


def _wage_findings() -> QuerySet[Any]:
    from sourceproof.audits.models import (
        AuditStatus,
        Clause,
        Finding,
        FindingStatus,
        FindingType,
    )

    return (
        Finding.objects.filter(
            status=FindingStatus.RECORDED, finding_type=FindingType.NON_COMPLIANCE
        )
        .filter(Q(clause=Clause.ETI_5) | Q(rule_code__startswith="wage"))
        .exclude(audit__status=AuditStatus.CANCELLED)
    )


def open_wage_findings(year: int, today: dt.date | None = None) -> int | None:
    """Recorded living-wage non-compliances still open at the year's cutoff: recorded by then
    and their corrective action not verified (or cancelled) by then. None without audits."""
    day = cutoff(year, today)
    if not apps.is_installed("sourceproof.audits") or day is None:
        return None
    from sourceproof.audits.models import ActionStatus

    end = timezone.make_aware(dt.datetime.combine(day, dt.time.max))
    findings = _wage_findings()
    closed_by_then = Q(
        corrective_action__status=ActionStatus.VERIFIED, corrective_action__verified_at__lte=end
    ) | Q(corrective_action__status=ActionStatus.CANCELLED, corrective_action__updated_at__lte=end)
    return findings.filter(created_at__lte=end).exclude(closed_by_then).count()


@dataclass(frozen=True)
class Coverage:
    """Supply-chain coverage for the annual report (None: the app is not installed)."""

    smeta: Ratio | None
    audited_facilities: Ratio | None  # active facilities with a completed audit in the year
    inspected_orders: Ratio | None
    findings_opened: int | None  # non-compliances recorded in the year
    findings_closed: int | None  # corrective actions verified in the year
    open_wage_findings: int | None


def coverage(year: int, today: dt.date | None = None) -> Coverage:
    audited = opened = closed = None
    if apps.is_installed("sourceproof.audits") and cutoff(year, today) is not None:
        from sourceproof.audits.models import (
            COMPLETED_AUDIT_STATUSES,
            ActionStatus,
            Audit,
            CorrectiveAction,
            Finding,
            FindingStatus,
            FindingType,
        )

        facilities = Facility.objects.filter(is_suspended=False, supplier__is_active=True)
        audit = Audit.objects.filter(
            facility=OuterRef("pk"), status__in=COMPLETED_AUDIT_STATUSES, end_date__year=year
        )
        audited = Ratio(facilities.filter(Exists(audit)).count(), facilities.count())
        opened = Finding.objects.filter(
            status=FindingStatus.RECORDED,
            finding_type=FindingType.NON_COMPLIANCE,
            created_at__year=year,
        ).count()
        closed = CorrectiveAction.objects.filter(
            status=ActionStatus.VERIFIED, verified_at__year=year
        ).count()
    return Coverage(
        smeta=smeta_coverage(year, today),
        audited_facilities=audited,
        inspected_orders=inspected_orders(year, today),
        findings_opened=opened,
        findings_closed=closed,
        open_wage_findings=open_wage_findings(year, today),
    )


def external_figure(code: str, year: int, today: dt.date | None = None) -> Decimal | None:
    """The value of an external KPI for a year (None: not available)."""
    if code == "smeta_share":
        ratio = smeta_coverage(year, today)
        return ratio.percent if ratio else None
    if code == "inspected_orders_share":
        ratio = inspected_orders(year, today)
        return ratio.percent if ratio else None
    if code == "open_wage_findings":
        count = open_wage_findings(year, today)
        return Decimal(count) if count is not None else None
    return None
