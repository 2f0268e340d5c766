"""The decision log: options judged on economic, social and environmental effects (-2..+2
with a rationale each), a chosen option, approval by the CSR team, then locked; filter and
search."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sourceproof.core.testing import Personas
from sourceproof.csr.models import DecisionStatus
from sourceproof.csr.services import dialogue as services
from sourceproof.csr.tests.helpers import make_decision

pytestmark = pytest.mark.django_db


def test_it_numbers_decisions_per_year(personas: Personas) -> None:
    first = make_decision(personas.csr_manager, options=0)
    second = make_decision(personas.csr_manager, options=0)
    year = first.decided_on.year
    assert (first.reference, second.reference) == (f"DEC-{year}-001", f"DEC-{year}-002")


def test_it_keeps_scores_between_minus_two_and_two(personas: Personas) -> None:
    decision = make_decision(personas.csr_manager, options=0)
    with pytest.raises(ValidationError) as caught:
        services.decision_option_add(
            decision=decision,
            by=personas.csr_manager,
            label="Too good",
            economic_score=3,
            economic_rationale="x",
            social_score=-3,
            social_rationale="x",
            environmental_score=0,
            environmental_rationale="",
        )
    assert {"economic_score", "social_score", "environmental_rationale"} <= set(
        caught.value.message_dict
    )


def test_it_approves_a_decision_with_options_and_a_choice(personas: Personas) -> None:
    by = personas.csr_manager
    decision = make_decision(by, options=2)
    with pytest.raises(ValidationError, match="Choose an option"):
        services.decision_approve(decision=decision, by=by)
    option = decision.options.order_by("pk").last()
    assert option is not None
    services.decision_choose(decision=decision, option=option, by=by)
    approved = services.decision_approve(decision=decision, by=by)
    assert approved.status == DecisionStatus.APPROVED
    assert (approved.approved_by, approved.chosen_option) == (by, option)
    assert approved.approved_at is not None


def test_it_needs_two_options_considered(personas: Personas) -> None:
    decision = make_decision(personas.csr_manager, options=1)
    option = decision.options.get()
    services.decision_choose(decision=decision, option=option, by=personas.csr_manager)
    with pytest.raises(ValidationError, match="at least two options"):
        services.decision_approve(decision=decision, by=personas.csr_manager)


def test_only_the_csr_team_approves(personas: Personas) -> None:
    decision = make_decision(personas.csr_manager)
    option = decision.options.first()
    assert option is not None
    services.decision_choose(decision=decision, option=option, by=personas.csr_manager)
    with pytest.raises(ValidationError, match="CSR team"):
        services.decision_approve(decision=decision, by=personas.quality_manager)


def test_an_approved_decision_is_locked(personas: Personas) -> None:
    by = personas.csr_manager
    decision = make_decision(by)
    option = decision.options.first()
    assert option is not None
    services.decision_choose(decision=decision, option=option, by=by)
    services.decision_approve(decision=decision, by=by)
    with pytest.raises(ValidationError, match="locked"):
        services.decision_update(decision=decision, title="Changed", by=by)
    with pytest.raises(ValidationError, match="locked"):
        services.decision_option_update(option=option, label="Changed", by=by)
    with pytest.raises(ValidationError, match="locked"):
        services.decision_option_delete(option=option, by=by)


def test_it_approves_on_the_page(personas: Personas, client_for: Any) -> None:
    decision = make_decision(personas.csr_manager)
    option = decision.options.first()
    assert option is not None
    client = client_for("csr_manager")
    client.post(reverse("csr:decision_choose", args=[decision.reference]), {"option": option.pk})
    client.post(reverse("csr:decision_approve", args=[decision.reference]))
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.APPROVED
    page = client.get(reverse("csr:decision_detail", args=[decision.reference]))
    assert b"Approve</button>" not in page.content and b"Add option" not in page.content


def test_it_filters_and_searches_the_log(personas: Personas, client_for: Any) -> None:
    make_decision(personas.csr_manager, title="Electric lease cars")
    make_decision(personas.csr_manager, title="Recycled packaging")
    client = client_for("viewer")
    found = client.get(reverse("csr:decision_list"), {"q": "packaging"})
    assert b"Recycled packaging" in found.content and b"Electric lease" not in found.content
    by_option = client.get(reverse("csr:decision_list"), {"q": "Option 2"})
    assert by_option.content.count(b"/csr/decisions/DEC-") == 2
    fragment = client.get(
        reverse("csr:decision_list"), {"status": "approved"}, HTTP_HX_REQUEST="true"
    )
    assert b"No decisions match" in fragment.content and b"<html" not in fragment.content
