"""Benchmark the wage and working-hours analyser on a million time records.

2,000 workers by 500 days of time records (seeded, with breaches of every rule sprinkled in)
and one pay record per worker per calendar month. Times `check` (the median of several runs)
and `validate` (the per-row input checks a file upload goes through), and reports the peak
resident memory of a fresh process that loads the records and runs `check` once.

Memory is resident memory as the operating system counts it, which includes Polars' Rust heap
(tracemalloc would only see Python's allocations), read in that child process: the resident
size after loading the records (`VmRSS`), the high-water mark during `check` alone (`VmHWM`
after resetting it through /proc/self/clear_refs, Linux 4.0 and later), and the process's
lifetime peak (`resource.getrusage(RUSAGE_SELF).ru_maxrss`). Times are the median
wall-clock and CPU seconds; on a busy machine compare CPU seconds / cores with the target.

Run: `.venv/bin/python bench/bench_wagehours.py` (target: `check` under 2 seconds on 2 cores).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import polars as pl

from sourceproof.wagehours import Rules, check, validate

WORKERS = 2_000
DAYS = 500
FIRST_DAY = dt.date(2023, 1, 2)  # a Monday
RUNS = 5
SEED = 20240229
RULES = Rules(minimum_hourly_wage=14.0)


def make_records(
    workers: int = WORKERS, days: int = DAYS, seed: int = SEED
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Workers, time and monthly pay records, with some breaches of each rule."""
    rng = np.random.default_rng(seed)
    ids = [f"W{n:05d}" for n in range(workers)]
    # Mostly adults; about 2% aged 16-17 and 0.5% aged 14 at the start.
    age_days = rng.integers(19 * 365, 50 * 365, workers)
    young = rng.random(workers)
    age_days = np.where(young < 0.02, rng.integers(16 * 365, 17 * 365, workers), age_days)
    age_days = np.where(young < 0.005, rng.integers(14 * 365, 14 * 365 + 200, workers), age_days)
    births = [FIRST_DAY - dt.timedelta(days=int(d)) for d in age_days]
    worker_frame = pl.DataFrame(
        {
            "worker_id": ids,
            "date_of_birth": births,
            "hire_date": [FIRST_DAY - dt.timedelta(days=30)] * workers,
        }
    )

    n = workers * days
    worker_index = np.repeat(np.arange(workers), days)
    day_index = np.tile(np.arange(days), workers)
    weekday = (day_index % 7) + 1  # FIRST_DAY is a Monday
    works = weekday != 7
    # About 1% of worker-weeks also work the Sunday (a 7+ day run across weeks).
    works |= rng.random(n) < 0.01
    # A public holiday now and then; most are days off.
    holiday = rng.random(n) < 0.02
    works &= ~holiday | (rng.random(n) < 0.3)
    regular = np.where(works, 8.0, 0.0)
    regular = np.where(works & (rng.random(n) < 0.002), 9.5, regular)  # > 48 regular a week
    overtime = np.where(works, rng.choice([0.0, 0.5, 1.0, 1.5], n), 0.0)
    overtime = np.where(works & (rng.random(n) < 0.01), 6.0, overtime)  # > 60 in a week
    day_type = np.where(holiday, "holiday", np.where(weekday == 7, "rest", "working"))
    dates = pl.date_range(FIRST_DAY, FIRST_DAY + dt.timedelta(days=days - 1), eager=True)
    time_frame = pl.DataFrame(
        {
            "worker_id": pl.Series(ids).gather(worker_index),
            "date": dates.gather(day_index),
            "regular_hours": regular,
            "overtime_hours": overtime,
            "day_type": day_type,
        }
    )

    rate = pl.Series(rng.uniform(14.5, 25.0, workers))
    rate = pl.Series(np.where(rng.random(workers) < 0.03, 12.0, rate.to_numpy()))  # underpaid
    premium = RULES.overtime_premium.as_dict()
    monthly = (
        time_frame.with_columns(
            pl.col("date").dt.month_start().alias("period_start"),
            pl.col("date").dt.month_end().alias("period_end"),
            (pl.col("overtime_hours") * pl.col("day_type").replace_strict(premium)).alias("owed"),
        )
        .group_by("worker_id", "period_start", "period_end")
        .agg(pl.col("regular_hours").sum(), pl.col("owed").sum())
        .join(pl.DataFrame({"worker_id": ids, "rate": rate}), on="worker_id")
    )
    short = pl.Series(rng.random(monthly.height) < 0.05)  # overtime underpaid by a tenth
    pay_frame = monthly.select(
        "worker_id",
        "period_start",
        "period_end",
        (pl.col("rate") * pl.col("regular_hours")).round(2).alias("regular_pay"),
        (pl.col("rate") * pl.col("owed") * pl.when(short).then(0.9).otherwise(1.0))
        .round(2)
        .alias("overtime_pay"),
        pl.lit("CNY").alias("currency"),
    ).sort("worker_id", "period_start")
    return worker_frame, time_frame, pay_frame


def _timings(run: Callable[[], object], runs: int = RUNS) -> dict[str, float]:
    """Median wall-clock and median CPU seconds (all of this process's threads) of `run`.

    CPU time is reported too because a busy machine stretches wall-clock time: CPU seconds
    divided by the cores is what the run costs on an idle machine with that many cores.
    """
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        run()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return {"wall": statistics.median(wall), "cpu": statistics.median(cpu)}


_CHILD = """
import json, resource, polars as pl
from sourceproof.wagehours import Rules, check

def status(field):
    with open("/proc/self/status") as lines:
        for line in lines:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return None

d = {directory!r}
w, t, p = (pl.read_ipc(f"{{d}}/{{n}}.arrow") for n in ("workers", "time", "pay"))
rss_before = status("VmRSS")
try:  # reset the peak-RSS mark (VmHWM) so that it measures check alone (Linux >= 4.0)
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")
    reset = True
except OSError:
    reset = False
check(w, t, p, Rules(minimum_hourly_wage=14.0))
print(json.dumps({{
    "rss_before": rss_before,
    "peak_during_check": status("VmHWM") if reset else None,
    "maxrss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
}}))
"""


def _peak_memory(directory: Path) -> dict[str, float | None]:
    """Run `check` once in a fresh process on the saved records; resident memory in MiB."""
    output = subprocess.run(
        [sys.executable, "-c", _CHILD.format(directory=str(directory))],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    kib = json.loads(output)  # /proc/self/status and ru_maxrss count KiB on Linux

    def mib(value: int | None) -> float | None:
        return None if value is None else round(value / 1024, 1)

    return {
        "process_peak_rss_mib": mib(kib["maxrss"]),
        "rss_before_check_mib": mib(kib["rss_before"]),
        "peak_rss_during_check_mib": mib(kib["peak_during_check"]),
    }


def main() -> dict[str, object]:
    workers, time_records, pay = make_records()
    report = check(workers, time_records, pay, RULES)
    check_time = _timings(lambda: check(workers, time_records, pay, RULES))
    validate_time = _timings(
        lambda: validate(workers=workers, time=time_records, pay=pay, rules=RULES), runs=3
    )
    with tempfile.TemporaryDirectory() as directory:
        for name, frame in (("workers", workers), ("time", time_records), ("pay", pay)):
            frame.write_ipc(Path(directory) / f"{name}.arrow")
        memory = _peak_memory(Path(directory))
    return {
        "workers": workers.height,
        "time_records": time_records.height,
        "pay_records": pay.height,
        "cpus": os.cpu_count(),
        "polars_threads": pl.thread_pool_size(),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "check_median_seconds": round(check_time["wall"], 3),
        "check_median_cpu_seconds": round(check_time["cpu"], 3),
        "validate_median_seconds": round(validate_time["wall"], 3),
        "validate_median_cpu_seconds": round(validate_time["cpu"], 3),
        "findings": len(report.findings),
        "findings_by_rule": report.counts_by_rule(),
        "not_checked": len(report.not_checked),
        **memory,
    }


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
