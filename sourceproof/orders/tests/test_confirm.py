"""Confirming an order through the sourcing gate: blocked with every reason at once, on the
page and in the API; an active exception lets it through; an expired or revoked one does not."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from sourceproof.core.changelog import history_for
from sourceproof.core.models import ChangeAction
from sourceproof.core.testing import Personas
from sourceproof.orders import services
from sourceproof.orders.models import GateException, OrderStatus, PurchaseOrder
from sourceproof.orders.tests.gates import block_country, expired_audit, open_gate, suspend

pytestmark = pytest.mark.django_db

REASON = "Re-audit booked for next week; customer accepted the risk in writing."


def _all_fail(personas: Personas) -> None:
    expired_audit(personas.facility)
    block_country("CN")
    suspend(personas.facility, "Unannounced visit found locked fire exits")


def _grant(personas: Personas, **kwargs: Any) -> GateException:
    return services.gate_exception_grant(
        order=personas.order,
        reason=kwargs.get("reason", REASON),
        expires_at=kwargs.get("expires_at", timezone.now() + dt.timedelta(days=10)),
        by=kwargs.get("by", personas.quality_manager),
    )


def test_it_confirms_an_order_whose_facility_passes_the_gate(personas: Personas) -> None:
    open_gate(personas.facility)
    order = services.order_confirm(order=personas.order, by=personas.csr_manager)
    order.refresh_from_db()
    assert order.status == OrderStatus.CONFIRMED
    assert order.confirmed_by == personas.csr_manager
    assert order.confirmed_at is not None
    assert order.gate_verdict is not None
    assert order.gate_verdict["passed"] is True
    assert order.gate_verdict["exception"] is None
    assert [r["code"] for r in order.gate_verdict["results"]][:3] == [
        "smeta_4p_audit",
        "country_not_blocked",
        "facility_not_suspended",
    ]
    entry = history_for(order).get()
    assert entry.action == ChangeAction.EVENT
    assert entry.changes["status"] == ["draft", "confirmed"]
    assert entry.actor == personas.csr_manager


def test_it_refuses_with_every_failing_reason_at_once(personas: Personas) -> None:
    _all_fail(personas)
    with pytest.raises(services.GateBlocked) as blocked:
        services.order_confirm(order=personas.order, by=personas.quality_manager)
    reasons = [r.reason for r in blocked.value.failures]
    assert len(reasons) == 3
    assert reasons[0].startswith("No valid SMETA 4-pillar audit: the latest (")
    assert reasons[1] == "China is on the operator's no-sourcing list."
    assert reasons[2] == "The facility is suspended: Unannounced visit found locked fire exits."
    personas.order.refresh_from_db()
    assert personas.order.status == OrderStatus.DRAFT
    assert personas.order.gate_verdict is None
    assert not history_for(personas.order).exists()


def test_it_shows_every_failing_reason_and_disables_the_button_on_the_page(
    personas: Personas, client_for: Any
) -> None:
    _all_fail(personas)
    url = f"/orders/{personas.order.number}/confirm/"
    response = client_for("quality_manager").get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "No valid SMETA 4-pillar audit" in html
    assert "China is on the operator&#x27;s no-sourcing list." in html
    assert "The facility is suspended: Unannounced visit found locked fire exits." in html
    assert "disabled" in html
    assert f"/orders/{personas.order.number}/exceptions/new/" in html  # QM may grant


def test_it_offers_no_exception_link_to_a_role_that_may_not_grant(
    personas: Personas, client_for: Any
) -> None:
    _all_fail(personas)
    response = client_for("csr_manager").get(f"/orders/{personas.order.number}/confirm/")
    assert response.status_code == 200
    assert "/exceptions/new/" not in response.content.decode()


def test_it_answers_a_blocked_post_on_the_page_with_409_and_every_reason(
    personas: Personas, client_for: Any
) -> None:
    _all_fail(personas)
    response = client_for("admin").post(f"/orders/{personas.order.number}/confirm/")
    assert response.status_code == 409
    html = response.content.decode()
    assert "The sourcing gate blocks this order" in html
    assert "The facility is suspended" in html
    personas.order.refresh_from_db()
    assert personas.order.status == OrderStatus.DRAFT


def test_it_confirms_on_the_page_when_the_gate_passes(personas: Personas, client_for: Any) -> None:
    open_gate(personas.facility)
    client = client_for("quality_manager")
    page = client.get(f"/orders/{personas.order.number}/confirm/").content.decode()
    assert "Every gate rule passes" in page
    response = client.post(f"/orders/{personas.order.number}/confirm/")
    assert response.status_code == 302
    personas.order.refresh_from_db()
    assert personas.order.status == OrderStatus.CONFIRMED


def test_it_answers_a_blocked_confirm_in_the_api_with_409_and_every_reason(
    personas: Personas, client_for: Any
) -> None:
    _all_fail(personas)
    response = client_for("quality_manager").post(f"/api/v1/orders/{personas.order.number}/confirm")
    assert response.status_code == 409
    body = response.json()
    assert [f["code"] for f in body["failures"]] == [
        "smeta_4p_audit",
        "country_not_blocked",
        "facility_not_suspended",
    ]
    assert all(f["passed"] is False and f["reason"] for f in body["failures"])
    assert "China is on the operator's no-sourcing list." in body["detail"]


def test_it_confirms_in_the_api_when_the_gate_passes(personas: Personas, client_for: Any) -> None:
    open_gate(personas.facility)
    response = client_for("csr_manager").post(f"/api/v1/orders/{personas.order.number}/confirm")
    assert response.status_code == 200
    assert response.json()["status"] == "confirmed"
    assert response.json()["gate_at_confirmation"]["passed"] is True


def test_it_shows_the_gate_verdict_in_the_api(personas: Personas, client_for: Any) -> None:
    expired_audit(personas.facility)
    response = client_for("viewer").get(f"/api/v1/orders/{personas.order.number}/gate")
    assert response.status_code == 200
    body = response.json()
    assert body["passed"] is False
    assert body["may_confirm"] is False
    assert [r["code"] for r in body["results"]][:3] == [
        "smeta_4p_audit",
        "country_not_blocked",
        "facility_not_suspended",
    ]
    assert [r["passed"] for r in body["results"]][:3] == [False, True, True]
    assert body["results"][0]["reason"].startswith("No valid SMETA 4-pillar audit")
    assert len(body["failures"]) == 1


def test_it_lets_an_active_exception_through_and_keeps_it_with_the_verdict(
    personas: Personas,
) -> None:
    _all_fail(personas)
    exception = _grant(personas)
    order = services.order_confirm(order=personas.order, by=personas.csr_manager)
    order.refresh_from_db()
    assert order.status == OrderStatus.CONFIRMED
    assert order.gate_verdict is not None
    assert order.gate_verdict["passed"] is False
    used = order.gate_verdict["exception"]
    assert used["id"] == exception.pk
    assert used["reason"] == REASON
    assert used["granted_by_email"] == "quality@groen.test"
    assert len(used["failing_rules"]) == 3
    entry = history_for(order).filter(changes__has_key="status").get()
    assert f"gate exception #{exception.pk}" in entry.summary


def test_it_confirms_through_an_exception_in_the_api(personas: Personas, client_for: Any) -> None:
    expired_audit(personas.facility)
    _grant(personas)
    client = client_for("admin")
    gate = client.get(f"/api/v1/orders/{personas.order.number}/gate").json()
    assert gate["passed"] is False
    assert gate["may_confirm"] is True
    assert gate["active_exception"]["reason"] == REASON
    response = client.post(f"/api/v1/orders/{personas.order.number}/confirm")
    assert response.status_code == 200
    assert response.json()["gate_at_confirmation"]["exception"]["reason"] == REASON


def test_it_enables_the_button_when_an_exception_is_active(
    personas: Personas, client_for: Any
) -> None:
    expired_audit(personas.facility)
    _grant(personas)
    html = client_for("csr_manager").get(f"/orders/{personas.order.number}/confirm/")
    text = html.content.decode()
    assert "an active exception lets this order through" in text
    assert REASON in text
    assert "disabled" not in text


def test_it_ignores_an_expired_exception(personas: Personas) -> None:
    expired_audit(personas.facility)
    exception = _grant(personas)
    GateException.objects.filter(pk=exception.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    with pytest.raises(services.GateBlocked):
        services.order_confirm(order=personas.order, by=personas.quality_manager)


def test_it_ignores_a_revoked_exception(personas: Personas, client_for: Any) -> None:
    expired_audit(personas.facility)
    exception = _grant(personas)
    services.gate_exception_revoke(exception=exception, by=personas.admin)
    with pytest.raises(services.GateBlocked):
        services.order_confirm(order=personas.order, by=personas.quality_manager)
    response = client_for("quality_manager").post(f"/api/v1/orders/{personas.order.number}/confirm")
    assert response.status_code == 409


def test_it_does_not_keep_an_unneeded_exception_with_a_passing_verdict(
    personas: Personas,
) -> None:
    expired_audit(personas.facility)
    _grant(personas)
    open_gate(personas.facility)  # the new audit arrives before confirmation
    order = services.order_confirm(order=personas.order, by=personas.quality_manager)
    assert order.gate_verdict is not None
    assert order.gate_verdict["passed"] is True
    assert order.gate_verdict["exception"] is None


def test_it_refuses_to_confirm_an_order_that_is_not_a_draft(
    personas: Personas, client_for: Any
) -> None:
    open_gate(personas.facility)
    services.order_confirm(order=personas.order, by=personas.quality_manager)
    with pytest.raises(services.ValidationError):
        services.order_confirm(order=personas.order, by=personas.quality_manager)
    response = client_for("quality_manager").post(f"/api/v1/orders/{personas.order.number}/confirm")
    assert response.status_code == 400
    assert "Only a draft order can be confirmed" in response.json()["detail"]


def test_it_refuses_to_confirm_an_order_without_lines(personas: Personas) -> None:
    open_gate(personas.facility)
    personas.order.lines.all().delete()
    with pytest.raises(services.ValidationError, match="at least one line"):
        services.order_confirm(order=personas.order, by=personas.quality_manager)


def test_it_shows_the_customer_the_verdict_at_confirmation_with_the_exception(
    personas: Personas, client_for: Any
) -> None:
    expired_audit(personas.facility)
    _grant(personas)
    services.order_confirm(order=personas.order, by=personas.quality_manager)
    response = client_for("customer_user").get(f"/orders/{personas.order.number}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "At confirmation" in html
    assert "Confirmed under a gate exception granted by Quinten Q" in html
    assert REASON in html
    assert "History" not in html  # the change log is for operator roles
    api = client_for("customer_user").get(f"/api/v1/orders/{personas.order.number}")
    assert api.json()["gate_at_confirmation"]["exception"]["reason"] == REASON


def test_it_lets_only_confirming_roles_confirm(personas: Personas, client_for: Any) -> None:
    open_gate(personas.facility)
    for name in ("inspector", "viewer", "customer_user", "supplier_user"):
        client = client_for(name)
        assert client.post(f"/orders/{personas.order.number}/confirm/").status_code == 404
        assert client.post(f"/api/v1/orders/{personas.order.number}/confirm").status_code == 404
    assert PurchaseOrder.objects.get(pk=personas.order.pk).status == OrderStatus.DRAFT
