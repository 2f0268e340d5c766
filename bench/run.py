"""Run the registry benchmark on SQLite and on PostgreSQL and write the results.

For each database: a fresh, dedicated one (SQLite: var/bench/registry.sqlite3; PostgreSQL:
the database `sourceproof_bench`, dropped and created again at BENCH_PG_URL, default
postgres://postgres@127.0.0.1:5432/sourceproof_bench), then `bench/bench_registry.py`
in its own process (migrate, generate, measure). Writes bench/out/registry.json and
bench/out/registry.md (the table for docs/performance.md), and drops the databases again
unless --keep is given.

    .venv/bin/python bench/run.py [--scale 1.0] [--requests 30] [--only sqlite] [--keep]

No PostgreSQL answering is reported loudly and skipped (the table says so); with CI=true it
is a failure.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
SQLITE_PATH = ROOT / "var" / "bench" / "registry.sqlite3"
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/sourceproof_bench")


def _pg_admin(url: str) -> tuple[dict[str, Any], str]:
    """Connection arguments for the server's maintenance database, and the bench db name."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/") or "sourceproof_bench"
    admin = urlunsplit(parts._replace(path="/postgres"))
    return {"conninfo": admin, "autocommit": True, "connect_timeout": 5}, name


def _pg_recreate(url: str, *, drop_only: bool = False) -> str | None:
    """Drop and (unless drop_only) create the bench database; the reason if impossible."""
    import psycopg
    from psycopg import sql

    kwargs, name = _pg_admin(url)
    if not name.endswith("_bench"):
        return f"refusing to drop {name!r}: the benchmark database's name must end in _bench"
    try:
        with psycopg.connect(**kwargs) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            if not drop_only:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.Error as exc:
        return str(exc).strip()
    return None


def _sqlite_remove() -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)


def machine() -> dict[str, Any]:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    return {
        "date": dt.datetime.now(dt.UTC).astimezone().isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "cpu_model": cpu,
        "memory": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "load_average": os.getloadavg(),
    }


def run_one(label: str, url: str, args: argparse.Namespace) -> dict[str, Any]:
    out_file = OUT / f"registry-{label}.json"
    out_file.unlink(missing_ok=True)
    command = [
        sys.executable,
        str(ROOT / "bench" / "bench_registry.py"),
        "--database-url",
        url,
        "--out",
        str(out_file),
        "--scale",
        str(args.scale),
        "--requests",
        str(args.requests),
        "--budget",
        str(args.budget),
    ]
    print(f"\n==== registry benchmark on {label} ====", flush=True)
    done = subprocess.run(command, cwd=ROOT, check=False)
    if done.returncode != 0 or not out_file.exists():
        return {"error": f"bench_registry.py failed with exit status {done.returncode}"}
    result: dict[str, Any] = json.loads(out_file.read_text())
    return result


def _cell(row: dict[str, Any] | None, key: str) -> str:
    if row is None:
        return "-"
    if "error" in row:
        return "error"
    value = row.get(key)
    return "-" if value is None else f"{value:g}"


def _load(run: dict[str, Any]) -> str:
    before, after = run.get("load_average_before"), run.get("load_average_after")
    if not before or not after:
        return "unknown"
    return f"{before[0]:.1f} before, {after[0]:.1f} after (1-minute)"


def markdown(report: dict[str, Any]) -> str:
    runs: dict[str, dict[str, Any]] = report["runs"]
    labels = list(runs)
    names: list[str] = []
    for run in runs.values():
        for row in run.get("results", []):
            if row["name"] not in names:
                names.append(row["name"])
    title = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    head = ["Measurement"]
    for label in labels:
        t = title.get(label, label)
        head += [f"{t} median ms", f"{t} p95 ms", f"{t} CPU ms", f"{t} queries", f"{t} n"]
    lines = [
        "| " + " | ".join(head) + " |",
        "|" + "|".join(["---"] + ["--:"] * (len(head) - 1)) + "|",
    ]
    for name in names:
        cells = [name]
        for label in labels:
            row = next((r for r in runs[label].get("results", []) if r["name"] == name), None)
            cells += [
                _cell(row, "median_ms"),
                _cell(row, "p95_ms"),
                _cell(row, "median_cpu_ms"),
                _cell(row, "queries"),
                _cell(row, "n"),
            ]
        lines.append("| " + " | ".join(cells) + " |")
    notes = []
    for label in labels:
        run = runs[label]
        t = title.get(label, label)
        if "error" in run:
            notes.append(f"- {t}: {run['error']}")
            continue
        generate = run.get("generate")
        if generate:
            counts = ", ".join(f"{n:,} {k}" for k, n in generate["counts"].items())
            notes.append(
                f"- {t} ({run['database']['server']}): generated in {generate['seconds']} s "
                f"({generate.get('cpu_seconds')} s CPU in the generator's process; "
                f"+ {run.get('migrate_seconds')} s migrations): {counts}. Load average "
                f"during the measurements: {_load(run)}."
            )
        for row in run.get("results", []):
            if "error" in row:
                notes.append(f"- {t}, {row['name']}: {row['error']}")
    return "\n".join(lines) + "\n\n" + "\n".join(notes) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--budget", type=float, default=10.0)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--keep", action="store_true", help="keep the benchmark databases")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)

    report: dict[str, Any] = {"machine": machine(), "scale": args.scale, "runs": {}}
    previous = OUT / "registry.json"
    if args.only and previous.exists():
        # One database again: keep the other's results of the last run in the table.
        earlier = json.loads(previous.read_text())
        if earlier.get("scale") == args.scale:
            report["runs"] = {k: v for k, v in earlier["runs"].items() if k != args.only}
            report["machine"]["earlier_run"] = earlier["machine"]
    failed = False
    if args.only in (None, "sqlite"):
        _sqlite_remove()
        report["runs"]["sqlite"] = run_one("sqlite", f"sqlite:///{SQLITE_PATH}", args)
        if not args.keep:
            _sqlite_remove()
    if args.only in (None, "postgresql"):
        problem = _pg_recreate(PG_URL)
        if problem is None:
            report["runs"]["postgresql"] = run_one("postgresql", PG_URL, args)
            if not args.keep:
                _pg_recreate(PG_URL, drop_only=True)
        else:
            message = f"PostgreSQL SKIPPED: no benchmark database at {PG_URL}: {problem}"
            print(f"\n!!! {message}\n", file=sys.stderr, flush=True)
            report["runs"]["postgresql"] = {"error": message}
            failed = os.environ.get("CI") == "true"
    failed = failed or any("error" in run for run in report["runs"].values())

    (OUT / "registry.json").write_text(json.dumps(report, indent=2, default=str))
    table = markdown(report)
    (OUT / "registry.md").write_text(table)
    m = report["machine"]
    print(
        f"\n==== registry benchmark, {m['date']}: {m['cpus']} x {m['cpu_model']}, {m['memory']}, "
        f"Python {m['python']} ====\n"
    )
    print(table)
    print(f"Written: {OUT / 'registry.md'} and {OUT / 'registry.json'}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
