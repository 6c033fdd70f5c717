// deferred_signals.h — a signal that arrives while its thread is inside heisen waits until the
// thread leaves.
//
// Inside heisen a thread may hold what other threads wait for: the engine's graph lock, a lock
// table entry it is initialising. A handler that parked there — a garbage collector or profiler
// stopping the thread with sigsuspend until another thread resumes it — would leave that other
// thread spinning forever, and a handler that takes locks would find heisen's state mid-update.
// So the trampoline records the signal and returns at once; when the thread leaves heisen (within
// microseconds: nothing in there blocks) the signal is queued again to the same thread with its
// original siginfo (rt_tgsigqueueinfo), and the program's handler runs then, validated.
//
// Run at once instead (unvalidated, as a nested entry into heisen only keeps the books): a fault
// raised by an instruction inside heisen (it would fault again), a handler installed with
// SA_RESETHAND (the kernel has already reset it), more than kMaxDeferredSignals waiting at once,
// and anything after the program has entered seccomp (queueing a signal is a system call the
// filter may forbid).
#pragma once

#include <signal.h>

#include "thread_state.h"

namespace heisen::posix {

// Called by the trampoline for a signal that found `thread` inside heisen. True when the signal
// was recorded for later; false when the handler must run now.
bool defer_signal(ThreadState &thread, int sig, const siginfo_t *info, int handler_flags);

// In a fork child: the signals the forking thread deferred were its parent's, not the child's.
void drop_deferred_signals(ThreadState &thread);

}  // namespace heisen::posix
