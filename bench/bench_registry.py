"""Benchmark the registry and order pages on a large installation.

Generates, into the database named by `--database-url` (a dedicated one: it must be empty),
20,000 facilities of 2,000 suppliers, 60,000 certificates, 2,000 products of 40 customers and
200,000 purchase orders with ~330,000 lines (plus 500 gate exceptions and one change-log
entry per facility and per order, so history queries see a realistic table). Rows are written
in batches with explicit primary keys (`Writer`: PostgreSQL's COPY, SQLite's executemany;
small tables with `bulk_create`): no services, no signals, no per-row queries. Then it times, through Django's test `Client` logged in as an operator's
quality manager (and as a customer user for the order list):

- the facility list, the facility detail (a different facility each request), the order list,
  the order detail (a different order each request) and the dashboard;
- the sourcing gate for one order, `orders.selectors.order_gate_verdict(order=...)`
  (a different draft order each call);

each `--requests` times after a few warm-up requests, reporting the median and the 95th
percentile, and the number of SQL queries of one request.

Run it through `bench/run.py` (which makes the SQLite file / PostgreSQL database, runs this
once per database and writes the tables); by hand:

    DATABASE_URL=sqlite:///$PWD/var/bench/x.sqlite3 .venv/bin/python bench/bench_registry.py \
        --database-url sqlite:///$PWD/var/bench/x.sqlite3 --out bench/out/x.json [--scale 0.1]

`--phase measure` re-measures an installation generated earlier (e.g. after adding an index).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import platform
import random
import statistics
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEED = 20261124
BATCH = 5_000
BENCH_PASSWORD = "bench-only-password"  # never used to log in: force_login

FACILITIES = 20_000
CERTIFICATES_PER_FACILITY = 3
ORDERS = 200_000
SUPPLIERS = 2_000
CUSTOMERS = 40
PRODUCTS_PER_CUSTOMER = 50
EXCEPTIONS = 500
MIN_REQUESTS = 5  # per measurement, even past the time budget
BIG_CUSTOMER_SHARE = 0.08  # the customer user's brand: 8% of all orders

# Countries with their share of facilities and a few cities (name, lat, lng).
COUNTRIES: list[tuple[str, float, list[tuple[str, float, float]]]] = [
    (
        "CN",
        0.40,
        [
            ("Ningbo", 29.87, 121.54),
            ("Shenzhen", 22.54, 114.06),
            ("Dongguan", 23.02, 113.75),
            ("Xiamen", 24.48, 118.09),
            ("Yiwu", 29.31, 120.08),
            ("Shaoxing", 30.00, 120.58),
        ],
    ),
    ("VN", 0.12, [("Binh Duong", 11.17, 106.67), ("Long An", 10.54, 106.41)]),
    ("IN", 0.12, [("Tiruppur", 11.11, 77.34), ("Moradabad", 28.84, 78.77)]),
    ("BD", 0.10, [("Gazipur", 24.00, 90.43), ("Narayanganj", 23.62, 90.50)]),
    ("TR", 0.08, [("Denizli", 37.78, 29.09), ("Bursa", 40.19, 29.06)]),
    ("PK", 0.05, [("Sialkot", 32.49, 74.53), ("Faisalabad", 31.42, 73.08)]),
    ("KH", 0.04, [("Phnom Penh", 11.56, 104.92)]),
    ("PT", 0.03, [("Guimarães", 41.44, -8.29)]),
    ("PL", 0.03, [("Łódź", 51.76, 19.46)]),
    ("NL", 0.03, [("Apeldoorn", 52.21, 5.97), ("Tilburg", 51.56, 5.09)]),
]
CATEGORIES = [
    ("drinkware", "Drinkware"),
    ("bags", "Bags"),
    ("textiles", "Textiles"),
    ("pens", "Pens"),
    ("tech-accessories", "Tech accessories"),
    ("umbrellas", "Umbrellas"),
]
NAME_WORDS = ["Sunrise", "Golden", "Evergreen", "Bright", "Harmony", "Ocean", "Star", "Unity"]
KIND_WORDS = ["Works", "Plant", "Factory", "Manufacturing", "Industries", "Crafts"]
STATUS_WEIGHTS = [
    ("draft", 0.10),
    ("confirmed", 0.10),
    ("in_production", 0.15),
    ("shipped", 0.15),
    ("delivered", 0.45),
    ("cancelled", 0.05),
]


def _setup(database_url: str) -> None:
    """Configure Django for this database: production settings, test-client friendly."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


# --------------------------------------------------------------------------- generation


class RawJSON(str):
    """A value already serialised to JSON (written as it is)."""


class Writer:
    """Writes rows (tuples of plain Python values) straight into a model's table.

    Django's `bulk_create` spends ~7 µs per value compiling SQL (and SQLite caps a statement
    at 999 parameters, so ~70 orders per INSERT): 200,000 orders alone took ~50 s. Here
    PostgreSQL gets `COPY ... FROM STDIN` and SQLite one prepared `INSERT` run by
    `executemany`; values are adapted by the backend's own `adapt_*` functions, so what lands
    in the table is what Django would have written. No signals, no `save()`.
    """

    def __init__(self) -> None:
        from django.db import connection

        self.connection = connection
        self.vendor = connection.vendor

    def _adapter(self, field: Any) -> Callable[[Any], Any] | None:
        from django.db import models

        ops = self.connection.ops
        if isinstance(field, models.JSONField):
            return lambda v: v if v is None or isinstance(v, RawJSON) else json.dumps(v)
        if self.vendor == "postgresql":
            return None  # psycopg adapts dates, datetimes, decimals and booleans itself
        if isinstance(field, models.DateTimeField):
            return lambda v: None if v is None else ops.adapt_datetimefield_value(v)
        if isinstance(field, models.DateField):
            return lambda v: None if v is None else v.isoformat()
        if isinstance(field, models.DecimalField):
            return lambda v: None if v is None else str(v)
        return None

    def insert(self, model: Any, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        fields = [model._meta.get_field(c) for c in columns]
        names = [f.column for f in fields]
        adapters = [self._adapter(f) for f in fields]
        if any(adapters):
            rows = [
                tuple(a(v) if a else v for a, v in zip(adapters, row, strict=True)) for row in rows
            ]
        table = self.connection.ops.quote_name(model._meta.db_table)
        quoted = ", ".join(self.connection.ops.quote_name(n) for n in names)
        with self.connection.cursor() as cursor:
            if self.vendor == "postgresql":
                raw = cursor.cursor  # the psycopg cursor under Django's wrapper
                with raw.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(names))
                sql = f"INSERT INTO {table} ({quoted}) VALUES ({marks})"  # noqa: S608 - quoted model names
                for start in range(0, len(rows), 50_000):
                    cursor.executemany(sql, rows[start : start + 50_000])


def _skip_foreign_key_checks(connection: Any) -> None:
    """PostgreSQL checks Django's (deferred) foreign keys at commit, one lookup per reference:
    ~2 million here, ~20 s. The generator makes every reference itself, so skip them for this
    transaction (`session_replication_role = replica`, which needs a superuser; without one
    the checks simply run)."""
    from django.db import DatabaseError, transaction

    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
    except DatabaseError as exc:
        print(f"foreign keys will be checked at commit: {exc}", file=sys.stderr)


def _next_id(model: Any) -> int:
    from django.db.models import Max

    return int(model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


def generate(scale: float) -> dict[str, Any]:
    """Fill the (empty, migrated) database; returns row counts and seconds per step."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.contenttypes.models import ContentType
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.utils import timezone

    from sourceproof.accounts.models import Organisation, OrganisationKind, Role, User
    from sourceproof.core.changelog import GENESIS, _entry_hash, _payload
    from sourceproof.core.models import ChangeAction, ChangeRecord, OperatorPolicy
    from sourceproof.facilities.models import (
        Certificate,
        CertificateScheme,
        Facility,
        ProductCategory,
        Supplier,
    )
    from sourceproof.facilities.normalise import facility_match_key
    from sourceproof.orders.models import GateException, OrderLine, Product, PurchaseOrder

    if Facility.objects.exists() or PurchaseOrder.objects.exists():
        raise SystemExit("The benchmark database is not empty; bench/run.py makes a fresh one.")

    rng = random.Random(SEED)
    n_facilities = max(50, int(FACILITIES * scale))
    n_orders = max(200, int(ORDERS * scale))
    n_suppliers = max(5, int(SUPPLIERS * scale))
    today = timezone.localdate()
    now = timezone.now()
    steps: dict[str, float] = {}
    counts: dict[str, int] = {}
    started, started_cpu = time.perf_counter(), time.process_time()
    writer = Writer()

    def step(name: str, t0: float) -> float:
        t1 = time.perf_counter()
        steps[name] = round(t1 - t0, 2)
        return t1

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")

    with transaction.atomic():
        t = time.perf_counter()
        if connection.vendor == "postgresql":
            _skip_foreign_key_checks(connection)
        OperatorPolicy.current()
        categories = [
            ProductCategory.objects.get_or_create(code=c, defaults={"name": n})[0].pk
            for c, n in CATEGORIES
        ]
        operator = Organisation.objects.create(
            name="Groen Promotions B.V.", code="operator", kind=OrganisationKind.OPERATOR
        )
        Organisation.objects.bulk_create(
            [
                Organisation(
                    name=f"Customer Brand {i:02d}",
                    code=f"customer-{i:02d}",
                    kind=OrganisationKind.CUSTOMER,
                    country="NL",
                )
                for i in range(CUSTOMERS)
            ]
            + [
                Organisation(
                    name=f"Supplier {i:05d} Co., Ltd.",
                    code=f"supplier-{i:05d}",
                    kind=OrganisationKind.SUPPLIER,
                )
                for i in range(n_suppliers)
            ],
            batch_size=BATCH,
        )
        customers = list(
            Organisation.objects.filter(kind=OrganisationKind.CUSTOMER)
            .order_by("code")
            .values_list("pk", "name")
        )
        supplier_orgs = list(
            Organisation.objects.filter(kind=OrganisationKind.SUPPLIER)
            .order_by("code")
            .values_list("pk", "name")
        )
        hashed = make_password(BENCH_PASSWORD)
        User.objects.bulk_create(
            [
                User(
                    email="quality@bench.example",
                    full_name="Bench Quality",
                    organisation=operator,
                    role=Role.QUALITY_MANAGER,
                    password=hashed,
                ),
                User(
                    email="buyer@bench.example",
                    full_name="Bench Buyer",
                    organisation_id=customers[0][0],
                    role=Role.CUSTOMER_USER,
                    password=hashed,
                ),
            ]
        )
        operator_user = User.objects.get(email="quality@bench.example")
        country_codes = [c for c, _share, _cities in COUNTRIES]
        country_weights = [share for _c, share, _cities in COUNTRIES]
        cities = {c: cs for c, _share, cs in COUNTRIES}
        Supplier.objects.bulk_create(
            [
                Supplier(
                    organisation_id=org_id,
                    legal_name=name,
                    supplier_number=f"S{i:06d}",
                    country=rng.choices(country_codes, country_weights)[0],
                    sedex_zc=f"ZC{400000000 + i}",
                    contact_email=f"sales{i}@supplier.example",
                )
                for i, (org_id, name) in enumerate(supplier_orgs)
            ],
            batch_size=BATCH,
        )
        suppliers = list(Supplier.objects.order_by("supplier_number").values_list("pk", "country"))
        t = step("organisations, users, suppliers", t)

        facility_rows = []
        links: list[tuple[int, int, int]] = []
        first_facility = _next_id(Facility)
        first_link = 1
        for i in range(n_facilities):
            supplier_id, supplier_country = suppliers[i % len(suppliers)]
            country = supplier_country if rng.random() < 0.8 else rng.choice(country_codes)
            city, lat, lng = rng.choice(cities[country])
            name = f"{rng.choice(NAME_WORDS)} {city} {rng.choice(KIND_WORDS)} {i}"
            address = f"{rng.randint(1, 999)} Industrial Road {rng.randint(1, 40)}"
            suspended = rng.random() < 0.01
            pk = first_facility + i
            facility_rows.append(
                (
                    pk,
                    now,
                    now,
                    supplier_id,
                    f"FAC-{pk:05d}",
                    name,
                    address,
                    city,
                    "",
                    "",
                    country,
                    Decimal(f"{lat + rng.uniform(-0.2, 0.2):.6f}"),
                    Decimal(f"{lng + rng.uniform(-0.2, 0.2):.6f}"),
                    f"{country}{2019 + i % 6}{1 + i % 365:03d}{i:06X}",
                    f"ZS{500000000 + i}" if rng.random() < 0.7 else "",
                    "",
                    rng.randint(20, 3000),
                    suspended,
                    "Suspended pending a follow-up audit." if suspended else "",
                    facility_match_key(name, address, country),
                )
            )
            for category in rng.sample(categories, rng.choice([1, 1, 2])):
                links.append((first_link + len(links), pk, category))
        writer.insert(
            Facility,
            [
                "id",
                "created_at",
                "updated_at",
                "supplier",
                "code",
                "name",
                "address",
                "city",
                "region",
                "postal_code",
                "country",
                "latitude",
                "longitude",
                "os_id",
                "sedex_zs",
                "amfori_id",
                "worker_count",
                "is_suspended",
                "suspension_reason",
                "match_key",
            ],
            facility_rows,
        )
        writer.insert(
            Facility.product_categories.through,
            ["id", "facility", "productcategory"],
            links,
        )
        facility_ids = [row[0] for row in facility_rows]
        facility_codes = [row[4] for row in facility_rows]
        counts["facilities"] = len(facility_rows)
        t = step("facilities", t)

        certificates: list[tuple[Any, ...]] = []
        first_cert = _next_id(Certificate)
        other_schemes = [
            CertificateScheme.AMFORI_BSCI,
            CertificateScheme.GRS,
            CertificateScheme.OEKO_TEX,
            CertificateScheme.ISO_14001,
            CertificateScheme.FSC,
            CertificateScheme.SA8000,
        ]

        def cert(facility_id: int, scheme: str, start: int, end: int) -> None:
            pk = first_cert + len(certificates)
            certificates.append(
                (
                    pk,
                    now,
                    now,
                    facility_id,
                    str(scheme),
                    "Bench Certification Body",
                    f"C-{pk:07d}",
                    today + dt.timedelta(days=start),
                    today + dt.timedelta(days=end),
                    "",
                    "",
                )
            )

        for facility_id in facility_ids:
            roll = rng.random()
            if roll < 0.70:  # valid
                audit = -rng.randint(0, 600)
                cert(facility_id, CertificateScheme.SMETA_4P, audit, audit + 730)
            elif roll < 0.76:  # expiring within 60 days
                end = rng.randint(0, 60)
                cert(facility_id, CertificateScheme.SMETA_4P, end - 365, end)
            elif roll < 0.86:  # expired
                end = -rng.randint(1, 400)
                cert(facility_id, CertificateScheme.SMETA_4P, end - 365, end)
            elif roll < 0.90:  # audit older than 24 months, certificate not expired
                audit = -rng.randint(760, 900)
                cert(facility_id, CertificateScheme.SMETA_4P, audit, rng.randint(10, 200))
            else:  # no SMETA 4-pillar
                cert(facility_id, CertificateScheme.SMETA_2P, -200, 530)
            iso_end = rng.randint(-300, 900)
            cert(facility_id, CertificateScheme.ISO_9001, iso_end - 1095, iso_end)
            other_end = rng.randint(-200, 700)
            cert(facility_id, rng.choice(other_schemes), other_end - 730, other_end)
        writer.insert(
            Certificate,
            [
                "id",
                "created_at",
                "updated_at",
                "facility",
                "scheme",
                "issuer",
                "number",
                "valid_from",
                "valid_until",
                "document",
                "document_sha256",
            ],
            certificates,
        )
        counts["certificates"] = len(certificates)
        t = step("certificates", t)

        Product.objects.bulk_create(
            [
                Product(
                    customer_id=customer_id,
                    sku=f"SKU-{c:02d}-{p:03d}",
                    name=f"Promotional item {p} for {customer_name}",
                    category_id=categories[p % len(categories)],
                    materials="recycled polyester",
                )
                for c, (customer_id, customer_name) in enumerate(customers)
                for p in range(PRODUCTS_PER_CUSTOMER)
            ],
            batch_size=BATCH,
        )
        products: dict[int, list[int]] = {}
        for pk, customer_id in Product.objects.values_list("pk", "customer_id"):
            products.setdefault(customer_id, []).append(pk)
        counts["products"] = sum(len(v) for v in products.values())
        t = step("products", t)

        statuses = [s for s, _w in STATUS_WEIGHTS]
        status_weights = [w for _s, w in STATUS_WEIGHTS]
        customer_ids = [pk for pk, _name in customers]
        span = dt.timedelta(days=3 * 365)
        first_order = _next_id(PurchaseOrder)
        first_line = _next_id(OrderLine)
        sequence: dict[int, int] = {}
        verdict = RawJSON(
            json.dumps(
                {
                    "passed": True,
                    "evaluated_at": now.isoformat(),
                    "facility_code": "",
                    "results": [
                        {
                            "code": "smeta_4p_audit",
                            "passed": True,
                            "reason": "Valid SMETA 4-pillar audit.",
                        },
                        {
                            "code": "country_not_blocked",
                            "passed": True,
                            "reason": "A risk country.",
                        },
                        {
                            "code": "facility_not_suspended",
                            "passed": True,
                            "reason": "Not suspended.",
                        },
                    ],
                    "exception": None,
                }
            )
        )
        orders: list[tuple[Any, ...]] = []
        lines: list[tuple[int, int, int, int]] = []
        drafts: list[int] = []
        quantities = [250, 500, 1000, 2500, 5000, 10000]
        for i in range(n_orders):
            pk = first_order + i
            created = now - span + span * (i / n_orders)
            sequence[created.year] = sequence.get(created.year, 0) + 1
            customer_id = (
                customer_ids[0]
                if rng.random() < BIG_CUSTOMER_SHARE
                else rng.choice(customer_ids[1:])
            )
            status = rng.choices(statuses, status_weights)[0]
            confirmed = status not in ("draft", "cancelled") or rng.random() < 0.3
            if status == "draft":
                drafts.append(pk)
            orders.append(
                (
                    pk,
                    created,
                    created,
                    f"PO-{created.year}-{sequence[created.year]:06d}",
                    customer_id,
                    rng.choice(facility_ids),
                    status,
                    created.date() + dt.timedelta(days=rng.randint(45, 120)),
                    "",
                    operator_user.pk,
                    created + dt.timedelta(days=2) if confirmed else None,
                    operator_user.pk if confirmed else None,
                    verdict if confirmed else None,
                )
            )
            for product_id in rng.sample(products[customer_id], rng.choice([1, 1, 1, 2, 2, 3])):
                lines.append((first_line + len(lines), pk, product_id, rng.choice(quantities)))
        t = step("orders (in memory)", t)
        writer.insert(
            PurchaseOrder,
            [
                "id",
                "created_at",
                "updated_at",
                "number",
                "customer",
                "facility",
                "status",
                "agreed_ship_date",
                "notes",
                "created_by",
                "confirmed_at",
                "confirmed_by",
                "gate_verdict",
            ],
            orders,
        )
        counts["orders"] = len(orders)
        t = step("orders", t)
        writer.insert(OrderLine, ["id", "order", "product", "quantity"], lines)
        counts["order lines"] = len(lines)
        t = step("order lines", t)

        exceptions = []
        for order_id in rng.sample(drafts, min(EXCEPTIONS, len(drafts))):
            expires = now + dt.timedelta(days=rng.randint(-60, 60))
            granted = expires - dt.timedelta(days=30)
            exceptions.append(
                (
                    granted,
                    granted,
                    order_id,
                    "Re-audit booked; the customer's campaign depends on this order.",
                    [{"code": "smeta_4p_audit", "passed": False, "reason": "No valid audit."}],
                    operator_user.pk,
                    expires,
                )
            )
        writer.insert(
            GateException,
            [
                "created_at",
                "updated_at",
                "order",
                "reason",
                "failing_rules",
                "granted_by",
                "expires_at",
            ],
            exceptions,
        )
        counts["gate exceptions"] = len(exceptions)
        t = step("gate exceptions", t)

        # One change-log entry per facility and per order (the pages that show history), in
        # a valid hash chain.
        records: list[tuple[Any, ...]] = []
        previous = GENESIS
        actor_label = f"{operator_user.full_name} <{operator_user.email}>"
        summary = "Created by the benchmark generator."
        for model, pks, reprs in (
            (Facility, facility_ids, facility_codes),
            (PurchaseOrder, [o[0] for o in orders], [o[3] for o in orders]),
        ):
            content_type_id = ContentType.objects.get_for_model(model).pk
            for pk, label in zip(pks, reprs, strict=True):
                entry = SimpleNamespace(
                    content_type_id=content_type_id,
                    object_id=str(pk),
                    object_repr=label,
                    action=ChangeAction.CREATE,
                    summary=summary,
                    changes={},
                    actor_label=actor_label,
                    at=now,
                )
                entry_hash = _entry_hash(previous, _payload(entry))  # type: ignore[arg-type]
                records.append(
                    (
                        content_type_id,
                        str(pk),
                        label,
                        "create",
                        summary,
                        {},
                        operator_user.pk,
                        actor_label,
                        now,
                        previous,
                        entry_hash,
                    )
                )
                previous = entry_hash
        t = step("change log (hashing)", t)
        writer.insert(
            ChangeRecord,
            [
                "content_type",
                "object_id",
                "object_repr",
                "action",
                "summary",
                "changes",
                "actor",
                "actor_label",
                "at",
                "previous_hash",
                "entry_hash",
            ],
            records,
        )
        counts["change log entries"] = len(records)
        t = step("change log", t)

        # Explicit primary keys leave PostgreSQL's sequences behind: move them on.
        explicit: list[Any] = [
            Facility,
            Facility.product_categories.through,
            Certificate,
            PurchaseOrder,
            OrderLine,
        ]
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), explicit):
                cursor.execute(sql)
    t = step("commit", t)
    if connection.vendor == "postgresql":
        # What autovacuum would do shortly after a bulk load: give the planner statistics.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        step("analyze", t)
    return {
        "seconds": round(time.perf_counter() - started, 1),
        # This process's CPU time (SQLite's work included; PostgreSQL's server not).
        "cpu_seconds": round(time.process_time() - started_cpu, 1),
        "steps": steps,
        "counts": counts,
    }


# --------------------------------------------------------------------------- measurement


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _summary(
    name: str, times: list[float], queries: int | None, cpu: list[float], **extra: Any
) -> dict[str, Any]:
    ms = [t * 1000 for t in times]
    return {
        "name": name,
        "n": len(ms),
        "median_ms": round(statistics.median(ms), 1),
        # CPU time of this (Python) process only: on PostgreSQL the server's work is not in it.
        "median_cpu_ms": round(statistics.median(cpu) * 1000, 1),
        "p95_ms": round(_percentile(ms, 0.95), 1),
        "min_ms": round(min(ms), 1),
        "max_ms": round(max(ms), 1),
        "queries": queries,
        **extra,
    }


def _failure(response: Any) -> str:
    exc_info = getattr(response, "exc_info", None)
    if exc_info:
        return f"HTTP {response.status_code}: {exc_info[0].__name__}: {exc_info[1]}"
    return f"HTTP {response.status_code}"


def measure(requests: int, budget: float) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.urls import reverse

    from sourceproof.accounts.models import User
    from sourceproof.facilities.models import Facility
    from sourceproof.orders.models import PurchaseOrder

    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # failures are reported
    rng = random.Random(SEED + 1)
    operator = User.objects.get(email="quality@bench.example")
    buyer = User.objects.get(email="buyer@bench.example")
    facility_codes = list(Facility.objects.order_by("?").values_list("code", flat=True)[:200])
    order_numbers = list(PurchaseOrder.objects.order_by("?").values_list("number", flat=True)[:200])
    draft_ids = list(
        PurchaseOrder.objects.filter(status="draft")
        .order_by("?")
        .values_list("pk", flat=True)[:200]
    )
    rng.shuffle(facility_codes)

    def page(name: str, user: Any, urls: Callable[[int], str], warmup: int = 3) -> dict[str, Any]:
        client = Client(raise_request_exception=False)
        client.force_login(user)
        try:
            urls(0)
        except Exception as exc:  # a URL not there (yet), or a urlconf that does not import
            return {"name": name, "error": f"no URL: {type(exc).__name__}: {exc}"}
        for i in range(warmup):
            client.get(urls(i))
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(urls(warmup))
        queries = len(ctx.captured_queries)
        if response.status_code != 200:
            return {"name": name, "error": _failure(response), "url": urls(warmup)}
        times: list[float] = []
        cpu: list[float] = []
        size = len(response.content)
        deadline = time.perf_counter() + budget
        for i in range(requests):
            if len(times) >= MIN_REQUESTS and time.perf_counter() > deadline:
                break  # a slow page: enough samples for a median within the time budget
            url = urls(warmup + 1 + i)
            t0, c0 = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
            if response.status_code != 200:
                return {"name": name, "error": _failure(response), "url": url}
        return _summary(name, times, queries, cpu, bytes=size, url=urls(0))

    def gate() -> dict[str, Any]:
        try:
            from sourceproof.orders.selectors import order_gate_verdict
        except ImportError as exc:
            return {"name": "gate for one order", "error": str(exc)}
        ids = draft_ids[: requests + 1]
        first = PurchaseOrder.objects.get(pk=ids[0])
        with CaptureQueriesContext(connection) as ctx:
            order_gate_verdict(order=first)
        times: list[float] = []
        cpu: list[float] = []
        for pk in ids[1:]:
            order = PurchaseOrder.objects.get(pk=pk)
            t0, c0 = time.perf_counter(), time.process_time()
            order_gate_verdict(order=order)
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        return _summary("gate for one order", times, len(ctx.captured_queries), cpu)

    def gate_states() -> dict[str, Any]:
        """The background task behind the dashboard's blocked-orders panel: judge every
        facility with drafts and store the states (3 runs). It also leaves fresh states for
        the dashboard measured next, as a running worker would."""
        name = "gate states refresh (task)"
        try:
            from sourceproof.orders.gate_states import gate_states_refresh
        except ImportError as exc:
            return {"name": name, "error": str(exc)}
        times: list[float] = []
        cpu: list[float] = []
        queries = None
        for _ in range(3):
            with CaptureQueriesContext(connection) as ctx:
                t0, c0 = time.perf_counter(), time.process_time()
                gate_states_refresh()
                times.append(time.perf_counter() - t0)
                cpu.append(time.process_time() - c0)
            queries = len(ctx.captured_queries)
        return _summary(name, times, queries, cpu)

    def orders_panels() -> dict[str, Any]:
        """Only the orders app's dashboard panels (blocked orders, exceptions), called directly:
        the dashboard page also runs every other app's panels."""
        name = "dashboard: orders panels only"
        from sourceproof.orders.selectors import dashboard_panels

        dashboard_panels(user=operator)
        with CaptureQueriesContext(connection) as ctx:
            dashboard_panels(user=operator)
        times: list[float] = []
        cpu: list[float] = []
        for _ in range(requests):
            t0, c0 = time.perf_counter(), time.process_time()
            dashboard_panels(user=operator)
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        return _summary(name, times, len(ctx.captured_queries), cpu)

    def cycle(items: list[str]) -> Callable[[int, str], str]:
        return lambda i, name: reverse(name, args=[items[i % len(items)]])

    facility = cycle(facility_codes)
    order = cycle(order_numbers)
    results = []
    # Static files through the plain storage: the manifest of collectstatic is not needed.
    with override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ):
        results.append(
            page("facility list", operator, lambda i: reverse("facilities:facility_list"))
        )
        results.append(
            page(
                "facility list, search",
                operator,
                lambda i: reverse("facilities:facility_list") + "?q=ningbo",
            )
        )
        results.append(
            page(
                "facility list, last page",
                operator,
                lambda i: reverse("facilities:facility_list") + "?page=999999",
            )
        )
        results.append(
            page("facility detail", operator, lambda i: facility(i, "facilities:facility_detail"))
        )
        results.append(page("order list", operator, lambda i: reverse("orders:order_list")))
        results.append(
            page("order list (customer user)", buyer, lambda i: reverse("orders:order_list"))
        )
        results.append(page("order detail", operator, lambda i: order(i, "orders:order_detail")))
        results.append(gate_states())
        results.append(page("dashboard", operator, lambda i: reverse("core:dashboard")))
        results.append(orders_panels())
        results.append(gate())
    return {"results": results}


def database_info() -> dict[str, Any]:
    import sqlite3

    import django
    from django.db import connection

    info: dict[str, Any] = {
        "vendor": connection.vendor,
        "python": platform.python_version(),
        "django": django.get_version(),
    }
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            info["server"] = f"PostgreSQL {cursor.fetchone()[0]}"
        else:
            cursor.execute("select sqlite_version()")
            info["server"] = f"SQLite {cursor.fetchone()[0]}"
            info["python_sqlite3_module"] = sqlite3.sqlite_version
    return info


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--out", required=True, help="where to write the JSON results")
    parser.add_argument("--phase", choices=["all", "generate", "measure"], default="all")
    parser.add_argument("--scale", type=float, default=1.0, help="1.0: 20,000 facilities")
    parser.add_argument("--requests", type=int, default=30, help="per measurement (at most)")
    parser.add_argument(
        "--budget",
        type=float,
        default=10.0,
        help="seconds per measurement; a slow page stops after this (at least 5 requests)",
    )
    args = parser.parse_args(argv)

    warnings.filterwarnings("ignore", message="No directory at")  # whitenoise, no collectstatic
    _setup(args.database_url)
    from django.core.management import call_command

    out: dict[str, Any] = {"database": database_info(), "scale": args.scale}
    if args.phase in ("all", "generate"):
        t0 = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        out["migrate_seconds"] = round(time.perf_counter() - t0, 1)
        out["generate"] = generate(args.scale)
        print(
            f"[{out['database']['vendor']}] generated in {out['generate']['seconds']} s: "
            + ", ".join(f"{n:,} {k}" for k, n in out["generate"]["counts"].items()),
            flush=True,
        )
    if args.phase in ("all", "measure"):
        out["load_average_before"] = os.getloadavg()
        out.update(measure(args.requests, args.budget))
        out["load_average_after"] = os.getloadavg()
        for row in out["results"]:
            if "error" in row:
                print(f"[{out['database']['vendor']}] {row['name']}: {row['error']}", flush=True)
            else:
                print(
                    f"[{out['database']['vendor']}] {row['name']}: median {row['median_ms']} ms, "
                    f"p95 {row['p95_ms']} ms, {row['queries']} queries",
                    flush=True,
                )
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(out, indent=2, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
