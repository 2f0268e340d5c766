"""The quality dashboard (pass rates over time, defect Pareto, streams needing attention),
the sampling streams, and the inspections panels of the home dashboard."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Sum, Value, When
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sourceproof.accounts.models import Role
from sourceproof.accounts.permissions import Action, can, require
from sourceproof.core.changelog import history_for
from sourceproof.core.models import ChangeRecord
from sourceproof.facilities.models import Facility
from sourceproof.inspections.models import (
    DefectRecord,
    Inspection,
    InspectionStatus,
    SamplingStream,
    StreamResumption,
    StreamSeverity,
    Verdict,
)
from sourceproof.inspections.selectors.inspections import inspection_queryset

if TYPE_CHECKING:
    from sourceproof.accounts.models import User

PANEL_ITEMS = 5


# --------------------------------------------------------------------------- streams


def stream_list(*, user: User, severity: str = "", q: str = "") -> QuerySet[SamplingStream]:
    require(user, Action.VIEW_QUALITY_DASHBOARD)
    streams = SamplingStream.objects.select_related(
        "facility", "facility__supplier", "product_category"
    )
    if severity:
        streams = streams.filter(severity=severity)
    if q:
        q = q.strip()
        streams = streams.filter(Q(facility__code__icontains=q) | Q(facility__name__icontains=q))
    return streams.order_by("facility__name", "product_category__name")


def get_stream_for_user(*, user: User, pk: int) -> SamplingStream:
    found = stream_list(user=user).filter(pk=pk).first()
    if found is None:
        raise Http404("Not found.")
    return found


def stream_lots(*, stream: SamplingStream, limit: int = 50) -> list[Inspection]:
    """The stream's reviewed lots, newest first."""
    return list(
        Inspection.objects.filter(stream=stream, status=InspectionStatus.REVIEWED)
        .select_related("order", "inspector")
        .order_by("-reviewed_at", "-id")[:limit]
    )


def stream_resumptions(*, stream: SamplingStream) -> list[StreamResumption]:
    return list(stream.resumptions.select_related("resumed_by").order_by("-created_at"))


def stream_history(*, user: User, stream: SamplingStream) -> list[ChangeRecord]:
    if not can(user, Action.VIEW_HISTORY):
        return []
    return list(history_for(stream))


# --------------------------------------------------------------------------- dashboard


@dataclass(frozen=True)
class DashboardFilters:
    months: int = 12
    facility: str = ""  # facility code
    category: str = ""  # product category code


def _month_start(day: dt.date, months_back: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months_back
    return dt.date(index // 12, index % 12 + 1, 1)


def _aware_start(day: dt.date) -> dt.datetime:
    """Midnight at the start of `day` in the current time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _reviewed(user: User, f: DashboardFilters, today: dt.date) -> QuerySet[Inspection]:
    require(user, Action.VIEW_QUALITY_DASHBOARD)
    start = _aware_start(_month_start(today, f.months - 1))
    # The index inspection_reviewed_cover (status, reviewed_at, ...) answers every count of
    # the dashboard over this period without reading table rows.
    rows = Inspection.objects.filter(status=InspectionStatus.REVIEWED, reviewed_at__gte=start)
    if f.facility:
        rows = rows.filter(facility__code=f.facility)
    if f.category:
        rows = rows.filter(product_category__code=f.category)
    return rows


def month_axis(*, months: int, today: dt.date) -> list[dt.date]:
    return [_month_start(today, back) for back in range(months - 1, -1, -1)]


@dataclass(frozen=True)
class RateSeries:
    label: str
    points: list[tuple[dt.date, int, int]]  # (month, reviewed, passed)
    total: int
    passed: int

    @property
    def rate(self) -> float | None:
        return self.passed / self.total if self.total else None


def pass_rates(
    *, user: User, by: str, filters: DashboardFilters, today: dt.date, top: int = 6
) -> list[RateSeries]:
    """Pass rate (final verdict) per month, one series per product category (`by="category"`)
    or per facility (`by="facility"`), the `top` busiest (most reviewed in the period, then
    by name); one query for categories, two for facilities (the busiest first, then their
    months), whatever the number of rows.

    The month of each row is a CASE over the months' starts in the current time zone
    (rather than a month truncation, which on SQLite is a Python function per row), and the
    database returns groups x months rows: for facilities only the busiest `top`'s."""
    axis = month_axis(months=filters.months, today=today)
    ends = [_aware_start(m) for m in axis[1:]] + [_aware_start(_month_start(today, -1))]
    reviewed = _reviewed(user, filters, today)  # from the start of the first month
    if by == "category":
        field = "product_category__name"
    else:
        field = "facility__name"
        busiest = (
            reviewed.filter(reviewed_at__lt=ends[-1])
            .values(field)
            .annotate(n=Count("id"))
            .order_by("-n", field)
            .values_list(field, flat=True)[:top]
        )
        reviewed = reviewed.filter(
            facility_id__in=Facility.objects.filter(name__in=list(busiest)).values("pk")
        )
    month = Case(
        *[When(reviewed_at__lt=end, then=Value(i)) for i, end in enumerate(ends)],
        default=None,
        output_field=IntegerField(),
    )
    rows = (
        reviewed.annotate(month=month)
        .values(field, "month")
        .annotate(total=Count("id"), passed=Count("id", filter=Q(final_verdict=Verdict.PASS)))
        .order_by()
    )
    grouped: dict[str, dict[dt.date, tuple[int, int]]] = {}
    for row in rows:
        if row["month"] is not None:  # None: reviewed after this month (a wrong clock)
            grouped.setdefault(row[field], {})[axis[row["month"]]] = (row["total"], row["passed"])
    series = []
    for label, by_month in grouped.items():
        points = [(m, *by_month[m]) for m in axis if m in by_month]
        series.append(
            RateSeries(
                label=label,
                points=points,
                total=sum(p[1] for p in points),
                passed=sum(p[2] for p in points),
            )
        )
    series.sort(key=lambda s: (-s.total, s.label))
    return series[:top]


@dataclass(frozen=True)
class ParetoBar:
    code: str
    label: str
    defect_class: str
    units: int
    share: float  # of all units in the period
    cumulative: float


def defect_pareto(
    *, user: User, filters: DashboardFilters, today: dt.date, top: int = 12
) -> list[ParetoBar]:
    """Defect types by units found in reviewed inspections, largest first, with the
    cumulative share (the Pareto line); one query."""
    reviewed = _reviewed(user, filters, today)
    rows = list(
        DefectRecord.objects.filter(inspection__in=reviewed.values("pk"))
        .values("defect_type__code", "defect_type__description_en", "defect_class")
        .annotate(units=Sum("count"))
        .order_by("-units", "defect_type__code")
    )
    total = sum(r["units"] for r in rows) or 1
    bars = []
    running = 0
    for row in rows[:top]:
        running += row["units"]
        bars.append(
            ParetoBar(
                code=row["defect_type__code"],
                label=row["defect_type__description_en"],
                defect_class=row["defect_class"],
                units=row["units"],
                share=row["units"] / total,
                cumulative=running / total,
            )
        )
    return bars


def streams_needing_attention(*, user: User, limit: int = 50) -> list[SamplingStream]:
    """Streams on tightened or discontinued inspection (discontinued first)."""
    rows = stream_list(user=user).filter(
        severity__in=[StreamSeverity.TIGHTENED, StreamSeverity.DISCONTINUED]
    )
    return sorted(
        rows[:limit], key=lambda s: (s.severity != StreamSeverity.DISCONTINUED, s.facility.name)
    )


def dashboard_totals(*, user: User, filters: DashboardFilters, today: dt.date) -> dict[str, Any]:
    """Reviewed, passed and failed in the period; one query."""
    totals = _reviewed(user, filters, today).aggregate(
        total=Count("id"),
        passed=Count("id", filter=Q(final_verdict=Verdict.PASS)),
        failed=Count("id", filter=Q(final_verdict=Verdict.FAIL)),
        overridden=Count("id", filter=~Q(override_verdict="")),
    )
    total = totals["total"] or 0
    totals["rate"] = (totals["passed"] / total) if total else None
    return totals


# --------------------------------------------------------------------------- home dashboard


def _item(inspection: Inspection, note: str) -> dict[str, Any]:
    return {
        "label": f"{inspection.report_number} · {inspection.facility.name}",
        "url": reverse("inspections:inspection_detail", args=[inspection.report_number]),
        "note": note,
    }


def dashboard_panels(*, user: User) -> list[dict[str, Any]]:
    """Panels for the home dashboard: inspections to review (quality managers), my
    inspections this week (inspectors), streams discontinued (quality roles), recently
    reviewed inspections (customers and suppliers)."""
    if not can(user, Action.VIEW_INSPECTIONS):
        return []
    panels: list[dict[str, Any]] = []
    base = inspection_queryset(user=user).select_related("facility", "inspector")
    list_url = reverse("inspections:inspection_list")
    if can(user, Action.REVIEW_INSPECTIONS):
        waiting = base.filter(status=InspectionStatus.SUBMITTED)
        count = waiting.count()
        panels.append(
            {
                "key": "inspections-to-review",
                "title": _("Inspections to review"),
                "count": count,
                "items": [
                    _item(i, _("submitted %(day)s, computed %(verdict)s")
                        % {
                            "day": timezone.localtime(i.submitted_at).strftime("%Y-%m-%d")
                            if i.submitted_at
                            else "",
                            "verdict": i.get_computed_verdict_display(),
                        })
                    for i in waiting.order_by("submitted_at", "id")[:PANEL_ITEMS]
                ],
                "url": f"{list_url}?status={InspectionStatus.SUBMITTED}",
                "tone": "warn" if count else "ok",
            }
        )  # fmt: skip
    if user.role == Role.INSPECTOR:
        today = timezone.localdate()
        monday = today - dt.timedelta(days=today.weekday())
        sunday = monday + dt.timedelta(days=6)
        mine = base.filter(
            planned_date__range=(monday, sunday),
            status__in=[InspectionStatus.PLANNED, InspectionStatus.IN_PROGRESS],
        )
        count = mine.count()
        panels.append(
            {
                "key": "inspections-mine-this-week",
                "title": _("My inspections this week"),
                "count": count,
                "items": [
                    _item(i, f"{i.planned_date:%a %d %b} · {i.get_inspection_type_display()}")
                    for i in mine.order_by("planned_date", "id")[:PANEL_ITEMS]
                ],
                "url": reverse("inspections:calendar"),
                "tone": "warn" if count else "ok",
            }
        )
    if can(user, Action.VIEW_QUALITY_DASHBOARD):
        stopped = SamplingStream.objects.filter(
            severity=StreamSeverity.DISCONTINUED
        ).select_related("facility", "product_category")
        count = stopped.count()
        panels.append(
            {
                "key": "streams-discontinued",
                "title": _("Streams discontinued"),
                "count": count,
                "items": [
                    {
                        "label": f"{s.facility.name} · {s.product_category.name}",
                        "url": reverse("inspections:stream_detail", args=[s.pk]),
                        "note": _("no new orders until resumed"),
                    }
                    for s in stopped.order_by("discontinued_at", "id")[:PANEL_ITEMS]
                ],
                "url": reverse("inspections:stream_list")
                + f"?severity={StreamSeverity.DISCONTINUED}",
                "tone": "bad" if count else "ok",
            }
        )
    if not user.is_operator:
        since = timezone.now() - dt.timedelta(days=30)
        recent = base.filter(reviewed_at__gte=since)
        count = recent.count()
        panels.append(
            {
                "key": "inspections-reviewed-recently",
                "title": _("Inspections reviewed in the last 30 days"),
                "count": count,
                "items": [
                    _item(i, i.get_final_verdict_display())
                    for i in recent.order_by("-reviewed_at", "-id")[:PANEL_ITEMS]
                ],
                "url": list_url,
                "tone": "bad" if recent.filter(final_verdict=Verdict.FAIL).exists() else "ok",
            }
        )
    return panels
