#!/usr/bin/env bash
# Instructions per lock/unlock pair under `heisen run` when one of heisen's tables is full, next
# to the cost when everything fits (tests/posix/programs/table_cliffs.c says what each case does). Counted
# by callgrind around the measured passes only, so set-up cancels; independent of machine load.
# Usage: bench/run-cliffs/run.sh BUILD_DIR
#   (env: CASES="fits chains edges classes addresses", PAIRS=20000 per pass of the one-pair cases,
#    HEISEN=path of another heisen binary to measure, e.g. an older build)
set -euo pipefail
build=$(realpath "${1:?usage: run.sh BUILD_DIR}")
heisen=${HEISEN:-$build/bin/heisen}
[[ -x "$heisen" ]] || { echo "run-cliffs: $heisen not built" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cliffs=$build/tests/posix/programs/table_cliffs  # tests/posix/programs/table_cliffs.c, built by CMake
[[ -x "$cliffs" ]] || { echo "run-cliffs: $cliffs not built" >&2; exit 1; }
normal=
for case in ${CASES:-fits chains edges classes addresses}; do
  "$heisen" run -- valgrind --tool=callgrind --collect-atstart=no --callgrind-out-file="$work/out" \
    "$cliffs" "$case" 2 "${PAIRS:-20000}" >"$work/stdout" 2>"$work/stderr"
  refs=$(awk '/I *refs:/ { gsub(",", "", $NF); print $NF }' "$work/stderr")
  pairs=$(awk '{ print $3 }' "$work/stdout")
  per_pair=$(( refs / pairs ))
  [[ $case == fits ]] && normal=$per_pair
  ratio=${normal:+$(awk -v a="$per_pair" -v b="$normal" 'BEGIN { printf " (%.2fx)", a / b }')}
  echo "$case: $per_pair instructions per lock/unlock pair$ratio"
  grep '^heisen: ' "$work/stderr" | sed 's/^/    /' || true
done
