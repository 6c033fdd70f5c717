#!/usr/bin/env bash
# Boots one testbed ELF on QEMU virt (3 harts, M-mode, no firmware) and checks its UART output.
#   run_scenario.sh QEMU ELF EXPECT_FILE
# EXPECT_FILE lines:  "exit N"  QEMU's exit status (0: the kernel powered off with "pass");
#                     "+TEXT"   a line containing TEXT must appear;
#                     "-TEXT"   no line may contain TEXT;
#                     "reports N"  exactly N whole reports: each between two "=====" rules with
#                               one header line, and no header outside a report (so reports
#                               from different harts did not interleave);   "#..." comments.
set -u
qemu=$1 elf=$2 expect=$3
[[ -r $elf ]] || { echo "run_scenario: no kernel $elf" >&2; exit 2; }
[[ -r $expect ]] || { echo "run_scenario: no expectations $expect" >&2; exit 2; }

output=$(timeout 30 "$qemu" -machine virt -bios none -smp 3 -m 128M -nographic \
         -monitor none -serial stdio -display none -kernel "$elf" </dev/null 2>&1)
status=$?
printf '%s\n' "$output"
echo "---- qemu exit status $status"
if [[ $status -eq 124 ]]; then echo "FAIL: the kernel did not power off within 30 s"; exit 1; fi

failed=0
while IFS= read -r line; do
  case $line in
    ''|'#'*) ;;
    exit\ *)
      [[ $status -eq ${line#exit } ]] || { echo "FAIL: expected exit status ${line#exit }, got $status"; failed=1; } ;;
    reports\ *)
      counted=$(awk '
        /^=+$/ { if (inside) { if (headers != 1) bad = 1; blocks++ } inside = !inside; headers = 0; next }
        /^(WARNING|BUG): / { if (inside) headers++; else bad = 1 }
        END { if (inside) bad = 1; print bad ? "interleaved" : blocks + 0 }' <<<"$output")
      [[ $counted == "${line#reports }" ]] || { echo "FAIL: expected ${line#reports } whole reports, found: $counted"; failed=1; } ;;
    +*) grep -qF -- "${line:1}" <<<"$output" || { echo "FAIL: missing: ${line:1}"; failed=1; } ;;
    -*) if grep -qF -- "${line:1}" <<<"$output"; then echo "FAIL: unexpected: ${line:1}"; failed=1; fi ;;
    *) echo "run_scenario: bad expectation line: $line" >&2; exit 2 ;;
  esac
done <"$expect"
[[ $failed -eq 0 ]] && echo "PASS"
exit $failed
