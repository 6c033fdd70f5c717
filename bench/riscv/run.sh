#!/usr/bin/env bash
# Validator cost inside the bare-metal RISC-V testbed (guest instructions per lock operation,
# validated vs HEISEN_DISABLE). Usage: bench/riscv/run.sh BUILD_DIR
exec bash "$(dirname "$0")/../../tests/riscv/bench.sh" "$1"
