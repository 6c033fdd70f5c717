#!/usr/bin/env bash
# Instructions the engine executes per validated lock/unlock pair (linked API), counted by
# callgrind as the difference between runs of 300,000 and 100,000 pairs, so start-up cancels.
# Independent of machine load. Usage: bench/core/count_instructions.sh BUILD_DIR
set -euo pipefail
build=${1:?usage: count_instructions.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gcc -O2 -I"$root/include" "$here/pair_loop.c" "$build/src/ports/linked/libheisen_linked.a" \
    -lstdc++ -lpthread -o "$work/pair_loop"
refs() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$work/pair_loop" "$@" 2>&1 |
        awk '/I *refs:/ {gsub(",", "", $NF); print $NF}'
}
per_iteration() {
    local small large
    small=$(refs 100000 "$@")
    large=$(refs 300000 "$@")
    echo $(( (large - small) / 200000 ))
}
for args in "spin" "sleep" "spin nested"; do
    echo "$args: $(per_iteration $args) instructions per lock/unlock pair"
done
# Waits and events on their repeated (correct-program) path.
echo "wait nested: $(per_iteration wait nested) instructions per wait (begin + end) under a held lock"
pair=$(per_iteration sleep)
echo "event: $(( $(per_iteration event) - pair )) instructions per event that needed one lock (loop minus a sleeping pair)"
