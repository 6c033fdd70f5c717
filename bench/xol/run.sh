#!/usr/bin/env bash
# bench/xol/run.sh BUILD — `heisen xol` throughput (issue 16: ≥ 5 million instructions decoded
# per second per core). Prints, per input:
#   - host instructions per decoded instruction for the whole analysis (callgrind: independent of
#     the machine's load), and
#   - Google Benchmark's instructions/s, analysis and LLVM decoding alone (CPU time: retake on a
#     quiet machine before quoting it as a result).
# Inputs: libraries every heisen build machine has (llvm-15-dev, libc6); more as arguments.
set -euo pipefail
build=$(realpath "${1:-build}")
shift || true
bench="$build/bench/xol/xol_bench"
inputs=("$@")
if [ ${#inputs[@]} -eq 0 ]; then
  inputs=(/usr/lib/x86_64-linux-gnu/libc.so.6 /usr/lib/llvm-15/lib/libLLVM-15.so.1)
  testbed="$build/tests/riscv/kernel/testbed-abba.elf"
  [ -e "$testbed" ] && inputs+=("$testbed")
fi
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), nproc $(nproc), load $(cut -d' ' -f1-3 /proc/loadavg)"
for input in "${inputs[@]}"; do
  out=$(mktemp)
  decoded=$(valgrind --tool=callgrind --callgrind-out-file="$out" \
              --toggle-collect='heisen::xol::Analysis::analyse*' "$bench" --count "$input" 2>/dev/null)
  ir=$(callgrind_annotate "$out" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }')
  rm -f "$out"
  echo "$input: $decoded instructions, $ir host instructions in Analysis::analyse, $((ir / decoded)) per instruction"
done
"$bench" "${inputs[@]}" --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
