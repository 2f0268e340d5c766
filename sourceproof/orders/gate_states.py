"""The stored gate states: the gate's verdict per facility with draft orders, kept so that the
dashboard's "Orders blocked by the gate" panel need not judge ~12,500 facilities per request.

Unlike `gate.py` (the pure rules) this module uses the database. The states are derived data,
like a cache: `gate_states_refresh` recomputes all of them with the same bulk evaluation as
the live gate (`selectors.judge_drafts`) and replaces the stored rows in one transaction; no
change-log entry is written, since nothing a person decided changes. The background task
`orders.tasks.refresh_gate_states` wraps it. Confirming an order never reads these states: it
always judges the gate live.

Settings (optional; read when used, so tests may override them):

- `SOURCEPROOF_GATE_STATE_MAX_AGE` — seconds after which the states are stale: the dashboard
  still shows them, with their time, and enqueues one refresh. Default 600 (10 minutes).
- `SOURCEPROOF_GATE_STATE_SYNC_LIMIT` — with no states stored yet, a database with at most
  this many facilities with drafts is judged at once in the request (well under a second);
  a larger one shows "being computed" and enqueues the refresh. Default 1,000.

See docs/sourcing-gate.md ("The dashboard's stored gate states").
"""

from __future__ import annotations

import datetime as dt
import time

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from sourceproof.orders.models import (
    FacilityGateState,
    GateStateSnapshot,
    OrderStatus,
    PurchaseOrder,
)
from sourceproof.orders.selectors import gate_policy, judge_drafts

DEFAULT_MAX_AGE_SECONDS = 600
DEFAULT_SYNC_LIMIT = 1000


def max_age() -> dt.timedelta:
    return dt.timedelta(
        seconds=int(getattr(settings, "SOURCEPROOF_GATE_STATE_MAX_AGE", DEFAULT_MAX_AGE_SECONDS))
    )


def sync_limit() -> int:
    return int(getattr(settings, "SOURCEPROOF_GATE_STATE_SYNC_LIMIT", DEFAULT_SYNC_LIMIT))


def is_stale(snapshot: GateStateSnapshot, *, now: dt.datetime | None = None) -> bool:
    """Never computed, older than `max_age()`, or computed on an earlier local day (the rules
    depend on the date)."""
    if snapshot.computed_at is None:
        return True
    now = now or timezone.now()
    return (
        now - snapshot.computed_at > max_age()
        or timezone.localtime(snapshot.computed_at).date() != timezone.localtime(now).date()
    )


def gate_states_refresh(*, today: dt.date | None = None) -> GateStateSnapshot:
    """Judge every facility with draft orders now and replace the stored states.

    The drafts' active exceptions are not looked at here: the panel applies them when it
    reads, so granting or revoking one shows at once. The judging (a fixed number of
    queries, ~1.5 s of CPU at 200,000 orders) runs before the write transaction, which only
    swaps the rows.
    """
    started = time.perf_counter()
    now = timezone.now()
    policy = gate_policy(today=today)
    drafts = PurchaseOrder.objects.filter(status=OrderStatus.DRAFT).order_by()
    judged = judge_drafts(drafts, policy=policy, now=now)
    judged_pairs = [
        *(((facility_id, None), v) for facility_id, v in judged.facility_verdicts.items()),
        *judged.category_verdicts.items(),
    ]
    rows = [
        FacilityGateState(
            facility_id=facility_id,
            category_id=category_id,
            passed=verdict.passed,
            failures=[r.to_dict() for r in verdict.failures],
            computed_at=now,
        )
        for (facility_id, category_id), verdict in judged_pairs
    ]
    with transaction.atomic():
        GateStateSnapshot.objects.get_or_create(pk=1)
        # One refresh writes at a time (a second worker waits here, then writes its own).
        snapshot = GateStateSnapshot.objects.select_for_update().get(pk=1)
        FacilityGateState.objects.all().delete()
        FacilityGateState.objects.bulk_create(rows, batch_size=500)
        snapshot.computed_at = now
        snapshot.facilities = len(judged.facility_verdicts)
        snapshot.blocked_facilities = sum(
            1 for v in judged.facility_verdicts.values() if not v.passed
        )
        snapshot.blocked_categories = sum(
            1 for v in judged.category_verdicts.values() if not v.passed
        )
        snapshot.seconds = round(time.perf_counter() - started, 3)
        snapshot.save()
    if connection.vendor == "postgresql":
        # The table was just rewritten: give the planner its new statistics now rather than
        # when autovacuum gets to it (with the old ones a customer's panel took 0.3 s, not 20 ms).
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(FacilityGateState._meta.db_table)}")
    return snapshot


def gate_states_request_refresh(*, snapshot: GateStateSnapshot | None = None) -> bool:
    """Enqueue `refresh_gate_states` after commit, unless one was enqueued within `max_age()`
    (so that every request of a stale dashboard does not add a task). True if enqueued."""
    from sourceproof.orders.tasks import refresh_gate_states  # it imports this module

    now = timezone.now()
    if snapshot is None:
        GateStateSnapshot.objects.get_or_create(pk=1)
    claimed = GateStateSnapshot.objects.filter(
        Q(requested_at__isnull=True) | Q(requested_at__lt=now - max_age()), pk=1
    ).update(requested_at=now)
    if claimed:
        transaction.on_commit(lambda: refresh_gate_states.enqueue())
    return bool(claimed)


def gate_states_first_computation() -> GateStateSnapshot:
    """No states stored yet: judge now when few facilities have drafts, else enqueue."""
    facilities = (
        PurchaseOrder.objects.filter(status=OrderStatus.DRAFT)
        .order_by()
        .values("facility_id")
        .distinct()
        .count()
    )
    if facilities <= sync_limit():
        return gate_states_refresh()
    gate_states_request_refresh()
    return GateStateSnapshot.objects.get(pk=1)
