"""Benchmark the inspection list and the quality dashboard with 200,000 inspections.

Issue 4: "inspection list and dashboard with 200,000 inspections on SQLite and PostgreSQL
with a constant number of queries". For each database (SQLite at
var/bench/inspections-<n>.sqlite3; PostgreSQL at BENCH_INSPECTIONS_PG_URL, default
postgres://postgres@127.0.0.1:5432/sp_benchinsp) and for two sizes, 100 inspections and
`--inspections` (200,000), it makes a fresh database and, in its own process:

1. migrates; fills it with the registry generator (`bench_registry.generate`: 20,000
   facilities, 200,000 purchase orders...; 2,000 orders for the small size) and then the
   inspections (`bench/inspections_data.py`: 60 inspectors, PPI/DUPRO/PSI/CLC around each
   order's ship date, mostly reviewed with plan snapshots, defect records, streams);
2. times, through Django's test `Client` (force_login; warm: after warm-up requests;
   median of `--requests`), with the number of SQL queries of one request
   (`CaptureQueriesContext`): the inspection list as the quality manager (first page,
   filtered by status and verdict, by facility, a search, the last page), the inspector's
   own list, a customer user's list, and the quality dashboard (/inspections/quality/);
3. profiles a page slower than 500 ms (median): cProfile's top functions and the slowest
   SQL statements with their query plans, in bench/out/inspections-profile-<db>.txt.

Then it checks that every page makes as many queries with 200,000 inspections as with 100
(constant: exit status 1 otherwise) and prints the table (also bench/out/inspections.md and
bench/out/inspections.json). The databases are dropped afterwards unless --keep.

    .venv/bin/python bench/bench_inspections.py [--inspections 200000] [--requests 15]
        [--only sqlite|postgresql] [--keep]

Run by scripts/bench.sh with its defaults (not part of `make test`). No PostgreSQL
answering is reported loudly and skipped; with CI=true it is a failure.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import logging
import os
import platform
import pstats
import random
import statistics
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import bench_registry
import inspections_data

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
SQLITE_DIR = ROOT / "var" / "bench"
PG_URL = os.environ.get(
    "BENCH_INSPECTIONS_PG_URL", "postgres://postgres@127.0.0.1:5432/sp_benchinsp"
)
SMALL = 100  # inspections: the size whose query counts every page must keep
SMALL_SCALE = 0.01  # of the registry generator: 2,000 orders
SLOW_MS = 500.0
MIN_REQUESTS = 5
WARMUP = 3
SEED = 20261127


# ------------------------------------------------------------------------ orchestration


def _pg_recreate(url: str, *, drop_only: bool = False) -> str | None:
    """Drop and (unless drop_only) create the benchmark database; the reason if impossible."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        return f"refusing to drop {name!r}: a benchmark database's name contains 'bench'"
    admin = urlunsplit(parts._replace(path="/postgres"))
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            if not drop_only:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.Error as exc:
        return f"PostgreSQL unreachable at {admin}: {str(exc).strip()}"
    return None


def _sqlite_path(size: int) -> Path:
    return SQLITE_DIR / f"inspections-{size}.sqlite3"


def _sqlite_remove(size: int) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{_sqlite_path(size)}{suffix}").unlink(missing_ok=True)


def _uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "load average: {:.2f}, {:.2f}, {:.2f}".format(*os.getloadavg())


def _run_size(vendor: str, url: str, size: int, args: argparse.Namespace) -> dict[str, Any]:
    out = OUT / f"inspections-{vendor}-{size}.json"
    out.unlink(missing_ok=True)
    small = size == SMALL
    command = [
        sys.executable,
        __file__,
        "--run",
        "--database-url",
        url,
        "--inspections",
        str(size),
        "--scale",
        str(SMALL_SCALE if small else args.scale),
        "--requests",
        str(MIN_REQUESTS if small else args.requests),
        "--budget",
        str(args.budget),
        "--out",
        str(out),
    ]
    if small:
        command.append("--no-profile")
    print(f"\n==== inspections benchmark: {vendor}, {size:,} inspections", flush=True)
    done = subprocess.run(command, cwd=ROOT, check=False)
    if done.returncode != 0 or not out.exists():
        return {"error": f"the {size:,}-inspection run failed (exit status {done.returncode})"}
    result: dict[str, Any] = json.loads(out.read_text())
    return result


def orchestrate(args: argparse.Namespace) -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    SQLITE_DIR.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.node()} {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}",
        "inspections": args.inspections,
        "uptime_before": _uptime(),
        "databases": {},
    }
    failed = False
    vendors = [v for v in ("sqlite", "postgresql") if args.only in (None, v)]
    for vendor in vendors:
        runs: dict[str, Any] = {}
        for size in (SMALL, args.inspections):
            if vendor == "sqlite":
                _sqlite_remove(size)
                url = f"sqlite:///{_sqlite_path(size)}"
            else:
                problem = _pg_recreate(PG_URL)
                if problem:
                    message = f"PostgreSQL SKIPPED: {problem}"
                    print(f"\n!!! {message}\n", file=sys.stderr, flush=True)
                    runs = {"error": message}
                    failed = failed or os.environ.get("CI") == "true"
                    break
                url = PG_URL
            runs[str(size)] = _run_size(vendor, url, size, args)
            if not args.keep:
                if vendor == "sqlite":
                    _sqlite_remove(size)
                else:
                    _pg_recreate(PG_URL, drop_only=True)
        report["databases"][vendor] = _compare(runs, args.inspections)
        failed = failed or not report["databases"][vendor].get("constant", False)
    report["uptime_after"] = _uptime()
    (OUT / "inspections.json").write_text(json.dumps(report, indent=2, default=str))
    table = markdown(report)
    (OUT / "inspections.md").write_text(table)
    print("\n" + table)
    print(f"Written: {OUT / 'inspections.md'} and {OUT / 'inspections.json'}")
    return 1 if failed else 0


def _compare(runs: dict[str, Any], size: int) -> dict[str, Any]:
    """The large run's results, each with the query count at the small size."""
    if "error" in runs:
        return runs
    small, large = runs.get(str(SMALL), {}), runs.get(str(size), {})
    for run in (small, large):
        if "error" in run:
            return {"error": run["error"], "constant": False}
    small_queries = {r["name"]: r.get("queries") for r in small["results"]}
    constant = True
    for row in large["results"]:
        row["queries_small"] = small_queries.get(row["name"])
        row["constant"] = "error" not in row and row["queries"] == row["queries_small"]
        constant = constant and row["constant"]
    return {**large, "constant": constant, "small_generate": small.get("generate")}


def markdown(report: dict[str, Any]) -> str:
    title = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    lines = [
        f"Inspection list and quality dashboard, {report['inspections']:,} inspections "
        f"({report['when']} UTC; {report['machine']}).",
        "",
        f"Load before: `{report['uptime_before']}`; after: `{report.get('uptime_after', '?')}`.",
        "",
        "| database | page | rows | queries | queries at 100 | median ms | p95 ms | n |",
        "|---|---|--:|--:|--:|--:|--:|--:|",
    ]
    notes: list[str] = []
    for vendor, run in report["databases"].items():
        name = title.get(vendor, vendor)
        if "error" in run:
            lines.append(f"| {name} | {run['error']} | | | | | | |")
            continue
        for r in run["results"]:
            if "error" in r:
                lines.append(f"| {name} | {r['name']} | error: {r['error']} | | | | | |")
                continue
            slow = " **slow**" if r["median_ms"] > SLOW_MS else ""
            same = "" if r["constant"] else " **differs**"
            lines.append(
                f"| {name} | {r['name']} | {r['rows']:,} | {r['queries']} | "
                f"{r['queries_small']}{same} | {r['median_ms']}{slow} | {r['p95_ms']} | {r['n']} |"
            )
        gen = run["generate"]
        counts = ", ".join(f"{n:,} {k}" for k, n in gen["inspections"]["counts"].items())
        notes.append(
            f"- {name} ({run['database']['server']}): generated in "
            f"{gen['registry']['seconds']} s (registry: "
            f"{gen['registry']['counts'].get('orders', 0):,} orders) + "
            f"{gen['inspections']['seconds']} s (inspections: {counts}); query counts "
            f"{'constant' if run['constant'] else 'NOT constant'} between 100 and "
            f"{report['inspections']:,} inspections."
        )
        for r in run["results"]:
            for line in r.get("profile_summary", []):
                notes.append(f"- {name}, {r['name']}: {line}")
    return "\n".join(lines) + "\n\n" + "\n".join(notes) + "\n"


# ------------------------------------------------------------------------ one database


def _explain(sql: str) -> str:
    from django.db import connection

    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ANALYZE "
    try:
        with connection.cursor() as cursor:
            cursor.execute(prefix + sql)
            return "\n".join(" | ".join(str(c) for c in row) for row in cursor.fetchall())
    except Exception as exc:  # a statement Django logged with its parameters quoted oddly
        return f"(no plan: {type(exc).__name__}: {exc})"


def _short(sql: str) -> str:
    """A statement without its column list: `SELECT … FROM …`, at most 300 characters."""
    start = sql.find(" FROM ")
    text = f"{sql[:7]}… {sql[start + 1 :]}" if start > 0 else sql
    return text if len(text) <= 300 else text[:299] + "…"


def _profile(client: Any, url: str, label: str, vendor: str) -> tuple[list[str], str]:
    """One request under cProfile, and its SQL statements timed; a summary and the text."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    profiler = cProfile.Profile()
    with CaptureQueriesContext(connection) as ctx:
        t0 = time.perf_counter()
        profiler.enable()
        client.get(url)
        profiler.disable()
        total_ms = (time.perf_counter() - t0) * 1000
    captured = list(ctx.captured_queries)  # now: later requests clear the log
    stream = io.StringIO()
    pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_stats(25)
    queries = sorted(captured, key=lambda q: -float(q["time"]))
    sql_ms = sum(float(q["time"]) for q in queries) * 1000
    text = [f"==== {label} ({vendor}): {url}, {total_ms:.0f} ms, SQL {sql_ms:.0f} ms", ""]
    summary = [
        f"profiled {total_ms:.0f} ms, of which SQL {sql_ms:.0f} ms in "
        f"{len(queries)} queries; slowest: "
        + "; ".join(f"{float(q['time']) * 1000:.0f} ms `{_short(q['sql'])}`" for q in queries[:2])
    ]
    for q in queries[:3]:
        text += [f"-- {float(q['time']) * 1000:.1f} ms", q["sql"], "", _explain(q["sql"]), ""]
    text += ["", stream.getvalue()]
    return summary, "\n".join(text)


def _summary(name: str, times: list[float], **extra: Any) -> dict[str, Any]:
    ms = sorted(t * 1000 for t in times)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return {
        "name": name,
        "n": len(ms),
        "median_ms": round(statistics.median(ms), 1),
        "p95_ms": round(p95, 1),
        "min_ms": round(ms[0], 1),
        **extra,
    }


def measure(*, requests: int, budget: float, profile: bool, vendor: str) -> dict[str, Any]:
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.urls import reverse
    from django.utils import timezone

    from sourceproof.accounts.models import User
    from sourceproof.inspections import selectors
    from sourceproof.inspections.models import Inspection

    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # failures are reported
    quality = User.objects.get(email="quality@bench.example")
    # The busiest inspector (~1/60 of the inspections; at 100 inspections one with some).
    inspector = User.objects.get(
        pk=Inspection.objects.values("inspector")
        .exclude(inspector=None)
        .annotate(n=Count("id"))
        .order_by("-n", "inspector")
        .values_list("inspector", flat=True)[0]
    )
    buyer = User.objects.get(email="buyer@bench.example")
    busiest = (
        Inspection.objects.values("facility__code")
        .annotate(n=Count("id"))
        .order_by("-n", "facility__code")
        .first()
    )
    facility = busiest["facility__code"] if busiest else ""
    # Part of a report number that ~100 report numbers share (QC-2025-0001xx).
    search = (
        Inspection.objects.filter(status="reviewed")
        .order_by("id")
        .values_list("report_number", flat=True)[0][:-2]
    )
    list_url = reverse("inspections:inspection_list")
    dashboard_url = reverse("inspections:quality_dashboard")
    F = selectors.InspectionFilters
    today = timezone.localdate()

    def list_rows(user: Any, filters: Any) -> Callable[[], int]:
        return lambda: selectors.inspection_list(user=user, filters=filters).count()

    def dashboard_rows() -> int:
        totals = selectors.dashboard_totals(
            user=quality, filters=selectors.DashboardFilters(), today=today
        )
        return int(totals["total"])

    pages: list[tuple[str, Any, str, Callable[[], int]]] = [
        ("list, first page", quality, list_url, list_rows(quality, F())),
        (
            "list, reviewed + failed",
            quality,
            f"{list_url}?status=reviewed&verdict=fail",
            list_rows(quality, F(status="reviewed", verdict="fail")),
        ),
        (
            "list, one facility",
            quality,
            f"{list_url}?facility={facility}",
            list_rows(quality, F(facility=facility)),
        ),
        (
            "list, search report number",
            quality,
            f"{list_url}?q={search}",
            list_rows(quality, F(q=search)),
        ),
        ("list, last page", quality, f"{list_url}?page=999999", list_rows(quality, F())),
        ("list, inspector's own", inspector, list_url, list_rows(inspector, F())),
        ("list, customer user", buyer, list_url, list_rows(buyer, F())),
        ("quality dashboard", quality, dashboard_url, dashboard_rows),
    ]
    results: list[dict[str, Any]] = []
    profiles: list[str] = []
    # Static files through the plain storage: the manifest of collectstatic is not needed.
    with override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ):
        for name, user, url, rows in pages:
            client = Client(raise_request_exception=False)
            client.force_login(user)
            for _ in range(WARMUP):
                client.get(url)
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url)
            queries = len(ctx.captured_queries)  # now: later requests clear the log
            if response.status_code != 200:
                results.append({"name": name, "url": url, "error": f"HTTP {response.status_code}"})
                continue
            times: list[float] = []
            deadline = time.perf_counter() + budget
            for _ in range(requests):
                if len(times) >= MIN_REQUESTS and time.perf_counter() > deadline:
                    break
                t0 = time.perf_counter()
                client.get(url)
                times.append(time.perf_counter() - t0)
            row = _summary(
                name,
                times,
                url=url,
                rows=rows(),
                queries=queries,
                bytes=len(response.content),
            )
            if profile and row["median_ms"] > SLOW_MS:
                summary, text = _profile(client, url, name, vendor)
                row["profile_summary"] = summary
                profiles.append(text)
            results.append(row)
            print(
                f"[{vendor}] {name}: {row['rows']:,} rows, {row['queries']} queries, "
                f"median {row['median_ms']} ms, p95 {row['p95_ms']} ms",
                flush=True,
            )
    if profiles:
        path = OUT / f"inspections-profile-{vendor}.txt"
        path.write_text("\n\n".join(profiles))
        print(f"[{vendor}] slow pages profiled: {path}", flush=True)
    return {"results": results}


def run(args: argparse.Namespace) -> int:
    warnings.filterwarnings("ignore", message="No directory at")  # whitenoise, no collectstatic
    bench_registry._setup(args.database_url)
    from django.core.management import call_command

    random.seed(SEED)
    out: dict[str, Any] = {"database": bench_registry.database_info()}
    vendor = out["database"]["vendor"]
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    out["migrate_seconds"] = round(time.perf_counter() - t0, 1)
    registry = bench_registry.generate(args.scale)
    print(f"[{vendor}] registry generated in {registry['seconds']} s", flush=True)
    inspections = inspections_data.generate_inspections(args.inspections)
    print(
        f"[{vendor}] inspections generated in {inspections['seconds']} s: "
        + ", ".join(f"{n:,} {k}" for k, n in inspections["counts"].items()),
        flush=True,
    )
    out["generate"] = {"registry": registry, "inspections": inspections}
    out["load_average_before"] = os.getloadavg()
    out.update(
        measure(
            requests=args.requests,
            budget=args.budget,
            profile=not args.no_profile,
            vendor=vendor,
        )
    )
    out["load_average_after"] = os.getloadavg()
    Path(args.out).write_text(json.dumps(out, indent=2, default=str))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inspections", type=int, default=200_000)
    parser.add_argument(
        "--scale", type=float, default=1.0, help="of the registry data: 1.0 is 200,000 orders"
    )
    parser.add_argument("--requests", type=int, default=15, help="timed requests per page")
    parser.add_argument(
        "--budget", type=float, default=20.0, help="seconds per page (at least 5 requests)"
    )
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--keep", action="store_true", help="keep the benchmark databases")
    parser.add_argument("--run", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--no-profile", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    return run(args) if args.run else orchestrate(args)


if __name__ == "__main__":
    raise SystemExit(main())
