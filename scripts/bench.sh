#!/usr/bin/env bash
# The benchmarks (`make bench`; not part of `make test`). Results in bench/out/ (gitignored);
# docs/performance.md says how to read them. Each benchmark runs as its own step: one that
# fails is reported at the end and the others still run.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
start=$(date +%s)
failed=()

banner() { printf '\n==== %s ====\n' "$*"; }

step() {
  local name=$1
  shift
  banner "$name"
  local t0
  t0=$(date +%s)
  if "$@"; then
    echo "---- $name: done in $(( $(date +%s) - t0 )) s"
  else
    echo "---- $name: FAILED (exit status $?) after $(( $(date +%s) - t0 )) s" >&2
    failed+=("$name")
  fi
}

mkdir -p bench/out
# The registry and order pages on SQLite and PostgreSQL (BENCH_PG_URL), see bench/run.py.
step "registry: facilities, orders, the sourcing gate" "$PY" bench/run.py ${BENCH_ARGS:-}
# Every other benchmark script (bench/bench_<name>.py: sampling, wagehours, evidence, ...),
# each run as it is with its defaults; bench_registry.py is driven by bench/run.py above.
for script in bench/bench_*.py; do
  [ "$script" = bench/bench_registry.py ] && continue
  step "$(basename "$script" .py)" "$PY" "$script"
done

banner "benchmarks finished in $(( $(date +%s) - start )) s"
if [ ${#failed[@]} -gt 0 ]; then
  echo "Failed: ${failed[*]}" >&2
  exit 1
fi
