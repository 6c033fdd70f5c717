#!/usr/bin/env bash
# `make demo`: one report of every kind heisen makes, each from a program that ran once,
# uncontended, without hanging. Exits 1 if any expected report is missing.
# Usage: examples/demo.sh BUILD_DIR
set -uo pipefail
build=$(realpath "${1:-build}")
here=$(cd "$(dirname "$0")" && pwd)
heisen=$build/bin/heisen
missing=0

if [ -t 1 ]; then bold=$'\e[1m' dim=$'\e[2m' red=$'\e[31m' green=$'\e[32m' plain=$'\e[0m'
else bold='' dim='' red='' green='' plain=''; fi

section() { printf '\n%s== %s ==%s\n' "$bold" "$1" "$plain"; }

# show TITLE EXPECTED-HEADER COMMAND...: runs the command, prints its report, checks the header
# (EXPECTED-HEADER may hold several headers, one a line, all expected from the one run).
show() {
  local title=$1 expected=$2
  shift 2
  printf '\n%s--- %s%s\n%s$ %s%s\n' "$bold" "$title" "$plain" "$dim" "${*#$build/}" "$plain"
  local output
  output=$(timeout 60 "$@" 2>&1)
  printf '%s\n' "$output" | sed -n '/^======/,/^======/p' | sed -e '/^stack backtrace:/,/^======/{/^======/!d}'
  local header
  while IFS= read -r header; do
    if printf '%s\n' "$output" | grep -qxF -- "$header"; then
      printf '%s✓ %s%s\n' "$green" "$header" "$plain"
    else
      printf '%s✗ expected "%s", got:%s\n%s\n' "$red" "$header" "$plain" "$output"
      missing=$((missing + 1))
    fi
  done <<< "$expected"
}

section "heisen run: unmodified pthread programs (examples/detections/detections.c)"
d=$build/examples/detections
show "two threads take two mutexes in opposite orders (one after the other: nothing hangs)" \
  "WARNING: possible circular locking dependency detected" "$heisen" run -- "$d" opposite-orders
show "a thread locks a mutex it already holds" \
  "WARNING: possible recursive locking detected" "$heisen" run -- "$d" self-deadlock
show "two locks of one class nested (classes by init site, as lockdep groups them)" \
  "WARNING: possible recursive locking detected" "$heisen" run --classes=site -- "$d" same-class-nested
show "nanosleep while holding a spinlock" \
  "BUG: sleeping function called from invalid context" "$heisen" run -- "$d" sleep-under-spinlock
show "a mutex shared with a signal handler, held with the signal unblocked" \
  "WARNING: inconsistent lock state" "$heisen" run -- "$d" lock-shared-with-handler
show "unlocking a mutex nobody holds" \
  "WARNING: bad unlock balance detected!" "$heisen" run -- "$d" unlock-not-held
show "a thread unlocks a mutex another thread holds" \
  "WARNING: lock released by a context that does not own it!" "$heisen" run -- "$d" release-by-non-owner
show "freeing memory that holds a locked mutex" \
  "BUG: held lock freed!" "$heisen" run -- "$d" free-held-lock
show "a thread ends while holding a mutex" \
  "WARNING: task exiting with locks held!" "$heisen" run -- "$d" thread-exit-with-lock

section "kernel rules through a port of your own (examples/kernel-sim/kernel_sim.c)"
k=$build/examples/kernel_sim
show "an interrupt handler takes a sleeping lock" \
  "BUG: sleeping lock acquired in interrupt context" "$k" sleeping-lock-in-interrupt
show "an irq-safe lock taken before one held with interrupts on" \
  "WARNING: possible irq lock inversion dependency detected" "$k" irq-inversion
show "a blocking call with interrupts off" \
  "BUG: sleeping function called from invalid context" "$k" sleep-with-interrupts-off
show "sched() entered holding more than p->lock" \
  "BUG: sleeping function called from invalid context" "$k" sched-holding-extra-lock
show "one pop_off too many" \
  "WARNING: interrupt-disable nesting underflow!" "$k" unbalanced-pop-off
show "a system call returns to user space holding a lock" \
  "WARNING: lock held when returning to user space!" "$k" return-to-user-holding-lock
show "a function that requires a lock called without it" \
  "WARNING: lock assertion failed: lock not held!" "$k" caller-forgot-the-lock
show "a sleep holding an inode whose wakeup path locks that inode (one after the other: nothing hangs)" \
  "WARNING: possible circular wait dependency detected" "$k" sleep-holding-what-wakeup-needs

# clean TITLE COMMAND...: a correct variant must run to completion with no report at all.
clean() {
  local title=$1
  shift
  printf '\n%s--- %s%s\n%s$ %s%s\n' "$bold" "$title" "$plain" "$dim" "${*#$build/}" "$plain"
  local output status
  output=$(timeout 60 "$@" 2>&1)
  status=$?
  printf '%s\n' "$output" | grep -v '^$'
  if [ "$status" -eq 0 ] && ! printf '%s\n' "$output" | grep -q '^heisen: report'; then
    printf '%s✓ no report, exit 0%s\n' "$green" "$plain"
  else
    printf '%s✗ expected no report and exit 0, got exit %d%s\n' "$red" "$status" "$plain"
    missing=$((missing + 1))
  fi
}

section "reference system: a block buffer cache (examples/bcache)"
b=$build/examples/bcache
clean "correct: one bucket lock at a time, the buffer's sleeping lock after the bucket lock is dropped" \
  "$heisen" run --exitcode 9 -- "$b" --variant=correct --threads=4 --ops=2000
show "sleep-under-spinlock: the buffer's sleeping lock taken under the bucket spinlock (one thread)" \
  "BUG: sleeping function called from invalid context" "$heisen" run -- "$b" --variant=sleep-under-spinlock
show "cyclic-steal: the own bucket held while the others are locked in ring order (one thread)" \
  "WARNING: possible circular locking dependency detected" "$heisen" run -- "$b" --variant=cyclic-steal

section "reference system: a tracing probe mutex shared with a signal handler (examples/probe-mutex)"
p=$build/examples/probe_mutex
clean "fixed: probe signal blocked while the mutex is held, probes only try-acquire" \
  "$heisen" run --exitcode 9 -- "$p" fixed
show "broken: the probe fires once inside the critical section, re-enters the mutex and spins (a watchdog ends it)" \
  "WARNING: inconsistent lock state
WARNING: possible recursive locking detected" "$heisen" run -- "$p" broken
printf '\n%s--- without heisen, under a signal storm: the broken mutex really hangs, the fixed one does not%s\n' "$bold" "$plain"
storm_broken=$(timeout 30 "$p" broken --storm 2>&1); storm_broken_status=$?
storm_fixed=$(timeout 30 "$p" fixed --storm 2>&1); storm_fixed_status=$?
printf '%s\n%s\n' "$storm_broken" "$storm_fixed"
if [ "$storm_broken_status" -eq 3 ] && [ "$storm_fixed_status" -eq 0 ]; then
  printf '%s✓ broken hung (watchdog exit 3), fixed completed%s\n' "$green" "$plain"
else
  printf '%s✗ expected exit 3 (broken) and 0 (fixed), got %d and %d%s\n' "$red" "$storm_broken_status" "$storm_fixed_status" "$plain"
  missing=$((missing + 1))
fi

section "reference system: user-space threads switched by one inline-asm statement (examples/context-switch)"
cs=$here/context-switch
cs_dir=$build/examples/context-switch
mkdir -p "$cs_dir"
cs_cc=gcc  # GCC: its -fipa-ra (on from -O2) is what the callee-saved-only switch trips over
# asm_check TITLE HEADER EXIT RULES...: `heisen asm` on one switch; expects exit EXIT and a
# finding of each RULE (none: no findings at all).
asm_check() {
  local title=$1 header=$2 want=$3
  shift 3
  printf '\n%s--- %s%s\n%s$ heisen asm examples/context-switch/%s%s\n' "$bold" "$title" "$plain" "$dim" "$header" "$plain"
  local output status
  output=$(cd "$here/.." && "$heisen" asm "examples/context-switch/$header" 2>&1)
  status=$?
  printf '%s\n' "$output" | grep -v ': note: \(instruction\|operand\):'
  [ "$status" -eq "$want" ] || { printf '%s✗ expected exit %d, got %d%s\n' "$red" "$want" "$status" "$plain"; missing=$((missing + 1)); }
  local rule
  for rule in "$@"; do
    if printf '%s\n' "$output" | grep -q "\[heisen-asm:$rule\]"; then
      printf '%s✓ [heisen-asm:%s]%s\n' "$green" "$rule" "$plain"
    else
      printf '%s✗ expected a [heisen-asm:%s] finding%s\n' "$red" "$rule" "$plain"
      missing=$((missing + 1))
    fi
  done
  if [ $# -eq 0 ] && [ "$status" -eq 0 ]; then printf '%s✓ no findings%s\n' "$green" "$plain"; fi
}
# context TITLE DEFINE LEVEL EXIT: builds context_switch.c with one switch at LEVEL, runs it,
# expects exit EXIT (3: corruption detected, 0: every thread's value right).
context() {
  local title=$1 define=$2 level=$3 want=$4
  printf '%s$ %s %s -D%s examples/context-switch/context_switch.c && ./context_switch%s   # %s\n' \
    "$dim" "$cs_cc" "$level" "$define" "$plain" "$title"
  if ! "$cs_cc" "$level" -D"$define" -o "$cs_dir/context_switch" "$cs/context_switch.c"; then
    printf '%s✗ could not build%s\n' "$red" "$plain"; missing=$((missing + 1)); return
  fi
  local output status
  output=$(timeout 20 "$cs_dir/context_switch" 2>&1)
  status=$?
  printf '%s\n' "$output"
  if [ "$status" -eq "$want" ]; then printf '%s✓ exit %d%s\n' "$green" "$status" "$plain"
  else printf '%s✗ expected exit %d, got %d%s\n' "$red" "$want" "$status" "$plain"; missing=$((missing + 1)); fi
}
asm_check "buggy: saves only rbp and writes eax undeclared" switch_buggy.h 1 stack-switch undeclared-write
context "buggy switch at -O1" SWITCH_BUGGY -O1 3
context "buggy switch at -O2" SWITCH_BUGGY -O2 3
asm_check "callee-saved only: the usual first fix, no caller-saved register declared" switch_callee_saved_only.h 1 stack-switch
context "callee-saved only at -O1: happens to work" SWITCH_CALLEE_SAVED_ONLY -O1 0
context "callee-saved only at -O2: -fipa-ra keeps caller-saved registers live across yield()" SWITCH_CALLEE_SAVED_ONLY -O2 3
asm_check "correct: callee-saved registers saved, everything else declared" switch_correct.h 0
context "correct switch at -O2" SWITCH_CORRECT -O2 0

if [ "$missing" -eq 0 ]; then
  printf '\n%sheisen demo: every expected report appeared.%s\n' "$green" "$plain"
else
  printf '\n%sheisen demo: %d expected report(s) missing.%s\n' "$red" "$missing" "$plain"
  exit 1
fi
