#!/usr/bin/env bash
# bench/compare/run.sh BUILD_DIR: the cost of heisen's validator against the other tools that
# check locking at run time, in one run, on two workloads:
#   lock-heavy  bench/compare/lock_heavy.cpp, 2 threads nesting two mutexes
#   bcache      examples/bcache --variant=correct, 2 threads (read/release mix)
# Configurations: no checker, `heisen run`, ThreadSanitizer (clang-15 -fsanitize=thread),
# Helgrind (valgrind --tool=helgrind; a smaller workload, normalised per operation, at most
# 5 minutes a run) and Abseil's Mutex with deadlock detection reporting (each workload rebuilt
# with its locks as absl::Mutex: -DLOCK_HEAVY_ABSL, -DBCACHE_ABSL). Every configuration but
# Helgrind runs three times; the median counts.
# Also: bcache throughput against threads (bench/bcache/throughput.sh) and the asm checker's
# throughput on the bundled corpus. Writes BUILD_DIR/bench-compare.md (printed too) and bench/plots/*.svg.
set -euo pipefail
build=$(realpath "${1:-build}")
root=$(cd "$(dirname "$0")/../.." && pwd)
heisen=$build/bin/heisen
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
results=$build/bench-compare.md  # this run's report; bench/RESULTS.md keeps the recorded ones
plots=$root/bench/plots
mkdir -p "$plots"

lh_src=$root/bench/compare/lock_heavy.cpp bc_src=$root/examples/bcache/bcache.cpp
g++ -O2 -std=c++20 -o "$work/lock_heavy" "$lh_src" -pthread
g++ -O2 -std=c++20 -DLOCK_HEAVY_ABSL -o "$work/lock_heavy_absl" "$lh_src" $(pkg-config --libs absl_synchronization) -pthread
clang++-15 -O2 -std=c++20 -fsanitize=thread -o "$work/lock_heavy_tsan" "$lh_src"
g++ -O2 -std=c++20 -I"$root/include" -o "$work/bcache" "$bc_src" -pthread
g++ -O2 -std=c++20 -I"$root/include" -DBCACHE_ABSL -o "$work/bcache_absl" "$bc_src" $(pkg-config --libs absl_synchronization) -pthread
clang++-15 -O2 -std=c++20 -I"$root/include" -fsanitize=thread -o "$work/bcache_tsan" "$bc_src"

lh_iters=400000 lh_iters_small=4000   # Helgrind runs the small count
bc_ops=100000 bc_ops_small=1000
disk=--disk=$work/disk.img

# ns per lock/unlock pair, and ns per bcache operation (from its ops/s line).
lh() { "$@" | sed -n 's/.*: \([0-9.]*\) ns per lock\/unlock pair$/\1/p'; }
bc() { "$@" | sed -n 's/.*: \([0-9]*\) ops\/s$/\1/p' | awk '{ printf "%.1f", 1e9 / $1 }'; }

declare -A cost cmd
median3() { sort -g | sed -n 2p; }
measure() {  # measure KEY FN COMMAND...: the median of three runs
  local key=$1 fn=$2
  shift 2
  cmd[$key]="${*//$work\//}"
  cmd[$key]="${cmd[$key]//$build/BUILD_DIR}"
  cost[$key]=$(for _ in 1 2 3; do "$fn" "$@"; echo; done | grep . | median3)
  echo "$key: ${cost[$key]} ns" >&2
}
helgrind() {  # helgrind KEY FN COMMAND...: one bounded run under valgrind --tool=helgrind
  local key=$1 fn=$2
  shift 2
  cmd[$key]="valgrind --tool=helgrind -q ${*//$work\//}"
  cost[$key]=$("$fn" timeout 300 valgrind --tool=helgrind -q "$@" || true)
  [ -n "${cost[$key]}" ] || cost[$key]="(no result in 300 s)"
  echo "$key: ${cost[$key]} ns" >&2
}
measure lh.none     lh "$work/lock_heavy" 2 $lh_iters
measure lh.heisen   lh "$heisen" run -- "$work/lock_heavy" 2 $lh_iters
measure lh.tsan     lh "$work/lock_heavy_tsan" 2 $lh_iters
helgrind lh.helgrind lh "$work/lock_heavy" 2 $lh_iters_small
measure lh.absl     lh "$work/lock_heavy_absl" 2 $lh_iters
measure bc.none     bc "$work/bcache" --threads=2 --ops=$bc_ops "$disk"
measure bc.heisen   bc "$heisen" run -- "$work/bcache" --threads=2 --ops=$bc_ops "$disk"
measure bc.tsan     bc "$work/bcache_tsan" --threads=2 --ops=$bc_ops "$disk"
helgrind bc.helgrind bc "$work/bcache" --threads=2 --ops=$bc_ops_small "$disk"
measure bc.absl     bc "$work/bcache_absl" --threads=2 --ops=$bc_ops "$disk"

ratio() {  # prints NaN (no bar in the plot, "NaN" in the table) when a run gave no number
  case "$1$2" in *[!0-9.]*|'') echo NaN ;; *) awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }' ;; esac
}
names=(heisen tsan helgrind absl)
declare -A label=([heisen]="heisen run" [tsan]="ThreadSanitizer" [helgrind]="Helgrind" [absl]="absl::Mutex deadlock detection")
: > "$work/overhead.dat"
for n in "${names[@]}"; do
  l=$(ratio "${cost[lh.$n]}" "${cost[lh.none]}")
  b=$(ratio "${cost[bc.$n]}" "${cost[bc.none]}")
  printf '"%s" %s %s\n' "${label[$n]}" "$l" "$b" >> "$work/overhead.dat"
done

corpus=("$root"/tests/asm/extract/fuzz/corpus/* "$root"/examples/context-switch/*.h)
asm_start=$(date +%s.%N)
for _ in $(seq 20); do "$heisen" asm "${corpus[@]}" > "$work/asm.out" 2>&1 || true; done
asm_end=$(date +%s.%N)
asm_summary=$(tail -1 "$work/asm.out")
asm_statements=$(printf '%s\n' "$asm_summary" | sed -n 's/.*, \([0-9]*\) asm statements.*/\1/p')

bash "$root/bench/bcache/throughput.sh" "$build" "$work/throughput.dat" > "$work/throughput.md"
# The lab's measure: contended acquisitions per lock class, from heisen's statistics (linked API).
for v in correct global-lock; do
  "$build/examples/bcache_stats" --variant=$v --threads=4 --ops=$bc_ops "$disk" 2>&1 >/dev/null |
    sed -n "s/^  \(bcache\.[a-z]*\): \([0-9]*\) \([0-9]*\) .*/| $v | \1 | \2 | \3 |/p"
done > "$work/contention.md"
gnuplot -e "datafile='$work/overhead.dat'; outfile='$plots/examples-overhead.svg'" "$root/bench/plot/overhead.gp"
gnuplot -e "datafile='$work/throughput.dat'; outfile='$plots/bcache-throughput.svg'" "$root/bench/plot/throughput.gp"

row() {  # row KEY-SUFFIX LABEL
  local n=$1 name=$2
  printf '| %s | %s ns | %sx | %s ns | %sx |\n' "$name" "${cost[lh.$n]}" "$(ratio "${cost[lh.$n]}" "${cost[lh.none]}")" \
    "${cost[bc.$n]}" "$(ratio "${cost[bc.$n]}" "${cost[bc.none]}")"
}
{
  echo "# Examples benchmarks: checker overhead and bcache scaling"
  echo
  echo "Generated by \`bash bench/compare/run.sh BUILD_DIR\` (part of \`make bench\`) on $(date -u '+%Y-%m-%d %H:%M UTC'),"
  echo "heisen built from commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown),"
  echo "$(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), a machine shared with other jobs:"
  echo "ratios within one run are comparable, absolute numbers are noisy."
  echo
  echo "## Overhead against no checker (2 threads)"
  echo
  echo "Time per lock/unlock pair (lock-heavy) and per bcache operation (read/release mix), and the"
  echo "ratio to the uninstrumented binary; the median of three runs. Helgrind runs once, on"
  echo "${lh_iters_small} iterations / ${bc_ops_small} operations per thread instead of ${lh_iters} / ${bc_ops},"
  echo "normalised per operation. Abseil's detector is a property of absl::Mutex, so that row is"
  echo "each workload rebuilt with its locks as absl::Mutex (bcache: both the bucket spinlocks and"
  echo "the buffer sleeping locks) and \`absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kReport)\`"
  echo "called first; its ratio is against the pthread build, so it includes absl::Mutex's own cost."
  echo
  echo "| configuration | lock-heavy | ratio | bcache per op | ratio |"
  echo "|---|---:|---:|---:|---:|"
  printf '| no checker | %s ns | 1.0x | %s ns | 1.0x |\n' "${cost[lh.none]}" "${cost[bc.none]}"
  for n in "${names[@]}"; do row "$n" "${label[$n]}"; done
  echo
  echo "Commands (\`BUILD_DIR\` is the build directory; binaries built as below into a scratch directory):"
  echo
  echo "| configuration | lock-heavy | bcache |"
  echo "|---|---|---|"
  for k in none "${names[@]}"; do
    printf '| %s | `%s` | `%s` |\n' "${label[$k]:-no checker}" "${cmd[lh.$k]}" "${cmd[bc.$k]}"
  done
  echo
  echo "Builds: \`g++ -O2 -std=c++20\` (none, heisen, helgrind); the same with \`-DLOCK_HEAVY_ABSL\` /"
  echo "\`-DBCACHE_ABSL\` and \`\$(pkg-config --libs absl_synchronization)\` (absl);"
  echo "\`clang++-15 -O2 -std=c++20 -fsanitize=thread\` (tsan). Sources: bench/compare/lock_heavy.cpp,"
  echo "examples/bcache/bcache.cpp (--variant=correct)."
  echo
  echo "![overhead](plots/examples-overhead.svg)"
  echo
  echo "## bcache throughput against threads: per-bucket locks against one global lock"
  echo
  cat "$work/throughput.md"
  echo
  echo "![throughput](plots/bcache-throughput.svg)"
  echo
  echo "Contended acquisitions per lock class (4 threads, ${bc_ops} operations each), from heisen's"
  echo "lock statistics: \`BUILD_DIR/examples/bcache_stats --variant=correct|global-lock --threads=4 --ops=${bc_ops}\`"
  echo "(the cache built against heisen's linked API, its locks classed by name; \`heisen run --stats\` lists no"
  echo "rows for this program yet)."
  echo
  echo "| variant | class | acquisitions | contended |"
  echo "|---|---|---:|---:|"
  cat "$work/contention.md"
  echo
  echo "## heisen asm on the bundled corpus"
  echo
  echo "\`heisen asm\` over tests/asm/extract/fuzz/corpus/* and examples/context-switch/*.h, 20 times:"
  echo "$(awk -v s="$asm_start" -v e="$asm_end" -v n="$asm_statements" 'BEGIN { printf "%.1f ms per pass, %.0f asm statements per second", (e - s) * 1000 / 20, n * 20 / (e - s) }')"
  echo "(per pass: $asm_summary; the time includes process start and parsing each file)."
} > "$results"
cat "$results"
