"""The dashboard's "Orders blocked by the gate" panel reads the stored gate states
(orders.gate_states): the same orders as the live gate, a constant number of queries, its
time shown, a refresh enqueued once when stale, "being computed" for a large database
without states."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sourceproof.core.testing import (
    CertificateFactory,
    FacilityFactory,
    OrderLineFactory,
    Personas,
    ProductCategoryFactory,
)
from sourceproof.facilities.models import CertificateScheme, Facility
from sourceproof.orders import gate
from sourceproof.orders.gate_states import gate_states_refresh, is_stale
from sourceproof.orders.models import (
    FacilityGateState,
    GateException,
    GateStateSnapshot,
    OrderStatus,
    PurchaseOrder,
)
from sourceproof.orders.selectors import (
    blocked_drafts,
    dashboard_panels,
    order_queryset,
    stored_blocked_drafts,
)
from sourceproof.orders.tasks import refresh_gate_states
from sourceproof.orders.tests.gates import block_country, expired_audit, open_gate, suspend

pytestmark = pytest.mark.django_db


def _panel(user: Any) -> dict[str, Any]:
    return next(p for p in dashboard_panels(user=user) if p["key"] == "orders-blocked")


def _numbers(panel: dict[str, Any]) -> list[str]:
    return [i["label"].split(" · ")[0] for i in panel["items"]]


def _no_mugs_or_caps(facts: gate.GateFacts, policy: gate.GatePolicy) -> gate.RuleResult:
    """A rule that reads the order's categories, like the inspections app's."""
    for code in sorted(facts.order_categories):
        if code in ("mugs", "caps"):
            return gate.RuleResult("no_mugs_or_caps", False, f"No {code} from here.")
    return gate.RuleResult("no_mugs_or_caps", True, "Anything but mugs and caps.")


@pytest.fixture
def category_rule() -> Iterator[None]:
    gate.register_rule(_no_mugs_or_caps)
    yield
    gate.unregister_rule(_no_mugs_or_caps)


def _draft(facility: Facility, *, customer: Any, days: int, category: Any = None) -> PurchaseOrder:
    extra = {"product__category": category} if category is not None else {}
    return OrderLineFactory.create(
        order__facility=facility,
        order__customer=customer,
        order__agreed_ship_date=timezone.localdate() + dt.timedelta(days=days),
        **extra,
    ).order


def _exception(order: PurchaseOrder, by: Any, days: float) -> GateException:
    return GateException.objects.create(
        order=order,
        reason="The re-audit is booked and the customer agreed.",
        granted_by=by,
        expires_at=timezone.now() + dt.timedelta(days=days),
    )


@pytest.fixture
def many_reasons(personas: Personas, category_rule: None) -> dict[str, PurchaseOrder]:
    """Drafts blocked for every kind of reason, and drafts that are not blocked."""
    customer, other = personas.customer, personas.other_customer
    passing = FacilityFactory.create(supplier=personas.supplier)
    open_gate(passing)
    expired = FacilityFactory.create(supplier=personas.supplier)
    open_gate(expired).delete()
    expired_audit(expired)
    two_pillar = FacilityFactory.create()
    open_gate(two_pillar).delete()
    CertificateFactory.create(facility=two_pillar, scheme=CertificateScheme.SMETA_2P)
    suspended = FacilityFactory.create(supplier=personas.other_supplier)
    open_gate(suspended)
    suspend(suspended)
    no_sourcing = FacilityFactory.create(country="KP")
    open_gate(no_sourcing)
    block_country("KP")
    mugs = ProductCategoryFactory.create(code="mugs", name="Mugs")
    caps = ProductCategoryFactory.create(code="caps", name="Caps")
    bags = ProductCategoryFactory.create(code="bags", name="Bags")
    excepted = _draft(expired, customer=customer, days=5)
    _exception(excepted, personas.quality_manager, days=3)
    lapsed = _draft(expired, customer=customer, days=6)
    _exception(lapsed, personas.quality_manager, days=-1)
    confirmed = _draft(suspended, customer=other, days=1)
    PurchaseOrder.objects.filter(pk=confirmed.pk).update(status=OrderStatus.CONFIRMED)
    both = _draft(passing, customer=customer, days=9, category=mugs)
    OrderLineFactory.create(order=both, product__category=caps, product__customer=customer)
    return {
        "passing": _draft(passing, customer=customer, days=2, category=bags),
        "mugs": _draft(passing, customer=other, days=3, category=mugs),
        "both": both,
        "expired": _draft(expired, customer=customer, days=4),
        "excepted": excepted,
        "lapsed": lapsed,
        "two_pillar": _draft(two_pillar, customer=other, days=7),
        "suspended": _draft(suspended, customer=other, days=8),
        "no_sourcing": _draft(no_sourcing, customer=customer, days=10),
        "confirmed": confirmed,
    }


def _live(user: Any) -> tuple[list[int], dict[int, str]]:
    found = blocked_drafts(order_queryset(user=user))
    facility_of = dict(PurchaseOrder.objects.values_list("pk", "facility_id"))
    notes = {}
    for pk in found.order_ids:
        verdict = found.verdict_for(pk, facility_of[pk])
        notes[pk] = verdict.failures[0].reason if verdict else ""
    return found.order_ids, notes


def test_it_reports_what_the_live_gate_reports(
    personas: Personas, many_reasons: dict[str, PurchaseOrder]
) -> None:
    gate_states_refresh()
    users = [
        personas.quality_manager,
        personas.customer_user,
        personas.other_customer_user,
        personas.supplier_user,
        personas.other_supplier_user,
    ]
    for user in users:
        live_ids, live_notes = _live(user)
        stored = stored_blocked_drafts(order_queryset(user=user)).order_by("agreed_ship_date", "id")
        assert [o.pk for o in stored] == live_ids, user.email
        failures = {o.pk: vars(o)["gate_failures"] for o in stored}  # the annotation
        assert {pk: f[0]["reason"] for pk, f in failures.items()} == live_notes, user.email
        panel = _panel(user)
        assert panel["count"] == len(live_ids)
        assert [i["note"] for i in panel["items"]] == [live_notes[pk] for pk in live_ids[:5]]

    live_ids, notes = _live(personas.quality_manager)
    blocked = {name for name, order in many_reasons.items() if order.pk in live_ids}
    assert blocked == {
        "mugs", "both", "expired", "lapsed", "two_pillar", "suspended", "no_sourcing"
    }  # fmt: skip
    assert notes[many_reasons["both"].pk] == "No caps from here."  # the lowest code
    assert notes[many_reasons["mugs"].pk] == "No mugs from here."
    assert notes[many_reasons["suspended"].pk].startswith("The facility is suspended")
    assert notes[many_reasons["no_sourcing"].pk].endswith("on the operator's no-sourcing list.")
    assert "2-pillar" in notes[many_reasons["two_pillar"].pk]
    snapshot = GateStateSnapshot.objects.get()
    assert snapshot.blocked_categories == 2  # (passing, mugs) and (passing, caps)
    panel = _panel(personas.quality_manager)
    assert panel["count"] == 7 + 2  # and the personas' own two drafts (no audit)
    assert panel["tone"] == "bad"


def test_it_uses_a_constant_number_of_queries(personas: Personas) -> None:
    def queries() -> int:
        gate_states_refresh()
        with CaptureQueriesContext(connection) as ctx:
            panel = _panel(personas.quality_manager)
        assert panel["count"] == PurchaseOrder.objects.filter(status="draft").count()
        return len(ctx.captured_queries)

    few = queries()
    for _ in range(12):
        facility = FacilityFactory.create()
        for days in range(3):
            _draft(facility, customer=personas.customer, days=days)
    assert queries() == few
    # The states' row, the count, the five orders; the two exception panels two queries each.
    assert few == 3 + 4


def test_it_shows_when_the_states_were_computed(personas: Personas) -> None:
    gate_states_refresh()
    snapshot = GateStateSnapshot.objects.get()
    expected = timezone.localtime(snapshot.computed_at).strftime("%H:%M")
    assert _panel(personas.customer_user)["note"] == f"as of {expected}"


def test_it_computes_a_small_database_at_once_on_the_first_request(personas: Personas) -> None:
    assert not GateStateSnapshot.objects.exists()
    panel = _panel(personas.quality_manager)
    assert panel["count"] == 2
    assert GateStateSnapshot.objects.get().computed_at is not None
    assert FacilityGateState.objects.count() == 2


def test_it_shows_being_computed_for_a_large_database_without_states(
    personas: Personas,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
    client_for: Callable[[str], Any],
) -> None:
    settings.SOURCEPROOF_GATE_STATE_SYNC_LIMIT = 1  # the personas have drafts at 2 facilities
    with django_capture_on_commit_callbacks() as callbacks:
        panel = _panel(personas.quality_manager)
        html = client_for("quality_manager").get("/").content.decode()
    assert panel["count"] is None
    assert panel["note"].startswith("Being computed")
    assert panel["items"] == []
    assert "Being computed" in html
    assert len(callbacks) == 1  # one refresh enqueued, not one per request
    assert not FacilityGateState.objects.exists()
    for callback in callbacks:
        callback()  # the immediate task backend runs the refresh
    assert _panel(personas.quality_manager)["count"] == 2


def test_it_enqueues_one_refresh_when_stale_and_shows_the_old_numbers_meanwhile(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    gate_states_refresh()
    long_ago = timezone.now() - dt.timedelta(minutes=11)
    GateStateSnapshot.objects.update(computed_at=long_ago)
    newly_blocked = FacilityFactory.create()
    late = _draft(newly_blocked, customer=personas.customer, days=1)
    assert is_stale(GateStateSnapshot.objects.get())

    with django_capture_on_commit_callbacks() as callbacks:
        first = _panel(personas.quality_manager)
        second = _panel(personas.quality_manager)
    assert first["count"] == second["count"] == 2  # the new draft's facility is not judged yet
    assert first["note"].startswith("as of ")
    assert len(callbacks) == 1
    callbacks[0]()
    fresh = _panel(personas.quality_manager)
    assert fresh["count"] == 3
    assert late.number in _numbers(fresh)
    assert not is_stale(GateStateSnapshot.objects.get())


def test_it_does_not_enqueue_while_fresh(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    gate_states_refresh()
    with django_capture_on_commit_callbacks() as callbacks:
        _panel(personas.quality_manager)
    assert callbacks == []


def test_it_counts_states_of_an_earlier_day_as_stale(personas: Personas, settings: Any) -> None:
    snapshot = gate_states_refresh()
    settings.SOURCEPROOF_GATE_STATE_MAX_AGE = 7 * 24 * 3600
    assert not is_stale(snapshot)
    assert snapshot.computed_at is not None
    assert is_stale(snapshot, now=snapshot.computed_at + dt.timedelta(days=1))


def test_it_applies_status_and_exceptions_at_once_without_a_refresh(
    personas: Personas,
) -> None:
    gate_states_refresh()
    assert _panel(personas.quality_manager)["count"] == 2
    _exception(personas.order, personas.quality_manager, days=5)
    assert _numbers(_panel(personas.quality_manager)) == [personas.other_order.number]
    PurchaseOrder.objects.filter(pk=personas.other_order.pk).update(status=OrderStatus.CANCELLED)
    panel = _panel(personas.quality_manager)
    assert panel["count"] == 0
    assert panel["tone"] == "ok"


def test_it_keeps_the_old_verdict_until_the_refresh(personas: Personas) -> None:
    """Stale up to the maximum age: a facility that gets its audit still counts until then."""
    gate_states_refresh()
    open_gate(personas.facility)
    assert _panel(personas.quality_manager)["count"] == 2
    gate_states_refresh()
    assert _numbers(_panel(personas.quality_manager)) == [personas.other_order.number]


def test_the_refresh_replaces_every_state(personas: Personas) -> None:
    gate_states_refresh()
    PurchaseOrder.objects.filter(pk=personas.other_order.pk).update(status=OrderStatus.CONFIRMED)
    snapshot = gate_states_refresh()
    assert list(FacilityGateState.objects.values_list("facility_id", flat=True)) == [
        personas.facility.pk
    ]
    assert (snapshot.facilities, snapshot.blocked_facilities, snapshot.blocked_categories) == (
        1,
        1,
        0,
    )
    state = FacilityGateState.objects.get()
    assert not state.passed
    assert state.failures[0]["code"] == gate.SMETA_RULE


def test_the_task_refreshes_the_states(personas: Personas) -> None:
    result = refresh_gate_states.enqueue()
    assert result.return_value == 2
    assert GateStateSnapshot.objects.get().facilities == 2
