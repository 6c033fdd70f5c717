#!/usr/bin/env bash
# Cost of heisen's validated lock paths inside the testbed kernel, with and without the
# validator, side by side.  Usage: tests/riscv/bench.sh BUILD_DIR
# QEMU runs with -icount shift=0: virtual time advances 1 ns per guest instruction, so the
# "ns/op" figures are guest instructions per operation, independent of the host's speed.
set -euo pipefail
build=$(realpath "${1:-build}")
kernels=$build/tests/riscv/kernel
for elf in testbed-bench.elf testbed-bench-off.elf; do
  [[ -r $kernels/$elf ]] || { echo "bench.sh: no $kernels/$elf (build the riscv_testbed target)" >&2; exit 2; }
done

run() {
  timeout 120 qemu-system-riscv64 -machine virt -bios none -smp 3 -m 128M -nographic \
      -monitor none -icount shift=0 -kernel "$1" </dev/null | sed -n 's/^bench: //p'
}
with=$(run "$kernels/testbed-bench.elf")
without=$(run "$kernels/testbed-bench-off.elf")

printf '%-28s %14s %14s %7s\n' "operation (M-mode, 1 hart)" "heisen" "HEISEN_DISABLE" "ratio"
paste -d'|' <(printf '%s\n' "$with") <(printf '%s\n' "$without") |
while IFS='|' read -r a b; do
  name=${a%%: *}
  x=${a##*: }; x=${x% ns/op}
  y=${b##*: }; y=${y% ns/op}
  printf '%-28s %10s ins %10s ins %6.2fx\n' "$name" "$x" "$y" "$(awk -v x="$x" -v y="$y" 'BEGIN { print x / y }')"
done
