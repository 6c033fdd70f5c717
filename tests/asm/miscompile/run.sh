#!/bin/sh
# run.sh CC OPT VARIANT WORK_DIR EXIT — builds examples/context-switch with CC at OPT (-O1 …) and
# the switch VARIANT (buggy, callee-saved-only, correct), runs it and checks what a user sees:
#   EXIT 0: exit status 0 and exactly "all 2 threads computed the expected values";
#   EXIT 3: exit status 3 and only "corruption detected: thread N computed X, expected Y (…)" lines.
set -u
cc=$1 opt=$2 variant=$3 dir=$4 want=$5
src=$(cd "$(dirname "$0")/../../../examples/context-switch" && pwd)/context_switch.c
case $variant in
buggy) define=SWITCH_BUGGY ;;
callee-saved-only) define=SWITCH_CALLEE_SAVED_ONLY ;;
correct) define=SWITCH_CORRECT ;;
*) echo "FAIL: unknown variant '$variant'"; exit 1 ;;
esac
mkdir -p "$dir"
exe=$dir/context_switch_${variant}_$(basename "$cc")$opt
"$cc" "$opt" -D"$define" -o "$exe" "$src" || { echo "FAIL: $cc $opt -D$define could not build $src"; exit 1; }
output=$(timeout 20 "$exe")
status=$?
printf '%s\n' "$output"
[ "$status" -eq "$want" ] || { echo "FAIL: $cc $opt $variant: expected exit $want, got $status"; exit 1; }
case $want in
0) [ "$output" = "all 2 threads computed the expected values" ] || { echo "FAIL: unexpected output"; exit 1; } ;;
3) corrupt='^corruption detected: thread [12] computed -\{0,1\}[0-9]*, expected -\{0,1\}[0-9]* (a register it kept across the context switch changed)$'
   printf '%s\n' "$output" | grep -q "$corrupt" || { echo "FAIL: no corruption report"; exit 1; }
   [ -z "$(printf '%s\n' "$output" | grep -v "$corrupt")" ] || { echo "FAIL: unexpected output"; exit 1; } ;;
esac
echo "PASS: $cc $opt $variant switch exits $want"
