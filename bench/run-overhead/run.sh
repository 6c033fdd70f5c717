#!/usr/bin/env bash
# `heisen run` overhead on a lock-heavy multithreaded program, side by side with the same source
# under ThreadSanitizer and under Helgrind, in one run. Prints wall times and ratios to the
# uninstrumented binary (REPEATS alternated pairs, medians; Helgrind once, it is slow).
# Helgrind is ~1000x slower, so it runs a shorter workload and is compared with the uninstrumented
# binary on that same workload.
# Usage: bench/run-overhead/run.sh BUILD_DIR
#   (env: THREADS=4 ITERATIONS=2000000 HELGRIND_ITERATIONS=50000 REPEATS=5)
set -euo pipefail
build=$(realpath "${1:?usage: run.sh BUILD_DIR}")
heisen="$build/bin/heisen"
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

# Wall and CPU (user + system) seconds of one run of the command, "wall cpu".
time_once() {
  local TIMEFORMAT='%3R %3U %3S'
  { time "$@" >/dev/null 2>"$work/stderr"; } 2>"$work/time" ||
    { echo "run-overhead: '$*' failed:" >&2; cat "$work/stderr" >&2; exit 1; }
  awk '{ printf "%.6f %.6f\n", $1, $2 + $3 }' "$work/time"
}
median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
divide() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", a / b }'; }

# The uninstrumented and the validated runs alternate, so a slow spell of a shared machine
# slows both; each pair gives one ratio, and the medians are reported.
args=("$threads" "$iterations")
: >"$work/pairs"
for ((i = 0; i < repeats; i++)); do
  read -r bare_wall bare_cpu < <(time_once "$work/lock_heavy" "${args[@]}")
  read -r heisen_wall heisen_cpu < <(time_once "$heisen" run --exitcode 3 -- "$work/lock_heavy" "${args[@]}")
  if grep -q 'WARNING\|BUG' "$work/stderr"; then
    echo "run-overhead: the workload is correct but heisen reported:" >&2; cat "$work/stderr" >&2; exit 1
  fi
  echo "$bare_wall $bare_cpu $heisen_wall $heisen_cpu" >>"$work/pairs"
done
column() { awk -v c="$1" '{ print $c }' "$work/pairs" | median; }
base=$(column 1)
under_heisen=$(column 3)
pair_ratio=$(awk '{ printf "%.4f\n", $3 / $1 }' "$work/pairs" | median)
cpu_ratio=$(awk '{ printf "%.4f\n", $4 / $2 }' "$work/pairs" | median)

printf 'machine: %s, %s CPUs; workload: lock_heavy %s threads x %s iterations; %s alternated pairs\n' \
  "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')" "$(nproc)" "$threads" "$iterations" "$repeats"
printf '%-28s %9s s  %7s\n' "configuration" "wall" "ratio"
row() { printf '%-28s %9.3f s  %6.2fx\n' "$1" "$2" "$(divide "$2" "$base")"; }
row "uninstrumented" "$base"
row "heisen run" "$under_heisen"
tsan_time() { time_once "$work/lock_heavy_tsan" "${args[@]}" | awk '{ print $1 }'; }
if ((have_tsan)); then
  row "ThreadSanitizer (clang-15)" "$(for ((i = 0; i < repeats; i++)); do tsan_time; done | median)"
fi
row "heisen run, startup only" "$(time_once "$heisen" run -- "$work/lock_heavy" 1 1 | awk '{ print $1 }')"
if ((have_helgrind)); then
  short_base=$(for ((i = 0; i < repeats; i++)); do time_once "$work/lock_heavy" "$threads" "$helgrind_iterations"; done |
               awk '{ print $1 }' | median)
  helgrind=$(time_once valgrind --tool=helgrind -q "$work/lock_heavy" "$threads" "$helgrind_iterations" | awk '{ print $1 }')
  printf '%-28s %9.3f s  %6.2fx  (%s iterations; uninstrumented %.3f s)\n' "Helgrind (valgrind)" \
    "$helgrind" "$(divide "$helgrind" "$short_base")" "$helgrind_iterations" "$short_base"
fi
printf 'heisen run per alternated pair: median wall ratio %.2fx, median CPU-time ratio %.2fx\n' "$pair_ratio" "$cpu_ratio"
ratio=$pair_ratio
if awk -v r="$ratio" 'BEGIN { exit !(r > 1.5) }'; then
  printf 'heisen run: %.2fx, above the 1.5x goal\n' "$ratio"
else
  printf 'heisen run: %.2fx, within the 1.5x goal\n' "$ratio"
fi
