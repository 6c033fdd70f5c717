// interpose_signal.cpp — signal handlers as interrupt context, signal masks as interrupt state.
//
// sigaction/signal install a trampoline in place of the program's handler; the trampoline marks
// interrupt context, applies the handler's mask to the tracked signal mask (what the kernel does
// to the real one), and calls the program's handler. sigaction reports the program's own handler
// back as the old action, so the program never sees the trampoline.
//
// A vfork child shares its parent's memory but has its own dispositions and mask: its calls go
// straight to the kernel and leave the tables, which are its parent's, alone. (A debugger's
// vfork child resets every disposition before exec; recorded in the shared table, the reset
// would silence the parent's SIGCHLD handler while the kernel still runs the trampoline.)
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <ucontext.h>

#include "deferred_signals.h"
#include "live_deadlock.h"
#include "process_exit.h"
#include "raw_syscall.h"
#include "runtime.h"
#include "signal_state.h"
#include "wrapper_support.h"

namespace heisen::posix {
namespace {

constexpr int kMaxSignal = 64;

// The program's view of one signal's disposition, written before the trampoline is installed.
struct ProgramHandler {
    void *function;      // sa_handler or sa_sigaction; null when not trampolined
    int flags;           // the program's sa_flags
    uint64_t mask;       // the program's sa_mask (first 64 signals)
};

ProgramHandler g_handlers[kMaxSignal + 1];
uint64_t g_handled;  // signals whose program handler counts for the interrupt-enable rule

constexpr uint64_t kFaultSignals = signal_bit(SIGSEGV) | signal_bit(SIGBUS) | signal_bit(SIGFPE) |
                                   signal_bit(SIGILL) | signal_bit(SIGTRAP) | signal_bit(SIGSYS);

uint64_t first_64(const sigset_t *set) {
    uint64_t bits;
    memcpy(&bits, set, sizeof bits);
    return bits;
}

HandlerFrame handler_frame(const void *trampoline_frame, const void *context, bool interrupt) {
    HandlerFrame frame{reinterpret_cast<uintptr_t>(trampoline_frame), 0, 0, interrupt};
    const stack_t &altstack = static_cast<const ucontext_t *>(context)->uc_stack;
    if (!(altstack.ss_flags & SS_DISABLE) && altstack.ss_sp) {
        frame.altstack_lo = reinterpret_cast<uintptr_t>(altstack.ss_sp);
        frame.altstack_hi = frame.altstack_lo + altstack.ss_size;
    }
    return frame;
}

void trampoline(int sig, siginfo_t *info, void *context) {
    ProgramHandler &handler = g_handlers[sig];
    void *function = __atomic_load_n(&handler.function, __ATOMIC_ACQUIRE);
    ThreadState &thread = this_thread();
    // Inside heisen: the handler runs when the thread has left it (deferred_signals.h).
    if (thread.runtime_depth != 0 && defer_signal(thread, sig, info, handler.flags)) return;
    if (!thread.mask_known) {
        // The kernel's mask now includes this handler's; the interrupted code runs with the one
        // it restores on return. (Read from the kernel here, the tracked mask would keep `sig`
        // blocked after the handler, and a later lock taken with it deliverable would go unseen.)
        thread.blocked = first_64(&static_cast<const ucontext_t *>(context)->uc_sigmask);
        thread.mask_known = true;
    }
    const uint64_t saved_mask = thread.blocked;
    thread.blocked |= handler.mask | ((handler.flags & SA_NODEFER) ? 0 : signal_bit(sig));
    // A signal that could not wait runs unvalidated inside heisen (validating_thread refuses), so
    // the interrupted engine update is never re-entered. A synchronous fault is not an interrupt.
    ThreadState *validating = is_synchronous_fault(sig, info) ? nullptr : validating_thread();
    if (thread.handler_depth < kMaxHandlerFrames)
        thread.handler_frames[thread.handler_depth] =
            handler_frame(__builtin_frame_address(0), context, validating != nullptr);
    ++thread.handler_depth;
    if (validating) {
        RuntimeScope scope(*validating);
        heisen_irq_enter();
    }
    // The interrupted call, if it was blocked, is not while the handler runs (live_deadlock.h).
    BlockedRecord interrupted_wait;
    const bool interrupted_blocked = suspend_blocking(thread, interrupted_wait);
    if (function) {
        if (handler.flags & SA_SIGINFO)
            reinterpret_cast<void (*)(int, siginfo_t *, void *)>(function)(sig, info, context);
        else
            reinterpret_cast<void (*)(int)>(function)(sig);
    }
    if (interrupted_blocked) resume_blocking(thread, interrupted_wait);
    if (validating) {
        RuntimeScope scope(*validating);
        heisen_irq_exit();
    }
    --thread.handler_depth;
    thread.blocked = saved_mask;
}

bool is_program_handler(const struct sigaction *action) {
    return action->sa_handler != SIG_DFL && action->sa_handler != SIG_IGN;
}

// Shows the program the handler it installed (`previous`) where the kernel reports the trampoline.
// Everything else stays as the kernel keeps it, which is what the program would see without heisen:
// glibc adds the same SA_RESTORER and restorer to the trampoline's action as to the program's, and
// the mask is the program's less what cannot be blocked. Only SA_SIGINFO is the trampoline's.
void show_program_handler(struct sigaction &old_action, const ProgramHandler &previous) {
    if (is_last_words_handler(old_action)) {  // the program never changed it: SIG_DFL
        old_action = {};
        old_action.sa_handler = SIG_DFL;
        return;
    }
    if (old_action.sa_sigaction != trampoline || !previous.function) return;
    old_action.sa_flags = (old_action.sa_flags & ~SA_SIGINFO) | (previous.flags & SA_SIGINFO);
    if (previous.flags & SA_SIGINFO)
        old_action.sa_sigaction = reinterpret_cast<void (*)(int, siginfo_t *, void *)>(previous.function);
    else
        old_action.sa_handler = reinterpret_cast<void (*)(int)>(previous.function);
}

int install(int sig, const struct sigaction *action, struct sigaction *old_action) {
    ensure_real_functions();
    if (sig < 1 || sig > kMaxSignal || sig == SIGKILL || sig == SIGSTOP)
        return real.sigaction(sig, action, old_action);
    ProgramHandler previous = g_handlers[sig];
    if (sharing_parent_memory()) {
        int rc = real.sigaction(sig, action, old_action);
        if (rc == 0 && old_action) show_program_handler(*old_action, previous);
        return rc;
    }
    int rc;
    if (action && is_program_handler(action)) {
        ProgramHandler &handler = g_handlers[sig];
        handler.flags = action->sa_flags;
        handler.mask = first_64(&action->sa_mask);
        __atomic_store_n(&handler.function,
                         (action->sa_flags & SA_SIGINFO) ? reinterpret_cast<void *>(action->sa_sigaction)
                                                         : reinterpret_cast<void *>(action->sa_handler),
                         __ATOMIC_RELEASE);
        struct sigaction wrapped = *action;
        wrapped.sa_sigaction = trampoline;
        wrapped.sa_flags |= SA_SIGINFO;
        rc = real.sigaction(sig, &wrapped, old_action);
        if (rc == 0 && !(kFaultSignals & signal_bit(sig)))
            __atomic_fetch_or(&g_handled, signal_bit(sig), __ATOMIC_RELAXED);
    } else {
        rc = real.sigaction(sig, action, old_action);
        if (rc == 0 && action) {
            __atomic_store_n(&g_handlers[sig].function, nullptr, __ATOMIC_RELEASE);
            __atomic_fetch_and(&g_handled, ~signal_bit(sig), __ATOMIC_RELAXED);
        }
    }
    if (rc == 0 && old_action) show_program_handler(*old_action, previous);
    return rc;
}

// Signals siginterrupt(sig, 1) asked to interrupt system calls: signal() then installs them
// without SA_RESTART, as glibc's own signal() does.
uint64_t g_interrupting;

// signal(), bsd_signal() and sysv_signal() as glibc builds them on sigaction.
sighandler_t install_simple(int sig, sighandler_t function, int flags, bool block_itself) {
    struct sigaction action {};
    action.sa_handler = function;
    action.sa_flags = flags;
    sigemptyset(&action.sa_mask);
    if (block_itself && sig >= 1 && sig <= kMaxSignal) sigaddset(&action.sa_mask, sig);
    struct sigaction old_action {};
    if (install(sig, &action, &old_action) != 0) return SIG_ERR;
    return old_action.sa_handler;
}

// BSD semantics: the handler stays installed, its signal is blocked while it runs, and system
// calls restart unless siginterrupt(sig, 1) said otherwise.
sighandler_t install_bsd(int sig, sighandler_t function) {
    const bool interrupting = sig >= 1 && sig <= kMaxSignal &&
                              (__atomic_load_n(&g_interrupting, __ATOMIC_RELAXED) & signal_bit(sig));
    return install_simple(sig, function, interrupting ? 0 : SA_RESTART, true);
}

}  // namespace

// kill, raise and sigqueue give si_code <= 0; an action-optional machine-check SIGBUS is
// reported asynchronously.
bool is_synchronous_fault(int sig, const siginfo_t *info) {
    if (!(kFaultSignals & signal_bit(sig)) || !info || info->si_code <= 0) return false;
    return !(sig == SIGBUS && info->si_code == BUS_MCEERR_AO);
}

bool signals_enabled(ThreadState &thread) {
    const uint64_t handled = __atomic_load_n(&g_handled, __ATOMIC_RELAXED);
    if (handled == 0) return true;
    ensure_signal_mask_known(thread);
    return (handled & ~thread.blocked) != 0;
}

void track_signal_mask(ThreadState &thread, int how, const void *set) {
    if (!set || sharing_parent_memory()) return;  // a vfork child's mask is not its parent's
    ensure_signal_mask_known(thread);
    const uint64_t bits = first_64(static_cast<const sigset_t *>(set));
    switch (how) {
    case SIG_BLOCK: thread.blocked |= bits; break;
    case SIG_UNBLOCK: thread.blocked &= ~bits; break;
    case SIG_SETMASK: thread.blocked = bits; break;
    default: break;
    }
}

}  // namespace heisen::posix

using namespace heisen::posix;

HEISEN_INTERPOSE int sigaction(int sig, const struct sigaction *action, struct sigaction *old_action) {
    return install(sig, action, old_action);
}

HEISEN_INTERPOSE sighandler_t signal(int sig, sighandler_t function) { return install_bsd(sig, function); }

HEISEN_INTERPOSE sighandler_t bsd_signal(int sig, sighandler_t function) { return install_bsd(sig, function); }

// System V semantics: one-shot, not blocked while it runs, system calls interrupted (glibc also
// passes the historical SA_INTERRUPT, which the kernel keeps and reports back).
HEISEN_INTERPOSE sighandler_t sysv_signal(int sig, sighandler_t function) {
    constexpr int kInterrupt = 0x20000000;
    return install_simple(sig, function, SA_RESETHAND | SA_NODEFER | kInterrupt, false);
}

// glibc's siginterrupt, on the interposed sigaction: the set it keeps for signal() is heisen's.
HEISEN_INTERPOSE int siginterrupt(int sig, int interrupt) {
    struct sigaction action;
    if (install(sig, nullptr, &action) != 0) return -1;
    if (sig >= 1 && sig <= kMaxSignal) {
        if (interrupt) __atomic_fetch_or(&g_interrupting, signal_bit(sig), __ATOMIC_RELAXED);
        else __atomic_fetch_and(&g_interrupting, ~signal_bit(sig), __ATOMIC_RELAXED);
    }
    if (interrupt) action.sa_flags &= ~SA_RESTART;
    else action.sa_flags |= SA_RESTART;
    return install(sig, &action, nullptr);
}

HEISEN_INTERPOSE int sigprocmask(int how, const sigset_t *set, sigset_t *old_set) {
    ensure_real_functions();
    int rc = real.sigprocmask(how, set, old_set);
    if (rc == 0) track_signal_mask(this_thread(), how, set);
    return rc;
}

HEISEN_INTERPOSE int pthread_sigmask(int how, const sigset_t *set, sigset_t *old_set) {
    ensure_real_functions();
    int rc = real.pthread_sigmask(how, set, old_set);
    if (rc == 0) track_signal_mask(this_thread(), how, set);
    return rc;
}
