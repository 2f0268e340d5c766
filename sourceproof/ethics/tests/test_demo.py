"""The code-of-ethics demo: two versions, every supplier signed v1, half signed v2, the others
within the grace period (so the demo's gate stays as the core demo describes it)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from sourceproof.accounts.models import User
from sourceproof.core.changelog import verify_chain
from sourceproof.core.demo import demo_load
from sourceproof.ethics import selectors
from sourceproof.ethics.demo import SIGNED_V2, load_ethics_demo
from sourceproof.ethics.gate_rules import ETHICS_RULE
from sourceproof.ethics.models import Acknowledgement, CodeOfEthics, CodeStatus
from sourceproof.facilities.models import Facility, Supplier
from sourceproof.orders.selectors import facility_gate_verdict

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(django_capture_on_commit_callbacks: Any) -> None:
    demo_load()
    load_ethics_demo()


def test_it_loads_two_versions_and_the_signatures(demo: None) -> None:
    v1, v2 = CodeOfEthics.objects.get(version="1"), CodeOfEthics.objects.get(version="2")
    assert (v1.status, v2.status) == (CodeStatus.SUPERSEDED, CodeStatus.PUBLISHED)
    assert [t.language for t in selectors.code_texts(code=v2).values()] == ["en", "nl", "zh-hans"]
    assert [p.number for p in selectors.uncovered_principles(selectors.code_coverage(code=v1))] == [
        9
    ]
    assert selectors.uncovered_principles(selectors.code_coverage(code=v2)) == []
    suppliers = Supplier.objects.filter(is_active=True).count()
    assert v1.acknowledgements.count() == suppliers
    assert sorted(v2.acknowledgements.values_list("supplier__supplier_number", flat=True)) == list(
        SIGNED_V2
    )
    counts = selectors.state_counts(codes=selectors.published_codes())  # type: ignore[arg-type]
    assert counts == {"signed": 4, "pending": suppliers - 4, "overdue": 0}
    assert all(selectors.acknowledgement_matches_log(a) for a in Acknowledgement.objects.all())
    assert verify_chain().ok


def test_it_is_idempotent(demo: None) -> None:
    before = (CodeOfEthics.objects.count(), Acknowledgement.objects.count())
    again = load_ethics_demo()
    assert again.created == {}
    assert (CodeOfEthics.objects.count(), Acknowledgement.objects.count()) == before


def test_the_gate_lets_pending_suppliers_through_with_a_warning(demo: None) -> None:
    for facility in Facility.objects.select_related("supplier"):
        result = next(
            r for r in facility_gate_verdict(facility=facility).results if r.code == ETHICS_RULE
        )
        assert result.passed, result.reason
        assert result.warning == (facility.supplier.supplier_number not in SIGNED_V2)


def test_the_demo_supplier_is_asked_to_sign(demo: None) -> None:
    client = Client()
    client.force_login(User.objects.get(email="sales@everbright.example"))
    page = client.get("/ethics/sign/").content.decode()
    assert "Please read and sign the new code of ethics v2 before" in page
    assert "Supplier code of ethics v2" in page
    chinese = client.get("/ethics/sign/?lang=zh-hans").content.decode()
    assert "供应商道德行为准则 v2" in chinese and "3.3 优先采用环境友好型技术和材料" in chinese
    assert 'id="panel-ethics-sign"' in client.get("/").content.decode()
