#!/usr/bin/env bash
# Instructions `heisen run` adds per operation of wait_event_ops.c (callgrind; independent of
# machine load): for each mode, (heisen run at N2 − heisen run at N1) − (native at N2 − native
# at N1), divided by N2 − N1. Prints one line per mode.
# Usage: bench/run-waits/count_instructions.sh BUILD_DIR
#   (env: N1=20000 N2=60000; HEISEN_OPTIONS="--condition-waits" for options of heisen run)
set -euo pipefail
build=$(realpath "${1:?usage: count_instructions.sh BUILD_DIR}")
heisen="$build/bin/heisen"
[[ -x "$heisen" ]] || { echo "count_instructions: $heisen not built" >&2; exit 1; }
command -v valgrind >/dev/null || { echo "count_instructions: valgrind is not installed" >&2; exit 1; }
here=$(cd "$(dirname "$0")" && pwd)
n1=${N1:-20000}
n2=${N2:-60000}
read -r -a options <<< "${HEISEN_OPTIONS:-}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gcc -O2 -g -o "$work/wait_event_ops" "$here/wait_event_ops.c" -lpthread

# Total instructions callgrind counted for one run ("Collected : N" in its summary).
instructions() {
    "$@" 2>&1 >/dev/null | sed -n 's/.*Collected : \([0-9]*\).*/\1/p' | head -1
}
count() {  # prefix..., mode, iterations
    local n=${*: -1} mode=${*: -2:1}
    local prefix=("${@:1:$#-2}")
    instructions "${prefix[@]}" valgrind --tool=callgrind --callgrind-out-file=/dev/null "$work/wait_event_ops" "$mode" "$n"
}
printf '%-10s %12s %12s\n' mode native/op added/op
for mode in lock signal barrier semaphore wait-held; do
    native=$(( ($(count "$mode" "$n2") - $(count "$mode" "$n1")) / (n2 - n1) ))
    validated=$(( ($(count "$heisen" run "${options[@]}" -- "$mode" "$n2") - $(count "$heisen" run "${options[@]}" -- "$mode" "$n1")) / (n2 - n1) ))
    printf '%-10s %12d %12d\n' "$mode" "$native" "$((validated - native))"
done
