"""Test personas and factories, shared by every app's tests.

The personas are the people of the style guide: an operator's quality manager, a CSR manager,
an admin, an inspector, a viewer, a customer user who sees only her orders, a supplier user,
an auditor, and outsiders (another customer's user, another supplier's user) who must see
nothing of the first ones.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import factory
from django.utils import timezone

from sourceproof.accounts.models import Organisation, OrganisationKind, Role, User
from sourceproof.facilities.models import (
    Certificate,
    CertificateScheme,
    CountryRisk,
    Facility,
    ProductCategory,
    RiskClass,
    Supplier,
)
from sourceproof.orders.models import OrderLine, OrderStatus, Product, PurchaseOrder

PASSWORD = "correct-horse-battery-staple"  # noqa: S105 - test personas only


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    code = factory.Sequence(lambda n: f"org-{n}")
    kind = OrganisationKind.CUSTOMER


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    full_name = factory.Sequence(lambda n: f"User {n}")
    role = Role.VIEWER
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.django.Password(PASSWORD)


class SupplierFactory(factory.django.DjangoModelFactory[Supplier]):
    class Meta:
        model = Supplier

    organisation = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.SUPPLIER)
    legal_name = factory.Sequence(lambda n: f"Supplier {n} Co., Ltd.")
    supplier_number = factory.Sequence(lambda n: f"S{n:05d}")
    country = "CN"


class ProductCategoryFactory(factory.django.DjangoModelFactory[ProductCategory]):
    class Meta:
        model = ProductCategory
        django_get_or_create = ("code",)

    code = "drinkware"
    name = "Drinkware"


class FacilityFactory(factory.django.DjangoModelFactory[Facility]):
    class Meta:
        model = Facility

    supplier = factory.SubFactory(SupplierFactory)
    code = factory.Sequence(lambda n: f"FAC-{n:05d}")
    name = factory.Sequence(lambda n: f"Facility {n}")
    address = factory.Sequence(lambda n: f"{n} Industrial Road")
    city = "Ningbo"
    country = "CN"
    match_key = factory.LazyAttribute(lambda o: f"{o.name}|{o.address}|{o.country}".lower())


class CertificateFactory(factory.django.DjangoModelFactory[Certificate]):
    class Meta:
        model = Certificate

    facility = factory.SubFactory(FacilityFactory)
    scheme = CertificateScheme.SMETA_4P
    issuer = "Example Audit Firm"
    number = factory.Sequence(lambda n: f"CERT-{n}")
    valid_from = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=100))
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=265))


class ProductFactory(factory.django.DjangoModelFactory[Product]):
    class Meta:
        model = Product

    customer = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.CUSTOMER)
    sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
    name = factory.Sequence(lambda n: f"Product {n}")
    category = factory.SubFactory(ProductCategoryFactory)


class PurchaseOrderFactory(factory.django.DjangoModelFactory[PurchaseOrder]):
    class Meta:
        model = PurchaseOrder

    number = factory.Sequence(lambda n: f"PO-{n:06d}")
    customer = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.CUSTOMER)
    facility = factory.SubFactory(FacilityFactory)
    status = OrderStatus.DRAFT
    agreed_ship_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=60))


class OrderLineFactory(factory.django.DjangoModelFactory[OrderLine]):
    class Meta:
        model = OrderLine

    order = factory.SubFactory(PurchaseOrderFactory)
    product = factory.SubFactory(ProductFactory, customer=factory.SelfAttribute("..order.customer"))
    quantity = 1000


@dataclass
class Personas:
    operator: Organisation
    admin: User
    csr_manager: User
    quality_manager: User
    inspector: User
    viewer: User
    customer: Organisation
    customer_user: User
    other_customer: Organisation
    other_customer_user: User
    supplier: Supplier
    supplier_user: User
    other_supplier: Supplier
    other_supplier_user: User
    audit_firm: Organisation
    auditor: User
    facility: Facility
    other_facility: Facility
    order: PurchaseOrder
    other_order: PurchaseOrder

    def all_users(self) -> dict[str, User]:
        return {k: v for k, v in vars(self).items() if isinstance(v, User)}


def make_personas(**overrides: Any) -> Personas:
    """The standard cast: two customers, two suppliers each with a facility and an order."""
    operator = OrganisationFactory.create(
        name="Groen Promotions B.V.", code="operator", kind=OrganisationKind.OPERATOR, country="NL"
    )
    customer = OrganisationFactory.create(name="Northwind Brands", code="northwind")
    other_customer = OrganisationFactory.create(name="Contoso Retail", code="contoso")
    audit_firm = OrganisationFactory.create(
        name="Fair Audits Ltd", code="fair-audits", kind="audit_firm"
    )
    supplier = SupplierFactory.create(legal_name="Ningbo Bright Drinkware Co., Ltd.")
    other_supplier = SupplierFactory.create(legal_name="Dhaka Canvas Bags Ltd.", country="BD")
    CountryRisk.objects.get_or_create(
        country="CN",
        defaults={"name": "China", "risk_class": RiskClass.RISK, "source": "test", "year": 2026},
    )
    facility = FacilityFactory.create(supplier=supplier, name="Bright Drinkware Plant 1")
    other_facility = FacilityFactory.create(
        supplier=other_supplier, name="Canvas Bags Unit 2", country="BD", city="Dhaka"
    )
    order = OrderLineFactory.create(order__customer=customer, order__facility=facility).order
    other_order = OrderLineFactory.create(
        order__customer=other_customer, order__facility=other_facility
    ).order

    def user(role: str, org: Organisation, email: str, name: str) -> User:
        return UserFactory.create(role=role, organisation=org, email=email, full_name=name)

    return Personas(
        operator=operator,
        admin=user(Role.ADMIN, operator, "admin@groen.test", "Anna Admin"),
        csr_manager=user(Role.CSR_MANAGER, operator, "csr@groen.test", "Carla CSR"),
        quality_manager=user(Role.QUALITY_MANAGER, operator, "quality@groen.test", "Quinten Q"),
        inspector=user(Role.INSPECTOR, operator, "inspector@groen.test", "Li Wei"),
        viewer=user(Role.VIEWER, operator, "viewer@groen.test", "Victor Viewer"),
        customer=customer,
        customer_user=user(Role.CUSTOMER_USER, customer, "buyer@northwind.test", "Nora North"),
        other_customer=other_customer,
        other_customer_user=user(
            Role.CUSTOMER_USER, other_customer, "buyer@contoso.test", "Otto Outsider"
        ),
        supplier=supplier,
        supplier_user=user(
            Role.SUPPLIER_USER, supplier.organisation, "sales@bright.test", "Zhang Min"
        ),
        other_supplier=other_supplier,
        other_supplier_user=user(
            Role.SUPPLIER_USER, other_supplier.organisation, "sales@canvas.test", "Rahim Khan"
        ),
        audit_firm=audit_firm,
        auditor=user(Role.AUDITOR, audit_firm, "lead@fairaudits.test", "Alex Auditor"),
        facility=facility,
        other_facility=other_facility,
        order=order,
        other_order=other_order,
        **overrides,
    )
