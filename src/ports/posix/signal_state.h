// signal_state.h — signals as the POSIX port's interrupts.
//
// A signal handler the program installs runs as interrupt context (heisen_irq_enter/exit around
// it). "Interrupts enabled" has to be one bit per thread for the engine, and the port derives it
// from the thread's tracked signal mask with this rule:
//
//   interrupts are disabled  ⇔  the program handles at least one asynchronous signal, and every
//                               signal it handles is blocked in this thread.
//
// The rule never misses a bug: if a lock is taken in the handler of signal S and held while S is
// unblocked, interrupts count as enabled there and the engine reports the inconsistent lock state.
// Its price is a possible false report when a program handles several signals with lock-taking
// handlers and blocks only the one that matters while holding the lock (docs/heisen-run.md).
// Fault signals (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGSYS) are synchronous — they cannot
// arrive while an unrelated lock is held — so their handlers run as interrupt context but do not
// take part in the rule.
#pragma once

#include <stdint.h>

namespace heisen::posix {

struct ThreadState;

constexpr uint64_t signal_bit(int sig) { return uint64_t{1} << (sig - 1); }

// The port's heisen_port_irqs_enabled() for this thread.
bool signals_enabled(ThreadState &thread);

// Applies a successful sigprocmask/pthread_sigmask(how, set) to the tracked mask (not in a vfork
// child: the tracked mask there is its parent's).
void track_signal_mask(ThreadState &thread, int how, const void *set);

}  // namespace heisen::posix
