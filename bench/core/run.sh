#!/usr/bin/env bash
# Added cost of a lock/unlock pair with the linked API (goal: <= 25 ns), bare vs validated in
# one run. Usage: bench/core/run.sh BUILD_DIR
set -euo pipefail
build=${1:?usage: run.sh BUILD_DIR}
"$build/bench/core/bench_core" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
  --benchmark_min_time=0.2 2>&1 | grep -E "^(Benchmark|-|.*_median)"
