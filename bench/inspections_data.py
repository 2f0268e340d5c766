"""Inspections for a benchmark database: on top of the registry generator's orders.

`generate_inspections(n)` expects a migrated database already filled by
`bench_registry.generate` (facilities, customers, products, 200,000 purchase orders, the
quality manager `quality@bench.example` and the customer user `buyer@bench.example`). It
adds 60 inspectors (`inspector00@bench.example` ...), the defect library of the demo, one
sampling stream per facility x product category inspected, and `n` inspections of the
confirmed orders: PPI, DUPRO, PSI and CLC in the sequences an importer books them, planned
around each order's ship date, so that most are in the past (reviewed: pass, fail, a few
overridden) and the last months' are planned, in progress or submitted; cancelled ones
throughout. Started inspections carry a plan snapshot from the sampling engine and a
checklist snapshot; submitted and reviewed ones their defect records (~1 per inspection,
more when failed) and computed reasons; overridden ones their `VerdictOverride` row.

Rows go in through `bench_registry.Writer` (PostgreSQL COPY, SQLite executemany) with
explicit primary keys: no services, no signals, no change log. Not a module of the
application: a helper of `bench/bench_inspections.py` (its name does not start with
`bench_`, so scripts/bench.sh does not run it on its own).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from typing import Any

from bench_registry import RawJSON, Writer, _next_id, _skip_foreign_key_checks

SEED = 20261126
INSPECTORS = 60
# (inspection types booked for one order, weight)
SEQUENCES: list[tuple[tuple[str, ...], float]] = [
    (("psi",), 0.50),
    (("dupro", "psi"), 0.25),
    (("psi", "clc"), 0.13),
    (("ppi", "dupro", "psi"), 0.12),
]
LOT_SIZES = [280, 500, 1_200, 2_500, 3_200, 5_000, 10_000, 35_000]
OVERRIDE_SHARE = 0.02
# The columns of an inspection row, in the order the generator builds it.
INSPECTION_COLUMNS = [
    "id",
    "created_at",
    "updated_at",
    "report_number",
    "order",
    "facility",
    "product_category",
    "inspection_type",
    "status",
    "planned_date",
    "inspector",
    "booked_by",
    "lot_size",
    "level",
    "major_aql",
    "minor_aql",
    "aql_source",
    "plan_snapshot",
    "checklist_template",
    "checklist_snapshot",
    "stream",
    "produced_percent",
    "packed_percent",
    "start_warnings",
    "remarks",
    "computed_verdict",
    "computed_reasons",
    "nonconforming",
    "computed_at",
    "override_verdict",
    "override_reason",
    "override_by",
    "override_at",
    "final_verdict",
    "started_at",
    "submitted_at",
    "reviewed_at",
    "reviewed_by",
    "review_note",
    "cancelled_at",
    "cancel_reason",
    "stream_before",
    "stream_after",
]
FAIL_SHARE = 0.14


def _plan_snapshots() -> dict[tuple[int, str], RawJSON]:
    """The plan frozen at start, per lot size and severity, as the service stores it."""
    from sourceproof.inspections import verdict as pure

    plans: dict[tuple[int, str], RawJSON] = {}
    for lot_size in LOT_SIZES:
        for severity in ("normal", "tightened", "reduced"):
            plan = pure.build_plan(
                lot_size=lot_size,
                aqls={"critical": None, "major": "2.5", "minor": "4.0"},
                level="II",
                inspection=severity,
                edition="iso2859-1",
            ).as_dict()
            plan["policy"] = {
                "minimum_level": "II",
                "zero_acceptance_for_critical": True,
                "reduced_allowed": True,
            }
            plan["aql_source"] = "Operator policy"
            plan["stream"] = {"id": 0, "state": {"inspection": severity}}
            plan["snapshotted_at"] = "2026-01-01T08:00:00+00:00"
            plans[(lot_size, severity)] = RawJSON(json.dumps(plan))
    return plans


def _checklist_snapshot() -> RawJSON:
    titles = [
        ("visual", "Logo print: position, colour and sharpness"),
        ("visual", "General appearance: scratches, stains, loose threads"),
        ("measurement", "Main dimension against the approved sample"),
        ("onsite_test", "Tape adhesion of the print"),
        ("onsite_test", "Drop test of the master carton"),
        ("function", "Function: opens, closes, seals"),
        ("packing_marking", "Carton marking and barcode"),
        ("quantity", "Quantity packed against the order"),
    ]
    checkpoints = [
        {
            "key": f"c{i}",
            "kind": kind,
            "title": title,
            "title_zh": "",
            "instructions": "Check every unit of the sample against the golden sample.",
            "test_kind": "",
            "nominal": "120" if kind == "measurement" else None,
            "tolerance": "2" if kind == "measurement" else None,
            "unit": "mm" if kind == "measurement" else "",
            "defect_class": "major",
            "required_photos": 1,
            "level": "S-3" if kind == "onsite_test" else None,
            "sample_size": 13 if kind == "onsite_test" else None,
            "mandatory": False,
        }
        for i, (kind, title) in enumerate(titles, start=1)
    ]
    return RawJSON(json.dumps({"template": None, "checkpoints": checkpoints}))


def _reasons(verdict: str, major: int, minor: int) -> RawJSON:
    reasons = [
        {
            "code": "class_accepted" if verdict == "pass" else "class_rejected",
            "text": f"Major: {major} nonconforming units.",
            "passed": verdict == "pass",
            "class": "major",
            "found": major,
        },
        {
            "code": "class_accepted",
            "text": f"Minor: {minor} nonconforming units.",
            "passed": True,
            "class": "minor",
            "found": minor,
        },
    ]
    return RawJSON(json.dumps(reasons))


def generate_inspections(n: int, *, seed: int = SEED) -> dict[str, Any]:
    """Add `n` inspections (and what they need) to a registry bench database."""
    from django.contrib.auth.hashers import make_password
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.utils import timezone

    from sourceproof.accounts.models import Organisation, Role, User
    from sourceproof.inspections.demo import DEFECT_LIBRARY
    from sourceproof.inspections.models import (
        DefectRecord,
        DefectType,
        Inspection,
        SamplingStream,
        VerdictOverride,
    )
    from sourceproof.orders.models import OrderLine, PurchaseOrder

    if Inspection.objects.exists():
        raise SystemExit("The benchmark database has inspections already.")
    rng = random.Random(seed)
    now = timezone.now()
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    writer = Writer()
    counts: dict[str, int] = {}
    started = time.perf_counter()

    def moment(day: dt.date, hour: int) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(hour), tzinfo=tz)

    with transaction.atomic():
        if connection.vendor == "postgresql":
            _skip_foreign_key_checks(connection)
        operator = Organisation.objects.get(code="operator")
        quality = User.objects.get(email="quality@bench.example")
        hashed = make_password("bench-only-password")  # never used to log in: force_login
        User.objects.bulk_create(
            [
                User(
                    email=f"inspector{i:02d}@bench.example",
                    full_name=f"Bench Inspector {i:02d}",
                    organisation=operator,
                    role=Role.INSPECTOR,
                    password=hashed,
                )
                for i in range(INSPECTORS)
            ]
        )
        inspector_ids = list(
            User.objects.filter(role=Role.INSPECTOR).order_by("email").values_list("pk", flat=True)
        )
        DefectType.objects.bulk_create(
            [
                DefectType(
                    code=code,
                    defect_class=cls,
                    category=category,
                    description_en=en,
                    description_nl=nl,
                    description_zh=zh,
                )
                for code, cls, category, en, nl, zh in DEFECT_LIBRARY
            ]
        )
        defect_types: dict[str, list[int]] = {}
        for pk, cls in DefectType.objects.values_list("pk", "defect_class"):
            defect_types.setdefault(cls, []).append(pk)

        category_of: dict[int, int] = {}
        for order_id, category_id in OrderLine.objects.order_by("id").values_list(
            "order_id", "product__category_id"
        ):
            category_of.setdefault(order_id, category_id)
        orders = [
            row
            for row in PurchaseOrder.objects.exclude(status__in=["draft", "cancelled"])
            .order_by("id")
            .values_list("pk", "facility_id", "agreed_ship_date", "created_at")
        ]
        rng.shuffle(orders)
        sequence_types = [s for s, _w in SEQUENCES]
        sequence_weights = [w for _s, w in SEQUENCES]

        # Which inspections: (order, facility, category, type, planned date), n of them.
        wanted: list[tuple[int, int, int, str, dt.date]] = []
        offsets = {"ppi": None, "dupro": (-35, -20), "psi": (-8, -3), "clc": (-1, 0)}
        while len(wanted) < n:
            for order_id, facility_id, ship, created in orders:
                types = rng.choices(sequence_types, sequence_weights)[0]
                for kind in types:
                    window = offsets[kind]
                    if window is None:  # PPI: a week or two after the order
                        planned = timezone.localtime(created).date() + dt.timedelta(
                            days=rng.randint(7, 14)
                        )
                    else:
                        planned = ship + dt.timedelta(days=rng.randint(*window))
                    wanted.append((order_id, facility_id, category_of[order_id], kind, planned))
                if len(wanted) >= n:
                    break
        wanted = wanted[:n]
        wanted.sort(key=lambda w: (w[4], w[0]))
        t_plan = time.perf_counter()

        # Sampling streams: one per facility x category inspected.
        first_stream = _next_id(SamplingStream)
        streams: dict[tuple[int, int], int] = {}
        severity_of: dict[int, str] = {}
        for _order, facility_id, category_id, _kind, _day in wanted:
            if (facility_id, category_id) not in streams:
                pk = first_stream + len(streams)
                streams[(facility_id, category_id)] = pk
                roll = rng.random()
                severity_of[pk] = (
                    "discontinued"
                    if roll < 0.005
                    else "tightened"
                    if roll < 0.06
                    else "reduced"
                    if roll < 0.14
                    else "normal"
                )

        plans = _plan_snapshots()
        checklist = _checklist_snapshot()
        rows: list[tuple[Any, ...]] = []
        defects: list[tuple[Any, ...]] = []
        overrides: list[tuple[Any, ...]] = []
        lots: dict[int, int] = {}
        first_inspection = _next_id(Inspection)
        first_defect = _next_id(DefectRecord)
        per_year: dict[int, int] = {}
        status_counts: dict[str, int] = {}
        empty_list = RawJSON("[]")
        empty_dict = RawJSON("{}")
        for i, (order_id, facility_id, category_id, kind, planned) in enumerate(wanted):
            pk = first_inspection + i
            per_year[planned.year] = per_year.get(planned.year, 0) + 1
            report = f"QC-{planned.year}-{per_year[planned.year]:06d}"
            age = (today - planned).days
            roll = rng.random()
            if age < 0:  # future
                status = "cancelled" if roll < 0.04 else "planned"
            elif age <= 14:  # the last two weeks: in the inspector's or reviewer's hands
                status = (
                    "cancelled"
                    if roll < 0.05
                    else "in_progress"
                    if roll < 0.20
                    else "submitted"
                    if roll < 0.50
                    else "reviewed"
                )
            else:
                status = "cancelled" if roll < 0.05 else "submitted" if roll < 0.06 else "reviewed"
            status_counts[status] = status_counts.get(status, 0) + 1
            stream_id = streams[(facility_id, category_id)]
            severity = severity_of[stream_id]
            lot_size = rng.choice(LOT_SIZES)
            inspector = (
                None if status == "planned" and rng.random() < 0.05 else rng.choice(inspector_ids)
            )
            is_started = status in ("in_progress", "submitted", "reviewed")
            started_at = moment(planned, 9) if is_started else None
            submitted_at = moment(planned, 15) if status in ("submitted", "reviewed") else None
            reviewed_at = (
                min(now, moment(planned + dt.timedelta(days=rng.randint(1, 4)), 11))
                if status == "reviewed"
                else None
            )
            computed = final = ""
            override = ""
            reasons: Any = empty_list
            nonconforming: Any = empty_dict
            if submitted_at is not None:
                failed = rng.random() < FAIL_SHARE
                computed = "fail" if failed else "pass"
                major = rng.randint(8, 20) if failed else rng.randint(0, 5)
                minor = rng.randint(0, 12)
                reasons = _reasons(computed, major, minor)
                nonconforming = RawJSON(json.dumps({"critical": 0, "major": major, "minor": minor}))
                final = computed
                if status == "reviewed" and rng.random() < OVERRIDE_SHARE:
                    override = "pass" if failed else "fail"
                    final = override
                # Defect records: ~1 per inspection, more when failed.
                for _ in range(rng.choice([3, 4, 5]) if failed else rng.choice([0, 0, 0, 1, 1, 2])):
                    cls = "major" if rng.random() < (0.7 if failed else 0.3) else "minor"
                    if rng.random() < 0.01:
                        cls = "critical"
                    defects.append(
                        (
                            first_defect + len(defects),
                            submitted_at,
                            submitted_at,
                            pk,
                            rng.choice(defect_types[cls]),
                            cls,
                            None,
                            rng.randint(1, 6),
                            "",
                            None,
                            None,
                            inspector,
                        )
                    )
                if status == "reviewed":
                    lots[stream_id] = lots.get(stream_id, 0) + 1
            override_at = reviewed_at if override else None
            if override:
                overrides.append(
                    (
                        pk,
                        override,
                        computed,
                        "Retest at the lab passed / failed.",
                        quality.pk,
                        override_at,
                    )
                )
            cancelled = status == "cancelled"
            booked = moment(planned - dt.timedelta(days=rng.randint(10, 30)), 10)
            changed = reviewed_at or submitted_at or started_at or booked
            rows.append(
                (
                    pk,
                    booked,
                    changed,
                    report,
                    order_id,
                    facility_id,
                    category_id,
                    kind,
                    status,
                    planned,
                    inspector,
                    quality.pk,
                    lot_size,
                    "II",
                    "2.5",
                    "4.0",
                    "Operator policy",
                    plans[(lot_size, severity if severity != "discontinued" else "tightened")]
                    if is_started
                    else None,
                    None,
                    checklist if is_started else None,
                    stream_id if is_started else None,
                    rng.randint(20, 60) if kind == "dupro" and is_started else None,
                    rng.randint(80, 100) if kind == "psi" and is_started else None,
                    empty_list,
                    "",
                    computed,
                    reasons,
                    nonconforming,
                    submitted_at,
                    override,
                    "Retest at the lab passed / failed." if override else "",
                    quality.pk if override else None,
                    override_at,
                    final,
                    started_at,
                    submitted_at,
                    reviewed_at,
                    quality.pk if reviewed_at else None,
                    "",
                    booked + dt.timedelta(days=2) if cancelled else None,
                    "The order was moved to another facility." if cancelled else "",
                    None,
                    None,
                )
            )
        t_rows = time.perf_counter()

        stream_rows = [
            (
                pk,
                now,
                now,
                facility_id,
                category_id,
                severity_of[pk],
                RawJSON(json.dumps({"inspection": severity_of[pk]})),
                lots.get(pk, 0),
                now if severity_of[pk] == "discontinued" else None,
            )
            for (facility_id, category_id), pk in streams.items()
        ]
        writer.insert(
            SamplingStream,
            [
                "id",
                "created_at",
                "updated_at",
                "facility",
                "product_category",
                "severity",
                "state",
                "lots",
                "discontinued_at",
            ],
            stream_rows,
        )
        writer.insert(
            Inspection,
            INSPECTION_COLUMNS,
            rows,
        )
        writer.insert(
            DefectRecord,
            [
                "id",
                "created_at",
                "updated_at",
                "inspection",
                "defect_type",
                "defect_class",
                "unit_number",
                "count",
                "note",
                "checkpoint_result",
                "client_key",
                "recorded_by",
            ],
            defects,
        )
        writer.insert(
            VerdictOverride,
            ["inspection", "verdict", "computed_verdict", "reason", "by", "at"],
            overrides,
        )
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(
                no_style(), [SamplingStream, Inspection, DefectRecord]
            ):
                cursor.execute(sql)
    t_written = time.perf_counter()
    if connection.vendor == "postgresql":
        # What autovacuum does shortly after a bulk load: statistics, and the visibility map
        # that lets the new indexes answer alone (index-only scans), as bench_evidence.py does.
        # SQLite gets no ANALYZE: the application never runs one, as in bench_registry.py.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    counts["inspections"] = len(rows)
    counts.update({f"inspections {k}": v for k, v in sorted(status_counts.items())})
    counts["sampling streams"] = len(stream_rows)
    counts["defect records"] = len(defects)
    counts["verdict overrides"] = len(overrides)
    counts["inspectors"] = len(inspector_ids)
    return {
        "seconds": round(time.perf_counter() - started, 1),
        "steps": {
            "plan": round(t_plan - started, 1),
            "rows in memory": round(t_rows - t_plan, 1),
            "write": round(t_written - t_rows, 1),
            "analyze": round(time.perf_counter() - t_written, 1),
        },
        "counts": counts,
    }
