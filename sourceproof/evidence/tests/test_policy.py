"""The photo-evidence policy: operator admins change it, within what the index can search."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from sourceproof.core.changelog import history_for
from sourceproof.core.testing import Personas
from sourceproof.evidence import services
from sourceproof.evidence.models import EvidencePolicy
from sourceproof.evidence.rules import MAX_SEARCH_DISTANCE

pytestmark = pytest.mark.django_db


def test_it_has_defaults(personas: Personas) -> None:
    policy = EvidencePolicy.current()
    assert (policy.reuse_max_distance, policy.max_megapixels) == (6, 50)


def test_an_admin_changes_it_and_the_change_is_logged(personas: Personas) -> None:
    policy = services.evidence_policy_update(by=personas.admin, reuse_max_distance=4)
    assert policy.reuse_max_distance == 4
    assert history_for(policy).get().changes == {"reuse_max_distance": [6, 4]}


def test_it_refuses_a_distance_the_index_cannot_search(personas: Personas) -> None:
    with pytest.raises(ValidationError):
        services.evidence_policy_update(
            by=personas.admin, reuse_max_distance=MAX_SEARCH_DISTANCE + 1
        )
    assert EvidencePolicy.current().reuse_max_distance == 6


@pytest.mark.parametrize("name", ["quality_manager", "inspector", "customer_user"])
def test_others_get_404(personas: Personas, name: str) -> None:
    with pytest.raises(Http404):
        services.evidence_policy_update(by=getattr(personas, name), max_megapixels=10)
