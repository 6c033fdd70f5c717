#!/bin/sh
# run_short.sh FUZZER INPUTS — the bounded fuzzing test: builds seed ELF files (x86-64 and
# riscv64, executables and objects, with and without DWARF, stripped) from the test inputs, then
# runs the fuzzer from them for 20000 runs or 60 seconds.
set -eu
fuzzer=$1
inputs=$2
rm -rf seeds work && mkdir seeds work
gcc -nostdlib -static -no-pie -o seeds/x86_classes "$inputs/x86_64_classes.S"
gcc -c -o seeds/x86_classes.o "$inputs/x86_64_classes.S"
gcc -O2 -g -fPIC -c -o seeds/module.o "$inputs/module.c"
gcc -O2 -g -fPIC -shared -o seeds/globals.so "$inputs/globals.c"
strip -o seeds/globals_stripped.so seeds/globals.so
riscv64-unknown-elf-gcc -march=rv64gc -mabi=lp64d -g -c -o seeds/riscv_classes.o "$inputs/riscv64_classes.S"
riscv64-unknown-elf-gcc -march=rv64gc -mabi=lp64d -nostdlib -ffreestanding -static -Wl,-Ttext=0x80000000 \
    -o seeds/riscv_classes seeds/riscv_classes.o
exec "$fuzzer" -seed=1 -runs=20000 -max_total_time=60 -timeout=10 -rss_limit_mb=3000 -max_len=65536 work seeds
