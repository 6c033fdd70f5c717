#!/bin/sh
# run.sh CC WORK_DIR buggy|fixed — builds context_switch.c with CC at -O1 and checks what it
# reports: the buggy switch must be caught corrupting a callee-saved register (exit 3), the
# fixed one must compute every thread's reference value (exit 0).
set -u
cc=$1 dir=$2 variant=$3
src=$(dirname "$0")/context_switch.c
mkdir -p "$dir"
exe=$dir/context_switch_$variant
flags=""
[ "$variant" = fixed ] && flags=-DFIXED_SWITCH
"$cc" -O1 $flags -o "$exe" "$src" || { echo "FAIL: $cc -O1 could not build $src"; exit 1; }
output=$(timeout 20 "$exe")
status=$?
printf '%s\n' "$output"
case $variant in
buggy)
    [ "$status" -eq 3 ] || { echo "FAIL: expected exit 3 (corruption detected), got $status"; exit 1; }
    printf '%s\n' "$output" | grep -q '^corruption detected: thread [0-9]* computed' ||
        { echo "FAIL: no corruption report"; exit 1; } ;;
fixed)
    [ "$status" -eq 0 ] || { echo "FAIL: expected exit 0, got $status"; exit 1; }
    [ "$output" = "all 2 threads computed the expected values" ] || { echo "FAIL: unexpected output"; exit 1; } ;;
esac
echo "PASS: $variant switch behaves as expected at -O1"
