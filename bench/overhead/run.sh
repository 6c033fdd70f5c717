#!/usr/bin/env bash
# bench/overhead/run.sh BUILD_DIR — what a run-time lock checker costs a lock-heavy program:
# `heisen run` beside ThreadSanitizer (clang-15), Abseil's deadlock detection (absl::Mutex) and
# Helgrind, on two workloads built by CMake:
#   lock_heavy  BUILD_DIR/bench/overhead/lock_heavy THREADS ITERATIONS (bench/overhead/lock_heavy.cpp)
#   bcache      BUILD_DIR/examples/bcache --variant=correct --threads=THREADS --ops=OPS
# Each configuration runs in REPEATS pairs alternated with the uninstrumented program, so a slow
# spell of a shared machine slows both halves of a pair; each pair gives one ratio, and the
# medians are reported (wall time; CPU time too). Helgrind, ~1000x slower, runs once on a short
# workload, paired with the uninstrumented program on that same workload. The load average is
# printed before and after: figures taken while other jobs run are not results.
# Prints a markdown report (kept as BUILD_DIR/bench-overhead.md) and draws
# bench/plots/examples-overhead.svg.
#   env: THREADS=2 ITERATIONS=2000000 OPS=100000 HELGRIND_ITERATIONS=50000 HELGRIND_OPS=1000 REPEATS=5
#        CHECKERS="heisen tsan absl helgrind" (a subset to measure only those)
#        WORKLOADS="lock_heavy bcache" (a subset to run only those)
set -euo pipefail
build=$(realpath "${1:?usage: run.sh BUILD_DIR}")
root=$(cd "$(dirname "$0")/../.." && pwd)
heisen=$build/bin/heisen
programs=$build/bench/overhead
threads=${THREADS:-2} iterations=${ITERATIONS:-2000000} ops=${OPS:-100000}
helgrind_iterations=${HELGRIND_ITERATIONS:-50000} helgrind_ops=${HELGRIND_OPS:-1000} repeats=${REPEATS:-5}
for needed in "$heisen" "$programs/lock_heavy" "$build/examples/bcache"; do
  [[ -x $needed ]] || { echo "bench/overhead: $needed is not built (make build)" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Each workload's command line, uninstrumented.
lock_heavy=("$programs/lock_heavy" "$threads" "$iterations")
bcache=("$build/examples/bcache" --variant=correct --threads="$threads" --ops="$ops" --disk="$work/disk.img")
declare -A program=([lock_heavy]=lock_heavy [bcache]=bcache)
declare -A tsan=([lock_heavy]=$programs/lock_heavy_tsan [bcache]=$programs/bcache_tsan)
declare -A absl=([lock_heavy]=$programs/lock_heavy_absl [bcache]=$build/examples/bcache_absl)
workload() {  # workload NAME [BINARY]: the workload's command line, with BINARY in place of its own
  local -n cmd=${1}
  echo "${2:-${cmd[0]}}" "${cmd[@]:1}"
}

# "wall cpu" seconds of one run of the command; stops the suite when the command fails or when a
# checker reports on these correct workloads.
time_once() {
  local TIMEFORMAT='%3R %3U %3S'
  { time "$@" >/dev/null 2>"$work/stderr"; } 2>"$work/time" ||
    { echo "bench/overhead: '$*' failed:" >&2; cat "$work/stderr" >&2; exit 1; }
  if [[ $1 != valgrind ]] && grep -q 'WARNING\|BUG\|Potential Mutex deadlock' "$work/stderr"; then
    echo "bench/overhead: '$*' reported on a correct workload:" >&2; cat "$work/stderr" >&2; exit 1
  fi
  awk '{ printf "%.6f %.6f\n", $1, $2 + $3 }' "$work/time"
}
median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# pairs REPEATS CHECKED... :: BARE...: REPEATS alternated (bare, checked) runs; prints
# "bare-wall checked-wall wall-ratio cpu-ratio", each the median over the pairs.
pairs() {
  local n=$1 checked=() bare=()
  shift
  while [[ $1 != :: ]]; do checked+=("$1"); shift; done
  shift
  bare=("$@")
  : >"$work/pairs"
  for ((i = 0; i < n; i++)); do
    read -r bw bc < <(time_once "${bare[@]}")
    read -r cw cc < <(time_once "${checked[@]}")
    echo "$bw $bc $cw $cc" >>"$work/pairs"
  done
  local col
  col() { awk "{ print ($1) }" "$work/pairs" | median; }
  echo "$(col '$1') $(col '$3') $(col 'sprintf("%.4f", $3 / $1)') $(col '$2 > 0 ? sprintf("%.4f", $4 / $2) : "NaN"')"
}

load() { cut -d' ' -f1-3 /proc/loadavg; }
load_start=$(load)
declare -A result
read -ra labels <<<"${CHECKERS:-heisen tsan absl helgrind}"
read -ra workloads <<<"${WORKLOADS:-lock_heavy bcache}"
wanted() { [[ " ${labels[*]} " == *" $1 "* ]]; }
declare -A label=([heisen]="heisen run" [tsan]="ThreadSanitizer (clang-15)" [absl]="absl::Mutex deadlock detection"
                  [helgrind]="Helgrind (valgrind)")
for w in "${workloads[@]}"; do
  read -ra bare <<<"$(workload $w)"
  if wanted heisen; then
    read -ra checked <<<"$heisen run --exitcode 3 -- $(workload $w)"
    result[$w.heisen]=$(pairs "$repeats" "${checked[@]}" :: "${bare[@]}")
  fi
  if wanted tsan && [[ -x ${tsan[$w]} ]]; then
    read -ra checked <<<"$(workload $w "${tsan[$w]}")"
    result[$w.tsan]=$(pairs "$repeats" "${checked[@]}" :: "${bare[@]}")
  fi
  if wanted absl && [[ -x ${absl[$w]} ]]; then
    read -ra checked <<<"$(workload $w "${absl[$w]}")"
    result[$w.absl]=$(pairs "$repeats" "${checked[@]}" :: "${bare[@]}")
  fi
  if wanted helgrind && command -v valgrind >/dev/null; then
    if [[ $w == lock_heavy ]]; then short=("$programs/lock_heavy" "$threads" "$helgrind_iterations")
    else short=("$build/examples/bcache" --variant=correct --threads="$threads" --ops="$helgrind_ops" --disk="$work/disk.img"); fi
    result[$w.helgrind]=$(pairs 1 valgrind --tool=helgrind -q "${short[@]}" :: "${short[@]}")
  fi
done
load_end=$(load)

ratio_of() { [[ -n ${result[$1]:-} ]] && awk '{ print $3 }' <<<"${result[$1]}" || echo NaN; }
: >"$work/overhead.dat"
for n in "${labels[@]}"; do
  printf '"%s" %s %s\n' "${label[$n]}" "$(ratio_of lock_heavy.$n)" "$(ratio_of bcache.$n)" >>"$work/overhead.dat"
done
mkdir -p "$root/bench/plots"
# The plot shows the whole suite: a subset run leaves it as it is.
[[ -z ${CHECKERS:-}${WORKLOADS:-} ]] && command -v gnuplot >/dev/null &&
  gnuplot -e "datafile='$work/overhead.dat'; outfile='$root/bench/plots/examples-overhead.svg'" "$root/bench/plot/overhead.gp"

{
  echo "# Checker overhead (bench/overhead)"
  echo
  echo "\`bash bench/overhead/run.sh BUILD_DIR\` on $(date -u '+%Y-%m-%d %H:%M UTC'), heisen at commit" \
       "$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown);"
  echo "$(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')); load average $load_start at the start, $load_end at the end."
  echo "THREADS=$threads ITERATIONS=$iterations OPS=$ops REPEATS=$repeats (Helgrind: one pair at" \
       "$helgrind_iterations iterations / $helgrind_ops operations)."
  echo
  echo "| workload | configuration | uninstrumented | checked | wall ratio | CPU-time ratio |"
  echo "|---|---|---:|---:|---:|---:|"
  for w in "${workloads[@]}"; do
    for n in "${labels[@]}"; do
      [[ -n ${result[$w.$n]:-} ]] || continue
      read -r bw cw wr cr <<<"${result[$w.$n]}"
      printf '| %s | %s | %.3f s | %.3f s | %.2fx | %s |\n' "$w" "${label[$n]}" "$bw" "$cw" "$wr" \
        "$([[ $cr == NaN ]] && echo - || printf '%.2fx' "$cr")"
    done
  done
  echo
  echo "Ratios are medians over alternated (uninstrumented, checked) pairs of the same command line:"
  echo "\`$(workload lock_heavy | sed "s|$build|BUILD_DIR|g")\`, \`$(workload bcache | sed "s|$build|BUILD_DIR|g; s|$work/||g")\`;"
  echo "heisen run: \`BUILD_DIR/bin/heisen run --exitcode 3 -- …\`; ThreadSanitizer and absl: the same"
  echo "program built with clang++-15 -fsanitize=thread / with -DLOCK_HEAVY_ABSL (bcache: -DBCACHE_ABSL)."
} | tee "$build/bench-overhead.md"
