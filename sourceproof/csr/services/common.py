"""Helpers shared by the CSR services: validation that names fields, uploads, the change log."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import slugify
from django.utils.translation import gettext as _

from sourceproof.accounts.models import OPERATOR_ROLES, User
from sourceproof.audits.documents import check_evidence, sha256_of
from sourceproof.core.changelog import diff, record_change, snapshot
from sourceproof.core.models import ChangeAction

Check = Callable[[], None]

__all__ = ["ChangeAction", "diff", "record_change", "snapshot"]


def check_fields(given: Iterable[str], allowed: Iterable[str]) -> None:
    unknown = set(given) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")


def validate(obj: Any, *, exclude: Iterable[str] = (), checks: Iterable[Check] = ()) -> None:
    """Field validation plus extra checks, as one ValidationError by field."""
    errors: dict[str, list[str]] = {}

    def full_clean() -> None:
        obj.full_clean(exclude=list(exclude), validate_constraints=False, validate_unique=False)

    for check in (full_clean, *checks):
        try:
            check()
        except ValidationError as exc:
            for name, messages in exc.update_error_dict({}).items():
                for message in ValidationError(messages).messages:
                    if message not in errors.get(name, []):
                        errors.setdefault(name, []).append(message)
    if errors:
        raise ValidationError(errors)


def created(values: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [None, v] for k, v in values.items() if v not in (None, "", [])}


def checked_upload(upload: UploadedFile, field: str) -> tuple[str, str, str]:
    """A PDF, JPEG or PNG judged by content: (kind, sha256, a safe file name)."""
    try:
        kind = check_evidence(upload)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc
    original = (upload.name or "document").rsplit("/", 1)[-1]
    stem = slugify(original.rsplit(".", 1)[0])[:60] or "document"
    return kind, sha256_of(upload), f"{stem}.{kind}"


def check_owner(owner: User | None, field: str = "owner") -> None:
    if owner is None or not owner.is_active or owner.role not in OPERATOR_ROLES:
        raise ValidationError({field: [_("Choose an active person of the operator.")]})


def locked_error(what: str) -> ValidationError:
    return ValidationError(_("%(what)s is locked and can no longer be changed.") % {"what": what})
