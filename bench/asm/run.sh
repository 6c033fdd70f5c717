#!/usr/bin/env bash
# bench/asm/run.sh BUILD_DIR — `heisen asm` throughput.
#   1. asm statements checked per second (extraction + binding + LLVM MC parsing + rules), one
#      process on one core (taskset), on a generated corpus of kernel-style statements, read by
#      the lexer and again through the Clang front end with a compile database (`-p`);
#   2. a generated 10,000-file tree without asm, scanned end to end (goal: under 10 s), beside
#      `cat` of the same files as the I/O baseline (ratio);
#   3. the bundled corpus (tests/asm/extract/fuzz/corpus, examples/context-switch), 20 passes.
set -euo pipefail
build=$(realpath "${1:-build}")
heisen="$build/bin/heisen"
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/heisen-asm-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

pin=""
command -v taskset >/dev/null && pin="taskset -c 0"
now() { date +%s.%N; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"

# measure LABEL GOAL -- COMMAND...: runs COMMAND once on one core, prints statements per second of
# wall time and of CPU time (the CPU figure is the one that holds when the machine is shared).
measure() {
  local label=$1 goal=$2; shift 3
  python3 - "$label" "$goal" "$work/out.json" "$@" <<'PY'
import json, os, subprocess, sys, time
label, goal, out, command = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
start = time.monotonic()
with open(out, "w") as sink:
    child = subprocess.Popen(command, stdout=sink)
    _, status, usage = os.wait4(child.pid, 0)  # this child's own CPU time
wall = time.monotonic() - start
if os.waitstatus_to_exitcode(status) != 0:
    sys.exit(f"{label}: {' '.join(command)} failed")
cpu = usage.ru_utime + usage.ru_stime
summary = json.load(open(out))["summary"]
checked = summary["checked"]
print(f"{label}: {checked} statements checked in {wall:.2f} s wall, {cpu:.2f} s CPU: "
      f"{checked / wall:,.0f}/s wall, {checked / cpu:,.0f}/s CPU (goal >= {goal:,})")
PY
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$here/generate_corpus.py" statements "$work/statements" 200 25 >/dev/null
measure "lexer mode" 5000 -- $pin "$heisen" asm --fail-on none --format json "$work/statements"
# The same statements through the compiler front end: one translation unit per file, parsed by
# Clang in heisen's parsing child, as `-p` does for a real build.
python3 "$here/generate_corpus.py" database "$work/statements" >/dev/null
measure "front end (-p)" 1000 -- $pin "$heisen" asm --fail-on none --format json -p "$work/statements"

python3 "$here/generate_corpus.py" plain "$work/plain" 10000 >/dev/null
sync
find "$work/plain" -name '*.c' -print0 | xargs -0 cat >/dev/null  # warm the page cache for both
start=$(now)
find "$work/plain" -name '*.c' -print0 | xargs -0 cat >/dev/null
mid=$(now)
"$heisen" asm --fail-on none "$work/plain" >"$work/plain.txt"
end=$(now)
python3 - "$start" "$mid" "$end" "$(tail -1 "$work/plain.txt")" <<'PY'
import sys
start, mid, end = map(float, sys.argv[1:4])
cat, scan = mid - start, end - mid
print(f"10,000-file tree without asm: heisen asm {scan:.2f} s (goal < 10 s), cat {cat:.2f} s, ratio {scan / cat:.1f}x")
print("  " + sys.argv[4])
PY

# 3. The bundled corpus (the extractor's fuzzing seeds and the context-switch example's headers),
#    20 passes, each a process of its own: start-up and parsing included.
corpus=("$here"/../../tests/asm/extract/fuzz/corpus/* "$here"/../../examples/context-switch/*.h)
start=$(now)
for _ in $(seq 20); do "$heisen" asm "${corpus[@]}" >"$work/corpus.txt" 2>&1 || true; done
end=$(now)
python3 - "$start" "$end" "$(tail -1 "$work/corpus.txt")" <<'PY'
import re, sys
start, end, summary = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
found = re.search(r"(\d+) asm statements", summary)
statements = int(found.group(1)) if found else 0
print(f"bundled corpus: {(end - start) * 1000 / 20:.1f} ms per pass, {statements * 20 / (end - start):,.0f} asm statements/s")
print("  " + summary)
PY
