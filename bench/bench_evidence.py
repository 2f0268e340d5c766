"""Benchmark the near-duplicate photo lookup against 1,000,000 stored perceptual hashes.

Target (issue 4): under 50 ms a photo. For each database (SQLite at var/bench/evidence.sqlite3,
PostgreSQL at BENCH_EVIDENCE_PG_URL, default postgres://postgres@127.0.0.1:5432/sp_evidence_bench;
both made fresh and dropped afterwards unless --keep) it:

1. migrates, makes 1,000 inspections, and bulk-inserts 1,000,000 `evidence_photo` rows
   (SQLite: executemany; PostgreSQL: COPY) with perceptual hashes drawn like pHashes:
   each bit set with the frequency measured on 600 photos drawn at run time (pHash bits are
   far from uniform: the top bit is always 1, others 25-85 %), and 10 % of the rows in
   families of near duplicates (0-8 bits apart), as repeated shots of a product line are;
2. times `evidence.selectors.nearest_earlier_photo` (the function uploads call) for
   --queries lookups: half near duplicates of stored hashes (0-6 bits flipped: must be
   found), half fresh hashes; after warm-up; median, 95th percentile and maximum, and the
   mean number of candidate rows the band indexes return;
3. checks every answer of 200 lookups against a brute-force scan of all 1,000,000 hashes
   (numpy): the index must find exactly what the scan finds (the pigeonhole guarantee);
4. prints the query plan (the four band indexes must be used).

    .venv/bin/python bench/bench_evidence.py [--rows 1000000] [--queries 1000] [--only sqlite|postgresql] [--keep]

Writes bench/out/evidence.json and bench/out/evidence.md. Not part of `make test`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
SQLITE_PATH = ROOT / "var" / "bench" / "evidence.sqlite3"
PG_URL = os.environ.get(
    "BENCH_EVIDENCE_PG_URL", "postgres://postgres@127.0.0.1:5432/sp_evidence_bench"
)
SEED = 20261125
INSPECTIONS = 1_000
BATCH = 50_000
TARGET_MS = 50.0


# ------------------------------------------------------------------------ orchestration


def _pg_recreate(url: str, *, drop_only: bool = False) -> str | None:
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name.endswith("_bench"):
        return f"refusing to drop {name!r}: the benchmark database's name must end in _bench"
    admin = urlunsplit(parts._replace(path="/postgres"))
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            if not drop_only:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.Error as exc:
        return f"PostgreSQL unreachable at {admin}: {exc}"
    return None


def orchestrate(args: argparse.Namespace) -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.node()} {platform.machine()} {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}",
        "rows": args.rows,
        "load_before": os.getloadavg()[0],
        "databases": {},
    }
    targets = []
    if args.only in (None, "sqlite"):
        SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
        targets.append(("sqlite", f"sqlite:///{SQLITE_PATH}"))
    if args.only in (None, "postgresql"):
        problem = _pg_recreate(PG_URL)
        if problem:
            print(f"!!! PostgreSQL SKIPPED: {problem}", file=sys.stderr)
            results["databases"]["postgresql"] = {"skipped": problem}
            if os.environ.get("CI") == "true":
                return 1
        else:
            targets.append(("postgresql", PG_URL))
    status = 0
    for vendor, url in targets:
        out = OUT / f"evidence-{vendor}.json"
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "SECRET_KEY": "bench-only-secret",
            "DEBUG": "false",
            "SOURCEPROOF_VAR_DIR": str(ROOT / "var" / "bench"),
        }
        command = [
            sys.executable,
            __file__,
            "--measure",
            "--rows",
            str(args.rows),
            "--queries",
            str(args.queries),
            "--out",
            str(out),
        ]
        print(f"==== {vendor}: {url}", flush=True)
        if subprocess.run(command, env=env, cwd=ROOT).returncode != 0:
            status = 1
            results["databases"][vendor] = {"failed": True}
            continue
        results["databases"][vendor] = json.loads(out.read_text())
    if not args.keep:
        if any(v == "postgresql" for v, _ in targets):
            _pg_recreate(PG_URL, drop_only=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
    results["load_after"] = os.getloadavg()[0]
    (OUT / "evidence.json").write_text(json.dumps(results, indent=2))
    table = markdown(results)
    (OUT / "evidence.md").write_text(table)
    print(table)
    return status


def markdown(results: dict[str, Any]) -> str:
    lines = [
        f"Near-duplicate photo lookup, {results['rows']:,} stored hashes "
        f"({results['when']}, {results['machine']}, load average "
        f"{results['load_before']:.1f} before, {results['load_after']:.1f} after).",
        "",
        "| database | lookups | threshold (bits) | median | p95 | max | candidate rows (mean) |",
        "|---|---|---|---|---|---|---|",
    ]
    for vendor, r in results["databases"].items():
        if "skipped" in r or "failed" in r:
            lines.append(f"| {vendor} | {r.get('skipped', 'failed')} | | | | | |")
            continue
        for t in r["timings"].values():
            lines.append(
                f"| {vendor} | {t['lookups']} {t['kind']} | {t['max_distance']} | "
                f"{t['median_ms']:.1f} ms | {t['p95_ms']:.1f} ms | {t['max_ms']:.1f} ms | "
                f"{t['candidates_mean']:,.0f} |"
            )
    lines.append("")
    for vendor, r in results["databases"].items():
        if "recall" in r:
            lines.append(
                f"{vendor}: {r['rows']:,} rows inserted in {r['insert_seconds']:.0f} s; "
                f"{r['recall']['agree']} of {r['recall']['checked']} lookups (threshold 6) "
                "found exactly what a full scan finds."
            )
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------ measuring


def bit_frequencies() -> list[float]:
    """How often each pHash bit is set, on 600 photos drawn at run time (two kinds of
    scene: shapes, and a product on a table)."""
    from sourceproof.evidence import imaging
    from sourceproof.evidence.demo import draw_product
    from sourceproof.evidence.tests.crafted import photo

    counts = [0] * 64
    total = 0
    for seed in range(300):
        for data in (
            photo(seed, size=(400, 300)),
            _jpeg(draw_product(seed, label=f"{seed}", colour_seed=seed % 9)),
        ):
            value = imaging.examine(data, max_pixels=10**8).phash
            for bit in range(64):
                counts[bit] += (value >> bit) & 1
            total += 1
    return [c / total for c in counts]


def _jpeg(image: Any) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def hashes(rows: int, freq: list[float], rng: Any) -> Any:
    """`rows` unsigned 64-bit hashes: bits drawn with `freq`, 10 % in near-duplicate families."""
    import numpy as np

    bits = rng.random((rows, 64)) < np.array(freq)
    weights = np.left_shift(np.uint64(1), np.arange(64, dtype=np.uint64))
    values = (bits.astype(np.uint64) * weights).sum(axis=1, dtype=np.uint64)
    family_rows = rows // 10
    bases = values[rng.integers(0, rows, family_rows // 8)]
    members = np.repeat(bases, 8)[:family_rows]
    flips = rng.integers(0, 9, family_rows)
    for i in range(family_rows):
        for bit in rng.choice(64, size=int(flips[i]), replace=False):
            members[i] ^= np.uint64(1) << np.uint64(bit)
    values[rng.choice(rows, family_rows, replace=False)] = members
    return values


def measure(args: argparse.Namespace) -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    import numpy as np
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from sourceproof.core.testing import make_personas
    from sourceproof.evidence.models import Photo
    from sourceproof.evidence.selectors import near_candidates, nearest_earlier_photo
    from sourceproof.inspections.models import Inspection

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # bench users
    vendor = connection.vendor
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrated in {time.perf_counter() - t0:.0f} s", flush=True)
    personas = make_personas()
    today = timezone.localdate()
    Inspection.objects.bulk_create(
        [
            Inspection(
                report_number=f"BENCH-{i:05d}",
                order=personas.order,
                facility=personas.facility,
                product_category=personas.order.lines.get().product.category,
                inspection_type="psi",
                status="reviewed",
                planned_date=today,
                reviewed_at=timezone.now(),
                started_at=timezone.now(),
                plan_snapshot={},
                lot_size=500,
                major_aql="2.5",
                minor_aql="4.0",
            )
            for i in range(INSPECTIONS)
        ]
    )
    inspection_ids = list(Inspection.objects.order_by("id").values_list("id", flat=True))

    freq = bit_frequencies()
    rng = np.random.default_rng(SEED)
    t0 = time.perf_counter()
    stored = hashes(args.rows, freq, rng)
    print(f"generated {args.rows:,} hashes in {time.perf_counter() - t0:.0f} s", flush=True)

    t0 = time.perf_counter()
    insert(stored, inspection_ids, vendor)
    with connection.cursor() as cursor:
        # What autovacuum does in a running installation (PostgreSQL's index-only scans
        # need the visibility map); SQLite gets its statistics.
        cursor.execute("VACUUM ANALYZE evidence_photo" if vendor == "postgresql" else "ANALYZE")
    insert_seconds = time.perf_counter() - t0
    print(f"inserted in {insert_seconds:.0f} s", flush=True)
    assert Photo.objects.count() == args.rows

    owner = np.array([inspection_ids[i % len(inspection_ids)] for i in range(args.rows)])
    queries = []
    picker = random.Random(SEED)
    for n in range(args.queries):
        if n % 2 == 0:  # a near duplicate of a stored photo, from another inspection
            row = picker.randrange(args.rows)
            value = int(stored[row])
            for bit in picker.sample(range(64), picker.randint(0, 6)):
                value ^= 1 << bit
            exclude = inspection_ids[(row + 1) % len(inspection_ids)]
            queries.append(("near duplicates", value, exclude))
        else:
            value = int(hashes(1, freq, rng)[0])
            queries.append(("fresh photos", value, inspection_ids[n % len(inspection_ids)]))

    timings: dict[str, Any] = {}
    for max_distance in sorted({6, args.wide}):
        for _, value, exclude in queries[:20]:  # warm-up
            nearest_earlier_photo(
                phash=value, exclude_inspection_id=exclude, max_distance=max_distance
            )
        per_kind: dict[str, list[float]] = {}
        for kind, value, exclude in queries:
            start = time.perf_counter()
            nearest_earlier_photo(
                phash=value, exclude_inspection_id=exclude, max_distance=max_distance
            )
            per_kind.setdefault(kind, []).append((time.perf_counter() - start) * 1000)
        for kind, ms in per_kind.items():
            sample = [q for q in queries if q[0] == kind][:100]
            counts = [
                near_candidates(phash=v, exclude_inspection_id=x, max_distance=max_distance).count()
                for _, v, x in sample
            ]
            ms.sort()
            timings[f"{kind}, threshold {max_distance}"] = {
                "kind": kind,
                "max_distance": max_distance,
                "lookups": len(ms),
                "median_ms": statistics.median(ms),
                "p95_ms": ms[int(0.95 * (len(ms) - 1))],
                "max_ms": ms[-1],
                "candidates_mean": statistics.mean(counts),
            }
            print(f"{kind}, threshold {max_distance}: {ms[len(ms) // 2]:.1f} ms", flush=True)

    # Recall: the index answers exactly what a scan of every stored hash answers.
    agree = 0
    checked = queries[:200]
    for _, value, exclude in checked:
        distances = np.bitwise_count(stored ^ np.uint64(value)).astype(np.int64)
        distances = np.where(owner == exclude, 99, distances)
        best = int(distances.min())
        found = nearest_earlier_photo(phash=value, exclude_inspection_id=exclude, max_distance=6)
        if (found.distance if found else None) == (best if best <= 6 else None):
            agree += 1
    print(f"recall: {agree}/{len(checked)} agree with a full scan", flush=True)

    plan = near_candidates(
        phash=queries[0][1], exclude_inspection_id=queries[0][2], max_distance=6
    ).explain()
    print(plan, flush=True)
    Path(args.out).write_text(
        json.dumps(
            {
                "vendor": vendor,
                "rows": args.rows,
                "insert_seconds": insert_seconds,
                "timings": timings,
                "recall": {"agree": agree, "checked": len(checked)},
                "plan": plan,
            },
            indent=2,
        )
    )
    return 0 if agree == len(checked) else 1


def insert(stored: Any, inspection_ids: list[int], vendor: str) -> None:
    """All rows in batches, bypassing the ORM's per-object work (the lookup is what is
    measured): the band columns exactly as `photo_add` would store them."""
    import numpy as np
    from django.db import connection, transaction

    from sourceproof.evidence.models import Photo

    now = dt.datetime.now(dt.UTC)
    columns = [
        "created_at", "updated_at", "inspection_id", "side", "image", "display", "thumbnail",
        "original_name", "content_type", "size_bytes", "width", "height", "sha256",
        "received_at", "no_exif", "taken_raw", "taken_offset", "taken_basis", "taken_zone",
        "phash", "phash_hex", "phash_band0", "phash_band1", "phash_band2", "phash_band3",
        "reuse_max_distance",
    ]  # fmt: skip
    table = Photo._meta.db_table
    signed = stored.view(np.int64)
    bands = [
        ((stored >> np.uint64(48 - 16 * i)) & np.uint64(0xFFFF)).astype(np.int64) for i in range(4)
    ]

    def rows(start: int, stop: int) -> Any:
        for n in range(start, stop):
            moment = now - dt.timedelta(seconds=n)
            yield (
                moment, moment, inspection_ids[n % len(inspection_ids)], "",
                f"evidence/bench/{n}.jpg", "", "", "", "image/jpeg", 250_000, 4000, 3000,
                f"{n:064x}", moment, False, "", "", "", "",
                int(signed[n]), f"{int(stored[n]):016x}",
                int(bands[0][n]), int(bands[1][n]), int(bands[2][n]), int(bands[3][n]), 6,
            )  # fmt: skip

    total = len(stored)
    with transaction.atomic(), connection.cursor() as cursor:
        if vendor == "postgresql":
            raw = cursor.cursor  # psycopg's own cursor: COPY
            with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows(0, total):
                    copy.write_row(row)
        else:
            sql = (
                f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608 - constants
                f"VALUES ({', '.join(['%s'] * len(columns))})"
            )
            for start in range(0, total, BATCH):
                cursor.executemany(
                    sql,
                    [
                        tuple(
                            connection.ops.adapt_datetimefield_value(v)
                            if isinstance(v, dt.datetime)
                            else v
                            for v in row
                        )
                        for row in rows(start, min(total, start + BATCH))
                    ],
                )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=1_000)
    parser.add_argument("--wide", type=int, default=11, help="also time this threshold")
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--keep", action="store_true", help="keep the bench databases")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    return measure(args) if args.measure else orchestrate(args)


if __name__ == "__main__":
    sys.exit(main())
