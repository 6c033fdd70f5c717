#!/usr/bin/env bash
# expect.sh EXIT HEADER LOCK -- COMMAND...: runs COMMAND (normally `heisen run --exitcode 9 -- ...`)
# and checks what a user sees: the exit status is EXIT, the output has the line HEADER (exactly)
# and a line naming LOCK. HEADER "none" means no report at all, "~TEXT" a line containing TEXT,
# "!TEXT" no line containing TEXT; LOCK "-" skips the lock check.
set -u
want_exit=$1 header=$2 lock=$3
shift 4
output=$(timeout 60 "$@" 2>&1)
status=$?
fail() { printf 'FAIL: %s\n--- output (exit %d):\n%s\n' "$1" "$status" "$output"; exit 1; }
[ "$status" -eq "$want_exit" ] || fail "expected exit $want_exit"
if [ "$header" = none ]; then
  printf '%s\n' "$output" | grep -q '^heisen: report' && fail "expected no report"
elif [ "${header#!}" != "$header" ]; then
  printf '%s\n' "$output" | grep -qF -- "${header#!}" && fail "expected no line containing \"${header#!}\""
elif [ "${header#\~}" != "$header" ]; then
  printf '%s\n' "$output" | grep -qF -- "${header#\~}" || fail "expected a line containing \"${header#\~}\""
else
  printf '%s\n' "$output" | grep -qxF -- "$header" || fail "expected the header \"$header\""
fi
if [ "$lock" != - ]; then
  printf '%s\n' "$output" | grep -qF -- "\"$lock" || fail "expected a report naming the lock \"$lock...\""
fi
echo "PASS"
