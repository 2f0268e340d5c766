"""Helpers shared by the audit services: validation that names fields, and the step log."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from sourceproof.audits.models import CorrectiveAction, CorrectiveActionStep

if TYPE_CHECKING:
    from sourceproof.accounts.models import User

Check = Callable[[], None]


def check_fields(given: Iterable[str], allowed: Iterable[str]) -> None:
    unknown = set(given) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")


def validate(obj: Any, *, exclude: Iterable[str] = (), checks: Iterable[Check] = ()) -> None:
    """Run the model's field validation and the extra checks; raise one ValidationError with
    every problem by field. The multi-field constraints are the checks' job (Django's own
    constraint messages name only the constraint)."""
    errors: dict[str, list[str]] = {}

    def full_clean() -> None:
        obj.full_clean(exclude=list(exclude), validate_constraints=False, validate_unique=False)

    for check in (full_clean, *checks):
        try:
            check()
        except ValidationError as exc:
            for field, messages in exc.update_error_dict({}).items():
                for message in ValidationError(messages).messages:
                    if message not in errors.get(field, []):
                        errors.setdefault(field, []).append(message)
    if errors:
        raise ValidationError(errors)


def created(values: dict[str, Any]) -> dict[str, list[Any]]:
    """A change-log `changes` dict for a new row: only the fields that have a value."""
    return {k: [None, v] for k, v in values.items() if v not in (None, "", [])}


def actor_label(user: User | None) -> str:
    if user is None:
        return "system"
    return (user.get_full_name() or user.email)[:200]


def step_record(
    *,
    action: CorrectiveAction,
    kind: str,
    by: User | None,
    status_before: str = "",
    status_after: str = "",
    comment: str = "",
) -> CorrectiveActionStep:
    """Append one step to a corrective action's history (who, when, what, with what comment)."""
    return CorrectiveActionStep.objects.create(
        corrective_action=action,
        kind=kind,
        status_before=status_before,
        status_after=status_after,
        comment=comment,
        by=by,
        by_label=actor_label(by),
        at=timezone.now(),
    )
