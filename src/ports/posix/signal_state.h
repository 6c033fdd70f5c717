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
// Fault signals (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGSYS) raised by the faulting
// instruction are synchronous: the handler runs exactly where the fault is, never in the middle
// of an unrelated critical section, so it is not interrupt context at all (a lock it takes that
// the faulting code holds is an ordinary self-deadlock). Sent by kill() or raise(), the same
// signals are asynchronous and their handlers are interrupts like any other; they do not take
// part in the enable rule.
#pragma once

#include <signal.h>
#include <stdint.h>

namespace heisen::posix {

struct ThreadState;

constexpr uint64_t signal_bit(int sig) { return uint64_t{1} << (sig - 1); }

// One running signal handler, as the trampoline entered it: where its frame is (a jump to a
// point above it leaves the handler), the alternate stack it may run on, and whether it entered
// interrupt context.
struct HandlerFrame {
    uintptr_t frame;      // the trampoline's frame address; the handler runs below it
    uintptr_t altstack_lo, altstack_hi;  // the sigaltstack at delivery; lo == hi: none
    bool interrupt;       // heisen_irq_enter was called for it
};
inline constexpr uint32_t kMaxHandlerFrames = 8;  // deeper nesting: those levels are left by any jump

// A fault raised by the instruction that faulted (not sent with kill, raise or sigqueue).
bool is_synchronous_fault(int sig, const siginfo_t *info);

// siglongjmp/longjmp to `target_sp` (0: unknown, every handler is left): ends every handler
// level the jump leaves. interpose_longjmp.cpp.
void leave_handlers_for_jump(ThreadState &thread, uintptr_t target_sp);

// The port's heisen_port_irqs_enabled() for this thread.
bool signals_enabled(ThreadState &thread);

// Applies a successful sigprocmask/pthread_sigmask(how, set) to the tracked mask (not in a vfork
// child: the tracked mask there is its parent's).
void track_signal_mask(ThreadState &thread, int how, const void *set);

}  // namespace heisen::posix
