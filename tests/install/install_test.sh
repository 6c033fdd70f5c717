#!/usr/bin/env bash
# install.*: heisen as a user gets it. Installs the build into a temporary prefix, moves the prefix
# (nothing may depend on where it was installed, nor on the build or source tree), then works from
# a directory outside the source tree with a minimal environment:
#   layout     the files the install promises, and no build/source path in the binaries' data
#   version    GNU-style --version; every command's --help and -h print the usage and exit 0
#   run        a pthread program with an ABBA inversion under the installed `heisen run`
#   asm        a file with an undeclared register write under the installed `heisen asm`
#   cmake      a consumer project with find_package(heisen): heisen::linked and ::linked_static
#   pkgconfig  the same program built with `pkg-config --cflags --libs heisen`
#   man        heisen(1) renders without warnings and describes every option of every --help
#   completion bash completion offers the commands and each command's options
#   port       (in CMake: install.port.<design>) the xv6 mini tree ported by the installed heisen,
#              from its installed kit, built, booted and checked by tests/xv6/mini_tree_test.sh
#
#   install_test.sh BUILD_DIR SOURCE_DIR CASE [ARGS...]
set -u
build=$(realpath "$1") source=$(realpath "$2") case=$3
shift 3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/installed" >"$work/install.log" 2>&1 || { cat "$work/install.log"; exit 1; }
mv "$work/installed" "$work/prefix"
prefix=$work/prefix
mkdir "$work/home" && cd "$work/home" || exit 1
# What a user's shell would have: the prefix's bin on PATH, nothing of the build.
run() { env -i HOME="$work/home" PATH="$prefix/bin:/usr/bin:/bin" LC_ALL=C.UTF-8 "$@"; }

failed=0
fail() { echo "FAIL: $*"; failed=1; }
expect() { grep -qF -- "$2" <<<"$1" || fail "missing: $2"; }
libdir=$(cd "$prefix" && find lib -name libheisen_linked.a -printf '%h\n' | head -1)  # lib or lib/<triplet>

abba_program() {  # $1: file; a C++ program taking two validated locks in both orders, one thread
  cat >"$1" <<'CPP'
#include <mutex>
#include <heisen/heisen.hpp>
heisen::validated<std::mutex> ledger{"ledger"}, accounts{"accounts"};
int main() {
    { std::scoped_lock a(ledger); std::scoped_lock b(accounts); }
    { std::scoped_lock b(accounts); std::scoped_lock a(ledger); }
    return heisen_report_count() == 1 ? 0 : 3;
}
CPP
}

case $case in
layout)
  for f in bin/heisen libexec/heisen/libheisen_preload.so libexec/heisen/heisen-static include/heisen/heisen.h include/heisen/heisen.hpp \
           share/heisen/ports/xv6/kit.manifest share/heisen/ports/xv6/heisen.mk share/heisen/include/heisen/heisen.h \
           share/heisen/src/core/engine.cpp share/heisen/src/ports/riscv/riscv_port.c share/heisen/gdb/heisen-gdb.py \
           share/man/man1/heisen.1.gz share/bash-completion/completions/heisen share/doc/heisen/LICENSE \
           share/doc/heisen/README.md "$libdir/libheisen_linked.a" "$libdir/libheisen_linked.so" \
           "$libdir/cmake/heisen/heisenConfig.cmake" "$libdir/pkgconfig/heisen.pc"; do
    [[ -e $prefix/$f ]] || fail "not installed: $f"
  done
  # Every file the kit's manifest copies is installed (same globs, relative to share/heisen).
  while read -r verb from _; do
    [[ $verb == copy ]] || continue
    compgen -G "$prefix/share/heisen/$from" >/dev/null || fail "kit.manifest names $from, not installed"
  done <"$prefix/share/heisen/ports/xv6/kit.manifest"
  # A heisen without its prefix says what it misses, and fails; HEISEN_PRELOAD still works.
  mkdir -p "$work/lonely/bin" && cp "$prefix/bin/heisen" "$work/lonely/bin/"
  out=$(run "$work/lonely/bin/heisen" run -- true 2>&1); status=$?
  [[ $status -eq 2 ]] || fail "heisen without its preload library: exit status $status (want 2)"
  expect "$out" "cannot find PREFIX/libexec/heisen/libheisen_preload.so installed with heisen (set HEISEN_PRELOAD)"
  run env HEISEN_PRELOAD="$prefix/libexec/heisen/libheisen_preload.so" "$work/lonely/bin/heisen" run -- true ||
    fail "HEISEN_PRELOAD is not used"
  out=$(run "$work/lonely/bin/heisen" asm "$source/tests/xv6/mini_tree" 2>&1); status=$?
  [[ $status -eq 2 ]] || fail "heisen asm without heisen-static: exit status $status (want 2)"
  expect "$out" "heisen asm: cannot find PREFIX/libexec/heisen/heisen-static installed with heisen"
  # `heisen` itself loads no LLVM or Clang (heisen run's start-up): those are heisen-static's.
  if readelf -d "$prefix/bin/heisen" | grep -E 'NEEDED.*(libLLVM|libclang)'; then
    fail "bin/heisen links LLVM or Clang"
  fi
  cp -r "$source/tests/xv6/mini_tree" "$work/tree"
  out=$(run "$work/lonely/bin/heisen" port xv6 "$work/tree" 2>&1); status=$?
  [[ $status -eq 1 ]] || fail "heisen port without a kit: exit status $status (want 1)"
  expect "$out" "no xv6 kit installed with this heisen (PREFIX/share/heisen); use --heisen-root"
  diff -r "$source/tests/xv6/mini_tree" "$work/tree" >/dev/null || fail "heisen port without a kit changed the tree"
  # The binaries find everything from their own location: no build or source path in their data.
  for binary in bin/heisen libexec/heisen/libheisen_preload.so "$libdir/libheisen_linked.so"; do
    for section in .rodata .data; do
      objcopy -O binary --only-section="$section" "$prefix/$binary" "$work/section" 2>/dev/null || continue
      grep -qaF -- "$source" "$work/section" && fail "$binary: $section holds the source path $source"
      grep -qaF -- "$build" "$work/section" && fail "$binary: $section holds the build path $build"
    done
  done
  ;;
version)
  out=$(run heisen --version) || fail "--version exit status"
  expect "$out" "heisen $(sed -n 's/^project(heisen VERSION \([0-9.]*\).*/\1/p' "$source/CMakeLists.txt")"
  expect "$out" "Copyright (c) 2026 the heisen authors"
  expect "$out" "License: MIT"
  # Every command `heisen --help` lists, and port's one target: --help and -h print the usage on
  # standard output and exit 0.
  commands=$(run heisen --help | sed -n 's/^  \([a-z][a-z0-9]*\)  *.*/\1/p')
  [[ $(wc -w <<<"$commands") -ge 4 ]] || fail "heisen --help lists the commands: $commands"
  for args in "" $commands "port xv6"; do
    for option in --help -h; do
      # shellcheck disable=SC2086
      out=$(run heisen $args $option 2>/dev/null) || fail "heisen $args $option exits non-zero"
      expect "$out" "usage: heisen"
    done
  done
  ;;
run)
  cat >abba.c <<'C'
#include <pthread.h>
static pthread_mutex_t ledger = PTHREAD_MUTEX_INITIALIZER, accounts = PTHREAD_MUTEX_INITIALIZER;
int main(void) {
    pthread_mutex_lock(&ledger); pthread_mutex_lock(&accounts);
    pthread_mutex_unlock(&accounts); pthread_mutex_unlock(&ledger);
    pthread_mutex_lock(&accounts); pthread_mutex_lock(&ledger);
    pthread_mutex_unlock(&ledger); pthread_mutex_unlock(&accounts);
    return 0;
}
C
  cc -g -pthread -o abba abba.c || exit 1
  out=$(run heisen run --exitcode 9 -- ./abba 2>&1); status=$?
  [[ $status -eq 9 ]] || fail "heisen run: exit status $status (want 9)"
  expect "$out" "WARNING: possible circular locking dependency detected"
  expect "$out" "main+0x"
  expect "$out" "(abba.c:"
  cat >clean.c <<'C'
#include <pthread.h>
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
int main(void) { pthread_mutex_lock(&m); pthread_mutex_unlock(&m); return 4; }
C
  cc -pthread -o clean clean.c || exit 1
  out=$(run heisen run --exitcode 9 -- ./clean 2>&1); status=$?
  [[ $status -eq 4 ]] || fail "heisen run on a correct program: exit status $status (want its own 4)"
  [[ -z $out ]] || fail "heisen run on a correct program printed: $out"
  ;;
asm)
  cat >switch.c <<'C'
void set_rax(void) { __asm__ volatile("movq $1, %%rax" : : : "memory"); }
void set_rax_declared(void) { __asm__ volatile("movq $1, %%rax" : : : "rax", "memory"); }
C
  out=$(run heisen asm switch.c 2>&1); status=$?
  [[ $status -eq 1 ]] || fail "heisen asm: exit status $status (want 1)"
  expect "$out" "switch.c:1:"
  expect "$out" "[heisen-asm:"
  [[ $(grep -c ': warning: ' <<<"$out") -eq 1 ]] || fail "want exactly one warning: $out"
  ;;
cmake)
  mkdir consumer && abba_program consumer/app.cpp
  cat >consumer/CMakeLists.txt <<'CM'
cmake_minimum_required(VERSION 3.16)
project(consumer CXX)
set(CMAKE_CXX_STANDARD 17)
find_package(heisen 0.1 REQUIRED)
add_executable(app app.cpp)
target_link_libraries(app PRIVATE heisen::linked)
add_executable(app_static app.cpp)
target_link_libraries(app_static PRIVATE heisen::linked_static)
CM
  run cmake -S consumer -B consumer/build -DCMAKE_PREFIX_PATH="$prefix" >cmake.log 2>&1 &&
    run cmake --build consumer/build >>cmake.log 2>&1 || { cat cmake.log; fail "consumer project does not build"; exit 1; }
  for app in app app_static; do
    out=$(run "consumer/build/$app" 2>&1)
    [[ $? -eq 0 ]] || fail "$app: heisen_report_count() is not 1"
    expect "$out" "WARNING: possible circular locking dependency detected"
    expect "$out" "\"accounts\""
  done
  ldd consumer/build/app | grep -q "$prefix/$libdir/libheisen_linked.so" || fail "app does not load the installed libheisen_linked.so"
  ;;
pkgconfig)
  abba_program app.cpp
  flags=$(run env PKG_CONFIG_PATH="$prefix/$libdir/pkgconfig" pkg-config --cflags --libs heisen) || { fail "pkg-config heisen"; exit 1; }
  expect "$flags" "-lheisen_linked"
  run c++ -std=c++17 -o app app.cpp $flags -Wl,-rpath,"$prefix/$libdir" || { fail "pkg-config build"; exit 1; }
  out=$(run ./app 2>&1)
  [[ $? -eq 0 ]] || fail "app: heisen_report_count() is not 1"
  expect "$out" "WARNING: possible circular locking dependency detected"
  static=$(run env PKG_CONFIG_PATH="$prefix/$libdir/pkgconfig" pkg-config --static --libs heisen)
  run c++ -std=c++17 -o app_static app.cpp $(run env PKG_CONFIG_PATH="$prefix/$libdir/pkgconfig" pkg-config --cflags heisen) \
    "$prefix/$libdir/libheisen_linked.a" $static || { fail "static build"; exit 1; }
  out=$(run ./app_static 2>&1) || fail "app_static: heisen_report_count() is not 1"
  expect "$out" "WARNING: possible circular locking dependency detected"
  ;;
man)
  page=$prefix/share/man/man1/heisen.1.gz
  warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z "$page" 2>&1 >/dev/null)
  [[ -z $warnings ]] || fail "man warnings: $warnings"
  text=$(LC_ALL=C.UTF-8 MANWIDTH=200 man -l "$page" 2>/dev/null | col -b)
  for section in "HEISEN RUN" "HEISEN ASM" "HEISEN XOL" "HEISEN PORT"; do expect "$text" "$section"; done
  for args in "" "run" "asm" "xol" "port xv6"; do
    # shellcheck disable=SC2086
    for option in $(run heisen $args --help 2>&1 | grep -oE '(^|[ ,])--?[a-zA-Z][-a-zA-Z]*' | tr -d ' ,' | sort -u); do
      grep -qE -- "(^|[ ,])$option([ =,]|$)" <<<"$text" || fail "heisen(1) does not describe heisen $args $option"
    done
  done
  ;;
completion)
  complete() {  # words... : what the completion offers for the last word
    bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _heisen; printf "%s\n" "${COMPREPLY[@]}"' \
      _ "$prefix/share/bash-completion/completions/heisen" "$@"
  }
  export PATH="$prefix/bin:$PATH"
  [[ $(complete heisen a) == asm ]] || fail "heisen a<TAB>: $(complete heisen a)"
  expect "$(complete heisen run --)" "--exitcode"
  expect "$(complete heisen run --)" "--on-report="
  expect "$(complete heisen asm --f)" "--fail-on"
  expect "$(complete heisen port xv6 --)" "--undo"
  expect "$(complete heisen xol --s)" "--system-map"
  [[ $(complete heisen asm --format s) == sarif ]] || fail "heisen asm --format s<TAB>"
  ;;
port)  # DESIGN QEMU [GDB]: the mini tree, ported and checked by tests/xv6/mini_tree_test.sh
  design=$1 qemu=$2 gdb=${3:-}
  "$source/tests/xv6/mini_tree_test.sh" "$prefix/bin/heisen" "$qemu" "$source/tests/xv6/mini_tree" "$design" \
    ${gdb:+"$gdb" "$prefix/share/heisen/gdb/heisen-gdb.py"} || fail "mini tree from the installed kit"
  ;;
*) echo "unknown case $case"; exit 2 ;;
esac
[[ $failed -eq 0 ]] && echo PASS
exit $failed
