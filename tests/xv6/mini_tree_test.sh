#!/usr/bin/env bash
# xv6.mini.<design>: ports tests/xv6/mini_tree (a small kernel shaped like an xv6 lab tree, with
# -ffreestanding commented out), builds it with DESIGN=<design> (commit-<how>: DESIGN=ordered
# COMMIT=<how>), boots it on QEMU (3 harts) and checks what the kernel itself prints: reports with
# named frames and lock variables for the ring walk and for a sleep holding the buffer its
# wakeup path takes, nothing for the correct designs. With GDB, also stops it in mini_parked() and checks
# `heisen held` / `heisen graph` on the ported kernel; finally --undo must restore every file.
#   mini_tree_test.sh HEISEN QEMU TREE DESIGN [GDB EXTENSION]
set -u
heisen=$(realpath "$1") qemu=$2 source=$(realpath "$3") design=$4 gdb=${5:-} extension=${6:+$(realpath "$6")}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$source" "$work/tree" && cp -r "$source" "$work/pristine" || exit 2
cd "$work/tree" || exit 2
failed=0
fail() { echo "FAIL: $*"; failed=1; }
expect() { grep -qF -- "$2" <<<"$1" || fail "missing: $2"; }
reject() { if grep -qF -- "$2" <<<"$1"; then fail "unexpected: $2"; fi; }

"$heisen" port xv6 . >port.log 2>&1 || { cat port.log; fail "port"; exit 1; }
rm port.log
case $design in
  commit-*) make_vars=(DESIGN=ordered COMMIT="${design#commit-}") ;;
  *) make_vars=(DESIGN="$design") ;;
esac
make -s "${make_vars[@]}" >build.log 2>&1 || { tail -20 build.log; fail "build"; exit 1; }
output=$(timeout 60 "$qemu" -machine virt -bios none -smp 3 -m 128M -nographic -monitor none -serial stdio \
         -display none -kernel kernel/kernel </dev/null 2>&1)
printf '%s\n' "$output"
expect "$output" "mini: done"
case $design in
  ring)
    expect "$output" "WARNING: possible recursive locking detected"
    expect "$output" "\"bcache.bucket\" (spinning) at "
    expect "$output" " (bcache.bucket[12]), acquired at:"
    expect "$output" "run_design+0x"
    expect "$output" "(kernel/bio_ring.c:"
    expect "$output" "-> higher address first: bcache.bucket[12] was held while bcache.bucket[0] was acquired"
    expect "$output" "hint: nest \"bcache.bucket\" locks in one order everywhere"
    [[ $(grep -c '^WARNING: \|^BUG: ' <<<"$output") -eq 1 ]] || fail "expected exactly one report" ;;
  commit-holding)
    expect "$output" "WARNING: possible circular wait dependency detected"
    expect "$output" " triggers event:"
    expect "$output" "\"sleep@write_and_wait\" (event)"
    expect "$output" "after acquiring lock:"
    expect "$output" "  \"blk\" (sleeping), acquired at:"
    expect "$output" "-> #1: \"blk\" was held while waiting for \"sleep@write_and_wait\""
    expect "$output" "commit_and_wake+0x"
    expect "$output" "(kernel/commit.c:"
    expect "$output" "hint: release \"blk\" before waiting for \"sleep@write_and_wait\""
    [[ $(grep -c '^WARNING: \|^BUG: ' <<<"$output") -eq 1 ]] || fail "expected exactly one report" ;;
  *)
    reject "$output" "WARNING:"
    reject "$output" "BUG:" ;;
esac

if [[ -n $gdb && -n $extension ]]; then
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$qemu" -machine virt -bios none -smp 3 -m 128M -nographic -monitor none -serial null -display none \
          -kernel kernel/kernel -S -gdb tcp:127.0.0.1:"$port" </dev/null &
  qemu_pid=$!
  held=$(timeout 60 "$gdb" -nx -batch -ex "source $extension" -ex "file kernel/kernel" \
         -ex "target remote 127.0.0.1:$port" -ex "break mini_parked" -ex "continue" \
         -ex "heisen held" -ex "heisen graph" 2>&1)
  kill "$qemu_pid" 2>/dev/null; wait "$qemu_pid" 2>/dev/null
  printf '%s\n' "$held"
  expect "$held" "hit Breakpoint 1, mini_parked"
  expect "$held" "cpu 0:"
  expect "$held" "\"bcache.bucket\" (spin) acquired at hold_buffer_locks+0x"
  expect "$held" "\"blk\" (sleep) acquired at hold_buffer_locks+0x"
  expect "$held" "(kernel/bio_common.h:"
  reject "$held" "no validator table"
  reject "$held" "Python Exception"
  [[ $design == evict ]] && expect "$held" "\"bcache.evict\" -> \"bcache.bucket\""
  if [[ $design == commit-holding ]]; then
    expect "$held" "\"blk\" -> \"sleep@write_and_wait\""
    expect "$held" "while waiting for \"sleep@write_and_wait\" at write_and_wait+0x"
    expect "$held" " wait and event edges:"
  fi
fi

"$heisen" port xv6 --undo . >/dev/null 2>&1 || fail "--undo"
make -s clean >/dev/null 2>&1
rm -f build.log
diff -r "$work/pristine" . >/dev/null || { diff -r "$work/pristine" . | head; fail "--undo left differences"; }
[[ $failed -eq 0 ]] && echo PASS
exit $failed
