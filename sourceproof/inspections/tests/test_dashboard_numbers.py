"""The quality dashboard's numbers (pass rates per month by category and by facility, the
busiest six, the totals and the Pareto) equal a straightforward computation in Python over
every inspection, months taken in the current time zone, on a dataset with month-boundary
moments, ties at the sixth place and rows that must not count."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest
from django.utils import timezone

from sourceproof.core.testing import (
    FacilityFactory,
    OrderLineFactory,
    Personas,
    ProductCategoryFactory,
)
from sourceproof.inspections.models import DefectRecord, Inspection, InspectionStatus
from sourceproof.inspections.selectors import (
    DashboardFilters,
    dashboard_totals,
    defect_pareto,
    month_axis,
    pass_rates,
)
from sourceproof.inspections.tests import builders
from sourceproof.orders.models import OrderStatus

pytestmark = pytest.mark.django_db

# Reviewed inspections per facility: ties for second place and at the sixth place.
PER_FACILITY = {"Plant A": 9, "Plant B": 7, "Plant C": 7, "Plant D": 6, "Plant E": 5}
PER_FACILITY |= {"Plant G": 4, "Plant F": 4, "Plant H": 2}


def _month_start(day: dt.date, back: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - back
    return dt.date(index // 12, index % 12 + 1, 1)


def _local(day: dt.date, *, seconds: int = 0) -> dt.datetime:
    moment = dt.datetime.combine(day, dt.time.min) + dt.timedelta(seconds=seconds)
    return timezone.make_aware(moment)


def _dataset(personas: Personas) -> None:
    lib = builders.library(personas.quality_manager)
    today = timezone.localdate()
    categories = [
        ProductCategoryFactory.create(code=code, name=code.title())
        for code in ("drinkware", "bags", "pens")
    ]
    n = 0
    for name, count in PER_FACILITY.items():
        facility = FacilityFactory.create(supplier=personas.supplier, name=name)
        order = OrderLineFactory.create(
            order__customer=personas.customer,
            order__facility=facility,
            order__status=OrderStatus.IN_PRODUCTION,
        ).order
        for i in range(count + 3):
            n += 1
            back = (n * 7) % 14  # months back: 0..13, so some fall before a 12-month period
            # At the first instant of a month in local time, or the month's last second
            # (which is the month before in local time but not always in UTC).
            reviewed_at = (
                _local(_month_start(today, back))
                if n % 3
                else _local(_month_start(today, back), seconds=-1)
            )
            # The last three are not reviewed: they must not count, moment or not.
            status = InspectionStatus.REVIEWED if i < count else InspectionStatus.SUBMITTED
            verdict = "fail" if n % 4 == 0 else "pass"
            inspection = Inspection.objects.create(
                report_number=f"QC-N-{n:05d}",
                order=order,
                facility=facility,
                product_category=categories[n % 3],
                inspection_type="psi",
                status=status,
                planned_date=today,
                lot_size=1000,
                major_aql="2.5",
                minor_aql="4.0",
                plan_snapshot={"inspection": "normal"},
                started_at=reviewed_at,
                reviewed_at=reviewed_at,
                computed_verdict=verdict,
                final_verdict=verdict,
                override_verdict="fail" if n % 5 == 0 else "",
                override_reason="test" if n % 5 == 0 else "",
            )
            for code in ("MAJ-PRINT", "MIN-SCRATCH")[: 1 + n % 2]:
                DefectRecord.objects.create(
                    inspection=inspection,
                    defect_type=lib[code],
                    defect_class=lib[code].defect_class,
                    count=1 + n % 4,
                )


def _in_period(months: int) -> list[Inspection]:
    axis = month_axis(months=months, today=timezone.localdate())
    return [
        i
        for i in Inspection.objects.select_related("facility", "product_category")
        if i.status == InspectionStatus.REVIEWED
        and timezone.localtime(i.reviewed_at).date().replace(day=1) in axis
    ]


def _expected_rates(by: str, months: int, top: int = 6) -> list[tuple[Any, ...]]:
    axis = month_axis(months=months, today=timezone.localdate())
    groups: dict[str, dict[dt.date, tuple[int, int]]] = {}
    for i in _in_period(months):
        label = i.facility.name if by == "facility" else i.product_category.name
        month = timezone.localtime(i.reviewed_at).date().replace(day=1)
        total, passed = groups.setdefault(label, {}).get(month, (0, 0))
        groups[label][month] = (total + 1, passed + (i.final_verdict == "pass"))
    series = []
    for label, by_month in groups.items():
        points = [(m, *by_month[m]) for m in axis if m in by_month]
        series.append((label, points, sum(p[1] for p in points), sum(p[2] for p in points)))
    series.sort(key=lambda s: (-s[2], s[0]))
    return series[:top]


def _rates(personas: Personas, by: str, months: int) -> list[tuple[Any, ...]]:
    found = pass_rates(
        user=personas.quality_manager,
        by=by,
        filters=DashboardFilters(months=months),
        today=timezone.localdate(),
    )
    return [(s.label, s.points, s.total, s.passed) for s in found]


@pytest.mark.parametrize("months", [3, 12, 24])
@pytest.mark.parametrize("by", ["facility", "category"])
def test_it_charts_the_same_pass_rates_as_counting_by_hand(
    personas: Personas, by: str, months: int
) -> None:
    _dataset(personas)
    expected = _expected_rates(by, months)
    assert expected  # the dataset has rows in every period
    assert _rates(personas, by, months) == expected


def test_it_picks_the_busiest_six_facilities_and_breaks_ties_by_name(
    personas: Personas,
) -> None:
    _dataset(personas)
    labels = [s[0] for s in _rates(personas, "facility", 24)]
    # Plant F and Plant G both have 4 reviewed in 24 months: F wins on its name.
    assert labels == ["Plant A", "Plant B", "Plant C", "Plant D", "Plant E", "Plant F"]


@pytest.mark.parametrize("months", [3, 12])
def test_it_totals_and_ranks_defects_as_counting_by_hand(personas: Personas, months: int) -> None:
    _dataset(personas)
    rows = _in_period(months)
    totals = dashboard_totals(
        user=personas.quality_manager,
        filters=DashboardFilters(months=months),
        today=timezone.localdate(),
    )
    assert totals["total"] == len(rows) > 0
    assert totals["passed"] == sum(1 for i in rows if i.final_verdict == "pass")
    assert totals["failed"] == sum(1 for i in rows if i.final_verdict == "fail")
    assert totals["overridden"] == sum(1 for i in rows if i.override_verdict)
    units: Counter[str] = Counter()
    for record in DefectRecord.objects.filter(inspection__in=rows).select_related("defect_type"):
        units[record.defect_type.code] += record.count
    bars = defect_pareto(
        user=personas.quality_manager,
        filters=DashboardFilters(months=months),
        today=timezone.localdate(),
    )
    assert {b.code: b.units for b in bars} == dict(units)


def test_it_refuses_the_dashboard_to_an_outsider(personas: Personas, client_for: Any) -> None:
    _dataset(personas)
    for persona in ("customer_user", "supplier_user", "auditor"):
        assert client_for(persona).get("/inspections/quality/").status_code == 404
