"""The portal's demo: one demo customer shares everything, the others keep the defaults."""

from __future__ import annotations

import pytest

from sourceproof.core.demo import demo_load
from sourceproof.portal.demo import load_portal_demo
from sourceproof.portal.models import CustomerSharing

pytestmark = pytest.mark.django_db


def test_it_shares_everything_with_one_demo_customer_once() -> None:
    demo_load()
    assert load_portal_demo().created == ["lumora"]
    row = CustomerSharing.objects.get()
    assert row.customer.code == "lumora" and row.share_audit_details and row.share_supplier_name
    assert load_portal_demo().created == []
    assert CustomerSharing.objects.count() == 1
