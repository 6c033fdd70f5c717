#!/usr/bin/env bash
# `make bench`: runs every benchmark suite (bench/*/run.sh) against the build in $1.
# Each suite prints its figures and the commands that made them; bench/RESULTS.md records them.
set -euo pipefail
build=$(realpath "${1:-build}")
cd "$(dirname "$0")"
status=0
for suite in */run.sh; do
  [ -e "$suite" ] || continue
  echo "== bench/$suite"
  bash "$suite" "$build" || status=1
done
exit $status
