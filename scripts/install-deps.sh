#!/usr/bin/env bash
# Installs the Debian packages heisen needs that are not installed yet (Debian 12, as root).
# Each package and what it is for is listed in README.md ("Dependencies").
set -euo pipefail

packages=(
  cmake ninja-build g++ make python3     # build; python3 parses JSON in end-to-end tests
  dpkg-dev pkg-config man-db             # make deb (dpkg-shlibdeps); install tests (pkg-config, man)
  clang-15 llvm-15-dev                   # LLVM MC for `heisen asm`/`xol`; clang-15 for TSan, libFuzzer, xol tests
  libclang-15-dev libclang-cpp15-dev     # `heisen asm -p`: Clang's parser (headers, libclang-cpp)
  libclang-common-15-dev                 # Clang's own headers (stddef.h …) for the files it parses
  libgtest-dev libgmock-dev              # unit and end-to-end tests
  libbenchmark-dev                       # bench/
  libdw-dev libelf-dev                   # DWARF symbolization of report stacks; xol's ELF reader (elfutils)
  gcc-riscv64-unknown-elf                # freestanding engine build, the bare-metal testbed, xol tests
  qemu-system-misc gdb-multiarch         # boots the RISC-V testbed; the GDB extension's test
  valgrind libabsl-dev gnuplot-nox       # comparison benchmarks (Helgrind, Abseil) and plots
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -ne 0 ]]; then
  echo "heisen: missing Debian packages: ${missing[*]}" >&2
  echo "heisen: run 'make deps' as root, or: apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "heisen: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
