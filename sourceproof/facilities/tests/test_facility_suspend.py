"""Suspending a facility and lifting the suspension, each with a reason that is recorded."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError

from sourceproof.core.changelog import history_for
from sourceproof.core.models import ChangeAction
from sourceproof.core.testing import Personas
from sourceproof.facilities import services

pytestmark = pytest.mark.django_db


class TestSuspend:
    def test_it_suspends_with_a_reason_and_records_it(
        self, personas: Personas, client_for: Callable
    ) -> None:
        facility = personas.facility
        response = client_for("quality_manager").post(
            f"/facilities/{facility.code}/suspend/", {"reason": "Locked fire exits found on visit"}
        )
        assert response.status_code == 302
        facility.refresh_from_db()
        assert facility.is_suspended
        assert facility.suspension_reason == "Locked fire exits found on visit"
        [record] = history_for(facility)
        assert record.action == ChangeAction.EVENT
        assert record.actor == personas.quality_manager
        assert record.summary == "Suspended: Locked fire exits found on visit"
        assert record.changes["is_suspended"] == [False, True]

    def test_it_wants_a_reason(self, personas: Personas, client_for: Callable) -> None:
        response = client_for("quality_manager").post(
            f"/facilities/{personas.facility.code}/suspend/", {"reason": "  "}
        )
        assert response.status_code == 400
        assert "reason" in response.context["form"].errors
        personas.facility.refresh_from_db()
        assert not personas.facility.is_suspended
        with pytest.raises(ValidationError):
            services.facility_suspend(facility=personas.facility, by=None, reason="")

    def test_it_lifts_a_suspension_with_a_reason(
        self, personas: Personas, client_for: Callable
    ) -> None:
        facility = personas.facility
        services.facility_suspend(facility=facility, by=personas.admin, reason="Audit refused")
        response = client_for("admin").post(
            f"/facilities/{facility.code}/unsuspend/", {"reason": "Follow-up audit passed"}
        )
        assert response.status_code == 302
        facility.refresh_from_db()
        assert not facility.is_suspended and facility.suspension_reason == ""
        latest = history_for(facility).first()
        assert latest is not None
        assert latest.summary == "Suspension lifted: Follow-up audit passed"
        assert latest.changes["suspension_reason"] == ["Audit refused", ""]

    def test_it_will_not_suspend_twice(self, personas: Personas) -> None:
        services.facility_suspend(facility=personas.facility, by=None, reason="One")
        with pytest.raises(ValidationError):
            services.facility_suspend(facility=personas.facility, by=None, reason="Two")
        with pytest.raises(ValidationError):
            services.facility_unsuspend(
                facility=personas.other_facility, by=None, reason="Not suspended"
            )
