"""Benchmark of the sampling engine: plan lookups per second, 100,000-lot streams per second.

Run ``python bench/bench_sampling.py``; ``main()`` returns the numbers as a dict.
Pure Python, no Django; takes a few seconds.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sourceproof.sampling.aql import Aql
from sourceproof.sampling.plans import INSPECTIONS, LEVELS, plan
from sourceproof.sampling.switching import run_stream

STREAM_LOTS = 100_000


def _plan_lookups(count: int, rng: random.Random) -> float:
    aqls = [a.text for a in Aql.all()]
    requests = [
        (rng.randint(2, 1_000_000), rng.choice(aqls), rng.choice(LEVELS), rng.choice(INSPECTIONS))
        for _ in range(count)
    ]
    start = time.perf_counter()
    for lot, aql, level, inspection in requests:
        plan(lot, aql, level, inspection)
    return count / (time.perf_counter() - start)


def _streams(count: int, rng: random.Random) -> tuple[float, dict[str, int]]:
    # Mostly good lots with an occasional bad one, so every severity is visited.
    lots = [
        (rng.randint(500, 5000), 0 if rng.random() < 0.9 else rng.randint(1, 6))
        for _ in range(STREAM_LOTS)
    ]
    severities: dict[str, int] = {}
    start = time.perf_counter()
    for _ in range(count):
        outcomes = run_stream(lots, "1.0", "II", reduced_allowed=True)
    elapsed = time.perf_counter() - start
    for outcome in outcomes:
        severities[outcome.inspection] = severities.get(outcome.inspection, 0) + 1
    return count / elapsed, severities


def main() -> dict[str, object]:
    rng = random.Random(2859)
    lookups = _plan_lookups(200_000, rng)
    streams, severities = _streams(3, rng)
    return {
        "plan_lookups_per_second": round(lookups),
        "streams_of_100000_lots_per_second": round(streams, 3),
        "lots_per_second": round(streams * STREAM_LOTS),
        "severities_in_last_stream": severities,
    }


if __name__ == "__main__":
    for key, value in main().items():
        print(f"{key}: {value}")
