"""The tamper-evident change log: record who changed what, and verify nobody rewrote it.

Each entry's hash covers its own content and the previous entry's hash, forming one chain
over the whole installation. `verify_chain()` recomputes it; any edited, inserted or deleted
entry breaks the chain from that point on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from sourceproof.core.models import ChangeAction, ChangeRecord

GENESIS = "0" * 64
_ADVISORY_LOCK_KEY = 7_202_611  # any constant: serialises appends to the chain on PostgreSQL


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The values of an object's concrete fields, as plain JSON values."""
    names = (
        list(fields)
        if fields is not None
        else [
            f.attname
            for f in obj._meta.concrete_fields
            if f.name not in {"id", "created_at", "updated_at"}
        ]
    )
    return {name: _plain(getattr(obj, name)) for name in names}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def _entry_hash(previous_hash: str, payload: dict[str, Any]) -> str:
    body = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256((previous_hash + body).encode()).hexdigest()


def _payload(record: ChangeRecord) -> dict[str, Any]:
    return {
        "content_type": record.content_type_id,
        "object_id": record.object_id,
        "object_repr": record.object_repr,
        "action": record.action,
        "summary": record.summary,
        "changes": record.changes,
        "actor": record.actor_label,
        "at": record.at.isoformat(),
    }


def _actor_label(actor: Any) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return "system"
    return f"{actor.get_full_name() or actor.email} <{actor.email}>"


@transaction.atomic
def record_change(
    *,
    obj: models.Model,
    actor: Any,
    action: ChangeAction | str,
    changes: dict[str, Any] | None = None,
    summary: str = "",
) -> ChangeRecord | None:
    """Append one entry to the chain. An update with no changes records nothing."""
    if action == ChangeAction.UPDATE and not changes:
        return None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_LOCK_KEY])
    last = ChangeRecord.objects.order_by("-id").values_list("entry_hash", flat=True).first()
    record = ChangeRecord(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        action=str(action),
        summary=summary[:300],
        changes=_plain_changes(changes or {}),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=_actor_label(actor)[:200],
        at=timezone.now(),
        previous_hash=last or GENESIS,
    )
    record.entry_hash = _entry_hash(record.previous_hash, _payload(record))
    record.save(force_insert=True)
    return record


@dataclass(frozen=True)
class PendingChange:
    """One entry for `record_changes`: the same arguments `record_change` takes, minus the actor."""

    obj: models.Model
    action: ChangeAction | str
    changes: dict[str, Any] | None = None
    summary: str = ""


@transaction.atomic
def record_changes(entries: Iterable[PendingChange], *, actor: Any) -> int:
    """Append many entries by one actor at once (a bulk import): the same chain `record_change`
    builds one call at a time, written in one insert per 1,000 entries. Returns how many."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_LOCK_KEY])
    last = ChangeRecord.objects.order_by("-id").values_list("entry_hash", flat=True).first()
    previous = last or GENESIS
    label = _actor_label(actor)[:200]
    who = actor if getattr(actor, "is_authenticated", False) else None
    records = []
    for entry in entries:
        if entry.action == ChangeAction.UPDATE and not entry.changes:
            continue
        record = ChangeRecord(
            content_type=ContentType.objects.get_for_model(entry.obj, for_concrete_model=True),
            object_id=str(entry.obj.pk),
            object_repr=str(entry.obj)[:200],
            action=str(entry.action),
            summary=entry.summary[:300],
            changes=_plain_changes(entry.changes or {}),
            actor=who,
            actor_label=label,
            at=timezone.now(),
            previous_hash=previous,
        )
        record.entry_hash = _entry_hash(previous, _payload(record))
        previous = record.entry_hash
        records.append(record)
    ChangeRecord.objects.bulk_create(records, batch_size=1000)
    return len(records)


def _plain_changes(changes: dict[str, Any]) -> dict[str, Any]:
    return {k: _plain(v) for k, v in changes.items()}


def history_for(obj: models.Model) -> models.QuerySet[ChangeRecord]:
    """The change log of one record, newest first."""
    return ChangeRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
    ).select_related("content_type")


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    checked: int
    first_bad_id: int | None = None


def verify_chain() -> ChainCheck:
    """Recompute the whole chain; report the first entry that does not fit."""
    previous = GENESIS
    count = 0
    for record in ChangeRecord.objects.order_by("id").iterator(chunk_size=2000):
        count += 1
        if record.previous_hash != previous or record.entry_hash != _entry_hash(
            previous, _payload(record)
        ):
            return ChainCheck(ok=False, checked=count, first_bad_id=record.pk)
        previous = record.entry_hash
    return ChainCheck(ok=True, checked=count)
