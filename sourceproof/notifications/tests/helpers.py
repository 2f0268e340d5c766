"""Builders for the notifications tests: reviewed inspections of either customer, made
through the inspections services (sourceproof/inspections/tests/builders.py)."""

from __future__ import annotations

from typing import Any

from sourceproof.accounts.models import Role, User
from sourceproof.core.testing import OrderLineFactory, Personas, ProductFactory, UserFactory
from sourceproof.inspections import services
from sourceproof.inspections.models import Inspection
from sourceproof.inspections.tests import builders
from sourceproof.notifications.models import NotificationPreference
from sourceproof.orders.models import PurchaseOrder


def other_customers_order(personas: Personas) -> PurchaseOrder:
    """An in-production order of the other customer, at the other supplier's facility."""
    product = ProductFactory.create(customer=personas.other_customer)
    line = OrderLineFactory.create(
        order__customer=personas.other_customer,
        order__facility=personas.other_facility,
        product=product,
    )
    return builders.confirm(line.order)


def submitted(personas: Personas, order: PurchaseOrder | None = None, *, fail: bool) -> Inspection:
    """An inspection started, checked and submitted; with `fail`, as many major defects as
    the rejection number."""
    inspection = builders.start(personas, builders.book(personas, order))
    builders.check_everything(personas, inspection)
    if fail:
        services.inspection_record_defect(
            inspection=inspection,
            defect_type=builders.library(personas.quality_manager)["MAJ-PRINT"],
            count=builders.major_reject(inspection),
            by=personas.inspector,
        )
    services.inspection_submit(inspection=inspection, by=personas.inspector)
    return inspection


def review_with_hooks(personas: Personas, inspection: Inspection, capture: Any) -> Inspection:
    """Review as the quality manager and run what waits for the commit (the review hooks,
    whose tasks run at once on the tests' immediate backend)."""
    with capture(execute=True):
        services.inspection_review(inspection=inspection, by=personas.quality_manager)
    inspection.refresh_from_db()
    return inspection


def colleague(personas: Personas, email: str = "quality@northwind.test", **values: Any) -> User:
    """Another customer user of the personas' customer."""
    return UserFactory.create(
        role=Role.CUSTOMER_USER,
        organisation=personas.customer,
        email=email,
        full_name=values.pop("full_name", "Colin Colleague"),
        **values,
    )


def prefer(user: User, **values: bool) -> NotificationPreference:
    preference, _made = NotificationPreference.objects.update_or_create(user=user, defaults=values)
    return preference
