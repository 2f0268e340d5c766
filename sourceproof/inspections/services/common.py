"""Helpers shared by the inspection services: locking, role checks, the stored verdict."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from sourceproof.accounts.models import Role
from sourceproof.accounts.permissions import Action, require
from sourceproof.core.changelog import record_change, snapshot
from sourceproof.core.models import ChangeAction
from sourceproof.inspections import evaluation
from sourceproof.inspections.models import Inspection, Verdict

if TYPE_CHECKING:
    from sourceproof.accounts.models import User


_T = TypeVar("_T")


class Registry(list[_T]):
    """What other capabilities add to a service (checks, hooks): registering twice adds once,
    so `register` also serves as a decorator and in AppConfig.ready()."""

    def register(self, item: _T) -> _T:
        if item not in self:
            self.append(item)
        return item

    def unregister(self, item: _T) -> None:
        if item in self:
            self.remove(item)


def run_after_commit(hooks: list[Callable[[int], None]], inspection_id: int) -> None:
    """Call each hook with the inspection's id once the transaction commits."""
    for hook in list(hooks):
        transaction.on_commit(lambda hook=hook: hook(inspection_id))  # type: ignore[misc]


def created(obj: Any) -> dict[str, list[Any]]:
    """A new record's fields as changes from nothing, like an update's diff (UUIDs as text:
    the change log stores plain JSON)."""
    return {
        name: [None, str(value) if isinstance(value, uuid.UUID) else value]
        for name, value in snapshot(obj).items()
    }


def lock(inspection: Inspection) -> Inspection:
    """Re-read the inspection under a row lock (PostgreSQL) so two writers do not interleave."""
    return (
        Inspection.objects.select_for_update(of=("self",))
        .select_related("order", "facility", "product_category", "inspector")
        .get(pk=inspection.pk)
    )


def refresh(target: Inspection, fresh: Inspection) -> None:
    """Copy a re-read inspection's state onto the caller's instance."""
    for field in target._meta.concrete_fields:
        setattr(target, field.attname, getattr(fresh, field.attname))
    if hasattr(target, "_prefetched_objects_cache"):
        target._prefetched_objects_cache = {}


def require_performer(user: User, inspection: Inspection) -> None:
    """The assigned inspector, or a quality manager or admin; anyone else gets 404 (an
    inspector who is not assigned does not even see the inspection)."""
    require(user, Action.PERFORM_INSPECTIONS)
    if user.role == Role.INSPECTOR and inspection.inspector_id != user.pk:
        raise Http404("Not found.")


def final_verdict(inspection: Inspection) -> str:
    return inspection.override_verdict or inspection.computed_verdict


def store_verdict(inspection: Inspection, *, by: User) -> None:
    """Recompute the verdict from the rows and store it; a change of the computed verdict or
    of the counts is written to the change log."""
    result = evaluation.evaluate(inspection)
    if result is None:
        return
    old = {
        "computed_verdict": inspection.computed_verdict,
        "nonconforming": inspection.nonconforming or {},
    }
    inspection.computed_verdict = Verdict(result.outcome)
    inspection.computed_reasons = [r.as_dict() for r in result.reasons]
    inspection.nonconforming = result.nonconforming
    inspection.computed_at = timezone.now()
    inspection.final_verdict = final_verdict(inspection)
    inspection.save(
        update_fields=[
            "computed_verdict",
            "computed_reasons",
            "nonconforming",
            "computed_at",
            "final_verdict",
            "updated_at",
        ]
    )
    new = {"computed_verdict": inspection.computed_verdict, "nonconforming": result.nonconforming}
    changes = {k: [old[k], v] for k, v in new.items() if old[k] != v}
    if changes:
        record_change(
            obj=inspection,
            actor=by,
            action=ChangeAction.UPDATE,
            changes=changes,
            summary="Verdict recomputed",
        )
