"""Booking, rescheduling and cancelling: the defaults (policy, customer and product overrides),
one product category per inspection, the level and AQL rules, report numbers, the log."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from sourceproof.core.changelog import history_for
from sourceproof.core.testing import (
    OrderLineFactory,
    Personas,
    ProductCategoryFactory,
    ProductFactory,
)
from sourceproof.inspections import services
from sourceproof.inspections.models import InspectionPolicy, InspectionStatus
from sourceproof.inspections.tests import builders
from sourceproof.orders.models import OrderStatus, PurchaseOrder

pytestmark = pytest.mark.django_db


def test_it_books_with_the_policy_defaults_and_the_orders_quantity(personas: Personas) -> None:
    inspection = builders.book(personas)
    assert inspection.status == InspectionStatus.PLANNED
    assert (inspection.level, inspection.major_aql, inspection.minor_aql) == ("II", "2.5", "4.0")
    assert inspection.lot_size == 1000
    assert inspection.aql_source == "policy"
    assert inspection.facility == personas.facility
    assert inspection.product_category == personas.order.lines.get().product.category
    assert inspection.plan_snapshot is None


def test_it_numbers_reports_in_sequence_per_year(personas: Personas) -> None:
    first = builders.book(personas)
    second = builders.book(personas)
    year = dt.date.today().year
    assert first.report_number.startswith(f"QC-{year}-")
    assert int(second.report_number[-5:]) == int(first.report_number[-5:]) + 1


def test_it_takes_the_customers_override_and_then_the_products(personas: Personas) -> None:
    product = personas.order.lines.get().product
    services.aql_override_set(
        customer=personas.customer, major_aql="1.5", by=personas.quality_manager
    )
    assert (builders.book(personas).major_aql, builders.book(personas).minor_aql) == ("1.5", "4.0")
    services.aql_override_set(
        product=product, major_aql="1.0", minor_aql="2.5", level="III", by=personas.quality_manager
    )
    booked = builders.book(personas)
    assert (booked.major_aql, booked.minor_aql, booked.level) == ("1.0", "2.5", "III")
    assert booked.aql_source == "customer + product"


def test_it_takes_the_strictest_override_of_several_products(personas: Personas) -> None:
    order = personas.order
    category = order.lines.get().product.category
    second = ProductFactory.create(customer=personas.customer, category=category)
    OrderLineFactory.create(order=order, product=second, quantity=500)
    services.aql_override_set(
        product=order.lines.order_by("id")[0].product, major_aql="1.0", by=personas.quality_manager
    )
    services.aql_override_set(product=second, major_aql="0.65", by=personas.quality_manager)
    booked = builders.book(personas)
    assert booked.major_aql == "0.65"
    assert booked.lot_size == 1500


def test_it_covers_one_product_category_and_lets_you_choose_the_lines(personas: Personas) -> None:
    order = personas.order
    bags = ProductCategoryFactory.create(code="bags", name="Bags")
    bag_line = OrderLineFactory.create(
        order=order, product=ProductFactory.create(customer=personas.customer, category=bags)
    )
    with pytest.raises(ValidationError, match="one product category"):
        builders.book(personas)
    only_bags = builders.book(personas, lines=[bag_line])
    assert only_bags.product_category == bags
    assert list(only_bags.lines.all()) == [bag_line]
    assert only_bags.lot_size == bag_line.quantity


def test_it_refuses_a_level_below_the_policy_minimum_and_special_levels(
    personas: Personas,
) -> None:
    with pytest.raises(ValidationError, match="general level II or stricter"):
        builders.book(personas, level="I")
    with pytest.raises(ValidationError, match="special levels"):
        builders.book(personas, level="S-2")
    assert builders.book(personas, level="III").level == "III"


def test_it_refuses_an_aql_that_is_not_preferred_or_counts_per_hundred(
    personas: Personas,
) -> None:
    with pytest.raises(ValidationError, match="not one of the standard's preferred AQLs"):
        builders.book(personas, major_aql="3")
    with pytest.raises(ValidationError, match="per hundred units"):
        builders.book(personas, minor_aql="15")


def test_it_books_only_confirmed_orders_and_assigns_only_inspectors(personas: Personas) -> None:
    PurchaseOrder.objects.filter(pk=personas.order.pk).update(status=OrderStatus.DRAFT)
    personas.order.refresh_from_db()
    with pytest.raises(ValidationError, match="confirmed orders"):
        services.inspection_book(
            order=personas.order,
            inspection_type="psi",
            planned_date=dt.date.today(),
            by=personas.quality_manager,
        )
    with pytest.raises(ValidationError, match="not an active inspector"):
        builders.book(personas, inspector=personas.viewer)


def test_it_lets_only_quality_managers_and_admins_book(personas: Personas) -> None:
    builders.confirm(personas.order)
    for who in (personas.inspector, personas.csr_manager, personas.customer_user):
        with pytest.raises(Http404):
            services.inspection_book(
                order=personas.order, inspection_type="psi", planned_date=dt.date.today(), by=who
            )


def test_it_reschedules_and_reassigns_a_planned_inspection_and_logs_it(
    personas: Personas,
) -> None:
    inspection = builders.book(personas)
    later = inspection.planned_date + dt.timedelta(days=3)
    services.inspection_update(
        inspection=inspection, planned_date=later, unassign=True, by=personas.quality_manager
    )
    assert inspection.planned_date == later
    assert inspection.inspector is None
    entry = history_for(inspection).first()
    assert entry is not None and "planned_date" in entry.changes
    with pytest.raises(ValidationError, match="Assign an inspector"):
        services.inspection_start(
            inspection=inspection, produced_percent=40, by=personas.quality_manager
        )


def test_it_cancels_with_a_reason_but_not_after_submission(personas: Personas) -> None:
    inspection = builders.book(personas)
    with pytest.raises(ValidationError, match="Say why"):
        services.inspection_cancel(inspection=inspection, reason=" ", by=personas.quality_manager)
    services.inspection_cancel(
        inspection=inspection, reason="Order moved", by=personas.quality_manager
    )
    assert inspection.status == InspectionStatus.CANCELLED
    done = builders.reviewed(personas)
    with pytest.raises(ValidationError, match="cannot be cancelled"):
        services.inspection_cancel(inspection=done, reason="late", by=personas.quality_manager)


def test_it_keeps_booked_values_when_the_policy_changes_before_the_start(
    personas: Personas,
) -> None:
    inspection = builders.book(personas)
    services.inspection_policy_update(major_aql="1.0", by=personas.admin)
    assert InspectionPolicy.current().major_aql == "1.0"
    inspection.refresh_from_db()
    assert inspection.major_aql == "2.5"
    assert builders.book(personas).major_aql == "1.0"
