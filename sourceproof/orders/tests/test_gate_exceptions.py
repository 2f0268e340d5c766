"""Gate exceptions: who may grant them, with what reason and expiry; revoking; the list."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.http import Http404
from django.utils import timezone

from sourceproof.core.changelog import history_for
from sourceproof.core.models import ChangeAction, OperatorPolicy
from sourceproof.core.testing import Personas, PurchaseOrderFactory
from sourceproof.orders import services
from sourceproof.orders.models import GateException, OrderStatus
from sourceproof.orders.tests.gates import expired_audit, open_gate, suspend

pytestmark = pytest.mark.django_db

REASON = "Re-audit booked for next week; customer accepted the risk in writing."


def _grant(personas: Personas, **kwargs: Any) -> GateException:
    return services.gate_exception_grant(
        order=kwargs.get("order", personas.order),
        reason=kwargs.get("reason", REASON),
        expires_at=kwargs.get("expires_at", timezone.now() + dt.timedelta(days=10)),
        by=kwargs.get("by", personas.quality_manager),
    )


@pytest.mark.parametrize("role", ["quality_manager", "admin"])
def test_it_lets_a_quality_manager_or_admin_grant(personas: Personas, role: str) -> None:
    suspend(personas.facility, "Strike")
    exception = _grant(personas, by=getattr(personas, role))
    assert exception.granted_by == getattr(personas, role)
    assert [r["code"] for r in exception.failing_rules] == [
        "smeta_4p_audit",
        "facility_not_suspended",
    ]
    assert exception.failing_rules[1]["reason"] == "The facility is suspended: Strike."


@pytest.mark.parametrize(
    "role",
    ["csr_manager", "inspector", "viewer", "customer_user", "supplier_user", "auditor"],
)
def test_it_refuses_every_other_role(personas: Personas, client_for: Any, role: str) -> None:
    with pytest.raises(Http404):
        _grant(personas, by=getattr(personas, role))
    client = client_for(role)
    number = personas.order.number
    assert client.get(f"/orders/{number}/exceptions/new/").status_code == 404
    page = client.post(
        f"/orders/{number}/exceptions/new/",
        {"reason": REASON, "expires_on": (timezone.localdate() + dt.timedelta(days=5))},
    )
    assert page.status_code == 404
    api = client.post(
        f"/api/v1/orders/{number}/exceptions",
        {"reason": REASON, "expires_at": (timezone.now() + dt.timedelta(days=5)).isoformat()},
        content_type="application/json",
    )
    assert api.status_code == 404
    assert not GateException.objects.exists()


@pytest.mark.parametrize("reason", ["", "   ", "because", "x" * 19])
def test_it_requires_a_written_reason_of_twenty_characters(personas: Personas, reason: str) -> None:
    with pytest.raises(services.ValidationError) as error:
        _grant(personas, reason=reason)
    assert "at least 20 characters" in str(error.value)


def test_it_refuses_an_expiry_in_the_past_or_beyond_the_policy(personas: Personas) -> None:
    with pytest.raises(services.ValidationError, match="in the future"):
        _grant(personas, expires_at=timezone.now() - dt.timedelta(minutes=1))
    with pytest.raises(services.ValidationError, match="at most 90 days"):
        _grant(personas, expires_at=timezone.now() + dt.timedelta(days=91))
    last_day = timezone.make_aware(
        dt.datetime.combine(timezone.localdate() + dt.timedelta(days=90), dt.time(23, 59))
    )
    assert _grant(personas, expires_at=last_day).expires_at == last_day


def test_it_follows_the_operator_policy_for_the_longest_exception(personas: Personas) -> None:
    policy = OperatorPolicy.current()
    policy.exception_max_days = 7
    policy.save()
    with pytest.raises(services.ValidationError, match="at most 7 days"):
        _grant(personas, expires_at=timezone.now() + dt.timedelta(days=8))
    assert _grant(personas, expires_at=timezone.now() + dt.timedelta(days=6))


def test_it_refuses_an_exception_for_an_order_that_passes_the_gate(personas: Personas) -> None:
    open_gate(personas.facility)
    with pytest.raises(services.ValidationError, match="no exception is needed"):
        _grant(personas)


def test_it_refuses_a_second_active_exception(personas: Personas) -> None:
    _grant(personas)
    with pytest.raises(services.ValidationError, match="already active"):
        _grant(personas)


def test_it_refuses_an_exception_for_an_order_past_draft(personas: Personas) -> None:
    order = PurchaseOrderFactory.create(facility=personas.facility, status=OrderStatus.CONFIRMED)
    with pytest.raises(services.ValidationError, match="only needed before confirmation"):
        _grant(personas, order=order)


def test_it_records_the_grant_and_the_revocation_in_the_change_log(personas: Personas) -> None:
    exception = _grant(personas)
    created = history_for(exception).get()
    assert created.action == ChangeAction.CREATE
    assert created.changes["reason"] == [None, REASON]
    assert created.actor == personas.quality_manager
    order_event = history_for(personas.order).get()
    assert order_event.action == ChangeAction.EVENT
    assert REASON in order_event.summary

    services.gate_exception_revoke(exception=exception, by=personas.admin)
    revoked = history_for(exception).filter(action=ChangeAction.UPDATE).get()
    assert set(revoked.changes) == {"revoked_at", "revoked_by_id"}
    assert revoked.changes["revoked_by_id"] == [None, personas.admin.pk]
    assert history_for(personas.order).count() == 2


def test_it_refuses_to_revoke_twice_or_by_a_role_that_may_not(personas: Personas) -> None:
    exception = _grant(personas)
    with pytest.raises(Http404):
        services.gate_exception_revoke(exception=exception, by=personas.csr_manager)
    services.gate_exception_revoke(exception=exception, by=personas.quality_manager)
    with pytest.raises(services.ValidationError, match="already revoked"):
        services.gate_exception_revoke(exception=exception, by=personas.quality_manager)


def test_it_grants_on_the_page_until_the_end_of_the_chosen_day(
    personas: Personas, client_for: Any
) -> None:
    expired_audit(personas.facility)
    day = timezone.localdate() + dt.timedelta(days=14)
    response = client_for("quality_manager").post(
        f"/orders/{personas.order.number}/exceptions/new/",
        {"reason": REASON, "expires_on": day.isoformat()},
    )
    assert response.status_code == 302
    exception = GateException.objects.get()
    assert timezone.localtime(exception.expires_at).date() == day
    assert timezone.localtime(exception.expires_at).time() >= dt.time(23, 59, 59)


def test_it_shows_the_reasons_for_a_refused_grant_on_the_page(
    personas: Personas, client_for: Any
) -> None:
    client = client_for("admin")
    url = f"/orders/{personas.order.number}/exceptions/new/"
    too_late = timezone.localdate() + dt.timedelta(days=120)
    response = client.post(url, {"reason": REASON, "expires_on": too_late.isoformat()})
    assert response.status_code == 400
    assert "An exception may run at most 90 days" in response.content.decode()
    short = client.post(url, {"reason": "too short", "expires_on": timezone.localdate()})
    assert short.status_code == 400
    assert not GateException.objects.exists()


def test_it_grants_in_the_api(personas: Personas, client_for: Any) -> None:
    client = client_for("quality_manager")
    url = f"/api/v1/orders/{personas.order.number}/exceptions"
    expires = timezone.now() + dt.timedelta(days=3)
    response = client.post(
        url, {"reason": REASON, "expires_at": expires.isoformat()}, content_type="application/json"
    )
    assert response.status_code == 201
    body = response.json()
    assert body["state"] == "active"
    assert body["granted_by"] == "Quinten Q"
    assert body["failing_rules"][0]["code"] == "smeta_4p_audit"
    again = client.post(
        url, {"reason": REASON, "expires_at": expires.isoformat()}, content_type="application/json"
    )
    assert again.status_code == 400
    assert "already active" in again.json()["detail"]
    short = client.post(
        url, {"reason": "short", "expires_at": expires.isoformat()}, content_type="application/json"
    )
    assert short.status_code == 422


def test_it_lists_active_and_expired_exceptions(personas: Personas, client_for: Any) -> None:
    active = _grant(personas)
    old = GateException.objects.create(
        order=personas.other_order,
        reason="An old exception that ran out last month.",
        granted_by=personas.admin,
        expires_at=timezone.now() - dt.timedelta(days=3),
    )
    client = client_for("viewer")
    page = client.get("/orders/exceptions/").content.decode()
    assert personas.order.number in page
    assert personas.other_order.number not in page
    expired = client.get("/orders/exceptions/?state=expired").content.decode()
    assert personas.other_order.number in expired
    assert personas.order.number not in expired
    every = client.get("/api/v1/orders/exceptions?state=all").json()
    assert {e["id"]: e["state"] for e in every["items"]} == {
        active.pk: "active",
        old.pk: "expired",
    }


def test_it_revokes_on_the_page(personas: Personas, client_for: Any) -> None:
    exception = _grant(personas)
    detail = client_for("admin").get(f"/orders/{personas.order.number}/").content.decode()
    assert f"/orders/exceptions/{exception.pk}/revoke/" in detail
    response = client_for("admin").post(f"/orders/exceptions/{exception.pk}/revoke/")
    assert response.status_code == 302
    exception.refresh_from_db()
    assert exception.revoked_by == personas.admin
    assert client_for("viewer").post(f"/orders/exceptions/{exception.pk}/revoke/").status_code in {
        404
    }
