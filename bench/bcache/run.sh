#!/usr/bin/env bash
# bench/bcache/run.sh BUILD_DIR — the bcache example's scaling: operations per second from 1 to 8
# threads with per-bucket locks against one global lock (throughput.sh, drawn as
# bench/plots/bcache-throughput.svg), and the contended acquisitions per lock class of each
# design from heisen's lock statistics (linked API).
set -euo pipefail
build=$(realpath "${1:?usage: run.sh BUILD_DIR}")
root=$(cd "$(dirname "$0")/../.." && pwd)
ops=${OPS:-100000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "## bcache throughput against threads: per-bucket locks against one global lock"
echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
bash "$root/bench/bcache/throughput.sh" "$build" "$work/throughput.dat"
mkdir -p "$root/bench/plots"
command -v gnuplot >/dev/null &&
  gnuplot -e "datafile='$work/throughput.dat'; outfile='$root/bench/plots/bcache-throughput.svg'" "$root/bench/plot/throughput.gp"
echo
echo "Contended acquisitions per lock class (4 threads, $ops operations each), from heisen's lock"
echo "statistics: \`BUILD_DIR/examples/bcache_stats --variant=correct|global-lock --threads=4 --ops=$ops\`."
echo
echo "| variant | class | acquisitions | contended |"
echo "|---|---|---:|---:|"
for v in correct global-lock; do
  "$build/examples/bcache_stats" --variant=$v --threads=4 --ops="$ops" --disk="$work/disk.img" 2>&1 >/dev/null |
    sed -n "s/^  \(bcache\.[a-z]*\): \([0-9]*\) \([0-9]*\) .*/| $v | \1 | \2 | \3 |/p"
done
