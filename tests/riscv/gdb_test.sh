#!/usr/bin/env bash
# riscv.gdb: boots the "park" testbed under QEMU's gdbstub, stops it where every hart and a task
# hold locks, and checks what `heisen held` and `heisen graph` print, live and from a core file
# QEMU dumps of the stopped machine.
#   gdb_test.sh QEMU GDB ELF EXTENSION [ELF_WITHOUT_HEISEN]
set -u
qemu=$1 gdb=$2 elf=$3 extension=$4 plain_elf=${5:-}
for f in "$elf" "$extension"; do
  [[ -r $f ]] || { echo "gdb_test: missing $f" >&2; exit 2; }
done

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$qemu" -machine virt -bios none -smp 3 -m 128M -nographic -monitor none -serial null \
        -display none -kernel "$elf" -S -gdb tcp:127.0.0.1:"$port" </dev/null &
qemu_pid=$!
core=$(mktemp -d)/park.core
trap 'kill "$qemu_pid" 2>/dev/null; wait "$qemu_pid" 2>/dev/null; rm -rf "$(dirname "$core")"' EXIT

output=$(timeout 60 "$gdb" -nx -batch \
  -ex "source $extension" -ex "file $elf" -ex "target remote 127.0.0.1:$port" \
  -ex "break testbed_parked" -ex "continue" \
  -ex "heisen held" -ex "heisen held --stacks" -ex "heisen held --bad" \
  -ex "heisen graph" -ex "heisen graph --dot" -ex "heisen graph --bad" \
  -ex "monitor dump-guest-memory $core" 2>&1)
status=$?
printf '%s\n' "$output"
[[ $status -eq 124 ]] && { echo "FAIL: gdb did not finish within 60 s"; exit 1; }

failed=0
expect() { grep -qF -- "$1" <<<"$output" || { echo "FAIL: missing: $1"; failed=1; }; }
expect 'hit Breakpoint 1, testbed_parked'
expect 'cpu 0:'
expect ' #0: "lock_a" (spin) acquired at '
expect 'cpu 1:'
expect ' #0: "lock_b" (spin) acquired at hold_everywhere'
expect ' #0: "buffer" (sleep) acquired at sleep_forever+0x'
expect 'scenario.c:'
expect '"lock_a" -> "lock_b"'
expect '"buffer" -> "wait"'
expect 'digraph heisen_lock_order {'
expect '  "lock_a" -> "lock_b";'
expect 'heisen graph: usage: heisen graph [--dot]'
expect 'heisen held: usage: heisen held [--stacks]'
expect '       [0] take+0x'             # --stacks: the saved stack starts in the lock wrapper
expect '] sleep_forever+0x'             # ... and reaches the task that took `buffer`
if grep -q 'Python Exception' <<<"$output"; then echo "FAIL: the extension raised"; failed=1; fi

# The same machine from its core file.
output=$(timeout 60 "$gdb" -nx -batch -ex "source $extension" -ex "file $elf" \
         -ex "core-file $core" -ex "heisen held" -ex "heisen graph" 2>&1)
printf '%s\n' "$output"
expect ' #0: "lock_b" (spin) acquired at hold_everywhere'
expect ' #0: "buffer" (sleep) acquired at sleep_forever+0x'
expect '"lock_a" -> "lock_b"'
if grep -q 'Python Exception' <<<"$output"; then echo "FAIL: the extension raised"; failed=1; fi

# A program without heisen: a clear message, no Python traceback.
if [[ -n $plain_elf ]]; then
  output=$(timeout 60 "$gdb" -nx -batch -ex "source $extension" -ex "file $plain_elf" \
           -ex "heisen held" 2>&1)
  printf '%s\n' "$output"
  expect 'heisen: no validator table heisen::core::g_cpus in this program'
  if grep -q 'Python Exception' <<<"$output"; then echo "FAIL: the extension raised"; failed=1; fi
fi
[[ $failed -eq 0 ]] && echo PASS
exit $failed
