"""Loading the demo data: on an empty database, twice, and with the variety it promises."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import F, Model
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from sourceproof.accounts.models import Organisation, OrganisationKind, Role, User
from sourceproof.core.demo import DEMO_PASSWORD, SUPPLIERS, USERS, DemoResult, demo_load
from sourceproof.core.models import ChangeRecord
from sourceproof.facilities.models import Certificate, CertificateScheme, Facility, Supplier
from sourceproof.orders.gate import add_months
from sourceproof.orders.models import (
    GateException,
    OrderLine,
    OrderStatus,
    Product,
    PurchaseOrder,
)
from sourceproof.orders.selectors import facility_gate_verdict, order_gate_verdict

pytestmark = pytest.mark.django_db

COUNTED: list[type[Model]] = [
    Organisation,
    User,
    Supplier,
    Facility,
    Certificate,
    Product,
    PurchaseOrder,
    OrderLine,
    GateException,
    ChangeRecord,
]


def _counts() -> dict[str, int]:
    return {m.__name__: m._default_manager.count() for m in COUNTED}


def test_it_loads_on_an_empty_database_and_adds_nothing_the_second_time() -> None:
    out = StringIO()
    call_command("load_demo", stdout=out)
    first = _counts()

    assert Organisation.objects.get(kind=OrganisationKind.OPERATOR).name == "Groen Promotions B.V."
    assert Organisation.objects.filter(kind=OrganisationKind.CUSTOMER).count() == 3
    assert first["Supplier"] == 8
    assert first["Facility"] == 12
    assert first["PurchaseOrder"] == 40
    assert "demo-sourceproof-2026" in out.getvalue()

    again = StringIO()
    call_command("load_demo", stdout=again)

    assert _counts() == first
    assert "nothing to add" in again.getvalue()
    # The logins are printed every time.
    assert all(email in again.getvalue() for _role, email, _name, _org in USERS)


def test_it_names_the_placeholder_operator_made_before_it_ran() -> None:
    from sourceproof.accounts.services import operator_organisation

    operator_organisation()  # what createsuperuser makes on a fresh installation
    demo_load()

    operator = Organisation.objects.get(kind=OrganisationKind.OPERATOR)
    assert operator.name == "Groen Promotions B.V."


@pytest.fixture(scope="class")
def loaded(django_db_setup: Any, django_db_blocker: Any) -> Iterator[DemoResult]:
    """The demo, loaded once for the class's tests and rolled back after them."""
    # Runs before the function-scoped settings fixture: use its fast hasher here too.
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), transaction.atomic(), fast:
        yield demo_load()
        transaction.set_rollback(True)


@pytest.mark.usefixtures("loaded")
class TestTheLoadedDemo:
    def test_it_has_realistic_registry_and_order_data(self) -> None:
        countries = set(Facility.objects.values_list("country", flat=True))
        assert countries == {"CN", "VN", "IN", "BD", "TR", "NL"}
        assert not Facility.objects.filter(os_id="").exists()
        assert not Facility.objects.filter(latitude__isnull=True).exists()
        assert not PurchaseOrder.objects.filter(lines__isnull=True).exists()
        for customer in Organisation.objects.filter(kind=OrganisationKind.CUSTOMER):
            assert Product.objects.filter(customer=customer).exists()
        # Every order's products belong to the order's customer.
        assert not OrderLine.objects.exclude(product__customer=F("order__customer")).exists()
        # Facilities, certificates and orders were written to the change log.
        assert ChangeRecord.objects.count() >= Facility.objects.count() + 40

    def test_it_lets_every_role_log_in_with_the_documented_password(self) -> None:
        assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
        for user in User.objects.all():
            response = Client().post(
                reverse("accounts:login"), {"email": user.email, "password": DEMO_PASSWORD}
            )
            assert response.status_code == 302, user.email
        # Two customer users of two different customers, to show scoping.
        customers = User.objects.filter(role=Role.CUSTOMER_USER).values_list(
            "organisation", flat=True
        )
        assert len(set(customers)) == 2

    def test_it_has_certificates_in_every_state(self) -> None:
        today = timezone.localdate()
        certificates = Certificate.objects.all()
        smeta = CertificateScheme.SMETA_4P

        valid = certificates.filter(valid_from__lte=today, valid_until__gt=today + dt.timedelta(60))
        expiring = certificates.filter(
            valid_until__gte=today, valid_until__lte=today + dt.timedelta(60)
        )
        expired = certificates.filter(valid_until__lt=today)
        assert valid.filter(scheme=smeta).exists()
        assert expiring.filter(scheme=smeta).exists()
        assert expired.filter(scheme=smeta).exists()
        assert Facility.objects.exclude(certificates__scheme=smeta).count() >= 2
        old_but_unexpired = [
            c
            for c in certificates.filter(scheme=smeta, valid_until__gte=today)
            if add_months(c.valid_from, 24) < today
        ]
        assert old_but_unexpired
        assert Facility.objects.filter(is_suspended=True).exists()

    def test_it_has_orders_in_every_status_and_exceptions_active_and_expired(self) -> None:
        now = timezone.now()

        statuses = set(PurchaseOrder.objects.values_list("status", flat=True))
        assert statuses == set(OrderStatus.values)
        assert GateException.objects.filter(expires_at__gt=now, revoked_at__isnull=True).exists()
        assert GateException.objects.filter(expires_at__lt=now).exists()
        # Orders past draft carry the verdict the gate gave when they were confirmed: a pass.
        for order in PurchaseOrder.objects.exclude(gate_verdict=None):
            assert order.gate_verdict is not None
            assert order.gate_verdict["passed"], order.number

    def test_it_has_draft_orders_the_gate_passes_and_blocks(self) -> None:
        drafts = PurchaseOrder.objects.filter(status=OrderStatus.DRAFT).select_related("facility")

        verdicts = [order_gate_verdict(order=o).passed for o in drafts]

        assert True in verdicts
        assert False in verdicts

    def test_it_gives_each_facility_the_gate_verdict_the_demo_documents(self) -> None:
        for spec in (f for s in SUPPLIERS for f in s.facilities):
            verdict = facility_gate_verdict(facility=Facility.objects.get(code=spec.code))
            assert verdict.passed == spec.gate.startswith("pass"), (spec.code, verdict.failures)
