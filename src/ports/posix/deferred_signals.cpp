// deferred_signals.cpp — recording signals that arrive inside heisen, and queueing them again.
#include "deferred_signals.h"

#include <string.h>

#include "raw_syscall.h"
#include "runtime.h"
#include "signal_state.h"

namespace heisen::posix {
static_assert(sizeof(DeferredSignal) <= sizeof(siginfo_t), "a deferred signal keeps the head of its siginfo");

bool defer_signal(ThreadState &thread, int sig, const siginfo_t *info, int handler_flags) {
    // A fault raised by the running instruction cannot wait: it would only fault again.
    if (!info || is_synchronous_fault(sig, info) || (handler_flags & SA_RESETHAND)) return false;
    if (system_calls_restricted() || thread.deferred_count >= kMaxDeferredSignals) return false;
    DeferredSignal &slot = thread.deferred[thread.deferred_count];
    memcpy(slot.info, info, sizeof slot.info);
    __atomic_signal_fence(__ATOMIC_SEQ_CST);  // complete before a nested signal can see the count
    ++thread.deferred_count;
    return true;
}

void raise_deferred_signals(ThreadState &thread) {
    // Nothing is deferred while the thread is outside heisen, so the list stays still while it is
    // emptied; a signal delivered by one of the calls below runs its handler at once.
    DeferredSignal pending[kMaxDeferredSignals];
    const uint32_t count = thread.deferred_count;
    memcpy(pending, thread.deferred, count * sizeof(DeferredSignal));
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    thread.deferred_count = 0;
    const long process = raw_getpid(), self = raw_gettid();
    for (uint32_t i = 0; i < count; ++i) {
        siginfo_t info;
        memset(&info, 0, sizeof info);
        memcpy(&info, pending[i].info, sizeof pending[i].info);
        // Queued to this thread by itself, any si_code is allowed: the handler sees the sender's
        // siginfo as the kernel first delivered it.
        if (raw_syscall(SYS_rt_tgsigqueueinfo, process, self, info.si_signo, reinterpret_cast<long>(&info)) != 0)
            raw_syscall(SYS_tgkill, process, self, info.si_signo);
    }
}

void drop_deferred_signals(ThreadState &thread) { thread.deferred_count = 0; }

}  // namespace heisen::posix
