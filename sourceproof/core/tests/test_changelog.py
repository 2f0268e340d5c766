"""The change log is a hash chain: editing or deleting history is detected."""

from __future__ import annotations

import pytest

from sourceproof.core.changelog import history_for, record_change, verify_chain
from sourceproof.core.models import ChangeAction, ChangeRecord
from sourceproof.core.testing import Personas

pytestmark = pytest.mark.django_db


def test_it_records_who_changed_what(personas: Personas) -> None:
    facility = personas.facility
    record_change(
        obj=facility,
        actor=personas.quality_manager,
        action=ChangeAction.UPDATE,
        changes={"name": ["Old", "New"]},
    )
    entry = history_for(facility).get()
    assert entry.actor == personas.quality_manager
    assert entry.changes == {"name": ["Old", "New"]}
    assert "quality@groen.test" in entry.actor_label


def test_it_records_nothing_for_an_update_without_changes(personas: Personas) -> None:
    assert record_change(obj=personas.facility, actor=None, action="update", changes={}) is None


def test_it_detects_an_edited_entry(personas: Personas) -> None:
    for name in ("A", "B", "C"):
        record_change(
            obj=personas.facility, actor=None, action="update", changes={"name": ["x", name]}
        )
    assert verify_chain().ok
    middle = ChangeRecord.objects.order_by("id")[1]
    ChangeRecord.objects.filter(pk=middle.pk).update(changes={"name": ["x", "forged"]})
    check = verify_chain()
    assert not check.ok
    assert check.first_bad_id == middle.pk


def test_it_detects_a_deleted_entry(personas: Personas) -> None:
    for name in ("A", "B", "C"):
        record_change(
            obj=personas.facility, actor=None, action="update", changes={"name": ["x", name]}
        )
    ChangeRecord.objects.order_by("id")[1].delete()
    assert not verify_chain().ok
