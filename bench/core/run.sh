#!/usr/bin/env bash
# Added cost of a lock/unlock pair with the linked API (goal: <= 25 ns), bare vs validated in
# one run. Repetitions of all benchmarks are interleaved in random order, so a slow spell of
# the (shared, virtualised) machine hits bare and validated alike; medians of 15.
# Usage: bench/core/run.sh BUILD_DIR
set -euo pipefail
build=${1:?usage: run.sh BUILD_DIR}
"$build/bench/core/bench_core" --benchmark_repetitions=15 --benchmark_enable_random_interleaving=true \
  --benchmark_min_time=0.1 --benchmark_report_aggregates_only=true 2>&1 | grep -E "^(Benchmark|-|.*_median)"
