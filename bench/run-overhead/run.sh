#!/usr/bin/env bash
# `heisen run` overhead on a lock-heavy multithreaded program, side by side with the same source
# under ThreadSanitizer and under Helgrind, in one run. Prints wall times and ratios to the
# uninstrumented binary (median of REPEATS runs; Helgrind once, it is slow).
# Helgrind is ~1000x slower, so it runs a shorter workload and is compared with the uninstrumented
# binary on that same workload.
# Usage: bench/run-overhead/run.sh BUILD_DIR
#   (env: THREADS=4 ITERATIONS=2000000 HELGRIND_ITERATIONS=50000 REPEATS=5)
set -euo pipefail
build=$(realpath "${1:?usage: run.sh BUILD_DIR}")
heisen="$build/tools/heisen/heisen"
[[ -x "$heisen" ]] || { echo "run-overhead: $heisen not built" >&2; exit 1; }
here=$(cd "$(dirname "$0")" && pwd)
threads=${THREADS:-4}
iterations=${ITERATIONS:-2000000}
helgrind_iterations=${HELGRIND_ITERATIONS:-50000}
repeats=${REPEATS:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

gcc -O2 -g -o "$work/lock_heavy" "$here/lock_heavy.c" -lpthread
have_tsan=0
if command -v clang-15 >/dev/null; then
  clang-15 -O2 -g -fsanitize=thread -o "$work/lock_heavy_tsan" "$here/lock_heavy.c" -lpthread && have_tsan=1
fi
have_helgrind=0
command -v valgrind >/dev/null && have_helgrind=1

# Median wall time in seconds of `repeats` runs of the command.
median_time() {
  local n=$1; shift
  local times=()
  for ((i = 0; i < n; i++)); do
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null 2>"$work/stderr" || { echo "run-overhead: '$*' failed:" >&2; cat "$work/stderr" >&2; exit 1; }
    end=$(date +%s.%N)
    times+=("$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.6f", b - a }')")
  done
  printf '%s\n' "${times[@]}" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

args=("$threads" "$iterations")
base=$(median_time "$repeats" "$work/lock_heavy" "${args[@]}")
under_heisen=$(median_time "$repeats" "$heisen" run --exitcode 3 -- "$work/lock_heavy" "${args[@]}")
if grep -q 'WARNING\|BUG' "$work/stderr"; then
  echo "run-overhead: the workload is correct but heisen reported:" >&2; cat "$work/stderr" >&2; exit 1
fi
printf 'machine: %s, %s CPUs; workload: lock_heavy %s threads x %s iterations\n' \
  "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')" "$(nproc)" "$threads" "$iterations"
printf '%-28s %9s s  %7s\n' "configuration" "wall" "ratio"
divide() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", a / b }'; }
row() { printf '%-28s %9.3f s  %6.2fx\n' "$1" "$2" "$(divide "$2" "$base")"; }
row "uninstrumented" "$base"
row "heisen run" "$under_heisen"
if ((have_tsan)); then
  row "ThreadSanitizer (clang-15)" "$(median_time "$repeats" "$work/lock_heavy_tsan" "${args[@]}")"
fi
row "heisen run, startup only" "$(median_time "$repeats" "$heisen" run -- "$work/lock_heavy" 1 1)"
if ((have_helgrind)); then
  short_base=$(median_time "$repeats" "$work/lock_heavy" "$threads" "$helgrind_iterations")
  helgrind=$(median_time 1 valgrind --tool=helgrind -q "$work/lock_heavy" "$threads" "$helgrind_iterations")
  printf '%-28s %9.3f s  %6.2fx  (%s iterations; uninstrumented %.3f s)\n' "Helgrind (valgrind)" \
    "$helgrind" "$(divide "$helgrind" "$short_base")" "$helgrind_iterations" "$short_base"
fi
ratio=$(divide "$under_heisen" "$base")
if awk -v r="$ratio" 'BEGIN { exit !(r > 1.5) }'; then
  printf 'heisen run: %.2fx, above the 1.5x goal\n' "$ratio"
else
  printf 'heisen run: %.2fx, within the 1.5x goal\n' "$ratio"
fi
