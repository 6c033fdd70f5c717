#!/usr/bin/env bash
# throughput.sh BUILD_DIR DATA_FILE: bcache operations per second from 1, 2, 4 and 8 threads,
# per-bucket locks (variant correct) against one global lock (variant global-lock), same
# read/release mix (one write in eight). Prints a markdown table, writes "threads bucket global"
# rows to DATA_FILE for bench/plot/throughput.gp. Called by bench/bcache/run.sh.
set -euo pipefail
bcache=$(realpath "$1")/examples/bcache
data=$2
ops=${BCACHE_OPS:-40000}  # per thread: a fraction of a second per configuration
rate() { "$bcache" --variant="$1" --threads="$2" --ops="$ops" --disk="${TMPDIR:-/tmp}/heisen-bench-$$.img" |
         sed -n 's/.*: \([0-9]*\) ops\/s$/\1/p'; }
echo "| threads | per-bucket ops/s | global lock ops/s | per-bucket / global |"
echo "|---:|---:|---:|---:|"
: > "$data"
for n in 1 2 4 8; do
  bucket=$(rate correct "$n") global=$(rate global-lock "$n")
  printf '| %d | %d | %d | %.2f |\n' "$n" "$bucket" "$global" "$(awk -v a="$bucket" -v b="$global" 'BEGIN { print a / b }')"
  echo "$n $bucket $global" >> "$data"
done
echo
echo "command: \`BUILD_DIR/examples/bcache --variant=correct|global-lock --threads=N --ops=$ops\`"
